/** Exact union of polygons that share identical boundary vertices, and spherical ring areas. */
import { signedArea, type Pt } from './geo.ts';

/** Union of closed rings that tile the plane without overlap: cancel shared edges and chain the rest. */
export function unionRings(rings: readonly Pt[][]): Pt[][][] {
  const k = (p: Pt) => `${p[0]},${p[1]}`;
  const edges = new Map<string, { a: Pt; b: Pt }>();
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i];
      const b = ring[i + 1];
      const rev = `${k(b)}|${k(a)}`;
      if (edges.has(rev)) edges.delete(rev);
      else edges.set(`${k(a)}|${k(b)}`, { a, b });
    }
  }
  const byStart = new Map<string, { a: Pt; b: Pt }[]>();
  for (const e of edges.values()) {
    const s = k(e.a);
    if (!byStart.has(s)) byStart.set(s, []);
    byStart.get(s)!.push(e);
  }
  const out: Pt[][] = [];
  const starts = [...byStart.keys()].sort();
  for (const s of starts) {
    for (;;) {
      const list = byStart.get(s)!;
      if (list.length === 0) break;
      const first = list.shift()!;
      const ring: Pt[] = [first.a, first.b];
      let cur = first.b;
      for (let guard = 0; guard < 1e6 && k(cur) !== s; guard++) {
        const next = byStart.get(k(cur))?.shift();
        if (!next) break;
        ring.push(next.b);
        cur = next.b;
      }
      if (ring.length >= 4) out.push(ring);
    }
  }
  // Outer rings are counter-clockwise; holes (clockwise) go to the outer ring that contains them.
  const outers = out.filter((r) => signedArea(r) > 0).map((r) => [r]);
  for (const hole of out.filter((r) => signedArea(r) <= 0)) {
    const host = outers.find((poly) => inside(hole[0], poly[0])) ?? outers[0];
    host.push(hole);
  }
  return outers;
}

function inside(p: Pt, ring: readonly Pt[]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** Geodesic area of a lon/lat ring in m² (same formula and radius as @turf/area). */
export function ringAreaM2(ring: readonly Pt[]): number {
  const R = 6371008.8;
  const rad = Math.PI / 180;
  let total = 0;
  const n = ring.length;
  if (n <= 2) return 0;
  for (let i = 0; i < n; i++) {
    const lower = ring[i];
    const middle = ring[(i + 1) % n];
    const upper = ring[(i + 2) % n];
    total += (upper[0] * rad - lower[0] * rad) * Math.sin(middle[1] * rad);
  }
  return Math.abs((total * R * R) / 2);
}
