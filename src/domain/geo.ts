/** Great-circle distance on the WGS84 mean sphere (R = 6,371 km), the same formula geokdbush uses. */
import { meters, type Meters } from './units.ts';

/** The one Earth radius of the code base (distances in JS and in SQL, unit-sphere chords). */
export const EARTH_RADIUS_M = 6_371_000;
const RAD = Math.PI / 180;

export function haversine(lon1: number, lat1: number, lon2: number, lat2: number): Meters {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return meters(2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a))));
}
