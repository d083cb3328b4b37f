/**
 * A local stand-in for the official open-data services, on 127.0.0.1, with the mirror layout of
 * src/data/fetch/sources.ts (`/geo`, `/datagouv/api/1` and `/2`, `/tabular/api`,
 * `/overpass/api/interpreter`, `/melodi`, and `/files` for whole resources). It answers the way
 * the real services answer today (facts and evidence in /work/shared/data/SERVICES.md and
 * sources.ts), so that the fetch layer is tested against them and not against itself:
 * - geo.api: GeoJSON geometry by `geometry=` only, never `mairie`/`centre`/`contour` in the
 *   properties; `fields=` honoured; unknown département or EPCI → 404;
 * - data.gouv.fr API: udata's dataset envelope (organization, resources with id, title, format,
 *   url, latest, filesize, last_modified, filetype, type); deleted → 410; moved → 404 and found
 *   by the search, which answers look-alikes first (a city's copy with 8 records, the draft
 *   "test-structure-1", a per-source médiation extract); API v2 `/datasets/resources/{rid}/`;
 * - tabular API: `{data, links: {profile, swagger, next, prev}, meta: {page, page_size, total}}`;
 *   page_size above 50 → 400 with api-tabular's error body; `links.next` on the OFFICIAL host;
 *   columns typed as csv-detective would (0/1 → JSON true/false; leading-zero codes stay text);
 *   inclusive `__greater`/`__less`, `__exact`, `__in`; unknown column → 400; deleted → 410;
 *   not indexed (too big, XLSX/GPKG) → 404;
 * - Overpass: JSON with `osm3s.timestamp_osm_base`; on demand 429/504 as HTML, or HTTP 200 with
 *   a `runtime error` remark AFTER partial `elements`;
 * - Melodi: `GEO=DEP-58*COM` / `EPCI-…*COM`, dimension filters, `maxResult`, `paging.next` on
 *   the official host; on demand 429.
 * Every request is recorded; any source can be made to fail. Data: source_catalogue.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIXTURES_DIR } from './fixtures.ts';
import {
  handMadeCatalogue, realCatalogue, realSourcesAvailable, SLUGS, type Catalogue, type Cell, type Dataset, type Resource, type Row,
} from './source_catalogue.ts';

export { realSourcesAvailable, KNOWN, SLUGS } from './source_catalogue.ts';

/** Dataset slugs by source (sources.ts uses the same ones, or finds them from a known resource). */
export const DATASET_SLUGS = {
  france_services: SLUGS.france_services,
  lieux_mediation: SLUGS.lieux_mediation,
  arcep_fixe: SLUGS.arcep_fixe,
  arcep_mobile: SLUGS.arcep_mobile,
} as const;

export const OFFICIAL_TABULAR = 'https://tabular-api.data.gouv.fr/api';
export const OFFICIAL_MELODI = 'https://api.insee.fr/melodi';

export interface SourceServer {
  /** Base to give as mirror, e.g. http://127.0.0.1:43210 */
  url: string;
  /** Every request, as "METHOD /path?query". */
  requests: string[];
  /** Answered 503 from now on: dataset slugs, resource ids, or 'geo', 'geo-mairie', 'overpass', 'melodi'. */
  failing: Set<string>;
  /** Milliseconds to wait before answering, by key (as `failing`). */
  delays: Map<string, number>;
  /** Dataset slugs answered 404 at their slug (the dataset "moved"; still found by id and search). */
  moved: Set<string>;
  /** Dataset slugs answered 410 (deleted by their producer). */
  deleted: Set<string>;
  /** Resource ids answered 410 by the tabular API. */
  deletedResources: Set<string>;
  /** Resource ids the tabular API does not serve (404: not indexed). */
  notIndexed: Set<string>;
  /** Resource ids the API v2 does not know (404). */
  unknownResources: Set<string>;
  /** Overpass behaviour: answers 429 `busy` times, then 504 `timeouts` times, then a remark if set. */
  overpass: { busy: number; timeouts: number; remark: string | null };
  /** Overpass query texts received. */
  overpassQueries: string[];
  /** Melodi answers 429 this many times. */
  melodi: { busy: number };
  /** True when the answers come from the real shared files. */
  real: boolean;
  /** The test territory: code to ask, its communes, France Services inside, one of its EPCIs. */
  territory: Catalogue['territory'];
  catalogue: Catalogue;
  close(): Promise<void>;
}

