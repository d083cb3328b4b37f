/**
 * "Charger mon territoire" against a local stand-in that answers like the official services
 * today (tests/helpers/source_server.ts, 127.0.0.1 only): every layer arrives, goes through the
 * importers, records its dataset, resource and vintage; a failing source is named and does not
 * stop the others; cancelling stops everything. Then issue 14, point by point: each behaviour
 * of the real services has its test.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchTerritory, rowsToCsv, type FetchFn, type FetchOptions, type SourceStatus, type TerritoryOutcome } from '../../../../src/data/fetch/fetch_territory.ts';
import {
  DATA_GOUV_SOURCES, mirrorEndpoints, parseTerritoryRequest, SOURCE_IDS, tabularFilters, widen, type DataGouvResource, type SourceId,
} from '../../../../src/data/fetch/sources.ts';
import { fetchAges } from '../../../../src/data/fetch/melodi.ts';
import { chooseResource, type DatasetRecord } from '../../../../src/data/fetch/datagouv.ts';
import { OVERPASS_MAXSIZE_BYTES, OVERPASS_TIMEOUT_S } from '../../../../src/data/fetch/overpass.ts';
import { layerOf } from '../../../../src/data/fetch/bundle.ts';
import { importFile, type ImportedFile } from '../../../../src/data/import/import_file.ts';
import { KNOWN, realSourcesAvailable, SLUGS, startSourceServer, type SourceServer } from '../../../helpers/source_server.ts';
import { hasRaw } from '../../../helpers/fixtures.ts';

/** Node's fetch, refusing anything but 127.0.0.1: nothing may reach the real services in tests. */
const contacted: string[] = [];
const localFetch: FetchFn = (url, init) => {
  contacted.push(url);
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`test tried to reach ${url}`);
  return fetch(url, init);
};

let server: SourceServer;
beforeAll(async () => {
  // Real files when present (and required under CI=true); the hand-made territory otherwise.
  const real = hasRaw('anct-france-services/liste-fs-20240801.csv') && realSourcesAvailable();
  server = await startSourceServer({ real });
}, 60_000);
afterAll(() => server?.close());
afterEach(() => {
  for (const s of [server.failing, server.moved, server.deleted, server.deletedResources, server.notIndexed, server.unknownResources]) s.clear();
  Object.assign(server.overpass, { busy: 0, timeouts: 0, remark: null });
  server.melodi.busy = 0;
});

const opts = (over: Partial<FetchOptions> = {}): FetchOptions => ({
  endpoints: mirrorEndpoints(server.url), fetch: localFetch, sleep: async () => {}, now: () => new Date('2026-11-23T10:00:00Z'), ...over,
});
const run = (only?: SourceId[], over: Partial<FetchOptions> = {}) => fetchTerritory({ kind: 'departement', code: '58' }, opts({ only, ...over }));
const layer = (o: TerritoryOutcome, id: SourceId) => o.layers.find((l) => l.sourceId === id)!;
const read = (o: TerritoryOutcome, id: SourceId): ImportedFile => {
  const l = layer(o, id);
  const r = importFile(l.file, l.bytes);
  if (r.needsMapping) throw new Error(`${l.file} not recognised: ${r.reason}`);
  return r;
};
const failure = (o: TerritoryOutcome, id: SourceId) => o.failures.find((f) => f.sourceId === id)?.message ?? '';

describe('territory request', () => {
  it('reads département codes and EPCI SIRENs, and says what is wrong otherwise', () => {
    expect(parseTerritoryRequest(' 58 ')).toEqual({ kind: 'departement', code: '58' });
    expect(parseTerritoryRequest('2a')).toEqual({ kind: 'departement', code: '2A' });
    expect(parseTerritoryRequest('971')).toEqual({ kind: 'departement', code: '971' });
    expect(parseTerritoryRequest('1')).toEqual({ kind: 'departement', code: '01' });
    expect(parseTerritoryRequest('200067759')).toEqual({ kind: 'epci', code: '200067759' });
    for (const bad of ['20', '96', '975', 'Nièvre', '12345', '']) expect(parseTerritoryRequest(bad)).toHaveProperty('error');
  });

  it('cuts national tables by box, Lambert-93 box or commune-code range', () => {
    const box = widen([3, 46.6, 4.2, 47.6], 20);
    expect(box[0]).toBeLessThan(3 - 0.25);
    expect(box[1]).toBeCloseTo(46.6 - 20 / 111.2, 4);
    expect(tabularFilters({ type: 'code_prefix', column: 'CODGEO' }, box, ['58', '2A', '971'])).toEqual([
      ['CODGEO__greater=58000', 'CODGEO__less=58999'], ['CODGEO__greater=2A000', 'CODGEO__less=2A999'], ['CODGEO__greater=97100', 'CODGEO__less=97199'],
    ]);
    const [l93] = tabularFilters({ type: 'bbox_l93', x: 'x', y: 'y' }, [3, 46.6, 4.2, 47.6], []);
    const x0 = Number(l93[0].split('=')[1]);
    expect(x0).toBeGreaterThan(650_000);
    expect(x0).toBeLessThan(720_000);
  });

  it('writes tabular rows back as a ; CSV, quoting what needs it, booleans as true/false', () => {
    expect(rowsToCsv([{ __id: 1, a: 'x;y', b: 2 }, { a: 'dit "oui"', c: null, d: false }])).toBe('a;b;c;d\n"x;y";2;;\n"dit ""oui""";;;false\n');
  });
});

