/**
 * Travel times on the demo territory, in the built app: the headline figure equals SQL over the
 * worker's results, changing the threshold changes it, clicking a commune shows its time, its
 * nearest site and the route, and the access layers draw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { pointToLineDistance } from '@turf/turf';
import type { FeatureCollection, LineString } from 'geojson';
import { assertClean, countColorPixels, demoFile, waitForAppState, type Session, openApp, sql, frInt } from './harness.ts';
import { BACKGROUND_COLOR, SEQUENTIAL_YLORRD, ROUTE_COLOR } from '../../src/map/palette.ts';

const fr = frInt;

describe('travel times on the demo territory', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
    await s.page.getByTestId('access-pop').waitFor();
  });
  afterAll(async () => {
    await s?.close();
  });

  const headline = async (s: Session) => ({
    pop: await s.page.getByTestId('access-pop').textContent(),
    pop75: await s.page.getByTestId('access-pop75').textContent(),
  });

  const expectedFigures = (group: string, t: number) =>
    sql<{ pop: number; pop75: number }>(s, `
      SELECT sum(v.population * a.share_beyond_${t}) AS pop, sum(v.pop_75p * a.share_beyond_${t}) AS pop75
      FROM commune_view v JOIN commune_access a ON a.code = v.code AND a.grp = '${group}'`);

  it('computes road times for every commune and cell; only points more than 2 km from any road are estimated, and said so', async () => {
    const [r] = await sql<{ n: number; methods: string }>(s, "SELECT count(*) AS n, string_agg(DISTINCT method, ',' ORDER BY method) AS methods FROM access_times");
    const [c] = await sql<{ n: number }>(s, 'SELECT (SELECT count(*) FROM commune_view) + (SELECT count(*) FROM grid) AS n');
    expect(r.n).toBe(3 * c.n);
    expect(r.methods.split(',').every((m) => m === 'route' || m === 'vol_oiseau')).toBe(true);
    // Every estimated point is off the network: checked here against the road lines of the demo file with turf
    // (the engine snaps to road nodes at most 250 m apart, hence the margin under its 2 km limit).
    const estimated = await sql<{ lon: number; lat: number }>(s, `
      SELECT g.lon, g.lat FROM access_times a JOIN grid g ON a.target = 'grid' AND g.id = a.target_id WHERE a.method = 'vol_oiseau' AND a.grp = 'france_services'
      UNION ALL SELECT v.lon, v.lat FROM access_times a JOIN commune_view v ON a.target = 'commune' AND v.code = a.target_id WHERE a.method = 'vol_oiseau' AND a.grp = 'france_services'`);
    const roads = JSON.parse(readFileSync(demoFile('troncons_routes.geojson'), 'utf8')) as FeatureCollection<LineString>;
    for (const p of estimated) {
      const km = Math.min(...roads.features.map((f) => pointToLineDistance([p.lon, p.lat], f, { units: 'kilometers' })));
      expect(km, `${p.lon},${p.lat}`).toBeGreaterThan(1.8);
    }
    if (estimated.length > 0) {
      // Their inhabitants, counted here from the raw rows: the cells' own population, plus whole
      // communes without cells whose centre is estimated.
      const [e] = await sql<{ pop: number }>(s, `
        SELECT coalesce((SELECT sum(g.pop) FROM access_times a JOIN grid g ON a.target = 'grid' AND g.id = a.target_id
          WHERE a.method = 'vol_oiseau' AND a.grp = 'france_services' AND g.commune_code IN (SELECT code FROM commune_view)), 0)
        + coalesce((SELECT sum(v.population) FROM access_times a JOIN commune_view v ON a.target = 'commune' AND v.code = a.target_id
          WHERE a.method = 'vol_oiseau' AND a.grp = 'france_services' AND NOT EXISTS (SELECT 1 FROM grid g WHERE g.commune_code = v.code AND g.pop > 0)), 0) AS pop`);
      const note = (await s.page.getByTestId('access-off-network').textContent())!;
      expect(note).toMatch(/estimation à vol d'oiseau/);
      expect(note).toContain(`Environ ${fr(e.pop)} habitants`);
    }
    await expect(s.page.getByTestId('network-summary').textContent()).resolves.toMatch(/troncons_routes\.geojson.*km de routes/);
  });

  it('"N habitants (dont N de 75 ans et plus) à plus de 30 min d\'une France Services" equals SQL', async () => {
    const [e] = await expectedFigures('france_services', 30);
    expect(e.pop).toBeGreaterThan(0);
    expect(await headline(s)).toEqual({ pop: fr(e.pop), pop75: fr(e.pop75) });
    await expect(s.page.getByTestId('access-headline').textContent()).resolves.toMatch(/à plus de 30 min d'une France Services/);
  });

  it('changing the threshold and the kind of help point changes the figures', async () => {
    const before = await headline(s);
    await s.page.getByText('15 min', { exact: true }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=access-headline]')?.textContent?.includes('à plus de 15 min') ?? false);
    const [e15] = await expectedFigures('france_services', 15);
    const after = await headline(s);
    expect(after).toEqual({ pop: fr(e15.pop), pop75: fr(e15.pop75) });
    expect(after.pop).not.toBe(before.pop);
    await s.page.getByLabel("Type de point d'aide").selectOption('point_numerique');
    await waitForAppState(s.page, () => document.querySelector('[data-testid=access-headline]')?.textContent?.includes("d'un point numérique") ?? false);
    const [pn] = await expectedFigures('point_numerique', 15);
    expect(await headline(s)).toEqual({ pop: fr(pn.pop), pop75: fr(pn.pop75) });
    // Back to the defaults for the next tests.
    await s.page.getByLabel("Type de point d'aide").selectOption('france_services');
    await s.page.getByText('30 min', { exact: true }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=access-headline]')?.textContent?.includes("à plus de 30 min d'une France") ?? false);
  });

  it('the map draws the travel-time choropleth', async () => {
    // The underserved-zones overlay tints the far communes: hide it to read the time classes.
    await s.page.getByRole('checkbox', { name: 'Zones mal desservies' }).uncheck();
    await s.page.evaluate('__maillage.mapIdle()');
    const png = await s.page.locator('.map').screenshot({ path: 'test-results/access-map.png' });
    // Communes are filled at alpha 230 over the background: compare with the blended colours.
    const blend = (rgb: readonly number[]) => rgb.map((c, i) => Math.round((c * 230 + BACKGROUND_COLOR[i] * 25) / 255)) as [number, number, number];
    const classes = SEQUENTIAL_YLORRD.map((rgb) => countColorPixels(png, blend(rgb), 10));
    expect(classes[0]).toBeGreaterThan(10_000); // most communes are within 15 min
    expect(classes[3] + classes[4]).toBeGreaterThan(1_000); // the remote corner beyond 30 min
  });

  it('clicking the farthest commune shows its time, its nearest site and the route on the map', async () => {
    const [far] = await sql<{ code: string; nom: string; lon: number; lat: number; minutes: number; help: string }>(s, `
      SELECT v.code, v.nom, v.lon, v.lat, a.centre_minutes AS minutes, h.name AS help
      FROM commune_view v JOIN commune_access a ON a.code = v.code AND a.grp = 'france_services'
      JOIN active_help_points h ON h.uid = a.help_id WHERE isfinite(a.centre_minutes) ORDER BY a.centre_minutes DESC LIMIT 1`);
    const point = (await s.page.evaluate(`__maillage.project(${far.lon}, ${far.lat})`)) as { x: number; y: number };
    const box = (await s.page.locator('.map').boundingBox())!;
    await s.page.mouse.move(box.x + point.x, box.y + point.y);
    await s.page.getByTestId('tooltip').getByText(far.nom).waitFor();
    await s.page.mouse.click(box.x + point.x, box.y + point.y);
    const panel = s.page.getByTestId('commune-access');
    await panel.getByText(far.nom).waitFor();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=commune-access]')?.textContent?.includes('par la route') ?? false);
    const text = (await panel.textContent())!;
    expect(text).toContain(`Depuis le centre : ${Math.round(far.minutes)} min jusqu'à ${far.help}`);
    await s.page.evaluate('__maillage.mapIdle()');
    const png = await s.page.locator('.map').screenshot({ path: 'test-results/access-route.png' });
    expect(countColorPixels(png, ROUTE_COLOR, 30)).toBeGreaterThan(100);
  });

  it('draws the 15/30/45 min isochrones', async () => {
    await s.page.getByLabel('Isochrones 15, 30 et 45 min').check();
    await s.page.getByLabel('Légende des isochrones').waitFor();
    await s.page.evaluate('__maillage.mapIdle()');
    const png = await s.page.locator('.map').screenshot({ path: 'test-results/access-isochrones.png' });
    expect(countColorPixels(png, SEQUENTIAL_YLORRD[4], 20)).toBeGreaterThan(200); // 45 min outline
  });

  it('the speed profile is visible and editable: slower local roads mean more people beyond 30 min', async () => {
    const before = await sql<{ pop: number }>(s, "SELECT sum(v.population * a.share_beyond_30) AS pop FROM commune_view v JOIN commune_access a ON a.code = v.code AND a.grp = 'france_services'");
    await s.page.getByText('Vitesses utilisées (modifiables)').click();
    await s.page.getByLabel('Utiliser la vitesse moyenne IGN quand elle existe').uncheck();
    for (const label of ['Importance 4 (liaisons locales), hors agglomération (km/h)', 'Importance 5 (desserte), hors agglomération (km/h)']) {
      await s.page.getByLabel(label).fill('20');
    }
    await s.page.getByRole('button', { name: 'Appliquer et recalculer' }).click();
    // Recomputed: the figures are current again (while recomputing, the headline is withdrawn).
    await waitForAppState(s.page, `hook.state === 'ready' && document.querySelector('[data-testid=access-pop]') !== null && document.querySelector('[data-testid=access-pop]').textContent !== ${JSON.stringify(fr(before[0].pop))}`, { timeout: 120_000 });
    const [after] = await expectedFigures('france_services', 30);
    expect(after.pop).toBeGreaterThan(before[0].pop);
    expect(await s.page.getByTestId('access-pop').textContent()).toBe(fr(after.pop));
  });

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
