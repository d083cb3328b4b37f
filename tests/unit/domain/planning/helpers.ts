/** Random planning instances on the routing tests' random road networks. */
import { buildGraph, type RoadGraph } from '../../../../src/domain/routing/graph.ts';
import type { Candidate, Demand, FixedSite } from '../../../../src/domain/planning/types.ts';
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
