/**
 * Planning without a road network (straight-line estimates) and in mixed mode (a network that
 * covers half of the territory), against brute-force references written here: every unit × site
 * pair computed directly, the exhaustive optimum over all k-subsets. Also the weight choice with
 * missing (NaN) values, and the k check.
 */
import { describe, expect, it } from 'vitest';
import { haversine } from '../../../../src/domain/geo.ts';
import { buildGraph, adjacency, multiSourceDijkstra, snapPoints, DEFAULT_FALLBACK, type EstimateParams, type RoadGraph } from '../../../../src/domain/routing/index.ts';
import {
  checkWeights,
  exhaustiveBest,
  optimise,
  optimiseCelf,
  optimiseGreedy,
  preparePlanning,
  refineSwap,
  setGain,
  type Candidate,
  type Demand,
  type FixedSite,
  type Objective,
  type OptimiseResult,
} from '../../../../src/domain/planning/index.ts';
import { randomSegments, rng } from '../routing/random_graph.ts';

const EST: EstimateParams = { detour: 1.4, speedKmh: 45 };
const est = (lon1: number, lat1: number, lon2: number, lat2: number, e = EST) => ((haversine(lon1, lat1, lon2, lat2) * e.detour) / 1000 / e.speedKmh) * 60;

interface Inst {
  demand: Demand;
  fixed: FixedSite[];
  candidates: Candidate[];
}

/** Units, fixed sites and candidates scattered over a ~25 × 10 km box, no graph (node -1). */
function straightInstance(seed: number, units = 120, candidates = 14, fixed = 2): Inst {
  const r = rng(seed);
  const lon = () => 2 + r() * 0.32;
  const lat = () => 46 + r() * 0.09;
  const demand: Demand = {
    node: new Int32Array(units).fill(-1),
    legMinutes: new Float64Array(units),
    lon: Float64Array.from({ length: units }, lon),
    lat: Float64Array.from({ length: units }, lat),
    population: Float64Array.from({ length: units }, () => Math.round(10 + r() * 500)),
    pop75: new Float64Array(units),
    need: new Float64Array(units),
  };
  for (let i = 0; i < units; i++) {
    demand.pop75[i] = Math.round(demand.population[i] * 0.12);
    demand.need[i] = Math.round(demand.population[i] * (0.1 + r() * 0.2));
  }
  return {
    demand,
    fixed: Array.from({ length: fixed }, (_, i) => ({ id: `f${i}`, node: -1, lon: lon(), lat: lat() })),
    candidates: Array.from({ length: candidates }, (_, i) => ({ id: `c${i}`, origin: 'chef_lieu' as const, commune: `${i}`, node: -1, lon: lon(), lat: lat() })),
  };
}

/** Brute-force time of every unit to every site (road when both snapped, else estimate). */
function pairTime(graph: RoadGraph | null, d: Demand, i: number, s: { node: number; legMinutes?: number; lon?: number; lat?: number }, roadFrom?: Float64Array): number {
  if (graph && d.node[i] >= 0 && s.node >= 0) return roadFrom![d.node[i]] + d.legMinutes[i];
  if (s.lon === undefined || s.lat === undefined || !d.lon || !d.lat) return Infinity;
  return est(d.lon[i], d.lat[i], s.lon, s.lat);
}

/** Reference objective of a set of candidates (brute force over every unit × site pair). */
function bruteObjective(graph: RoadGraph | null, inst: Inst, set: number[], objective: Objective, T: number, P: number): number {
  const { demand: d } = inst;
  const roadOf = (s: { node: number; legMinutes?: number }) =>
    graph && s.node >= 0 ? multiSourceDijkstra(adjacency(graph, 'to_sources'), { nodes: [s.node], offsets: [s.legMinutes ?? 0] }).time : undefined;
  const fixedRoad = inst.fixed.map(roadOf);
  const candRoad = set.map((c) => roadOf(inst.candidates[c]));
  let value = 0;
  for (let i = 0; i < d.node.length; i++) {
    const base = Math.min(Infinity, ...inst.fixed.map((s, j) => pairTime(graph, d, i, s, fixedRoad[j])));
    const best = Math.min(base, ...set.map((c, k) => pairTime(graph, d, i, inst.candidates[c], candRoad[k])));
    if (objective === 'coverage') value += base > T && best <= T ? d.need[i] : 0;
    else value += d.need[i] * (Math.min(base, P) - Math.min(best, P));
  }
  return value;
}

