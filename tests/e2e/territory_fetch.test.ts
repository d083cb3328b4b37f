/**
 * "Charger mon territoire" end to end, against a local stand-in of the official services on
 * 127.0.0.1 (tests/helpers/source_server.ts; built from the real shared files when present).
 * The browser guard of the harness fails the test if anything else is contacted.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import type { BundleManifest } from '../../src/data/fetch/bundle.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { assertClean, openApp, sql, waitForAppState, type Session } from './harness.ts';
import { hasRaw } from '../helpers/fixtures.ts';
import { DATASET_SLUGS, realSourcesAvailable, startSourceServer, type SourceServer } from '../helpers/source_server.ts';

/** The quarterly sites resource of the stand-in (tests/helpers/source_catalogue.ts). */
const SITES_RESOURCE = 'rid-sites-2024t3';

const ALL = ['communes', 'france_services', 'lieux_mediation', 'arcep_fixe', 'arcep_fibre', 'arcep_mobile', 'arcep_couverture', 'insee_ages', 'routes'];
const TABLE_LAYERS = ['arcep-couverture-4g-58.csv', 'arcep-fibre-58.csv', 'arcep-fixe-terrestre-58.csv', 'arcep-sites-mobiles-58.csv', 'communes-58.geojson', 'france-services-58.csv', 'insee-population-age-58.json', 'lieux-mediation-58.json'];
const repoRoot = resolve(import.meta.dirname, '..', '..');

let server: SourceServer;
beforeAll(async () => {
  const real = hasRaw('anct-france-services/liste-fs-20240801.csv') && realSourcesAvailable();
  server = await startSourceServer({ real });
});
afterAll(() => server?.close());

/** Opens the dialog and asks for the territory through the local mirror. */
async function startFetch(s: Session, code: string): Promise<void> {
  await s.page.getByRole('button', { name: 'Charger mon territoire' }).click();
  const dialog = s.page.getByTestId('territory-fetch-dialog');
  await dialog.getByLabel("Département (ex. 58) ou SIREN d'EPCI").fill(code);
  await dialog.locator('summary', { hasText: 'Options avancées' }).click();
  await dialog.getByLabel('Miroir des services', { exact: false }).fill(server.url);
  await dialog.getByRole('button', { name: 'Charger' }).click();
  // On the demo, the planner is asked first whether her territory may replace it.
  await waitForAppState(s.page, () => document.querySelector('[data-testid=replace-demo]') !== null || document.querySelector('[data-testid=fetch-progress]') !== null);
  if (await s.page.getByTestId('replace-demo').count()) await s.page.getByTestId('replace-demo').getByRole('button', { name: 'Remplacer' }).click();
}

/** The same, then waits for the summary of what loaded. */
async function fetchThroughDialog(s: Session, code: string): Promise<void> {
  await startFetch(s, code);
  await waitForAppState(s.page, () => document.querySelector('[data-testid=fetch-summary]') !== null, { timeout: 180_000 });
}

const rowStates = (s: Session) =>
  s.page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid=fetch-progress] tr[data-source]')].map((tr) => [tr.getAttribute('data-source'), [tr.getAttribute('data-state'), (tr.querySelector('td:last-child')?.textContent ?? '').trim()]])));

