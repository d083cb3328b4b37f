/**
 * data.gouv.fr: the dataset and resource of a source, chosen by identity and checked by schema,
 * then the territory's rows through the tabular API (see sources.ts for the services' facts).
 *
 * Choice: the dataset asked by its slug or id (or found from a known resource id) must be
 * published by the expected organization; its resources that match the source's file name
 * pattern are tried most recent first, and the first whose columns include the importer's and
 * whose national row count is plausible is taken. The search is used only when the dataset
 * has moved (404): a result is taken only if it passes the same checks and is the only one to.
 * A deleted dataset (410) fails loudly. Which dataset and resource were used is returned.
 */
import { download, HttpError, parseJson, SourceError, type HttpContext } from './http.ts';
import { dataGouvApi2, safeId, tabularFilters, type Bbox, type DataGouvResource, type DataGouvSource, type Endpoints } from './sources.ts';

/** Rows per page of the tabular API: more answers 400 (api-tabular PAGE_SIZE_MAX = 50). */
export const TABULAR_MAX_PAGE_SIZE = 50;
const MAX_PAGES = 4000;

export interface DatasetRecord {
  id: string;
  slug: string;
  title: string;
  page: string | null;
  organization: { id?: string; name?: string; slug?: string } | null;
  resources: DataGouvResource[];
  deleted?: string | null;
}

/** Where a data.gouv.fr layer came from: exact identities, for the sources table and the bundle. */
export interface DataGouvProvenance {
  dataset: { id: string; slug: string; title: string; page: string | null };
  resource: { id: string; title: string; url: string; lastModified: string | null };
  /** French: how the dataset was found ("adresse du jeu", "ressource connue", "recherche (le jeu a changé d'adresse)"). */
  found: string;
  /** French: how the rows were read ("API tabulaire, 7 pages de 50 lignes", "fichier entier"). */
  via: string;
}

export const datasetText = (p: DataGouvProvenance) => `« ${p.dataset.title} » (${p.dataset.slug}, id ${p.dataset.id})`;
export const resourceText = (p: DataGouvProvenance) => `« ${p.resource.title} » (id ${p.resource.id})`;

const publisherName = (d: DatasetRecord) => [d.organization?.name, d.organization?.slug].filter(Boolean).join(' / ') || 'producteur non renseigné';

async function getJson(ctx: HttpContext, url: string, what: string): Promise<unknown> {
  return parseJson(await download(ctx, url), what);
}

async function getDataset(ctx: HttpContext, e: Endpoints, key: string): Promise<DatasetRecord> {
  return (await getJson(ctx, `${e.dataGouvApi}/datasets/${encodeURIComponent(key)}/`, 'data.gouv.fr')) as DatasetRecord;
}

/** The dataset of a resource, by the API v2 (`{resource, dataset_id}`); null when unknown. */
async function datasetOfResource(ctx: HttpContext, e: Endpoints, rid: string): Promise<string | null> {
  try {
    const j = (await getJson(ctx, `${dataGouvApi2(e)}/datasets/resources/${rid}/`, 'data.gouv.fr')) as { dataset_id?: unknown };
    return safeId(j.dataset_id) ? j.dataset_id : null;
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) return null;
    throw err;
  }
}

export interface ResourceCheck {
  resource: DataGouvResource;
  /** Columns seen through the tabular API (null: the resource is not in the tabular API). */
  columns: string[] | null;
  /** National rows (null: unknown). */
  total: number | null;
  /** French: why it is not the source, or null when it is. */
  problem: string | null;
}

/** One row of the resource through the tabular API: its columns and national row count. */
export async function checkResource(spec: DataGouvSource, r: DataGouvResource, ctx: HttpContext, e: Endpoints): Promise<ResourceCheck> {
  let body: { data?: unknown; meta?: { total?: unknown } };
  try {
    body = (await getJson(ctx, `${e.tabularApi}/resources/${r.id}/data/?page_size=1&page=1`, "l'API tabulaire")) as typeof body;
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) return { resource: r, columns: null, total: null, problem: null };
    if (err instanceof HttpError && err.status === 410) return { resource: r, columns: null, total: null, problem: `ressource « ${r.title} » supprimée par son producteur (410)` };
    throw err;
  }
  if (!Array.isArray(body.data)) throw new SourceError("réponse inattendue de l'API tabulaire (pas de champ « data »).");
  const first = body.data[0] as Record<string, unknown> | undefined;
  const columns = first ? Object.keys(first).filter((k) => k !== '__id') : [];
  const total = typeof body.meta?.total === 'number' ? body.meta.total : null;
  const missing = spec.columns.filter((c) => !columns.includes(c));
  let problem: string | null = null;
  if (missing.length > 0) problem = `la ressource « ${r.title} » n'a pas les colonnes attendues (manquent : ${missing.join(', ')})`;
  else if (total !== null && total < spec.minRows) problem = `la ressource « ${r.title} » n'a que ${total} lignes (au moins ${spec.minRows} attendues pour le fichier national : copie partielle ou brouillon ?)`;
  return { resource: r, columns, total, problem };
}

