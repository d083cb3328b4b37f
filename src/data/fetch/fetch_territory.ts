/**
 * Fetches every layer of one territory from the official sources (see sources.ts), the same
 * way in the browser and on the command line (`fetch` is given). Each source is independent:
 * one that fails is reported by name and the others go on. Nothing is sent but the territory
 * (its code, or its bounding box); nothing of the user's is ever uploaded.
 *
 * The bytes returned are files in the format of their source (GeoJSON of the geographic API with
 * the town halls of its second request, CSV/JSON rebuilt from the tabular API's rows with the
 * source's own columns, Melodi's JSON answer, Overpass JSON): the caller hands them to the same
 * importers as a dropped file. Each layer says exactly where it came from (dataset, resource,
 * how they were found and read) and its vintage.
 */
import {
  DATA_GOUV_SOURCES, followable, SOURCE_IDS, sourceInfo, territoryLabel, widen,
  type Bbox, type DataGouvSource, type Endpoints, type SourceId, type TerritoryRequest,
} from './sources.ts';
import { download, errorText, HttpError, shortUrl, SourceError, type FetchFn, type HttpContext, type RetryPolicy } from './http.ts';
import { chooseResource, countUnplaced, datasetText, readTabular, resourceText, rowsToCsv, withoutTabularId } from './datagouv.ts';
import { describeCommunes, fetchCommunes, territoryName } from './geo.ts';
import { fetchRoads } from './overpass.ts';
import { fetchAges } from './melodi.ts';
import { importFile } from '../import/import_file.ts';
import { vintageFromFileName, vintageText } from '../import/vintage.ts';
import { fmtLongDate } from '../../shared/format.ts';

export { SourceError } from './http.ts';
export type { FetchFn } from './http.ts';
export { rowsToCsv } from './datagouv.ts';
export { describeCommunes } from './geo.ts';

/** Exact origin of a fetched layer. */
export interface LayerSource {
  /** « title » (slug, id …) of the data.gouv.fr dataset; null for the other services. */
  dataset: string | null;
  /** « title » (id …) of the resource read; null for the other services. */
  resource: string | null;
  /** French: how the dataset was found ("adresse du jeu", "ressource connue", "recherche …"). */
  found: string | null;
  /** French: the service and how it was read ("API tabulaire de data.gouv.fr, 7 pages"). */
  via: string;
  /** Every request made for this layer, in order. */
  requests: string[];
}

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
  /** Vintage and how it was found (French), or null when neither the data nor the source gives one. */
  vintage: string | null;
  /** True for the road network (goes to the travel-time engine, not to the tables). */
  network: boolean;
  origin: LayerSource;
  /** French remarks that go with the layer (missing town halls…). */
  notes: string[];
}

export interface FetchFailure {
  sourceId: SourceId;
  label: string;
  /** French, names the source and what went wrong, and what to do by hand. */
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
  /** Rows asked per page of the tabular API (at most 50: more answers 400). */
  pageSize?: number;
  /** Waits between retries of a busy service (tests give an instant one). */
  sleep?: HttpContext['sleep'];
  /** Retry policy of the busy services (Overpass, Melodi); tests shorten the waits. */
  retry?: Partial<RetryPolicy>;
}

