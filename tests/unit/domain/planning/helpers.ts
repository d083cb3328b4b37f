/** Random planning instances on the routing tests' random road networks. */
import { buildGraph, type RoadGraph } from '../../../../src/domain/routing/graph.ts';
import loadHighs from 'highs';
import type { Candidate, Demand, FixedSite } from '../../../../src/domain/planning/types.ts';
import type { Objective } from '../../../../src/domain/planning/index.ts';
import type { HighsLike } from '../../../../src/domain/planning/exact.ts';
import { randomSegments, rng } from '../routing/random_graph.ts';

export interface Instance {
  graph: RoadGraph;
  demand: Demand;
  fixed: FixedSite[];
  candidates: Candidate[];
}

export function randomInstance(seed: number, opts: { nodes?: number; units?: number; candidates?: number; fixed?: number } = {}): Instance {
  const graph = buildGraph(randomSegments(opts.nodes ?? 400, seed));
  const r = rng(seed * 7919 + 1);
  const pick = () => Math.floor(r() * graph.nodeCount);
  const nu = opts.units ?? 200;
  const demand: Demand = {
    node: Int32Array.from({ length: nu }, () => (r() < 0.03 ? -1 : pick())),
    legMinutes: Float64Array.from({ length: nu }, () => r() * 2),
    population: Float64Array.from({ length: nu }, () => Math.round(10 + r() * 500)),
    pop75: new Float64Array(nu),
    need: new Float64Array(nu),
  };
  for (let i = 0; i < nu; i++) {
    demand.pop75[i] = Math.round(demand.population[i] * (0.05 + r() * 0.15));
    demand.need[i] = Math.round(demand.population[i] * (0.1 + r() * 0.2));
  }
  const fixed: FixedSite[] = Array.from({ length: opts.fixed ?? 2 }, (_, i) => ({ id: `fs${i}`, node: pick(), legMinutes: r() }));
  const candidates: Candidate[] = Array.from({ length: opts.candidates ?? 30 }, (_, i) => ({
    id: `c${i}`,
    origin: (['chef_lieu', 'mediatheque', 'point_numerique', 'clic'] as const)[i % 4],
    commune: `${10000 + i}`,
    node: pick(),
    legMinutes: r() * 1.5,
  }));
  return { graph, demand, fixed, candidates };
}

/**
 * Coverage-style instance without a road graph (straight-line times): `cells` 1 km grid cells,
 * people clustered in `towns` (Gaussian, heavy-tailed sizes) over a rural background, candidates
 * and fixed sites jittered around random cells. Issue 17's hard case: the swap pass stalls on it.
 */
export function gridInstance(seed: number, o: { cells?: number; candidates?: number; fixed?: number; towns?: number } = {}): Omit<Instance, 'graph'> & { graph: null } {
  const r = rng(seed * 104729 + 7);
  const n = o.cells ?? 3000;
  const W = Math.round(Math.sqrt(n * 1.2)), H = Math.ceil(n / W);
  const kmLon = 1 / (111.32 * Math.cos((46 * Math.PI) / 180)), kmLat = 1 / 110.57;
  const towns = Array.from({ length: o.towns ?? 40 }, () => ({ x: r() * W, y: r() * H, size: 200 + r() ** 3 * 8000, spread: 0.8 + r() * 2.5 }));
  const lon = new Float64Array(n), lat = new Float64Array(n), pop = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = (i % W) + 0.5, y = Math.floor(i / W) + 0.5;
    lon[i] = 2 + x * kmLon; lat[i] = 46 + y * kmLat;
    let v = r() * 40;
    for (const t of towns) v += t.size * Math.exp(-((x - t.x) ** 2 + (y - t.y) ** 2) / (2 * t.spread ** 2)) / (2 * Math.PI * t.spread ** 2);
    pop[i] = Math.round(v);
  }
  const demand: Demand = { node: new Int32Array(n).fill(-1), legMinutes: new Float64Array(n), lon, lat, population: pop, pop75: pop.map((v) => Math.round(v * 0.1)), need: pop.map((v) => Math.round(v * 0.18)) };
  const at = (i: number) => ({ node: -1, lon: lon[i] + (r() - 0.5) * kmLon * 0.8, lat: lat[i] + (r() - 0.5) * kmLat * 0.8 });
  const fixed: FixedSite[] = Array.from({ length: o.fixed ?? 3 }, (_, j) => ({ id: `f${j}`, ...at(Math.floor(r() * n)) }));
  const candidates: Candidate[] = Array.from({ length: o.candidates ?? 500 }, (_, j) => ({ id: `c${j}`, origin: 'chef_lieu', commune: `${j}`, ...at(Math.floor(r() * n)) }));
  return { graph: null, demand, fixed, candidates };
}

/** The two objectives as the small random instances are checked (threshold and penalty in minutes). */
export const SETTINGS: { objective: Objective; thresholdMinutes: number; penaltyMinutes: number }[] = [
  { objective: 'coverage', thresholdMinutes: 4, penaltyMinutes: 20 },
  { objective: 'p_median', thresholdMinutes: 4, penaltyMinutes: 12 },
];

/** HiGHS compiled to WebAssembly, loaded in Node as the solver worker loads it in the browser. */
export async function loadSolver(): Promise<HighsLike> {
  return (await loadHighs()) as unknown as HighsLike;
}