describe('fetchTerritory against the stand-in', () => {
  it('fetches every layer of the département, each read by the importers, with its origin and vintage', async () => {
    const statuses: [SourceId, SourceStatus['state']][] = [];
    const before = server.requests.length;
    contacted.length = 0; // what other tests reached (e.g. a closed port) is theirs
    const t0 = performance.now();
    const outcome = await run(undefined, { onStatus: (id, s) => statuses.push([id, s.state]) });
    console.log(`[fetch] ${server.real ? 'real files' : 'hand-made sample'}: ${outcome.layers.length} layers in ${Math.round(performance.now() - t0)} ms, ${server.requests.length - before} requests`);
    expect(outcome.failures).toEqual([]);
    expect(outcome.name).toMatch(/Nièvre/);
    expect(outcome.departements).toEqual(['58']);
    expect(outcome.layers.map((l) => l.sourceId)).toEqual(SOURCE_IDS);
    for (const id of ['communes', 'routes'] as const) expect(statuses).toContainEqual([id, 'done']);

    const formats: Record<string, string> = {};
    const rows: Record<string, number> = {};
    for (const l of outcome.layers.filter((x) => !x.network)) {
      const r = read(outcome, l.sourceId);
      formats[l.sourceId] = r.format.id;
      rows[l.sourceId] = Object.values(r.output.rows)[0]?.length ?? 0;
      expect(l.retrievedAt).toBe('2026-11-23T10:00:00.000Z');
      expect(l.url.startsWith(server.url)).toBe(true);
      expect(l.vintage, l.sourceId).toBeTruthy();
    }
    console.log(`[fetch] rows read per source: ${JSON.stringify(rows)}`);
    expect(formats).toEqual({
      communes: 'geo_api_communes', france_services: 'anct_france_services', lieux_mediation: 'lieux_mediation_standard',
      arcep_fixe: 'arcep_mci_debit', arcep_fibre: 'arcep_mci_techno', arcep_mobile: 'arcep_sites_mobiles_trimestriels',
      arcep_couverture: 'arcep_couverture_communes', insee_ages: 'insee_melodi_population_age',
    });
    expect(rows.communes).toBe(server.territory.communes);
    expect(rows.insee_ages).toBe(server.territory.communes);
    expect(rows.arcep_fixe).toBe(server.territory.communes);
    expect(rows.arcep_couverture).toBe(server.territory.communes * 4);
    expect(rows.france_services).toBeGreaterThanOrEqual(server.territory.franceServicesInside);
    // Each data.gouv.fr layer names its dataset and resource; the vintage says how it was found.
    const fs = layer(outcome, 'france_services');
    expect(fs.origin.dataset).toBe(`« Liste des structures France services » (${SLUGS.france_services}, id ds-fs-5f1)`);
    expect(fs.origin.resource).toBe(`« liste-fs-20240801.csv » (id ${KNOWN.franceServices})`);
    expect(fs.origin.via).toMatch(/^API tabulaire de data\.gouv\.fr, \d+ page\(s\), \d+ lignes$/);
    expect(fs.vintage).toBe('2024-08-01 (nom de la ressource « liste-fs-20240801.csv »)');
    expect(layer(outcome, 'arcep_mobile').vintage).toBe('2024 T3 (nom de la ressource « 2024_T3_sites_Metropole.csv »)');
    expect(layer(outcome, 'arcep_fixe').vintage).toBe('2026-06-30 (colonne date)');
    expect(layer(outcome, 'insee_ages').vintage).toBe('RP 2022 (dimension TIME_PERIOD de l’API Melodi)');
    expect(layer(outcome, 'routes').vintage).toBe('20 novembre 2026');
    expect(layerOf(fs)).toMatchObject({ dataset: fs.origin.dataset, resource: fs.origin.resource, requests: [expect.stringContaining('/tabular/api/resources/')] });
    // Only the territory was sent: the geo API got the code, the tabular API a box or a code range.
    const asked = server.requests.slice(before).join('\n');
    expect(asked).toContain('/geo/departements/58/communes');
    expect(asked).toMatch(/latitude__greater=46\.\d+/);
    expect(asked).toContain('code_insee__greater=58000');
    expect(asked).toContain('GEO=DEP-58*COM');
    expect(contacted.every((u) => u.startsWith(server.url))).toBe(true);
  });

  it('an EPCI: its communes only (a strict subset of the département), and the help points of its own box', async () => {
    const dep = await run(['communes']);
    const all = JSON.parse(new TextDecoder().decode(dep.layers[0].bytes)) as { features: { properties: { codeEpci: string } }[] };
    const siren = all.features[0].properties.codeEpci;
    const members = all.features.filter((f) => f.properties.codeEpci === siren).length;
    const epci = await fetchTerritory({ kind: 'epci', code: siren }, opts({ only: ['communes', 'france_services', 'insee_ages'] }));
    expect(epci.failures).toEqual([]);
    expect(epci.layers.map((l) => l.file)).toEqual([`communes-${siren}.geojson`, `france-services-${siren}.csv`, `insee-population-age-${siren}.json`]);
    const communes = read(epci, 'communes');
    expect(communes.output.rows.communes).toHaveLength(members);
    expect(new Set(communes.output.rows.commune_epci!.map((r) => r.epci))).toEqual(new Set([siren]));
    expect(members).toBeLessThan(all.features.length);
    expect(read(epci, 'insee_ages').output.rows.population_age).toHaveLength(members);
    expect(server.requests.join('\n')).toContain(`GEO=EPCI-${siren}*COM`);
    const [w, s, e, n] = epci.bbox!;
    const [dw, ds, de, dn] = dep.bbox!;
    expect(w >= dw && s >= ds && e <= de && n <= dn).toBe(true);
  });

  it('names a failing source, says what to drop by hand, and still loads the others', async () => {
    server.failing.add('rid-sites-2024t3');
    server.failing.add('overpass');
    const outcome = await run();
    expect(outcome.failures.map((f) => f.sourceId).sort()).toEqual(['arcep_mobile', 'routes']);
    expect(failure(outcome, 'arcep_mobile')).toMatch(/^Sites mobiles 2G\/3G\/4G\/5G \(ARCEP\) : le serveur a répondu 503 \(erreur du serveur\).* À défaut, déposez le dernier fichier AAAA_Tn_sites_Metropole\.csv/);
    expect(failure(outcome, 'routes')).toMatch(/Réseau routier \(OpenStreetMap\) : le serveur a répondu 504 .*download\.openstreetmap\.fr\/extracts/);
    expect(outcome.layers.map((l) => l.sourceId)).toEqual(SOURCE_IDS.filter((id) => id !== 'arcep_mobile' && id !== 'routes'));
  });

  it('says so when the territory does not exist (geo.api answers 404), or the services cannot be reached', async () => {
    const none = await fetchTerritory({ kind: 'departement', code: '2B' }, opts());
    expect(none.layers).toEqual([]);
    expect(none.failures[0].message).toMatch(/aucune commune trouvée pour le département 2B/);
    const offline = await fetchTerritory({ kind: 'departement', code: '58' }, opts({ endpoints: mirrorEndpoints('http://127.0.0.1:9'), only: ['communes', 'france_services'] }));
    expect(offline.failures.map((f) => f.sourceId)).toEqual(['communes', 'france_services']);
    expect(offline.failures[0].message).toMatch(/service injoignable .* hors ligne, pare-feu/);
  });

  it('stops every download when cancelled', async () => {
    const controller = new AbortController();
    const states = new Map<SourceId, string>();
    const outcome = await run(undefined, {
      signal: controller.signal,
      onStatus: (id, s) => {
        states.set(id, s.state);
        if (id === 'communes' && s.state === 'done') controller.abort();
      },
    });
    expect(outcome.failures).toEqual([]);
    expect(outcome.layers.map((l) => l.sourceId)).toEqual(['communes']);
    expect([...states.values()].filter((s) => s === 'cancelled').length).toBe(SOURCE_IDS.length - 1);
  });
});

