/** DuckDB-WASM in Node (blocking bindings), behind the same SqlEngine interface as the browser. */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { createDuckDB, ConsoleLogger, LogLevel, NODE_RUNTIME } from '@duckdb/duckdb-wasm/blocking';
import { serialized, toPlainRows, type SqlEngine } from '../../src/data/sql_engine.ts';

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));

export async function openNodeDuckDB(): Promise<SqlEngine> {
  const db = await createDuckDB(
    {
      mvp: { mainModule: resolve(dist, 'duckdb-mvp.wasm'), mainWorker: resolve(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: resolve(dist, 'duckdb-eh.wasm'), mainWorker: resolve(dist, 'duckdb-node-eh.worker.cjs') },
    },
    new ConsoleLogger(LogLevel.WARNING),
    NODE_RUNTIME,
  );
  await db.instantiate();
  const conn = db.connect();
  conn.query('SET autoload_known_extensions = false');
  conn.query('SET autoinstall_known_extensions = false');
  return serialized({
    async query(sql) {
      return toPlainRows(conn.query(sql));
    },
    async insertArrowIpc(name, ipc) {
      conn.insertArrowFromIPCStream(ipc, { name, create: true });
    },
    async close() {
      conn.close();
    },
  });
}
