/**
 * Loading imported rows into DuckDB, all-or-nothing per file: rows go to a staging table
 * through Arrow, then one transaction replaces the rows of that dataset in the target table.
 */
import { Bool, Float64, Int32, Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';
import { TABLES, createTableSql, type CellValue, type SqlType, type TableName } from './schema.ts';
import { sqlString, type SqlEngine } from './sql_engine.ts';
import type { Row } from './import/format.ts';

/*
 * Arrow columns are built by hand from typed arrays. Arrow's own builders (vectorFromArray)
 * generate code with `new Function`, which the app's Content-Security-Policy forbids.
 */

/** Validity bitmap (1 = value present) and the count of nulls. */
function validity(values: readonly CellValue[], ok: (v: CellValue) => boolean): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nulls = 0;
  values.forEach((v, i) => {
    if (ok(v)) bitmap[i >> 3] |= 1 << (i & 7);
    else nulls++;
  });
  return { bitmap, nulls };
}

const isNumber = (v: CellValue) => typeof v === 'number' && !Number.isNaN(v);

export function arrowColumn(type: SqlType, values: readonly CellValue[]): Vector {
  const length = values.length;
  switch (type) {
    case 'DOUBLE': {
      const { bitmap, nulls } = validity(values, isNumber);
      const data = Float64Array.from(values, (v) => (isNumber(v) ? (v as number) : 0));
      return makeVector(makeData({ type: new Float64(), length, nullCount: nulls, nullBitmap: bitmap, data }));
    }
    case 'INTEGER': {
      const { bitmap, nulls } = validity(values, isNumber);
      const data = Int32Array.from(values, (v) => (isNumber(v) ? (v as number) : 0));
      return makeVector(makeData({ type: new Int32(), length, nullCount: nulls, nullBitmap: bitmap, data }));
    }
    case 'BOOLEAN': {
      const { bitmap, nulls } = validity(values, (v) => typeof v === 'boolean');
      const data = new Uint8Array(Math.ceil(length / 8));
      values.forEach((v, i) => {
        if (v === true) data[i >> 3] |= 1 << (i & 7);
      });
      return makeVector(makeData({ type: new Bool(), length, nullCount: nulls, nullBitmap: bitmap, data }));
    }
    case 'VARCHAR': {
      const { bitmap, nulls } = validity(values, (v) => v !== null && v !== undefined);
      const valueOffsets = new Int32Array(length + 1);
      let data: Uint8Array<ArrayBuffer> = new Uint8Array(Math.max(64, length * 16));
      let at = 0;
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v !== null && v !== undefined) {
          const s = String(v);
          if (at + s.length > data.length) data = grown(data, at + s.length);
          // ASCII byte by byte (most values); the rest through the encoder, growing the buffer as needed.
          let j = 0;
          for (; j < s.length; j++) {
            const c = s.charCodeAt(j);
            if (c >= 0x80) break;
            data[at++] = c;
          }
          if (j < s.length) {
            const rest = s.slice(j);
            if (at + rest.length * 3 > data.length) data = grown(data, at + rest.length * 3);
            at += encoder.encodeInto(rest, data.subarray(at)).written;
          }
        }
        valueOffsets[i + 1] = at;
      }
      return makeVector(makeData({ type: new Utf8(), length, nullCount: nulls, nullBitmap: bitmap, valueOffsets, data: data.subarray(0, at) }));
    }
  }
}

const encoder = new TextEncoder();

function grown(data: Uint8Array, needed: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(Math.max(needed, data.length * 2));
  next.set(data);
  return next;
}

/** A column given whole: plain values, or a typed array (numbers; NaN is a missing value, ±Infinity is kept). */
export type ColumnValues = readonly CellValue[] | Float64Array | Float32Array | Int32Array;

