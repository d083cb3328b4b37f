/**
 * Filosofi-like 1 km population grid (EPSG:3035). Each commune's population is spread over the
 * cells whose centre falls inside it, concentrated around the village centre; per-commune sums are exact.
 */
import type { Rng } from './prng.ts';
import { pointInRing, toKm, type Pt } from './geo.ts';
import { laea } from './projections.ts';
import type { Territory } from './territory.ts';
import { apportion, apportionCapped } from './util.ts';

export interface GridCell {
  x: number; // cell centre, metres
  y: number;
  depcom: string;
  ind: number;
  men: number;
  menPauv: number;
  ind6579: number;
  ind80p: number;
}

export function buildGrid(rng: Rng, t: Territory): GridCell[] {
  const { communes, outlineKm, delaunay } = t;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const c of communes) for (const p of c.ring) {
    const [x, y] = laea.forward(p) as Pt;
    minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  const x0 = Math.floor(minX / 1000) * 1000;
  const y0 = Math.floor(minY / 1000) * 1000;
  const cellsOf: { x: number; y: number; km: Pt }[][] = communes.map(() => []);
  for (let y = y0; y < maxY; y += 1000) {
    for (let x = x0; x < maxX; x += 1000) {
      const cx = x + 500;
      const cy = y + 500;
      const km = toKm(laea.inverse([cx, cy]) as Pt);
      if (!pointInRing(km, outlineKm)) continue;
      cellsOf[delaunay.find(km[0], km[1])].push({ x: cx, y: cy, km });
    }
  }
  // Communes holding no cell centre take the cell that contains their centre.
  for (const c of communes) {
    if (cellsOf[c.index].length > 0) continue;
    const [px, py] = laea.forward(c.lonLat) as Pt;
    const cx = Math.floor(px / 1000) * 1000 + 500;
    const cy = Math.floor(py / 1000) * 1000 + 500;
    for (const other of communes) {
      const list = cellsOf[other.index];
      const k = list.findIndex((q) => q.x === cx && q.y === cy);
      if (k >= 0 && list.length > 1) list.splice(k, 1);
    }
    cellsOf[c.index].push({ x: cx, y: cy, km: toKm(laea.inverse([cx, cy]) as Pt) });
  }

  const out: GridCell[] = [];
  for (const c of communes) {
    const cells = cellsOf[c.index];
    const lambda = c.kind === 'town' ? 1.3 : c.kind === 'bourg' ? 0.8 : 0.6;
    const w = cells.map((q) => Math.exp(-Math.hypot(q.km[0] - c.centre[0], q.km[1] - c.centre[1]) / lambda) + 0.045 * rng.next());
    const ind = apportion(c.pop, w);
    const men = apportionCapped(Math.round(c.pop / c.hhSize), ind, ind);
    const menPauv = apportionCapped(Math.round((Math.round(c.pop / c.hhSize) * c.poverty) / 100), men, men);
    const a = c.ages;
    const i6579 = apportionCapped(a[5] + a[6], ind, ind);
    const i80 = apportionCapped(a[7] + a[8], ind, ind.map((v, k) => v - i6579[k]));
    cells.forEach((q, k) => {
      if (ind[k] > 0) out.push({ x: q.x, y: q.y, depcom: c.code, ind: ind[k], men: men[k], menPauv: menPauv[k], ind6579: i6579[k], ind80p: i80[k] });
    });
  }
  out.sort((p, q) => q.y - p.y || p.x - q.x || (p.depcom < q.depcom ? -1 : 1));
  return out;
}