describe('issue 14, point 1: ARCEP fixed, cumulative classes and an explicit FttH measure', () => {
  it('reads commune_debit_terrestre (not the newest commune file, which counts satellite): every rate ≤ 100 %', async () => {
    const o = await run(['communes', 'arcep_fixe', 'arcep_fibre']);
    expect(layer(o, 'arcep_fixe').origin.resource).toMatch(/^« commune_debit_terrestre\.csv »/);
    const fixed = read(o, 'arcep_fixe').output.rows.fixed_broadband!;
    for (const r of fixed) expect(r.thd30 as number, r.code as string).toBeLessThanOrEqual(r.premises as number);
    expect(fixed.every((r) => r.classes === 'cumulatives')).toBe(true);
    expect(layer(o, 'arcep_fibre').origin.resource).toMatch(/^« commune_meilleure_techno_thd\.csv »/);
    const fibre = read(o, 'arcep_fibre').output.rows.fixed_broadband!;
    expect(fibre.every((r) => r.ftth !== null && (r.ftth as number) <= (r.premises as number))).toBe(true);
  });
});

describe('issue 14, point 2: ARCEP mobile sites', () => {
  it('the current header arrives, and 0/1 flags given back by the tabular API as JSON booleans are read as such', async () => {
    const o = await run(['communes', 'arcep_mobile']);
    const text = new TextDecoder().decode(layer(o, 'arcep_mobile').bytes);
    expect(text.split('\n')[0]).toMatch(/^code_op;nom_op;.*;latitude;longitude;.*site_4g/);
    expect(text).toMatch(/;(true|false);/);
    const sites = read(o, 'arcep_mobile').output.rows.mobile_sites!;
    expect(sites.some((s) => s.g4 === true)).toBe(true);
    expect(sites.some((s) => s.g4 === false) || !server.real).toBe(true);
    expect(server.requests.join('\n')).toMatch(/latitude__greater=/);
  });

  it('overseas territories read the _Outremer file', () => {
    const spec = DATA_GOUV_SOURCES.find((s) => s.id === 'arcep_mobile')!;
    const r = (title: string): DataGouvResource => ({ id: title, title, format: 'csv', url: `https://x/${title}` });
    expect(spec.resource(r('2024_T3_sites_Outremer.csv'), ['971'])).toBe(true);
    expect(spec.resource(r('2024_T3_sites_Metropole.csv'), ['971'])).toBe(false);
    expect(spec.resource(r('2024_T3_sites_Metropole.csv'), ['58'])).toBe(true);
  });
});

