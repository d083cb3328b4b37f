/**
 * Start-up in the browser (headless Chromium on the built app, SwiftShader): how long until the
 * first screen shows its headline figures.
 *   - demo cold start: a fresh profile opens the app; time from navigation to the moment the
 *     figures of the demo are on screen (the app marks it: performance mark "maillage-ready");
 *   - real workspace restore: the Nièvre files of ../shared/data/raw imported once through the
 *     UI, then the page reloaded; time from navigation to the same mark (tables restored from the
 *     browser store, the analysis run again).
 * Each also gives the time to the first screen ("maillage-first-screen"): the headline figure
 * first on screen, from the last analysis's first screen while the database starts, else live;
 * and the time until the map has drawn the live figures (its idle event after ready).
 * Needs `npm run build:e2e` first (the e2e build marks the moment the figures are on screen); the restore part needs the real files (skipped, and said, without).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { E2E_DIST, startStaticServer } from '../tests/e2e/global_setup.ts';
import { median, report, round } from './harness.ts';
import { CHROMIUM_PATH, SWIFTSHADER_ARGS } from '../tests/helpers/chromium.ts';
import { untilTrue } from '../tests/helpers/page_until.ts';

const root = resolve(import.meta.dirname, '..');
const APP_ROOT = process.env.BENCH_APP_ROOT ?? root;
const APP_DIST = process.env.BENCH_APP_DIST ?? E2E_DIST;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FIXTURES = resolve(root, process.env.MAILLAGE_FIXTURES ?? '../shared/data', 'raw');
export const NIEVRE = [
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
].map((f) => join(FIXTURES, f));

/** Counts, in the page, the contours parsed from GeoJSON text (window.__contourParses). */
const COUNT_PARSES = `(() => {
  const parse = JSON.parse;
  window.__contourParses = 0;
  JSON.parse = function (text, reviver) {
    if (typeof text === 'string' && /^\\{"type":"(Multi)?Polygon"/.test(text)) window.__contourParses++;
    return parse.call(this, text, reviver);
  };
})();`;

export async function open(profile: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH, headless: true, viewport: { width: 1280, height: 800 }, args: [...SWIFTSHADER_ARGS],
  });
  await context.route('**', (route) => (/^https?:\/\/127\.0\.0\.1/.test(route.request().url()) ? route.continue() : route.abort()));
  await context.addInitScript(COUNT_PARSES);
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

const parses = async (page: Page) => (await page.evaluate('window.__contourParses')) as number;

/** An older build (BENCH_LEGACY=1) has no ready mark: the first time its test hook says ready, polled every 50 ms. */
const LEGACY = process.env.BENCH_LEGACY === '1';
const READY = LEGACY
  ? "window.__maillage?.state === 'ready' ? performance.now() : null"
  : "performance.getEntriesByName('maillage-ready')[0]?.startTime ?? null";

/** Polls a page expression (ten minutes at most). */
const until = (page: Page, expression: string) => untilTrue(page, expression, 600_000, 200);

/** The first moment the headline figure was on screen, live or from the saved first screen (null: an older build). */
const FIRST_SCREEN = "performance.getEntriesByName('maillage-first-screen')[0]?.startTime ?? null";

/** Milliseconds from navigation start to the moment the figures are on screen. */
async function readyMs(page: Page, timeout = 300_000): Promise<number> {
  const end = Date.now() + timeout;
  for (;;) {
    const t = (await page.evaluate(READY)) as number | null;
    if (t !== null) return t;
    if (Date.now() > end) throw new Error('the app never became ready');
    await page.waitForTimeout(50);
  }
}

interface StartTimes {
  /** The headline figure first on screen (ready's when the build has no first screen). */
  first: number;
  /** The figures on screen describe the data loaded (the tools work). */
  ready: number;
  /** Then the map has drawn them (its idle event). */
  drawn: number;
}

/** Milliseconds from navigation to the first screen, to ready and to the map drawn. */
async function startMs(page: Page): Promise<StartTimes> {
  const ready = await readyMs(page);
  const drawn = (await page.evaluate('window.__maillage.mapIdle().then(() => performance.now())')) as number;
  const first = LEGACY ? null : ((await page.evaluate(FIRST_SCREEN)) as number | null);
  return { first: first ?? ready, ready, drawn };
}

