/**
 * The built dashboard on the demo territory, in headless Chromium: DuckDB becomes ready, the
 * key figures match SQL over the loaded data and the demo files themselves, the map draws the
 * choropleth and the help points, and nothing errs or leaves localhost.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertClean, countColorPixels, type Session, openApp, frInt, sql } from './harness.ts';
import { readDemoCounts, sumOf } from '../helpers/demo_files.ts';
import { SEQUENTIAL_YLGNBU, HELP_STYLE } from '../../src/map/palette.ts';

const demoDir = resolve(import.meta.dirname, '../../dist-e2e/demo');
const fr = frInt;

/** Sum of PMUN read straight from the generated INSEE-format file, independently of the app. */
function demoPopulation(): number {
  const lines = readFileSync(resolve(demoDir, 'Communes.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(';');
  const col = header.indexOf('PMUN');
  return lines.slice(1).reduce((sum, l) => sum + Number(l.split(';')[col]), 0);
}

describe('dashboard on the demo territory', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('DuckDB is ready and every demo layer is loaded into tables, row for row', async () => {
    const demo = readDemoCounts(demoDir);
    const [tables] = await sql<{ c: number; h: number; g: number; m: number }>(s,
      'SELECT (SELECT count(*) FROM communes) c, (SELECT count(*) FROM help_points) h, (SELECT count(*) FROM grid) g, (SELECT count(*) FROM mobile_sites) m');
    expect(tables).toEqual({ c: demo.communes, h: sumOf(demo.helpPoints), g: demo.gridCells, m: demo.mobileSites });
    const kinds = await sql<{ kind: string; n: number }>(s, 'SELECT kind, count(*)::INT AS n FROM help_points GROUP BY kind');
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k.n]))).toEqual(demo.helpPoints);
    const sources = await sql<{ file: string }>(s, 'SELECT file FROM sources');
    expect(sources.map((r) => r.file).sort()).toEqual([...demo.tableFiles].sort());
  });

  it('the key-figures panel shows the total population, equal to a SQL sum and to the demo file', async () => {
    const [{ total }] = (await s.page.evaluate(`__maillage.query("SELECT sum(pmun) AS total FROM legal_population")`)) as { total: number }[];
    expect(total).toBe(demoPopulation());
    const shown = await s.page.getByTestId('kf-population').textContent();
    expect(shown).toBe(fr(total));
    const communes = await s.page.getByTestId('kf-communes').textContent();
    const [{ n }] = (await s.page.evaluate(`__maillage.query("SELECT count(*) AS n FROM communes")`)) as { n: number }[];
    expect(communes).toBe(fr(n));
  });

  it('shows the fictional-data banner and the straight-line estimate, labelled as such', async () => {
    await expect(s.page.getByRole('note').textContent()).resolves.toContain('Territoire fictif');
    const far = await s.page.getByTestId('kf-far-fs').textContent();
    expect(far).toMatch(/habitants vivent dans une commune dont le centre est à plus de/);
    expect(far).toContain("à vol d'oiseau");
  });

  it('the straight-line figure equals SQL over the worker results', async () => {
    const [{ expected }] = (await s.page.evaluate(
      `__maillage.query("SELECT coalesce(sum(v.population), 0) AS expected FROM commune_view v JOIN nearest_straight n ON n.target = 'commune' AND n.target_id = v.code AND n.grp = 'france_services' WHERE n.distance_m > 10000")`,
    )) as { expected: number }[];
    const far = await s.page.getByTestId('kf-far-fs').locator('strong').textContent();
    expect(far).toBe(fr(expected));
  });

  it('the map draws the choropleth and the help-point symbols', async () => {
    await s.page.evaluate('__maillage.mapIdle()');
    const png = await s.page.locator('.map').screenshot();
    const choropleth = SEQUENTIAL_YLGNBU.reduce((n, rgb) => n + countColorPixels(png, rgb, 20), 0);
    const franceServices = countColorPixels(png, HELP_STYLE.france_services.color, 20);
    const mediation = countColorPixels(png, HELP_STYLE.mediation.color, 20);
    expect(choropleth).toBeGreaterThan(50_000);
    expect(franceServices).toBeGreaterThan(100);
    expect(mediation).toBeGreaterThan(100);
  });

  it('shows a tooltip with the figures of the commune under the pointer', async () => {
    const box = (await s.page.locator('.map').boundingBox())!;
    await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tooltip = s.page.getByTestId('tooltip');
    await tooltip.waitFor({ timeout: 10_000 });
    await expect(tooltip.textContent()).resolves.toMatch(/Population/);
  });

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