describe('issue 14, point 3: per-commune 4G coverage statistics', () => {
  it('the latest op_communes file, 4G rows only, one per commune and operator', async () => {
    const o = await run(['communes', 'arcep_couverture']);
    expect(layer(o, 'arcep_couverture').origin.resource).toMatch(/^« 2024T3_op_communes\.csv »/);
    expect(server.requests.join('\n')).toContain('techno__exact=4G');
    const rows = read(o, 'arcep_couverture').output.rows.mobile_coverage!;
    expect(new Set(rows.map((r) => r.technology))).toEqual(new Set(['4G']));
    expect(rows).toHaveLength(server.territory.communes * 4);
  });
});

describe('issue 14, point 4: INSEE ages from the Melodi API', () => {
  it('one territory in pages (next links of the official host brought back to the mirror), 75+ per commune', async () => {
    const before = server.requests.length;
    const perPage = Math.ceil(server.catalogue.observations.length / 3);
    const got = await fetchAges({ kind: 'departement', code: '58' }, { fetch: localFetch, sleep: async () => {} }, mirrorEndpoints(server.url), () => {}, undefined, {}, perPage);
    expect(got.pages).toBeGreaterThan(1);
    expect(server.requests.slice(before).every((r) => r.startsWith('GET /melodi/data/DS_RP_POPULATION_PRINC?'))).toBe(true);
    const r = importFile('insee-population-age-58.json', got.bytes);
    if (r.needsMapping) throw new Error('not recognised');
    const rows = r.output.rows.population_age!;
    expect(rows).toHaveLength(server.territory.communes);
    expect(rows.every((x) => typeof x.pop_75p === 'number')).toBe(true);
    // Never a silently shortened answer: past the page limit, nothing is kept.
    await expect(fetchAges({ kind: 'departement', code: '58' }, { fetch: localFetch }, mirrorEndpoints(server.url), () => {}, undefined, {}, perPage, 2)).rejects.toThrow(/plus de 2 pages .* non chargée/);
  });

  it('waits when Melodi answers 429 (30 requests a minute), then reads', async () => {
    server.melodi.busy = 2;
    const waits: string[] = [];
    const o = await run(['communes', 'insee_ages'], { onStatus: (id, s) => id === 'insee_ages' && s.state === 'running' && /occupée/.test(s.detail) && waits.push(s.detail) });
    expect(o.failures).toEqual([]);
    expect(waits).toEqual(['API Melodi occupée (429) : nouvel essai dans 1 s', 'API Melodi occupée (429) : nouvel essai dans 1 s']);
  });

  it('when Melodi fails, the message says exactly which INSEE file to drop and where to get it', async () => {
    server.failing.add('melodi');
    const o = await run(['communes', 'insee_ages']);
    expect(failure(o, 'insee_ages')).toMatch(/déposez base-cc-evol-struct-pop-2022\.CSV, extrait de https:\/\/www\.insee\.fr\/fr\/statistiques\/fichier\/8581696\/base-cc-evol-struct-pop-2022_csv\.zip/);
  });
});

