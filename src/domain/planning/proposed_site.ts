/**
 * The proposed France services as the préfecture files it: name, address, structure porteuse,
 * opening hours per day (diagnosis/hours.ts notation), agents, format (principal / antenne / bus
 * with its stops), and the commune that contains it. Pure: the form's values, their prefill from
 * a point (the commune polygon that contains it, the nearest address a loaded file gives), and
 * what labellingCheck reads of them (hours, agents).
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import { haversine } from '../geo.ts';
import { cleanLabel } from '../outside.ts';
import { WEEKDAYS, type Weekday } from '../diagnosis/hours.ts';
import type { FranceServicesType } from './scenario.ts';
import { elide } from './labelling.ts';

export interface ProposedSite {
  name: string;
  address: string;
  /** Structure porteuse (commune, EPCI, La Poste, association…). */
  structure: string;
  /** One text per day; '' = not filled in (read as closed once another day is filled in). */
  hours: Record<Weekday, string>;
  agents: number | null;
  format: FranceServicesType;
  /** Bus: its stops, one per line ("Commune, jour, horaires"). */
  stops: string[];
  communeCode: string | null;
  communeName: string | null;
}

export const emptyHours = (): Record<Weekday, string> => Object.fromEntries(WEEKDAYS.map((d) => [d, ''])) as Record<Weekday, string>;

export const FORMAT_LABELS_FR: Record<FranceServicesType, string> = { principal: 'France services (site principal)', antenne: 'Antenne', bus: 'Bus itinérant' };

export interface CommuneShape {
  code: string;
  nom: string;
  geometry: Polygon | MultiPolygon;
}

function bbox(g: Polygon | MultiPolygon): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  for (const ring of rings) for (const [x, y] of ring) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/** The commune whose polygon contains (lon, lat) (boundary included), or null. */
export function communeAt(lon: number, lat: number, communes: readonly CommuneShape[]): { code: string; nom: string } | null {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  for (const c of communes) {
    const [x0, y0, x1, y1] = bbox(c.geometry);
    if (lon < x0 || lon > x1 || lat < y0 || lat > y1) continue;
    if (booleanPointInPolygon([lon, lat], c.geometry)) return { code: c.code, nom: c.nom };
  }
  return null;
}

export interface AddressedPlace {
  name: string;
  address: string | null;
  lon: number;
  lat: number;
}

/** The nearest place with an address within `maxMeters` (default 300 m), or null. */
export function nearestAddress(lon: number, lat: number, places: readonly AddressedPlace[], maxMeters = 300): { address: string; from: string; meters: number } | null {
  let best: { address: string; from: string; meters: number } | null = null;
  for (const p of places) {
    const address = p.address?.trim();
    if (!address || !Number.isFinite(p.lon) || !Number.isFinite(p.lat)) continue;
    const d = haversine(lon, lat, p.lon, p.lat) as number;
    if (d <= maxMeters && (!best || d < best.meters)) best = { address, from: p.name, meters: d };
  }
  return best;
}

/**
 * The form as it opens for a point: its commune and nearest address (else the commune's postcode
 * and name, to be completed), the format of the scenario site.
 */
export function prefillProposedSite(
  site: { name?: string; lon: number; lat: number; fsType?: FranceServicesType },
  communes: readonly CommuneShape[],
  places: readonly AddressedPlace[],
  postcodes: ReadonlyMap<string, string> = new Map(),
): ProposedSite {
  const commune = communeAt(site.lon, site.lat, communes);
  const near = nearestAddress(site.lon, site.lat, places);
  const postcode = commune ? postcodes.get(commune.code) : undefined;
  return {
    name: site.name?.trim() || (commune ? `France services ${elide('de', commune.nom)}` : 'Projet de France services'),
    address: near ? near.address : commune ? [postcode, commune.nom].filter(Boolean).join(' ') : '',
    structure: '',
    hours: emptyHours(),
    agents: null,
    format: site.fsType ?? 'principal',
    stops: [],
    communeCode: commune?.code ?? null,
    communeName: commune?.nom ?? null,
  };
}

/** What labellingCheck reads: hours (blank days → null = closed; none filled → undefined) and agents. */
export function candidateInputs(form: ProposedSite): { hours?: Partial<Record<Weekday, string | null>>; agents?: number } {
  const filled = WEEKDAYS.filter((d) => form.hours[d]?.trim());
  const hours = filled.length ? Object.fromEntries(WEEKDAYS.map((d) => [d, form.hours[d]?.trim() || null])) : undefined;
  const agents = form.agents !== null && Number.isFinite(form.agents) && form.agents >= 0 ? form.agents : undefined;
  return { ...(hours ? { hours } : {}), ...(agents !== undefined ? { agents } : {}) };
}

/** Outside text (a stored value): cleaned of control and invisible characters, cut at `max`. */
const str = (v: unknown, max = 300) => cleanLabel(v, max);

/** A stored form read back (outside data): cleaned, or null when it is not one. */
export function checkProposedSite(v: unknown): ProposedSite | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const name = str(o.name);
  if (name === null) return null;
  const h = (typeof o.hours === 'object' && o.hours !== null ? o.hours : {}) as Record<string, unknown>;
  const format = o.format === 'antenne' || o.format === 'bus' ? o.format : 'principal';
  const agents = typeof o.agents === 'number' && Number.isFinite(o.agents) && o.agents >= 0 && o.agents <= 1000 ? o.agents : null;
  return {
    name,
    address: str(o.address) ?? '',
    structure: str(o.structure) ?? '',
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d, str(h[d], 120) ?? ''])) as Record<Weekday, string>,
    agents,
    format,
    stops: Array.isArray(o.stops) ? o.stops.map((x) => str(x)).filter((x): x is string => x !== null).slice(0, 50) : [],
    communeCode: str(o.communeCode, 10),
    communeName: str(o.communeName),
  };
}
