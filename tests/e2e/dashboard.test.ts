/**
 * The built dashboard on the demo territory, in headless Chromium: DuckDB becomes ready, the
 * key figures match SQL over the loaded data and the demo files themselves, the map draws the
 * choropleth and the help points, and nothing errs or leaves localhost.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { assertClean, countColorPixels, countNonBackground, countPixels, type Session, openApp, frInt, sql, waitForAppState } from './harness.ts';
import { readDemoCounts, sumOf } from '../helpers/demo_files.ts';
import { SEQUENTIAL_YLGNBU, HELP_STYLE, BACKGROUND_COLOR } from '../../src/map/palette.ts';

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

  it('fits every screen from 1920×1080 to a phone: no sideways scrolling, no control cut, the map drawn and the whole territory in view', async () => {
    mkdirSync('test-results', { recursive: true });
    const territory = demoBounds();
    for (const [width, height] of SIZES) {
      await s.page.setViewportSize({ width, height });
      // MapLibre follows its container (ResizeObserver): wait for its canvas to take the new size, then for the drawing.
      await waitForAppState(s.page, `(() => { const m = document.querySelector('.map'); const c = m?.querySelector('canvas'); return !!c && m.clientWidth > 0 && Math.abs(c.clientWidth - m.clientWidth) < 1 && Math.abs(c.clientHeight - m.clientHeight) < 1; })()`);
      await s.page.evaluate('__maillage.mapIdle()');
      await s.page.screenshot({ path: `test-results/layout-${width}x${height}.png`, fullPage: true });
      const probe = await s.page.evaluate(layoutProbe);
      const at = `${width}×${height}`;
      expect(probe.scrollWidth, `${at}: page wider than the window`).toBeLessThanOrEqual(probe.innerWidth);
      expect(probe.checked, `${at}: controls looked at`).toBeGreaterThan(10);
      expect(probe.problems, `${at}: controls cut or outside their box`).toEqual([]);
      if (width < 600) expect(probe.canvas.width, `${at}: the map takes the whole width`).toBeGreaterThanOrEqual(width - 2);
      else expect(probe.canvas.width, `${at}: map width`).toBeGreaterThanOrEqual(300);
      expect(probe.canvas.height, `${at}: map height`).toBeGreaterThanOrEqual(250);
      const png = await s.page.locator('.map').screenshot();
      const drawn = countNonBackground(png, BACKGROUND_COLOR, 10);
      expect(drawn, `${at}: pixels drawn on the map`).toBeGreaterThan(probe.canvas.width * probe.canvas.height * 0.2);
      const view = (await s.page.evaluate('__maillage.bounds()')) as Bounds;
      expect(contains(view, territory), `${at}: the whole territory ${territory.join(', ')} is in view ${view.join(', ')}`).toBe(true);
      if (width < 600) await expect(s.page.getByTestId('kf-population').isVisible()).resolves.toBe(true);
    }
    await s.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('the map controls speak French', async () => {
    const label = (selector: string) => s.page.locator(selector).first().getAttribute('aria-label');
    await expect(label('.maplibregl-ctrl-zoom-in')).resolves.toBe('Zoom avant');
    await expect(label('.maplibregl-ctrl-zoom-out')).resolves.toBe('Zoom arrière');
    await expect(label('.maplibregl-ctrl-compass')).resolves.toBe('Faire glisser pour tourner la carte, cliquer pour revenir au nord');
    await expect(label('.maplibregl-ctrl-fullscreen')).resolves.toBe('Afficher la carte en plein écran');
    await expect(label('canvas.maplibregl-canvas')).resolves.toBe('Carte');
    const english = await s.page.locator('.map').evaluate((m) => [...m.querySelectorAll('[aria-label], [title]')].map((e) => `${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('title') ?? ''}`).filter((t) => /\b(Zoom in|Zoom out|Drag to rotate|fullscreen|Toggle attribution)\b/i.test(t)));
    expect(english).toEqual([]);
  });

  it('a zone button zooms the map to the zone and outlines it; another zone moves the outline', async () => {
    // At 20 min the demo has several underserved zones (one at 30 min).
    await s.page.locator('.threshold').getByText('20 min').click();
    await waitForAppState(s.page, "hook.state === 'ready' && document.querySelector('[data-testid=zones] li') !== null && document.querySelector('.threshold input[value=\"20\"]').checked");
    const zones = await sql<{ rank: number; codes: string }>(s, "SELECT rank, codes FROM zones WHERE kind = 'underserved' ORDER BY rank");
    expect(zones.length).toBeGreaterThanOrEqual(2);
    const features = demoFeatures();
    const boxOf = (codes: string) => {
      const list = codes.split(/[,;\s]+/).filter(Boolean);
      const shapes = features.filter((f) => list.includes(f.properties.code));
      expect(shapes.length, `communes ${codes} found in the demo file`).toBe(list.length);
      return bboxOf(shapes.map((f) => f.geometry));
    };
    const focusBlue = [0, 0, 145] as const;
    await s.page.evaluate('__maillage.mapIdle()');
    const before = countColorPixels(await s.page.locator('.map').screenshot(), focusBlue, 12);
    const start = (await s.page.evaluate('__maillage.camera()')) as { lon: number; lat: number; zoom: number };
    const startZoom = start.zoom;
    for (const [i, zone] of zones.slice(0, 2).entries()) {
      const button = s.page.getByTestId(`zone-button-${zone.rank}`);
      if (i === 0) await button.click();
      else {
        await button.focus();
        await s.page.keyboard.press('Enter');
      }
      await waitForAppState(s.page, `__maillage.marks()?.zone === ${zone.rank}`);
      await s.page.evaluate('__maillage.mapIdle()');
      await expect(button.getAttribute('aria-pressed')).resolves.toBe('true');
      const view = (await s.page.evaluate('__maillage.bounds()')) as Bounds;
      const box = boxOf(zone.codes);
      expect(contains(view, box), `zone ${zone.rank} ${box.join(', ')} in view ${view.join(', ')}`).toBe(true);
      const zoom = ((await s.page.evaluate('__maillage.camera()')) as { zoom: number }).zoom;
      expect(zoom, 'zoomed in from the whole territory').toBeGreaterThan(startZoom);
      const png = await s.page.locator('.map').screenshot({ path: `test-results/zone-${zone.rank}.png` });
      expect(countColorPixels(png, focusBlue, 12), 'the outline in bleu France').toBeGreaterThan(before + 300);
    }
    await expect(s.page.getByTestId(`zone-button-${zones[0].rank}`).getAttribute('aria-pressed')).resolves.toBe('false');
    // A new zone list (new data: back to 30 min) clears the outline.
    await s.page.locator('.threshold').getByText('30 min').click();
    await waitForAppState(s.page, "hook.state === 'ready' && __maillage.marks()?.zone === null");
    await expect(s.page.locator('[data-testid=zones] [aria-pressed=true]').count()).resolves.toBe(0);
    await s.page.evaluate(`__maillage.flyTo(${start.lon}, ${start.lat}, ${start.zoom})`);
  });

  it('« Proposer des emplacements » draws the proposals on the map with their rank; cleared proposals leave it', async () => {
    const panel = s.page.getByTestId('planning-panel');
    await s.page.evaluate('__maillage.mapIdle()');
    const red = [225, 0, 15] as const;
    const before = countColorPixels(await s.page.locator('.map').screenshot(), red, 16);
    await panel.getByLabel('Nombre de lieux').fill('3');
    await panel.getByRole('button', { name: 'Proposer des emplacements' }).click();
    await panel.getByTestId('proposals').locator('> li').first().waitFor({ timeout: 60_000 });
    const listed = await panel.getByTestId('proposals').locator('> li').count();
    await waitForAppState(s.page, `__maillage.marks()?.proposals.length === ${listed}`);
    await s.page.evaluate('__maillage.mapIdle()');
    const marks = ((await s.page.evaluate('__maillage.marks()')) as { proposals: { rank: number; lon: number; lat: number }[] }).proposals;
    expect(marks.map((m) => m.rank)).toEqual(Array.from({ length: listed }, (_, i) => i + 1));
    const png = await s.page.locator('.map').screenshot({ path: 'test-results/proposals.png' });
    expect(countColorPixels(png, red, 16), 'red discs').toBeGreaterThan(before + 200 * listed);
    // Each disc carries its number: white glyph pixels at the disc's centre (the disc is solid red elsewhere).
    for (const m of marks) {
      const p = (await s.page.evaluate(`__maillage.project(${m.lon}, ${m.lat})`)) as { x: number; y: number };
      const white = countPixels(png, (r, g, b, _a, x, y) => Math.abs(x - p.x) <= 6 && Math.abs(y - p.y) <= 8 && r > 230 && g > 230 && b > 230);
      expect(white, `rank ${m.rank} written on its disc`).toBeGreaterThan(8);
    }
    // New settings make the proposals stale: they leave the map.
    await s.page.locator('.threshold').getByText('45 min').click();
    await waitForAppState(s.page, '__maillage.marks()?.proposals.length === 0');
    await s.page.locator('.threshold').getByText('30 min').click();
    await waitForAppState(s.page, "hook.state === 'ready'");
  });

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});

type Bounds = [number, number, number, number];
type Feature = { geometry: { coordinates: unknown }; properties: { code: string } };

const SIZES = [[1920, 1080], [1440, 900], [1280, 720], [1024, 768], [768, 1024], [390, 844]] as const;

function demoFeatures(): Feature[] {
  return (JSON.parse(readFileSync(resolve(demoDir, 'communes.geojson'), 'utf8')) as { features: Feature[] }).features;
}

/** Box of GeoJSON geometries, walked here (not with the app's code). */
function bboxOf(geometries: { coordinates: unknown }[]): Bounds {
  const b: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1] as number);
      b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1] as number);
    } else c.forEach(visit);
  };
  geometries.forEach((g) => visit(g.coordinates));
  return b;
}

