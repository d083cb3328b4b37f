/**
 * Straight-line ("à vol d'oiseau") nearest site for many points: a kdbush index over the sites,
 * geokdbush's great-circle nearest-neighbour search, distances by haversine. Exact, not an
 * approximation of the nearest; the distance itself is a straight line, which the UI labels.
 */
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { haversine } from './geo.ts';

export interface Points {
  lon: Float64Array;
  lat: Float64Array;
}

export interface NearestResult {
  /** Index of the nearest site per point, -1 when there is no site. */
  site: Int32Array;
  /** Distance in metres to that site (NaN when there is none). */
  distanceM: Float64Array;
}

export function buildSiteIndex(sites: Points): KDBush | null {
  const n = sites.lon.length;
  if (n === 0) return null;
  const index = new KDBush(n, 64, Float64Array);
  for (let i = 0; i < n; i++) index.add(sites.lon[i], sites.lat[i]);
  index.finish();
  return index;
}

export function nearestSites(sites: Points, points: Points): NearestResult {
  const n = points.lon.length;
  const site = new Int32Array(n).fill(-1);
  const distanceM = new Float64Array(n).fill(Number.NaN);
  const index = buildSiteIndex(sites);
  if (!index) return { site, distanceM };
  for (let i = 0; i < n; i++) {
    const [best] = around(index, points.lon[i], points.lat[i], 1);
    site[i] = best;
    distanceM[i] = haversine(points.lon[i], points.lat[i], sites.lon[best], sites.lat[best]);
  }
  return { site, distanceM };
}

/** Reference double loop: used by the tests and as the benchmark baseline. */
export function nearestSitesBruteForce(sites: Points, points: Points): NearestResult {
  const n = points.lon.length;
  const site = new Int32Array(n).fill(-1);
  const distanceM = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < sites.lon.length; j++) {
      const d = haversine(points.lon[i], points.lat[i], sites.lon[j], sites.lat[j]);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    site[i] = best;
    distanceM[i] = best < 0 ? Number.NaN : bestD;
  }
  return { site, distanceM };
}

/** Selects the sites whose flag is set, keeping a map back to the original indices. */
export function subset(sites: Points, keep: (i: number) => boolean): { points: Points; original: Int32Array } {
  const idx: number[] = [];
  for (let i = 0; i < sites.lon.length; i++) if (keep(i)) idx.push(i);
  const lon = new Float64Array(idx.length);
  const lat = new Float64Array(idx.length);
  idx.forEach((j, k) => {
    lon[k] = sites.lon[j];
    lat[k] = sites.lat[j];
  });
  return { points: { lon, lat }, original: Int32Array.from(idx) };
}
