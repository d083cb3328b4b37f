/**
 * Splits long road segments so that no piece exceeds `maxLengthM`. Points snap to graph nodes;
 * on a long straight segment with few vertices, a village beside the road would otherwise snap
 * to a vertex kilometres away or not at all. Pieces keep the segment's speed, direction and class.
 */
import type { RoadSegments } from '../routing/index.ts';

export function densifySegments(seg: RoadSegments, maxLengthM = 250): RoadSegments {
  const m = seg.from.length;
  let extraNodes = 0;
  let pieces = 0;
  for (let i = 0; i < m; i++) {
    const k = Math.max(1, Math.ceil(seg.lengthM[i] / maxLengthM));
    extraNodes += k - 1;
    pieces += k;
  }
  if (pieces === m) return seg;
  const n0 = seg.nodeLon.length;
  const nodeLon = new Float64Array(n0 + extraNodes);
  const nodeLat = new Float64Array(n0 + extraNodes);
  nodeLon.set(seg.nodeLon);
  nodeLat.set(seg.nodeLat);
  const from = new Uint32Array(pieces);
  const to = new Uint32Array(pieces);
  const lengthM = new Float64Array(pieces);
  const speedKmh = new Float64Array(pieces);
  const oneway = new Int8Array(pieces);
  const roadClass = new Uint8Array(pieces);
  let node = n0;
  let p = 0;
  for (let i = 0; i < m; i++) {
    const k = Math.max(1, Math.ceil(seg.lengthM[i] / maxLengthM));
    const a = seg.from[i];
    const b = seg.to[i];
    let prev = a;
    for (let j = 1; j <= k; j++) {
      let next = b;
      if (j < k) {
        // Linear interpolation in lon/lat: fine at these lengths (≤ a few hundred metres).
        nodeLon[node] = seg.nodeLon[a] + ((seg.nodeLon[b] - seg.nodeLon[a]) * j) / k;
        nodeLat[node] = seg.nodeLat[a] + ((seg.nodeLat[b] - seg.nodeLat[a]) * j) / k;
        next = node++;
      }
      from[p] = prev;
      to[p] = next;
      lengthM[p] = seg.lengthM[i] / k;
      speedKmh[p] = seg.speedKmh[i];
      oneway[p] = seg.oneway[i];
      roadClass[p] = seg.roadClass[i];
      p++;
      prev = next;
    }
  }
  return { nodeLon, nodeLat, from, to, lengthM, speedKmh, oneway, roadClass };
}
