/**
 * Issue #13 on the real Nièvre files, dropped through the UI after removing the demo territory, as
 * a planner does: a click on the map adds a site (marker, scenario list, and the reason when the
 * computation is refused), a click on a France Services selects it, the commune picker works with
 * the keyboard alone (axe-clean), EPCI are named, the fibre layer has real classes, and the
 * travel-time texts say how the times were obtained (straight line, commune centre).
 */
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertClean, waitForAppState, type Session, openApp, sql, frInt } from './harness.ts';
import { hasRaw, rawPath } from '../helpers/fixtures.ts';

const FILES = [
  'ign-admin-express-2018-geojson/communes-58-nievre.geojson',
  'insee-derived-dataforgood-ifn/Communes.csv',
  'insee-derived-dataforgood-ifn/data_scol_menage_demandeurEmplois.csv',
  'insee-derived-dataforgood-ifn/table_iris_insee_epci.csv',
  'laposte-hexasmal/laposte_hexasmal.csv',
  'anct-france-services/liste-fs-20240801.csv',
  'mednum-bfc-lieux-mediation/bfc-ternum-dataset.csv',
  'arcep-ma-connexion-internet-2019/commune-debit-beta.csv',
];

type Pt = { x: number; y: number };

describe.skipIf(!FILES.every((f) => hasRaw(f)))('a real territory (Nièvre), truthfully', () => {
  let s: Session;
  const mapBox = async () => (await s.page.locator('.map').boundingBox())!;
  const project = async (lon: number, lat: number) => (await s.page.evaluate(`__maillage.project(${lon}, ${lat})`)) as Pt;
  const sites = () => s.page.locator('[data-testid=scenario-sites] li');
  /** The reference point of a commune, on screen, far from every help point (so that the commune is what is hovered). */
  const isolatedCommune = async () => {
    const points = await sql<{ lon: number; lat: number }>(s, 'SELECT lon, lat FROM active_help_points');
    const communes = await sql<{ nom: string; epci: string; epci_nom: string; lon: number; lat: number }>(s, 'SELECT nom, epci, epci_nom, lon, lat FROM commune_view ORDER BY code');
    const box = await mapBox();
    const pts = await Promise.all(points.map((p) => project(p.lon, p.lat)));
    for (const c of communes) {
      const p = await project(c.lon, c.lat);
      if (p.x > 60 && p.y > 60 && p.x < box.width - 80 && p.y < box.height - 60 && pts.every((q) => Math.hypot(q.x - p.x, q.y - p.y) > 30)) return { ...c, ...p };
    }
    throw new Error('no commune far from the help points on screen');
  };

  beforeAll(async () => {
    s = await openApp();
    await s.page.getByRole('button', { name: 'Retirer le territoire de démonstration' }).click();
    await waitForAppState(s.page, () => !document.querySelector('.fiction-banner') && !document.body.textContent!.includes('Import en cours'));
    await s.page.getByTestId('data-input').setInputFiles(FILES.map(rawPath));
    await waitForAppState(s.page, `document.querySelectorAll('[data-testid=imports] li').length >= ${FILES.length} && !document.body.textContent.includes('Import en cours')`, { timeout: 240_000 });
    await waitForAppState(s.page, () => document.querySelector('[data-testid=access-pop]') !== null, { timeout: 120_000 });
    await s.page.evaluate('__maillage.mapIdle()');
  }, 400_000);
  afterAll(async () => {
    await s?.close();
  });

  it('a click on an existing France Services selects it: its name is shown', async () => {
    // A France Services of the territory with no other help point within 40 px on screen.
    const points = await sql<{ uid: string; name: string; kind: string; lon: number; lat: number }>(s, 'SELECT uid, name, kind, lon, lat FROM active_help_points');
    const box = await mapBox();
    const screen = await Promise.all(points.map(async (p) => ({ ...p, ...(await project(p.lon, p.lat)) })));
    const fs = screen.find((p) => p.kind === 'france_services' && p.x > 40 && p.y > 40 && p.x < box.width - 60 && p.y < box.height - 40
      && screen.every((q) => q.uid === p.uid || Math.hypot(q.x - p.x, q.y - p.y) > 40));
    expect(fs, 'an isolated France Services on screen').toBeDefined();
    await s.page.mouse.move(box.x + fs!.x - 6, box.y + fs!.y);
    await s.page.mouse.move(box.x + fs!.x, box.y + fs!.y);
    await expect.poll(() => s.page.getByTestId('tooltip').textContent()).toContain(fs!.name);
    await s.page.mouse.click(box.x + fs!.x, box.y + fs!.y);
    await s.page.getByTestId('selected-point').waitFor();
    expect(await s.page.getByTestId('selected-point').textContent()).toContain(`Lieu sélectionné : ${fs!.name}`);
  });

  it('in "ajout" mode, a click on the map adds a site: a marker, the scenario lists it, and a refused computation says why', async () => {
    const panel = s.page.getByTestId('planning-panel');
    await panel.getByLabel('Ajouter un lieu en cliquant sur la carte').check();
    const target = await isolatedCommune();
    const box = await mapBox();
    await s.page.mouse.move(box.x + target!.x - 5, box.y + target!.y);
    await s.page.mouse.move(box.x + target!.x, box.y + target!.y);
    await s.page.mouse.click(box.x + target!.x, box.y + target!.y);
    await waitForAppState(s.page, () => document.querySelectorAll('[data-testid=scenario-sites] li').length === 1);
    expect(await s.page.getByTestId('scenario-marker').count()).toBe(1);
    // Never silent: either the before/after figures, or the reason the computation was refused.
    await waitForAppState(s.page, () => document.querySelector('[data-testid=before-after]') !== null || document.querySelector('.notice[role=alert]') !== null);
    const notice = s.page.locator('.notice[role=alert]');
    if (await notice.count()) {
      expect(await notice.textContent()).toMatch(/réseau routier/);
      await notice.getByRole('button', { name: 'Fermer' }).click();
    }
    await panel.getByLabel('Ajouter un lieu en cliquant sur la carte').uncheck();
  });

  it('"Ajouter un lieu dans une commune…" with the keyboard alone: letters, arrows, Enter; axe-clean', async () => {
    const input = s.page.getByRole('combobox', { name: 'Ajouter un lieu dans une commune…' });
    await input.focus();
    await s.page.keyboard.type('nev');
    await expect.poll(() => input.getAttribute('aria-expanded')).toBe('true');
    const options = s.page.getByRole('listbox', { name: 'Communes du territoire' }).getByRole('option');
    expect((await options.allTextContents())[0]).toMatch(/^Nevers 58194/);
    const result = await new AxeBuilder({ page: s.page }).include('[data-testid=commune-picker]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await s.page.keyboard.press('ArrowDown');
    await s.page.keyboard.press('ArrowUp');
    expect(await input.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'));
    await s.page.keyboard.press('Enter');
    await waitForAppState(s.page, () => document.querySelectorAll('[data-testid=scenario-sites] li').length === 2);
    expect(await sites().nth(1).textContent()).toContain('Nouveau lieu à Nevers');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await s.page.getByTestId('scenario-marker').count()).toBe(2);
    // Placed at Nevers' reference point (La Poste point, loaded here).
    const [nevers] = await sql<{ lon: number; lat: number; ref_point: string }>(s, "SELECT lon, lat, ref_point FROM commune_view WHERE code = '58194'");
    expect(nevers.ref_point).toBe('point');
    const notice = s.page.locator('.notice[role=alert]');
    if (await notice.count()) await notice.getByRole('button', { name: 'Fermer' }).click();
  });

  it('EPCI by name: 13 EPCI in the per-EPCI figures and in the territory selector, none "Sans EPCI renseigné", no bare SIREN', async () => {
    const rows = await s.page.getByTestId('epci-table').locator('tbody th').allTextContents();
    expect(rows).toHaveLength(13);
    expect(rows).toContain('CA de Nevers');
    expect(rows.filter((r) => /^\d+$/.test(r) || r === 'Sans EPCI renseigné')).toEqual([]);
    const options = await s.page.getByLabel('Territoire étudié').locator('option').allTextContents();
    expect(options).toContain('CA de Nevers');
    expect(options.filter((o) => /^\d{9}$/.test(o))).toEqual([]);
  });

  it('the fibre layer shows several classes, 0 % alone, with the method in the legend', async () => {
    await s.page.locator('#variable').selectOption('ftth_rate');
    const items = await s.page.getByTestId('legend-communes').locator('li:not(.legend-source)').allTextContents();
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(items[0]).toMatch(/^0,0\s%\s\(\d+ communes\)$/);
    expect(items.join(' ')).not.toMatch(/toutes les communes/);
    expect(await s.page.getByTestId('legend-source').textContent()).toMatch(/seuils naturels \(Jenks\)/);
    // The 2019 file has exclusive speed classes and no FTTH count: its "fibre" is the ≥ 1 Gbit/s class, cable included (issue 14).
    const approx = '≥ 1 Gbit/s, approximation (câble compris)';
    // The layer menu is narrow: its entry says « approx. », the option's title gives the whole label.
    expect(await s.page.locator('#variable option[value=ftth_rate]').textContent()).toBe('≥ 1 Gbit/s (approx.)');
    expect(await s.page.locator('#variable option[value=ftth_rate]').getAttribute('title')).toBe(`Locaux éligibles à ${approx}`);
    expect(await s.page.getByTestId('legend-communes').getAttribute('aria-label')).toBe(`Légende : Locaux éligibles à ${approx}`);
    const figures = (await s.page.getByTestId('key-figures').textContent())!;
    expect(figures).toContain(`Locaux éligibles à ${approx}`);
    expect(figures).not.toMatch(/FTTH/);
  });

  it("people per FTE of helper: each status its own legend entry, counted as in DuckDB; no class ends at « aucun aidant à portée » (issue 19)", async () => {
    await s.page.locator('#variable').selectOption('people_per_fte');
    const items = (await s.page.getByTestId('legend-communes').locator('li:not(.legend-source)').allTextContents()).map((t) => t.replace(/\u202f|\u00a0/g, ' '));
    const counts = Object.fromEntries((await sql<{ status: string; n: number }>(s,
      'SELECT d.people_per_fte_status AS status, count(*)::INT AS n FROM commune_view v JOIN diagnosis d USING (code) GROUP BY 1')).map((r) => [r.status, r.n]));
    const n = counts.aucun_aidant ?? 0;
    const entry = items.filter((t) => t.includes('aucun aidant à portée'));
    // The entry exists exactly when some commune has no helper in reach, and only once, as its own entry.
    expect(entry).toEqual(n > 0 ? [`aucun aidant à portée (${frInt(n)} commune${n > 1 ? 's' : ''})`] : []);
    expect(items.join(' ')).not.toMatch(/moins de aucun|aucun aidant à portée et plus/);
    const option = s.page.getByLabel('Indicateur').locator('option:checked');
    expect(await option.textContent()).toBe('À accompagner / ETP');
    expect(await option.getAttribute('title')).toBe("Personnes à accompagner par ETP d'aidant");
  });

  it('travel times are said as they were computed: straight line from the commune centre (no road network, no grid)', async () => {
    await s.page.locator('#variable').selectOption('access_minutes');
    const source = (await s.page.getByTestId('legend-source').textContent())!;
    expect(source).toContain("estimation à vol d'oiseau, depuis le centre de la commune");
    expect(source).not.toMatch(/routier|carreaux/);
    expect(source).toContain('classes fixes');
    const c = await isolatedCommune();
    const box = await mapBox();
    await s.page.mouse.move(box.x + c.x - 3, box.y + c.y);
    await s.page.mouse.move(box.x + c.x, box.y + c.y);
    await expect.poll(() => s.page.getByTestId('tooltip').textContent()).toContain(c.nom);
    const tooltip = (await s.page.getByTestId('tooltip').textContent())!;
    expect(await s.page.getByTestId('tooltip-access').textContent()).toMatch(/min \(estimation à vol d'oiseau, depuis le centre de la commune\)/);
    expect(tooltip).not.toMatch(/réseau routier chargé/);
    expect(tooltip).toContain('Éligibilité ≥ 1 Gbit/s, approximation (câble compris)');
    expect(tooltip).not.toMatch(/FTTH/);
    expect(tooltip).toContain(`${c.epci_nom} (SIREN ${c.epci})`);
  });

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