function candidates(spec: DataGouvSource, d: DatasetRecord, departements: readonly string[]): DataGouvResource[] {
  const order = spec.resourceOrder ?? ((r: DataGouvResource) => r.last_modified ?? '');
  return (d.resources ?? [])
    // The id goes into our request paths: an id that could steer them ("../", "?") is not a resource of ours.
    .filter((r) => r && safeId(r.id) && spec.resource(r, departements))
    .sort((a, b) => order(b).localeCompare(order(a)));
}

/** The first resource of the dataset that passes the checks, trying at most four. */
async function pickResource(spec: DataGouvSource, d: DatasetRecord, departements: readonly string[], ctx: HttpContext, e: Endpoints): Promise<ResourceCheck | { problems: string[] }> {
  const problems: string[] = [];
  const list = candidates(spec, d, departements);
  if (list.length === 0) return { problems: [`aucune ressource du jeu ${d.slug} ne correspond au fichier attendu`] };
  for (const r of list.slice(0, 4)) {
    const c = await checkResource(spec, r, ctx, e);
    if (!c.problem) return c;
    problems.push(c.problem);
  }
  return { problems };
}

export interface Choice {
  dataset: DatasetRecord;
  check: ResourceCheck;
  found: string;
}

/** The dataset and resource of a source (see the header for the rules). French SourceError otherwise. */
export async function chooseResource(spec: DataGouvSource, departements: readonly string[], ctx: HttpContext, e: Endpoints): Promise<Choice> {
  const identity = (d: DatasetRecord) => spec.publisher.test(publisherName(d)) && !(spec.excludeDataset && spec.excludeDataset.test(`${d.slug} ${d.title}`));
  let dataset: DatasetRecord | null = null;
  let found = 'adresse du jeu';
  const key = spec.dataset.id ?? spec.dataset.slug;
  if (key) {
    try {
      dataset = await getDataset(ctx, e, key);
    } catch (err) {
      if (err instanceof HttpError && err.status === 410) {
        throw new SourceError(`le jeu de données « ${key} » a été supprimé par son producteur (data.gouv.fr répond 410). Rien n'est chargé : vérifiez sur data.gouv.fr quel jeu le remplace.`);
      }
      if (!(err instanceof HttpError && err.status === 404)) throw err;
    }
  }
  if (!dataset && spec.dataset.knownResource) {
    const id = await datasetOfResource(ctx, e, spec.dataset.knownResource);
    if (id) {
      dataset = await getDataset(ctx, e, id);
      found = 'ressource connue';
    }
  }
  if (dataset) {
    if (!spec.publisher.test(publisherName(dataset))) {
      throw new SourceError(`le jeu « ${dataset.title} » (${dataset.slug}) n'est pas publié par le producteur attendu (publié par : ${publisherName(dataset)}). Rien n'est chargé.`);
    }
    const pick = await pickResource(spec, dataset, departements, ctx, e);
    if ('problems' in pick) throw new SourceError(`jeu « ${dataset.title} » (${dataset.slug}) : ${pick.problems.join(' ; ')}.`);
    return { dataset, check: pick, found };
  }
  // The dataset has moved: the search results are checked like the dataset itself.
  const res = (await getJson(ctx, `${e.dataGouvApi}/datasets/?q=${encodeURIComponent(spec.search)}&page_size=20`, 'data.gouv.fr')) as { data?: DatasetRecord[] };
  const valid: Choice[] = [];
  const refused: string[] = [];
  for (const d of res.data ?? []) {
    if (!d || typeof d.id !== 'string') continue;
    if (!identity(d)) {
      refused.push(`${d.slug} (${publisherName(d)})`);
      continue;
    }
    const pick = await pickResource(spec, d, departements, ctx, e);
    if ('problems' in pick) refused.push(`${d.slug} (${pick.problems[0]})`);
    else valid.push({ dataset: d, check: pick, found: `recherche « ${spec.search} » (le jeu ${key ?? ''} a changé d'adresse)` });
  }
  if (valid.length === 1) return valid[0];
  if (valid.length > 1) {
    throw new SourceError(`jeu ${key ?? ''} introuvable à son adresse, et la recherche donne plusieurs jeux plausibles (${valid.map((v) => v.dataset.slug).join(', ')}) : rien n'est choisi à votre place.`);
  }
  throw new SourceError(`jeu de données ${key ?? spec.dataset.knownResource ?? ''} introuvable sur data.gouv.fr, et aucun résultat de la recherche n'a le producteur et les colonnes attendus${refused.length ? ` (écartés : ${refused.slice(0, 4).join(' ; ')})` : ''}.`);
}

