/**
 * Loading imported rows into DuckDB, all-or-nothing per file: rows go to a staging table
 * through Arrow, then one transaction replaces the rows of that dataset in the target table.
 */
import { Bool, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { TABLES, createTableSql, type CellValue, type SqlType, type TableName } from './schema.ts';
import { sqlString, type SqlEngine } from './sql_engine.ts';
import type { Row } from './import/format.ts';

const ARROW_TYPES: Record<SqlType, () => DataType> = {
  VARCHAR: () => new Utf8(),
  DOUBLE: () => new Float64(),
  INTEGER: () => new Int32(),
  BOOLEAN: () => new Bool(),
};

export function rowsToIpc(name: TableName, rows: readonly Row[], dataset: string): Uint8Array {
  const columns = TABLES[name].columns as Record<string, SqlType>;
  const vectors: Record<string, Vector> = {};
  for (const [col, type] of Object.entries(columns)) {
    const values: CellValue[] = col === 'dataset' ? rows.map(() => dataset) : rows.map((r) => r[col] ?? null);
    vectors[col] = vectorFromArray(values as never[], ARROW_TYPES[type]()) as Vector;
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