function* subsets(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  for (;;) {
    yield [...idx];
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
}

const SETTINGS = [
  { objective: 'coverage' as const, thresholdMinutes: 12, penaltyMinutes: 40 },
  { objective: 'p_median' as const, thresholdMinutes: 12, penaltyMinutes: 25 },
];

describe('optimiser without a road network (straight-line estimates)', () => {
  it('base times, reach lists and the optimum equal a brute force over every pair and every k-subset', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const inst = straightInstance(seed);
      for (const s of SETTINGS) {
        const p = preparePlanning(null, inst.demand, inst.fixed, inst.candidates, { ...s, estimate: EST });
        expect(p.method).toBe('vol_oiseau');
        // Base times: nearest fixed site by straight line.
        for (let i = 0; i < inst.demand.node.length; i++) {
          const ref = Math.min(...inst.fixed.map((f) => pairTime(null, inst.demand, i, f)));
          expect(p.base.unitTime[i]).toBeCloseTo(ref, 9);
          expect(p.unitMethod[i]).toBe(1);
        }
        // Reach lists: the documented rule, pair by pair.
        const cutoff = s.objective === 'coverage' ? s.thresholdMinutes : s.penaltyMinutes;
        const beyond = s.objective === 'coverage' ? s.thresholdMinutes : -Infinity;
        inst.candidates.forEach((c, ci) => {
          const expected: number[] = [];
          for (let i = 0; i < inst.demand.node.length; i++) {
            const t = pairTime(null, inst.demand, i, c);
            if (t <= cutoff && t < p.base.unitTime[i] && p.base.unitTime[i] > beyond) expected.push(i);
          }
          const got = Array.from(p.reach.units.subarray(p.reach.offsets[ci], p.reach.offsets[ci + 1])).sort((a, b) => a - b);
          expect(got).toEqual(expected);
        });
        for (const k of [1, 2, 3]) {
          let bruteBest = 0;
          for (const set of subsets(inst.candidates.length, k)) bruteBest = Math.max(bruteBest, bruteObjective(null, inst, set, s.objective, s.thresholdMinutes, s.penaltyMinutes));
          const best = exhaustiveBest(p, k);
          expect(bruteBest).toBeGreaterThan(0); // a non-trivial instance
          expect(best.gain).toBeCloseTo(bruteBest, 6);
          const refined = refineSwap(p, optimiseCelf(p, k));
          expect(setGain(p, refined.proposals.map((x) => x.index))).toBeCloseTo(bruteObjective(null, inst, refined.proposals.map((x) => x.index), s.objective, s.thresholdMinutes, s.penaltyMinutes), 6);
          expect(refined.totalGain).toBeLessThanOrEqual(bruteBest + 1e-6);
          expect(refined.totalGain).toBeGreaterThanOrEqual(0.9 * bruteBest);
          expect(optimiseCelf(p, k).proposals.map((x) => x.index)).toEqual(optimiseGreedy(p, k).proposals.map((x) => x.index));
        }
      }
    }
  });

  it('labels the result: method, estimate parameters, estimated units and the nearest existing site', () => {
    const inst = straightInstance(3);
    const r = optimise(null, inst.demand, inst.fixed, inst.candidates, { objective: 'coverage', thresholdMinutes: 12, k: 2, estimate: EST }) as OptimiseResult;
    expect(r.status).toBe('ok');
    expect(r.method).toBe('vol_oiseau');
    expect(r.estimate).toEqual(EST);
    const pop = inst.demand.population.reduce((a, b) => a + b, 0);
    expect(r.estimated).toEqual({ units: inst.demand.node.length, population: pop });
    expect(r.offGraph).toEqual({ units: inst.demand.node.length, population: pop, candidates: inst.candidates.length, fixed: inst.fixed.length });
    for (const prop of r.proposals) {
      const c = prop.candidate;
      const times = inst.fixed.map((f) => est(c.lon!, c.lat!, f.lon!, f.lat!));
      expect(prop.nearestExisting!.minutes).toBeCloseTo(Math.min(...times), 9);
      expect(prop.nearestExisting!.id).toBe(inst.fixed[times.indexOf(Math.min(...times))].id);
      expect(prop.nearestExisting!.method).toBe('vol_oiseau');
      expect(prop.newlyWithin.estimatedPopulation).toBe(prop.newlyWithin.population);
    }
  });

  it('uses the default detour and speed of routing/fallback.ts when none is given', () => {
    const inst = straightInstance(4);
    const p = preparePlanning(null, inst.demand, inst.fixed, inst.candidates, { objective: 'coverage', thresholdMinutes: 12 });
    expect(p.estimate).toEqual(DEFAULT_FALLBACK);
    const i = 0;
    const ref = Math.min(...inst.fixed.map((f) => est(inst.demand.lon![i], inst.demand.lat![i], f.lon!, f.lat!, DEFAULT_FALLBACK)));
    expect(p.base.unitTime[i]).toBeCloseTo(ref, 9);
  });
});

