/**
 * The browser caches of a returning visitor, made once per e2e run and copied into each test's
 * fresh profile.
 *
 * A first visit compiles DuckDB's 35 MB WebAssembly module and re-optimises it in the background
 * (several CPU-seconds on these 2 cores), parses the scripts and links the shaders. Chromium keeps
 * the compiled module, the scripts' code cache and the GPU program cache on disk next to the HTTP
 * cache; a user who opens the dashboard a second time starts from them. The e2e tests start that
 * way: the global setup opens the app once in a template profile (this first visit must reach
 * "ready" with no page error), waits until Chromium has written the compiled DuckDB module, closes
 * the browser, and `launchBrowser` copies only these caches (never the site's storage: IndexedDB,
 * local storage) into each new profile. Tests that measure a first visit ask for `cold: true`, and
 * the perf project never uses the template.
 */
import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.ts';

/** Profile sub-folders that hold caches only (no cookies, no storage of the site). */
export const CACHE_DIRS = ['Default/Cache', 'Default/Code Cache', 'Default/GPUCache'] as const;

/** Size of the compiled WebAssembly Chromium keeps in a profile (bytes). */
async function wasmCacheBytes(profile: string): Promise<number> {
  const dir = join(profile, 'Default', 'Code Cache', 'wasm');
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true })) {
    const s = await stat(join(dir, entry)).catch(() => null);
    if (s?.isFile()) total += s.size;
  }
  return total;
}

async function poll(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The WebGL driver a page of this browser draws with (e.g. "ANGLE (Mesa/X.org, llvmpipe …)"). */
const WEBGL_RENDERER = `(() => {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return 'no WebGL2';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
})()`;

export interface WarmProfile {
  /** The template profile's folder. */
  profile: string;
  /** The WebGL driver its first visit drew with (said in the run's log). */
  webgl: string;
}

/**
 * Opens the app once in a new profile and returns that profile once its caches hold the
 * compiled DuckDB module. Throws (with the page's errors) if the first visit fails.
 */
export async function makeWarmProfile(appUrl: string): Promise<WarmProfile> {
  const profile = await mkdtemp(join(tmpdir(), 'maillage-e2e-warm-'));
  const errors: string[] = [];
  let webgl: string;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...CHROMIUM_ARGS],
  });
  try {
    await context.route('**', (route) =>
      /^https?:\/\/127\.0\.0\.1[:/]/.test(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
    );
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(appUrl);
    webgl = (await page.evaluate(WEBGL_RENDERER)) as string;
    await poll(async () => {
      if (errors.length > 0) throw new Error(`first visit failed: ${errors.join(' | ')}`);
      return (await page.evaluate("globalThis.__maillage?.state === 'ready'")) === true;
    }, 180_000, 'the first visit to be ready');
    await poll(async () => (await wasmCacheBytes(profile)) > 1_000_000, 120_000, 'Chromium to cache the compiled DuckDB module');
  } catch (error) {
    await context.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  await context.close();
  return { profile, webgl };
}

/** Copies the template's caches into a new, empty profile folder. */
export async function copyCaches(template: string, profile: string): Promise<void> {
  for (const dir of CACHE_DIRS) {
    const from = join(template, dir);
    if (existsSync(from)) await cp(from, join(profile, dir), { recursive: true });
  }
}
