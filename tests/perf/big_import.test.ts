/**
 * Issue 8, "Big input": a 500 MB CSV (an INSEE Filosofi-like population grid of ~3.5 million
 * cells over France, written at test time) is imported through the UI as a stream: the progress
 * bar moves, "Annuler" leaves every table as it was, a second import goes to the end and every
 * line written is in the database; after a reload the saved file is read again the same way. Peak memory is sampled during both imports (page JS heap
 * through the devtools protocol, renderer processes' resident memory from /proc) and printed.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertClean, frInt, loadDemoFilesAsOwn, openApp, sql, waitForAppState, type Session } from '../e2e/harness.ts';
import { writeGrid } from '../helpers/filosofi_grid.ts';

const TARGET_BYTES = 500_000_000;
const FILE_NAME = 'carreaux_france_filosofi.csv';

/** Pids of the renderer processes of the browser whose profile is `profileDir`. */
async function rendererPids(profileDir: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
  const info = new Map<number, { ppid: number; cmd: string }>();
  for (const pid of pids) {
    try {
      const statLine = await readFile(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(statLine.slice(statLine.lastIndexOf(')') + 2).split(' ')[1]);
      info.set(pid, { ppid, cmd: (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ') });
    } catch {
      // the process ended meanwhile
    }
  }
  const browser = [...info].find(([, p]) => p.cmd.includes(`--user-data-dir=${profileDir}`) && !p.cmd.includes('--type='))?.[0];
  if (browser === undefined) return [];
  const descends = (pid: number): boolean => {
    for (let p = info.get(pid)?.ppid, hops = 0; p !== undefined && hops < 10; p = info.get(p)?.ppid, hops++) if (p === browser) return true;
    return false;
  };
  return [...info].filter(([pid, p]) => p.cmd.includes('--type=renderer') && descends(pid)).map(([pid]) => pid);
}

async function rssMb(pids: number[]): Promise<number> {
  let kb = 0;
  for (const pid of pids) {
    const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8').catch(() => ''));
    if (m) kb += Number(m[1]);
  }
  return kb / 1024;
}

/** A worker's JS heap through the devtools protocol (the worker is attached as a target). */
async function workerHeap(cdp: CDPSession, urlPart: string): Promise<() => Promise<number>> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  const target = targetInfos.find((t) => t.type === 'worker' && t.url.includes(urlPart));
  if (!target) throw new Error(`no worker ${urlPart}`);
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
  let id = 0;
  const waiting = new Map<number, (v: number) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message) as { id?: number; result?: { usedSize: number } };
    if (m.id !== undefined) waiting.get(m.id)?.(m.result?.usedSize ?? 0);
  });
  return () =>
    new Promise<number>((resolve) => {
      const n = ++id;
      waiting.set(n, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: n, method: 'Runtime.getHeapUsage' }) });
    });
}

interface Peaks {
  page: number;
  importWorker: number;
  rss: number;
}

