/**
 * A planner's whole day on a real territory, through the UI, with only the official files and no
 * road network: open (the demo), drop her files (asked to replace the demo), read the diagnosis,
 * get 3 proposals, place a site by a click and one from the commune list, file the labelling
 * fiche, export the A4 PDF and the CSV. Nothing of the demo may show anywhere (page, PDFs, CSV);
 * the figures equal a computation written here from the raw files (populations summed, sites
 * counted inside the contours, straight-line times with turf); missing inputs say so.
 * Run on the Nièvre and on the Cantal, which the code never special-cases.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import Papa from 'papaparse';
import { booleanPointInPolygon, distance, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertClean, frInt, openApp, readDownload, sql, waitForAppState, waitForTestHook, type Session } from './harness.ts';
import { hasRaw, rawPath } from '../helpers/fixtures.ts';
import { generateDemoTerritory } from '../../data/generate_demo.ts';

interface Territory {
  name: string;
  code: string;
  communes: string;
  /** IGN canton contours (france-geojson), numbered like communes (58001…): they must load as cantons. */
  cantons: string;
  mediation: string;
}

const TERRITORIES: Territory[] = [
  { name: 'Nièvre', code: '58', communes: 'ign-admin-express-2018-geojson/communes-58-nievre.geojson', cantons: 'ign-admin-express-2018-geojson/cantons-58-nievre.geojson', mediation: 'mednum-bfc-lieux-mediation/bfc-ternum-dataset.csv' },
  { name: 'Cantal', code: '15', communes: 'ign-admin-express-2018-geojson/communes-15-cantal.geojson', cantons: 'ign-admin-express-2018-geojson/cantons-15-cantal.geojson', mediation: 'hinaura-lieux-mediation/source.json' },
];

const COMMON = [
  'insee-derived-dataforgood-ifn/Communes.csv',
  'insee-derived-dataforgood-ifn/data_scol_menage_demandeurEmplois.csv',
  'insee-derived-dataforgood-ifn/taux_pauvrete.csv',
  'insee-derived-dataforgood-ifn/table_iris_insee_epci.csv',
  'laposte-hexasmal/laposte_hexasmal.csv',
  'anct-france-services/liste-fs-20240801.csv',
  'anct-conseillers-numeriques-cnfs/cnfs.json',
  'culture-bibliotheques-publiques/adresses-des-bibliotheques-publiques.csv',
  'arcep-ma-connexion-internet-2019/commune-debit-beta.csv',
];

/** Whether `text` holds `word` as a whole name (not inside a longer one such as "Saint-Amand-en-Puisaye"). */
const holds = (text: string, word: string) => new RegExp(`(?<![\\p{L}'-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}'-])`, 'u').test(text);

/** Names that belong to the fictional demo only (its communes, territory, road file, the word "fictif"). */
function demoWords(realNames: Set<string>): string[] {
  const files = generateDemoTerritory(58);
  const communes = JSON.parse(files.get('communes.geojson')!) as FeatureCollection<Polygon, { nom: string }>;
  const names = communes.features.map((f) => f.properties.nom).filter((n) => n.length >= 6 && !realNames.has(n));
  return [...new Set([...names, 'Val-de-Loue', 'troncons_routes.geojson', 'fictif', 'fictive', 'DONNÉES FICTIVES'])];
}

const csv = (path: string, delimiter?: string) => Papa.parse<Record<string, string>>(readFileSync(rawPath(path), 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true, delimiter }).data;

