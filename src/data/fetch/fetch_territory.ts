/**
 * Fetches every layer of one territory from the official sources (see sources.ts), the same
 * way in the browser and on the command line (`fetch` is given). Each source is independent:
 * one that fails is reported by name and the others go on. Nothing is sent but the territory
 * (its code, or its bounding box); nothing of the user's is ever uploaded.
 *
 * The bytes returned are files in the format of their source (GeoJSON of the geographic API,
 * CSV/JSON rebuilt from the tabular API's rows, Overpass JSON): the caller hands them to the
 * same importers as a dropped file.
 */
import {
  communesUrl, DATA_GOUV_SOURCES, sourceInfo, tabularFilters, territoryLabel, widen,
  type Bbox, type DataGouvResource, type DataGouvSource, type Endpoints, type SourceId, type TerritoryRequest,
} from './sources.ts';
import { overpassRoadQuery } from '../import/osm_json.ts';
import { concatBytes } from '../../shared/bytes.ts';
import { fmtLongDate } from '../../shared/format.ts';

export type FetchFn = (url: string, init?: { method?: string; body?: string; headers?: Record<string, string>; signal?: AbortSignal }) => Promise<Response>;

export interface FetchedLayer {
  sourceId: SourceId;
  label: string;
  /** File name for the importer and the workspace. */
  file: string;
  bytes: Uint8Array;
  /** The address the data came from (the resource, or the API request without paging). */
  url: string;
  /** Human page of the dataset, when there is one. */
  page: string | null;
  retrievedAt: string;
  /** Vintage as given by the source's metadata (French text), or null when it gives none. */
  vintage: string | null;
  /** True for the road network (goes to the travel-time engine, not to the tables). */
  network: boolean;
}

export interface FetchFailure {
  sourceId: SourceId;
  label: string;
  /** French, names the source and what went wrong. */
  message: string;
}

export type SourceStatus =
  | { state: 'waiting' }
  | { state: 'running'; detail: string; bytes: number }
  | { state: 'done'; detail: string }
  | { state: 'failed'; message: string }
  | { state: 'cancelled' };

export interface TerritoryOutcome {
  request: TerritoryRequest;
  /** Name of the territory ("Nièvre"), when the communes answered. */
  name: string | null;
  departements: string[];
  bbox: Bbox | null;
  layers: FetchedLayer[];
  failures: FetchFailure[];
}

export interface FetchOptions {
  endpoints: Endpoints;
  fetch: FetchFn;
  signal?: AbortSignal;
  /** Layers wanted (default: all). The communes are always read: they give the box. */
  only?: readonly SourceId[];
  onStatus?: (id: SourceId, status: SourceStatus) => void;
  /** Told once the territory is known (its name when the API gives it, its départements). */
  onTerritory?: (name: string | null, departements: string[]) => void;
  now?: () => Date;
  /** Help points and roads this far outside the territory are kept (km). */
  bufferKm?: number;
  /** Rows asked per page of the tabular API. */
  pageSize?: number;
}

/** A source failed: the message is shown as is (French). */
export class SourceError extends Error {
  override name = 'SourceError';
}

const ALL: SourceId[] = ['communes', 'france_services', 'lieux_mediation', 'arcep_fixe', 'arcep_mobile', 'insee_ages', 'routes'];
const MAX_PAGES = 2000;

