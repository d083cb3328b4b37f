/**
 * Plain O(n²) reference Dijkstra on the UNcontracted input segments (no heap, no CSR, no SCC).
 * Shares only the per-segment time function (segmentMinutes) with the engine.
 */
import type { RoadSegments } from '../../src/domain/routing/graph.ts';
import { quantizeMinutes, segmentMinutes } from '../../src/domain/routing/graph.ts';

export function referenceDijkstra(
  seg: RoadSegments,
  direction: 'to_sources' | 'from_sources',
  sources: { node: number; offset?: number }[],
): Float64Array {
  const n = seg.nodeLon.length;
  const adj: { to: number; w: number }[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < seg.from.length; i++) {
    const a = seg.from[i], b = seg.to[i];
    if (a === b) continue;
    const w = segmentMinutes(seg.lengthM[i], seg.speedKmh[i]);
    // Edges in travel direction; 'to_sources' searches them backwards.
    const add = (u: number, v: number) => (direction === 'from_sources' ? adj[u].push({ to: v, w }) : adj[v].push({ to: u, w }));
    if (seg.oneway[i] >= 0) add(a, b);
    if (seg.oneway[i] <= 0) add(b, a);
  }
  const time = new Float64Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  for (const s of sources) time[s.node] = Math.min(time[s.node], quantizeMinutes(s.offset ?? 0));
  for (;;) {
    let u = -1;
    for (let v = 0; v < n; v++) if (!done[v] && time[v] < Infinity && (u < 0 || time[v] < time[u])) u = v;
    if (u < 0) break;
    done[u] = 1;
    for (const { to, w } of adj[u]) if (time[u] + w < time[to]) time[to] = time[u] + w;
  }
  return time;
}
