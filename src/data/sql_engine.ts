/**
 * The narrow interface the app needs from DuckDB. Implemented by the browser's AsyncDuckDB
 * (src/data/duckdb_browser.ts) and, in Node tests, by the blocking bindings
 * (tests/helpers/duckdb_node.ts): the same SQL runs on the same engine in both.
 */
export type SqlRow = Record<string, unknown>;

export interface SqlEngine {
  query<T extends SqlRow = SqlRow>(sql: string): Promise<T[]>;
  /** Creates (or replaces) table `name` from an Arrow IPC stream. */
  insertArrowIpc(name: string, ipc: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Arrow rows to plain objects; BIGINT and DECIMAL become JS numbers. */
export function toPlainRows<T extends SqlRow>(table: { toArray(): { toJSON(): SqlRow }[] }): T[] {
  return table.toArray().map((r) => {
    const o = r.toJSON();
    for (const k in o) if (typeof o[k] === 'bigint') o[k] = Number(o[k]);
    return o as T;
  });
}

/** SQL string literal. */
export const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