/** A page of at most 50 rows: a few kB to a few hundred; more is not a page of the tabular API. */
export const TABULAR_PAGE_MAX_BYTES = 16 * 1024 * 1024;

export interface TabularRead {
  rows: Record<string, unknown>[];
  pages: number;
  /** The first request, without paging (for the record). */
  url: string;
}

/**
 * The territory's rows of a resource through the tabular API, page after page. The next page is
 * built from our own request, never taken from `links.next` (it names the official host, also
 * when a mirror was asked); `links.next` only says whether there is one. The rows received must
 * add up to `meta.total`.
 */
export async function readTabular(
  spec: DataGouvSource, rid: string, box: Bbox, departements: readonly string[], ctx: HttpContext, e: Endpoints,
  pageSize: number, onProgress: (rows: number, bytes: number) => void,
): Promise<TabularRead> {
  const size = Math.max(1, Math.min(TABULAR_MAX_PAGE_SIZE, Math.floor(pageSize)));
  const base = `${e.tabularApi}/resources/${rid}/data/`;
  const rows: Record<string, unknown>[] = [];
  let pages = 0;
  let bytes = 0;
  const lists = tabularFilters(spec.filter, box, departements).map((f) => [...f, ...(spec.extra ?? [])]);
  for (const filters of lists) {
    let expected: number | null = null;
    let got = 0;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const url = `${base}?${[...filters, `page_size=${size}`, `page=${page}`].join('&')}`;
      const body = await download(ctx, url, {}, undefined, { maxBytes: TABULAR_PAGE_MAX_BYTES });
      bytes += body.length;
      pages++;
      const json = parseJson(body, "l'API tabulaire") as { data?: unknown; links?: { next?: unknown }; meta?: { total?: unknown } };
      if (!Array.isArray(json.data)) throw new SourceError("réponse inattendue de l'API tabulaire (pas de champ « data »).");
      if (typeof json.meta?.total === 'number') expected = json.meta.total;
      for (const r of json.data) if (r && typeof r === 'object') rows.push(r as Record<string, unknown>);
      got += json.data.length;
      onProgress(rows.length, bytes);
      const next = typeof json.links?.next === 'string' && json.links.next !== '';
      if (!next || json.data.length === 0) break;
    }
    if (expected !== null && got !== expected) {
      throw new SourceError(`réponse incomplète de l'API tabulaire : ${got} lignes reçues sur ${expected} annoncées ; rien n'est chargé.`);
    }
  }
  return { rows, pages, url: `${base}?${lists[0].join('&')}` };
}

/** Rows of the territory without a position (see DataGouvSource.unplaced): their count, or null when it cannot be asked. */
export async function countUnplaced(spec: DataGouvSource, rid: string, departements: readonly string[], ctx: HttpContext, e: Endpoints): Promise<number | null> {
  if (!spec.unplaced) return null;
  let n = 0;
  try {
    for (const f of tabularFilters({ type: 'code_prefix', column: spec.unplaced.code }, [0, 0, 0, 0], departements)) {
      const body = parseJson(await download(ctx, `${e.tabularApi}/resources/${rid}/data/?${[...f, `${spec.unplaced.lat}__isnull`, 'page_size=1', 'page=1'].join('&')}`), "l'API tabulaire") as { meta?: { total?: unknown } };
      if (typeof body.meta?.total !== 'number') return null;
      n += body.meta.total;
    }
  } catch (err) {
    if (err instanceof HttpError && err.status === 400) return null;
    throw err;
  }
  return n;
}

/** Rows of the tabular API written back as a `;` CSV with the source's own column names (booleans as true/false). */
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

export function withoutTabularId(row: Record<string, unknown>): Record<string, unknown> {
  const { __id: _, ...rest } = row;
  return rest;
}
