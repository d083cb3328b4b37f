/** Planar geometry in a local kilometre frame centred on the territory, and its link to WGS84. */

export type Pt = [number, number];

export const LON0 = 3.55;
export const LAT0 = 47.05;
/** Kilometres per degree of longitude / latitude at LAT0 (good to < 0.5 % over the territory). */
export const KX = 111.32 * Math.cos((LAT0 * Math.PI) / 180);
export const KY = 111.18;

export function toLonLat(p: Pt): Pt {
  return [Number((LON0 + p[0] / KX).toFixed(5)), Number((LAT0 + p[1] / KY).toFixed(5))];
}

export function toKm(lonLat: Pt): Pt {
  return [(lonLat[0] - LON0) * KX, (lonLat[1] - LAT0) * KY];
}

export function dist(a: Pt, b: Pt): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Signed area (positive = counter-clockwise) of a ring, closed or not. */
export function signedArea(ring: readonly Pt[]): number {
  let s = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

export function pointInRing(p: Pt, ring: readonly Pt[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function cross(a: Pt, b: Pt, p: Pt): number {
  return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
}

/** Intersection of segment p→q with the infinite line a–b, computed in a canonical order so neighbours agree. */
function intersect(p: Pt, q: Pt, a: Pt, b: Pt): Pt {
  const [s, e] = p[0] < q[0] || (p[0] === q[0] && p[1] <= q[1]) ? [p, q] : [q, p];
  const [l1, l2] = a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? [a, b] : [b, a];
  const d1 = cross(l1, l2, s);
  const d2 = cross(l1, l2, e);
  const t = d1 / (d1 - d2);
  return [s[0] + t * (e[0] - s[0]), s[1] + t * (e[1] - s[1])];
}

/**
 * Sutherland–Hodgman: clip any simple polygon (open ring) by a convex counter-clockwise polygon (open ring).
 */
export function clipByConvex(subject: readonly Pt[], convex: readonly Pt[]): Pt[] {
  let out: Pt[] = subject.slice();
  const m = convex.length;
  for (let i = 0; i < m && out.length > 0; i++) {
    const a = convex[i];
    const b = convex[(i + 1) % m];
    const input = out;
    out = [];
    for (let k = 0; k < input.length; k++) {
      const cur = input[k];
      const prev = input[(k + input.length - 1) % input.length];
      const curIn = cross(a, b, cur) >= 0;
      const prevIn = cross(a, b, prev) >= 0;
      if (curIn) {
        if (!prevIn) out.push(intersect(prev, cur, a, b));
        out.push(cur);
      } else if (prevIn) {
        out.push(intersect(prev, cur, a, b));
      }
    }
  }
  return out;
}

/** Round to 5-decimal lon/lat, drop repeated points, make counter-clockwise and closed. */
export function toLonLatRing(ringKm: readonly Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of ringKm) {
    const q = toLonLat(p);
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  if (signedArea(out) < 0) out.reverse();
  out.push([out[0][0], out[0][1]]);
  return out;
}
