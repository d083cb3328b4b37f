/**
 * Diagnosis on the demo territory in the built app: underserved zones are drawn, the ranked
 * list equals a DuckDB query, the threshold changes the figures, the method is shown, and the
 * table view mirrors the map.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertClean, countColorPixels, waitForAppState, type Session, openApp, sql, frInt } from './harness.ts';
import { ZONE_COLOR } from '../../src/map/palette.ts';
import { viewStateFromHash } from '../../src/export/link_state.ts';

const fr = frInt;

describe('diagnosis on the demo territory', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
    await s.page.getByTestId('zones').waitFor();
  });
  afterAll(async () => {
    await s?.close();
  });

  const zoneItems = () => s.page.getByTestId('zones').locator('li').allTextContents();

  it('the ranked list of underserved zones equals a DuckDB query', async () => {
    const zones = await sql<{ rank: number; names: string; population: number; pop_75p: number }>(s,
      "SELECT rank, names, population, pop_75p FROM zones WHERE kind = 'underserved' ORDER BY rank");
    expect(zones.length).toBeGreaterThan(0);
    const items = await zoneItems();
    expect(items).toHaveLength(zones.length);
    zones.forEach((z, i) => {
      expect(items[i]).toContain(`Zone ${z.rank} : ${z.names}`);
      expect(items[i]).toContain(`${fr(z.population)} habitants, dont ${fr(z.pop_75p)} de 75 ans et plus`);
    });
    // Ranked by estimated people needing help, from the per-commune diagnosis.
    const [check] = await sql<{ ok: boolean }>(s, `
      WITH z AS (SELECT rank, sum(d.need) AS need FROM zones, unnest(string_split(codes, ',')) AS t(code)
                 JOIN diagnosis d ON d.code = t.code WHERE kind = 'underserved' GROUP BY rank)
      SELECT bool_and(need >= coalesce(next_need, 0)) AS ok FROM (SELECT need, lead(need) OVER (ORDER BY rank) AS next_need FROM z)`);
    expect(check.ok).toBe(true);
  });

  it('every commune of a zone is beyond the threshold and in the top 30 % of need or fragility', async () => {
    const [r] = await sql<{ bad: number }>(s, `
      SELECT count(*) AS bad FROM diagnosis d JOIN commune_access a ON a.code = d.code AND a.grp = 'france_services'
      WHERE d.underserved AND NOT (a.mean_minutes > 30)`);
    expect(r.bad).toBe(0);
  });

  it('every commune has its 4G proxy and a fragility index from all five indicators', async () => {
    const [r] = await sql<{ missing4g: number; partial: number; n: number }>(s, `
      SELECT count(*) FILTER (WHERE mp.uncovered IS NULL) AS missing4g, count(*) FILTER (WHERE d.fragility_partial) AS partial, count(*) AS n
      FROM diagnosis d LEFT JOIN mobile_proxy mp ON mp.target = 'commune' AND mp.target_id = d.code`);
    expect(r.missing4g).toBe(0);
    // Only communes whose low-income share is withheld ("secret statistique") are partial.
    const [secret] = await sql<{ n: number }>(s, 'SELECT count(*) AS n FROM poverty WHERE tx_poverty IS NULL');
    expect(r.partial).toBe(secret.n);
  });

  it('draws the zones on the map', async () => {
    await s.page.evaluate('__maillage.mapIdle()');
    const png = await s.page.locator('.map').screenshot();
    expect(countColorPixels(png, ZONE_COLOR, 10)).toBeGreaterThan(300); // the 4-px outline
  });

  it('changing the threshold changes the zones; robust zones are a subset', async () => {
    const at30 = await zoneItems();
    await s.page.getByText('15 min', { exact: true }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=diagnosis-panel]')?.textContent?.includes('Communes à plus de 15 min') ?? false);
    // Recomputed (the zones of 30 min are withdrawn meanwhile, never shown as those of 15 min).
    await waitForAppState(s.page, "hook.state === 'ready'", { timeout: 60_000 });
    expect(await zoneItems()).not.toEqual(at30);
    const [n15] = await sql<{ n: number }>(s, "SELECT count(*) AS n FROM diagnosis WHERE underserved");
    const [n30] = await sql<{ n: number }>(s, `SELECT count(*) AS n FROM diagnosis d JOIN commune_access a ON a.code = d.code AND a.grp = 'france_services' WHERE d.underserved AND a.mean_minutes > 30`);
    expect(n15.n).toBeGreaterThan(n30.n);
    const [robust] = await sql<{ outside: number }>(s, 'SELECT count(*) AS outside FROM diagnosis WHERE robust AND NOT underserved');
    expect(robust.outside).toBe(0);
    await s.page.getByText('30 min', { exact: true }).click();
    await waitForAppState(s.page, "hook.state === 'ready'", { timeout: 60_000 });
    expect(await zoneItems()).toEqual(at30);
  });

  it('per-EPCI figures equal SQL', async () => {
    const rows = await sql<{ epci: string; population: number }>(s, 'SELECT epci_nom AS epci, sum(population) AS population FROM commune_view GROUP BY 1 ORDER BY 1');
    const table = s.page.getByTestId('epci-table');
    for (const r of rows) await expect(table.locator('tr', { hasText: r.epci }).textContent()).resolves.toContain(fr(r.population));
  });

  it('editing the weights changes the fragility index and the zones', async () => {
    const rho = async () => (await sql<{ rho: number }>(s, 'SELECT corr(d.fragility, v.share_75p) AS rho FROM diagnosis d JOIN commune_view v USING (code)'))[0].rho;
    const rhoBefore = await rho();
    await s.page.getByText('Paramètres du diagnostic').click();
    const settings = s.page.getByTestId('diagnosis-settings');
    await settings.getByLabel(/personnes âgées/).fill('5');
    await settings.getByRole('button', { name: 'Appliquer' }).click();
    // Age now weighs 5 against 1 for each other indicator: the index follows the share of 75+ more closely.
    await expect.poll(rho, { timeout: 30_000, interval: 100 }).toBeGreaterThan(rhoBefore + 0.1);
  });

  it('decay bands: the APL choice recomputes, the method quotes the bands in force, the link carries them; the legend lists each status', async () => {
    type Status = { status: string; n: number };
    const statuses = async () => Object.fromEntries((await sql<Status>(s,
      'SELECT d.people_per_fte_status AS status, count(*)::INT AS n FROM commune_view v JOIN diagnosis d USING (code) GROUP BY 1')).map((r) => [r.status, r.n]));
    const figures = async () => (await sql<{ f: string }>(s, "SELECT string_agg(coalesce(people_per_fte::VARCHAR, 'null'), ',' ORDER BY code) AS f FROM diagnosis"))[0].f;
    const before = await statuses();
    const figuresBefore = await figures();
    const settings = s.page.getByTestId('diagnosis-settings');
    if (!(await settings.getByTestId('decay-select').isVisible())) await s.page.getByText('Paramètres du diagnostic').click();
    await settings.getByTestId('decay-select').selectOption('apl_drees_2012');
    await settings.getByRole('button', { name: 'Appliquer' }).click();
    await expect.poll(figures, { timeout: 60_000, interval: 200 }).not.toBe(figuresBefore);
    await waitForAppState(s.page, "hook.state === 'ready'", { timeout: 60_000 });
    // A 15-minute reach instead of 30: no commune gains a helper in reach.
    const after = await statuses();
    expect(after.aucun_aidant ?? 0).toBeGreaterThanOrEqual(before.aucun_aidant ?? 0);

    await s.page.getByRole('button', { name: 'Méthode et sources' }).click();
    const dialog = s.page.getByTestId('method-dialog');
    const text = (await dialog.textContent())!.replace(/\u202f|\u00a0/g, ' ');
    expect(text).toContain('en vigueur : APL DREES/Irdes (2012), 0–5 min : 1 ; 5–10 min : 0,3 ; 10–15 min : 0,1 ; au-delà de 15 min, 0');
    await dialog.getByRole('button', { name: 'Fermer' }).click();

    await expect.poll(async () => {
      const link = viewStateFromHash(await s.page.evaluate(() => location.hash));
      return link?.ok ? link.state.diagnosis?.decay : null;
    }, { timeout: 10_000, interval: 200 }).toBe('apl_drees_2012');

    // The communes legend: one entry per status present, counted as in DuckDB.
    await s.page.locator('#variable').selectOption('people_per_fte');
    const legend = s.page.getByTestId('legend-communes');
    if (!(await legend.isVisible())) await s.page.getByLabel('Afficher les communes').check();
    const legendText = (await legend.textContent())!.replace(/\u202f|\u00a0/g, ' ');
    const words: Record<string, string> = { aucun_aidant: 'aucun aidant à portée (', aucune_demande: 'aucune demande (', demande_inconnue: 'demande inconnue à portée (population manquante) (' };
    for (const [status, w] of Object.entries(words)) {
      const n = after[status] ?? 0;
      if (n > 0) expect(legendText).toContain(`${w}${fr(n)} commune${n > 1 ? 's' : ''})`);
      else expect(legendText).not.toContain(w);
    }
    expect(legendText).not.toMatch(/à moins de aucun aidant/);

    // Back to the default bands for the tests that follow.
    await settings.getByTestId('decay-select').selectOption('luo_qi_2009');
    await settings.getByRole('button', { name: 'Appliquer' }).click();
    await expect.poll(figures, { timeout: 60_000, interval: 200 }).toBe(figuresBefore);
    await waitForAppState(s.page, "hook.state === 'ready'", { timeout: 60_000 });
  });

  it('shows the method with its sources, and says the national weights are not published', async () => {
    await s.page.getByRole('button', { name: 'Méthode et sources' }).click();
    const dialog = s.page.getByTestId('method-dialog');
    const text = (await dialog.textContent())!;
    expect(text).toMatch(/Insee Première n°\s1953/i);
    expect(text).toMatch(/pondérations.*ne sont pas publiées|ne sont pas publiées/);
    await dialog.getByRole('button', { name: 'Fermer' }).click();
  });

  it('the table view lists every commune with the same figures, sortable', async () => {
    await s.page.getByRole('button', { name: 'Tableau' }).click();
    const table = s.page.getByTestId('commune-table');
    const [{ n }] = await sql<{ n: number }>(s, 'SELECT count(*) AS n FROM communes');
    await expect(table.locator('tbody tr').count()).resolves.toBe(n);
    await table.getByRole('button', { name: 'Population', exact: true }).click();
    const [top] = await sql<{ nom: string; population: number }>(s, 'SELECT c.nom, l.pmun AS population FROM communes c JOIN legal_population l USING (code) ORDER BY l.pmun DESC LIMIT 1');
    const first = await table.locator('tbody tr').first().textContent();
    expect(first).toContain(top.nom);
    expect(first).toContain(fr(top.population));
    await expect(table.locator('tbody tr').first().locator('.sr-only').textContent()).resolves.toMatch(/^ À .+, \d+ habitants? de 75 ans et plus (vivent|vit) à plus de 30 minutes d'une France Services\.$/);
    await s.page.getByRole('button', { name: 'Carte', exact: true }).click();
  });

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