export async function fetchTerritory(request: TerritoryRequest, options: FetchOptions): Promise<TerritoryOutcome> {
  const wanted = new Set<SourceId>(options.only ?? ALL);
  const status = options.onStatus ?? (() => {});
  const now = options.now ?? (() => new Date());
  const outcome: TerritoryOutcome = { request, name: null, departements: [], bbox: null, layers: [], failures: [] };
  for (const id of ALL) if (wanted.has(id)) status(id, { state: 'waiting' });

  const fail = (id: SourceId, e: unknown) => {
    if (options.signal?.aborted) {
      status(id, { state: 'cancelled' });
      return;
    }
    const message = `${sourceInfo(id).label} : ${errorText(e)}`;
    outcome.failures.push({ sourceId: id, label: sourceInfo(id).label, message });
    status(id, { state: 'failed', message });
  };

  // 1. The communes: the territory itself, its name, départements and box.
  let communes: FetchedLayer;
  let info: ReturnType<typeof describeCommunes>;
  try {
    communes = await fetchCommunes(request, options, now, wanted.has('communes') ? status : () => {});
    info = describeCommunes(communes.bytes);
    if (!info) throw new SourceError(`aucune commune trouvée pour ${request.kind === 'departement' ? 'le ' : "l'"}${territoryLabel(request)} (code inconnu ?).`);
  } catch (e) {
    fail('communes', e);
    for (const id of ALL) if (id !== 'communes' && wanted.has(id)) fail(id, new SourceError('non demandé : la liste des communes du territoire est nécessaire pour le délimiter.'));
    return outcome;
  }
  Object.assign(outcome, { departements: info.departements, bbox: info.bbox });
  outcome.name = await territoryName(request, options).catch(() => null);
  options.onTerritory?.(outcome.name, outcome.departements);
  if (wanted.has('communes')) {
    outcome.layers.push(communes);
    status('communes', { state: 'done', detail: `${info.count} communes` });
  }

  // 2. Every other source at once; each fails alone.
  const box = widen(info.bbox, options.bufferKm ?? 20);
  const jobs: Promise<void>[] = [];
  for (const spec of DATA_GOUV_SOURCES) {
    if (!wanted.has(spec.id)) continue;
    jobs.push(
      fetchDataGouv(spec, request, box, info.departements, options, now, status).then(
        (layer) => {
          outcome.layers.push(layer);
          status(spec.id, { state: 'done', detail: layer.vintage ? `millésime ${layer.vintage}` : 'millésime non précisé par la source' });
        },
        (e: unknown) => fail(spec.id, e),
      ),
    );
  }
  if (wanted.has('routes')) {
    jobs.push(
      fetchRoads(request, box, options, now, status).then(
        (layer) => {
          outcome.layers.push(layer);
          status('routes', { state: 'done', detail: layer.vintage ? `données OSM du ${layer.vintage}` : 'téléchargé' });
        },
        (e: unknown) => fail('routes', e),
      ),
    );
  }
  await Promise.all(jobs);
  outcome.layers.sort((a, b) => ALL.indexOf(a.sourceId) - ALL.indexOf(b.sourceId));
  return outcome;
}

async function fetchCommunes(request: TerritoryRequest, o: FetchOptions, now: () => Date, status: FetchOptions['onStatus'] & {}): Promise<FetchedLayer> {
  const url = communesUrl(o.endpoints, request);
  status('communes', { state: 'running', detail: 'Téléchargement', bytes: 0 });
  const bytes = await download(o, url, {}, (n) => status('communes', { state: 'running', detail: 'Téléchargement', bytes: n }));
  return {
    sourceId: 'communes', label: sourceInfo('communes').label, file: sourceInfo('communes').fileName(request), bytes, url, page: 'https://geo.api.gouv.fr/decoupage-administratif/communes',
    retrievedAt: now().toISOString(), vintage: `COG en vigueur au ${fmtLongDate(now())}`, network: false,
  };
}

/** Count, départements and box of a geo.api communes GeoJSON; null when it has no commune. */
export function describeCommunes(bytes: Uint8Array): { count: number; departements: string[]; bbox: Bbox } | null {
  let parsed: { features?: { geometry?: { coordinates?: unknown } | null; properties?: Record<string, unknown> }[] };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new SourceError("la réponse n'est pas du JSON lisible.");
  }
  const features = Array.isArray(parsed?.features) ? parsed.features : null;
  if (!features) throw new SourceError("la réponse n'est pas une collection GeoJSON de communes.");
  if (features.length === 0) return null;
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const deps = new Set<string>();
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1]);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1]);
      return;
    }
    for (const x of c) visit(x);
  };
  for (const f of features) {
    visit(f.geometry?.coordinates);
    const d = f.properties?.codeDepartement;
    if (typeof d === 'string' && d) deps.add(d);
  }
  if (!Number.isFinite(box[0])) throw new SourceError('les communes reçues n’ont pas de contour.');
  return { count: features.length, departements: [...deps].sort(), bbox: box };
}

async function territoryName(request: TerritoryRequest, o: FetchOptions): Promise<string | null> {
  const url = request.kind === 'departement' ? `${o.endpoints.geoApi}/departements/${request.code}?fields=nom,code` : `${o.endpoints.geoApi}/epcis/${request.code}?fields=nom,code`;
  const json = JSON.parse(new TextDecoder().decode(await download(o, url))) as { nom?: unknown };
  return typeof json.nom === 'string' ? json.nom : null;
}

