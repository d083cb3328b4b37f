/**
 * What is under the pointer, found on the CPU: the commune or grid cell containing a place, and
 * the help point whose symbol covers a screen position.
 *
 * Why not deck.gl's picking: it draws every pickable layer again into an offscreen buffer and
 * reads the pixel back synchronously, on every pointerdown and on every hovered frame. On the real
 * Nièvre contours (49,000 path instances) that took 1.1–2.3 s per pick with software WebGL
 * (SwiftShader, as on many administration desktops), against 80 ms on the demo. deck.gl
 * recognises a click only when the pointer is released less than 250 ms after it was pressed
 * (mjolnir's tap recogniser, timed with Date.now() when each event is handled), and the press
 * itself was blocked by the pick: every click on the real map was dropped, silently. An R-tree
 * (flatbush) over bounding boxes and an exact point-in-polygon test answer in microseconds.
 */
import Flatbush from 'flatbush';

/** A GeoJSON polygon or multipolygon (other geometry types are never hit). */
export type Polygonal =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] }
  | { type: string; coordinates?: unknown };

/** Even-odd ray casting over a ring (closed or not); points on an edge may fall either side. */
function inRing(lon: number, lat: number, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when (lon, lat) is inside the polygon (outer ring, not in a hole), or in one of the multipolygon's parts. */
export function pointInPolygonal(lon: number, lat: number, g: Polygonal): boolean {
  const inPolygon = (rings: readonly (readonly (readonly number[])[])[]) => {
    if (rings.length === 0 || !inRing(lon, lat, rings[0])) return false;
    for (let h = 1; h < rings.length; h++) if (inRing(lon, lat, rings[h])) return false;
    return true;
  };
  if (g.type === 'Polygon') return inPolygon(g.coordinates as number[][][]);
  if (g.type === 'MultiPolygon') return (g.coordinates as number[][][][]).some(inPolygon);
  return false;
}

function bbox(g: Polygonal): [number, number, number, number] | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    } else c.forEach(visit);
  };
  visit(g.coordinates);
  return x0 <= x1 && y0 <= y1 ? [x0, y0, x1, y1] : null;
}

/** Polygons (communes, grid cells) indexed by their bounding boxes; `at` gives the one containing a place. */
export class PolygonIndex<T> {
  private readonly index: Flatbush | null;
  private readonly kept: { item: T; geometry: Polygonal }[] = [];

  constructor(items: readonly T[], geometry: (item: T) => Polygonal) {
    const boxes: [number, number, number, number][] = [];
    for (const item of items) {
      const g = geometry(item);
      const b = bbox(g);
      if (!b) continue;
      this.kept.push({ item, geometry: g });
      boxes.push(b);
    }
    this.index = boxes.length > 0 ? new Flatbush(boxes.length) : null;
    if (this.index) {
      for (const b of boxes) this.index.add(b[0], b[1], b[2], b[3]);
      this.index.finish();
    }
  }

  get size(): number {
    return this.kept.length;
  }

  /** The item whose polygon contains (lon, lat); the last one in drawing order when several do. */
  at(lon: number, lat: number): T | null {
    if (!this.index) return null;
    const hits = this.index.search(lon, lat, lon, lat).sort((a, b) => b - a);
    for (const i of hits) if (pointInPolygonal(lon, lat, this.kept[i].geometry)) return this.kept[i].item;
    return null;
  }
}

/** Points (help points) indexed by position; `near` gives those within a lon/lat box, `closest` the one under a screen position. */
export class PointIndex<T> {
  private readonly index: Flatbush | null;

  constructor(private readonly items: readonly T[], private readonly lonLat: (item: T) => readonly [number, number]) {
    this.index = items.length > 0 ? new Flatbush(items.length) : null;
    if (this.index) {
      for (const item of items) {
        const [lon, lat] = lonLat(item);
        this.index.add(lon, lat, lon, lat);
      }
      this.index.finish();
    }
  }

  /**
   * The item whose symbol covers the screen position (x, y): among the items in the lon/lat box
   * `box` (the screen area around the pointer, unprojected), the closest one whose centre is within
   * its own `radius(item)` pixels. Ties go to the item drawn last (later in the list).
   */
  closest(
    x: number,
    y: number,
    box: readonly [number, number, number, number],
    project: (lon: number, lat: number) => { x: number; y: number },
    radius: (item: T) => number,
    accept: (item: T) => boolean = () => true,
  ): T | null {
    if (!this.index) return null;
    let best: T | null = null;
    let bestD = Infinity;
    let bestI = -1;
    for (const i of this.index.search(box[0], box[1], box[2], box[3])) {
      const item = this.items[i];
      if (!accept(item)) continue;
      const [lon, lat] = this.lonLat(item);
      const p = project(lon, lat);
      const d = Math.hypot(p.x - x, p.y - y);
      if (d > radius(item)) continue;
      if (d < bestD || (d === bestD && i > bestI)) {
        best = item;
        bestD = d;
        bestI = i;
      }
    }
    return best;
  }
}
