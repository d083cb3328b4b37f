/**
 * The official open-data sources that "Charger mon territoire" reads, and how to ask each of
 * them for one territory. Pure: addresses and query texts only; the downloads are in
 * fetch_territory.ts, the same in the browser and in the command line.
 *
 * Endpoints as documented by their publishers (checked against the documentation available to
 * us in November 2026; re-check them when a source starts failing):
 * - API Découpage administratif, https://geo.api.gouv.fr (doc: https://geo.api.gouv.fr/decoupage-administratif):
 *   `/departements/{code}/communes` and `/epcis/{siren}/communes`, `format=geojson&geometry=contour`,
 *   `fields=` the properties wanted (`mairie` = town hall point, `population` = municipal population).
 * - data.gouv.fr API v1, https://www.data.gouv.fr/api/1 (doc: https://doc.data.gouv.fr/api/reference/):
 *   `GET /datasets/{slug}/` gives the dataset and its resources (id, title, format, url,
 *   last_modified, filesize); `GET /datasets/?q=` searches when a slug has moved.
 * - data.gouv.fr tabular API, https://tabular-api.data.gouv.fr/api (doc: https://tabular-api.data.gouv.fr/api/doc):
 *   `GET /resources/{rid}/data/?{column}__{exact|greater|less}={value}&page_size=&page=` gives
 *   `{ data: [...], links: { next }, meta: { total } }`; used so that a national file is never
 *   downloaded whole for one territory.
 * - Overpass API (OpenStreetMap), https://overpass-api.de/api/interpreter, POST `data=<query>`.
 */
import { wgs84ToLambert93 } from '../../domain/projection.ts';

export interface Endpoints {
  geoApi: string;
  dataGouvApi: string;
  tabularApi: string;
  overpass: string;
}

export const OFFICIAL_ENDPOINTS: Endpoints = {
  geoApi: 'https://geo.api.gouv.fr',
  dataGouvApi: 'https://www.data.gouv.fr/api/1',
  tabularApi: 'https://tabular-api.data.gouv.fr/api',
  overpass: 'https://overpass-api.de/api/interpreter',
};

/**
 * The same services behind one mirror (an administration's proxy, or the test fixture server):
 * `<base>/geo`, `<base>/datagouv/api/1`, `<base>/tabular/api`, `<base>/overpass/api/interpreter`.
 */
export function mirrorEndpoints(base: string): Endpoints {
  const b = base.replace(/\/+$/, '');
  return { geoApi: `${b}/geo`, dataGouvApi: `${b}/datagouv/api/1`, tabularApi: `${b}/tabular/api`, overpass: `${b}/overpass/api/interpreter` };
}

export type TerritoryRequest = { kind: 'departement'; code: string } | { kind: 'epci'; code: string };

const DEPARTEMENT = /^(0[1-9]|1\d|2[1-9]|2A|2B|[3-8]\d|9[0-5]|97[1-46])$/;

/** Reads what the user typed: a département code ("58", "2A", "971") or an EPCI SIREN (9 digits). */
export function parseTerritoryRequest(text: string): TerritoryRequest | { error: string } {
  const t = text.trim().toUpperCase().replace(/\s+/g, '');
  if (/^\d$/.test(t)) return parseTerritoryRequest(`0${t}`);
  if (DEPARTEMENT.test(t)) return { kind: 'departement', code: t };
  if (/^\d{9}$/.test(t)) return { kind: 'epci', code: t };
  return { error: `« ${text.trim().slice(0, 40)} » n'est ni un code de département (ex. 58, 2A, 971) ni un numéro SIREN d'EPCI (9 chiffres).` };
}

/** "département 58" or "EPCI 200067759". */
export const territoryLabel = (t: TerritoryRequest) => (t.kind === 'departement' ? `département ${t.code}` : `EPCI ${t.code}`);

export type SourceId = 'communes' | 'france_services' | 'lieux_mediation' | 'arcep_fixe' | 'arcep_mobile' | 'insee_ages' | 'routes';

/** How a national table is cut down to the territory through the tabular API. */
export type TabularFilter =
  /** Rows whose WGS84 position falls in the territory's box widened by the buffer. */
  | { type: 'bbox_wgs84'; lon: string; lat: string }
  /** Same, for positions in Lambert-93 metres. */
  | { type: 'bbox_l93'; x: string; y: string }
  /** Rows whose commune code starts with one of the territory's départements (a text range). */
  | { type: 'code_prefix'; column: string };

