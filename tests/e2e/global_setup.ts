/**
 * Vitest globalSetup for the e2e project: serves the e2e build of the app (dist-e2e/) with
 * `vite preview` on 127.0.0.1 and a free port, and provides its URL to tests
 * as `inject('baseUrl')`.
 *
 * When dist-e2e/index.html is missing, tests still run (so harness tests that do
 * not need the app can pass): `baseUrl` is '' and `baseUrlError` says to run
 * `npm run build`. App tests get that message from `appUrl()` in harness.ts.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { preview } from 'vite';
import type { TestProject } from 'vitest/node';
import { makeWarmProfile } from './warm_cache.ts';
import { CHROMIUM_ARGS, SWIFTSHADER_ARGS } from '../helpers/chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the served dist-e2e/, e.g. http://127.0.0.1:41234 (empty when it is missing). */
    baseUrl: string;
    /** Why baseUrl is empty; '' when the server is running. */
    baseUrlError: string;
    /** A profile holding a returning visitor's caches (warm_cache.ts); '' for a cold start. */
    warmProfile: string;
    /** Chromium's flags for this project: WebGL on llvmpipe for e2e, on SwiftShader for perf (tests/helpers/chromium.ts). */
    chromiumArgs: string[];
  }
}

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** The e2e build (npm run build:e2e): the app with its test hook. */
export const E2E_DIST = 'dist-e2e';

export interface StaticServer {
  /** Origin without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Project root; vite preview serves `<root>/<outDir>`. */
  root: string;
  outDir?: string;
  /** Path of a Vite config file, or false to use none. Defaults to the root's own config. */
  configFile?: string | false;
}

/**
 * Starts `vite preview` on 127.0.0.1 with a port chosen by the OS (port 0, strictPort),
 * so parallel runs never collide. Serves `.wasm` as application/wasm.
 */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const server = await preview({
    root: options.root,
    configFile: options.configFile,
    logLevel: 'warn',
    build: { outDir: options.outDir ?? 'dist' },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address() as AddressInfo | string | null;
  if (address === null || typeof address === 'string') {
    await server.close();
    throw new Error(`vite preview did not listen on a TCP port (address: ${String(address)})`);
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The measures draw as a user's Chrome does without a graphics card; the behaviour tests, faster.
  project.provide('chromiumArgs', [...(project.name === 'perf' ? SWIFTSHADER_ARGS : CHROMIUM_ARGS)]);
  const indexHtml = resolve(repoRoot, E2E_DIST, 'index.html');
  if (!existsSync(indexHtml)) {
    const message = `${indexHtml} is missing: run npm run build:e2e before the e2e tests`;
    console.warn(`\n[e2e global setup] ${message}. App tests will fail; harness tests still run.\n`);
    project.provide('baseUrl', '');
    project.provide('baseUrlError', message);
    return async () => {};
  }

  const server = await startStaticServer({ root: repoRoot, outDir: E2E_DIST });
  console.log(`[e2e global setup] serving ${E2E_DIST}/ at ${server.url}`);
  project.provide('baseUrl', server.url);
  project.provide('baseUrlError', '');
  // The behaviour tests start as a returning visitor; the perf project measures first visits.
  let warmProfile = '';
  if (project.name === 'e2e') {
    const started = Date.now();
    try {
      const warm = await makeWarmProfile(`${server.url}/`);
      warmProfile = warm.profile;
      console.log(`[e2e global setup] first visit ready and its caches kept (${Date.now() - started} ms); WebGL: ${warm.webgl}`);
    } catch (error) {
      await server.close();
      throw error;
    }
  }
  project.provide('warmProfile', warmProfile);
  return async () => {
    await server.close();
    if (warmProfile) await rm(warmProfile, { recursive: true, force: true });
  };
}