describe('issue 14, point 5: town halls from a second geo.api request', () => {
  it('the communes file carries each town hall; commune points are town halls, not centroids', async () => {
    const o = await run(['communes']);
    expect(server.requests.join('\n')).toMatch(/\/geo\/departements\/58\/communes\?fields=code,nom&format=geojson&geometry=mairie/);
    const r = read(o, 'communes');
    const points = r.output.rows.commune_points!;
    expect(points).toHaveLength(server.territory.communes);
    const hall = server.catalogue.communes[0];
    const p = points.find((x) => x.code === hall.properties.code)!;
    expect([p.lon, p.lat]).toEqual(hall.mairie.coordinates);
    expect(r.output.warnings.join(' ')).not.toMatch(/mairie/);
  });

  it('without the town halls the communes still load, and both the dialog and the importer say what it means', async () => {
    server.failing.add('geo-mairie');
    const statuses: string[] = [];
    const o = await run(['communes'], { onStatus: (id, s) => s.state === 'done' && statuses.push(s.detail) });
    expect(layer(o, 'communes').notes[0]).toMatch(/positions des mairies indisponibles .* point intérieur de chaque contour/);
    expect(statuses[0]).toMatch(/communes — positions des mairies indisponibles/);
    expect(read(o, 'communes').output.warnings.join(' ')).toMatch(/aucune position de mairie/);
  });
});

describe('issue 14, point 6: resources by dataset identity and schema, never by a search hit', () => {
  it('picks the list of sites of the France Services dataset, not the newer list of communes nor the XLSX', async () => {
    const o = await run(['communes', 'france_services']);
    expect(layer(o, 'france_services').origin.resource).toContain(KNOWN.franceServices);
    expect(server.requests.join('\n')).not.toContain('rid-fs-xlsx/data');
  });

  it('a moved dataset is found again from its known resource', async () => {
    server.moved.add(SLUGS.france_services);
    const o = await run(['communes', 'france_services']);
    expect(layer(o, 'france_services').origin.found).toBe('ressource connue');
    expect(layer(o, 'france_services').origin.dataset).toContain(SLUGS.france_services);
  });

  it('the search never takes a look-alike: the city copy (8 records) and the draft are refused', async () => {
    server.moved.add(SLUGS.france_services);
    server.unknownResources.add(KNOWN.franceServices);
    const o = await run(['communes', 'france_services']);
    expect(o.failures).toEqual([]);
    expect(layer(o, 'france_services').origin.dataset).toContain(SLUGS.france_services);
    expect(layer(o, 'france_services').origin.found).toMatch(/^recherche/);
    expect(layer(o, 'france_services').notes.join(' ')).toMatch(/jeu trouvé par la recherche/);
  });

  it('médiation places of the territory without a position (optional in the national standard) are counted and said', async () => {
    const o = await run(['communes', 'lieux_mediation']);
    expect(layer(o, 'lieux_mediation').notes).toContain('1 ligne(s) des communes du territoire sans position dans la source : non placées sur la carte ni comptées.');
    expect(server.requests.join('\n')).toMatch(/code_insee__greater=58000&code_insee__less=58999&latitude__isnull/);
  });

  it('the médiation search skips the per-source extract', async () => {
    server.unknownResources.add(KNOWN.mediation);
    const o = await run(['communes', 'lieux_mediation']);
    expect(o.failures).toEqual([]);
    expect(layer(o, 'lieux_mediation').origin.dataset).toContain(SLUGS.lieux_mediation);
    expect(layer(o, 'lieux_mediation').origin.dataset).not.toContain('fournis-par');
  });

  it('with only look-alikes left, nothing is loaded and the refused datasets are named', async () => {
    server.moved.add(SLUGS.france_services);
    server.unknownResources.add(KNOWN.franceServices);
    server.deleted.add(SLUGS.france_services);
    const o = await run(['communes', 'france_services']);
    expect(failure(o, 'france_services')).toMatch(/supprimé par son producteur/);
    server.deleted.clear();
    server.failing.add(SLUGS.france_services);
    const o2 = await run(['communes', 'france_services']);
    expect(o2.layers.map((l) => l.sourceId)).toEqual(['communes']);
  });
});

/**
 * chooseResource's refusals, against a tiny data.gouv.fr written here (not the stand-in): each
 * answer is chosen so that exactly one rule decides. France Services: publisher ANCT, columns
 * id_fs…format_fs, at least 1000 national rows (sources.ts).
 */