describe('Charger mon territoire, in the browser', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('nothing is asked of any service before the user clicks, and the dialog says what will be sent', async () => {
    expect(server.requests).toEqual([]);
    await s.page.getByRole('button', { name: 'Charger mon territoire' }).click();
    const privacy = await s.page.getByTestId('fetch-privacy').textContent();
    expect(privacy).toMatch(/seul le code du territoire .* est envoyé/);
    expect(privacy).toMatch(/Aucune donnée de votre espace de\s+travail .* n'est jamais envoyée/);
    // A wrong code is refused before anything is sent.
    await s.page.getByLabel("Département (ex. 58) ou SIREN d'EPCI").fill('Nièvre');
    await s.page.getByTestId('territory-fetch-dialog').getByRole('button', { name: 'Charger' }).click();
    await expect(s.page.getByTestId('territory-fetch-dialog').getByRole('alert').textContent()).resolves.toMatch(/n'est ni un code de département/);
    expect(server.requests).toEqual([]);
    await s.page.getByTestId('territory-fetch-dialog').getByRole('button', { name: 'Fermer' }).click();
  });

  // Cancelled first, on the demo: the workspace stays the demo, which the next test replaces.
  it('shows each source progressing, and "Annuler" leaves the workspace as it was', async () => {
    server.delays.set('overpass', 20_000);
    onTestFinished(() => server.delays.clear());
    const [before] = await sql<{ n: number }>(s, 'SELECT count(*) AS n FROM sources WHERE fictional');
    await startFetch(s, '58');
    const dialog = s.page.getByTestId('territory-fetch-dialog');
    // The other sources finish while the road network is still on its way, with its progress bar.
    await waitForAppState(s.page, () => document.querySelector('tr[data-source=insee_ages]')?.getAttribute('data-state') === 'done'
      && document.querySelector('tr[data-source=routes]')?.getAttribute('data-state') === 'running'
      && document.querySelector('tr[data-source=routes] progress') !== null, { timeout: 60_000 });
    await expect(s.page.getByTestId('fetch-progress').locator('caption').textContent()).resolves.toMatch(/^Nièvre.* — département 58$/);
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=fetch-summary]') !== null, { timeout: 30_000 });
    await expect(s.page.getByTestId('fetch-summary').textContent()).resolves.toMatch(/Téléchargement annulé : rien n'a été chargé, votre espace de travail est inchangé/);
    // What had already arrived is not installed either: every source says "annulé".
    expect(Object.values(await rowStates(s)).map((r) => (r as string[])[0])).toEqual(ALL.map(() => 'cancelled'));
    const [after] = await sql<{ n: number; fetched: number }>(s, 'SELECT count(*) FILTER (WHERE fictional) AS n, count(url) AS fetched FROM sources');
    expect(after).toEqual({ n: before.n, fetched: 0 });
    await dialog.getByRole('button', { name: 'Fermer' }).click();
    assertClean(s);
  }, 200_000);

  it('loads every layer with progress per source, records where each came from, and replaces the demo', async () => {
    const t0 = Date.now();
    await fetchThroughDialog(s, '58');
    const states = await rowStates(s);
    console.log(`[fetch e2e] ${server.real ? 'real files' : 'hand-made sample'}: ${Object.keys(states).length} sources in ${Date.now() - t0} ms, ${server.requests.length} requests`);
    expect(Object.keys(states)).toEqual(ALL);
    for (const id of ALL) expect(states[id]?.[0], `${id}: ${states[id]?.[1]}`).toBe('done');
    expect(states.france_services[1]).toMatch(/^chargé · 2024-08-01 \(nom de la ressource « liste-fs-20240801\.csv »\) · jeu « Liste des structures France services » \(liste-des-structures-france-services, id ds-fs-5f1\) · ressource « liste-fs-20240801\.csv » \(id 31576dff-fd61-4de9-819f-32c2f880b142\)$/);
    expect(states.insee_ages[1]).toMatch(/^chargé · RP 2022 \(dimension TIME_PERIOD de l’API Melodi\)/);
    await expect(s.page.getByTestId('fetch-summary').textContent()).resolves.toMatch(/9 couche\(s\) chargée\(s\)/);

    const [c] = await sql<{ n: number; demo: number }>(s, "SELECT (SELECT count(*) FROM communes) AS n, (SELECT count(*) FROM sources WHERE fictional) AS demo");
    expect(c).toEqual({ n: server.territory.communes, demo: 0 });
    const sources = await sql<{ file: string; url: string; retrieved_at: string; vintage: string; origin_dataset: string | null; origin_resource: string | null }>(s,
      'SELECT file, url, retrieved_at, vintage, origin_dataset, origin_resource FROM sources ORDER BY file');
    expect(sources.map((r) => r.file)).toEqual(TABLE_LAYERS);
    for (const r of sources) {
      expect(r.url.startsWith(`${server.url}/`), r.file).toBe(true);
      expect(Date.now() - Date.parse(r.retrieved_at)).toBeLessThan(10 * 60_000);
      expect(r.vintage).toBeTruthy();
    }
    // Each data.gouv.fr layer names its dataset and resource in the sources table.
    const fsSource = sources.find((r) => r.file === 'france-services-58.csv')!;
    expect(fsSource.origin_dataset).toMatch(/liste-des-structures-france-services/);
    expect(fsSource.origin_resource).toMatch(/31576dff-fd61-4de9-819f-32c2f880b142/);
    // The territory is the département asked; the road network is the fetched one.
    await s.page.getByTestId('territory-fetch-dialog').getByRole('button', { name: 'Fermer' }).click();
    await waitForAppState(s.page, () => !document.body.textContent!.includes('Import en cours'));
    // The territory is named from the analysis of the new data: wait until it describes them.
    await waitForAppState(s.page, "hook.state === 'ready'", { timeout: 120_000 });
    await expect(s.page.locator('.fiction-banner').count()).resolves.toBe(0);
    await expect(s.page.getByTestId('territory-name').textContent()).resolves.toBe('Nièvre (58)');
    const [fs] = await sql<{ inside: number }>(s, "SELECT count(*) FILTER (WHERE inside) AS inside FROM active_help_points WHERE kind = 'france_services'");
    expect(fs.inside).toBe(server.territory.franceServicesInside);
    await waitForAppState(s.page, () => /routes-58\.osm\.json/.test(document.body.textContent ?? ''), { timeout: 120_000 });
    const [t] = await sql<{ method: string; n: number }>(s, "SELECT min(method) AS method, count(*) AS n FROM access_times WHERE target = 'commune'");
    expect(t.n).toBeGreaterThan(0);
    expect(t.method).toBe('route');
    // The sources panel shows each address and date; every layer can be fetched again.
    const panel = s.page.locator('.sources');
    await expect(panel.getByRole('button', { name: /^Mettre à jour/ }).count()).resolves.toBe(ALL.length);
    await expect(s.page.getByTestId('network-source').textContent()).resolves.toMatch(/routes-58\.osm\.json.*API Overpass · récupéré le .*OpenStreetMap \(ODbL\).*données du 20 novembre 2026/);
    await expect(panel.textContent()).resolves.toMatch(/récupéré le \d\d\/\d\d\/\d{4} depuis 127\.0\.0\.1/);
    // Once the dialog is closed, the panel still names the dataset and resource of each data.gouv.fr layer
    // (France Services, médiation, ARCEP fixe, fibre, sites mobiles, couverture 4G: 6 of the 8 files), and
    // INSEE's Melodi dataset (no resource there): 7 files with a provenance; the communes (geo.api) have none.
    const provenance = panel.getByTestId('source-provenance');
    await expect(provenance.count()).resolves.toBe(7);
    expect(sources.filter((r) => r.origin_dataset && r.origin_resource)).toHaveLength(6);
    expect(sources.filter((r) => r.origin_dataset).map((r) => r.file)).toEqual(TABLE_LAYERS.filter((f) => !f.startsWith('communes-')));
    await expect(panel.locator('tr', { hasText: 'insee-population-age-58.json' }).getByTestId('source-provenance').textContent()).resolves.toMatch(/^Jeu de donnéesINSEE DS_RP_POPULATION_PRINC/);
    const fsProvenance = (await panel.locator('tr', { hasText: 'france-services-58.csv' }).getByTestId('source-provenance').textContent())!;
    expect(fsProvenance).toContain(`Jeu de données${fsSource.origin_dataset}`);
    expect(fsProvenance).toContain(`Ressource${fsSource.origin_resource}`);
    expect(fsProvenance).toMatch(/liste-des-structures-france-services.*31576dff-fd61-4de9-819f-32c2f880b142/);
    assertClean(s);
  }, 300_000);

  it('"Mettre à jour" fetches one layer again and keeps the others', async () => {
    const before = server.requests.length;
    await s.page.locator('.sources').getByRole('button', { name: 'Mettre à jour : Liste des France Services (ANCT)' }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=fetch-summary]') !== null, { timeout: 120_000 });
    const states = await rowStates(s);
    expect(Object.keys(states)).toEqual(['france_services']);
    expect(states.france_services[0]).toBe('done');
    const asked = server.requests.slice(before).join('\n');
    expect(asked).toContain(`/datagouv/api/1/datasets/${DATASET_SLUGS.france_services}/`);
    expect(asked).not.toContain(DATASET_SLUGS.arcep_mobile);
    expect(asked).not.toContain('/overpass/');
    await s.page.getByTestId('territory-fetch-dialog').getByRole('button', { name: 'Fermer' }).click();
    const [n] = await sql<{ n: number }>(s, 'SELECT count(*) AS n FROM sources');
    expect(n.n).toBe(TABLE_LAYERS.length);
    assertClean(s);
  }, 200_000);

  it('the fetched territory survives a reload, with its origins', async () => {
    await s.page.reload();
    await waitForAppState(s.page, "hook.state === 'ready'", { timeout: 180_000 });
    const [c] = await sql<{ n: number; withUrl: number }>(s, "SELECT (SELECT count(*) FROM communes) AS n, (SELECT count(*) FROM sources WHERE url IS NOT NULL) AS withUrl");
    expect(c).toEqual({ n: server.territory.communes, withUrl: TABLE_LAYERS.length });
    await expect(s.page.locator('.fiction-banner').count()).resolves.toBe(0);
    await expect(s.page.locator('.sources').getByTestId('source-provenance').count()).resolves.toBe(7);
    assertClean(s);
  }, 200_000);
});

describe('Charger mon territoire, one source failing', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
  }, 120_000);
  afterAll(async () => {
    server.failing.clear();
    await s?.close();
  });

  it('names the failing source, loads the others, and can retry it', async () => {
    server.failing.add(SITES_RESOURCE);
    await fetchThroughDialog(s, '58');
    const states = await rowStates(s);
    expect(states.arcep_mobile[0]).toBe('failed');
    expect(states.arcep_mobile[1]).toMatch(/^Sites mobiles 2G\/3G\/4G\/5G \(ARCEP\) : le serveur a répondu 503 \(erreur du serveur\).* À défaut, déposez le dernier fichier AAAA_Tn_sites_Metropole\.csv/);
    for (const id of ALL.filter((x) => x !== 'arcep_mobile')) expect(states[id]?.[0], id).toBe('done');
    await expect(s.page.getByTestId('fetch-summary').textContent()).resolves.toMatch(/8 couche\(s\) chargée\(s\)\. 1 source\(s\) en échec : vous pouvez réessayer plus tard ou déposer le fichier à la main/);
    const [m] = await sql<{ n: number }>(s, 'SELECT count(*) AS n FROM mobile_sites');
    expect(m.n).toBe(0);

    server.failing.clear();
    await s.page.getByRole('button', { name: 'Réessayer les sources en échec' }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=fetch-summary] p')?.textContent?.startsWith('1 couche') === true, { timeout: 120_000 });
    const [after] = await sql<{ n: number }>(s, 'SELECT count(*) AS n FROM mobile_sites');
    expect(after.n).toBeGreaterThan(0);
    // Chromium itself logs the 503 this test provoked; that one line, and nothing else, is expected.
    const provoked = s.consoleErrors.filter((e) => e.includes('status of 503') && e.includes(`/tabular/api/resources/${SITES_RESOURCE}/data/`));
    expect(provoked).toHaveLength(1);
    s.consoleErrors.splice(0, s.consoleErrors.length, ...s.consoleErrors.filter((e) => !provoked.includes(e)));
    assertClean(s);
  }, 300_000);
});

