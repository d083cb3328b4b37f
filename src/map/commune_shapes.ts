/**
 * The communes' contours, parsed once per version of the data and shared by the map layer, the
 * hit testing and the diagnosis. Free of deck.gl, so that the session can hold them without
 * pulling the map's libraries into the first script the page runs.
 */
import type { Feature, Geometry } from 'geojson';

export type CommuneShape = Feature<Geometry, { code: string }>;

/** The communes' contours, parsed once; `key` changes when they do. */
export interface CommuneShapes {
  key: number;
  features: readonly CommuneShape[];
  byCode: ReadonlyMap<string, CommuneShape>;
}

let shapesKey = 0;

type ContourRow = { code: string; geom: string | null };

/** The last contours parsed, and their text: the same text gives back the same shapes. */
let last: { rows: ContourRow[]; shapes: CommuneShapes } | null = null;

/**
 * Parses the contours (GeoJSON text per commune) once. The same contours again (the first screen's,
 * then the live analysis's; a new threshold) give back the same shapes: the map then keeps its
 * drawn polygons and contour mesh instead of building them again.
 */
export function toCommuneShapes(rows: readonly ContourRow[]): CommuneShapes {
  if (last && sameContours(last.rows, rows)) return last.shapes;
  const features: CommuneShape[] = [];
  for (const r of rows) {
    if (!r.geom) continue;
    features.push({ type: 'Feature', geometry: JSON.parse(r.geom) as Geometry, properties: { code: r.code } });
  }
  const shapes = { key: ++shapesKey, features, byCode: new Map(features.map((f) => [f.properties.code, f])) };
  last = { rows: rows.map((r) => ({ code: r.code, geom: r.geom })), shapes };
  return shapes;
}

function sameContours(a: readonly ContourRow[], b: readonly ContourRow[]): boolean {
  return a.length === b.length && a.every((r, i) => r.code === b[i].code && r.geom === b[i].geom);
}