export interface DataGouvSource {
  id: SourceId;
  /** Slug of the dataset on data.gouv.fr; when it has moved, `search` finds it again. */
  dataset: string;
  search: string;
  /** Which resource of the dataset to read (the most recent one that matches). */
  resource: (r: DataGouvResource) => boolean;
  filter: TabularFilter;
  /** The format the rows are written back in, for the importer that reads this source. */
  rebuildAs: 'csv' | 'json';
  /** Above this size a resource is never downloaded whole; only the tabular API is used. */
  maxWholeBytes: number;
}

export interface DataGouvResource {
  id: string;
  title: string;
  format: string;
  url: string;
  latest?: string;
  last_modified?: string;
  filesize?: number | null;
}

export interface SourceInfo {
  id: SourceId;
  /** French label shown in the dialog and the sources panel. */
  label: string;
  publisher: string;
  /** French: what this source receives from us (the privacy statement lists them). */
  sends: string;
  /** File name given to the importer and kept in the workspace. */
  fileName: (t: TerritoryRequest) => string;
}

const code = (t: TerritoryRequest) => t.code;
const MB = 1024 * 1024;
const csv = (pattern: RegExp) => (r: DataGouvResource) => /csv/i.test(r.format) && pattern.test(r.title);

export const SOURCES: readonly SourceInfo[] = [
  {
    id: 'communes', label: 'Communes : contours, mairie, population, EPCI', publisher: 'API Découpage administratif (geo.api.gouv.fr)',
    sends: 'le code du territoire', fileName: (t) => `communes-${code(t)}.geojson`,
  },
  {
    id: 'france_services', label: 'France Services', publisher: 'ANCT, data.gouv.fr',
    sends: 'le rectangle du territoire (longitudes et latitudes)', fileName: (t) => `france-services-${code(t)}.csv`,
  },
  {
    id: 'lieux_mediation', label: 'Lieux de médiation numérique (standard national)', publisher: 'ANCT / Société numérique, data.gouv.fr',
    sends: 'le rectangle du territoire (longitudes et latitudes)', fileName: (t) => `lieux-mediation-${code(t)}.json`,
  },
  {
    id: 'arcep_fixe', label: 'Internet fixe par commune (Ma connexion internet)', publisher: 'ARCEP, data.gouv.fr',
    sends: 'le code du département', fileName: (t) => `arcep-fixe-${code(t)}.csv`,
  },
  {
    id: 'arcep_mobile', label: 'Sites mobiles 2G/3G/4G', publisher: 'ARCEP, data.gouv.fr',
    sends: 'le rectangle du territoire (Lambert-93)', fileName: (t) => `arcep-sites-mobiles-${code(t)}.csv`,
  },
  {
    id: 'insee_ages', label: "Population par tranche d'âge (recensement)", publisher: 'INSEE, data.gouv.fr',
    sends: 'le code du département', fileName: (t) => `insee-population-age-${code(t)}.csv`,
  },
  {
    id: 'routes', label: 'Réseau routier (OpenStreetMap)', publisher: 'OpenStreetMap, API Overpass',
    sends: 'le rectangle du territoire (longitudes et latitudes)', fileName: (t) => `routes-${code(t)}.osm.json`,
  },
];

export const sourceInfo = (id: SourceId): SourceInfo => SOURCES.find((s) => s.id === id)!;

/**
 * The data.gouv.fr datasets. Slugs seen in public references: `liste-des-structures-france-services`
 * (ANCT), `ma-connexion-internet` and `mon-reseau-mobile` (ARCEP). The national lieux de médiation
 * dataset and the INSEE ages are published under slugs that change with each consolidation: the
 * slugs below are our best knowledge and the search (`search`) finds them when they have moved.
 * A wrong guess shows as a named failing source; the user can then drop the file by hand.
 */