// ------------------------------------------------------------- csv-detective-like typing

type ColumnType = 'bool' | 'int' | 'float' | 'string';
const BOOL_TEXT = new Set(['0', '1', 'true', 'false', 'vrai', 'faux', 'oui', 'non']);

/** csv-detective: a column of 0/1 (oui/non…) is boolean; an integer never has a leading zero (formats/int.py). */
function columnTypes(rows: readonly Row[]): Map<string, ColumnType> {
  const types = new Map<string, ColumnType>();
  const columns = new Set<string>();
  for (const r of rows.slice(0, 5000)) for (const k of Object.keys(r)) columns.add(k);
  for (const c of columns) {
    let bool = true;
    let int = true;
    let float = true;
    let seen = 0;
    for (const r of rows) {
      const v = r[c];
      if (v === null || v === undefined || v === '') continue;
      seen++;
      const s = String(v);
      if (!BOOL_TEXT.has(s.toLowerCase())) bool = false;
      if (!/^-?(0|[1-9]\d{0,17})$/.test(s)) int = false;
      if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(s)) float = false;
      if (!bool && !int && !float) break;
    }
    types.set(c, seen === 0 ? 'string' : bool ? 'bool' : int ? 'int' : float ? 'float' : 'string');
  }
  return types;
}

function typed(v: Cell | undefined, t: ColumnType): Cell {
  if (v === null || v === undefined || v === '') return null;
  if (t === 'bool') return ['1', 'true', 'vrai', 'oui'].includes(String(v).toLowerCase());
  if (t === 'int' || t === 'float') return Number(v);
  return String(v);
}

// ------------------------------------------------------------- server

