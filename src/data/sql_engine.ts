/**
 * The narrow interface the app needs from DuckDB. Implemented by the browser's AsyncDuckDB
 * (src/data/duckdb_browser.ts) and, in Node tests, by the blocking bindings
 * (tests/helpers/duckdb_node.ts): the same SQL runs on the same engine in both.
 */
export type SqlRow = Record<string, unknown>;

export interface SqlEngine {
  query<T = SqlRow>(sql: string): Promise<T[]>;
  /** Creates (or replaces) table `name` from an Arrow IPC stream. */
  insertArrowIpc(name: string, ipc: Uint8Array): Promise<void>;
  /**
   * Runs `fn` alone on the connection: no other query starts until it ends, so nobody reads
   * a table halfway through a write (one connection shares one transaction).
   */
  exclusive<T>(fn: (db: SqlEngine) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type RawEngine = Omit<SqlEngine, 'exclusive'>;

/**
 * Serialises every call on one connection. `exclusive` holds the queue for a whole sequence
 * (a write transaction); the engine it hands to `fn` runs directly, without queueing.
 */
export function serialized(raw: RawEngine): SqlEngine {
  let tail: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const direct: SqlEngine = { ...raw, exclusive: (fn) => fn(direct) };
  return {
    query: (sql) => enqueue(() => raw.query(sql)),
    insertArrowIpc: (name, ipc) => enqueue(() => raw.insertArrowIpc(name, ipc)),
    exclusive: (fn) => enqueue(() => fn(direct)),
    close: () => enqueue(() => raw.close()),
  };
}

interface ArrowLike {
  schema: { fields: { name: string; type: { scale?: number } }[] };
  toArray(): { toJSON(): SqlRow }[];
}

/**
 * Arrow rows to plain objects. BIGINT becomes a JS number; DECIMAL and HUGEINT (what SUM of
 * integers returns), which Arrow hands over as little-endian 32-bit words, become JS numbers.
 */
export function toPlainRows<T = SqlRow>(table: ArrowLike): T[] {
  const scales = new Map(table.schema.fields.map((f) => [f.name, f.type.scale ?? 0]));
  return table.toArray().map((r) => {
    const o = r.toJSON();
    for (const k in o) {
      const v = o[k];
      if (typeof v === 'bigint') o[k] = Number(v);
      else if (v instanceof Uint32Array) o[k] = wordsToNumber(v) / 10 ** (scales.get(k) ?? 0);
    }
    return o as T;
  });
}

/** Two's-complement little-endian 32-bit words to a number. */
function wordsToNumber(words: Uint32Array): number {
  const negative = (words[words.length - 1] & 0x80000000) !== 0;
  let value = 0;
  for (let i = words.length - 1; i >= 0; i--) value = value * 2 ** 32 + (negative ? ~words[i] >>> 0 : words[i]);
  return negative ? -(value + 1) : value;
}

/** C0 control characters and DEL: what `sqlString` writes as chr(n). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SQL_CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * SQL string value. A plain literal ('it''s'); when the text holds control characters, an
 * expression that spells each of them with chr(n) ('a' || chr(0) || 'b'), so that the SQL text
 * itself never holds one (DuckDB-WASM hands the query over as a C string and cuts it at NUL).
 * Used where a value expression is allowed (comparisons, SET, VALUES, SELECT lists).
 */
export function sqlString(s: string): string {
  const literal = (t: string) => `'${t.replace(/'/g, "''")}'`;
  if (!SQL_CONTROL.test(s)) return literal(s);
  const parts: string[] = [];
  let run = '';
  for (const ch of s) {
    if (!SQL_CONTROL.test(ch)) {
      run += ch;
      continue;
    }
    if (run) parts.push(literal(run));
    run = '';
    parts.push(`chr(${ch.charCodeAt(0)})`);
  }
  if (run) parts.push(literal(run));
  return `(${parts.join(' || ')})`;
}
