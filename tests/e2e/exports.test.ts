/**
 * Issue 7, "council-ready": the exports of the built app on the demo territory (PDF read back
 * with pdftotext, screen and print PNG, CSV, XLSX, GeoJSON) and the shareable link round trip.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, assertClean, countColorPixels, readDownload, waitForAppState, waitForTestHook, type Session, openApp, sql } from './harness.ts';
import { BACKGROUND_COLOR, SEQUENTIAL_YLORRD } from '../../src/map/palette.ts';
import { viewStateFromHash, viewStateToHash } from '../../src/export/link_state.ts';
import { readDemoCounts } from '../helpers/demo_files.ts';

const DATED = /-\d{4}-\d{2}-\d{2}\./;

/** The PDF's first page rendered by poppler at `dpi`. */
function pdfImage(path: string, dpi: number): PNG {
  const out = path.replace(/\.pdf$/i, '') + `-r${dpi}`;
  execFileSync('/usr/bin/pdftoppm', ['-png', '-r', String(dpi), '-singlefile', path, out]);
  return PNG.sync.read(readFileSync(`${out}.png`));
}

function forEachPixel(png: PNG, f: (x: number, y: number, rgb: [number, number, number]) => void): void {
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      f(x, y, [png.data[i], png.data[i + 1], png.data[i + 2]]);
    }
  }
}