describe('optimiser with a network covering half of the territory (mixed mode)', () => {
  // Road network in the west half (lon 2–2.12); units, sites and candidates over lon 2–2.32.
  function mixedInstance(seed: number): Inst & { graph: RoadGraph } {
    const graph = buildGraph(randomSegments(300, seed));
    const inst = straightInstance(seed + 50, 150, 12, 3);
    const snap = (lon: number, lat: number) => snapPoints(graph, [{ lon, lat }], { maxSnapM: 800 });
    const d = inst.demand;
    for (let i = 0; i < d.node.length; i++) {
      const s = snap(d.lon![i], d.lat![i]);
      d.node[i] = s.node[0];
      d.legMinutes[i] = s.node[0] >= 0 ? s.legMinutes[0] : 0;
    }
    for (const site of [...inst.fixed, ...inst.candidates]) {
      const s = snap(site.lon!, site.lat!);
      site.node = s.node[0];
      site.legMinutes = s.node[0] >= 0 ? s.legMinutes[0] : 0;
    }
    return { ...inst, graph };
  }

  it('units off the network get the estimate (never Infinity), are counted apart, and the optimum equals the brute force', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const inst = mixedInstance(seed);
      const off = Array.from(inst.demand.node).filter((v) => v < 0).length;
      expect(off).toBeGreaterThan(30); // about half the units are off the network
      expect(off).toBeLessThan(inst.demand.node.length - 30);
      for (const s of SETTINGS) {
        const p = preparePlanning(inst.graph, inst.demand, inst.fixed, inst.candidates, { ...s, estimate: EST });
        expect(p.method).toBe('route');
        const fixedRoad = inst.fixed.map((f) =>
          f.node >= 0 ? multiSourceDijkstra(adjacency(inst.graph, 'to_sources'), { nodes: [f.node], offsets: [f.legMinutes ?? 0] }).time : undefined);
        let estimatedUnits = 0;
        for (let i = 0; i < inst.demand.node.length; i++) {
          const times = inst.fixed.map((f, j) => pairTime(inst.graph, inst.demand, i, f, fixedRoad[j]));
          const ref = Math.min(...times);
          expect(Number.isFinite(p.base.unitTime[i])).toBe(true);
          expect(p.base.unitTime[i]).toBeCloseTo(ref, 9);
          const roadOnly = Math.min(Infinity, ...inst.fixed.map((f, j) => (inst.demand.node[i] >= 0 && f.node >= 0 ? times[j] : Infinity)));
          const expectedMethod = inst.demand.node[i] < 0 || roadOnly > ref + 1e-9 ? 1 : 0;
          expect(p.unitMethod[i]).toBe(expectedMethod);
          estimatedUnits += expectedMethod;
        }
        expect(p.offGraph.units).toBe(off);
        const r = optimiseCelf(p, 2);
        expect(r.estimated.units).toBe(estimatedUnits);
        for (const k of [1, 2]) {
          let bruteBest = 0;
          for (const set of subsets(inst.candidates.length, k)) bruteBest = Math.max(bruteBest, bruteObjective(inst.graph, inst, set, s.objective, s.thresholdMinutes, s.penaltyMinutes));
          expect(bruteBest).toBeGreaterThan(0);
          expect(exhaustiveBest(p, k).gain).toBeCloseTo(bruteBest, 6);
        }
      }
    }
  });
});