interface DataGouvDataset {
  id?: string;
  slug?: string;
  title?: string;
  page?: string;
  resources?: DataGouvResource[];
}

async function fetchDataGouv(
  spec: DataGouvSource, request: TerritoryRequest, box: Bbox, departements: string[], o: FetchOptions, now: () => Date, status: FetchOptions['onStatus'] & {},
): Promise<FetchedLayer> {
  const info = sourceInfo(spec.id);
  status(spec.id, { state: 'running', detail: 'Recherche de la ressource la plus récente', bytes: 0 });
  const { dataset, resource } = await findResource(spec, o);
  const vintage = resource.last_modified ? `${fmtLongDate(new Date(resource.last_modified))} (mise à jour de la ressource « ${resource.title} »)` : null;
  const base = { sourceId: spec.id, label: info.label, file: info.fileName(request), page: dataset.page ?? null, network: false, vintage };
  const tabularUrl = `${o.endpoints.tabularApi}/resources/${resource.id}/data/`;
  let received = 0;
  const progress = (detail: string) => status(spec.id, { state: 'running', detail, bytes: received });
  const rows: Record<string, unknown>[] = [];
  let tabular = true;
  for (const filters of tabularFilters(spec.filter, box, departements)) {
    let next: string | null = `${tabularUrl}?${[...filters, `page_size=${o.pageSize ?? 50}`, 'page=1'].join('&')}`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      let body: Uint8Array;
      try {
        body = await download(o, next);
      } catch (e) {
        // The tabular API does not know this resource (too big, not parsed yet): download it whole instead.
        if (page === 0 && rows.length === 0 && e instanceof HttpError && (e.status === 404 || e.status === 400)) {
          tabular = false;
          break;
        }
        throw e;
      }
      received += body.length;
      const json = parseJson(body, 'API tabulaire') as { data?: unknown; links?: { next?: unknown } };
      if (!Array.isArray(json.data)) throw new SourceError("réponse inattendue de l'API tabulaire (pas de champ « data »).");
      for (const r of json.data) if (r && typeof r === 'object') rows.push(r as Record<string, unknown>);
      progress(`Lecture par l'API tabulaire (${rows.length} lignes)`);
      next = typeof json.links?.next === 'string' && json.links.next ? json.links.next : null;
    }
    if (!tabular) break;
  }
  if (tabular) {
    if (rows.length === 0) throw new SourceError('aucune ligne pour ce territoire dans la ressource la plus récente.');
    const bytes = new TextEncoder().encode(spec.rebuildAs === 'csv' ? rowsToCsv(rows) : JSON.stringify(rows.map(withoutTabularId)));
    return { ...base, bytes, url: `${tabularUrl}?${tabularFilters(spec.filter, box, departements)[0].join('&')}`, retrievedAt: now().toISOString() };
  }
  if (!(resource.filesize && resource.filesize <= spec.maxWholeBytes)) {
    throw new SourceError(`la ressource « ${resource.title} » n'est pas disponible par l'API tabulaire et est trop volumineuse pour être téléchargée entière ici ; téléchargez-la depuis ${dataset.page ?? 'data.gouv.fr'} puis déposez-la.`);
  }
  const url = resource.latest ?? resource.url;
  const bytes = await download(o, url, {}, (n) => status(spec.id, { state: 'running', detail: 'Téléchargement du fichier entier', bytes: n }));
  return { ...base, bytes, url, retrievedAt: now().toISOString() };
}