describe('chooseResource: the branches that refuse', () => {
  const spec = DATA_GOUV_SOURCES.find((d) => d.id === 'france_services')!;
  const e = mirrorEndpoints('http://127.0.0.1:9');
  const ANCT = { name: 'Agence nationale de la cohésion des territoires', slug: 'anct' };
  const COLUMNS = { id_fs: 'x', lib_fs: 'x', insee_com: '58194', latitude: 47, longitude: 3.1, type_fs: 'x', format_fs: 'x' };
  const csv = (id: string, title: string): DataGouvResource => ({ id, title, format: 'csv', url: `https://static.data.gouv.fr/${title}`, last_modified: '2024-08-01' });
  const dataset = (slug: string, organization: DatasetRecord['organization'], resources: DataGouvResource[]): DatasetRecord =>
    ({ id: `id-${slug}`, slug, title: slug, page: null, organization, resources });

  /** Datasets by slug (absent: 404), the search's answer, and per resource the tabular API's first row and total. */
  function fakeDataGouv(o: { datasets?: Record<string, DatasetRecord>; search?: DatasetRecord[]; tabular: Record<string, { row: Record<string, unknown>; total: number }> }) {
    const asked: string[] = [];
    const fetchFn: FetchFn = async (url) => {
      asked.push(url);
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
      const u = new URL(url);
      const ds = /\/datagouv\/api\/1\/datasets\/([^/]+)\/$/.exec(u.pathname);
      if (ds) return o.datasets?.[decodeURIComponent(ds[1])] ? json(200, o.datasets[decodeURIComponent(ds[1])]) : json(404, { message: 'Not found' });
      if (/\/datagouv\/api\/1\/datasets\/$/.test(u.pathname)) return json(200, { data: o.search ?? [] });
      if (/\/datagouv\/api\/2\/datasets\/resources\//.test(u.pathname)) return json(404, { message: 'Not found' });
      const tab = /\/tabular\/api\/resources\/([^/]+)\/data\/$/.exec(u.pathname);
      const t = tab ? o.tabular[tab[1]] : undefined;
      if (t) return json(200, { data: [{ __id: 1, ...t.row }], links: {}, meta: { total: t.total } });
      return json(404, { message: 'Not found' });
    };
    return { asked, ctx: { fetch: fetchFn } };
  }

  it('the search returns only look-alikes: nothing is chosen, and each refused dataset is named with its reason', async () => {
    const { ctx } = fakeDataGouv({
      search: [
        dataset('france-services-ville-x', { name: 'Ville de X', slug: 'ville-x' }, [csv('rid-city', 'france-services.csv')]),
        dataset('test-structure-1', ANCT, [csv('rid-draft', 'liste-fs-test.csv')]),
      ],
      tabular: { 'rid-city': { row: COLUMNS, total: 8 }, 'rid-draft': { row: COLUMNS, total: 8 } },
    });
    await expect(chooseResource(spec, ['58'], ctx, e)).rejects.toThrow(
      /^jeu de données liste-des-structures-france-services introuvable sur data\.gouv\.fr, et aucun résultat de la recherche n'a le producteur et les colonnes attendus \(écartés : france-services-ville-x \(Ville de X \/ ville-x\) ; test-structure-1 \(la ressource « liste-fs-test\.csv » n'a que 8 lignes \(au moins 1000 attendues/,
    );
  });

  it('the search finds several plausible datasets: it refuses to choose and names them', async () => {
    const full = { row: COLUMNS, total: 2800 };
    const { ctx } = fakeDataGouv({
      search: [dataset('france-services-a', ANCT, [csv('rid-a', 'liste-fs-20240801.csv')]), dataset('france-services-b', ANCT, [csv('rid-b', 'liste-fs-20240901.csv')])],
      tabular: { 'rid-a': full, 'rid-b': full },
    });
    await expect(chooseResource(spec, ['58'], ctx, e)).rejects.toThrow(
      /la recherche donne plusieurs jeux plausibles \(france-services-a, france-services-b\) : rien n'est choisi à votre place\./,
    );
  });

  it('minRows: the dataset at its own slug whose only resource has too few rows is refused (a partial copy or a draft)', async () => {
    const { ctx } = fakeDataGouv({
      datasets: { 'liste-des-structures-france-services': dataset('liste-des-structures-france-services', ANCT, [csv('rid-short', 'liste-fs-20240801.csv')]) },
      tabular: { 'rid-short': { row: COLUMNS, total: 999 } },
    });
    await expect(chooseResource(spec, ['58'], ctx, e)).rejects.toThrow(/« liste-fs-20240801\.csv » n'a que 999 lignes \(au moins 1000 attendues pour le fichier national/);
    // One more row and it is the source.
    const ok = fakeDataGouv({
      datasets: { 'liste-des-structures-france-services': dataset('liste-des-structures-france-services', ANCT, [csv('rid-short', 'liste-fs-20240801.csv')]) },
      tabular: { 'rid-short': { row: COLUMNS, total: 1000 } },
    });
    await expect(chooseResource(spec, ['58'], ok.ctx, e)).resolves.toMatchObject({ found: 'adresse du jeu', check: { total: 1000, problem: null } });
  });

  it('the primary slug published by someone else is refused before any resource is read, and the search is not asked', async () => {
    const { ctx, asked } = fakeDataGouv({
      datasets: { 'liste-des-structures-france-services': dataset('liste-des-structures-france-services', { name: 'Un collectif citoyen', slug: 'collectif' }, [csv('rid-x', 'liste-fs-20240801.csv')]) },
      tabular: { 'rid-x': { row: COLUMNS, total: 2800 } },
    });
    await expect(chooseResource(spec, ['58'], ctx, e)).rejects.toThrow(
      "le jeu « liste-des-structures-france-services » (liste-des-structures-france-services) n'est pas publié par le producteur attendu (publié par : Un collectif citoyen / collectif). Rien n'est chargé.",
    );
    expect(asked.some((u) => /tabular|\?q=/.test(u))).toBe(false);
  });
});

describe('issue 14, point 7: Overpass failures and limits', () => {
  it('sets [timeout:] and [maxsize:] explicitly', async () => {
    await run(['communes', 'routes']);
    expect(server.overpassQueries.at(-1)).toMatch(new RegExp(`^\\[out:json\\]\\[timeout:${OVERPASS_TIMEOUT_S}\\]\\[maxsize:${OVERPASS_MAXSIZE_BYTES}\\];`));
  });

  it('a 200 answer with a runtime-error remark is a failure, never a truncated network', async () => {
    server.overpass.remark = 'runtime error: Query timed out in "query" at line 1 after 181 seconds.';
    const o = await run(['communes', 'routes']);
    expect(o.layers.map((l) => l.sourceId)).toEqual(['communes']);
    expect(failure(o, 'routes')).toMatch(/interrompu la requête \(« runtime error: Query timed out.* n'est pas installée.*\.osm\.pbf.*download\.openstreetmap\.fr/);
  });

  it('on 429/504 it waits and retries, twice at most, then names the département extract', async () => {
    server.overpass.busy = 1;
    server.overpass.timeouts = 1;
    const before = server.overpassQueries.length;
    const ok = await run(['communes', 'routes']);
    expect(ok.failures).toEqual([]);
    expect(server.overpassQueries.length - before).toBe(3);
    server.overpass.busy = 3;
    const ko = await run(['communes', 'routes']);
    expect(failure(ko, 'routes')).toMatch(/429 .*toujours occupé après plusieurs essais espacés.*osm\.pbf/);
  });
});

describe('issue 14, point 8: tabular API paging, mirrors, deleted resources', () => {
  it('never asks more than 50 rows a page (the service answers 400 above), and the stand-in does answer 400', async () => {
    const before = server.requests.length;
    const o = await run(['communes', 'arcep_fixe'], { pageSize: 200 });
    expect(o.failures).toEqual([]);
    const sizes = server.requests.slice(before).flatMap((r) => [.../page_size=(\d+)/.exec(r)?.slice(1) ?? []]).map(Number);
    expect(Math.max(...sizes)).toBe(50);
    const res = await fetch(`${server.url}/tabular/api/resources/${KNOWN.franceServices}/data/?page_size=51`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ code: null, title: 'Invalid query string', detail: 'Page size exceeds allowed maximum: 50' }] });
  });

  it('follows pages on the mirror although links.next names the official host', async () => {
    const res = await (await fetch(`${server.url}/tabular/api/resources/rid-mci-commune-debit-terrestre/data/?code_insee__greater=58000&code_insee__less=58999&page_size=2&page=1`)).json() as { links: { next: string } };
    expect(res.links.next).toMatch(/^https:\/\/tabular-api\.data\.gouv\.fr\/api\//);
    contacted.length = 0;
    const o = await run(['communes', 'arcep_fixe'], { pageSize: 2 });
    expect(read(o, 'arcep_fixe').output.rows.fixed_broadband).toHaveLength(server.territory.communes);
    expect(contacted.every((u) => u.startsWith(server.url))).toBe(true);
  });

  it('a page that comes back short is a failure, not a silently smaller table', async () => {
    let cut = false;
    const short: FetchFn = async (url, init) => {
      const res = await localFetch(url, init);
      if (!cut && /rid-mci-commune-debit-terrestre\/data\/\?code_insee/.test(url)) {
        cut = true;
        const j = (await res.json()) as { data: unknown[] };
        j.data.pop();
        return new Response(JSON.stringify(j), { status: 200 });
      }
      return res;
    };
    const o = await run(['communes', 'arcep_fixe'], { fetch: short });
    expect(failure(o, 'arcep_fixe')).toMatch(/réponse incomplète de l'API tabulaire : \d+ lignes reçues sur \d+ annoncées/);
  });

  it('a deleted resource (410) and a deleted dataset (410) are named as such', async () => {
    server.deletedResources.add('rid-couv-2024t3');
    const o = await run(['communes', 'arcep_couverture']);
    expect(failure(o, 'arcep_couverture')).toMatch(/supprimée par son producteur \(410\)/);
    server.deleted.add(SLUGS.arcep_fixe);
    const o2 = await run(['communes', 'arcep_fixe']);
    expect(failure(o2, 'arcep_fixe')).toMatch(/le jeu de données « ma-connexion-internet » a été supprimé par son producteur \(data\.gouv\.fr répond 410\)/);
  });

  it('a resource the tabular API does not serve: downloaded whole when small, else the user is told what to drop', async () => {
    server.notIndexed.add(KNOWN.franceServices);
    const o = await run(['communes', 'france_services']);
    expect(o.failures).toEqual([]);
    expect(layer(o, 'france_services').origin.via).toMatch(/fichier entier/);
    server.notIndexed.add('rid-mci-commune-debit-terrestre');
    const o2 = await run(['communes', 'arcep_fixe']);
    expect(failure(o2, 'arcep_fixe')).toMatch(/n'est pas servie par l'API tabulaire .*déposez/);
  });
});

describe('fetchTerritory with a broken geographic API', () => {
  it('names the communes source when its answer is not GeoJSON, and stops there', async () => {
    const fake: FetchFn = async (url) => new Response(url.includes('/communes') ? '<html>maintenance</html>' : '{}', { status: 200 });
    const outcome = await fetchTerritory({ kind: 'epci', code: '200067759' }, { endpoints: mirrorEndpoints('http://127.0.0.1:1'), fetch: fake, only: ['communes', 'routes'] });
    expect(outcome.failures.map((f) => f.message)).toEqual([
      expect.stringMatching(/^Communes : contours, mairie, population, EPCI : la réponse n'est pas du JSON lisible\./),
      expect.stringMatching(/^Réseau routier \(OpenStreetMap\) : non demandé : la liste des communes du territoire est nécessaire pour le délimiter\./),
    ]);
    const empty: FetchFn = async () => new Response('{"type":"FeatureCollection","features":[]}', { status: 200 });
    const none = await fetchTerritory({ kind: 'epci', code: '200067759' }, { endpoints: mirrorEndpoints('http://127.0.0.1:1'), fetch: empty, only: ['communes'] });
    expect(none.failures[0].message).toMatch(/aucune commune trouvée pour l'EPCI 200067759/);
  });
});

describe('remote answers do not steer requests (issue 18, item 7)', () => {
  /** The stand-in's dataset answers with every resource's `latest` and `url` rewritten. */
  const steering = (latest: string | null, url: string | null): FetchFn => async (u, init) => {
    const res = await localFetch(u, init);
    if (!/\/datagouv\/api\/1\/datasets\/[^/?]+\/$/.test(new URL(u).pathname) || !res.ok) return res;
    const d = (await res.json()) as { resources?: Record<string, unknown>[] };
    for (const r of d.resources ?? []) {
      if (latest !== null) r.latest = latest;
      if (url !== null) r.url = url;
    }
    return new Response(JSON.stringify(d), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };

  it('a resource file address pointing at a bystander on 127.0.0.1 is not followed, and the user is told', async () => {
    server.notIndexed.add(KNOWN.franceServices);
    const bystander = 'http://127.0.0.1:9/admin/delete-everything';
    contacted.length = 0;
    const o = await run(['communes', 'france_services'], { fetch: steering(bystander, bystander) });
    expect(contacted.some((u) => u.startsWith('http://127.0.0.1:9/'))).toBe(false);
    expect(failure(o, 'france_services')).toMatch(/l'adresse du fichier .*\(http:\/\/127\.0\.0\.1:9\/admin\/delete-everything\) n'est pas sur data\.gouv\.fr : elle n'est pas suivie\./);
  });

  it('an off-host `latest` falls back to a `url` on the mirror asked', async () => {
    server.notIndexed.add(KNOWN.franceServices);
    contacted.length = 0;
    const o = await run(['communes', 'france_services'], { fetch: steering('http://127.0.0.1:9/x', null) });
    expect(o.failures).toEqual([]);
    expect(contacted.some((u) => u.startsWith('http://127.0.0.1:9/'))).toBe(false);
    expect(layer(o, 'france_services').origin.via).toMatch(/fichier entier/);
  });
});
