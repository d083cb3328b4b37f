/**
 * One redraw of the map with software WebGL (SwiftShader, as on a PC without a graphics card or a
 * virtual desktop): the CPU it costs the browser's GPU process and the page, and its wall time.
 * The map is drawn again as it is (test hook `mapIdle`: one repaint asked, then the map's idle),
 * on the demo (its roads and 170 communes), then on the Nièvre's 12 real files (309 communes, no road network).
 * Linux only (the CPU times are read from /proc). Needs `npm run build:e2e` first.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { E2E_DIST, startStaticServer } from '../tests/e2e/global_setup.ts';
import { untilTrue } from '../tests/helpers/page_until.ts';
import { median, report, round } from './harness.ts';
import { NIEVRE, open } from './browser_start.bench.ts';

const APP_ROOT = process.env.BENCH_APP_ROOT ?? join(import.meta.dirname, '..');
const REDRAWS = Number(process.env.BENCH_RUNS ?? 5) * 4;

/** CPU milliseconds used so far by the processes of one browser profile, by process type. */
function cpuByType(profile: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes(profile)) continue;
      const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      m.set(type, (m.get(type) ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // the process ended meanwhile
    }
  }
  return m;
}

async function redraws(page: Page, profile: string, name: string): Promise<void> {
  await page.evaluate('__maillage.mapIdle()');
  await page.waitForTimeout(1000);
  const before = cpuByType(profile);
  const wall: number[] = [];
  for (let i = 0; i < REDRAWS; i++) {
    const t0 = performance.now();
    await page.evaluate('__maillage.mapIdle()');
    wall.push(performance.now() - t0);
  }
  const after = cpuByType(profile);
  const per = (type: string) => round(((after.get(type) ?? 0) - (before.get(type) ?? 0)) / REDRAWS, 0);
  report({ bench: name, median_ms: round(median(wall)), runs: REDRAWS, gpu_process_cpu_ms_per_redraw: per('gpu-process'), page_cpu_ms_per_redraw: per('renderer'), note: 'a redraw: one repaint, then the map idle; CPU from /proc, averaged' });
}

export default async function run(): Promise<void> {
  if (!existsSync('/proc/self/stat')) return report({ bench: 'map_redraw', skipped: 'needs /proc (Linux)' });
  if (!existsSync(join(APP_ROOT, E2E_DIST, 'index.html'))) return report({ bench: 'map_redraw', skipped: `${E2E_DIST}/ missing: run npm run build:e2e first` });
  const server = await startStaticServer({ root: APP_ROOT, outDir: E2E_DIST, configFile: false });
  const profile = mkdtempSync(join(tmpdir(), 'maillage-bench-'));
  const { context, page } = await open(profile);
  try {
    await page.goto(`${server.url}/`);
    await untilTrue(page, "window.__maillage?.state === 'ready'", 300_000, 100);
    await redraws(page, profile, 'map_redraw_demo');
    if (!NIEVRE.every((f) => existsSync(f))) return report({ bench: 'map_redraw_nievre', skipped: 'real files missing' });
    await page.getByTestId('data-input').setInputFiles(NIEVRE);
    await page.getByTestId('replace-demo').waitFor();
    await page.getByRole('button', { name: 'Remplacer' }).click();
    await untilTrue(page, `document.querySelectorAll('[data-testid=imports] li').length >= ${NIEVRE.length}`, 600_000, 200);
    await untilTrue(page, "window.__maillage?.state === 'ready' && document.querySelector('[data-testid=access-pop]') !== null", 600_000, 200);
    await redraws(page, profile, 'map_redraw_nievre');
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