async function findResource(spec: DataGouvSource, o: FetchOptions): Promise<{ dataset: DataGouvDataset; resource: DataGouvResource }> {
  const pick = (d: DataGouvDataset) =>
    (d.resources ?? []).filter((r) => r && typeof r.id === 'string' && spec.resource(r)).sort((a, b) => (b.last_modified ?? '').localeCompare(a.last_modified ?? ''))[0];
  let dataset: DataGouvDataset | null = null;
  try {
    dataset = parseJson(await download(o, `${o.endpoints.dataGouvApi}/datasets/${spec.dataset}/`), 'data.gouv.fr') as DataGouvDataset;
  } catch (e) {
    if (!(e instanceof HttpError && e.status === 404)) throw e;
  }
  let resource = dataset ? pick(dataset) : undefined;
  if (!resource) {
    // The dataset moved or changed: search for it.
    const found = parseJson(await download(o, `${o.endpoints.dataGouvApi}/datasets/?q=${encodeURIComponent(spec.search)}&page_size=5`), 'data.gouv.fr') as { data?: DataGouvDataset[] };
    for (const d of found.data ?? []) {
      resource = pick(d);
      if (resource) {
        dataset = d;
        break;
      }
    }
  }
  if (!dataset || !resource) throw new SourceError(`jeu de données « ${spec.dataset} » introuvable sur data.gouv.fr (ni par son adresse, ni par la recherche).`);
  return { dataset, resource };
}

async function fetchRoads(request: TerritoryRequest, box: Bbox, o: FetchOptions, now: () => Date, status: FetchOptions['onStatus'] & {}): Promise<FetchedLayer> {
  const query = overpassRoadQuery(box);
  status('routes', { state: 'running', detail: 'Requête Overpass', bytes: 0 });
  const bytes = await download(
    o, o.endpoints.overpass,
    { method: 'POST', body: `data=${encodeURIComponent(query)}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
    (n) => status('routes', { state: 'running', detail: 'Téléchargement des routes', bytes: n }),
  );
  const head = new TextDecoder().decode(bytes.subarray(0, 2000));
  const stamp = /"timestamp_osm_base"\s*:\s*"([^"]+)"/.exec(head)?.[1];
  if (!/"elements"\s*:/.test(new TextDecoder().decode(bytes.subarray(0, 4000)))) {
    throw new SourceError("la réponse d'Overpass n'est pas une liste d'éléments OpenStreetMap (serveur surchargé ? réessayez plus tard).");
  }
  return {
    sourceId: 'routes', label: sourceInfo('routes').label, file: sourceInfo('routes').fileName(request), bytes,
    url: `${o.endpoints.overpass}?data=${encodeURIComponent(query)}`, page: 'https://www.openstreetmap.org/copyright',
    retrievedAt: now().toISOString(), vintage: stamp ? fmtLongDate(new Date(stamp)) : null, network: true,
  };
}

class HttpError extends SourceError {
  constructor(readonly status: number, url: string) {
    super(`le serveur a répondu ${status} (${httpMeaning(status)}) pour ${shortUrl(url)}.`);
  }
}

function httpMeaning(status: number): string {
  if (status === 404) return 'introuvable';
  if (status === 429) return 'trop de requêtes, réessayez plus tard';
  if (status >= 500) return 'erreur du serveur';
  return 'requête refusée';
}

const shortUrl = (url: string) => (url.length > 120 ? `${url.slice(0, 117)}…` : url);

/** GET (or POST) a URL into bytes, reporting the bytes received; French errors. */
async function download(
  o: FetchOptions, url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}, onBytes: (n: number) => void = () => {},
): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await o.fetch(url, { ...init, signal: o.signal });
  } catch (e) {
    if (o.signal?.aborted) throw e;
    throw new SourceError(`service injoignable (${shortUrl(url)}) : hors ligne, pare-feu, ou le service refuse les requêtes de ce navigateur (CORS).`);
  }
  if (!res.ok) throw new HttpError(res.status, url);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    n += value.length;
    onBytes(n);
  }
  return concatBytes(chunks, n);
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new SourceError(`réponse illisible de ${what} (JSON attendu).`);
  }
}

function withoutTabularId(row: Record<string, unknown>): Record<string, unknown> {
  const { __id: _, ...rest } = row;
  return rest;
}

/** Rows of the tabular API written back as a `;` CSV with the source's own column names. */
export function rowsToCsv(rows: readonly Record<string, unknown>[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (k === '__id' || seen.has(k)) continue;
      seen.add(k);
      columns.push(k);
    }
  }
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.map(cell).join(';'), ...rows.map((r) => columns.map((c) => cell(r[c])).join(';'))].join('\n') + '\n';
}

function errorText(e: unknown): string {
  if (e instanceof SourceError) return e.message;
  if (e instanceof Error) return `erreur inattendue (${e.message})`;
  return `erreur inattendue (${String(e)})`;
}

