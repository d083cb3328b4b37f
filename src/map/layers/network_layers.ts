/** Road network, route to the nearest site and isochrones (deck.gl). */
import { GeoJsonLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import { SegmentMeshLayer, segmentMesh, type SegmentMesh } from './segment_mesh_layer.ts';
import type { IsochroneCollection } from '../../domain/routing/index.ts';
import { ISOCHRONE_COLORS, ROAD_COLOR, ROUTE_COLOR, SEQUENTIAL_YLORRD, ZONE_COLOR } from '../palette.ts';

const roadMeshes = new WeakMap<Float64Array, SegmentMesh>();

/** Flat [lon0, lat0, lon1, lat1, …] road lines, drawn as one mesh (no object, no instance per segment). */
export function roadsLayer(lines: Float64Array, visible: boolean) {
  let mesh = roadMeshes.get(lines);
  if (!mesh) roadMeshes.set(lines, (mesh = segmentMesh(lines)));
  return new SegmentMeshLayer({
    id: 'roads',
    visible,
    data: mesh,
    getColor: [...ROAD_COLOR, 170],
    getWidth: 1,
    widthUnits: 'pixels',
  });
}

export function routeLayer(coordinates: [number, number][] | null) {
  return new PathLayer<{ path: [number, number][] }>({
    id: 'route',
    data: coordinates ? [{ path: coordinates }] : [],
    getPath: (d) => d.path,
    getColor: [...ROUTE_COLOR, 255],
    getWidth: 4,
    widthUnits: 'pixels',
    capRounded: true,
    jointRounded: true,
  });
}

/** Isochrone colours: the travel-time palette at 15, 30 and 45 min. */

export function isochronesLayer(collection: IsochroneCollection | null, visible: boolean) {
  // Largest first so that shorter times are drawn on top.
  const features = [...(collection?.features ?? [])].sort((a, b) => b.properties.minutes - a.properties.minutes);
  return new GeoJsonLayer({
    id: 'isochrones',
    visible,
    data: { type: 'FeatureCollection', features } as never,
    stroked: true,
    filled: true,
    getFillColor: (f: { properties: { minutes: number } }) => [...(ISOCHRONE_COLORS[f.properties.minutes] ?? SEQUENTIAL_YLORRD[3]), 70] as [number, number, number, number],
    getLineColor: (f: { properties: { minutes: number } }) => [...(ISOCHRONE_COLORS[f.properties.minutes] ?? SEQUENTIAL_YLORRD[3]), 255] as [number, number, number, number],
    getLineWidth: 2,
    lineWidthUnits: 'pixels',
  });
}

export type ZoneFeature = { type: 'Feature'; properties: { rank: number }; geometry: unknown };

/** Zone outlines parsed once (the map keeps them while the zones do not change). */
export function toZoneFeatures(zones: readonly { rank: number; geom: string | null }[]): ZoneFeature[] {
  return zones.filter((z) => z.geom).map((z) => ({ type: 'Feature' as const, properties: { rank: z.rank }, geometry: JSON.parse(z.geom!) }));
}

/** Underserved zones: merged commune polygons, outlined. */
export function zonesLayer(features: readonly ZoneFeature[], visible: boolean) {
  return new GeoJsonLayer({
    id: 'zones',
    visible,
    data: { type: 'FeatureCollection', features } as never,
    stroked: true,
    filled: true,
    getFillColor: [...ZONE_COLOR, 60],
    getLineColor: [...ZONE_COLOR, 255],
    getLineWidth: 4,
    lineWidthUnits: 'pixels',
  });
}

/**
 * Sites of the what-if scenario drawn in the map canvas (so that exports show them), under the
 * draggable DOM markers: white discs with a thick dark-blue ring.
 */
export function scenarioSitesLayer(sites: readonly { lon: number; lat: number }[]) {
  return new ScatterplotLayer<{ lon: number; lat: number }>({
    id: 'scenario-sites',
    data: sites,
    getPosition: (s) => [s.lon, s.lat],
    getRadius: 11,
    radiusUnits: 'pixels',
    stroked: true,
    getFillColor: [255, 255, 255, 255],
    getLineColor: [...ROUTE_COLOR, 255],
    getLineWidth: 4,
    lineWidthUnits: 'pixels',
  });
}
