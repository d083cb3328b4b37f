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
      const encoder = new TextEncoder();
      const parts = values.map((v) => (v === null || v === undefined ? new Uint8Array() : encoder.encode(String(v))));
      const valueOffsets = new Int32Array(length + 1);
      parts.forEach((p, i) => (valueOffsets[i + 1] = valueOffsets[i] + p.length));
      const data = new Uint8Array(valueOffsets[length]);
      parts.forEach((p, i) => data.set(p, valueOffsets[i]));
      return makeVector(makeData({ type: new Utf8(), length, nullCount: nulls, nullBitmap: bitmap, valueOffsets, data }));
    }
  }
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

/**
 * Replaces every row of `dataset` in the given tables with the new rows, in one transaction.
 * On any failure nothing is changed.
 */
export function replaceDataset(db: SqlEngine, dataset: string, rows: Partial<Record<TableName, Row[]>>): Promise<void> {
  return db.exclusive((tx) => replaceUnlocked(tx, dataset, rows));
}

async function replaceUnlocked(db: SqlEngine, dataset: string, rows: Partial<Record<TableName, Row[]>>): Promise<void> {
  const entries = Object.entries(rows).filter(([, r]) => r && r.length > 0) as [TableName, Row[]][];
  const staged: string[] = [];
  try {
    for (const [name, list] of entries) {
      const staging = `staging_${name}`;
      await db.query(`DROP TABLE IF EXISTS ${staging}`);
      await db.insertArrowIpc(staging, rowsToIpc(name, list, dataset));
      staged.push(staging);
    }
    await db.query('BEGIN TRANSACTION');
    try {
      for (const [name] of entries) {
        const cols = Object.keys(TABLES[name].columns).map((c) => `"${c}"`).join(', ');
        await db.query(`DELETE FROM ${TABLES[name].name} WHERE dataset = ${sqlString(dataset)}`);
        await db.query(`INSERT INTO ${TABLES[name].name} (${cols}) SELECT ${cols} FROM staging_${name}`);
      }
      await db.query('COMMIT');
    } catch (e) {
      await db.query('ROLLBACK');
      throw e;
    }
  } finally {
    for (const s of staged) await db.query(`DROP TABLE IF EXISTS ${s}`);
  }
}
