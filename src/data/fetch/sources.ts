/**
 * The official open-data sources that "Charger mon territoire" reads, and how to ask each of
 * them for one territory. Pure: addresses, identities and query texts only; the downloads are in
 * fetch_territory.ts and its helpers, the same in the browser and on the command line.
 *
 * How each service answers was checked in its own code (repositories fetched with the search
 * tool; commits read in November 2026), see /work/shared/data/SERVICES.md:
 * - API Découpage administratif, https://geo.api.gouv.fr (datagouv/api-geo): `/departements/{code}/communes`,
 *   `/epcis/{siren}/communes`; unknown code → 404 (server.js). In `format=geojson` the geometry
 *   fields (centre, contour, mairie, bbox) are removed from `properties` (lib/helpers.js
 *   `initFormat`: `geometries.forEach(geometry => req.fields.delete(geometry))`): the town hall is
 *   a second request with `geometry=mairie`. Without a known town hall, `mairie` is the commune's
 *   centre (build/communes.js).
 * - data.gouv.fr API, https://www.data.gouv.fr/api (opendatateam/udata): `GET /1/datasets/{id or slug}/`
 *   (udata/core/dataset/api.py: 404 unknown, **410 "Dataset has been deleted"**), resources with
 *   id, title, format, url, latest, filesize, last_modified, filetype, type (api_fields.py);
 *   `GET /2/datasets/resources/{rid}/` gives `{resource, dataset_id}` (apiv2.py).
 * - data.gouv.fr tabular API, https://tabular-api.data.gouv.fr/api (datagouv/api-tabular):
 *   `GET /resources/{rid}/data/?{col}__{exact|greater|less|in}=…&page=&page_size=`;
 *   `__greater`/`__less` are inclusive (core/query.py: gte/lte); **page_size above 50 → 400**
 *   (config_default.toml PAGE_SIZE_MAX = 50, core/utils.py build_offset); `links.next` is built
 *   from the configured SCHEME and SERVER_NAME, not from the request (core/url.py external_url),
 *   so a mirror's next page points at the official host; a deleted resource → 410
 *   (tabular/utils.py get_resource, HTTPGone). Only CSV up to 100 MB (XLSX 12.5 MB) are
 *   indexed (datagouv/hydra config_default.toml MAX_FILESIZE_ALLOWED); others answer 404.
 *   Column types come from csv-detective: 0/1 (and oui/non, true/false…) columns become
 *   booleans (formats/bool.py) and come back as JSON true/false; a value with a leading zero
 *   is never an integer (formats/int.py), so commune codes stay text.
 * - INSEE Melodi API, https://api.insee.fr/melodi (cbobinec/melodi, INSEE's R client): open,
 *   no key, 30 requests a minute then 429; `GET /data/{dataset}?GEO=DEP-44*COM` or
 *   `GEO=EPCI-{siren}*COM` for every commune of a territory, `maxResult` ≤ 10 000, `paging.next`.
 * - Overpass API (OpenStreetMap), https://overpass-api.de/api/interpreter, POST `data=<query>`.
 */
import { wgs84ToLambert93 } from '../../domain/projection.ts';
import { httpUrl } from '../../domain/outside.ts';

export interface Endpoints {
  geoApi: string;
  /** data.gouv.fr API root, version 1. */
  dataGouvApi: string;
  tabularApi: string;
  overpass: string;
  /** INSEE Melodi API root. */
  melodi: string;
}

export const OFFICIAL_ENDPOINTS: Endpoints = {
  geoApi: 'https://geo.api.gouv.fr',
  dataGouvApi: 'https://www.data.gouv.fr/api/1',
  tabularApi: 'https://tabular-api.data.gouv.fr/api',
  overpass: 'https://overpass-api.de/api/interpreter',
  melodi: 'https://api.insee.fr/melodi',
};

/**
 * The same services behind one mirror (an administration's proxy, or the test stand-in):
 * `<base>/geo`, `<base>/datagouv/api/1` (and `/2`), `<base>/tabular/api`,
 * `<base>/overpass/api/interpreter`, `<base>/melodi`.
 */
export function mirrorEndpoints(base: string): Endpoints {
  const b = base.replace(/\/+$/, '');
  return {
    geoApi: `${b}/geo`, dataGouvApi: `${b}/datagouv/api/1`, tabularApi: `${b}/tabular/api`,
    overpass: `${b}/overpass/api/interpreter`, melodi: `${b}/melodi`,
  };
}

