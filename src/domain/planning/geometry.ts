/** Point-in-polygon helpers (turf), e.g. to find the canton of a site. */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

/** True when (lon, lat) is inside the polygon (boundary counts as inside). */
export function pointInPolygon(lon: number, lat: number, polygon: Polygon | MultiPolygon | Feature<Polygon | MultiPolygon>): boolean {
  return booleanPointInPolygon([lon, lat], polygon);
}

/** Code of the first feature containing (lon, lat), or null. */
export function containingFeature(
  lon: number,
  lat: number,
  features: readonly { code: string; geometry: Polygon | MultiPolygon }[],
): string | null {
  for (const f of features) if (booleanPointInPolygon([lon, lat], f.geometry)) return f.code;
  return null;
}