/** Samples the JS heaps (page, import worker) and the renderers' memory every 250 ms; `stop` returns the peaks in MB. */
function sampleMemory(cdp: CDPSession, importHeap: () => Promise<number>, pids: number[]) {
  const peaks: Peaks = { page: 0, importWorker: 0, rss: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      peaks.page = Math.max(peaks.page, (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20);
      peaks.importWorker = Math.max(peaks.importWorker, (await importHeap()) / 2 ** 20);
      peaks.rss = Math.max(peaks.rss, await rssMb(pids));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return peaks;
  };
}

const progressValue = async (s: Session) => Number((await s.page.locator('[data-testid=import-progress] progress').getAttribute('value').catch(() => null)) ?? 0);

describe('a 500 MB CSV imported as a stream (issue 8)', () => {
  let s: Session;
  let dir: string;
  let file: string;
  let written: { rows: number; bytes: number };
  let cdp: CDPSession;
  let pids: number[];
  let baseline: { grid: number; sources: number; demoGrid: number };
  let rssBefore = 0;
  let importHeap: () => Promise<number>;
  const peaks: Peaks = { page: 0, importWorker: 0, rss: 0 };
  const keepPeaks = (p: Peaks) => {
    for (const k of Object.keys(peaks) as (keyof Peaks)[]) peaks[k] = Math.max(peaks[k], p[k]);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'maillage-big-'));
    file = join(dir, FILE_NAME);
    const started = Date.now();
    written = await writeGrid(file, TARGET_BYTES);
    console.log(`generated ${FILE_NAME}: ${(written.bytes / 1e6).toFixed(0)} MB, ${written.rows} lines in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    s = await openApp();
    // A territory of the user's own (the demo's files, imported), so that the big file joins real work.
    await loadDemoFilesAsOwn(s);
    await s.page.getByTestId('access-pop').waitFor();
    cdp = await s.context.newCDPSession(s.page);
    await cdp.send('Performance.enable');
    pids = await rendererPids(s.profileDir);
    importHeap = await workerHeap(cdp, 'import.worker');
    rssBefore = await rssMb(pids);
    const [b] = await sql<{ grid: number; sources: number; demoGrid: number }>(s,
      "SELECT (SELECT count(*) FROM grid) AS grid, (SELECT count(*) FROM sources) AS sources, (SELECT count(*) FROM active_grid) AS demoGrid");
    baseline = b;
  }, 180_000);

  afterAll(async () => {
    await s?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the progress bar moves, and "Annuler" leaves every table as it was', async () => {
    expect(pids.length, 'renderer processes found for memory sampling').toBeGreaterThan(0);
    expect((await stat(file)).size).toBe(written.bytes);
    const stop = sampleMemory(cdp, importHeap, pids);
    await s.page.getByTestId('data-input').setInputFiles(file);
    await waitForAppState(s.page, () => Number(document.querySelector('[data-testid=import-progress] progress')?.getAttribute('value') ?? 0) > 0, { timeout: 60_000 });
    const first = await progressValue(s);
    await waitForAppState(s.page, `Number(document.querySelector('[data-testid=import-progress] progress')?.getAttribute('value') ?? 0) > ${first}`, { timeout: 60_000 });
    const bar = s.page.locator('[data-testid=import-progress] progress');
    expect(Number(await bar.getAttribute('max'))).toBe(written.bytes);
    await expect(s.page.getByTestId('import-progress').textContent()).resolves.toMatch(/Lecture de « carreaux_france_filosofi\.csv » : \d+ Mo sur 500 Mo/);
    await s.page.getByRole('button', { name: 'Annuler' }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=imports]')?.textContent?.includes('import annulé') ?? false, { timeout: 60_000 });
    await waitForAppState(s.page, () => !document.body.textContent!.includes('Import en cours'));
    keepPeaks(await stop());
    expect(await s.page.getByTestId('imports').locator('li').first().textContent()).toBe(
      'carreaux_france_filosofi.csv — fichier « carreaux_france_filosofi.csv » : import annulé ; les données déjà chargées sont inchangées.',
    );
    const [after] = await sql<{ grid: number; sources: number; demoGrid: number; staging: number }>(s,
      "SELECT (SELECT count(*) FROM grid) AS grid, (SELECT count(*) FROM sources) AS sources, (SELECT count(*) FROM active_grid) AS demoGrid, (SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'staging%') AS staging");
    expect(after).toEqual({ ...baseline, staging: 0 });
    expect(await s.page.locator('[data-testid=import-progress]').count()).toBe(0);
  }, 150_000);

  it('imports the whole file: every line written is in the database, memory stays far below the file size', async () => {
    const stop = sampleMemory(cdp, importHeap, pids);
    const started = Date.now();
    await s.page.getByTestId('data-input').setInputFiles(file);
    await waitForAppState(s.page, () => /carreaux_france_filosofi\.csv — Population carroyée[^\n]*ligne\(s\) chargée\(s\)/.test(document.querySelector('[data-testid=imports]')?.textContent ?? ''), { timeout: 170_000 });
    const seconds = (Date.now() - started) / 1000;
    await waitForAppState(s.page, () => !document.body.textContent!.includes('Import en cours'), { timeout: 120_000 });
    keepPeaks(await stop());
    const [db] = await sql<{ n: number; grid: number; demoGrid: number }>(s,
      `SELECT (SELECT count(*) FROM grid WHERE dataset = '${FILE_NAME}') AS n, (SELECT count(*) FROM grid) AS grid, (SELECT count(*) FROM active_grid) AS demoGrid`);
    expect(db.n).toBe(written.rows);
    expect(db.grid).toBe(baseline.grid + written.rows);
    // Cells far from the territory are kept in their table but neither drawn nor computed.
    expect(db.demoGrid).toBe(baseline.demoGrid);
    await expect(s.page.getByTestId('imports').locator('li').first().textContent()).resolves.toContain(`${frInt(written.rows)} ligne(s) chargée(s)`);
    const [duck] = await sql<{ mb: number }>(s, "SELECT sum(memory_usage_bytes) / 2 ** 20 AS mb FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'");
    const mbps = written.bytes / 1e6 / seconds;
    console.log(
      `big import: ${(written.bytes / 1e6).toFixed(0)} MB, ${written.rows} rows in ${seconds.toFixed(1)} s (${mbps.toFixed(1)} MB/s); ` +
        `peak JS heap: page ${peaks.page.toFixed(0)} MB, import worker ${peaks.importWorker.toFixed(0)} MB; ` +
        `DuckDB tables ${duck.mb.toFixed(0)} MB after; renderer RSS ${rssBefore.toFixed(0)} MB before, peak ${peaks.rss.toFixed(0)} MB`,
    );
    // The file is never held whole: neither the page nor the worker that reads it comes near its size.
    expect(peaks.page).toBeLessThan(400);
    expect(peaks.importWorker).toBeLessThan(400);
    expect(peaks.importWorker).toBeGreaterThan(0);
  }, 300_000);

  it('after a reload, its tables come back from the batches saved while it was read (the file is not read again)', async () => {
    const started = Date.now();
    await s.page.reload();
    // The saved batches are put back; reading the file again would show its progress bar.
    await waitForAppState(s.page, (hook) => {
      if (document.querySelector('[data-testid=import-progress]')) (globalThis as { __readAgain?: boolean }).__readAgain = true;
      return hook.state === 'ready';
    }, { timeout: 170_000 });
    const readAgain = await s.page.evaluate('globalThis.__readAgain === true') as boolean;
    console.log(`big import: reload to ready in ${((Date.now() - started) / 1000).toFixed(1)} s (tables restored from saved batches)`);
    expect(readAgain).toBe(false);
    const [db] = await sql<{ n: number; sources: number }>(s,
      `SELECT (SELECT count(*) FROM grid WHERE dataset = '${FILE_NAME}') AS n, (SELECT count(*) FROM sources WHERE file = '${FILE_NAME}') AS sources`);
    expect(db).toEqual({ n: written.rows, sources: 1 });
    await expect(s.page.getByTestId('imports').textContent()).resolves.toContain(`${frInt(written.rows)} ligne(s) chargée(s)`);
  }, 200_000);

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
