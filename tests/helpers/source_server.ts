/**
 * A local stand-in for the official open-data services (geo.api.gouv.fr, data.gouv.fr API and
 * tabular API, Overpass), served on 127.0.0.1 with the mirror layout of
 * src/data/fetch/sources.ts (`/geo`, `/datagouv/api/1`, `/tabular/api`, `/overpass/api/interpreter`).
 *
 * Its answers are built at start from the real files of the shared fixtures folder when they
 * are there (Nièvre communes, France Services 2024, ARCEP, AURA lieux de médiation…), read in
 * memory and never written into the repository; otherwise from a tiny hand-made territory.
 * Two layers have no real file anywhere: the INSEE ages per commune (synthesised from the
 * legal populations with fixed shares) and the road network (a regular grid over the box asked).
 * Every request is recorded; any source can be made to fail.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Papa from 'papaparse';
import { FIXTURES_DIR, rawPath } from './fixtures.ts';
import { existsSync } from 'node:fs';

type Row = Record<string, unknown>;

interface Dataset {
  slug: string;
  title: string;
  resourceTitle: string;
  lastModified: string;
  rows: Row[];
}

export interface SourceServer {
  /** Base to give as mirror, e.g. http://127.0.0.1:43210 */
  url: string;
  /** Every request, as "METHOD /path?query". */
  requests: string[];
  /** Dataset slugs (or 'geo', 'overpass') answered with HTTP 503 from now on. */
  failing: Set<string>;
  /** Milliseconds to wait before answering, by dataset slug (or 'geo', 'overpass'). */
  delays: Map<string, number>;
  /** True when the answers come from the real shared files. */
  real: boolean;
  /** Number of communes of the test territory, and the code to ask for. */
  territory: { code: string; communes: number; franceServicesInside: number };
  close(): Promise<void>;
}

export const DATASET_SLUGS = {
  france_services: 'liste-des-structures-france-services',
  lieux_mediation: 'lieux-de-mediation-numerique-sur-le-territoire-national',
  arcep_fixe: 'ma-connexion-internet',
  arcep_mobile: 'mon-reseau-mobile',
  insee_ages: 'population-par-sexe-et-age-base-communale',
} as const;

const REAL_FILES = [
  'ign-admin-express-2018-geojson/communes-58-nievre.geojson',
  'insee-derived-dataforgood-ifn/Communes.csv',
  'insee-derived-dataforgood-ifn/table_iris_insee_epci.csv',
  'anct-france-services/liste-fs-20240801.csv',
  'hinaura-lieux-mediation/source.json',
  'arcep-ma-connexion-internet-2019/commune-debit-beta.csv',
  'arcep-sites-mobiles-2018/2018_01_Sites_mobiles_2G_3G_4G_France_metropolitaine_L93.csv',
];

export const realSourcesAvailable = () => REAL_FILES.every((f) => existsSync(rawPath(f)));

const csv = (path: string, skipLines = 0): Row[] => {
  const text = readFileSync(rawPath(path), 'utf8').split('\n').slice(skipLines).join('\n');
  return Papa.parse<Row>(text, { header: true, skipEmptyLines: true, dynamicTyping: false }).data;
};

interface Catalogue {
  communes: { type: 'Feature'; geometry: unknown; properties: Row }[];
  names: Record<string, string>;
  datasets: Dataset[];
  real: boolean;
}

