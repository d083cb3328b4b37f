import { describe, expect, it } from 'vitest';
import {
  adjacency, aggregate, aggregateByGroup, buildGraph, directLegMinutes, isochrones, multiSourceDijkstra,
  nearestStraightLine, pointTimes, snapPoints, straightLineMinutes, DETOUR_METHOD_FR,
} from '../../../../src/domain/routing/index.ts';
import { randomSegments } from './random_graph.ts';

const g = buildGraph(randomSegments(600, 21, 0.1));
const at = (v: number) => ({ lon: g.lon[v], lat: g.lat[v] });

describe('snapping and access legs', () => {
  it('snaps to the nearest node and lists points beyond the max distance', () => {
    const pts = [at(5), { lon: g.lon[5] + 0.0005, lat: g.lat[5] }, { lon: 10, lat: 50 }];
    const s = snapPoints(g, pts);
    expect(s.node[0]).toBe(5);
    expect(s.legMinutes[0]).toBe(0);
    expect(s.distanceM[1]).toBeLessThan(40);
    expect(s.tooFar).toEqual([2]);
    expect(s.node[2]).toBe(-1);
    expect(s.legMinutes[1]).toBeCloseTo((s.distanceM[1] * 1.3) / 1000 / 20 * 60, 4);
  });

  it('a population point located on a help point gets ≈ 0, even off the network', () => {
    const site = { lon: g.lon[9] + 0.003, lat: g.lat[9] + 0.002 };
    const sites = snapPoints(g, [site]);
    const res = multiSourceDijkstra(adjacency(g, 'to_sources'), { nodes: sites.node, offsets: sites.legMinutes });
    const pop = [site, at(100)];
    const snapped = snapPoints(g, pop);
    const times = pointTimes(res, snapped, directLegMinutes(pop, [site]));
    expect(times[0]).toBe(0);
    expect(times[1]).toBe(res.time[100]);
    // without the direct leg the time is twice the access leg
    expect(pointTimes(res, snapped)[0]).toBeCloseTo(2 * sites.legMinutes[0], 9);
  });
});

describe('aggregation', () => {
  it('population-weighted mean, population beyond thresholds, per group', () => {
    const times = Float64Array.from([5, 16, 25, 50, Infinity]);
    const pop = [100, 200, 300, 400, 10];
    const a = aggregate(times, pop);
    expect(a.population).toBe(1010);
    expect(a.reachedPopulation).toBe(1000);
    expect(a.meanMinutes).toBeCloseTo((5 * 100 + 16 * 200 + 25 * 300 + 50 * 400) / 1000, 9);
    expect(a.beyond).toEqual({ 15: 910, 20: 710, 30: 410, 45: 410 });
    const byCommune = aggregateByGroup(times, pop, ['A', 'A', 'B', 'B', 'B']);
    expect(byCommune.get('A')!.meanMinutes).toBeCloseTo((500 + 3200) / 300, 9);
    expect(byCommune.get('B')!.unreachedPopulation).toBe(10);
  });
});

describe('straight-line fallback', () => {
  it('haversine × the default detour (1.5, measured: see fallback.ts) ÷ 50 km/h, flagged vol_oiseau; parameters settable', () => {
    const t = straightLineMinutes(2, 46, 2, 46.1);
    expect(t.estimate).toBe('vol_oiseau');
    expect(t.minutes).toBeCloseTo((11119.5 * 1.5) / 1000 / 50 * 60, 1);
    expect(straightLineMinutes(2, 46, 2, 46.1, { detour: 1.3, speedKmh: 60 }).minutes).toBeCloseTo((11119.5 * 1.3) / 1000 / 60 * 60, 1);
    expect(() => straightLineMinutes(2, 46, 2, 46.1, { speedKmh: 0 })).toThrow(RangeError);
    expect(DETOUR_METHOD_FR).toMatch(/1,5/);
    expect(DETOUR_METHOD_FR).toMatch(/relief/);
    const n = nearestStraightLine([{ lon: 2, lat: 46 }], [{ lon: 3, lat: 46 }, { lon: 2, lat: 46.05 }]);
    expect(n.nearest[0]).toBe(1);
  });
});

describe('isochrones', () => {
  it('nested MultiPolygons in lon/lat around the source', () => {
    const res = multiSourceDijkstra(adjacency(g, 'to_sources'), { nodes: [0] });
    const fc = isochrones(g.lon, g.lat, res.time, { thresholds: [5, 10, 15] });
    expect(fc.features.map((f) => f.properties.minutes)).toEqual([5, 10, 15]);
    const ringPoints = (i: number) => fc.features[i].geometry.coordinates.flat(2);
    expect(ringPoints(0).length).toBeGreaterThan(0);
    for (const [lon, lat] of ringPoints(2)) {
      expect(lon).toBeGreaterThan(1.9);
      expect(lon).toBeLessThan(2.25);
      expect(lat).toBeGreaterThan(45.9);
      expect(lat).toBeLessThan(46.2);
    }
    // the source node lies inside the smallest isochrone's bbox
    const pts = ringPoints(0);
    const lons = pts.map((p) => p[0]), lats = pts.map((p) => p[1]);
    expect(g.lon[0]).toBeGreaterThan(Math.min(...lons));
    expect(g.lon[0]).toBeLessThan(Math.max(...lons));
    expect(g.lat[0]).toBeGreaterThan(Math.min(...lats));
    expect(g.lat[0]).toBeLessThan(Math.max(...lats));
  });
  it('no reached node → empty geometries', () => {
    const fc = isochrones(g.lon, g.lat, new Float64Array(g.nodeCount).fill(Infinity));
    expect(fc.features.every((f) => f.geometry.coordinates.length === 0)).toBe(true);
  });
});