const figures = (name: string, runs: StartTimes[], extra: Record<string, unknown> = {}) => report({
  bench: name,
  median_ms: round(median(runs.map((r) => r.ready))),
  first_screen_median_ms: round(median(runs.map((r) => r.first))),
  map_drawn_median_ms: round(median(runs.map((r) => r.drawn))),
  runs: runs.length,
  all_ms: runs.map((r) => round(r.ready, 0)),
  first_screen_all_ms: runs.map((r) => round(r.first, 0)),
  map_drawn_all_ms: runs.map((r) => round(r.drawn, 0)),
  ...extra,
});

export default async function run(): Promise<void> {
  if (!existsSync(join(APP_ROOT, APP_DIST, 'index.html'))) {
    report({ bench: 'browser_start', skipped: `${APP_DIST}/ missing: run npm run build:e2e first` });
    return;
  }
  const server = await startStaticServer({ root: APP_ROOT, outDir: APP_DIST, configFile: false });
  try {
    const cold: StartTimes[] = [];
    for (let i = 0; i < RUNS; i++) {
      const profile = mkdtempSync(join(tmpdir(), 'maillage-bench-'));
      const { context, page } = await open(profile);
      await page.goto(`${server.url}/`);
      cold.push(await startMs(page));
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    figures('browser_start_demo_cold', cold);

    // A returning visitor: the same profile opens the app again (HTTP cache and code cache warm,
    // the DuckDB module among them since public/duckdb-worker.js), with the workspace emptied.
    {
      const profile = mkdtempSync(join(tmpdir(), 'maillage-bench-'));
      const { context, page } = await open(profile);
      const cdp = await context.newCDPSession(page);
      const returning: StartTimes[] = [];
      try {
        for (let i = 0; i <= RUNS; i++) {
          await page.goto(`${server.url}/`);
          const ms = await startMs(page);
          if (i > 0) returning.push(ms);
          await page.goto('about:blank');
          await cdp.send('Storage.clearDataForOrigin', { origin: server.url, storageTypes: 'indexeddb,local_storage,cache_storage,file_systems' });
        }
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
      figures('browser_start_demo_returning', returning, { note: 'same profile, workspace cleared between loads' });
    }

    if (!NIEVRE.every((f) => existsSync(f))) {
      report({ bench: 'browser_restore_nievre', skipped: `real files missing under ${FIXTURES}` });
      return;
    }
    const profile = mkdtempSync(join(tmpdir(), 'maillage-bench-'));
    const { context, page } = await open(profile);
    try {
      await page.goto(`${server.url}/`);
      await readyMs(page);
      const t0 = Date.now();
      await page.getByTestId('data-input').setInputFiles(NIEVRE);
      // The demo and a real territory never mix: the planner is asked, and answers « Remplacer ».
      await page.getByTestId('replace-demo').waitFor();
      await page.getByRole('button', { name: 'Remplacer' }).click();
      await until(page, `document.querySelectorAll('[data-testid=imports] li').length >= ${NIEVRE.length}`);
      await until(page, "window.__maillage?.state === 'ready' && document.querySelector('[data-testid=access-pop]') !== null");
      report({ bench: 'browser_first_import_nievre', ms: Date.now() - t0, files: NIEVRE.length, contour_parses: await parses(page) });
      // A change of the time threshold: the figures again, the contours not (counted after the page settles).
      const before = await parses(page);
      await page.getByTestId('access-panel').getByLabel('15 min').check();
      await page.waitForTimeout(8000);
      report({ bench: 'browser_threshold_change_nievre', contour_parses: (await parses(page)) - before, note: 'counted 8 s after the click' });
      const restore: StartTimes[] = [];
      const restoreParses: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        // The first screen is kept once the page is idle after the analysis.
        await page.waitForTimeout(3000);
        await page.reload();
        restore.push(await startMs(page));
        restoreParses.push(await parses(page));
      }
      figures('browser_restore_nievre', restore, { contour_parses: restoreParses });
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  } finally {
    await server.close();
  }
}