describe('weights: explicit choice, missing values, refusal', () => {
  it('refuses (typed, in French) when the chosen weight is missing everywhere, and works with the population', () => {
    // The demo case: need unknown for every commune, people beyond the threshold.
    const inst = straightInstance(9);
    inst.demand.need.fill(NaN);
    const opts = { objective: 'coverage' as const, thresholdMinutes: 12, k: 3, estimate: EST };
    const refused = optimise(null, inst.demand, inst.fixed, inst.candidates, { ...opts, weight: 'need' });
    expect(refused.status).toBe('weight_missing');
    if (refused.status !== 'weight_missing') throw new Error('unreachable');
    expect(refused.units).toBe(inst.demand.node.length);
    expect(refused.alternatives).toContain('population');
    expect(refused.message).toMatch(/population/);
    expect(checkWeights(inst.demand, 'need')).toEqual(refused);
    const byPop = optimise(null, inst.demand, inst.fixed, inst.candidates, { ...opts, weight: 'population' }) as OptimiseResult;
    expect(byPop.status).toBe('ok');
    expect(byPop.proposals.length).toBeGreaterThan(0);
    expect(byPop.weight).toMatchObject({ choice: 'population', missingUnits: 0, warning: null });
    // need unknown: the people figures say so (NaN), never a silent 0.
    expect(byPop.proposals[0].newlyWithin.need).toBeNaN();
    expect(byPop.proposals[0].newlyWithin.population).toBeGreaterThan(0);
  });

  it('counts the units and people with a missing weight and offers the population', () => {
    const inst = straightInstance(10);
    const missing = [0, 5, 7];
    for (const i of missing) inst.demand.pop75[i] = NaN;
    const p = preparePlanning(null, inst.demand, inst.fixed, inst.candidates, { objective: 'coverage', thresholdMinutes: 12, weight: 'pop75', estimate: EST });
    expect(p.weightReport.missingUnits).toBe(3);
    expect(p.weightReport.missingPopulation).toBe(missing.reduce((a, i) => a + inst.demand.population[i], 0));
    expect(p.weightReport.warning).toMatch(/3 unités.*population comme poids/);
    for (const i of missing) expect(p.weight[i]).toBe(0);
    expect(p.weight[1]).toBe(inst.demand.pop75[1]);
  });

  it('validates k: an integer ≥ 1, else RangeError (k = 2.5 used to return 3 sites)', () => {
    const inst = straightInstance(11);
    const p = preparePlanning(null, inst.demand, inst.fixed, inst.candidates, { objective: 'p_median', thresholdMinutes: 12, penaltyMinutes: 25 });
    for (const k of [2.5, 0, -1, NaN, Infinity]) {
      expect(() => optimiseCelf(p, k)).toThrow(RangeError);
      expect(() => optimiseGreedy(p, k)).toThrow(RangeError);
      expect(() => optimise(null, inst.demand, inst.fixed, inst.candidates, { objective: 'coverage', k })).toThrow(RangeError);
    }
    expect(optimiseCelf(p, 2).proposals.length).toBeLessThanOrEqual(2);
  });
});