/** What the raw files say, computed here (never by the app's SQL). */
function expectations(t: Territory) {
  const contours = JSON.parse(readFileSync(rawPath(t.communes), 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { code: string; nom: string }>;
  const pmun = new Map(csv('insee-derived-dataforgood-ifn/Communes.csv', ';').map((r) => [r.DEPCOM, Number(r.PMUN)]));
  const population = contours.features.reduce((s, f) => s + (pmun.get(f.properties.code) ?? 0), 0);
  const inside = (lon: number, lat: number) => contours.features.some((f) => booleanPointInPolygon([lon, lat], f));
  const fs = csv('anct-france-services/liste-fs-20240801.csv')
    .map((r) => ({ lon: Number(r.longitude), lat: Number(r.latitude) }))
    .filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat) && p.lat !== 0);
  const fsInside = fs.filter((p) => inside(p.lon, p.lat)).length;
  // Reference point of a commune: its La Poste point (first row of its code), else a point on its contour.
  const poste = new Map<string, [number, number]>();
  for (const r of csv('laposte-hexasmal/laposte_hexasmal.csv', ';')) {
    if (poste.has(r.Code_commune_INSEE) || !r.coordonnees_gps) continue;
    const [lat, lon] = r.coordonnees_gps.split(',').map(Number);
    if (Number.isFinite(lat) && Number.isFinite(lon)) poste.set(r.Code_commune_INSEE, [lon, lat]);
  }
  /** Population of the communes whose straight-line estimate to the nearest France Services exceeds `minutes`. */
  const beyond = (minutes: number, detour = 1.5, speedKmh = 50) => contours.features.reduce((s, f: Feature<Polygon | MultiPolygon, { code: string }>) => {
    const at = poste.get(f.properties.code) ?? (pointOnFeature(f).geometry.coordinates as [number, number]);
    const km = Math.min(...fs.map((p) => distance(at, [p.lon, p.lat], { units: 'kilometers' })));
    return (km * detour) / speedKmh * 60 > minutes ? s + (pmun.get(f.properties.code) ?? 0) : s;
  }, 0);
  // The other help points, counted inside the contours from each raw file's own coordinates.
  const count = (points: { lon: number; lat: number }[]) => points.filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat) && inside(p.lon, p.lat)).length;
  const mediation = t.mediation.endsWith('.csv')
    ? count(csv(t.mediation).map((r) => ({ lon: Number(r.lon), lat: Number(r.lat) })))
    : count((JSON.parse(readFileSync(rawPath(t.mediation), 'utf8')) as { longitude: number; latitude: number }[]).map((r) => ({ lon: Number(r.longitude), lat: Number(r.latitude) })));
  const cnfs = count((JSON.parse(readFileSync(rawPath('anct-conseillers-numeriques-cnfs/cnfs.json'), 'utf8')) as { longitude: unknown; latitude: unknown }[])
    .filter((r) => r.longitude !== null && r.longitude !== '').map((r) => ({ lon: Number(r.longitude), lat: Number(r.latitude) })));
  // Libraries open to the public (an "Adresse administrative" is a seat, not a place to go).
  const libraries = count(csv('culture-bibliotheques-publiques/adresses-des-bibliotheques-publiques.csv', ';')
    .filter((r) => r.type_adresse !== 'Adresse administrative' && r.coordonnees_finales)
    .map((r) => {
      const [lat, lon] = r.coordonnees_finales.split(',').map(Number);
      return { lon, lat };
    }));
  const cantons = JSON.parse(readFileSync(rawPath(t.cantons), 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { code: string; nom: string }>;
  return { contours, cantons, population, fsInside, mediation, cnfs, libraries, beyond, names: new Set(contours.features.map((f) => f.properties.nom)) };
}

for (const t of TERRITORIES) {
  const files = [t.communes, t.cantons, t.mediation, ...COMMON];
  describe.skipIf(!files.every((f) => hasRaw(f)))(`a planner's day on the ${t.name} (${t.code}), official files only`, () => {
    let s: Session;
    let facts: ReturnType<typeof expectations>;
    let demo: string[];
    let askedToReplace = '';
    const noDemo = (text: string, where: string) => {
      const found = demo.filter((w) => holds(text, w));
      expect(found, `demo words in ${where}`).toEqual([]);
    };

    beforeAll(async () => {
      facts = expectations(t);
      demo = demoWords(facts.names);
      s = await openApp();
      await s.page.getByTestId('data-input').setInputFiles(files.map(rawPath));
      // The demo and a real territory never mix: the planner is asked first.
      await s.page.getByTestId('replace-demo').waitFor();
      askedToReplace = (await s.page.getByTestId('replace-demo').textContent()) ?? '';
      await s.page.getByRole('button', { name: 'Remplacer' }).click();
      await waitForAppState(s.page, `document.querySelectorAll('[data-testid=imports] li').length >= ${files.length} && !document.body.textContent.includes('Import en cours')`, { timeout: 300_000 });
      await waitForTestHook(s.page, '__maillage', 300_000);
      await s.page.evaluate('__maillage.mapIdle()');
    }, 600_000);
    afterAll(async () => {
      await s?.close();
    });

    it('asked "Remplacer le territoire de démonstration ?"; the header names the real territory; nothing of the demo is on the page', async () => {
      expect(askedToReplace).toContain('Remplacer le territoire de démonstration ?');
      await expect(s.page.getByTestId('territory-name').textContent()).resolves.toBe(`${t.name} (${t.code})`);
      expect(await s.page.locator('.fiction-banner').count()).toBe(0);
      noDemo(await s.page.locator('body').innerText(), 'the page');
      const [{ n }] = await sql<{ n: number }>(s, "SELECT count(*) AS n FROM sources WHERE starts_with(dataset, 'demo:') OR fictional");
      expect(n).toBe(0);
    });

    it('every file loads, each with its vintage or an honest "non précisé"', async () => {
      const items = await s.page.getByTestId('imports').locator('li').allTextContents();
      expect(items.filter((x) => !/ligne\(s\) chargée\(s\)/.test(x))).toEqual([]);
      const fs = await sql<{ vintage: string | null }>(s, "SELECT vintage FROM sources WHERE file = 'liste-fs-20240801.csv'");
      expect(fs[0].vintage).toMatch(/^2024-08-01/);
    });

    it('population and France Services equal a count of the raw files', async () => {
      await expect(s.page.getByTestId('kf-population').textContent()).resolves.toBe(frInt(facts.population));
      await expect(s.page.getByTestId('kf-communes').textContent()).resolves.toBe(frInt(facts.contours.features.length));
      await expect(s.page.getByTestId('kf-fs').textContent()).resolves.toBe(frInt(facts.fsInside));
      expect(facts.mediation).toBeGreaterThan(0);
      await expect(s.page.getByTestId('kf-mediation').textContent()).resolves.toBe(frInt(facts.mediation));
      await expect(s.page.getByTestId('kf-cnfs').textContent()).resolves.toBe(frInt(facts.cnfs));
      await expect(s.page.getByTestId('kf-libraries').textContent()).resolves.toBe(frInt(facts.libraries));
    });

    it('an input that is missing says "non disponible" and which file gives it, never 0', async () => {
      // No INSEE population by age among these files.
      const pop75 = await s.page.getByTestId('key-figures').innerText();
      expect(pop75).toMatch(/75 ans et plus\s+non disponible/);
      expect(pop75).toContain("Ajoutez la population par âge de l'INSEE");
      expect(await s.page.getByTestId('access-headline').innerText()).not.toContain('75 ans');
    });

    it('the travel-time headline at 15 min equals straight-line estimates computed with turf, and says it is one', async () => {
      await s.page.getByTestId('access-panel').getByLabel('15 min').check();
      await waitForTestHook(s.page, '__maillage', 120_000);
      await expect(s.page.getByTestId('access-pop').textContent()).resolves.toBe(frInt(facts.beyond(15)));
      expect(await s.page.getByTestId('access-headline').textContent()).toContain("estimation à vol d'oiseau");
      expect(await s.page.getByTestId('access-method').textContent()).toMatch(/× 1,5 \(détour\) à 50 km\/h/);
      await s.page.getByTestId('access-panel').getByLabel('30 min').check();
      await waitForTestHook(s.page, '__maillage', 120_000);
      await expect(s.page.getByTestId('access-pop').textContent()).resolves.toBe(frInt(facts.beyond(30)));
    });

    it('3 proposals within 15 min without a road network: the missing need is said, population offered as the weight', async () => {
      // At 30 min nobody is left beyond (straight line): the planner looks at 15 min.
      await s.page.getByTestId('access-panel').getByLabel('15 min').check();
      await waitForTestHook(s.page, '__maillage', 120_000);
      expect(facts.beyond(15)).toBeGreaterThan(0);
      const panel = s.page.getByTestId('planning-panel');
      await panel.getByRole('button', { name: 'Proposer des emplacements' }).click();
      await s.page.getByTestId('proposals-refused').waitFor({ timeout: 120_000 });
      expect(await s.page.getByTestId('proposals-refused').textContent()).toMatch(/besoin/i);
      await s.page.getByTestId('proposals-refused').getByRole('button', { name: /population/i }).click();
      await s.page.getByTestId('proposals').waitFor({ timeout: 180_000 });
      const items = await s.page.getByTestId('proposals').locator('li').allTextContents();
      expect(items.length).toBe(3);
      expect(await s.page.getByTestId('proposals-method').textContent()).toContain("Estimation à vol d'oiseau");
      noDemo(items.join('\n'), 'the proposals');
    });

    it('a site placed from the commune list, and one by a click on the map, both computed (straight line)', async () => {
      const panel = s.page.getByTestId('planning-panel');
      const commune = [...facts.names].sort()[3];
      const picker = panel.getByRole('combobox', { name: 'Ajouter un lieu dans une commune…' });
      await picker.fill(commune);
      const options = s.page.getByRole('listbox', { name: 'Communes du territoire' }).getByRole('option');
      await expect.poll(() => options.count()).toBeGreaterThan(0);
      // The first option is active once the list opens; the arrows move to the commune.
      const index = (await options.allTextContents()).findIndex((o) => o.startsWith(commune));
      expect(index, `${commune} among the options`).toBeGreaterThanOrEqual(0);
      for (let i = 0; i < index; i++) await picker.press('ArrowDown');
      await picker.press('Enter');
      const sites = s.page.locator('[data-testid=scenario-sites] li');
      await expect.poll(() => sites.count(), { timeout: 60_000 }).toBe(1);
      expect(await sites.first().textContent()).toContain(`Nouveau lieu à ${commune}`);
      await panel.getByLabel('Ajouter un lieu en cliquant sur la carte').check();
      const box = (await s.page.locator('.map').boundingBox())!;
      await s.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await expect.poll(() => sites.count(), { timeout: 60_000 }).toBe(2);
      await panel.getByLabel('Ajouter un lieu en cliquant sur la carte').uncheck();
      await s.page.getByTestId('before-after').waitFor({ timeout: 120_000 });
      // The before / after table says its method, as the proposals do.
      await expect.poll(() => s.page.getByTestId('before-after-method').textContent(), { timeout: 60_000 }).toMatch(/^Estimation à vol d'oiseau \(distance en ligne droite × 1,5 \(détour\) à 50 km\/h/);
    });

    it('the labelling fiche (PDF) names the territory\'s places, its commune and the three nearest France Services, and says its times are estimates', async () => {
      await s.page.locator('[data-testid=scenario-sites] li').first().getByRole('button', { name: 'Fiche de labellisation' }).click();
      const dialog = s.page.getByTestId('fiche-dialog');
      await dialog.waitFor({ timeout: 120_000 });
      // The agents filed: that check becomes real.
      await dialog.getByLabel("Nombre d'agents").fill('2');
      await dialog.getByRole('button', { name: 'Mettre à jour la fiche' }).click();
      await expect.poll(async () => (await dialog.getByTestId('fiche-checks').textContent()) ?? '', { timeout: 120_000 }).toContain('Conforme, parce que 2 agents sont prévus');
      const d = await readDownload(s.page, () => dialog.getByRole('button', { name: /Exporter la fiche/ }).click());
      const text = execFileSync('/usr/bin/pdftotext', ['-layout', d.path, '-'], { encoding: 'utf8' });
      noDemo(text, 'the fiche');
      expect(text).toMatch(/vol d.oiseau/);
      const flat = text.replace(/[\s\u00a0\u202f]+/g, ' ');
      // The site is the commune picked from the list, at the app's reference point: its commune
      // is the raw contour that contains that point (turf here).
      const commune = [...facts.names].sort()[3];
      const [at] = await sql<{ lon: number; lat: number }>(s, `SELECT lon, lat FROM commune_view WHERE nom = '${commune.replace(/'/g, "''")}'`);
      const own = facts.contours.features.find((f) => booleanPointInPolygon([at.lon, at.lat], f))!;
      expect(flat).toContain(`Commune : ${own.properties.nom} (${own.properties.code})`);
      // The canton file loaded as cantons (not as 17 more communes): the fiche names the raw canton that contains the site.
      const canton = facts.cantons.features.find((f) => booleanPointInPolygon([at.lon, at.lat], f))!;
      const escaped = canton.properties.nom.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(flat).toMatch(new RegExp(`Canton : canton (de |d’)${escaped} \\(${canton.properties.code}\\)`));
      // The three nearest France Services by straight line (turf), × 1.5 for the distance.
      const fs = await sql<{ name: string; lon: number; lat: number }>(s, "SELECT name, lon, lat FROM active_help_points WHERE kind = 'france_services'");
      const nearest = fs.map((f) => ({ ...f, km: distance([at.lon, at.lat], [f.lon, f.lat], { units: 'kilometers' }) * 1.5 })).sort((a, b) => a.km - b.km).slice(0, 3);
      for (const n of nearest) {
        const i = flat.indexOf(n.name.slice(0, 30));
        expect(i, n.name).toBeGreaterThan(0);
        const km = Number(flat.slice(i).match(/(\d+) min \* ([\d,]+) km \*/)![2].replace(',', '.'));
        expect(Math.abs(km - n.km), `${n.name}: ${km} km vs ${n.km}`).toBeLessThanOrEqual(0.051);
      }
      expect(flat).toContain('Conforme, parce que 2 agents sont prévus');
      expect(flat).not.toMatch(/non disponible (h|jours|agents|%|km|min|m)\b/);
      expect(flat).not.toMatch(/\d+,\d+ personnes/);
      if (t.code === '58') {
        // The first page as an image: the map drew (its estimate circles' fills), nothing outside the margins.
        mkdirSync('test-results', { recursive: true });
        execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', d.path, 'test-results/fiche-nievre']);
        const png = PNG.sync.read(readFileSync('test-results/fiche-nievre.png'));
        const mm = png.width / 210; // A4 portrait, 210 mm wide
        let isoFill = 0, outside = 0;
        const edge = 10 * mm; // the layout keeps 15 mm; the footer sits 13 mm from the bottom
        for (let y = 0; y < png.height; y++) {
          for (let x = 0; x < png.width; x++) {
            const k = (y * png.width + x) * 4;
            const [r, g, b] = [png.data[k], png.data[k + 1], png.data[k + 2]];
            // #f3c9a8 / #f7dcc4 / #fbeee2: warm fills (red > green > blue, clearly not grey).
            if (r > 235 && r - b > 20 && g > b) isoFill++;
            const blank = r > 245 && g > 245 && b > 245;
            if (!blank && (x < edge || x > png.width - edge || y < edge || y > png.height - edge)) outside++;
          }
        }
        expect(isoFill, 'estimate circles drawn on the map').toBeGreaterThan(2000);
        expect(outside, 'pixels outside the page margins').toBe(0);
      }
      await dialog.getByRole('button', { name: 'Fermer' }).click();
    });

    it('the A4 PDF and the commune CSV: no demo, the territory named, the method said', async () => {
      const pdf = await readDownload(s.page, () => s.page.getByTestId('export-pdf-a4').click(), 120_000);
      const text = execFileSync('/usr/bin/pdftotext', [pdf.path, '-'], { encoding: 'utf8' });
      noDemo(text, 'the A4 PDF');
      expect(text).toContain(`${t.name} (${t.code})`);
      expect(text).toMatch(/vol d.oiseau/);
      const table = await readDownload(s.page, () => s.page.getByTestId('export-csv').click());
      const rows = table.bytes.toString('utf8');
      noDemo(rows, 'the CSV');
      expect(rows.split('\n').filter((l) => l.trim()).length).toBe(facts.contours.features.length + 1);
      expect(rows).toContain("estimation à vol d'oiseau");
    });

    it('the zones CSV says its threshold and method, with no demo word', async () => {
      const zones = await readDownload(s.page, () => s.page.getByTestId('export-csv-zones').click());
      const text = zones.bytes.toString('utf8').replace(/^\uFEFF/, '');
      noDemo(text, 'the zones CSV');
      const [header, ...rows] = text.split(/\r?\n/).filter((l) => l.trim());
      expect(header.split(';')).toEqual(expect.arrayContaining(['Seuil', "Méthode du temps d'accès"]));
      // Straight line everywhere (no road network): every zone says so, beyond the 15 min chosen above.
      for (const r of rows) {
        expect(r).toContain('plus de 15 min');
        expect(r).toContain("estimation à vol d'oiseau");
      }
      // The communes CSV says what its times are: from the commune centre, not a mean.
      const communes = await readDownload(s.page, () => s.page.getByTestId('export-csv').click());
      expect(communes.bytes.toString('utf8').split(/\r?\n/)[0]).toContain("Temps d'accès depuis le centre de la commune (min)");
    });

    it('« Renommer » names the territory on the A4 PDF and on the slides; no slide holds a demo word', async () => {
      const name = `Bassin de vie ${t.name} nord`;
      await s.page.getByRole('button', { name: 'Renommer le territoire' }).click();
      await s.page.getByLabel('Nom du territoire').fill(name);
      await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await expect.poll(() => s.page.getByTestId('territory-name').textContent()).toBe(name);
      const pdf = await readDownload(s.page, () => s.page.getByTestId('export-pdf-a4').click(), 120_000);
      const text = execFileSync('/usr/bin/pdftotext', [pdf.path, '-'], { encoding: 'utf8' });
      expect(text.replace(/\s+/g, ' ')).toContain(name);
      expect(text).not.toContain(`${t.name} (${t.code})`);
      await s.page.getByRole('button', { name: 'Présenter' }).click();
      const setup = s.page.getByTestId('present-setup');
      await setup.waitFor();
      await setup.getByRole('button', { name: 'Commencer la présentation' }).click();
      await s.page.getByTestId('presentation').waitFor();
      await expect.poll(() => s.page.getByTestId('slide-title').textContent()).toBe(name);
      const counter = async () => ((await s.page.getByTestId('slide-counter').textContent()) ?? '').split(' / ').map(Number);
      const [, total] = await counter();
      expect(total).toBeGreaterThanOrEqual(2);
      for (let i = 1; i <= total; i++) {
        await expect.poll(async () => (await counter())[0]).toBe(i);
        noDemo(await s.page.getByTestId('presentation').innerText(), `slide ${i}`);
        if (i < total) await s.page.keyboard.press('ArrowRight');
      }
      await s.page.keyboard.press('Escape');
      await waitForAppState(s.page, () => document.querySelector('[data-testid=presentation]') === null);
    });

    it('a detour factor of 2 instead of 1.5 changes the headline to a turf count with 2', async () => {
      expect(facts.beyond(15, 2)).toBeGreaterThan(facts.beyond(15));
      await s.page.getByTestId('estimate-settings').locator('summary').click();
      await s.page.getByLabel('Facteur de détour (distance routière ÷ distance en ligne droite)').fill('2');
      await s.page.getByRole('button', { name: 'Appliquer et recalculer' }).click();
      await waitForTestHook(s.page, '__maillage', 120_000);
      await expect.poll(() => s.page.getByTestId('access-pop').textContent(), { timeout: 120_000 }).toBe(frInt(facts.beyond(15, 2)));
      expect(await s.page.getByTestId('access-method').textContent()).toMatch(/× 2 \(détour\) à 50 km\/h/);
    });

    it('made no console error, no page error and no request outside localhost', () => {
      assertClean(s);
    });
  });
}
