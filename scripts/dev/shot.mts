// Dev tool: screenshot of the built app served by `npx vite preview --port 4173`; optional JS to run before the shot.
import { chromium } from 'playwright-core';
const [url, out] = process.argv.slice(2);
const ctx = await chromium.launchPersistentContext('/tmp/prof-' + Date.now(), { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox','--enable-unsafe-swiftshader','--use-angle=swiftshader','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = ctx.pages()[0];
page.on('console', m => console.log('console', m.type(), m.text()));
await page.goto(url);
await page.waitForFunction(() => (window as unknown as { __maillage?: { state: string } }).__maillage?.state !== undefined && (window as unknown as { __maillage: { state: string } }).__maillage.state !== 'loading', undefined, { timeout: 60000 });
await page.evaluate('__maillage.mapIdle()');
if (process.argv[4]) await page.evaluate(process.argv[4]);
await page.waitForTimeout(500);
await page.screenshot({ path: out });
await ctx.close();
