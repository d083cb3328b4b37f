/**
 * Speed profiles: which roads are drivable and how fast a car goes on them.
 *
 * A profile is a plain serialisable object (JSON round-trips) that the UI can show and edit.
 * Speeds are km/h and are meant as typical *travel* speeds, not legal limits:
 * - OSM: a `maxspeed` tag wins (× `maxspeedFactor`, because the legal limit is rarely held);
 *   otherwise the per-class default, in its rural or urban column.
 *   OSM ways carry no urban/rural flag, so `osm.context` picks the column (default 'rural',
 *   except classes whose both columns are equal). French legal limits: motorway 130 (110 when
 *   wet / urban motorway), 2×2 roads 110, other rural roads 80 since 2018 (90 again on some
 *   departmental roads), built-up areas 50, "zones 30" and living streets 20.
 * - IGN BD TOPO: `vitesse_moyenne_vl` (IGN's own average car speed) when present and > 0,
 *   else a nature override, else the per-`importance` default (urban column when `urbain`).
 */

export interface UrbanRural {
  rural: number;
  urban: number;
}

export interface OsmProfile {
  /** Default speed per OSM `highway` value. A class absent from this table is not drivable. */
  highway: Record<string, UrbanRural>;
  /** Column used when a way has no usable maxspeed. */
  context: 'rural' | 'urban';
  /** Typical speed = legal limit × factor (maxspeed tags only). */
  maxspeedFactor: number;
  /** Keep `highway=track` only when `tracktype=grade1`. */
  trackGrade1Only: boolean;
  /** Drop `service=parking_aisle|drive-through` (they create many tiny dead ends). */
  dropParkingAisles: boolean;
}

export interface IgnProfile {
  useVitesseMoyenne: boolean;
  /** Default speed per `importance` ("1" major … "6" minor). */
  importance: Record<string, UrbanRural>;
  /** Speed overrides per `nature` (applied before importance, after vitesse_moyenne_vl). */
  nature: Record<string, number>;
  /** Natures that are not drivable by car. */
  excludedNatures: string[];
  /** `acces_vehicule_leger` values that exclude the road. */
  excludedAccess: string[];
}

export interface SpeedProfile {
  version: 1;
  /** Speeds are clamped to [minKmh, maxKmh]. */
  minKmh: number;
  maxKmh: number;
  osm: OsmProfile;
  ign: IgnProfile;
}

const ur = (rural: number, urban: number): UrbanRural => ({ rural, urban });

/** Documented French defaults. Always returns a fresh, editable object. */
export function defaultSpeedProfile(): SpeedProfile {
  return {
    version: 1,
    minKmh: 5,
    maxKmh: 130,
    osm: {
      highway: {
        motorway: ur(130, 110),
        motorway_link: ur(70, 50),
        trunk: ur(110, 80),
        trunk_link: ur(60, 40),
        primary: ur(80, 50),
        primary_link: ur(50, 40),
        secondary: ur(80, 50),
        secondary_link: ur(50, 40),
        tertiary: ur(70, 50),
        tertiary_link: ur(40, 30),
        unclassified: ur(50, 40),
        residential: ur(50, 30),
        living_street: ur(20, 20),
        service: ur(20, 20),
        road: ur(40, 30),
        track: ur(20, 20),
      },
      context: 'rural',
      maxspeedFactor: 0.9,
      trackGrade1Only: true,
      dropParkingAisles: true,
    },
    ign: {
      useVitesseMoyenne: true,
      importance: {
        '1': ur(110, 70),
        '2': ur(80, 50),
        '3': ur(70, 45),
        '4': ur(60, 40),
        '5': ur(40, 30),
        '6': ur(20, 20),
      },
      nature: {
        'Type autoroutier': 120,
        'Bretelle': 50,
        'Rond-point': 30,
        'Route empierrée': 20,
        'Chemin': 15,
      },
      excludedNatures: ['Sentier', 'Chemin', 'Escalier', 'Piste cyclable', 'Bac ou liaison maritime', 'Bac auto', 'Bac piéton'],
      excludedAccess: ['Physiquement impossible', 'Restreint aux ayants droit'],
    },
  };
}

/** Road classes stored per segment (Uint8). OSM and IGN map onto the same small scale. */
export const ROAD_CLASSES = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'local', 'service', 'other'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