export async function startSourceServer(options: { real?: boolean } = {}): Promise<SourceServer> {
  const cat = (options.real ?? realSourcesAvailable()) ? realCatalogue() : handMadeCatalogue();
  const state = {
    requests: [] as string[], failing: new Set<string>(), delays: new Map<string, number>(), moved: new Set<string>(), deleted: new Set<string>(),
    deletedResources: new Set<string>(), notIndexed: new Set<string>(), unknownResources: new Set<string>(),
    overpass: { busy: 0, timeouts: 0, remark: null as string | null }, overpassQueries: [] as string[], melodi: { busy: 0 },
  };
  let base = '';
  const types = new Map<string, Map<string, ColumnType>>();
  const typesOf = (r: Resource) => {
    let t = types.get(r.id);
    if (!t) types.set(r.id, (t = columnTypes(r.rows)));
    return t;
  };
  const wait = (key: string) => new Promise((resolve) => setTimeout(resolve, state.delays.get(key) ?? 0));

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const type = typeof body === 'string' && /^\s*</.test(body) ? 'text/html; charset=utf-8' : typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
    res.writeHead(status, { 'Content-Type': type, 'Access-Control-Allow-Origin': '*', ...headers });
    res.end(text);
  };

  const datasetOf = (key: string) => cat.datasets.find((d) => d.slug === key || d.id === key);
  const resourceOf = (rid: string): [Dataset, Resource] | null => {
    for (const d of cat.datasets) for (const r of d.resources) if (r.id === rid) return [d, r];
    return null;
  };
  const resourceJson = (r: Resource) => ({
    id: r.id, title: r.title, description: '', format: r.format, filetype: 'file', type: 'main',
    url: `${base}/files/${r.id}/${r.title}`, latest: `${base}/datagouv/api/1/datasets/r/${r.id}`,
    filesize: Math.max(1000, r.rows.length * 200), mime: r.format === 'csv' ? 'text/csv' : 'application/octet-stream',
    last_modified: r.lastModified, created_at: r.lastModified, extras: {},
  });
  const datasetJson = (d: Dataset) => ({
    id: d.id, slug: d.slug, title: d.title, page: `https://www.data.gouv.fr/datasets/${d.slug}/`, uri: `https://www.data.gouv.fr/api/1/datasets/${d.id}/`,
    organization: d.organization, owner: d.organization ? null : { id: 'user-1', first_name: 'Test', last_name: 'Utilisateur' },
    deleted: null, private: false, last_modified: d.resources.map((r) => r.lastModified).sort().at(-1) ?? null, resources: d.resources.map(resourceJson),
  });

  const geo = (url: URL, res: ServerResponse, kind: string, code: string, communes: boolean) => {
    const inTerritory = cat.communes.filter((f) => (kind === 'departements' ? f.properties.codeDepartement === code : f.properties.codeEpci === code));
    const known = kind === 'departements' ? code in cat.departements : code in cat.epcis;
    if (!known) return send(res, 404, 'Not Found');
    if (!communes) return send(res, 200, { code, nom: kind === 'departements' ? cat.departements[code] : cat.epcis[code] });
    const geometry = url.searchParams.get('geometry') ?? 'centre';
    if (geometry === 'mairie' && state.failing.has('geo-mairie')) return send(res, 503, '<html>Service Unavailable</html>');
    const fields = new Set((url.searchParams.get('fields') ?? 'nom,code,codeDepartement,codeEpci,population,codesPostaux').split(','));
    fields.add('nom');
    fields.add('code');
    // api-geo lib/helpers.js: in GeoJSON the geometry fields never stay in the properties.
    for (const g of ['centre', 'contour', 'mairie', 'bbox']) fields.delete(g);
    const features = inTerritory.map((f) => {
      const props: Record<string, unknown> = {};
      for (const k of fields) if (k in f.properties) props[k] = f.properties[k];
      if (fields.has('epci') && f.properties.codeEpci) props.epci = { code: f.properties.codeEpci, nom: cat.epcis[f.properties.codeEpci] ?? null };
      const g = geometry === 'contour' ? f.geometry : geometry === 'mairie' ? f.mairie : f.mairie;
      return { type: 'Feature', properties: props, geometry: g };
    });
    if (url.searchParams.get('format') === 'geojson') return send(res, 200, { type: 'FeatureCollection', features });
    return send(res, 200, features.map((f) => f.properties));
  };

  const tabular = (url: URL, res: ServerResponse, rid: string) => {
    const found = resourceOf(rid);
    if (!found || state.notIndexed.has(rid) || found[1].notIndexed) return send(res, 404, { errors: [{ code: null, title: 'Not Found', detail: `Resource ${rid} not found` }] });
    const [d, r] = found;
    if (state.failing.has(d.slug) || state.failing.has(rid)) return send(res, 503, '<html>Service Unavailable</html>');
    if (state.deletedResources.has(rid)) {
      return send(res, 410, `Resource ${rid} has been permanently deleted on 2026-11-20 by its producer. You can find more information about this resource at https://www.data.gouv.fr/datasets/${d.id}`);
    }
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const size = Number(url.searchParams.get('page_size') ?? 20);
    if (size > 50) return send(res, 400, { errors: [{ code: null, title: 'Invalid query string', detail: 'Page size exceeds allowed maximum: 50' }] });
    const t = typesOf(r);
    const filters: { column: string; op: string; value: string }[] = [];
    for (const [key, value] of url.searchParams) {
      if (key === 'page' || key === 'page_size') continue;
      const m = /^(.+)__(exact|greater|less|in|isnull|isnotnull)$/.exec(key);
      if (!m) return send(res, 400, { errors: [{ code: null, title: 'Invalid query string', detail: `Malformed query: argument '${key}=${value}' could not be parsed` }] });
      if (!t.has(m[1])) return send(res, 400, { errors: [{ code: '42703', title: 'Database error', detail: `column ${r.id}.${m[1]} does not exist` }] });
      filters.push({ column: m[1], op: m[2], value });
    }
    const match = (row: Row) => filters.every(({ column, op, value }) => {
      const ty = t.get(column)!;
      const v = typed(row[column], ty);
      if (op === 'isnull') return v === null;
      if (op === 'isnotnull') return v !== null;
      if (v === null) return false;
      const cmp = (want: string) => {
        if (ty === 'int' || ty === 'float') return (v as number) - Number(want);
        if (ty === 'bool') return v === ['1', 'true'].includes(want.toLowerCase()) ? 0 : 1;
        const a = String(v);
        return a < want ? -1 : a > want ? 1 : 0;
      };
      if (op === 'exact') return cmp(value) === 0;
      if (op === 'greater') return cmp(value) >= 0;
      if (op === 'less') return cmp(value) <= 0;
      return value.split(',').some((x) => cmp(x) === 0);
    });
    const all = r.rows.filter(match);
    const slice = all.slice((page - 1) * size, page * size);
    const data = slice.map((row, i) => {
      const out: Record<string, Cell> = { __id: (page - 1) * size + i + 1 };
      for (const [c, ty] of t) out[c] = typed(row[c], ty);
      return out;
    });
    // api-tabular core/url.py: links are built on the configured host, whatever host was asked.
    const rest = [...url.searchParams].filter(([k]) => k !== 'page' && k !== 'page_size').map(([k, v]) => `${k}=${v}`);
    const link = (p: number) => `${OFFICIAL_TABULAR}/resources/${rid}/data/?${[...rest, `page=${p}`, `page_size=${size}`].join('&')}`;
    return send(res, 200, {
      data,
      links: {
        profile: `${OFFICIAL_TABULAR}/resources/${rid}/profile/`, swagger: `${OFFICIAL_TABULAR}/resources/${rid}/swagger/`,
        next: page * size < all.length ? link(page + 1) : null, prev: page > 1 ? link(page - 1) : null,
      },
      meta: { page, page_size: size, total: all.length },
    });
  };

  const melodi = (url: URL, res: ServerResponse, dataset: string) => {
    if (state.failing.has('melodi')) return send(res, 503, '<html>Service Unavailable</html>');
    if (state.melodi.busy > 0) {
      state.melodi.busy--;
      return send(res, 429, '<html>Too Many Requests</html>', { 'Retry-After': '1' });
    }
    if (dataset !== 'DS_RP_POPULATION_PRINC') return send(res, 404, { message: `dataset ${dataset} inconnu` });
    const geoParam = url.searchParams.get('GEO') ?? '';
    const m = /^(DEP|EPCI)-(\w+)\*COM$/.exec(geoParam);
    const one = /^COM-(\w{5})$/.exec(geoParam);
    const codes = new Set(
      one ? [one[1]] : m ? cat.communes.filter((f) => (m[1] === 'DEP' ? f.properties.codeDepartement === m[2] : f.properties.codeEpci === m[2])).map((f) => f.properties.code) : [],
    );
    const dims = [...url.searchParams].filter(([k]) => /^[A-Z_]+$/.test(k) && k !== 'GEO');
    const all = cat.observations.filter((o) => codes.has(o.dimensions.GEO.split('-').pop()!) && dims.every(([k, v]) => o.dimensions[k] === undefined || o.dimensions[k] === v));
    const max = Math.min(10_000, Number(url.searchParams.get('maxResult') ?? 1000));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const observations = all.slice((page - 1) * max, page * max);
    const rest = [...url.searchParams].filter(([k]) => k !== 'page').map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    const link = (p: number) => `${OFFICIAL_MELODI}/data/${dataset}?${[...rest, `page=${p}`].join('&')}`;
    const isLast = page * max >= all.length;
    return send(res, 200, {
      identifier: dataset, title: { fr: 'Population (recensement)', en: 'Population (census)' }, publisher: { id: 'INSEE' },
      observations, paging: { first: link(1), next: isLast ? null : link(page + 1), last: link(Math.max(1, Math.ceil(all.length / max))), isLast, count: all.length },
    });
  };

  const overpass = async (req: IncomingMessage, res: ServerResponse) => {
    await wait('overpass');
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const query = new URLSearchParams(body).get('data') ?? '';
    state.overpassQueries.push(query);
    if (state.failing.has('overpass')) return send(res, 504, '<html><body>504 Gateway Timeout</body></html>');
    if (state.overpass.busy > 0) {
      state.overpass.busy--;
      return send(res, 429, '<html><body>429 Too Many Requests: rate limited</body></html>', { 'Retry-After': '2' });
    }
    if (state.overpass.timeouts > 0) {
      state.overpass.timeouts--;
      return send(res, 504, '<html><body>504 Gateway Timeout: server too busy</body></html>');
    }
    const grid = roadGrid(query);
    if (!grid) return send(res, 400, '<html>Error: line 1: parse error</html>');
    if (state.overpass.remark) {
      // Overpass writes the remark after the elements, and the elements are partial.
      grid.elements = grid.elements.slice(0, Math.floor(grid.elements.length / 3));
      return send(res, 200, { ...grid, remark: state.overpass.remark });
    }
    return send(res, 200, grid);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type' });
      return res.end();
    }
    const p = url.pathname;
    let m: RegExpExecArray | null;
    if ((m = /^\/geo\/(departements|epcis)\/([^/]+)(\/communes)?$/.exec(p))) {
      await wait('geo');
      if (state.failing.has('geo')) return send(res, 503, { message: 'indisponible' });
      return geo(url, res, m[1], decodeURIComponent(m[2]), !!m[3]);
    }
    if ((m = /^\/datagouv\/api\/1\/datasets\/([^/]+)\/$/.exec(p)) && m[1] !== 'r') {
      const key = decodeURIComponent(m[1]);
      const d = datasetOf(key);
      if (d) await wait(d.slug);
      if (d && state.failing.has(d.slug)) return send(res, 503, '<html>Service Unavailable</html>');
      if (d && state.deleted.has(d.slug)) return send(res, 410, { message: 'Dataset has been deleted', status: 410 });
      if (!d || (state.moved.has(key) && key === d.slug)) return send(res, 404, { message: 'Not found', status: 404 });
      return send(res, 200, datasetJson(d));
    }
    if (p === '/datagouv/api/1/datasets/') {
      const q = url.searchParams.get('q') ?? '';
      const slugs = cat.search.find((s) => s.pattern.test(q))?.slugs ?? [];
      const data = slugs.filter((s) => !state.deleted.has(s)).map((s) => datasetJson(datasetOf(s)!));
      return send(res, 200, { data, page: 1, page_size: Number(url.searchParams.get('page_size') ?? 20), total: data.length });
    }
    if ((m = /^\/datagouv\/api\/2\/datasets\/resources\/([^/]+)\/$/.exec(p))) {
      const found = resourceOf(m[1]);
      if (!found || state.unknownResources.has(m[1])) return send(res, 404, { message: 'Resource does not exist', status: 404 });
      if (state.deleted.has(found[0].slug)) return send(res, 410, { message: 'Dataset has been deleted', status: 410 });
      return send(res, 200, { resource: resourceJson(found[1]), dataset_id: found[0].id });
    }
    if ((m = /^\/tabular\/api\/resources\/([^/]+)\/data\/$/.exec(p))) return tabular(url, res, m[1]);
    if ((m = /^\/files\/([^/]+)\/.+$/.exec(p)) || (m = /^\/datagouv\/api\/1\/datasets\/r\/([^/]+)$/.exec(p))) {
      const found = resourceOf(m[1]);
      if (!found) return send(res, 404, 'Not Found');
      const r = found[1];
      const columns = [...typesOf(r).keys()];
      const cell = (v: Cell | undefined) => (v === null || v === undefined ? '' : /[;"\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
      return send(res, 200, [columns.join(';'), ...r.rows.map((row) => columns.map((c) => cell(row[c])).join(';'))].join('\n') + '\n');
    }
    if (p === '/overpass/api/interpreter' && req.method === 'POST') return overpass(req, res);
    if ((m = /^\/melodi\/data\/([^/]+)$/.exec(p))) {
      await wait('melodi');
      return melodi(url, res, m[1]);
    }
    return send(res, 404, { message: `pas de réponse prévue pour ${p}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { message: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base, ...state, real: cat.real, territory: cat.territory, catalogue: cat,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A regular road grid (nodes every ~2 km) over the box of an Overpass query. */
function roadGrid(query: string): { version: number; generator: string; osm3s: Record<string, string>; elements: unknown[] } | null {
  const m = /\((-?[\d.]+),(-?[\d.]+),(-?[\d.]+),(-?[\d.]+)\)/.exec(query);
  if (!m) return null;
  const [s, w, n, e] = m.slice(1, 5).map(Number);
  const step = 0.02;
  const cols = Math.max(2, Math.round((e - w) / step) + 1);
  const rows = Math.max(2, Math.round((n - s) / step) + 1);
  const elements: unknown[] = [];
  const id = (i: number, j: number) => 1 + i * cols + j;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) elements.push({ type: 'node', id: id(i, j), lat: +(s + i * step).toFixed(6), lon: +(w + j * step).toFixed(6) });
  let way = 1_000_000;
  for (let i = 0; i < rows; i++) elements.push({ type: 'way', id: way++, nodes: Array.from({ length: cols }, (_, j) => id(i, j)), tags: { highway: i % 5 === 0 ? 'secondary' : 'tertiary' } });
  for (let j = 0; j < cols; j++) elements.push({ type: 'way', id: way++, nodes: Array.from({ length: rows }, (_, i) => id(i, j)), tags: { highway: j % 5 === 0 ? 'primary' : 'unclassified', maxspeed: j % 5 === 0 ? '80' : undefined } });
  return { version: 0.6, generator: 'maillage test server', osm3s: { timestamp_osm_base: '2026-11-20T08:00:00Z', copyright: 'test grid, not OpenStreetMap data' }, elements };
}

export const SOURCE_SERVER_FIXTURES = FIXTURES_DIR;
