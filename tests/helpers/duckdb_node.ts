/** DuckDB-WASM in Node (blocking bindings), behind the same SqlEngine interface as the browser. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { createDuckDB, ConsoleLogger, LogLevel, NODE_RUNTIME } from '@duckdb/duckdb-wasm/blocking';
import { serialized, toPlainRows, type SqlEngine } from '../../src/data/sql_engine.ts';

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));

/**
 * The compiled DuckDB module, shared by every database a test file opens: compiling the 30 MB of
 * WebAssembly takes about a second on these machines, instantiating a compiled module a few ms.
 */
const compiled = new Map<string, Promise<WebAssembly.Module>>();

/** The library's own instantiateWasm (runtime published on globalThis, then instantiate), from a compiled module. */
interface NodeBindings {
  mainModulePath: string;
  _runtime: object;
  instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void): unknown[];
}

function instantiateFromCache(bindings: NodeBindings): void {
  bindings.instantiateWasm = (imports, done) => {
    const runtime: Record<string, unknown> = {};
    for (const name of Object.getOwnPropertyNames(bindings._runtime)) {
      if (name !== 'constructor') runtime[name] = Object.getOwnPropertyDescriptor(bindings._runtime, name)?.value;
    }
    (globalThis as { DUCKDB_RUNTIME?: unknown }).DUCKDB_RUNTIME = runtime;
    const path = bindings.mainModulePath;
    let module = compiled.get(path);
    if (!module) compiled.set(path, (module = WebAssembly.compile(readFileSync(path))));
    void module.then(async (m) => done(await WebAssembly.instantiate(m, imports), m));
    return [];
  };
}

/** A DuckDB-WASM instance in Node, extensions never loaded nor installed (as in the browser). */
async function newInstance(): Promise<AsyncDuckDBLike> {
  const db = await createDuckDB(
    {
      mvp: { mainModule: resolve(dist, 'duckdb-mvp.wasm'), mainWorker: resolve(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: resolve(dist, 'duckdb-eh.wasm'), mainWorker: resolve(dist, 'duckdb-node-eh.worker.cjs') },
    },
    new ConsoleLogger(LogLevel.WARNING),
    NODE_RUNTIME,
  );
  instantiateFromCache(db as unknown as NodeBindings);
  await db.instantiate();
  const conn = db.connect();
  conn.query('SET autoload_known_extensions = false');
  conn.query('SET autoinstall_known_extensions = false');
  conn.close();
  return db;
}

type AsyncDuckDBLike = Awaited<ReturnType<typeof createDuckDB>>;

/**
 * Starting a DuckDB instance takes about 0.8 s on these machines (the module is compiled once, but
 * DuckDB's own start is most of it), and most unit tests open their own database. So an
 * instance serves several of them: each is its own in-memory database, attached under its own name
 * and made the default of its own connection (`USE`), and detached when the test closes it. Tables,
 * views and macros never cross from one to another. An instance serves at most this many opens,
 * then a new one starts: databases a test leaves open only hold memory until the instance that
 * holds them is collected.
 */
const OPENS_PER_INSTANCE = 16;
let shared: { db: Promise<AsyncDuckDBLike>; opens: number } | null = null;
let databases = 0;

export async function openNodeDuckDB(): Promise<SqlEngine> {
  if (!shared || shared.opens >= OPENS_PER_INSTANCE) shared = { db: newInstance(), opens: 0 };
  shared.opens++;
  const db = await shared.db;
  const name = `test_database_${++databases}`;
  const conn = db.connect();
  conn.query(`ATTACH ':memory:' AS ${name}`);
  conn.query(`USE ${name}`);
  return serialized({
    async query(sql) {
      return toPlainRows(conn.query(sql));
    },
    async insertArrowIpc(table, ipc) {
      conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
    async close() {
      conn.query('USE memory');
      conn.query(`DETACH ${name}`);
      conn.close();
    },
  });
}