/**
 * Where data.gouv.fr serves resource files: the API's `latest` permalink (www) and the file
 * stores it leads to. The same hosts as the app's connect-src (vite.config.ts).
 */
export const DATAGOUV_FILE_ORIGINS: readonly string[] = ['https://www.data.gouv.fr', 'https://static.data.gouv.fr', 'https://object.files.data.gouv.fr'];

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * Origins an address taken from a remote answer may point to: those of the endpoints asked (the
 * official services, or the mirror the user typed, port included) and, with the official
 * data.gouv.fr, its file stores. Nothing else (no other port of 127.0.0.1, no other host).
 */
export function expectedOrigins(e: Endpoints): Set<string> {
  const origins = new Set(Object.values(e).map(originOf).filter((o): o is string => o !== null));
  if (originOf(e.dataGouvApi) === originOf(OFFICIAL_ENDPOINTS.dataGouvApi)) for (const o of DATAGOUV_FILE_ORIGINS) origins.add(o);
  return origins;
}

/** An address from a remote answer, when it is a valid http(s) URL on an expected origin; else null. */
export function followable(v: unknown, e: Endpoints): string | null {
  const url = httpUrl(v);
  const origin = url ? originOf(url) : null;
  return url && origin && expectedOrigins(e).has(origin) ? url : null;
}

/** An identifier from a remote answer put into a path (a resource id): letters, digits, '-' and '_' only. */
export const safeId = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(v);

/** The data.gouv.fr API v2 root beside the v1 one ("…/api/1" → "…/api/2"). */
export const dataGouvApi2 = (e: Endpoints) => e.dataGouvApi.replace(/\/1\/?$/, '/2');

export type TerritoryRequest = { kind: 'departement'; code: string } | { kind: 'epci'; code: string };

const DEPARTEMENT = /^(0[1-9]|1\d|2[1-9]|2A|2B|[3-8]\d|9[0-5]|97[1-46])$/;

/**
 * A mirror typed in the browser's dialog, or why it is refused (French). The app's
 * Content-Security-Policy (vite.config.ts, connect-src) lets the page reach the official
 * services and a mirror on this machine only (127.0.0.1 or localhost, any port): any other
 * address would be blocked by the browser after the click. `npm run data:fetch` has no such limit.
 */
export function browserMirrorError(base: string): string | null {
  const shown = base.slice(0, 80);
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return `Adresse de miroir « ${shown} » invalide (http://… ou https://… attendu).`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Adresse de miroir « ${shown} » invalide (http://… ou https://… attendu).`;
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    return `Miroir « ${shown} » refusé : dans le navigateur, le miroir doit tourner sur cet ordinateur (http://127.0.0.1:… ou http://localhost:…), la politique de sécurité de l'application bloque toute autre adresse. Pour un miroir ailleurs sur le réseau, utilisez npm run data:fetch -- --miroir <adresse> et déposez le lot obtenu.`;
  }
  return null;
}

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

export type SourceId =
  | 'communes' | 'france_services' | 'lieux_mediation' | 'arcep_fixe' | 'arcep_fibre' | 'arcep_mobile' | 'arcep_couverture' | 'insee_ages' | 'routes';

/** Every source, in the order they are shown. */
export const SOURCE_IDS: readonly SourceId[] = [
  'communes', 'france_services', 'lieux_mediation', 'arcep_fixe', 'arcep_fibre', 'arcep_mobile', 'arcep_couverture', 'insee_ages', 'routes',
];

/** How a national table is cut down to the territory through the tabular API. */
export type TabularFilter =
  /** Rows whose WGS84 position falls in the territory's box widened by the buffer. */
  | { type: 'bbox_wgs84'; lon: string; lat: string }
  /** Same, for positions in Lambert-93 metres. */
  | { type: 'bbox_l93'; x: string; y: string }
  /** Rows whose commune code starts with one of the territory's départements (a text range). */
  | { type: 'code_prefix'; column: string };

export interface DataGouvResource {
  id: string;
  title: string;
  format: string;
  url: string;
  latest?: string;
  last_modified?: string;
  filesize?: number | null;
  filetype?: string;
  type?: string;
}

/**
 * A data.gouv.fr source, identified by its dataset (id or slug) and its file schema, never by a
 * search hit: look-alike datasets exist (a city's copy of the France Services list with 8
 * records, a draft named "test-structure-1", per-source médiation datasets).
 */