describe('npm run data:fetch, then the bundle dropped on the dashboard', () => {
  let dir: string;
  let s: Session;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'maillage-bundle-'));
  });
  afterAll(async () => {
    await s?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the command line writes a bundle that the dashboard opens in one drop', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/data_fetch.ts', '--departement', '58', '--miroir', server.url, '--out', dir], { cwd: repoRoot, timeout: 180_000 });
    console.log(stdout.split('\n').filter((l) => /✓|✗|Lot écrit/.test(l)).join('\n'));
    const zip = join(dir, 'maillage-territoire-58.zip');
    expect(existsSync(zip)).toBe(true);
    expect(stdout).toMatch(/Lot écrit : .*maillage-territoire-58\.zip — 9 couche\(s\) et \d+ table\(s\) normalisée\(s\) \(tables\/\)\./);
    // SOURCES.json records each layer; the normalised tables are there for a spreadsheet.
    const entries = unzipSync(await readFile(zip));
    const manifest = JSON.parse(strFromU8(entries['SOURCES.json'])) as BundleManifest;
    expect(manifest.layers.map((l) => l.sourceId)).toEqual(ALL);
    for (const l of manifest.layers) {
      expect(l.url.startsWith(server.url), l.file).toBe(true);
      expect(entries[l.file], l.file).toBeDefined();
      expect(l.vintage, l.file).toBeTruthy();
    }
    expect(manifest.layers.find((l) => l.sourceId === 'arcep_mobile')).toMatchObject({ dataset: expect.stringMatching(/mon-reseau-mobile/), resource: expect.stringMatching(/2024_T3_sites_Metropole\.csv/) });
    expect(manifest.layers.find((l) => l.sourceId === 'communes')!.rows).toBeGreaterThanOrEqual(server.territory.communes);
    const help = manifest.tables!.find((t) => t.table === 'help_points')!;
    expect(help.rows).toBeGreaterThan(server.territory.franceServicesInside);
    const helpCsv = strFromU8(entries[help.file]).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(helpCsv[0].split(';')).toEqual(expect.arrayContaining(['id', 'kind', 'name', 'commune_code', 'lon', 'lat']));
    expect(helpCsv).toHaveLength(help.rows + 1);
    expect(manifest.privacy).toMatch(/Aucune donnée de l’utilisateur/);

    s = await openApp();
    await s.page.getByTestId('data-input').setInputFiles(zip);
    await s.page.getByTestId('replace-demo').getByRole('button', { name: 'Remplacer' }).click();
    await waitForAppState(s.page, () => /Lot « maillage-territoire-58\.zip » ouvert/.test(document.body.textContent ?? ''), { timeout: 180_000 });
    await expect(s.page.getByText(/Lot « maillage-territoire-58\.zip » ouvert : .*9 couche\(s\) chargée\(s\)\./).count()).resolves.toBe(1);
    const [c] = await sql<{ n: number; demo: number; withUrl: number }>(s,
      'SELECT (SELECT count(*) FROM communes) AS n, (SELECT count(*) FROM sources WHERE fictional) AS demo, (SELECT count(*) FROM sources WHERE url IS NOT NULL) AS withUrl');
    expect(c).toEqual({ n: server.territory.communes, demo: 0, withUrl: TABLE_LAYERS.length });
    await expect(s.page.locator('.sources').textContent()).resolves.toMatch(/lot de territoire \(npm run data:fetch\)/);
    await waitForAppState(s.page, () => /routes-58\.osm\.json/.test(document.body.textContent ?? ''), { timeout: 120_000 });
    assertClean(s);
  }, 400_000);
});
