import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../../src/domain/routing/graph.ts';
import {
  applyScenario,
  busStops,
  createScenarioEngine,
  fullUnitTimes,
  keyFigures,
  presence,
  type Demand,
  type Scenario,
  type ScenarioSite,
} from '../../../../src/domain/planning/index.ts';
import { rng, segments } from '../routing/random_graph.ts';
import { randomInstance } from './helpers.ts';

describe('scenario (incremental what-if)', () => {
  it('equals a full recomputation exactly on random scenarios (adds, moves, removals, bus stops)', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const inst = randomInstance(seed, { nodes: 500, units: 300 });
      const r = rng(seed + 100);
      const pick = () => Math.floor(r() * inst.graph.nodeCount);
      const base: ScenarioSite[] = Array.from({ length: 6 }, (_, i) => ({
        id: `s${i}`,
        kind: 'france_services',
        fsType: i < 4 ? 'principal' : 'antenne',
        node: pick(),
        legMinutes: r(),
        daysPerWeek: i === 5 ? 3 : 5,
      }));
      const engine = createScenarioEngine(inst.graph, inst.demand, base, { thresholdMinutes: 4 });
      const scenario: Scenario = {
        removed: ['s1', 'nope'],
        moved: [{ id: 's2', node: pick(), legMinutes: 0.5 }],
        added: [
          { id: 'n1', kind: 'mediatheque', node: pick() },
          ...busStops({ id: 'bus', stops: [1, 2, 4].map((d) => ({ node: pick(), daysPerWeek: d })) }),
        ],
      };
      const res = applyScenario(engine, scenario);
      expect(res.unknownIds).toEqual(['nope']);
      const full = fullUnitTimes(inst.graph, inst.demand, engine.sites, engine.active, 4);
      expect(res.unitsAfter.minutes).toEqual(full.minutes);
      expect(res.unitsAfter.served).toEqual(full.served);
      expect(res.after).toEqual(keyFigures(inst.demand, full, 4));
      // before = full recomputation on the base sites
      const fullBefore = fullUnitTimes(inst.graph, inst.demand, base, base.map(() => true), 4);
      expect(res.before).toEqual(keyFigures(inst.demand, fullBefore, 4));
      for (const g of res.gained) expect(g.minutesAfter < g.minutesBefore || g.servedAfter > g.servedBefore).toBe(true);
      // a second scenario chained on the same engine stays exact
      const res2 = applyScenario(engine, { removed: ['bus#2', 'n1'] });
      const full2 = fullUnitTimes(inst.graph, inst.demand, engine.sites, engine.active, 4);
      expect(res2.unitsAfter.minutes).toEqual(full2.minutes);
      expect(res2.unitsAfter.served).toEqual(full2.served);
      expect(res2.before).toEqual(res.after);
    }
  });

  it('weights bus stops by their presence days (hand-computed example)', () => {
    // Line 0 — 1 — 2 — 3 — 4, each edge 1,000 m at 60 km/h = exactly 1 min. One unit of 100
    // people (10 aged 75+, 20 needing help) on each node, no access leg. Threshold T = 1.5 min.
    const graph = buildGraph(
      segments(
        [[2, 46], [2.01, 46], [2.02, 46], [2.03, 46], [2.04, 46]],
        [[0, 1, 1000, 60, 0], [1, 2, 1000, 60, 0], [2, 3, 1000, 60, 0], [3, 4, 1000, 60, 0]],
      ),
      { contract: false },
    );
    const demand: Demand = {
      node: Int32Array.from([0, 1, 2, 3, 4]),
      legMinutes: new Float64Array(5),
      population: new Float64Array(5).fill(100),
      pop75: new Float64Array(5).fill(10),
      need: new Float64Array(5).fill(20),
    };
    const base: ScenarioSite[] = [{ id: 'fs', kind: 'france_services', fsType: 'principal', node: 0 }];
    const engine = createScenarioEngine(graph, demand, base, { thresholdMinutes: 1.5 });
    const bus = busStops({ id: 'bus', stops: [{ node: 4, daysPerWeek: 2 }] });
    expect(presence(bus[0])).toBe(0.4);
    const res = applyScenario(engine, { added: bus });
    // Before: times 0, 1, 2, 3, 4; served 1, 1, 0, 0, 0 → beyond = 3 × 100 = 300, mean = 10/5 = 2.
    expect(res.before.populationBeyond).toBe(300);
    expect(res.before.meanMinutes).toBe(2);
    // After: times 0, 1, 2, 1, 0 (bus stop at node 4);
    // served: u0 = 1, u1 = 1, u2 = 0 (2 min to both), u3 = u4 = 2/5 = 0.4 (only the bus within 1.5 min)
    // → beyond = 0 + 0 + 100 + 100 × 0.6 + 100 × 0.6 = 220; 75+: 10 + 6 + 6 = 22; need: 20 + 12 + 12 = 44.
    expect(res.after.populationBeyond).toBeCloseTo(220, 10);
    expect(res.after.pop75Beyond).toBeCloseTo(22, 10);
    expect(res.after.needBeyond).toBeCloseTo(44, 10);
    // Mean time ignores presence: (0 + 1 + 2 + 1 + 0) / 5 = 0.8 min.
    expect(res.after.meanMinutes).toBeCloseTo(0.8, 10);
    expect(res.gained.map((g) => [g.unit, g.minutesBefore, g.minutesAfter, g.servedAfter])).toEqual([
      [3, 3, 1, 0.4],
      [4, 4, 0, 0.4],
    ]);
    expect(res.lost).toEqual([]);
    // A permanent site beats a bus stop: moving the principal site to node 4 serves u4 fully.
    const res2 = applyScenario(engine, { moved: [{ id: 'fs', node: 4 }] });
    expect(res2.unitsAfter.served[4]).toBe(1);
    expect(res2.unitsAfter.served[0]).toBe(0);
    expect(res2.lost.map((l) => l.unit)).toEqual([0, 1]);
  });
});