export interface DataGouvSource {
  id: SourceId;
  /** The dataset: its slug (old slugs redirect), and its stable id when known. */
  dataset: { slug?: string; id?: string; knownResource?: string };
  /** The publisher expected (organization name or slug). */
  publisher: RegExp;
  /** What the search may be asked when the dataset has moved (answers are checked, never trusted). */
  search: string;
  /** Datasets never taken, even with the right columns (per-source extracts, copies). */
  excludeDataset?: RegExp;
  /** Which resources may be this source (title or file name), given the territory's départements. */
  resource: (r: DataGouvResource, departements: readonly string[]) => boolean;
  /** Sort key of candidate resources, greatest first (default: last_modified). */
  resourceOrder?: (r: DataGouvResource) => string;
  /** Columns the importer needs: a resource without them is not this source. */
  columns: readonly string[];
  /** A national table has at least this many rows: fewer means a partial copy or a draft. */
  minRows: number;
  filter: TabularFilter;
  /** Extra filters on every tabular request (e.g. only the 4G rows). */
  extra?: readonly string[];
  /**
   * Rows of the territory (by commune code) that a box filter cannot see because they have no
   * position: counted (`{lat}__isnull`, api-tabular core/query.py) and said, never silently dropped.
   */
  unplaced?: { code: string; lat: string };
  /** The format the rows are written back in, for the importer that reads this source. */
  rebuildAs: 'csv' | 'json';
  /** Above this size a resource is never downloaded whole; only the tabular API is used. */
  maxWholeBytes: number;
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
  /** French: what to do by hand when this source cannot be fetched. */
  manual: string;
}

const code = (t: TerritoryRequest) => t.code;
const MB = 1024 * 1024;
const isCsv = (r: DataGouvResource) => /csv/i.test(r.format ?? '') || /\.csv(\?|$)/i.test(r.url ?? '');
const nameOf = (r: DataGouvResource) => `${r.title ?? ''} ${(r.url ?? '').replace(/^.*\//, '')}`;
const overseas = (departements: readonly string[]) => departements.some((d) => d.startsWith('97'));

/** Where to get the INSEE file by hand (RP 2022, the commune base of "Évolution et structure de la population"). */
export const INSEE_AGES_FILE = {
  name: 'base-cc-evol-struct-pop-2022.CSV',
  zip: 'https://www.insee.fr/fr/statistiques/fichier/8581696/base-cc-evol-struct-pop-2022_csv.zip',
};

export const OSM_EXTRACTS = 'https://download.openstreetmap.fr/extracts/europe/france/';

export const SOURCES: readonly SourceInfo[] = [
  {
    id: 'communes', label: 'Communes : contours, mairie, population, EPCI', publisher: 'API Découpage administratif (geo.api.gouv.fr)',
    sends: 'le code du territoire', fileName: (t) => `communes-${code(t)}.geojson`,
    manual: 'déposez un GeoJSON des contours des communes (IGN Admin Express) et les populations légales de l’INSEE.',
  },
  {
    id: 'france_services', label: 'France Services', publisher: 'ANCT, data.gouv.fr',
    sends: 'le rectangle du territoire (longitudes et latitudes)', fileName: (t) => `france-services-${code(t)}.csv`,
    manual: 'déposez le fichier liste-fs-AAAAMMJJ.csv du jeu « Liste des structures France services » (data.gouv.fr).',
  },
  {
    id: 'lieux_mediation', label: 'Lieux de médiation numérique (standard national)', publisher: 'ANCT / Société numérique, data.gouv.fr',
    sends: 'le rectangle du territoire (longitudes et latitudes)', fileName: (t) => `lieux-mediation-${code(t)}.json`,
    manual: 'déposez l’export national des lieux de médiation numérique (cartographie nationale, data.gouv.fr).',
  },
  {
    id: 'arcep_fixe', label: 'Internet fixe : locaux à 30 Mbit/s ou plus (ARCEP, Ma connexion internet)', publisher: 'ARCEP, data.gouv.fr',
    sends: 'le code du département', fileName: (t) => `arcep-fixe-terrestre-${code(t)}.csv`,
    manual: 'déposez commune_debit_terrestre.csv du jeu « Ma connexion internet » (ARCEP, data.gouv.fr).',
  },
  {
    id: 'arcep_fibre', label: 'Locaux raccordables à la fibre (ARCEP, Ma connexion internet)', publisher: 'ARCEP, data.gouv.fr',
    sends: 'le code du département', fileName: (t) => `arcep-fibre-${code(t)}.csv`,
    manual: 'déposez commune_meilleure_techno_thd.csv du jeu « Ma connexion internet » (ARCEP, data.gouv.fr).',
  },
  {
    id: 'arcep_mobile', label: 'Sites mobiles 2G/3G/4G/5G (ARCEP)', publisher: 'ARCEP, data.gouv.fr',
    sends: 'le rectangle du territoire (longitudes et latitudes)', fileName: (t) => `arcep-sites-mobiles-${code(t)}.csv`,
    manual: 'déposez le dernier fichier AAAA_Tn_sites_Metropole.csv (ou _Outremer) du jeu « Mon réseau mobile » (ARCEP, data.gouv.fr).',
  },
  {
    id: 'arcep_couverture', label: 'Couverture 4G par commune et opérateur (ARCEP)', publisher: 'ARCEP, data.gouv.fr',
    sends: 'le code du département', fileName: (t) => `arcep-couverture-4g-${code(t)}.csv`,
    manual: 'déposez le dernier fichier AAAATn_op_communes.csv du jeu « Mon réseau mobile » (ARCEP, data.gouv.fr) ; sans lui, la 4G est estimée à partir des sites.',
  },
  {
    id: 'insee_ages', label: "Population par tranche d'âge (recensement)", publisher: 'INSEE, API Melodi',
    sends: 'le code du territoire', fileName: (t) => `insee-population-age-${code(t)}.json`,
    manual: `déposez ${INSEE_AGES_FILE.name}, extrait de ${INSEE_AGES_FILE.zip} (INSEE, « Évolution et structure de la population », fichier communal) : Maillage lit le fichier national entier (environ 35 000 communes) et n'utilise que les communes chargées.`,
  },
  {
    id: 'routes', label: 'Réseau routier (OpenStreetMap)', publisher: 'OpenStreetMap, API Overpass',
    sends: 'le rectangle du territoire (longitudes et latitudes)', fileName: (t) => `routes-${code(t)}.osm.json`,
    manual: `déposez l'extrait OpenStreetMap du département (fichier .osm.pbf, ${OSM_EXTRACTS}, dossier de l'ancienne région puis <département>-latest.osm.pbf).`,
  },
];

