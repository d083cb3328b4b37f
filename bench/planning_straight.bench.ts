/**
 * The optimiser WITHOUT a road network (straight-line estimates, planning/straight.ts) on the
 * instance of planning.bench.ts: 50,000 demand cells and 5,000 candidates placed on the nodes of
 * the synthetic département (their coordinates only, node -1), 25 fixed sites, k = 10.
 * Timed: base times (kd-tree nearest) + reach lists (one kd-tree radius query per candidate) +
 * CELF, then the swap pass. Also the mixed case: the same instance with the road graph, the
 * cells of the eastern third taken off it (node -1: estimated).
 * Run: npm run bench planning_straight (machine shared: read medians).
 * Result (2 vCPUs shared, load 11–13, one run of 3 repetitions, medians): coverage T=20 3.1 s
 * (2.96 M list entries), T=30 1.2 s, p-median P=60 9.3 s (8.7 M entries; 107 s with a plain
 * kd-tree radius query per candidate before the cell bounds), mixed (a third off the network)
 * coverage T=20 4.7 s. Nearly all of it is writing the lists (output-bound); CELF takes 0.1–0.2 s.
 */
import { bench, report, round } from './harness.ts';
import { departementSegments, rng } from './planning.bench.ts';
import { buildGraph } from '../src/domain/routing/index.ts';
import { optimiseCelf, preparePlanning, refineSwap, type Candidate, type Demand, type FixedSite, type PlanningOptions } from '../src/domain/planning/index.ts';

export default async function run(): Promise<void> {
  const graph = buildGraph(departementSegments(448));
  const r = rng(11);
  const pick = () => Math.floor(r() * graph.nodeCount);
  const U = 50_000;
  const unitNode = Int32Array.from({ length: U }, pick);
  const demand: Demand = {
    node: new Int32Array(U).fill(-1),
    legMinutes: new Float64Array(U),
    lon: Float64Array.from(unitNode, (v) => graph.lon[v]),
    lat: Float64Array.from(unitNode, (v) => graph.lat[v]),
    population: new Float64Array(U), pop75: new Float64Array(U), need: new Float64Array(U),
  };
  for (let i = 0; i < U; i++) {
    const pop = r() < 0.05 ? 200 + r() * 2000 : r() * 60;
    demand.population[i] = Math.round(pop);
    demand.pop75[i] = Math.round(pop * 0.1);
    demand.need[i] = Math.round(pop * 0.18);
  }
  const at = (v: number) => ({ node: -1, lon: graph.lon[v], lat: graph.lat[v] });
  const fixedNodes = Array.from({ length: 25 }, pick);
  const candNodes = Array.from({ length: 5000 }, pick);
  const fixed: FixedSite[] = fixedNodes.map((v, i) => ({ id: `fs${i}`, ...at(v) }));
  const candidates: Candidate[] = candNodes.map((v, i) => ({ id: `c${i}`, origin: 'chef_lieu', commune: `${i}`, ...at(v) }));
  report({ bench: 'planning_straight.instance', units: U, candidates: candidates.length, fixed: fixed.length });
  const settings: [string, PlanningOptions][] = [
    ['coverage T=20', { objective: 'coverage', thresholdMinutes: 20 }],
    ['coverage T=30', { objective: 'coverage', thresholdMinutes: 30 }],
    ['p_median P=60', { objective: 'p_median', thresholdMinutes: 30, penaltyMinutes: 60 }],
  ];
  for (const [label, opts] of settings) {
    let prep = preparePlanning(null, demand, fixed, candidates, opts);
    let celf = optimiseCelf(prep, 10);
    await bench(`planning_straight.optimise ${label} (prepare + CELF, k=10), no network`, () => {
      prep = preparePlanning(null, demand, fixed, candidates, opts);
      celf = optimiseCelf(prep, 10);
    }, { runs: 3, extra: { list_entries: prep.reach.units.length, picked: celf.proposals.length, newly_within_T: round(celf.proposals.reduce((s, x) => s + x.newlyWithin.population, 0), 0) } });
    await bench(`planning_straight.swap ${label}`, () => refineSwap(prep, celf), { runs: 1 });
  }
  // Mixed: road graph, the eastern third of the cells and candidates off it.
  let x0 = Infinity, x1 = -Infinity;
  for (const x of graph.lon) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
  }
  const east = (v: number) => graph.lon[v] > x0 + (2 * (x1 - x0)) / 3;
  const mixed: Demand = { ...demand, node: Int32Array.from(unitNode, (v) => (east(v) ? -1 : v)), legMinutes: Float64Array.from(unitNode, () => 0.5) };
  const fixedMixed = fixedNodes.map((v, i) => ({ ...fixed[i], node: east(v) ? -1 : v, legMinutes: 0.5 }));
  const candMixed = candNodes.map((v, i) => ({ ...candidates[i], node: east(v) ? -1 : v, legMinutes: 0.5 }));
  const opts: PlanningOptions = { objective: 'coverage', thresholdMinutes: 20 };
  let prep = preparePlanning(graph, mixed, fixedMixed, candMixed, opts);
  await bench('planning_straight.optimise coverage T=20 (prepare + CELF, k=10), mixed: eastern third off the network', () => {
    prep = preparePlanning(graph, mixed, fixedMixed, candMixed, opts);
    optimiseCelf(prep, 10);
  }, { runs: 3, extra: { units_off_network: prep.offGraph.units, estimated_units: Array.from(prep.unitMethod).filter((m) => m === 1).length } });
}
