/**
 * End-to-end helpers: a headless Chromium session with a network guard and
 * error capture, pixel counting on screenshots, waiting on the app's test
 * hook (window.__maillage) and reading downloads. No sleeps anywhere: wait
 * on explicit state instead.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { expect, inject } from 'vitest';
import type {} from './global_setup';

import { CHROMIUM_PATH } from '../helpers/chromium.ts';
import { copyCaches } from './warm_cache.ts';

export { CHROMIUM_PATH };

export interface Session {
  page: Page;
  context: BrowserContext;
  /** `console.error` messages, with their source location when known. */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[];
  /** Requests to anything but the local server; all of them were aborted. */
  externalRequests: string[];
  /** The browser's temporary profile directory (to find its processes, e.g. for memory figures). */
  profileDir: string;
  /** Closes the browser and removes its temporary profile. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  viewport?: { width: number; height: number };
  /** Extra Chromium flags, appended to the project's (global_setup.ts, `chromiumArgs`). */
  extraArgs?: string[];
  /** A first visit: no cache copied from the run's warm profile (warm_cache.ts). */
  cold?: boolean;
}

const LOCAL_URL = /^(?:https?|wss?):\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?(?:[/?#]|$)/i;

/** True for URLs the app may load during tests: the local server, data: and blob:. */
export function isAllowedUrl(url: string): boolean {
  return LOCAL_URL.test(url) || url.startsWith('data:') || url.startsWith('blob:');
}

/**
 * Launches Chromium with a fresh profile (the caches of a returning visitor copied in, unless
 * `cold`; never the site's storage), a network guard and error capture.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Session> {
  const profileDir = await mkdtemp(join(tmpdir(), 'maillage-e2e-'));
  let context: BrowserContext;
  try {
    const warmProfile = options.cold ? '' : inject('warmProfile');
    if (warmProfile) await copyCaches(warmProfile, profileDir);
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      acceptDownloads: true,
      args: [...inject('chromiumArgs'), ...(options.extraArgs ?? [])],
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw new Error(
      `Could not launch ${CHROMIUM_PATH} (run bash scripts/ensure_chromium.sh): ${String(error)}`,
      { cause: error },
    );
  }

  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const externalRequests: string[] = [];

  await context.route('**', async (route) => {
    const url = route.request().url();
    if (isAllowedUrl(url)) {
      await route.continue();
    } else {
      externalRequests.push(url);
      await route.abort('blockedbyclient');
    }
  });

  const watch = (page: Page): void => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const { url, lineNumber } = message.location();
      consoleErrors.push(url ? `${message.text()} (${url}:${lineNumber})` : message.text());
    });
    page.on('pageerror', (error) => {
      pageErrors.push(error.stack ?? `${error.name}: ${error.message}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);

  const page = context.pages()[0] ?? (await context.newPage());

  return {
    page,
    context,
    consoleErrors,
    pageErrors,
    externalRequests,
    profileDir,
    async close() {
      try {
        await context.close();
      } finally {
        await rm(profileDir, { recursive: true, force: true });
      }
    },
  };
}

/** Fails with the full lists if the page logged errors, threw, or tried to reach the network. */
export function assertClean(session: Session): void {
  const list = (items: string[]): string => items.map((item) => `  - ${item}`).join('\n');
  expect(session.pageErrors, `page errors:\n${list(session.pageErrors)}`).toEqual([]);
  expect(session.consoleErrors, `console errors:\n${list(session.consoleErrors)}`).toEqual([]);
  expect(session.externalRequests, `external requests:\n${list(session.externalRequests)}`).toEqual(
    [],
  );
}

/** URL of a path on the served dist/; throws a clear message when dist/ was not built. */
export function appUrl(path = '/'): string {
  const baseUrl = inject('baseUrl');
  if (!baseUrl) {
    throw new Error(inject('baseUrlError') || 'no e2e server: run npm run build');
  }
  return new URL(path, `${baseUrl}/`).href;
}

export type Rgb = readonly [number, number, number];
export type PixelPredicate = (r: number, g: number, b: number, a: number, x: number, y: number) => boolean;

/** Number of pixels of a PNG image for which `predicate` holds. */
export function countPixels(png: Buffer, predicate: PixelPredicate): number {
  const { width, height, data } = PNG.sync.read(png);
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (predicate(data[i], data[i + 1], data[i + 2], data[i + 3], x, y)) count++;
    }
  }
  return count;
}

function near(r: number, g: number, b: number, color: Rgb, tolerance: number): boolean {
  return (
    Math.abs(r - color[0]) <= tolerance &&
    Math.abs(g - color[1]) <= tolerance &&
    Math.abs(b - color[2]) <= tolerance
  );
}

/** Opaque-ish pixels within `tolerance` (per channel, 0–255) of `color`. */
export function countColorPixels(png: Buffer, color: Rgb, tolerance = 8): number {
  return countPixels(png, (r, g, b, a) => a > 0 && near(r, g, b, color, tolerance));
}

/** Pixels that differ from `background` by more than `tolerance` on some channel. */
export function countNonBackground(png: Buffer, background: Rgb, tolerance = 8): number {
  return countPixels(png, (r, g, b, a) => a > 0 && !near(r, g, b, background, tolerance));
}

