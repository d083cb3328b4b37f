// Dev tool: what the main-thread long tasks are made of. Traces the demo load, an import and a
// threshold change, then prints every top-level task over the limit with the functions that took
// its time (self time from the V8 sampling profiler inside the trace) and the trace events in it.
// Usage: npx vite build --minify false --outDir /tmp/dist-prof && npx vite preview --outDir /tmp/dist-prof --port 4174 &
//        npx tsx scripts/dev/profile_longtasks.mts [http://127.0.0.1:4174/] [file-to-import] [limitMs]
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';

const url = process.argv[2] ?? 'http://127.0.0.1:4174/';
const file = process.argv[3] || resolve(import.meta.dirname, '../../tests/fixtures/e2e/maisons-laffitte/france-services-test.csv');
const limit = Number(process.argv[4] ?? 100);

const ctx = await chromium.launchPersistentContext('/tmp/prof-' + Date.now(), {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0];
await page.addInitScript(() => {
  const w = window as unknown as { __long: { start: number; duration: number }[] };
  w.__long = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) w.__long.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
  }).observe({ type: 'longtask', buffered: true });
});
const cdp = await ctx.newCDPSession(page);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Chrome trace events: untyped JSON, read field by field below
type TraceEvent = { name: string; cat: string; ph: string; ts: number; dur?: number; pid: number; tid: number; id?: string; args?: any };
const events: TraceEvent[] = [];
cdp.on('Tracing.dataCollected', (e: { value: TraceEvent[] }) => events.push(...e.value));
const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
await cdp.send('Tracing.start', {
  transferMode: 'ReportEvents',
  traceConfig: {
    includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'disabled-by-default-v8.cpu_profiler', 'blink', 'loading'],
  },
} as never);
const t0 = Date.now();
const mark = (s: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${s}`);
await page.goto(url);
const waitFor = async (expr: string, timeout = 120_000) => {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await page.evaluate(expr).catch(() => false)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`timeout: ${expr}`);
};
await waitFor("globalThis.__maillage?.state === 'ready'");
await page.getByTestId('access-pop').waitFor();
await page.evaluate('__maillage.mapIdle()');
mark('ready');
await page.getByTestId('data-input').setInputFiles(file);
await waitFor("!document.body.textContent.includes('Import en cours') && document.querySelector('[data-testid=imports] li') !== null", 300_000);
await page.evaluate('__maillage.mapIdle()');
mark('imported');
await page.getByRole('radio', { name: /45/ }).first().check();
await waitFor("document.querySelector('[data-testid=access-pop]') !== null");
await page.waitForTimeout(3000);
await page.evaluate('__maillage.mapIdle()');
mark('threshold changed');
const long = (await page.evaluate('window.__long')) as { start: number; duration: number }[];
await cdp.send('Tracing.end');
await complete;
console.log('long tasks (PerformanceObserver):', JSON.stringify(long));

// Main renderer thread: the one with the most RunTask time among threads named CrRendererMain.
const names = new Map<string, string>();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
const mains = [...names].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k);
const runTasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && mains.includes(`${e.pid}:${e.tid}`));
const byThread = new Map<string, number>();
for (const t of runTasks) byThread.set(`${t.pid}:${t.tid}`, (byThread.get(`${t.pid}:${t.tid}`) ?? 0) + (t.dur ?? 0));
const main = [...byThread].sort((a, b) => b[1] - a[1])[0][0];
const onMain = events.filter((e) => `${e.pid}:${e.tid}` === main);

// CPU profile samples of the main thread (Profile + ProfileChunk events).
const nodes = new Map<number, { fn: string; url: string; line: number; parent?: number }>();
const samples: { ts: number; node: number }[] = [];
const profileIds = new Set(events.filter((e) => e.name === 'Profile' && `${e.pid}:${e.tid}` === main).map((e) => e.id));
let ts = 0;
for (const e of events) {
  if (e.name === 'Profile' && profileIds.has(e.id)) ts = e.args.data.startTime;
  if (e.name !== 'ProfileChunk' || !profileIds.has(e.id)) continue;
  const p = e.args.data.cpuProfile ?? {};
  for (const n of p.nodes ?? []) nodes.set(n.id, { fn: n.callFrame.functionName || '(anonymous)', url: n.callFrame.url ?? '', line: n.callFrame.lineNumber, parent: n.parent });
  const deltas: number[] = e.args.data.timeDeltas ?? [];
  (p.samples ?? []).forEach((s: number, i: number) => {
    ts += deltas[i] ?? 0;
    samples.push({ ts, node: s });
  });
}
const label = (id: number) => {
  const n = nodes.get(id);
  if (!n) return '?';
  return `${n.fn} ${n.url.replace(/^.*\//, '')}:${n.line + 1}`;
};
const stack = (id: number) => {
  const out: string[] = [];
  for (let n: number | undefined = id; n !== undefined && out.length < 12; n = nodes.get(n)?.parent) {
    const x = nodes.get(n);
    if (x && !['(root)', '(program)', '(idle)'].includes(x.fn)) out.push(label(n));
  }
  return out;
};
const sorted = runTasks.filter((t) => `${t.pid}:${t.tid}` === main && (t.dur ?? 0) >= limit * 1000).sort((a, b) => a.ts - b.ts);
for (const t of sorted) {
  const end = t.ts + (t.dur ?? 0);
  console.log(`\n=== task ${(t.dur! / 1000).toFixed(0)} ms at ${((t.ts - sorted[0].ts) / 1e6).toFixed(2)} s`);
  const inside = onMain.filter((e) => e.ph === 'X' && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end && e !== t && (e.dur ?? 0) >= (process.env.MIN_CHILD_US ? Number(process.env.MIN_CHILD_US) : 10_000));
  if (process.env.ALL_EVENTS) {
    const all = onMain.filter((e) => e.ts >= t.ts && e.ts <= end && e !== t);
    const names = new Map<string, number>();
    for (const e of all) names.set(`${e.ph} ${e.cat} ${e.name}`, (names.get(`${e.ph} ${e.cat} ${e.name}`) ?? 0) + (e.dur ?? 0));
    console.log('  all events:', JSON.stringify([...names].sort((a, b) => b[1] - a[1]).slice(0, 15)));
  }
  for (const e of inside.slice(0, 25)) {
    const d = e.args?.data ?? {};
    console.log(`  ${e.name} ${(e.dur! / 1000).toFixed(0)} ms ${d.functionName ?? ''} ${d.url ?? ''} ${d.type ?? ''}`.trimEnd());
  }
  const self = new Map<string, number>();
  const stacks = new Map<string, number>();
  const inTask = samples.filter((s) => s.ts >= t.ts && s.ts <= end);
  for (let i = 0; i < inTask.length; i++) {
    const dt = i + 1 < inTask.length ? inTask[i + 1].ts - inTask[i].ts : 0;
    const k = label(inTask[i].node);
    self.set(k, (self.get(k) ?? 0) + dt);
    const st = stack(inTask[i].node).slice(0, 6).join(' < ');
    stacks.set(st, (stacks.get(st) ?? 0) + dt);
  }
  console.log('  self time:');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${(v / 1000).toFixed(0)} ms  ${k}`);
  console.log('  stacks:');
  for (const [k, v] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`    ${(v / 1000).toFixed(0)} ms  ${k}`);
}
await ctx.close();
