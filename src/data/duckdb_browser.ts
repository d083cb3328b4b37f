/**
 * DuckDB-WASM in the browser, from the local bundle (no CDN): the EH build and its worker are
 * emitted by Vite from node_modules. Extensions are never fetched.
 */
import { AsyncDuckDB, ConsoleLogger, LogLevel, selectBundle } from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import { serialized, toPlainRows, type SqlEngine } from './sql_engine.ts';

export async function openBrowserDuckDB(): Promise<SqlEngine & { terminate(): Promise<void> }> {
  const bundle = await selectBundle({
    mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
    eh: { mainModule: ehWasm, mainWorker: ehWorker },
  });
  // Through public/duckdb-worker.js, so that Chromium caches the compiled module (see that file).
  const worker = new Worker(`${import.meta.env.BASE_URL}duckdb-worker.js#${encodeURIComponent(bundle.mainWorker!)}`);
  const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  const conn = await db.connect();
  await conn.query('SET autoload_known_extensions = false');
  await conn.query('SET autoinstall_known_extensions = false');
  // Every table comes in as Arrow from our own importers: DuckDB itself never reads a file or a URL
  // (read_csv('http://…') in a crafted query would otherwise fetch from the worker), and the
  // configuration is locked so that no later statement can turn it back on.
  await conn.query('SET enable_external_access = false');
  await conn.query('SET lock_configuration = true');
  const engine = serialized({
    async query(sql) {
      return toPlainRows(await conn.query(sql));
    },
    async insertArrowIpc(name, ipc) {
      await conn.insertArrowFromIPCStream(ipc, { name, create: true });
    },
    async close() {
      await conn.close();
    },
  });
  return {
    ...engine,
    async terminate() {
      await engine.close();
      await db.terminate();
      worker.terminate();
    },
  };
}