export async function fetchTerritory(request: TerritoryRequest, options: FetchOptions): Promise<TerritoryOutcome> {
  const wanted = new Set<SourceId>(options.only ?? SOURCE_IDS);
  const status = options.onStatus ?? (() => {});
  const now = options.now ?? (() => new Date());
  const ctx: HttpContext = { fetch: options.fetch, signal: options.signal, sleep: options.sleep };
  const e = options.endpoints;
  const outcome: TerritoryOutcome = { request, name: null, departements: [], bbox: null, layers: [], failures: [] };
  for (const id of SOURCE_IDS) if (wanted.has(id)) status(id, { state: 'waiting' });

  const fail = (id: SourceId, err: unknown) => {
    if (options.signal?.aborted) {
      status(id, { state: 'cancelled' });
      return;
    }
    const manual = sourceInfo(id).manual;
    const text = errorText(err);
    const message = `${sourceInfo(id).label} : ${text}${/déposez/.test(text) ? '' : ` À défaut, ${manual}`}`;
    outcome.failures.push({ sourceId: id, label: sourceInfo(id).label, message });
    status(id, { state: 'failed', message });
  };
  const done = (layer: FetchedLayer) => {
    outcome.layers.push(layer);
    const where = layer.origin.dataset ? ` · jeu ${layer.origin.dataset} · ressource ${layer.origin.resource}` : '';
    status(layer.sourceId, { state: 'done', detail: `${layer.vintage ?? 'millésime non précisé par la source'}${where}` });
  };

  // 1. The communes: the territory itself, its name, départements and box.
  let communes: FetchedLayer;
  let info: ReturnType<typeof describeCommunes>;
  try {
    communes = await communesLayer(request, ctx, e, now, wanted.has('communes') ? status : () => {});
    info = describeCommunes(communes.bytes);
    if (!info) throw new SourceError(notFound(request));
  } catch (err) {
    fail('communes', err instanceof HttpError && err.status === 404 ? new SourceError(notFound(request)) : err);
    for (const id of SOURCE_IDS) if (id !== 'communes' && wanted.has(id)) fail(id, new SourceError('non demandé : la liste des communes du territoire est nécessaire pour le délimiter.'));
    return outcome;
  }
  Object.assign(outcome, { departements: info.departements, bbox: info.bbox });
  outcome.name = await territoryName(request, ctx, e).catch(() => null);
  options.onTerritory?.(outcome.name, outcome.departements);
  if (wanted.has('communes')) {
    outcome.layers.push(communes);
    status('communes', { state: 'done', detail: `${info.count} communes${communes.notes.length ? ` — ${communes.notes.join(' ')}` : ''}` });
  }

  // 2. Every other source at once; each fails alone.
  const box = widen(info.bbox, options.bufferKm ?? 20);
  const jobs: Promise<void>[] = [];
  const run = (id: SourceId, job: () => Promise<FetchedLayer>) => {
    if (wanted.has(id)) jobs.push(job().then(done, (err: unknown) => fail(id, err)));
  };
  for (const spec of DATA_GOUV_SOURCES) run(spec.id, () => dataGouvLayer(spec, request, box, info!.departements, ctx, options, now, status));
  run('insee_ages', () => agesLayer(request, ctx, options, now, status));
  run('routes', () => roadsLayer(request, box, ctx, options, now, status));
  await Promise.all(jobs);
  outcome.layers.sort((a, b) => SOURCE_IDS.indexOf(a.sourceId) - SOURCE_IDS.indexOf(b.sourceId));
  return outcome;
}

const notFound = (request: TerritoryRequest) =>
  `aucune commune trouvée pour ${request.kind === 'departement' ? 'le ' : "l'"}${territoryLabel(request)} (code inconnu ?).`;

type Status = NonNullable<FetchOptions['onStatus']>;

async function communesLayer(request: TerritoryRequest, ctx: HttpContext, e: Endpoints, now: () => Date, status: Status): Promise<FetchedLayer> {
  status('communes', { state: 'running', detail: 'Téléchargement', bytes: 0 });
  const got = await fetchCommunes(request, ctx, e, (n) => status('communes', { state: 'running', detail: 'Téléchargement', bytes: n }));
  return {
    sourceId: 'communes', label: sourceInfo('communes').label, file: sourceInfo('communes').fileName(request), bytes: got.bytes, url: got.urls[0],
    page: 'https://geo.api.gouv.fr/decoupage-administratif/communes', retrievedAt: now().toISOString(),
    // The API does not say which COG vintage it serves: the date is the request's, said as such.
    vintage: `communes servies par l'API Découpage administratif le ${fmtLongDate(now())} (date de la demande ; millésime du COG non indiqué par l'API)`, network: false,
    origin: { dataset: null, resource: null, found: null, via: `API Découpage administratif : contours, puis mairies (${got.townHalls} positions)`, requests: got.urls },
    notes: got.note ? [got.note] : [],
  };
}

