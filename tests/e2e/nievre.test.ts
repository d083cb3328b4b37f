/**
 * The reference territory: the Nièvre (58) set of real open-data files from ../shared/data/raw,
 * dropped through the UI as a planner would, after removing the demo territory.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertClean, countColorPixels, readDownload, waitForAppState, waitForTestHook, type Session, openApp, sql, frInt } from './harness.ts';
import { hasRaw, rawPath } from '../helpers/fixtures.ts';
import { HELP_STYLE } from '../../src/map/palette.ts';

const FILES = [
  'ign-admin-express-2018-geojson/communes-58-nievre.geojson',
  'insee-derived-dataforgood-ifn/Communes.csv',
  'insee-derived-dataforgood-ifn/data_scol_menage_demandeurEmplois.csv',
  'insee-derived-dataforgood-ifn/taux_pauvrete.csv',
  'insee-derived-dataforgood-ifn/table_iris_insee_epci.csv',
  'laposte-hexasmal/laposte_hexasmal.csv',
  'anct-france-services/liste-fs-20240801.csv',
  'mednum-bfc-lieux-mediation/bfc-ternum-dataset.csv',
  'anct-conseillers-numeriques-cnfs/cnfs.json',
  'culture-bibliotheques-publiques/adresses-des-bibliotheques-publiques.csv',
  'arcep-ma-connexion-internet-2019/commune-debit-beta.csv',
  'arcep-sites-mobiles-2018/2018_01_Sites_mobiles_2G_3G_4G_France_metropolitaine_L93.csv',
];
const fr = frInt;

describe.skipIf(!FILES.every((f) => hasRaw(f)))('the Nièvre (58) from the real open-data files', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
    await s.page.getByRole('button', { name: 'Retirer le territoire de démonstration' }).click();
    await waitForAppState(s.page, () => !document.querySelector('.fiction-banner') && !document.body.textContent!.includes('Import en cours'));
    await s.page.getByTestId('data-input').setInputFiles(FILES.map(rawPath));
    await waitForAppState(s.page, `document.querySelectorAll('[data-testid=imports] li').length >= ${FILES.length} && !document.body.textContent.includes('Import en cours')`, { timeout: 240_000 });
    await waitForAppState(s.page, () => document.querySelector('[data-testid=access-pop]') !== null, { timeout: 120_000 });
  }, 400_000);
  afterAll(async () => {
    await s?.close();
  });

  it('every file is recognised and loaded', async () => {
    const items = await s.page.getByTestId('imports').locator('li').allTextContents();
    expect(items.filter((t) => !/ligne\(s\) chargée\(s\)/.test(t))).toEqual([]);
    // Codes of older communes (national files) are brought to today's communes, and it is said.
    expect(items.find((t) => t.startsWith('Communes.csv'))).toMatch(/code\(s\) d'anciennes communes rattaché\(s\) à leur commune actuelle \(\d{5} → \d{5}/);
  });

  it('309 communes, 207,182 inhabitants, shown in the key figures', async () => {
    const [f] = await sql<{ n: number; pop: number }>(s, 'SELECT count(*) AS n, sum(population) AS pop FROM commune_view');
    expect(f).toEqual({ n: 309, pop: 207182 });
    await expect(s.page.getByTestId('kf-communes').textContent()).resolves.toBe('309');
    await expect(s.page.getByTestId('kf-population').textContent()).resolves.toBe(fr(207182));
  });

  it('33 France Services in the Nièvre, plus those of the neighbours within 20 km in the computations', async () => {
    const [f] = await sql<{ inside: number; buffer: number }>(s,
      "SELECT count(*) FILTER (WHERE inside) AS inside, count(*) FILTER (WHERE NOT inside) AS buffer FROM active_help_points WHERE kind = 'france_services'");
    expect(f.inside).toBe(33);
    expect(f.buffer).toBeGreaterThan(0);
    const [dep] = await sql<{ n: number }>(s, "SELECT count(*) AS n FROM active_help_points WHERE kind = 'france_services' AND NOT inside AND substr(commune_code, 1, 2) = '58'");
    expect(dep.n).toBe(0);
    await expect(s.page.getByTestId('kf-fs').textContent()).resolves.toBe('33');
  });

  it('120 lieux de médiation numérique in the Nièvre', async () => {
    const [f] = await sql<{ n: number }>(s, "SELECT count(*) AS n FROM active_help_points WHERE kind = 'mediation' AND inside AND dataset = 'bfc-ternum-dataset.csv'");
    expect(f.n).toBe(120);
  });

  it('places listed in two files (France Services also in the médiation file) are merged, and the merge is shown', async () => {
    const [m] = await sql<{ n: number; cross: number }>(s, `
      SELECT count(*) AS n, count(*) FILTER (WHERE split_part(kept_uid, '|', 1) <> split_part(merged_uid, '|', 1)) AS cross FROM help_point_merges`);
    expect(m.n).toBeGreaterThan(0);
    expect(m.cross).toBe(m.n); // only across files
    await expect(s.page.getByTestId('merges').locator('summary').textContent()).resolves.toContain(`${m.n} lieu(x) présent(s) dans deux fichiers`);
    const [d] = await sql<{ distinct: number }>(s, 'SELECT count(*) FILTER (WHERE inside AND uid NOT IN (SELECT merged_uid FROM help_point_merges)) AS distinct FROM active_help_points');
    await expect(s.page.getByTestId('kf-distinct').textContent()).resolves.toBe(fr(d.distinct));
  });

  it('the travel-time headline equals DuckDB, computed as a straight-line estimate (no road network loaded)', async () => {
    const [e] = await sql<{ pop: number; method: string }>(s, `
      SELECT sum(v.population * a.share_beyond_30) AS pop, any_value(a.method) AS method
      FROM commune_view v JOIN commune_access a ON a.code = v.code AND a.grp = 'france_services'`);
    expect(e.method).toBe('vol_oiseau');
    await expect(s.page.getByTestId('access-pop').textContent()).resolves.toBe(fr(e.pop));
    await expect(s.page.getByTestId('access-headline').textContent()).resolves.toContain("estimation à vol d'oiseau");
  });

  it('the map draws the communes and the France Services', async () => {
    await s.page.evaluate('__maillage.mapIdle()');
    const png = await s.page.locator('.map').screenshot({ path: 'test-results/nievre-map.png' });
    expect(countColorPixels(png, HELP_STYLE.france_services.color, 20)).toBeGreaterThan(200);
  });

  it('exports a 16:9 slide of the Nièvre, written to test-results/slide-nievre.png: title, territory, legend and sources, each vintage said once', async () => {
    const button = s.page.getByTestId('export-pdf-diapo');
    await button.hover();
    const d = await readDownload(s.page, () => button.click());
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', d.path, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, ' ');
    const territory = await s.page.getByTestId('territory-name').textContent();
    expect(territory).toMatch(/Nièvre/);
    expect(flat).toContain(`${territory} – `);
    expect(text).toContain("Temps d'accès aux France Services");
    expect(text).toContain('France Services');
    expect(flat).toContain('Sources :');
    expect(flat).toContain('2024-08-01'); // liste-fs-20240801.csv
    // A source whose vintage is unknown is said so once, not once per source.
    expect(flat.split('millésime non précisé').length - 1).toBeLessThanOrEqual(1);
    expect(flat).not.toContain('millésime inconnu');
    mkdirSync('test-results', { recursive: true });
    execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '120', '-singlefile', d.path, 'test-results/slide-nievre']);
    const png = readFileSync('test-results/slide-nievre.png');
    expect(countColorPixels(png, HELP_STYLE.france_services.color, 40)).toBeGreaterThan(20);
  });

  it('a reload restores the workspace', async () => {
    await s.page.reload();
    await waitForTestHook(s.page, '__maillage', 240_000);
    const [f] = await sql<{ n: number; fs: number }>(s, "SELECT (SELECT count(*) FROM commune_view) AS n, (SELECT count(*) FROM active_help_points WHERE kind = 'france_services' AND inside) AS fs");
    expect(f).toEqual({ n: 309, fs: 33 });
    expect(await s.page.locator('.fiction-banner').count()).toBe(0);
  }, 300_000);

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