const demoBounds = () => bboxOf(demoFeatures().map((f) => f.geometry));
const contains = (outer: Bounds, inner: Bounds) => inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];

/**
 * In the page: page width, the map canvas's box, and every shown button, select, input and table
 * header of the header and panels that overflows its own box, leaves the window or its panel,
 * shows a select's chosen option cut, or breaks a word across two lines.
 */
function layoutProbe() {
  const problems: string[] = [];
  const vw = window.innerWidth;
  const ctx = document.createElement('canvas').getContext('2d')!;
  const name = (el: Element) => `${el.tagName.toLowerCase()} « ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)} » in ${el.closest('section, nav, header, fieldset')?.getAttribute('data-testid') ?? el.closest('section, nav, header')?.className ?? '?'}`;
  const elements = [...document.querySelectorAll('.app-header, .layer-panel, .side-panel')].flatMap((p) => [...p.querySelectorAll('button, select, input, th')]);
  let checked = 0;
  for (const el of elements) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || (el as HTMLInputElement).type === 'radio' && style.opacity === '0') continue;
    checked++;
    const panel = el.closest('.app-header, .layer-panel, .side-panel')!.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)}: content ${el.scrollWidth} px in ${el.clientWidth} px`);
    if (r.left < -0.5 || r.right > vw + 0.5) problems.push(`${name(el)}: outside the window (${Math.round(r.left)}–${Math.round(r.right)})`);
    if (r.left < panel.left - 0.5 || r.right > panel.right + 0.5) problems.push(`${name(el)}: outside its panel (${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(panel.left)}–${Math.round(panel.right)})`);
    if (el instanceof HTMLSelectElement) {
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = el.selectedOptions[0]?.text ?? '';
      // Room for the text: the box less its padding and the arrow (about 20 px).
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
      if (ctx.measureText(text).width > room) problems.push(`${name(el)}: chosen option « ${text} » cut (${Math.round(ctx.measureText(text).width)} px in ${Math.round(room)} px)`);
    }
    if (el.tagName === 'TH' || el.tagName === 'BUTTON') {
      // A word drawn on two lines gives two boxes.
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        // Words, split at spaces and hyphens (« Au-delà » may wrap after its hyphen).
        for (const m of text.matchAll(/[^\s-]+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top)));
          if (lines.size > 1) problems.push(`${name(el)}: word « ${m[0]} » broken across lines`);
        }
      }
    }
  }
  const canvas = document.querySelector('.map canvas')!.getBoundingClientRect();
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, problems, checked, canvas: { width: canvas.width, height: canvas.height } };
}
