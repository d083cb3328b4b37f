/**
 * Snapping points (population points, help points) to the nearest graph node.
 *
 * Access leg (documented choice): straight-line distance × 1.3 (detour) at 20 km/h, i.e. the
 * slow first/last part of a trip on local roads and parking. A point farther than `maxSnapM`
 * (default 2 km) from every node is NOT snapped: it is listed in `tooFar` and its node is -1.
 */
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { RoadGraph } from './graph.ts';
import { quantizeMinutes } from './graph.ts';
import { haversine } from '../geo.ts';

export interface AccessOptions {
  /** Maximum snap distance in metres (default 2000). */
  maxSnapM?: number;
  /** Speed of the access leg in km/h (default 20). */
  accessKmh?: number;
  /** Detour factor applied to the straight line (default 1.3). */
  detour?: number;
}

export const DEFAULT_ACCESS: Required<AccessOptions> = { maxSnapM: 2000, accessKmh: 20, detour: 1.3 };

export interface LonLat {
  lon: number;
  lat: number;
}

export interface Snapped {
  /** Graph node of each point, -1 when farther than maxSnapM. */
  node: Int32Array;
  distanceM: Float64Array;
  /** Access leg in minutes (quantised), Infinity when not snapped. */
  legMinutes: Float64Array;
  /** Indices of the points that were not snapped. */
  tooFar: number[];
}

/** Access-leg minutes for a straight-line distance. */
export function accessLegMinutes(distanceM: number, options: AccessOptions = {}): number {
  const o = { ...DEFAULT_ACCESS, ...options };
  return quantizeMinutes(((distanceM * o.detour) / 1000 / o.accessKmh) * 60);
}

export function buildNodeIndex(lon: Float64Array, lat: Float64Array): KDBush {
  const index = new KDBush(lon.length, 64, Float64Array);
  for (let i = 0; i < lon.length; i++) index.add(lon[i], lat[i]);
  index.finish();
  return index;
}

/** Nearest item of a geographic index within maxM metres, or -1. */
function nearestWithin(index: KDBush, lon: number, lat: number, maxM: number): number {
  const ids = around(index as never, lon, lat, 1, maxM / 1000) as unknown as number[];
  return ids.length > 0 ? ids[0] : -1;
}

export function snapPoints(graph: RoadGraph, points: ReadonlyArray<LonLat>, options: AccessOptions = {}, index?: KDBush): Snapped {
  const o = { ...DEFAULT_ACCESS, ...options };
  const idx = index ?? buildNodeIndex(graph.lon, graph.lat);
  const n = points.length;
  const node = new Int32Array(n).fill(-1);
  const distanceM = new Float64Array(n).fill(Infinity);
  const legMinutes = new Float64Array(n).fill(Infinity);
  const tooFar: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = points[i];
    const v = graph.nodeCount > 0 ? nearestWithin(idx, p.lon, p.lat, o.maxSnapM) : -1;
    if (v < 0) {
      tooFar.push(i);
      continue;
    }
    node[i] = v;
    distanceM[i] = haversine(p.lon, p.lat, graph.lon[v], graph.lat[v]);
    legMinutes[i] = accessLegMinutes(distanceM[i], o);
  }
  return { node, distanceM, legMinutes, tooFar };
}

/**
 * Direct (off-network) access: for each point, the access-leg time straight to the nearest site
 * within maxSnapM, Infinity otherwise. A point located on a help point gets 0.
 */
export function directLegMinutes(points: ReadonlyArray<LonLat>, sites: ReadonlyArray<LonLat>, options: AccessOptions = {}): Float64Array {
  const o = { ...DEFAULT_ACCESS, ...options };
  const out = new Float64Array(points.length).fill(Infinity);
  if (sites.length === 0) return out;
  const idx = buildNodeIndex(Float64Array.from(sites, (s) => s.lon), Float64Array.from(sites, (s) => s.lat));
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const j = nearestWithin(idx, p.lon, p.lat, o.maxSnapM);
    if (j >= 0) out[i] = accessLegMinutes(haversine(p.lon, p.lat, sites[j].lon, sites[j].lat), o);
  }
  return out;
}