function realCatalogue(): Catalogue {
  const contours = JSON.parse(readFileSync(rawPath(REAL_FILES[0]), 'utf8')) as { features: { geometry: unknown; properties: { code: string; nom: string } }[] };
  const pop = new Map(csv(REAL_FILES[1]).map((r) => [String(r.DEPCOM), Number(r.PMUN)]));
  const epci = new Map(csv(REAL_FILES[2]).map((r) => [String(r.CODE_INSEE), String(r.EPCI)]));
  const communes = contours.features.map((f) => ({
    type: 'Feature' as const,
    geometry: f.geometry,
    properties: {
      code: f.properties.code, nom: f.properties.nom, codeDepartement: '58', codeEpci: epci.get(f.properties.code) ?? null,
      population: pop.get(f.properties.code) ?? null, mairie: null, codesPostaux: [],
    } as Row,
  }));
  const fs = csv(REAL_FILES[3]).map((r) => ({ ...r, latitude: Number(r.latitude), longitude: Number(r.longitude) }));
  const lmn = (JSON.parse(readFileSync(rawPath(REAL_FILES[4]), 'utf8')) as Row[]).map((r) => ({ ...r, latitude: Number(r.latitude), longitude: Number(r.longitude) }));
  const fixe = csv(REAL_FILES[5], 1);
  const mobile = csv(REAL_FILES[6]).map((r) => ({ ...r, x: Number(r.x), y: Number(r.y) }));
  return {
    communes, names: { '58': 'Nièvre' }, real: true,
    datasets: datasetsOf({ france_services: fs, lieux_mediation: lmn, arcep_fixe: fixe, arcep_mobile: mobile, insee_ages: agesOf(communes) }, {
      france_services: '2024-08-01', lieux_mediation: '2022-06-01', arcep_fixe: '2019-09-30', arcep_mobile: '2018-01-15', insee_ages: '2024-06-27',
    }),
  };
}

type DatasetId = keyof typeof DATASET_SLUGS;

const TITLES: Record<DatasetId, [title: string, resourceTitle: string]> = {
  france_services: ['Liste des structures France services', 'Liste des France services (csv)'],
  lieux_mediation: ['Lieux de médiation numérique', 'Lieux de médiation numérique (csv)'],
  arcep_fixe: ['Ma connexion internet', 'Statistiques par commune (csv)'],
  arcep_mobile: ['Mon réseau mobile', 'Sites mobiles 2G 3G 4G (csv)'],
  insee_ages: ['Population par âge', 'Population par tranche d’âge par commune (csv)'],
};

function datasetsOf(rows: Record<DatasetId, Row[]>, dates: Record<DatasetId, string>): Dataset[] {
  return (Object.keys(DATASET_SLUGS) as DatasetId[]).map((id) => ({
    slug: DATASET_SLUGS[id], title: TITLES[id][0], resourceTitle: TITLES[id][1], lastModified: `${dates[id]}T00:00:00`, rows: rows[id],
  }));
}

/** Synthetic ages per commune from the legal population: fixed shares, labelled as such here. */
function agesOf(communes: Catalogue['communes']): Row[] {
  return communes.map((f) => {
    const p = Number(f.properties.population ?? 0);
    const part = (s: number) => Math.round(p * s);
    return {
      CODGEO: f.properties.code, P21_POP: p, P21_POP0014: part(0.14), P21_POP1529: part(0.13), P21_POP3044: part(0.15), P21_POP4559: part(0.2),
      P21_POP6074: part(0.22), P21_POP7589: part(0.14), P21_POP90P: part(0.02), P21_POP65P: part(0.3), P21_POP75P: part(0.16),
    };
  });
}

