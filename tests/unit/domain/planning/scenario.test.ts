import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../../src/domain/routing/graph.ts';
import { snapPoints } from '../../../../src/domain/routing/index.ts';
import {
  ScenarioSession,
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

describe('scenario without a road network, and in mixed mode', () => {
  const EST = { detour: 1.5, speedKmh: 50 };

  it('hand-computed figures on a line of units (straight line × 1.5 at 50 km/h)', () => {
    // Units at 0, 10, 20, 30 km north of the site (along a meridian, where the haversine distance
    // is exactly R × Δlat), 100 people each, 75+ unknown for unit 3. T = 20 min = 11.1 km of
    // straight line at × 1.5 and 50 km/h.
    const pts = [0, 10, 20, 30].map((km) => ({ lon: 2, lat: 46 + km / 111.19492664455873 }));
    const demand: Demand = {
      node: new Int32Array(4).fill(-1),
      legMinutes: new Float64Array(4),
      lon: Float64Array.from(pts, (p) => p.lon),
      lat: Float64Array.from(pts, (p) => p.lat),
      population: Float64Array.of(100, 100, 100, 100),
      pop75: Float64Array.of(10, 10, 10, NaN),
      need: new Float64Array(4).fill(NaN),
    };
    const base: ScenarioSite[] = [{ id: 'fs', kind: 'france_services', node: -1, ...pts[0] }];
    const session = new ScenarioSession(null, demand, base, { thresholdMinutes: 20, estimate: EST });
    // Before: times 0, 18, 36, 54 min (10 km × 1.5 = 15 km at 50 km/h = 18 min): units 2 and 3 beyond.
    expect(Array.from(session.base.minutes, (m) => Math.round(m * 1e6) / 1e6)).toEqual([0, 18, 36, 54]);
    expect(session.baseFigures.populationBeyond).toBe(200);
    expect(session.baseFigures.pop75Beyond).toBe(10); // unit 3 unknown: skipped and counted
    expect(session.baseFigures.missing).toEqual({ population: 0, pop75: 1, need: 4 });
    expect(session.baseFigures.needBeyond).toBeNaN(); // unknown everywhere, not 0
    expect(session.baseFigures.estimatedUnits).toBe(4);
    expect(session.baseFigures.meanMinutes).toBeCloseTo(27, 9);
    // Add a site at 30 km: times 0, 18, 18, 0 → nobody beyond; gained = units 3 then 2 (equal population: by index).
    const r = session.update({ added: [{ id: 'new', kind: 'france_services', node: -1, ...pts[3] }] });
    expect(r.method).toBe('vol_oiseau');
    expect(r.estimate).toEqual(EST);
    expect(r.after.populationBeyond).toBe(0);
    expect(r.before.populationBeyond).toBe(200);
    expect(r.gained.map((g) => g.unit)).toEqual([2, 3]);
    expect(r.after.meanMinutes).toBeCloseTo(9, 9);
    expect(Array.from(r.unitsAfter.method)).toEqual([1, 1, 1, 1]);
    // Drag it to 20 km: a move = one removal + one addition, no rebuild. Times 0, 18, 0, 18.
    const r2 = session.update({ added: [{ id: 'new', kind: 'france_services', node: -1, ...pts[2] }] });
    expect(r2.stats).toMatchObject({ removedSites: 1, addedSites: 1 });
    expect(Array.from(r2.unitsAfter.minutes, (m) => Math.round(m * 1e6) / 1e6)).toEqual([0, 18, 0, 18]);
    // Remove the base site: times 36, 18, 0, 18 → unit 0 beyond, and it is "lost".
    const r3 = session.update({ added: [{ id: 'new', kind: 'france_services', node: -1, ...pts[2] }], removed: ['fs', 'nope'] });
    expect(r3.unknownIds).toEqual(['nope']);
    expect(r3.stats).toMatchObject({ removedSites: 1, addedSites: 0 });
    expect(r3.after.populationBeyond).toBe(100);
    expect(r3.lost.map((l) => l.unit)).toEqual([0]);
  });

  /** Random instance with coordinates; `graph` null (straight only) or a network in the west half. */
  function instance(seed: number, withGraph: boolean) {
    const inst = randomInstance(seed, { nodes: 400, units: 250 });
    const r = rng(seed + 300);
    const n = inst.demand.node.length;
    const lon = Float64Array.from({ length: n }, () => 2 + r() * 0.24);
    const lat = Float64Array.from({ length: n }, () => 46 + r() * 0.09);
    const snap = (x: number, y: number) => snapPoints(inst.graph, [{ lon: x, lat: y }], { maxSnapM: 700 });
    const demand: Demand = { ...inst.demand, lon, lat, node: new Int32Array(n).fill(-1), legMinutes: new Float64Array(n) };
    if (withGraph) {
      for (let i = 0; i < n; i++) {
        const s = snap(lon[i], lat[i]);
        demand.node[i] = s.node[0];
        demand.legMinutes[i] = s.node[0] >= 0 ? s.legMinutes[0] : 0;
      }
    }
    const site = (id: string, days = 5): ScenarioSite => {
      const x = 2 + r() * 0.24, y = 46 + r() * 0.09;
      const s = withGraph ? snap(x, y) : null;
      return { id, kind: 'france_services', node: s ? s.node[0] : -1, legMinutes: s && s.node[0] >= 0 ? s.legMinutes[0] : 0, lon: x, lat: y, daysPerWeek: days };
    };
    return { graph: withGraph ? inst.graph : null, demand, site };
  }

  for (const withGraph of [false, true]) {
    it(`a session equals a full recomputation after every update (${withGraph ? 'network covering half the points' : 'no network'})`, () => {
      for (let seed = 1; seed <= 4; seed++) {
        const { graph, demand, site } = instance(seed, withGraph);
        if (withGraph) {
          const off = Array.from(demand.node).filter((v) => v < 0).length;
          expect(off).toBeGreaterThan(50);
          expect(off).toBeLessThan(200);
        }
        const base = Array.from({ length: 6 }, (_, i) => site(`s${i}`, i === 5 ? 2 : 5));
        const session = new ScenarioSession(graph, demand, base, { thresholdMinutes: 6, estimate: EST });
        const check = (res: ReturnType<ScenarioSession['update']> | null) => {
          const e = session.engine;
          const full = fullUnitTimes(graph, demand, e.sites, e.active, 6, undefined, EST);
          const got = res ? res.unitsAfter : session.base;
          expect(got.minutes).toEqual(full.minutes);
          expect(got.served).toEqual(full.served);
          expect(got.method).toEqual(full.method);
          for (let i = 0; i < demand.node.length; i++) {
            expect(Number.isFinite(got.minutes[i])).toBe(true); // nobody left grey
            if (demand.node[i] < 0) expect(got.method[i]).toBe(1);
          }
          if (res) expect(res.after).toEqual(keyFigures(demand, full, 6));
        };
        check(null);
        const a = site('a');
        const bus = busStops({ id: 'bus', stops: [1, 3].map((d) => ({ ...site('x', d), daysPerWeek: d })) as never });
        let added: ScenarioSite[] = [a, ...bus];
        check(session.update({ added, removed: ['s1'] }));
        // Drag 'a' in 5 steps, move a base site, put s1 back, remove the bus.
        for (let step = 0; step < 5; step++) {
          added = [{ ...site('a'), id: 'a' }, ...bus];
          const res = session.update({ added, removed: ['s1'], moved: [{ id: 's2', ...(({ node, legMinutes, lon, lat }) => ({ node, legMinutes, lon, lat }))(site('m')) }] });
          expect(res.stats.removedSites).toBeGreaterThanOrEqual(1);
          check(res);
        }
        check(session.update({ added: [added[0]] }));
        const res = session.update({ added: [] });
        // Back to the base: nothing gained, nothing lost.
        expect(res.unitsAfter.minutes).toEqual(session.base.minutes);
        expect(res.gained).toEqual([]);
        expect(res.lost).toEqual([]);
      }
    });
  }
});