/** A DOUBLE column straight from a typed array: no value boxed, NaN as null. */
function doubleColumn(values: Float64Array | Float32Array | Int32Array): Vector {
  const length = values.length;
  const data = values instanceof Float64Array ? values : Float64Array.from(values);
  const bitmap = new Uint8Array(Math.ceil(length / 8));
  let nulls = 0;
  for (let i = 0; i < length; i++) {
    if (Number.isNaN(data[i])) nulls++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  return makeVector(makeData({ type: new Float64(), length, nullCount: nulls, nullBitmap: bitmap, data }));
}

/**
 * A table's rows given column by column (results computed in typed arrays: no row objects). Every
 * column of the table must be given except `dataset`, or be absent (all null).
 */
export function columnsToIpc(name: TableName, columns: Partial<Record<string, ColumnValues>>, length: number, dataset: string): Uint8Array {
  const types = TABLES[name].columns as Record<string, SqlType>;
  const vectors: Record<string, Vector> = {};
  for (const [col, type] of Object.entries(types)) {
    const values = col === 'dataset' ? new Array<CellValue>(length).fill(dataset) : columns[col] ?? new Array<CellValue>(length).fill(null);
    if (values.length !== length) throw new RangeError(`column ${name}.${col}: ${values.length} values for ${length} rows`);
    vectors[col] = type === 'DOUBLE' && ArrayBuffer.isView(values) ? doubleColumn(values) : arrowColumn(type, Array.from(values as ArrayLike<CellValue>));
  }
  return tableToIPC(new Table(vectors), 'stream');
}

export function rowsToIpc(name: TableName, rows: readonly Row[], dataset: string): Uint8Array {
  const columns = TABLES[name].columns as Record<string, SqlType>;
  const vectors: Record<string, Vector> = {};
  for (const [col, type] of Object.entries(columns)) {
    const values: CellValue[] = col === 'dataset' ? rows.map(() => dataset) : rows.map((r) => r[col] ?? null);
    vectors[col] = arrowColumn(type, values);
  }
  return tableToIPC(new Table(vectors), 'stream');
}

export async function createAllTables(db: SqlEngine): Promise<void> {
  for (const name of Object.keys(TABLES) as TableName[]) await db.query(createTableSql(name));
}

/** Rows per Arrow batch: each is built in one go, between two yields to the event loop. */
export const IPC_BATCH_ROWS = 20_000;

/** Waits for the next macrotask: lets the page handle input and paint between two slices of work. */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Arrow IPC batches of at most IPC_BATCH_ROWS rows each, yielding to the event loop between batches. */
export async function rowsToIpcBatches(name: TableName, rows: readonly Row[], dataset: string): Promise<Uint8Array[]> {
  if (rows.length <= IPC_BATCH_ROWS) return [rowsToIpc(name, rows, dataset)];
  const out: Uint8Array[] = [];
  for (let i = 0; i < rows.length; i += IPC_BATCH_ROWS) {
    if (i > 0) await nextTask();
    out.push(rowsToIpc(name, rows.slice(i, i + IPC_BATCH_ROWS), dataset));
  }
  return out;
}

export type IpcTables = Partial<Record<TableName, Uint8Array[]>>;

/**
 * Replaces every row of `dataset` in the given tables with the new rows, in one transaction.
 * On any failure nothing is changed. Big row lists are turned into Arrow in slices, so that the
 * page stays responsive.
 */
export function replaceDataset(db: SqlEngine, dataset: string, rows: Partial<Record<TableName, Row[]>>): Promise<void> {
  return db.exclusive(async (tx) => {
    const tables: IpcTables = {};
    for (const [name, list] of Object.entries(rows) as [TableName, Row[] | undefined][]) {
      // A table given with no rows is emptied of the dataset's rows all the same.
      if (list) tables[name] = list.length > 0 ? await rowsToIpcBatches(name, list, dataset) : [];
    }
    await replaceUnlocked(tx, dataset, tables);
  });
}

/**
 * The same, from rows already turned into Arrow IPC batches (by the import worker).
 * `beforeCommit` runs inside the transaction, once the rows are in and before they are
 * committed (e.g. saving the file in the browser): if it throws, the load is rolled back.
 */
export function replaceDatasetIpc(db: SqlEngine, dataset: string, tables: IpcTables, beforeCommit?: () => Promise<void>): Promise<void> {
  return db.exclusive((tx) => replaceUnlocked(tx, dataset, tables, beforeCommit));
}

const columnsOf = (name: TableName) => Object.keys(TABLES[name].columns).map((c) => `"${c}"`).join(', ');

/** Every table named in `tables` loses the dataset's rows, then gets the given batches (none: emptied). */
async function replaceUnlocked(db: SqlEngine, dataset: string, tables: IpcTables, beforeCommit?: () => Promise<void>): Promise<void> {
  const entries = Object.entries(tables).filter(([, b]) => b !== undefined) as [TableName, Uint8Array[]][];
  const staged: string[] = [];
  try {
    for (const [name, batches] of entries) {
      for (const [k, ipc] of batches.entries()) {
        const staging = `staging_${name}_${k}`;
        await db.query(`DROP TABLE IF EXISTS ${staging}`);
        await db.insertArrowIpc(staging, ipc);
        staged.push(staging);
      }
    }
    await db.query('BEGIN TRANSACTION');
    try {
      for (const [name, batches] of entries) {
        const cols = columnsOf(name);
        await db.query(`DELETE FROM ${TABLES[name].name} WHERE dataset = ${sqlString(dataset)}`);
        for (const k of batches.keys()) await db.query(`INSERT INTO ${TABLES[name].name} (${cols}) SELECT ${cols} FROM staging_${name}_${k}`);
      }
      await beforeCommit?.();
      await db.query('COMMIT');
    } catch (e) {
      await db.query('ROLLBACK');
      throw e;
    }
  } finally {
    for (const s of staged) await db.query(`DROP TABLE IF EXISTS ${s}`);
  }
}

/**
 * Appends Arrow IPC batches to their tables as they are (each row keeps its own `dataset`), in
 * one transaction: tables prepared ahead of time, such as the demo territory's.
 */
export function appendIpc(db: SqlEngine, batches: readonly { table: TableName; ipc: Uint8Array }[]): Promise<void> {
  return db.exclusive(async (tx) => {
    const staged: string[] = [];
    try {
      for (const [k, b] of batches.entries()) {
        const staging = `staging_append_${k}`;
        await tx.query(`DROP TABLE IF EXISTS ${staging}`);
        await tx.insertArrowIpc(staging, b.ipc);
        staged.push(staging);
      }
      await tx.query('BEGIN TRANSACTION');
      try {
        for (const [k, b] of batches.entries()) {
          const cols = columnsOf(b.table);
          await tx.query(`INSERT INTO ${TABLES[b.table].name} (${cols}) SELECT ${cols} FROM staging_append_${k}`);
        }
        await tx.query('COMMIT');
      } catch (e) {
        await tx.query('ROLLBACK');
        throw e;
      }
    } finally {
      for (const s of staged) await tx.query(`DROP TABLE IF EXISTS ${s}`);
    }
  });
}

/** One batch of a dataset read as a stream: Arrow IPC per table (its `dataset` column is ignored). */
export type IpcBatch = Partial<Record<TableName, Uint8Array>>;

/** Key under which a dataset's rows wait while it is being read as a stream. */
export const pendingDataset = (dataset: string) => `~import:${dataset}`;

/**
 * Replaces `dataset` in every table with rows that arrive in batches (a big file read as a
 * stream), all or nothing. The connection is held throughout, so no other query runs meanwhile.
 * Batches are committed one by one under a pending key (`pendingDataset`), which keeps them
 * compressed in DuckDB (one transaction over millions of rows kept them uncompressed, 2.6 times
 * larger); at the end ONE transaction swaps the pending rows for the previous rows of the dataset.
 * On an error or a cancel (`signal`), the pending rows are deleted and their memory released: the
 * previous rows were never touched. `next` returns null after the last batch; `finish` gives the
 * last rows (e.g. the sources row, whose counts are known at the end), written in the swap.
 * `beforeCommit` runs inside the swap's transaction, before it commits (e.g. saving the file in
 * the browser): if it throws, the swap is rolled back and the pending rows deleted.
 */
export function streamDataset(
  db: SqlEngine,
  dataset: string,
  next: () => Promise<IpcBatch | null>,
  options: { signal?: AbortSignal; finish?: () => Promise<Partial<Record<TableName, Row[]>>>; beforeCommit?: () => Promise<void> } = {},
): Promise<void> {
  const { signal, finish, beforeCommit } = options;
  const pending = pendingDataset(dataset);
  const tables = Object.keys(TABLES) as TableName[];
  return db.exclusive(async (tx) => {
    const clearPending = async () => {
      for (const t of tables) await tx.query(`DELETE FROM ${TABLES[t].name} WHERE dataset = ${sqlString(pending)}`);
    };
    await clearPending(); // left by an import that could not clean up
    const filled = new Set<TableName>();
    const staging = 'staging_flux';
    const append = async (name: TableName, ipc: Uint8Array) => {
      await tx.query(`DROP TABLE IF EXISTS ${staging}`);
      await tx.insertArrowIpc(staging, ipc);
      const cols = Object.keys(TABLES[name].columns);
      const select = cols.map((c) => (c === 'dataset' ? `${sqlString(pending)} AS dataset` : `"${c}"`)).join(', ');
      await tx.query(`INSERT INTO ${TABLES[name].name} (${cols.map((c) => `"${c}"`).join(', ')}) SELECT ${select} FROM ${staging}`);
      await tx.query(`DROP TABLE ${staging}`);
      filled.add(name);
    };
    try {
      signal?.throwIfAborted();
      for (let batch = await next(); batch; batch = await next()) {
        signal?.throwIfAborted();
        for (const [name, ipc] of Object.entries(batch) as [TableName, Uint8Array][]) await append(name, ipc);
      }
      signal?.throwIfAborted();
      for (const [name, rows] of Object.entries((await finish?.()) ?? {}) as [TableName, Row[]][]) {
        if (rows.length > 0) await append(name, rowsToIpc(name, rows, pending));
      }
      signal?.throwIfAborted();
    } catch (e) {
      await tx.query(`DROP TABLE IF EXISTS ${staging}`).catch(() => undefined);
      await clearPending().catch(() => undefined);
      await tx.query('CHECKPOINT').catch(() => undefined); // gives the deleted rows' memory back
      throw e;
    }
    await tx.query('BEGIN TRANSACTION');
    try {
      for (const t of tables) await tx.query(`DELETE FROM ${TABLES[t].name} WHERE dataset = ${sqlString(dataset)}`);
      for (const t of filled) await tx.query(`UPDATE ${TABLES[t].name} SET dataset = ${sqlString(dataset)} WHERE dataset = ${sqlString(pending)}`);
      await beforeCommit?.();
      await tx.query('COMMIT');
    } catch (e) {
      await tx.query('ROLLBACK');
      await clearPending().catch(() => undefined);
      await tx.query('CHECKPOINT').catch(() => undefined);
      throw e;
    }
  });
}
