/**
 * "Charger mon territoire" against a local stand-in of the official services (127.0.0.1 only):
 * every layer arrives, goes through the importers, records its vintage; a failing source is
 * named and does not stop the others; cancelling stops everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTerritory, rowsToCsv, type FetchFn, type SourceStatus } from '../../../../src/data/fetch/fetch_territory.ts';
import { mirrorEndpoints, parseTerritoryRequest, tabularFilters, widen, type SourceId } from '../../../../src/data/fetch/sources.ts';
import { importFile } from '../../../../src/data/import/import_file.ts';
import { DATASET_SLUGS, realSourcesAvailable, startSourceServer, type SourceServer } from '../../../helpers/source_server.ts';
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
});
afterAll(() => server?.close());

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

  it('writes tabular rows back as a ; CSV, quoting what needs it', () => {
    expect(rowsToCsv([{ __id: 1, a: 'x;y', b: 2 }, { a: 'dit "oui"', c: null }])).toBe('a;b;c\n"x;y";2;\n"dit ""oui""";;\n');
  });
});

describe('fetchTerritory against the local services', () => {
  it('fetches every layer of the département, each read by the importers, with its vintage', async () => {
    const statuses: [SourceId, SourceStatus['state']][] = [];
    const t0 = performance.now();
    const outcome = await fetchTerritory({ kind: 'departement', code: '58' }, {
      endpoints: mirrorEndpoints(server.url), fetch: localFetch, onStatus: (id, s) => statuses.push([id, s.state]),
      now: () => new Date('2026-11-23T10:00:00Z'),
    });
    console.log(`[fetch] ${server.real ? 'real files' : 'hand-made sample'}: ${outcome.layers.length} layers in ${Math.round(performance.now() - t0)} ms, ${server.requests.length} requests`);
    expect(outcome.failures).toEqual([]);
    expect(outcome.name).toMatch(/Nièvre/);
    expect(outcome.departements).toEqual(['58']);
    expect(outcome.layers.map((l) => l.sourceId)).toEqual(['communes', 'france_services', 'lieux_mediation', 'arcep_fixe', 'arcep_mobile', 'insee_ages', 'routes']);
    for (const id of ['communes', 'routes'] as const) expect(statuses).toContainEqual([id, 'done']);

    const formats: Record<string, string> = {};
    const rows: Record<string, number> = {};
    for (const l of outcome.layers.filter((x) => !x.network)) {
      const r = importFile(l.file, l.bytes);
      expect(r.needsMapping, `${l.file} recognised`).toBe(false);
      formats[l.sourceId] = r.format.id;
      rows[l.sourceId] = r.output.rows.communes?.length ?? r.output.rows.help_points?.length ?? r.output.rows.fixed_broadband?.length ?? r.output.rows.mobile_sites?.length ?? r.output.rows.population_age?.length ?? 0;
      expect(l.retrievedAt).toBe('2026-11-23T10:00:00.000Z');
      expect(l.url.startsWith(server.url)).toBe(true);
    }
    expect(formats).toEqual({
      communes: 'geo_api_communes', france_services: 'anct_france_services', lieux_mediation: 'lieux_mediation_standard',
      arcep_fixe: 'arcep_ma_connexion_internet', arcep_mobile: 'arcep_sites_mobiles', insee_ages: 'insee_population_age',
    });
    expect(rows.communes).toBe(server.territory.communes);
    expect(rows.insee_ages).toBe(server.territory.communes);
    // Help points of the buffer come too: at least every France Services of the département.
    expect(rows.france_services).toBeGreaterThanOrEqual(server.territory.franceServicesInside);
    // The newest resource is chosen, and its date is the vintage.
    const fs = outcome.layers.find((l) => l.sourceId === 'france_services')!;
    expect(fs.vintage).toMatch(server.real ? /1 août 2024/ : /1 octobre 2026/);
    expect(outcome.layers.find((l) => l.sourceId === 'routes')!.vintage).toBe('20 novembre 2026');
    // Only the territory was sent: the geo API got the code, the tabular API a box or a code range.
    const asked = server.requests.join('\n');
    expect(asked).toContain('/geo/departements/58/communes');
    expect(asked).toMatch(/latitude__greater=46\.\d+/);
    expect(asked).toContain('CODGEO__greater=58000');
    expect(contacted.every((u) => u.startsWith(server.url))).toBe(true);
  });

  it('an EPCI: its communes only, and the help points of its own box', async () => {
    const dep = await fetchTerritory({ kind: 'departement', code: '58' }, { endpoints: mirrorEndpoints(server.url), fetch: localFetch, only: ['communes'] });
    const all = JSON.parse(new TextDecoder().decode(dep.layers[0].bytes)) as { features: { properties: { codeEpci: string } }[] };
    const siren = all.features[0].properties.codeEpci;
    const members = all.features.filter((f) => f.properties.codeEpci === siren).length;
    const epci = await fetchTerritory({ kind: 'epci', code: siren }, { endpoints: mirrorEndpoints(server.url), fetch: localFetch, only: ['communes', 'france_services'] });
    expect(epci.failures).toEqual([]);
    expect(epci.layers.map((l) => l.file)).toEqual([`communes-${siren}.geojson`, `france-services-${siren}.csv`]);
    const communes = importFile(epci.layers[0].file, epci.layers[0].bytes);
    expect(communes.output.rows.communes).toHaveLength(members);
    expect(new Set(communes.output.rows.commune_epci!.map((r) => r.epci))).toEqual(new Set([siren]));
    expect(members).toBeLessThan(all.features.length);
    const [w, s, e, n] = epci.bbox!;
    const [dw, ds, de, dn] = dep.bbox!;
    expect(w >= dw && s >= ds && e <= de && n <= dn).toBe(true);
  });

  it('names a failing source and still loads the others', async () => {
    server.failing.add(DATASET_SLUGS.arcep_mobile);
    server.failing.add('overpass');
    try {
      const outcome = await fetchTerritory({ kind: 'departement', code: '58' }, { endpoints: mirrorEndpoints(server.url), fetch: localFetch });
      expect(outcome.failures.map((f) => f.sourceId).sort()).toEqual(['arcep_mobile', 'routes']);
      expect(outcome.failures.find((f) => f.sourceId === 'arcep_mobile')!.message).toMatch(/^Sites mobiles 2G\/3G\/4G : le serveur a répondu 503 \(erreur du serveur\)/);
      expect(outcome.failures.find((f) => f.sourceId === 'routes')!.message).toMatch(/Réseau routier \(OpenStreetMap\) : le serveur a répondu 504/);
      expect(outcome.layers.map((l) => l.sourceId)).toEqual(['communes', 'france_services', 'lieux_mediation', 'arcep_fixe', 'insee_ages']);
    } finally {
      server.failing.clear();
    }
  });

  it('says so when the territory does not exist, or the services cannot be reached', async () => {
    const none = await fetchTerritory({ kind: 'departement', code: '2B' }, { endpoints: mirrorEndpoints(server.url), fetch: localFetch });
    expect(none.layers).toEqual([]);
    expect(none.failures[0].message).toMatch(/aucune commune trouvée pour le département 2B/);
    const offline = await fetchTerritory({ kind: 'departement', code: '58' }, {
      endpoints: mirrorEndpoints('http://127.0.0.1:9'), fetch: localFetch, only: ['communes', 'france_services'],
    });
    expect(offline.failures.map((f) => f.sourceId)).toEqual(['communes', 'france_services']);
    expect(offline.failures[0].message).toMatch(/service injoignable .* hors ligne, pare-feu/);
  });

  it('stops every download when cancelled', async () => {
    const controller = new AbortController();
    const states = new Map<SourceId, string>();
    const promise = fetchTerritory({ kind: 'departement', code: '58' }, {
      endpoints: mirrorEndpoints(server.url), fetch: localFetch, signal: controller.signal,
      onStatus: (id, s) => {
        states.set(id, s.state);
        if (id === 'communes' && s.state === 'done') controller.abort();
      },
    });
    const outcome = await promise;
    expect(outcome.failures).toEqual([]);
    expect(outcome.layers.map((l) => l.sourceId)).toEqual(['communes']);
    expect([...states.values()].filter((s) => s === 'cancelled').length).toBe(6);
  });
});

describe('fetchTerritory with a broken geographic API', () => {
  it('names the communes source when its answer is not GeoJSON, and stops there', async () => {
    const fake: FetchFn = async (url) => new Response(url.includes('/communes') ? '<html>maintenance</html>' : '{}', { status: 200 });
    const outcome = await fetchTerritory({ kind: 'epci', code: '200067759' }, { endpoints: mirrorEndpoints('http://127.0.0.1:1'), fetch: fake, only: ['communes', 'routes'] });
    expect(outcome.failures.map((f) => f.message)).toEqual([
      "Communes : contours, mairie, population, EPCI : la réponse n'est pas du JSON lisible.",
      'Réseau routier (OpenStreetMap) : non demandé : la liste des communes du territoire est nécessaire pour le délimiter.',
    ]);
    const empty: FetchFn = async () => new Response('{"type":"FeatureCollection","features":[]}', { status: 200 });
    const none = await fetchTerritory({ kind: 'epci', code: '200067759' }, { endpoints: mirrorEndpoints('http://127.0.0.1:1'), fetch: empty, only: ['communes'] });
    expect(none.failures[0].message).toMatch(/aucune commune trouvée pour l'EPCI 200067759/);
  });
});