/** Four square communes around Nevers, two France Services, one lieu de médiation, a few sites. */
function handMadeCatalogue(): Catalogue {
  const square = (lon: number, lat: number, d = 0.05) => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] });
  const defs: [string, string, number, number, number][] = [
    ['58194', 'Nevers', 3.1, 46.95, 33000], ['58303', 'Varennes-Vauzelles', 3.15, 46.95, 9000],
    ['58086', 'Coulanges-lès-Nevers', 3.1, 47.0, 3500], ['58062', 'Challuy', 3.15, 47.0, 1500],
  ];
  const communes = defs.map(([code, nom, lon, lat, population]) => ({
    type: 'Feature' as const, geometry: square(lon, lat),
    properties: { code, nom, codeDepartement: '58', codeEpci: '200067759', population, mairie: { type: 'Point', coordinates: [lon + 0.025, lat + 0.025] }, codesPostaux: ['58000'] } as Row,
  }));
  const fs = [
    { id_fs: '1', insee_dep: '58', lib_fs: 'France services de Nevers', adresse: '1 rue du Rempart', complement_adresse: '', insee_com: '58194', code_postal: '58000', lib_com: 'Nevers', latitude: 46.975, longitude: 3.125, mail: '', telephone: '', h_lundi: '09:00 - 12:00', h_mardi: '', h_mercredi: '', h_jeudi: '', h_vendredi: '', h_samedi: '', prise_rdv: '', commentaire: '', type_fs: 'Siège', format_fs: 'Fixe', groupe_fs: '', labellisation_fs: '' },
    { id_fs: '2', insee_dep: '58', lib_fs: 'France services de Challuy', adresse: 'Place', complement_adresse: '', insee_com: '58062', code_postal: '58000', lib_com: 'Challuy', latitude: 47.02, longitude: 3.17, mail: '', telephone: '', h_lundi: '', h_mardi: '', h_mercredi: '', h_jeudi: '', h_vendredi: '', h_samedi: '', prise_rdv: '', commentaire: '', type_fs: 'Antenne', format_fs: 'Fixe', groupe_fs: '', labellisation_fs: '' },
  ];
  const lmn = [{ id: 'l1', nom: 'Médiathèque de Varennes', services: 'Accéder à une connexion internet', commune: 'Varennes-Vauzelles', code_postal: '58640', adresse: 'rue', latitude: 46.98, longitude: 3.17, source: 'test', date_maj: '2026-01-01' }];
  const fixe = defs.map(([code, nom]) => ({ code_insee: code, nom_com: nom, code_dep: '58', code_reg: '27', nbr: 100, type: 'logloc', inel_hd: 0, elig_hd05: 0, elig_hd3: 0, elig_hd8: 10, elig_thd30: 10, elig_thd100: 0, elig_thd1g: 80, date: '2026-06-30' }));
  const mobile = [{ Operateur: '20801', x: 713000, y: 6651000, '2G': 1, '3G': 1, '4G': 1 }];
  return {
    communes, names: { '58': 'Nièvre (échantillon)' }, real: false,
    datasets: datasetsOf({ france_services: fs, lieux_mediation: lmn, arcep_fixe: fixe, arcep_mobile: mobile, insee_ages: agesOf(communes) }, {
      france_services: '2026-10-01', lieux_mediation: '2026-10-01', arcep_fixe: '2026-06-30', arcep_mobile: '2026-07-01', insee_ages: '2026-06-27',
    }),
  };
}

/** `a__greater=…` / `a__less=…` / `a__exact=…` on numbers when both sides are numbers, else on text. */
function matches(row: Row, params: URLSearchParams): boolean {
  for (const [key, value] of params) {
    const m = /^(.+)__(greater|less|exact)$/.exec(key);
    if (!m) continue;
    const v = row[m[1]];
    if (v === undefined || v === null || v === '') return false;
    const a = Number(v);
    const b = Number(value);
    const numeric = Number.isFinite(a) && Number.isFinite(b) && String(v).trim() !== '' && !/^0\d/.test(String(v));
    const cmp = numeric ? a - b : String(v).localeCompare(value);
    if (m[2] === 'greater' && cmp < 0) return false;
    if (m[2] === 'less' && cmp > 0) return false;
    if (m[2] === 'exact' && cmp !== 0) return false;
  }
  return true;
}