describe('exports and the shareable link, on the demo territory', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
    await s.page.getByTestId('access-pop').waitFor();
    await s.page.evaluate('__maillage.mapIdle()');
  });
  afterAll(async () => {
    await s?.close();
  });

  const exportButton = (id: string) => s.page.getByTestId(`export-${id}`);
  const download = async (id: string) => {
    await exportButton(id).hover();
    return readDownload(s.page, () => exportButton(id).click());
  };

  it('proposes a title from the view and a subtitle with the territory and the date', async () => {
    await expect(s.page.getByLabel('Titre de la carte').inputValue()).resolves.toBe("Temps d'accès aux France Services");
    const today = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
    await expect(s.page.getByTestId('export-subtitle').textContent()).resolves.toBe(`Sous-titre : Val-de-Loue (territoire fictif) – ${today}`);
  });

  it('exports the A4 PDF with title, legend of the visible layers, sources and the fictional mark', async () => {
    const d = await download('pdf-a4');
    expect(d.suggestedFilename).toMatch(/^maillage-temps-acces-aux-france-services-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(d.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', d.path, '-'], { encoding: 'utf8' });
    expect(text).toContain("Temps d'accès aux France Services");
    expect(text).toContain('Val-de-Loue (territoire fictif)');
    expect(text).toContain('moins de 15 min');
    expect(text).toContain('45 min et plus');
    expect(text).toContain('France Services');
    expect(text).toContain('Médiathèque');
    expect(text).toContain('Routes (troncons_routes.geojson)');
    expect(text).toContain('Sources');
    const [src] = await sql<{ format_label: string; vintage: string }>(s, "SELECT format_label, vintage FROM sources WHERE vintage IS NOT NULL ORDER BY file LIMIT 1");
    expect(text.replace(/\s+/g, ' ')).toContain(src.vintage);
    expect(text).toContain('Méthode');
    expect(text.replace(/\s+/g, ' ')).toContain('Les 75 ans et plus au-delà du seuil sont estimés');
    expect(text).not.toContain('…'); // everything fits in the side column
    expect(text).toContain('DONNÉES FICTIVES');
  });

  it('exports the 16:9 slide PDF, map first: the map drew, nothing in the margin band, legend and sources in the text', async () => {
    const d = await download('pdf-diapo');
    expect(d.suggestedFilename).toMatch(/diapositive/);
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', d.path, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, ' ');
    expect(text).toContain("Temps d'accès aux France Services");
    expect(text).toContain('Val-de-Loue (territoire fictif)');
    expect(text).toContain('DONNÉES FICTIVES');
    for (const entry of ['moins de 15 min', '45 min et plus', 'France Services', 'Médiathèque', 'Routes (troncons_routes.geojson)']) expect(text, entry).toContain(entry);
    // The footer's sources: every source file's producer and vintage, each vintage once per producer.
    expect(flat).toContain('Sources :');
    const [src] = await sql<{ vintage: string }>(s, 'SELECT vintage FROM sources WHERE vintage IS NOT NULL ORDER BY file LIMIT 1');
    expect(flat).toContain(src.vintage);
    expect(flat).toContain('Carte réalisée avec Maillage le');

    const rendered = pdfImage(d.path, 50);
    // 254 × 142.875 mm at 50 dpi.
    expect(Math.abs(rendered.width - (254 / 25.4) * 50)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(rendered.height - (142.875 / 25.4) * 50)).toBeLessThanOrEqual(1.5);
    // The outer band (3 mm of the 4 mm margin) is white: no text or shape outside the page's margins.
    const band = Math.floor((3 / 25.4) * 50);
    let inked = 0;
    forEachPixel(rendered, (x, y, [r, g, b]) => {
      const edge = x < band || y < band || x >= rendered.width - band || y >= rendered.height - band;
      if (edge && (r < 245 || g < 245 || b < 245)) inked++;
    });
    expect(inked).toBe(0);
    // The map frame spans the page's middle band: there, the map drew its choropleth colours.
    let mapInk = 0;
    let middle = 0;
    forEachPixel(rendered, (x, y, rgb) => {
      if (y < rendered.height * 0.3 || y > rendered.height * 0.7) return;
      middle++;
      const white = rgb.every((c) => c > 245);
      const background = rgb.every((c, i) => Math.abs(c - BACKGROUND_COLOR[i]) <= 6);
      if (!white && !background) mapInk++;
    });
    expect(mapInk / middle).toBeGreaterThan(0.15);
  });

  it('exports the map canvas as it is on screen, at its size, with the choropleth colours', async () => {
    const size = (await s.page.evaluate(`(() => { const c = document.querySelector('.maplibregl-canvas'); return { width: c.width, height: c.height }; })()`)) as { width: number; height: number };
    const d = await download('png-ecran');
    expect(d.suggestedFilename).toMatch(DATED);
    const png = PNG.sync.read(d.bytes);
    expect({ width: png.width, height: png.height }).toEqual(size);
    const blend = (rgb: readonly number[]) => rgb.map((c, i) => Math.round((c * 230 + BACKGROUND_COLOR[i] * 25) / 255)) as [number, number, number];
    expect(countColorPixels(d.bytes, blend(SEQUENTIAL_YLORRD[0]), 10)).toBeGreaterThan(5_000);
  });

  it('exports the composed screen PNG (same size) and the A4 print PNG at 300 dpi', async () => {
    const screen = await download('png-compose');
    const size = (await s.page.evaluate(`(() => { const c = document.querySelector('.maplibregl-canvas'); return { width: c.width, height: c.height }; })()`)) as { width: number; height: number };
    const composed = PNG.sync.read(screen.bytes);
    expect({ width: composed.width, height: composed.height }).toEqual(size);
    const print = await download('png-impression');
    const p = PNG.sync.read(print.bytes);
    expect({ width: p.width, height: p.height }).toEqual({ width: 3508, height: 2480 });
    // The map is drawn into the sheet (scaled, so allow a wider tolerance).
    const blend = (rgb: readonly number[]) => rgb.map((c, i) => Math.round((c * 230 + BACKGROUND_COLOR[i] * 25) / 255)) as [number, number, number];
    expect(countColorPixels(print.bytes, blend(SEQUENTIAL_YLORRD[0]), 14)).toBeGreaterThan(50_000);
  });

  it('exports the commune table as CSV for French Excel (BOM, ";", accents, decimal comma)', async () => {
    const [accented] = await sql<{ nom: string }>(s, "SELECT nom FROM commune_view WHERE regexp_matches(nom, '[éèêàçôî]') AND NOT contains(nom, '''') ORDER BY nom LIMIT 1");
    const d = await download('csv');
    expect(d.suggestedFilename).toMatch(/^maillage-communes-\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...d.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = d.bytes.toString('utf8').slice(1);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(`Commune;Code INSEE;EPCI;Population;75 ans et plus;Temps d'accès moyen (min);Méthode du temps d'accès;Temps calculé depuis;Indice local de fragilité (1–10);Besoin d'aide (estimation);Personnes à accompagner par ETP d'aidant;Personnes à accompagner par ETP d'aidant : statut;"Éligibilité ≥ 1 Gbit/s, approximation (câble compris)";Mesure de la part fibre;"Population non couverte en 4G (moyenne des opérateurs, ARCEP)"`);
    // The demo imitates the 2019 ARCEP file (exclusive classes): its "fibre" is the ≥ 1 Gbit/s class, cable included.
    expect(lines.slice(1).every((l) => l.includes(';"≥ 1 Gbit/s, approximation (câble compris)";'))).toBe(true);
    const [{ n }] = await sql<{ n: number }>(s, 'SELECT count(*)::INT AS n FROM commune_view');
    expect(lines.length).toBe(n + 1);
    expect(text).toContain(accented.nom);
    expect(text).toMatch(/;\d+,\d+;/);
    expect(text).toContain('(fictive)');

    const zones = await download('csv-zones');
    // Each zone says the threshold it is beyond and how its times were computed (issue 13).
    const zoneLines = zones.bytes.toString('utf8').split('\r\n').filter((l) => l !== '');
    expect(zoneLines[0]).toMatch(/^\uFEFFRang;Seuil;Communes;.*;Méthode du temps d'accès$/);
    expect(zoneLines.length).toBeGreaterThan(1);
    for (const line of zoneLines.slice(1)) expect(line).toMatch(/^\d+;plus de [\d, et]+ min;/);
  });

  it('exports communes and zones as XLSX', async () => {
    const [plain] = await sql<{ nom: string }>(s, "SELECT nom FROM commune_view WHERE NOT regexp_matches(nom, '[&<>''\"]') ORDER BY population DESC LIMIT 1");
    const d = await download('xlsx');
    expect(d.suggestedFilename).toMatch(/\.xlsx$/);
    expect(d.bytes.subarray(0, 2).toString()).toBe('PK');
    const files = unzipSync(new Uint8Array(d.bytes));
    expect(strFromU8(files['xl/workbook.xml'])).toContain('Zones mal desservies');
    expect(strFromU8(files['xl/worksheets/sheet1.xml'])).toContain(plain.nom);
  });

  it('exports the layers as GeoJSON: communes with their figures, zones and help points', async () => {
    const d = await download('geojson');
    expect(d.suggestedFilename).toMatch(/^maillage-couches-\d{4}-\d{2}-\d{2}\.geojson$/);
    const fc = JSON.parse(d.bytes.toString('utf8')) as { type: string; features: { geometry: { type: string }; properties: Record<string, unknown> }[] };
    expect(fc.type).toBe('FeatureCollection');
    const by = (couche: string) => fc.features.filter((f) => f.properties.couche === couche);
    const [{ n, h }] = await sql<{ n: number; h: number }>(s, 'SELECT (SELECT count(*) FROM commune_view)::INT AS n, (SELECT count(*) FROM help_points)::INT AS h');
    expect(by('commune').length).toBe(n);
    expect(by('point_aide').length).toBe(h);
    expect(by('commune')[0].properties).toHaveProperty('temps_acces_min');
    expect(by('commune')[0].properties).toMatchObject({ fibre_mesure: '≥ 1 Gbit/s, approximation (câble compris)', sans_4g_part: null });
    expect(by('commune')[0].geometry.type).toMatch(/Polygon/);
    expect(by('zone_mal_desservie').length).toBeGreaterThan(0);
  });

  // The shareable link, on the same page (after the exports: it changes the view).
  it('keeps the view in the URL and restores it in a new page', async () => {
    const page = s.page;
    await page.getByLabel('Indicateur').selectOption('population');
    await page.getByText('45 min', { exact: true }).hover();
    await page.getByText('45 min', { exact: true }).click();
    await waitForAppState(page, () => document.querySelector('[data-testid=access-headline]')?.textContent?.includes('à plus de 45 min') ?? false);
    await page.evaluate('__maillage.flyTo(3.6, 47.05, 10.5)');
    await page.getByTestId('export-link').hover();
    await page.getByTestId('export-link').click();
    const url = await page.getByTestId('share-link').inputValue();
    expect(url).toBe(await page.evaluate('location.href'));
    const parsed = viewStateFromHash(url);
    expect(parsed?.ok).toBe(true);
    if (!parsed?.ok) return;
    expect(parsed.state).toMatchObject({ choroplethVariable: 'population', threshold: 45, accessGroup: 'france_services' });
    expect(parsed.state.zoom).toBeCloseTo(10.5, 1);
    // Every loaded dataset, named with its row count: the demo's tables, as the sources panel lists them.
    const sources = await sql<{ file: string; rows: number }>(s, 'SELECT file, rows FROM sources');
    expect([...parsed.state.datasets].sort((a, b) => a.file.localeCompare(b.file))).toEqual(sources.sort((a, b) => a.file.localeCompare(b.file)));
    expect(parsed.state.datasets.map((d) => d.file).sort()).toEqual(readDemoCounts(resolve(import.meta.dirname, '../../dist-e2e/demo')).tableFiles.sort());
    expect(url).not.toMatch(/Val-de-Loue|PMUN/); // the view, never the data

    const other = await s.context.newPage();
    await other.goto(url);
    await waitForTestHook(other, '__maillage', 90_000);
    await waitForAppState(other, () => {
      const h = (globalThis as unknown as { __maillage: { camera: () => { zoom: number; lon: number } | null } }).__maillage;
      const cam = h.camera();
      return cam !== null && Math.abs(cam.zoom - 10.5) < 0.05 && Math.abs(cam.lon - 3.6) < 0.01;
    });
    await expect(other.getByLabel('Indicateur').inputValue()).resolves.toBe('population');
    await waitForAppState(other, () => (document.querySelector('input[name=threshold][value="45"]') as HTMLInputElement | null)?.checked === true);
    await waitForAppState(other, () => document.querySelector('[data-testid=access-headline]')?.textContent?.includes('à plus de 45 min') ?? false);
    await expect(other.getByTestId('link-notice').count()).resolves.toBe(0);
    await other.close();
  });

  it('names the data a shared view needs that is not loaded here', async () => {
    const hash = viewStateToHash({
      center: [3.5, 47], zoom: 9, visibleLayers: ['communes', 'routes'], choroplethVariable: 'fragility', accessGroup: 'point_numerique',
      threshold: 20, weights: {}, scenario: null, datasets: [{ file: 'base_permanences_absente.csv', rows: 1234 }],
    });
    const other = await s.context.newPage();
    await other.goto(appUrl(`/${hash}`));
    await waitForTestHook(other, '__maillage', 90_000);
    const notice = other.getByTestId('link-notice');
    await notice.waitFor();
    const text = (await notice.textContent())!;
    expect(text).toContain('Ce lien a été créé avec des données qui ne sont pas chargées ici');
    expect(text).toContain('base_permanences_absente.csv');
    expect(text).toContain('1\u202f234');
    await expect(other.getByLabel('Indicateur').inputValue()).resolves.toBe('fragility');
    await other.close();
  });

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
