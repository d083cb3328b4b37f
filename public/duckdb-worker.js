/*
 * Classic worker that runs DuckDB-WASM's own worker script (its same-origin URL after the '#')
 * with TransformStream hidden.
 *
 * Why: when TransformStream exists, DuckDB-WASM wraps the .wasm download in a `new Response(...)`
 * to count bytes for its progress events (which Maillage does not use). A constructed Response has
 * no URL, so Chromium never keeps the compiled module in its code cache: every start compiled the
 * ~35 MB module again and re-optimised it in the background (about 12 s of CPU on two cores).
 * Without TransformStream, DuckDB passes fetch()'s own response to WebAssembly.instantiateStreaming,
 * which Chromium caches with the HTTP response (V8, "Code caching for WebAssembly developers").
 */
'use strict';
(function startDuckDBWorker() {
  var target = new URL(decodeURIComponent(self.location.hash.slice(1)), self.location.href);
  if (target.origin !== self.location.origin) {
    throw new Error('duckdb-worker.js: the DuckDB worker script must come from this site');
  }
  var UNUSED_PROGRESS = 'instantiating without progress handler since transform streams are unavailable';
  var warn = console.warn.bind(console);
  console.warn = function (first) {
    if (first === UNUSED_PROGRESS) return;
    warn.apply(console, arguments);
  };
  self.TransformStream = undefined;
  importScripts(target.href);
})();
