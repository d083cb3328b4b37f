/**
 * Dissolve a set of square grid cells into polygon outlines, by tracing cell boundaries
 * (no general polygon union needed).
 *
 * Every cell side that faces a cell outside the set is a directed boundary edge with
 * the set on its left. Edges are chained into rings; where two cells touch only at a
 * corner, the walk turns left first, so such cells stay in separate rings and every
 * ring is simple. Outer rings come out counter-clockwise and holes clockwise (y axis
 * up, as in projected coordinates), which is the GeoJSON (RFC 7946) winding. Collinear
 * vertices are dropped.
 */
import type { GridCellIndex, MultiPolygonCoords } from './adjacency.ts';

/** Cell (col, row) covers [x0 + col·size, x0 + (col+1)·size] × [y0 + row·size, y0 + (row+1)·size]. */
export interface GridSpec {
  x0: number;
  y0: number;
  size: number;
}

// Directions: 0 = +x, 1 = +y, 2 = −x, 3 = −y.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

export function traceCellOutlines(cells: readonly GridCellIndex[], grid: GridSpec): MultiPolygonCoords {
  if (cells.length === 0) return [];
  let minC = Infinity;
  let minR = Infinity;
  let maxR = -Infinity;
  for (const c of cells) {
    if (c.col < minC) minC = c.col;
    if (c.row < minR) minR = c.row;
    if (c.row > maxR) maxR = c.row;
  }
  // Local vertex/cell coordinates start at 1 so that neighbours at −1 stay ≥ 0.
  const H = maxR - minR + 3;
  const key = (x: number, y: number) => x * H + y;
  const inside = new Set<number>();
  for (const c of cells) inside.add(key(c.col - minC + 1, c.row - minR + 1));

  const ex: number[] = [];
  const ey: number[] = [];
  const ed: number[] = [];
  const outgoing = new Map<number, number[]>();
  const addEdge = (x: number, y: number, d: number) => {
    const id = ex.length;
    ex.push(x);
    ey.push(y);
    ed.push(d);
    const k = key(x, y);
    const list = outgoing.get(k);
    if (list) list.push(id);
    else outgoing.set(k, [id]);
  };
  for (const k of inside) {
    const x = Math.floor(k / H);
    const y = k - x * H;
    if (!inside.has(key(x, y - 1))) addEdge(x, y, 0);
    if (!inside.has(key(x + 1, y))) addEdge(x + 1, y, 1);
    if (!inside.has(key(x, y + 1))) addEdge(x + 1, y + 1, 2);
    if (!inside.has(key(x - 1, y))) addEdge(x, y + 1, 3);
  }

  const next = (e: number): number => {
    const x = ex[e] + DX[ed[e]];
    const y = ey[e] + DY[ed[e]];
    const list = outgoing.get(key(x, y))!;
    if (list.length === 1) return list[0];
    const d = ed[e];
    for (const want of [(d + 1) % 4, d, (d + 3) % 4]) {
      const found = list.find((o) => ed[o] === want);
      if (found !== undefined) return found;
    }
    throw new Error('outline: dangling boundary edge');
  };

  const used = new Uint8Array(ex.length);
  const outers: { ring: number[][]; area: number }[] = [];
  const holes: { ring: number[][]; probe: [number, number] }[] = [];
  for (let e0 = 0; e0 < ex.length; e0++) {
    if (used[e0]) continue;
    const local: number[][] = [];
    let e = e0;
    do {
      used[e] = 1;
      const n = next(e);
      if (ed[n] !== ed[e]) local.push([ex[n], ey[n]]);
      e = n;
    } while (e !== e0);
    local.push([local[0][0], local[0][1]]);
    const area = signedArea(local);
    if (area > 0) outers.push({ ring: local, area });
    else holes.push({ ring: local, probe: leftCellCentre(ex[e0], ey[e0], ed[e0]) });
  }

  const polys: number[][][][] = outers.map((o) => [o.ring]);
  for (const h of holes) {
    const owner = outers.findIndex((o) => pointInRing(h.probe, o.ring));
    if (owner < 0) throw new Error('outline: hole without an outer ring');
    polys[owner].push(h.ring);
  }
  const toWorld = (p: number[]) => [grid.x0 + (p[0] - 1 + minC) * grid.size, grid.y0 + (p[1] - 1 + minR) * grid.size];
  return polys.map((poly) => poly.map((ring) => ring.map(toWorld)));
}

/** Centre of the cell on the left of a directed edge starting at (x, y). */
function leftCellCentre(x: number, y: number, d: number): [number, number] {
  const cx = d === 0 || d === 3 ? x : x - 1;
  const cy = d === 0 || d === 1 ? y : y - 1;
  return [cx + 0.5, cy + 0.5];
}

export function signedArea(ring: readonly number[][]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

function pointInRing(p: readonly [number, number], ring: readonly number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