/** The app's test hook, `window.__maillage`. Fields beyond `state` and `error` are app-defined. */
export interface AppHook {
  state: 'loading' | 'ready' | 'failed' | (string & {});
  error?: string;
  [key: string]: unknown;
}

export interface WaitOptions {
  /** Name of the global test hook; defaults to `__maillage`. */
  hook?: string;
  timeout?: number;
}

/**
 * Waits until the predicate holds on the app's test hook, given as a JS expression
 * over `hook` (e.g. "hook.state === 'ready' && hook.points > 0") or a function of it.
 * Throws at once with `hook.error` if the app reports `state === 'failed'`.
 * Returns a snapshot of the hook.
 */
export async function waitForAppState(
  page: Page,
  predicate: string | ((hook: AppHook) => boolean),
  options: WaitOptions = {},
): Promise<AppHook> {
  const name = options.hook ?? '__maillage';
  const test = typeof predicate === 'string' ? `(${predicate})` : `(${predicate.toString()})(hook)`;
  // A string expression runs through the devtools protocol, so a strict CSP cannot block it.
  const expression = `(() => {
    const hook = globalThis[${JSON.stringify(name)}];
    if (hook == null) return false;
    if (hook.state === 'failed') return { failed: true, error: String(hook.error ?? 'no error message') };
    return ${test} ? { failed: false } : false;
  })()`;
  // Polled from here with page.evaluate (the devtools protocol), not page.waitForFunction: the
  // app's Content-Security-Policy forbids eval, which waitForFunction uses for string predicates.
  const timeout = options.timeout ?? 60_000;
  const deadline = Date.now() + timeout;
  let outcome: { failed: boolean; error?: string } | false = false;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      outcome = (await page.evaluate(expression)) as typeof outcome;
      lastError = null;
    } catch (error) {
      lastError = error; // e.g. the page is navigating: try again
    }
    if (outcome) break;
    await page.waitForTimeout(50);
  }
  if (!outcome) {
    const current = await page
      .evaluate(`JSON.stringify(globalThis[${JSON.stringify(name)}] ?? null)`)
      .catch(() => 'unavailable');
    throw new Error(
      `waiting for ${name}: ${String(predicate)} timed out after ${timeout} ms${lastError ? ` (${String(lastError)})` : ''}; hook is ${String(current)}`,
    );
  }
  const settled = outcome as { failed: boolean; error?: string };
  if (settled.failed) {
    throw new Error(`app reported state 'failed': ${settled.error}`);
  }
  return (await page.evaluate(`globalThis[${JSON.stringify(name)}]`)) as AppHook;
}

/** Waits for `window[name].state === 'ready'` (throws with its error if it becomes 'failed'). */
export function waitForTestHook(page: Page, name = '__maillage', timeout?: number): Promise<AppHook> {
  return waitForAppState(page, "hook.state === 'ready'", { hook: name, timeout });
}

export interface DownloadResult {
  /** Temporary path of the downloaded file (removed when the session closes). */
  path: string;
  suggestedFilename: string;
  bytes: Buffer;
}

/** Runs `trigger` (e.g. a click) and returns the file it makes the page download. */
export async function readDownload(
  page: Page,
  trigger: () => Promise<unknown>,
  timeout = 60_000,
): Promise<DownloadResult> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout }), trigger()]);
  const failure = await download.failure();
  if (failure !== null) {
    throw new Error(`download of ${download.suggestedFilename()} failed: ${failure}`);
  }
  const path = await download.path();
  return { path, suggestedFilename: download.suggestedFilename(), bytes: await readFile(path) };
}

/** Launches Chromium on the built app and waits until the dashboard is ready. */
export async function openApp(path = '/'): Promise<Session> {
  const session = await launchBrowser();
  await session.page.goto(appUrl(path));
  await waitForTestHook(session.page, '__maillage', 90_000);
  return session;
}

/** Runs SQL in the app's own DuckDB (through the test hook) and returns the rows. */
export async function sql<T>(session: Session, query: string): Promise<T[]> {
  return (await session.page.evaluate(`__maillage.query(${JSON.stringify(query)})`)) as T[];
}

/** An integer as the dashboard writes it (French: "85 067"). */
export const frInt = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(n);

/** The generated demo territory as the e2e build serves it (dist-e2e/demo). */
export const demoFile = (name: string) => join(import.meta.dirname, '..', '..', 'dist-e2e', 'demo', name);

/**
 * The demo's own files dropped as the user's territory (the fictional demo replaced by them):
 * for tests that need a territory with communes, cells and sites before their own import.
 */
export async function loadDemoFilesAsOwn(session: Session, files = ['communes.geojson', 'Communes.csv', 'carreaux_1km.csv', 'laposte_hexasmal.csv', 'liste-fs.csv']): Promise<void> {
  await session.page.getByTestId('data-input').setInputFiles(files.map(demoFile));
  await session.page.getByTestId('replace-demo').getByRole('button', { name: 'Remplacer' }).click();
  await waitForAppState(session.page, `document.querySelectorAll('[data-testid=imports] li').length >= ${files.length} && !document.body.textContent.includes('Import en cours')`, { timeout: 180_000 });
  await waitForTestHook(session.page, '__maillage', 180_000);
}
