/** A small directed road graph built from segments (nodes = identical endpoint coordinates), with Dijkstra. */
import type { Pt } from './geo.ts';
import type { RoadSegment } from './roads.ts';

export interface DirectedGraph {
  nodeIndex: Map<string, number>;
  /** Outgoing arcs per node: target node and travel time in minutes. */
  out: { to: number; minutes: number }[][];
}

export const nodeKey = (p: Pt) => `${p[0]},${p[1]}`;

export function haversineMeters(a: Pt, b: Pt): number {
  const R = 6371008.8;
  const toRad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * toRad;
  const dLon = (b[0] - a[0]) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * toRad) * Math.cos(b[1] * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

export function lineLengthMeters(coords: readonly Pt[]): number {
  let s = 0;
  for (let i = 1; i < coords.length; i++) s += haversineMeters(coords[i - 1], coords[i]);
  return s;
}

export function buildGraph(segments: readonly RoadSegment[]): DirectedGraph {
  const nodeIndex = new Map<string, number>();
  const out: { to: number; minutes: number }[][] = [];
  const id = (p: Pt) => {
    const k = nodeKey(p);
    let v = nodeIndex.get(k);
    if (v === undefined) {
      v = out.length;
      nodeIndex.set(k, v);
      out.push([]);
    }
    return v;
  };
  for (const s of segments) {
    const a = id(s.coords[0]);
    const b = id(s.coords[s.coords.length - 1]);
    const minutes = (lineLengthMeters(s.coords) / 1000 / s.speed) * 60;
    if (s.sens !== 'Sens inverse') out[a].push({ to: b, minutes });
    if (s.sens !== 'Sens direct') out[b].push({ to: a, minutes });
  }
  return { nodeIndex, out };
}

/** Multi-source shortest travel times (minutes) from the given nodes. */
export function travelTimes(g: DirectedGraph, sources: readonly number[]): Float64Array {
  const n = g.out.length;
  const d = new Float64Array(n).fill(Infinity);
  const heap: [number, number][] = [];
  const push = (item: [number, number]) => {
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p][0] <= heap[i][0]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  for (const s of sources) {
    d[s] = 0;
    push([0, s]);
  }
  while (heap.length > 0) {
    const [du, u] = pop();
    if (du > d[u]) continue;
    for (const { to, minutes } of g.out[u]) {
      if (du + minutes < d[to]) {
        d[to] = du + minutes;
        push([d[to], to]);
      }
    }
  }
  return d;
}
