import { describe, expect, it } from 'vitest';
import { adjacency, buildGraph, multiSourceDijkstra, routePolyline, segmentMinutes, TIME_QUANTUM } from '../../../../src/domain/routing/index.ts';
import { referenceDijkstra } from '../../../helpers/reference_dijkstra.ts';
import { randomSegments, segments } from './random_graph.ts';

// 0 ↔ 1 ↔ 2 → 3 → 4 → 0 (1 km each at 60 km/h = 1 min), a spur 3 ↔ 8, plus 5 → 0 (one-way in) and an island 6 ↔ 7.
const small = () =>
  segments(
    [[2, 46], [2.01, 46], [2.02, 46], [2.02, 46.01], [2.01, 46.01], [2, 46.02], [3, 47], [3.01, 47], [2.03, 46.01]],
    [
      [0, 1, 1000, 60, 0],
      [1, 2, 1000, 60, 0],
      [2, 3, 1000, 60, 1],
      [4, 3, 1000, 60, -1],
      [4, 0, 1000, 60, 1],
      [5, 0, 1000, 60, 1],
      [6, 7, 1000, 60, 0],
      [3, 8, 1000, 60, 0],
    ],
  );

const keptId = (g: ReturnType<typeof buildGraph>, input: number) => Array.from(g.inputNode).indexOf(input);

describe('buildGraph', () => {
  it('drops the non-largest strongly connected components and reports them', () => {
    const g = buildGraph(small());
    expect(g.report).toMatchObject({ nodesIn: 9, edgesIn: 12, droppedComponents: 2, droppedNodes: 3, nodesKept: 4, edgesKept: 6, contractedNodes: 2 });
    expect(g.report.kmOfRoad).toBeCloseTo(6, 9);
  });

  it('contracts degree-2 chains keeping one-way semantics (A→B ≠ B→A)', () => {
    const g = buildGraph(small());
    const [a, b] = [keptId(g, 0), keptId(g, 3)];
    const fwd = multiSourceDijkstra(adjacency(g, 'from_sources'), { nodes: [a] });
    const back = multiSourceDijkstra(adjacency(g, 'from_sources'), { nodes: [b] });
    expect(fwd.time[b]).toBe(3 * segmentMinutes(1000, 60)); // 0→1→2→3
    expect(back.time[a]).toBe(2 * segmentMinutes(1000, 60)); // 3→4→0
    // 'to_sources' = time to reach the source: time from 3 to 0 is 2 min.
    const to = multiSourceDijkstra(adjacency(g, 'to_sources'), { nodes: [a] });
    expect(to.time[b]).toBe(2 * segmentMinutes(1000, 60));
  });

  it('keeps every node without contraction', () => {
    const g = buildGraph(small(), { contract: false });
    expect(g.report.nodesKept).toBe(6);
    expect(g.report.edgesKept).toBe(9);
  });

  it('quantises segment times to strictly positive multiples of the quantum', () => {
    expect(segmentMinutes(0, 50)).toBe(TIME_QUANTUM);
    expect(segmentMinutes(1000, 60) / TIME_QUANTUM).toBe(Math.round(segmentMinutes(1000, 60) / TIME_QUANTUM));
  });

  it('expands contracted chains in the route polyline', () => {
    const g = buildGraph(small());
    const res = multiSourceDijkstra(adjacency(g, 'to_sources'), { nodes: [keptId(g, 0)] }, { withPred: true });
    const route = routePolyline(g, res, 'to_sources', keptId(g, 3))!;
    expect(route.coordinates).toEqual([[2.02, 46.01], [2.01, 46.01], [2, 46]]);
    expect(route.minutes).toBe(2 * segmentMinutes(1000, 60));
    expect(route.lengthM).toBe(2000);
    const res2 = multiSourceDijkstra(adjacency(g, 'from_sources'), { nodes: [keptId(g, 0)] }, { withPred: true });
    expect(routePolyline(g, res2, 'from_sources', keptId(g, 3))!.coordinates).toEqual([[2, 46], [2.01, 46], [2.02, 46], [2.02, 46.01]]);
  });
});

describe.each([
  { seed: 1, n: 300, oneway: 0.2 },
  { seed: 2, n: 500, oneway: 0.4 },
  { seed: 3, n: 200, oneway: 0 },
  { seed: 4, n: 800, oneway: 0.3 },
])('multiSourceDijkstra vs reference on random graph $seed', ({ seed, n, oneway }) => {
  const seg = randomSegments(n, seed, oneway);
  for (const direction of ['to_sources', 'from_sources'] as const) {
    it(`${direction}: equal times on kept nodes, contracted or not`, () => {
      for (const contract of [true, false]) {
        const g = buildGraph(seg, { contract });
        const srcKept = [0, 7, 42].filter((i) => i < g.nodeCount);
        const offsets = [0, 1.25, 3.5];
        const res = multiSourceDijkstra(adjacency(g, direction), { nodes: srcKept, offsets });
        const ref = referenceDijkstra(seg, direction, srcKept.map((k, i) => ({ node: g.inputNode[k], offset: offsets[i] })));
        for (let v = 0; v < g.nodeCount; v++) {
          expect(Math.abs(res.time[v] - ref[g.inputNode[v]])).toBeLessThan(1e-6);
          expect(Number.isFinite(res.time[v])).toBe(true); // one SCC: all reached
        }
      }
    });
  }
  it('no time below straight line ÷ 130 km/h', () => {
    const g = buildGraph(seg);
    const res = multiSourceDijkstra(adjacency(g, 'from_sources'), { nodes: [0] });
    for (let v = 0; v < g.nodeCount; v++) {
      const d = Math.hypot((g.lon[v] - g.lon[0]) * 111320 * Math.cos((46 * Math.PI) / 180), (g.lat[v] - g.lat[0]) * 110574);
      expect(res.time[v]).toBeGreaterThanOrEqual(((d * 0.99) / 1000 / 130) * 60);
    }
  });
  it('cutoff leaves farther nodes unreached and keeps nearer ones exact', () => {
    const g = buildGraph(seg);
    const full = multiSourceDijkstra(adjacency(g, 'to_sources'), { nodes: [0] });
    const cut = multiSourceDijkstra(adjacency(g, 'to_sources'), { nodes: [0] }, { cutoff: 3 });
    for (let v = 0; v < g.nodeCount; v++) {
      if (full.time[v] <= 3) expect(cut.time[v]).toBe(full.time[v]);
      else {
        expect(cut.time[v]).toBe(Infinity);
        expect(cut.nearest[v]).toBe(-1);
      }
    }
  });
});