export const DATA_GOUV_SOURCES: readonly DataGouvSource[] = [
  {
    id: 'france_services', dataset: 'liste-des-structures-france-services', search: 'structures France services ANCT',
    resource: csv(/france ?services/i), filter: { type: 'bbox_wgs84', lon: 'longitude', lat: 'latitude' }, rebuildAs: 'csv', maxWholeBytes: 20 * MB,
  },
  {
    id: 'lieux_mediation', dataset: 'lieux-de-mediation-numerique-sur-le-territoire-national', search: 'lieux de médiation numérique standard national',
    resource: csv(/m[ée]diation|lieux/i), filter: { type: 'bbox_wgs84', lon: 'longitude', lat: 'latitude' }, rebuildAs: 'json', maxWholeBytes: 0,
  },
  {
    id: 'arcep_fixe', dataset: 'ma-connexion-internet', search: 'ARCEP ma connexion internet commune',
    resource: csv(/commune/i), filter: { type: 'code_prefix', column: 'code_insee' }, rebuildAs: 'csv', maxWholeBytes: 0,
  },
  {
    id: 'arcep_mobile', dataset: 'mon-reseau-mobile', search: 'ARCEP mon réseau mobile sites',
    resource: csv(/sites/i), filter: { type: 'bbox_l93', x: 'x', y: 'y' }, rebuildAs: 'csv', maxWholeBytes: 0,
  },
  {
    id: 'insee_ages', dataset: 'population-par-sexe-et-age-base-communale', search: 'INSEE évolution et structure de la population communes',
    resource: csv(/population|pop/i), filter: { type: 'code_prefix', column: 'CODGEO' }, rebuildAs: 'csv', maxWholeBytes: 0,
  },
];

/** The geo.api.gouv.fr request for the communes of a territory (contours + properties). */
export function communesUrl(e: Endpoints, t: TerritoryRequest): string {
  const fields = 'nom,code,codesPostaux,codeDepartement,codeEpci,epci,population,mairie,surface';
  const path = t.kind === 'departement' ? `departements/${t.code}/communes` : `epcis/${t.code}/communes`;
  return `${e.geoApi}/${path}?fields=${fields}&format=geojson&geometry=contour`;
}

/** West, south, east, north. */
export type Bbox = [number, number, number, number];

/** A box widened by `km` on every side (help points and roads just outside count). */
export function widen([w, s, e, n]: Bbox, km: number): Bbox {
  const dLat = km / 111.2;
  const dLon = km / (111.2 * Math.cos((((s + n) / 2) * Math.PI) / 180));
  const r = (v: number) => Math.round(v * 1e5) / 1e5;
  return [r(w - dLon), r(s - dLat), r(e + dLon), r(n + dLat)];
}

/** Query-string parts that cut a national table to the territory (one list per request to make). */
export function tabularFilters(f: TabularFilter, bbox: Bbox, departements: readonly string[]): string[][] {
  const [w, s, e, n] = bbox;
  if (f.type === 'bbox_wgs84') {
    return [[`${f.lon}__greater=${w}`, `${f.lon}__less=${e}`, `${f.lat}__greater=${s}`, `${f.lat}__less=${n}`]];
  }
  if (f.type === 'bbox_l93') {
    const corners = [wgs84ToLambert93(w, s), wgs84ToLambert93(w, n), wgs84ToLambert93(e, s), wgs84ToLambert93(e, n)];
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const r = Math.round;
    return [[`${f.x}__greater=${r(Math.min(...xs))}`, `${f.x}__less=${r(Math.max(...xs))}`, `${f.y}__greater=${r(Math.min(...ys))}`, `${f.y}__less=${r(Math.max(...ys))}`]];
  }
  // Commune codes of département 58 are the text range 58000…58999 (2A: 2A000…2A999; 971: 97100…97199).
  return departements.map((d) => {
    const low = d.length === 3 ? `${d}00` : `${d}000`;
    const high = d.length === 3 ? `${d}99` : `${d}999`;
    return [`${f.column}__greater=${low}`, `${f.column}__less=${high}`];
  });
}


/** The source and territory of a fetched layer, from its file name (see `fileName`), or null. */
export function layerOfFile(file: string): { id: SourceId; request: TerritoryRequest } | null {
  for (const s of SOURCES) {
    const [prefix, suffix] = s.fileName({ kind: 'departement', code: '\u0000' }).split('\u0000');
    if (!file.startsWith(prefix) || !file.endsWith(suffix)) continue;
    const request = parseTerritoryRequest(file.slice(prefix.length, file.length - suffix.length));
    if (!('error' in request)) return { id: s.id, request };
  }
  return null;
}
