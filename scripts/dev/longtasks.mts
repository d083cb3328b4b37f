// Dev tool: main-thread long tasks (PerformanceObserver) while the demo loads, against `npx vite preview --port 4173`.
import { chromium } from 'playwright-core';
const ctx = await chromium.launchPersistentContext('/tmp/prof-' + Date.now(), { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox','--enable-unsafe-swiftshader','--use-angle=swiftshader','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = ctx.pages()[0];
await page.addInitScript(() => {
  const w = window as unknown as { __long: number[] };
  w.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__long.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
});
await page.goto('http://127.0.0.1:4173/');
await page.waitForFunction(() => (window as unknown as { __maillage?: { state: string } }).__maillage?.state === 'ready', undefined, { timeout: 60000 });
await page.getByTestId('zones').waitFor();
console.log(JSON.stringify(await page.evaluate('window.__long')));
await ctx.close();
