// Dev tool: where a page start goes. Opens the e2e build (npm run build:e2e) once as a returning
// visitor (the e2e tests' warm caches), records a Chromium trace until the test hook says ready, and
// prints the app's start phases with their times, CPU per thread and the 60 costliest trace events.
// The whole trace goes to $TRACE_OUT, default /tmp/trace.json (chrome://tracing or Perfetto). EXTRA_ARGS="--flag …" adds
// Chromium flags, to compare; TRACE_CATEGORIES="a,b" more trace categories. Usage: npx tsx scripts/dev/trace_start.mts
import { chromium } from 'playwright-core';
import { mkdtemp, cp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStaticServer } from '../../tests/e2e/global_setup.ts';
import { makeWarmProfile, CACHE_DIRS } from '../../tests/e2e/warm_cache.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/helpers/chromium.ts';
const server = await startStaticServer({ root: process.cwd(), outDir: 'dist-e2e' });
const warm = await makeWarmProfile(server.url);
const dir = await mkdtemp(join(tmpdir(), 'probe-'));
for (const d of CACHE_DIRS) await cp(join(warm, d), join(dir, d), { recursive: true }).catch(() => {});
const ctx = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, headless: true, viewport: { width: 1280, height: 800 }, args: [...CHROMIUM_ARGS, ...(process.env.EXTRA_ARGS ? process.env.EXTRA_ARGS.split(' ') : [])] });
const page = ctx.pages()[0] ?? (await ctx.newPage());
const cdp = await ctx.newCDPSession(page);
interface TraceEvent { ph: string; name: string; pid: number; tid: number; dur?: number; args: { name?: string } }
const events: TraceEvent[] = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-devtools.timeline', 'blink', 'gpu', ...(process.env.TRACE_CATEGORIES ? process.env.TRACE_CATEGORIES.split(',') : [])] } } as Parameters<typeof cdp.send<'Tracing.start'>>[1]);
const t0 = Date.now();
await page.goto(server.url + '/' + (process.env.URL_SUFFIX ?? ''));
const phases: string[] = [];
let last = '';
for (;;) {
  const h = (await page.evaluate('globalThis.__maillage ? [__maillage.state, __maillage.progress] : null').catch(() => null)) as [string, string] | null;
  const s = JSON.stringify(h);
  if (s !== last) { phases.push(`${Date.now() - t0} ${s}`); last = s; }
  if (h && h[0] !== 'loading') break;
  await page.waitForTimeout(25);
}
await cdp.send('Tracing.end');
await done;
console.log(phases.join('\n'));
const threads = new Map<string, string>();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name ?? '');
const perThread = new Map<string, number>();
const perName = new Map<string, number>();
for (const e of events) {
  if (e.ph !== 'X' || !e.dur) continue;
  const th = threads.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`;
  if (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') perThread.set(th, (perThread.get(th) ?? 0) + e.dur / 1000);
  const key = `${th} | ${e.name}`;
  perName.set(key, (perName.get(key) ?? 0) + e.dur / 1000);
}
console.log('per thread (RunTask ms):', [...perThread].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${k}=${v.toFixed(0)}`).join(', '));
console.log([...perName].sort((a, b) => b[1] - a[1]).slice(0, 60).map(([k, v]) => `${v.toFixed(0).padStart(7)} ${k}`).join('\n'));
await writeFile(process.env.TRACE_OUT ?? '/tmp/trace.json', JSON.stringify({ traceEvents: events }));
await ctx.close();
await server.close();
