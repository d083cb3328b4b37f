/**
 * A dataset replaced from batches (a big file read as a stream): swapped in whole at the end, or
 * on an error or a cancel dropped whole, the previous rows of the dataset intact.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAllTables, pendingDataset, replaceDataset, rowsToIpc, rowsToIpcBatches, streamDataset, IPC_BATCH_ROWS, type IpcBatch } from '../../../src/data/insert.ts';
import type { SqlEngine } from '../../../src/data/sql_engine.ts';
import type { Row } from '../../../src/data/import/format.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';

const cells = (from: number, n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({ id: `c${from + i}`, x: 3_800_500, y: 2_711_500, lon: 3.5, lat: 47, commune_code: '58194', pop: from + i }));

function batches(list: IpcBatch[], failAt = -1) {
  let k = 0;
  return async () => {
    if (k === failAt) throw new Error('lecture interrompue');
    return list[k++] ?? null;
  };
}

const count = async (db: SqlEngine, dataset: string) =>
  (await db.query<{ n: number }>(`SELECT count(*) AS n FROM grid WHERE dataset = '${dataset}'`))[0].n;

describe('streamDataset', () => {
  let db: SqlEngine;
  beforeEach(async () => {
    db = await openNodeDuckDB();
    await createAllTables(db);
    await replaceDataset(db, 'big.csv', { grid: cells(0, 3) });
    await replaceDataset(db, 'other.csv', { grid: cells(100, 2) });
  });
  afterEach(() => db.close());

  const three = () => [0, 1, 2].map((k) => ({ grid: rowsToIpc('grid', cells(k * 10, 10), 'big.csv') }));

  it('replaces the dataset with every batch and the last rows, swapped in at the end', async () => {
    await streamDataset(db, 'big.csv', batches(three()), {
      finish: async () => ({ sources: [{ file: 'big.csv', format_id: 'f', rows: 30, rejected: 0, fictional: false }] }),
    });
    expect(await count(db, 'big.csv')).toBe(30);
    expect(await count(db, 'other.csv')).toBe(2);
    expect(await db.query("SELECT file, rows FROM sources WHERE dataset = 'big.csv'")).toEqual([{ file: 'big.csv', rows: 30 }]);
    const left = await db.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_name LIKE 'staging%'");
    expect(left).toEqual([{ n: 0 }]);
    expect(await count(db, pendingDataset('big.csv'))).toBe(0);
  });

  it('rolls everything back when reading fails half-way: the previous rows stay', async () => {
    await expect(streamDataset(db, 'big.csv', batches(three(), 2))).rejects.toThrow('lecture interrompue');
    expect(await count(db, 'big.csv')).toBe(3);
    expect(await count(db, 'other.csv')).toBe(2);
    expect(await count(db, pendingDataset('big.csv'))).toBe(0);
  });

  it('rolls everything back on cancel', async () => {
    const controller = new AbortController();
    const list = three();
    let k = 0;
    const next = async () => {
      if (k === 2) controller.abort(new DOMException('annulé', 'AbortError'));
      return list[k++] ?? null;
    };
    await expect(streamDataset(db, 'big.csv', next, { signal: controller.signal })).rejects.toThrow('annulé');
    expect(await count(db, 'big.csv')).toBe(3);
    // The connection is usable afterwards (no transaction left open).
    await replaceDataset(db, 'big.csv', { grid: cells(0, 5) });
    expect(await count(db, 'big.csv')).toBe(5);
  });
});

describe('Arrow batches', () => {
  it('big row lists are cut into batches that all reach the table', async () => {
    const db = await openNodeDuckDB();
    await createAllTables(db);
    const n = IPC_BATCH_ROWS * 2 + 7;
    const rows = cells(0, n).map((r, i) => ({ ...r, id: i % 3 === 0 ? `Château-${i}-${'é'.repeat(i % 50)}` : `c${i}` }));
    expect(await rowsToIpcBatches('grid', rows, 'd')).toHaveLength(3);
    await replaceDataset(db, 'd', { grid: rows });
    const got = await db.query<{ id: string }>('SELECT id FROM grid ORDER BY pop');
    expect(got.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    await db.close();
  });
});