export const sourceInfo = (id: SourceId): SourceInfo => SOURCES.find((s) => s.id === id)!;

/** Quarter in a resource name ("2024_T3_sites_…", "2024T3_op_…") as a sortable key, else ''. */
export function quarterKey(r: DataGouvResource): string {
  const m = /(?<!\d)(\d{4})[_-]?T([1-4])(?!\d)/i.exec(nameOf(r));
  return m ? `${m[1]}T${m[2]}` : '';
}

const byQuarterThenDate = (r: DataGouvResource) => `${quarterKey(r) || '0000T0'}|${r.last_modified ?? ''}`;

/**
 * The data.gouv.fr datasets. Confirmed slugs: `liste-des-structures-france-services` (linked from
 * ANCT's own France Services map, anct-carto/france_services README and src/app.js, whose data
 * URL is the resource 31576dff-fd61-4de9-819f-32c2f880b142), `ma-connexion-internet` and
 * `mon-reseau-mobile` (ARCEP). The national lieux de médiation numérique file is known by its
 * resource id, 398edc71-0d51-4cb6-9cbe-2540a4db573c (read as the national CSV by public
 * indicator scripts); its dataset is found from the resource (API v2).
 */
export const DATA_GOUV_SOURCES: readonly DataGouvSource[] = [
  {
    id: 'france_services',
    dataset: { slug: 'liste-des-structures-france-services', knownResource: '31576dff-fd61-4de9-819f-32c2f880b142' },
    publisher: /coh[ée]sion des territoires|ANCT/i, search: 'liste des structures France services',
    // liste-fs-AAAAMMJJ.csv is the list of sites; liste-fs-comAAAA-… is a list of communes (anct-carto scripts).
    resource: (r) => isCsv(r) && !/liste-fs-com/i.test(nameOf(r)),
    columns: ['id_fs', 'lib_fs', 'insee_com', 'latitude', 'longitude', 'type_fs', 'format_fs'], minRows: 1000,
    filter: { type: 'bbox_wgs84', lon: 'longitude', lat: 'latitude' }, rebuildAs: 'csv', maxWholeBytes: 20 * MB,
  },
  {
    id: 'lieux_mediation',
    dataset: { knownResource: '398edc71-0d51-4cb6-9cbe-2540a4db573c' },
    publisher: /cartographie nationale|soci[ée]t[ée] num[ée]rique|coh[ée]sion des territoires|ANCT/i,
    search: 'lieux de médiation numérique sur le territoire national',
    // Per-source datasets ("… fournis par conseiller-numerique / data-inclusion / aidants-connect") are not the national file.
    excludeDataset: /fournis[- ]par|provided by|\bdora\b|aidants[- ]connect|conseiller[- ]num/i,
    resource: (r) => isCsv(r),
    // LaMednum/standard-mediation-num schema.json: id, nom, services, date_maj required; latitude, longitude, code_insee optional.
    columns: ['id', 'nom', 'latitude', 'longitude', 'services'], minRows: 8000,
    filter: { type: 'bbox_wgs84', lon: 'longitude', lat: 'latitude' }, unplaced: { code: 'code_insee', lat: 'latitude' }, rebuildAs: 'json', maxWholeBytes: 0,
  },
  {
    id: 'arcep_fixe',
    dataset: { slug: 'ma-connexion-internet' },
    publisher: /ARCEP|r[ée]gulation des communications/i, search: 'ARCEP ma connexion internet',
    resource: (r) => isCsv(r) && /commune_debit_terrestre/i.test(nameOf(r)),
    columns: ['code_insee', 'nbr', 'elig_thd30', 'elig_thd100', 'elig_thd1g'], minRows: 30_000,
    filter: { type: 'code_prefix', column: 'code_insee' }, rebuildAs: 'csv', maxWholeBytes: 0,
  },
  {
    id: 'arcep_fibre',
    dataset: { slug: 'ma-connexion-internet' },
    publisher: /ARCEP|r[ée]gulation des communications/i, search: 'ARCEP ma connexion internet',
    resource: (r) => isCsv(r) && /commune_meilleure_techno_thd/i.test(nameOf(r)),
    columns: ['code_insee', 'nbr', 'elig_ftth'], minRows: 30_000,
    filter: { type: 'code_prefix', column: 'code_insee' }, rebuildAs: 'csv', maxWholeBytes: 0,
  },
  {
    id: 'arcep_mobile',
    dataset: { slug: 'mon-reseau-mobile' },
    publisher: /ARCEP|r[ée]gulation des communications/i, search: 'ARCEP mon réseau mobile',
    resource: (r, deps) => isCsv(r) && (overseas(deps) ? /sites_Outremer/i : /sites_Metropole/i).test(nameOf(r)),
    resourceOrder: byQuarterThenDate,
    columns: ['code_op', 'latitude', 'longitude', 'site_4g'], minRows: 1000,
    filter: { type: 'bbox_wgs84', lon: 'longitude', lat: 'latitude' }, rebuildAs: 'csv', maxWholeBytes: 0,
  },
  {
    id: 'arcep_couverture',
    dataset: { slug: 'mon-reseau-mobile' },
    publisher: /ARCEP|r[ée]gulation des communications/i, search: 'ARCEP mon réseau mobile',
    resource: (r) => isCsv(r) && /\d{4}_?T[1-4]_op_communes/i.test(nameOf(r)),
    resourceOrder: byQuarterThenDate,
    columns: ['techno', 'mcc_mnc', 'commune', 'couv_nc', 'pop_nc', 'pop_cl', 'pop_bc', 'pop_tbc'], minRows: 30_000,
    filter: { type: 'code_prefix', column: 'commune' }, extra: ['techno__exact=4G'], rebuildAs: 'csv', maxWholeBytes: 0,
  },
];

/** The geo.api.gouv.fr request for the communes of a territory: contours and properties. */
export function communesUrl(e: Endpoints, t: TerritoryRequest, geometry: 'contour' | 'mairie' = 'contour'): string {
  // `mairie` as a field is never answered in GeoJSON (api-geo lib/helpers.js): it is its own request.
  const fields = geometry === 'contour' ? 'nom,code,codesPostaux,codeDepartement,codeEpci,epci,population,surface' : 'code,nom';
  const path = t.kind === 'departement' ? `departements/${t.code}/communes` : `epcis/${t.code}/communes`;
  return `${e.geoApi}/${path}?fields=${fields}&format=geojson&geometry=${geometry}`;
}

/** The Melodi request for the population by age of every commune of a territory. */
export function melodiAgesUrl(e: Endpoints, t: TerritoryRequest, maxResult = 10_000): string {
  const geo = `${t.kind === 'departement' ? 'DEP' : 'EPCI'}-${t.code}*COM`;
  return `${e.melodi}/data/DS_RP_POPULATION_PRINC?GEO=${encodeURIComponent(geo)}&SEX=_T&maxResult=${maxResult}`;
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
