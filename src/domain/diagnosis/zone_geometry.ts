/**
 * Geometry of zones: dissolved grid cells (boundary tracer) or the union of commune
 * polygons (@turf/union).
 */
import { union } from '@turf/union';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { GridCellIndex, MultiPolygonCoords, PolygonCoords } from './adjacency.ts';
import { traceCellOutlines, type GridSpec } from './outline.ts';
import type { ZoneGeometry } from './underserved.ts';

/** Zone outline from grid cells; `cells[i]` is the cell of unit i. */
export function gridZoneGeometry(cells: readonly GridCellIndex[], grid: GridSpec): ZoneGeometry {
  return (members) => traceCellOutlines(members.map((i) => cells[i]), grid);
}

/** Zone outline as the union of member polygons; `polygons[i]` is the polygon of unit i. */
export function polygonZoneGeometry(polygons: ReadonlyArray<PolygonCoords | MultiPolygonCoords | null>): ZoneGeometry {
  return (members) => unionPolygons(members.map((i) => polygons[i]).filter((p) => p !== null));
}

export function unionPolygons(polygons: ReadonlyArray<PolygonCoords | MultiPolygonCoords>): MultiPolygonCoords | null {
  if (polygons.length === 0) return null;
  const features: Feature<Polygon | MultiPolygon>[] = polygons.map((coordinates) => ({
    type: 'Feature',
    properties: {},
    geometry: isMulti(coordinates)
      ? { type: 'MultiPolygon', coordinates }
      : { type: 'Polygon', coordinates: coordinates as PolygonCoords },
  }));
  if (features.length === 1) {
    const g = features[0].geometry;
    return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  }
  const merged = union({ type: 'FeatureCollection', features });
  if (!merged) return null;
  const g = merged.geometry;
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

function isMulti(g: PolygonCoords | MultiPolygonCoords): g is MultiPolygonCoords {
  return Array.isArray(g[0]?.[0]?.[0]);
}
