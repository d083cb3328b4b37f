/**
 * Straight-line ("vol d'oiseau") fallback when no road graph is available.
 * time = haversine distance × detour (default 1.3) ÷ speed (default 50 km/h: an average
 * between rural 80 km/h roads and slow urban/local roads; deliberately a rough estimate).
 */
import { haversineM } from './graph.ts';

export interface FallbackOptions {
  detour?: number;
  speedKmh?: number;
}

export const DEFAULT_FALLBACK: Required<FallbackOptions> = { detour: 1.3, speedKmh: 50 };

export interface EstimatedTime {
  minutes: number;
  estimate: 'vol_oiseau';
}

export function straightLineMinutes(lon1: number, lat1: number, lon2: number, lat2: number, options: FallbackOptions = {}): EstimatedTime {
  const o = { ...DEFAULT_FALLBACK, ...options };
  const d = haversineM(lon1, lat1, lon2, lat2);
  return { minutes: ((d * o.detour) / 1000 / o.speedKmh) * 60, estimate: 'vol_oiseau' };
}

/** For each point, the straight-line estimate to the nearest site (brute force over sites; use for small inputs). */
export function nearestStraightLine(
  points: ReadonlyArray<{ lon: number; lat: number }>,
  sites: ReadonlyArray<{ lon: number; lat: number }>,
  options: FallbackOptions = {},
): { minutes: Float64Array; nearest: Int32Array; estimate: 'vol_oiseau' } {
  const minutes = new Float64Array(points.length).fill(Infinity);
  const nearest = new Int32Array(points.length).fill(-1);
  for (let i = 0; i < points.length; i++) {
    for (let j = 0; j < sites.length; j++) {
      const t = straightLineMinutes(points[i].lon, points[i].lat, sites[j].lon, sites[j].lat, options).minutes;
      if (t < minutes[i]) {
        minutes[i] = t;
        nearest[i] = j;
      }
    }
  }
  return { minutes, nearest, estimate: 'vol_oiseau' };
}