export function osmRoadClass(highway: string): number {
  const base = highway.endsWith('_link') ? highway.slice(0, -5) : highway;
  switch (base) {
    case 'motorway': return 0;
    case 'trunk': return 1;
    case 'primary': return 2;
    case 'secondary': return 3;
    case 'tertiary': return 4;
    case 'unclassified': case 'residential': case 'living_street': case 'road': return 5;
    case 'service': case 'track': return 6;
    default: return 7;
  }
}

export function ignRoadClass(importance: string | null | undefined): number {
  const i = Number(importance);
  return i >= 1 && i <= 6 ? Math.min(i - 1, 6) : 7;
}

const MPH = 1.609344;

/**
 * Parse an OSM `maxspeed` value to km/h (legal limit, before the factor).
 * Returns null when unknown or not a number ("signals", "variable", …).
 * "none" (German autobahn style) → the profile max; "walk" → 6; lists "50;30" → the first value.
 */
export function parseMaxspeed(raw: string | null | undefined, maxKmh = 130): number | null {
  if (raw == null) return null;
  const first = raw.split(/[;|]/)[0].trim().toLowerCase();
  if (first === '') return null;
  switch (first) {
    case 'none': return maxKmh;
    case 'walk': return 6;
    case 'fr:urban': case 'fr:zone30': case 'fr:zone:30': return first === 'fr:urban' ? 50 : 30;
    case 'fr:rural': return 80;
    case 'fr:motorway': return 130;
    case 'fr:trunk': return 110;
    case 'fr:living_street': case 'fr:walk': return 20;
  }
  const m = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph)?$/.exec(first);
  if (!m) return null;
  const v = Number(m[1]);
  if (!(v > 0)) return null;
  return m[2] === 'mph' ? v * MPH : v;
}

const clamp = (v: number, p: SpeedProfile) => Math.min(p.maxKmh, Math.max(p.minKmh, v));

/** Speed (km/h) of an OSM way, or null when its class is not drivable in the profile. */
export function osmSpeedKmh(p: SpeedProfile, highway: string, maxspeed?: string | null): number | null {
  const cls = p.osm.highway[highway];
  if (!cls) return null;
  const legal = parseMaxspeed(maxspeed, p.maxKmh);
  if (legal != null) return clamp(legal * p.osm.maxspeedFactor, p);
  return clamp(cls[p.osm.context], p);
}

export interface IgnAttributes {
  nature?: string | null;
  importance?: string | number | null;
  vitesse_moyenne_vl?: number | string | null;
  urbain?: boolean | string | null;
}

const truthy = (v: unknown) => v === true || v === 'true' || v === 't' || v === '1' || v === 1 || v === 'Vrai' || v === 'oui';

/** Speed (km/h) of an IGN tronçon (drivability is decided separately, see ignDrivable). */
export function ignSpeedKmh(p: SpeedProfile, a: IgnAttributes): number {
  const v = Number(a.vitesse_moyenne_vl);
  if (p.ign.useVitesseMoyenne && a.vitesse_moyenne_vl != null && a.vitesse_moyenne_vl !== '' && v > 0) return clamp(v, p);
  const byNature = a.nature ? p.ign.nature[a.nature] : undefined;
  if (byNature != null) return clamp(byNature, p);
  const imp = p.ign.importance[String(a.importance ?? '')] ?? p.ign.importance['6'];
  return clamp(truthy(a.urbain) ? imp.urban : imp.rural, p);
}

export function ignDrivable(p: SpeedProfile, nature: string | null | undefined, access: string | null | undefined): boolean {
  if (nature && p.ign.excludedNatures.includes(nature)) return false;
  if (access && p.ign.excludedAccess.includes(access)) return false;
  return true;
}

/** IGN `sens_de_circulation` → oneway flag (0 both, 1 forward, -1 backward); null = not drivable ("Sans objet"). */
export function ignOneway(sens: string | null | undefined): 0 | 1 | -1 | null {
  switch ((sens ?? '').trim()) {
    case 'Sens direct': return 1;
    case 'Sens inverse': return -1;
    case 'Sans objet': return null;
    default: return 0; // "Double sens" or missing
  }
}