/** A regular road grid (nodes every ~2 km) over the box of an Overpass query. */
function roadGrid(query: string): unknown {
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

export async function startSourceServer(options: { real?: boolean } = {}): Promise<SourceServer> {
  const cat = (options.real ?? realSourcesAvailable()) ? realCatalogue() : handMadeCatalogue();
  const requests: string[] = [];
  const failing = new Set<string>();
  const delays = new Map<string, number>();
  const wait = (key: string) => new Promise((r) => setTimeout(r, delays.get(key) ?? 0));
  let base = '';

  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8') => {
    res.writeHead(status, { 'Content-Type': type, 'Access-Control-Allow-Origin': '*' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  const datasetJson = (d: Dataset) => ({
    id: `ds-${d.slug}`, slug: d.slug, title: d.title, page: `${base}/datasets/${d.slug}`, last_modified: d.lastModified,
    resources: [
      { id: `rid-${d.slug}-old`, title: `${d.resourceTitle} (ancienne version)`, format: 'csv', url: `${base}/files/${d.slug}-old.csv`, last_modified: '2015-01-01T00:00:00', filesize: 10 },
      { id: `rid-${d.slug}`, title: d.resourceTitle, format: 'csv', url: `${base}/files/${d.slug}.csv`, latest: `${base}/files/${d.slug}.csv`, last_modified: d.lastModified, filesize: JSON.stringify(d.rows).length },
    ],
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type' });
      return res.end();
    }
    const p = url.pathname;
    let m: RegExpExecArray | null;
    if ((m = /^\/geo\/(departements|epcis)\/([^/]+)\/communes$/.exec(p))) {
      if (failing.has('geo')) return send(res, 503, { message: 'indisponible' });
      const key = m[1] === 'departements' ? 'codeDepartement' : 'codeEpci';
      return send(res, 200, { type: 'FeatureCollection', features: cat.communes.filter((f) => f.properties[key] === m![2]) });
    }
    if ((m = /^\/geo\/(departements|epcis)\/([^/]+)$/.exec(p))) {
      const nom = m[1] === 'departements' ? cat.names[m[2]] : `EPCI ${m[2]}`;
      return nom ? send(res, 200, { code: m[2], nom }) : send(res, 404, { message: 'introuvable' });
    }
    if ((m = /^\/datagouv\/api\/1\/datasets\/([^/]+)\/$/.exec(p))) {
      if (failing.has(m[1])) return send(res, 503, '<html>Service Unavailable</html>', 'text/html');
      const d = cat.datasets.find((x) => x.slug === m![1]);
      return d ? send(res, 200, datasetJson(d)) : send(res, 404, { message: 'Not found' });
    }
    if (p === '/datagouv/api/1/datasets/') return send(res, 200, { data: [], total: 0 });
    if ((m = /^\/tabular\/api\/resources\/rid-(.+)\/data\/$/.exec(p))) {
      const d = cat.datasets.find((x) => x.slug === m![1]);
      if (!d || failing.has(d.slug)) return send(res, d ? 503 : 404, { message: 'indisponible' });
      const size = Math.min(200, Number(url.searchParams.get('page_size') ?? 20));
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
      const all = d.rows.filter((r) => matches(r, url.searchParams));
      const data = all.slice((page - 1) * size, page * size).map((r, i) => ({ __id: (page - 1) * size + i + 1, ...r }));
      let next: string | null = null;
      if (page * size < all.length) {
        const n = new URL(url);
        n.searchParams.set('page', String(page + 1));
        next = n.toString();
      }
      return send(res, 200, { data, links: { next, prev: null }, meta: { page, page_size: size, total: all.length } });
    }
    if (p === '/overpass/api/interpreter' && req.method === 'POST') {
      await wait('overpass');
      if (failing.has('overpass')) return send(res, 504, '<html>Gateway timeout</html>', 'text/html');
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const grid = roadGrid(new URLSearchParams(body).get('data') ?? '');
      return grid ? send(res, 200, grid) : send(res, 400, 'bad query', 'text/plain');
    }
    return send(res, 404, { message: `pas de réponse prévue pour ${p}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { message: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const inside = cat.datasets[0].rows.filter((r) => String(r.insee_dep) === '58').length;
  return {
    url: base, requests, failing, delays, real: cat.real,
    territory: { code: '58', communes: cat.communes.length, franceServicesInside: inside },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const SOURCE_SERVER_FIXTURES = FIXTURES_DIR;
