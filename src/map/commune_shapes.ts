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

/** Parses the contours (GeoJSON text per commune) once. */
export function toCommuneShapes(rows: readonly { code: string; geom: string | null }[]): CommuneShapes {
  const features: CommuneShape[] = [];
  for (const r of rows) {
    if (!r.geom) continue;
    features.push({ type: 'Feature', geometry: JSON.parse(r.geom) as Geometry, properties: { code: r.code } });
  }
  return { key: ++shapesKey, features, byCode: new Map(features.map((f) => [f.properties.code, f])) };
}