/**
 * The vintage of a fetched file: what the data says (a date column, a census year) first, then
 * the resource's file name (2024_T3_…, liste-fs-AAAAMMJJ), then the resource's update date.
 */
export function fetchedVintage(file: string, bytes: Uint8Array, resource?: { title: string; url: string; last_modified?: string | null }): string | null {
  try {
    const r = importFile(file, bytes);
    if (!r.needsMapping && r.vintage) return r.vintage;
  } catch {
    /* the importers will say what is wrong with the file */
  }
  if (!resource) return null;
  for (const name of [resource.title, resource.url.replace(/[?#].*$/, '').replace(/^.*\//, '')]) {
    const v = vintageFromFileName(name ?? '');
    if (v) return vintageText({ ...v, how: `nom de la ressource « ${name} »` });
  }
  return resource.last_modified ? `${fmtLongDate(new Date(resource.last_modified))} (date de mise à jour de la ressource « ${resource.title} »)` : null;
}

async function dataGouvLayer(
  spec: DataGouvSource, request: TerritoryRequest, box: Bbox, departements: string[], ctx: HttpContext, o: FetchOptions, now: () => Date, status: Status,
): Promise<FetchedLayer> {
  const e = o.endpoints;
  const info = sourceInfo(spec.id);
  status(spec.id, { state: 'running', detail: 'Choix du jeu de données et de la ressource', bytes: 0 });
  const { dataset, check, found } = await chooseResource(spec, departements, ctx, e);
  const resource = check.resource;
  const provenance = {
    dataset: { id: dataset.id, slug: dataset.slug, title: dataset.title, page: dataset.page ?? null },
    resource: { id: resource.id, title: resource.title, url: resource.url, lastModified: resource.last_modified ?? null },
    found, via: '',
  };
  const requests: string[] = [];
  const notes: string[] = found.startsWith('recherche') ? [`jeu trouvé par la ${found}`] : [];
  let bytes: Uint8Array;
  let url: string;
  if (check.columns) {
    let received = 0;
    const read = await readTabular(spec, resource.id, box, departements, ctx, e, o.pageSize ?? 50, (rows, b) => {
      received = b;
      status(spec.id, { state: 'running', detail: `Lecture par l'API tabulaire (${rows} lignes)`, bytes: received });
    });
    if (read.rows.length === 0) throw new SourceError(`aucune ligne pour ce territoire dans la ressource ${resourceText(provenance)}.`);
    bytes = new TextEncoder().encode(spec.rebuildAs === 'csv' ? rowsToCsv(read.rows) : JSON.stringify(read.rows.map(withoutTabularId)));
    url = read.url;
    provenance.via = `API tabulaire de data.gouv.fr, ${read.pages} page(s), ${read.rows.length} lignes`;
    requests.push(read.url);
    const unplaced = await countUnplaced(spec, resource.id, departements, ctx, e);
    if (unplaced) notes.push(`${unplaced} ligne(s) des communes du territoire sans position dans la source : non placées sur la carte ni comptées.`);
  } else {
    // Not in the tabular API (too big, or not parsed yet): whole only when it is small.
    if (!(resource.filesize && resource.filesize <= spec.maxWholeBytes)) {
      throw new SourceError(`la ressource ${resourceText(provenance)} du jeu ${datasetText(provenance)} n'est pas servie par l'API tabulaire (plus de 100 Mo, ou pas encore analysée) et est trop volumineuse pour être téléchargée entière ici ; téléchargez-la depuis ${dataset.page ?? 'data.gouv.fr'} puis déposez-la.`);
    }
    // The address comes from the answer: followed only on data.gouv.fr's own hosts (or the mirror asked), and capped.
    const followed = followable(resource.latest, e) ?? followable(resource.url, e);
    if (!followed) {
      throw new SourceError(`l'adresse du fichier ${resourceText(provenance)} (${shortUrl(String(resource.latest ?? resource.url))}) n'est pas sur data.gouv.fr : elle n'est pas suivie. Téléchargez le fichier depuis ${dataset.page ?? 'data.gouv.fr'} puis déposez-le.`);
    }
    url = followed;
    const allowUrl = (u: string) => followable(u, e) !== null;
    bytes = await download(ctx, url, {}, (n) => status(spec.id, { state: 'running', detail: 'Téléchargement du fichier entier', bytes: n }), { maxBytes: spec.maxWholeBytes, allowUrl });
    const header = new TextDecoder().decode(bytes.subarray(0, 4000)).split(/\r?\n/).find((l) => spec.columns.every((c) => l.includes(c)));
    if (!header) throw new SourceError(`le fichier ${resourceText(provenance)} n'a pas les colonnes attendues (${spec.columns.join(', ')}).`);
    provenance.via = 'fichier entier (ressource absente de l’API tabulaire)';
    requests.push(url);
  }
  const file = info.fileName(request);
  return {
    sourceId: spec.id, label: info.label, file, bytes, url, page: dataset.page ?? null, retrievedAt: now().toISOString(),
    vintage: fetchedVintage(file, bytes, resource), network: false,
    origin: { dataset: datasetText(provenance), resource: resourceText(provenance), found, via: provenance.via, requests },
    notes,
  };
}

async function agesLayer(request: TerritoryRequest, ctx: HttpContext, o: FetchOptions, now: () => Date, status: Status): Promise<FetchedLayer> {
  const info = sourceInfo('insee_ages');
  status('insee_ages', { state: 'running', detail: "Demande à l'API Melodi de l'INSEE", bytes: 0 });
  const got = await fetchAges(
    request, ctx, o.endpoints,
    (n, b) => status('insee_ages', { state: 'running', detail: `Lecture par l'API Melodi (${n} observations)`, bytes: b }),
    (s, code) => status('insee_ages', { state: 'running', detail: `API Melodi occupée (${code}) : nouvel essai dans ${s} s`, bytes: 0 }),
    o.retry,
  );
  const file = info.fileName(request);
  return {
    sourceId: 'insee_ages', label: info.label, file, bytes: got.bytes, url: got.url,
    page: 'https://catalogue-donnees.insee.fr/fr/catalogue/recherche/DS_RP_POPULATION_PRINC', retrievedAt: now().toISOString(),
    vintage: fetchedVintage(file, got.bytes), network: false,
    origin: { dataset: 'INSEE DS_RP_POPULATION_PRINC (recensement de la population)', resource: null, found: null, via: `API Melodi de l'INSEE, ${got.pages} page(s), ${got.observations} observations`, requests: [got.url] },
    notes: [],
  };
}

async function roadsLayer(request: TerritoryRequest, box: Bbox, ctx: HttpContext, o: FetchOptions, now: () => Date, status: Status): Promise<FetchedLayer> {
  status('routes', { state: 'running', detail: 'Requête Overpass', bytes: 0 });
  const got = await fetchRoads(
    box, ctx, o.endpoints,
    (n) => status('routes', { state: 'running', detail: 'Téléchargement des routes', bytes: n }),
    (s, code) => status('routes', { state: 'running', detail: `Serveur Overpass occupé (${code}) : nouvel essai dans ${s} s`, bytes: 0 }),
    o.retry,
  );
  const url = `${o.endpoints.overpass}?data=${encodeURIComponent(got.query)}`;
  return {
    sourceId: 'routes', label: sourceInfo('routes').label, file: sourceInfo('routes').fileName(request), bytes: got.bytes, url,
    page: 'https://www.openstreetmap.org/copyright', retrievedAt: now().toISOString(),
    vintage: got.timestamp ? fmtLongDate(new Date(got.timestamp)) : null, network: true,
    origin: { dataset: null, resource: null, found: null, via: 'API Overpass (OpenStreetMap)', requests: [url] },
    notes: got.remark ? [`remarque du serveur Overpass : « ${got.remark.slice(0, 200)} »`] : [],
  };
}
