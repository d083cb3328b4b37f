/**
 * Drag to figures in the browser (issue #15): a scenario site dragged on the map of the demo
 * (headless Chromium on the e2e build, SwiftShader), from the east of the territory to the west
 * and back in 20 pointer moves. Page-side clocks (performance.now), once the « avant / après »
 * table has stayed still for 1 s after the release:
 *   - drag to figures: the app's own measure of its last scenario request, from the drag event
 *     that submitted it to the worker's answer (workers/client.ts, CoalescedTiming.latencyMs; the
 *     requests are coalesced, latest wins, one in flight), read from the test hook;
 *   - last table change after the release: from the last pointer move to the last change of the
 *     table (the final answer changes no text when its figures equal the previous ones);
 *   - the figures shown during the drag: changes of the table while the pointer moved.
 * Needs `npm run build:e2e` first.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { E2E_DIST, startStaticServer } from '../tests/e2e/global_setup.ts';
import { median, report, round } from './harness.ts';
import { untilTrue } from '../tests/helpers/page_until.ts';
import { open } from './browser_start.bench.ts';

const root = resolve(import.meta.dirname, '..');
// Another build to compare (as bench/browser_start.bench.ts): BENCH_APP_ROOT, BENCH_APP_DIST.
const APP_ROOT = process.env.BENCH_APP_ROOT ?? root;
const APP_DIST = process.env.BENCH_APP_DIST ?? E2E_DIST;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STEPS = 20;

/** Page-side record of pointer moves and of changes of the before/after table. */
const WATCH = `(() => {
  const w = { moves: [], changes: [] };
  document.addEventListener('pointermove', () => w.moves.push(performance.now()), true);
  const table = document.querySelector('[data-testid=before-after]');
  new MutationObserver(() => w.changes.push(performance.now())).observe(table, { subtree: true, childList: true, characterData: true });
  window.__drag = w;
})()`;

interface DragTimes {
  lastChangeAfterReleaseMs: number;
  moves: number;
  changesDuringDrag: number;
  dragToFiguresMs: number | null;
}

async function drag(page: Page, to: { x: number; y: number }): Promise<DragTimes> {
  const marker = page.getByTestId('scenario-marker').first();
  const box = (await marker.boundingBox())!;
  const from = await page.evaluate('({ moves: window.__drag.moves.length, changes: window.__drag.changes.length })') as { moves: number; changes: number };
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: STEPS });
  await page.mouse.up();
  // Settled: the table changed after the last move, then stayed still for 1 s.
  await untilTrue(page, `(() => {
    const w = window.__drag, last = w.changes.at(-1) ?? 0;
    return last > w.moves.at(-1) && performance.now() - last > 1000;
  })()`, 60_000);
  const w = (await page.evaluate('window.__drag')) as { moves: number[]; changes: number[] };
  const moves = w.moves.slice(from.moves);
  const changes = w.changes.slice(from.changes);
  const release = moves.at(-1)!;
  return {
    lastChangeAfterReleaseMs: changes.at(-1)! - release,
    moves: moves.length,
    changesDuringDrag: changes.filter((t) => t <= release).length,
    dragToFiguresMs: (await page.evaluate('window.__maillage.scenarioLatencyMs ?? null')) as number | null,
  };
}

export default async function run(): Promise<void> {
  if (!existsSync(join(APP_ROOT, APP_DIST, 'index.html'))) {
    report({ bench: 'browser_drag', skipped: `${APP_DIST}/ missing: run npm run build:e2e first` });
    return;
  }
  const server = await startStaticServer({ root: APP_ROOT, outDir: APP_DIST, configFile: false });
  const profile = mkdtempSync(join(tmpdir(), 'maillage-bench-'));
  const { context, page } = await open(profile);
  try {
    await page.goto(`${server.url}/`);
    await untilTrue(page, "window.__maillage?.state === 'ready' && document.querySelector('[data-testid=access-pop]') !== null", 180_000);
    // One site added by a click on the map, in the east of the demo territory (as the e2e planning test does).
    const panel = page.getByTestId('planning-panel');
    await panel.getByLabel('Ajouter un lieu en cliquant sur la carte').check();
    const map = (await page.locator('.map').boundingBox())!;
    const east = { x: map.x + map.width * 0.75, y: map.y + map.height * 0.45 };
    const west = { x: map.x + map.width * 0.25, y: map.y + map.height * 0.5 };
    await page.mouse.move(east.x, east.y);
    await page.getByTestId('tooltip').waitFor();
    await page.mouse.click(east.x, east.y);
    await untilTrue(page, "document.querySelectorAll('[data-testid=scenario-sites] li').length === 1 && document.querySelector('[data-testid=before-after] tbody tr') !== null", 60_000);
    await panel.getByLabel('Ajouter un lieu en cliquant sur la carte').uncheck();
    await page.evaluate('__maillage.mapIdle()');
    await page.evaluate(WATCH);
    const runs: DragTimes[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await drag(page, i % 2 === 0 ? west : east));
    report({
      bench: 'browser_drag_to_figures',
      // null for a build whose test hook does not give the time of its requests.
      drag_to_figures_median_ms: runs.some((r) => r.dragToFiguresMs === null) ? null : round(median(runs.map((r) => r.dragToFiguresMs!))),
      drag_to_figures_all_ms: runs.map((r) => (r.dragToFiguresMs === null ? null : round(r.dragToFiguresMs, 0))),
      last_table_change_after_release_median_ms: round(median(runs.map((r) => r.lastChangeAfterReleaseMs))),
      pointer_moves_per_drag: median(runs.map((r) => r.moves)),
      figures_shown_during_drag: runs.map((r) => r.changesDuringDrag),
      runs: runs.length,
      note: `demo, one scenario site dragged east ↔ west in ${STEPS} pointer moves, SwiftShader`,
    });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await server.close();
  }
}
