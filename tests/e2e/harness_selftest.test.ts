/**
 * Tests the e2e harness itself, independently of the app: a throwaway page is
 * served by the same `vite preview` code as the global setup, then opened in
 * headless Chromium through `launchBrowser`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStaticServer, type StaticServer } from './global_setup';
import {
  appUrl,
  assertClean,
  countColorPixels,
  countNonBackground,
  countPixels,
  isAllowedUrl,
  launchBrowser,
  readDownload,
  waitForAppState,
  type Session,
} from './harness';

/** The smallest valid WebAssembly module: magic number and version 1. */
const TINY_WASM = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>harness self-test</title>
<style>html, body { margin: 0; background: #ffffff; } canvas { display: block; }</style>
</head><body>
<canvas id="red" width="200" height="100"></canvas>
<canvas id="gl" width="100" height="50"></canvas>
<img id="remote" src="https://example.com/x.png" width="1" height="1" alt="">
<a id="download" download="bonjour.txt">download</a>
<script>
  window.__selftest = { state: 'loading' };
  const ctx = document.getElementById('red').getContext('2d');
  ctx.fillStyle = '#ff0000';
  ctx.fillRect(0, 0, 200, 100);

  const gl = document.getElementById('gl').getContext('webgl2', { preserveDrawingBuffer: true });
  let webgl2 = null;
  if (gl) {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    webgl2 = {
      version: gl.getParameter(gl.VERSION),
      renderer: info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
    };
    gl.clearColor(0, 1, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
  }

  document.getElementById('download').href =
    URL.createObjectURL(new Blob(['bonjour le maillage'], { type: 'text/plain' }));

  console.error('harness self-test console error');
  setTimeout(() => { throw new Error('harness self-test uncaught error'); }, 0);

  WebAssembly.instantiateStreaming(fetch('/tiny.wasm')).then(
    () => { window.__selftest = { state: 'ready', webgl2, wasm: true }; },
    (error) => { window.__selftest = { state: 'failed', error: String(error) }; },
  );
</script>
</body></html>`;

const FAILING_HTML = `<!doctype html><html><body><script>
  window.__selftest = { state: 'loading' };
  queueMicrotask(() => { window.__selftest = { state: 'failed', error: 'demo data unreadable' }; });
</script></body></html>`;

describe('e2e harness', () => {
  let siteDir: string;
  let server: StaticServer;
  let session: Session;

  beforeAll(async () => {
    siteDir = await mkdtemp(join(tmpdir(), 'maillage-harness-site-'));
    const dist = join(siteDir, 'dist');
    await mkdir(dist);
    await writeFile(join(dist, 'index.html'), INDEX_HTML);
    await writeFile(join(dist, 'failing.html'), FAILING_HTML);
    await writeFile(join(dist, 'tiny.wasm'), TINY_WASM);
    server = await startStaticServer({ root: siteDir, configFile: false });
    session = await launchBrowser();
    await session.page.goto(`${server.url}/`);
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
    if (siteDir) await rm(siteDir, { recursive: true, force: true });
  });

  it('serves on 127.0.0.1 with .wasm as application/wasm', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/tiny.wasm`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(TINY_WASM);
  });

  it('waits on the test hook and the page compiles wasm by streaming', async () => {
    const hook = await waitForAppState(session.page, "hook.state === 'ready'", {
      hook: '__selftest',
      timeout: 30_000,
    });
    expect(hook.state).toBe('ready');
    expect(hook.wasm).toBe(true);
  });

  it('has WebGL2 (software: llvmpipe, or SwiftShader without Mesa) and counts its pixels', async () => {
    const hook = await waitForAppState(session.page, "hook.state === 'ready'", { hook: '__selftest' });
    const webgl2 = hook.webgl2 as { version: string; renderer: string } | null;
    console.log(`[harness self-test] WebGL2: ${JSON.stringify(webgl2)}`);
    expect(webgl2, 'getContext("webgl2") returned null').not.toBeNull();
    expect(webgl2?.version).toMatch(/WebGL 2\.0/);
    const png = await session.page.locator('#gl').screenshot();
    expect(countColorPixels(png, [0, 255, 0], 0)).toBe(100 * 50);
  });

  it('counts the red pixels of a 2D canvas exactly', async () => {
    const png = await session.page.screenshot({ clip: { x: 0, y: 0, width: 400, height: 100 } });
    expect(countColorPixels(png, [255, 0, 0], 0)).toBe(200 * 100);
    // The rest of the clip is white page background.
    expect(countNonBackground(png, [255, 255, 255], 0)).toBe(200 * 100);
    expect(countPixels(png, (_r, _g, _b, _a, x) => x >= 200)).toBe(200 * 100);
  });

  it('blocks and records requests that leave the machine', async () => {
    expect(session.externalRequests).toEqual(['https://example.com/x.png']);
    const imageLoaded = await session.page.evaluate(
      () => (document.getElementById('remote') as HTMLImageElement).naturalWidth > 0,
    );
    expect(imageLoaded).toBe(false);
    expect(isAllowedUrl(`${server.url}/tiny.wasm`)).toBe(true);
    expect(isAllowedUrl('http://localhost:5173/')).toBe(true);
    expect(isAllowedUrl('blob:http://127.0.0.1:1/abc')).toBe(true);
    expect(isAllowedUrl('http://127.0.0.1.example.com/')).toBe(false);
    expect(isAllowedUrl('https://tiles.example.org/0/0/0.pbf')).toBe(false);
  });

  it('captures console errors and uncaught page errors', async () => {
    expect(session.consoleErrors.some((m) => m.startsWith('harness self-test console error'))).toBe(
      true,
    );
    // The blocked image also logs a console error.
    expect(session.consoleErrors.some((m) => m.includes('ERR_BLOCKED_BY_CLIENT'))).toBe(true);
    expect(session.pageErrors).toHaveLength(1);
    expect(session.pageErrors[0]).toContain('harness self-test uncaught error');
  });

  it('assertClean fails on a dirty session and passes on a clean one', () => {
    expect(() => assertClean(session)).toThrow(/harness self-test uncaught error/);
    const clean = { ...session, consoleErrors: [], pageErrors: [], externalRequests: [] };
    expect(() => assertClean(clean)).not.toThrow();
    const leaky = { ...clean, externalRequests: ['https://example.com/x.png'] };
    expect(() => assertClean(leaky)).toThrow(/external requests:\n {2}- https:\/\/example\.com\/x\.png/);
  });

  it('reads a download triggered by a click', async () => {
    const file = await readDownload(session.page, () => session.page.click('#download'));
    expect(file.suggestedFilename).toBe('bonjour.txt');
    expect(file.bytes.toString('utf8')).toBe('bonjour le maillage');
  });

  it("throws the app's error when its state becomes 'failed'", async () => {
    const page = await session.context.newPage();
    try {
      await page.goto(`${server.url}/failing.html`);
      await expect(
        waitForAppState(page, "hook.state === 'ready'", { hook: '__selftest', timeout: 10_000 }),
      ).rejects.toThrow(/state 'failed': demo data unreadable/);
    } finally {
      await page.close();
    }
  });

  it('gives app tests the served dist/ or a clear build message', async () => {
    const baseUrl = inject('baseUrl');
    if (baseUrl === '') {
      expect(inject('baseUrlError')).toMatch(/run npm run build/);
      expect(() => appUrl('/')).toThrow(/run npm run build/);
    } else {
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(appUrl('/'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
    }
  });
});
