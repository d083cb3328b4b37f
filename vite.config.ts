import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { importSignature } from './scripts/import_signature.ts';

/**
 * Content-Security-Policy of the built app: scripts only from our own origin (no 'unsafe-inline',
 * no 'unsafe-eval'); 'wasm-unsafe-eval' lets DuckDB-WASM compile its engine. Nothing may be
 * fetched from another origin, except the official open-data services that "Charger mon
 * territoire" asks on the user's explicit click (src/data/fetch/sources.ts) and a mirror of them
 * on this machine. Styles allow inline style attributes (React's style props).
 * Not applied to the dev server, whose hot reload injects inline scripts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' data: blob: https://geo.api.gouv.fr https://www.data.gouv.fr https://tabular-api.data.gouv.fr https://static.data.gouv.fr https://object.files.data.gouv.fr https://overpass-api.de https://api.insee.fr http://127.0.0.1:* http://localhost:*",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'maillage-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  define: { __MAILLAGE_IMPORT_SIGNATURE__: JSON.stringify(importSignature(import.meta.dirname)) },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  server: { host: '127.0.0.1' },
  // The same policy as a header as well: a meta tag covers the page only, a header covers the
  // workers too (DuckDB's, the import, access and solver workers). Hosting: send this header.
  preview: { host: '127.0.0.1', headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
});
