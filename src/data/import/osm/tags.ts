/**
 * OSM way tag rules for car routing: which ways are drivable and in which direction.
 * Keys are matched on decoded strings; only the keys listed in KEY_CODES are ever decoded.
 */
import type { SpeedProfile } from '../../../domain/routing/profile.ts';

export const KEY_CODES: Record<string, number> = {
  highway: 0,
  oneway: 1,
  junction: 2,
  access: 3,
  motor_vehicle: 4,
  motorcar: 5,
  maxspeed: 6,
  tracktype: 7,
  service: 8,
  area: 9,
  vehicle: 10,
};
export const KEY_COUNT = 11;
export const K = { highway: 0, oneway: 1, junction: 2, access: 3, motor_vehicle: 4, motorcar: 5, maxspeed: 6, tracktype: 7, service: 8, area: 9, vehicle: 10 } as const;

const DENY = new Set(['no', 'private', 'agricultural', 'forestry', 'delivery', 'emergency']);
const ALLOW = new Set(['yes', 'permissive', 'destination', 'designated', 'customers']);

/** Returns the oneway flag (0, 1, -1) of a drivable way, or null when the way is not drivable. */
export function wayDirection(tags: (string | undefined)[], profile: SpeedProfile): 0 | 1 | -1 | null {
  const hw = tags[K.highway];
  if (hw === undefined || !profile.osm.highway[hw]) return null;
  if (tags[K.area] === 'yes') return null;
  if (hw === 'track' && profile.osm.trackGrade1Only && tags[K.tracktype] !== 'grade1') return null;
  const service = tags[K.service];
  if (profile.osm.dropParkingAisles && (service === 'parking_aisle' || service === 'drive-through')) return null;
  // Most specific access key wins: motorcar > motor_vehicle > vehicle > access.
  const access = tags[K.motorcar] ?? tags[K.motor_vehicle] ?? tags[K.vehicle] ?? tags[K.access];
  if (access !== undefined && DENY.has(access) && !ALLOW.has(access)) return null;
  const ow = tags[K.oneway];
  switch (ow) {
    case 'yes': case 'true': case '1': return 1;
    case '-1': case 'reverse': return -1;
    case 'reversible': case 'alternating': return null;
    case 'no': case 'false': case '0': return 0;
  }
  const j = tags[K.junction];
  if (j === 'roundabout' || j === 'circular') return 1;
  if (hw === 'motorway' || hw === 'motorway_link') return 1;
  return 0;
}
