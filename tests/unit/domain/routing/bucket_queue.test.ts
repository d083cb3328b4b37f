import { describe, expect, it } from 'vitest';
import type { Adjacency, RoadSegments } from '../../../../src/domain/routing/graph.ts';
import { adjacency, buildGraph, IndexedHeap, multiSourceDijkstra, quantizeMinutes, seed, settle } from '../../../../src/domain/routing/index.ts';
import { randomSegments, rng } from './random_graph.ts';

/** Grid roads with lengths in [100, 160] m at 30/50/80 km/h: few buckets, so the bucket queue is used. */
function gridSegments(cols: number, rows: number, seedValue: number): RoadSegments {
  const r = rng(seedValue);
  const n = cols * rows;
  const nodeLon = new Float64Array(n), nodeLat = new Float64Array(n);
  for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) {
    nodeLon[y * cols + x] = 2 + x * 0.0014;
    nodeLat[y * cols + x] = 46 + y * 0.001;
  }
  const from: number[] = [], to: number[] = [], ow: number[] = [], sp: number[] = [], len: number[] = [];
  const add = (a: number, b: number) => {
    if (r() > 0.7) return;
    from.push(a); to.push(b);
    ow.push(r() < 0.15 ? 1 : 0);
    sp.push([30, 50, 80][Math.floor(r() * 3)]);
    len.push(r() < 0.5 ? 100 : 100 + Math.floor(r() * 4) * 20); // repeated lengths: many equal times
  };
  for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) {
    const i = y * cols + x;
    if (x + 1 < cols) add(i, i + 1);
    if (y + 1 < rows) add(i, i + cols);
  }
  return {
    nodeLon, nodeLat, from: Uint32Array.from(from), to: Uint32Array.from(to), lengthM: Float64Array.from(len),
    speedKmh: Float32Array.from(sp), oneway: Int8Array.from(ow), roadClass: new Uint8Array(from.length),
  };
}

/** The indexed-heap search (the engine's fallback path), for comparison. */
function heapSearch(adj: Adjacency, nodes: number[], offsets: number[], cutoff = Infinity) {
  const n = adj.offsets.length - 1;
  const time = new Float64Array(n).fill(Infinity);
  const nearest = new Int32Array(n).fill(-1);
  const pred = new Int32Array(n).fill(-1);
  const heap = new IndexedHeap(n, time);
  nodes.forEach((v, s) => v >= 0 && seed(heap, time, nearest, pred, v, quantizeMinutes(offsets[s]), s));
  settle(adj, heap, time, nearest, pred, cutoff);
  return { time, nearest, pred };
}

describe('bucket queue (multiSourceDijkstra fast path) equals the indexed heap bit for bit', () => {
  for (const [label, seg] of [
    ['grid', gridSegments(40, 30, 5)],
    ['random (heap fallback)', randomSegments(500, 9, 0.3)],
  ] as const) {
    for (const direction of ['to_sources', 'from_sources'] as const) {
      it(`${label}, ${direction}: times, nearest and pred, with ties, offsets and cutoff`, () => {
        const g = buildGraph(seg, { contract: false });
        const adj = adjacency(g, direction);
        const r = rng(3);
        const nodes = Array.from({ length: 25 }, () => Math.floor(r() * g.nodeCount));
        nodes[3] = -1; // inactive source
        nodes[7] = nodes[2]; // two sources on one node
        // Integer and half-minute offsets: exact ties between sources are frequent.
        const offsets = nodes.map(() => (r() < 0.5 ? 0 : Math.floor(r() * 6) / 2));
        for (const cutoff of [Infinity, 1.5, 0]) {
          const got = multiSourceDijkstra(adj, { nodes, offsets }, { cutoff });
          const ref = heapSearch(adj, nodes, offsets, cutoff);
          expect(got.time).toEqual(ref.time);
          expect(got.nearest).toEqual(ref.nearest);
          // withPred runs the heap: same pred as before (ties between equal predecessors unchanged).
          expect(multiSourceDijkstra(adj, { nodes, offsets }, { cutoff, withPred: true })).toEqual(ref);
        }
      });
    }
  }
});
