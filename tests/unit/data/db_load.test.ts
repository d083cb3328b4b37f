import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../src/data/import/import_file.ts';
import { arrowColumn, createAllTables, replaceDataset } from '../../../src/data/insert.ts';
import { Table, tableToIPC } from 'apache-arrow';
import type { SqlEngine } from '../../../src/data/sql_engine.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';

describe('loading into DuckDB (real engine, Node)', () => {
  let db: SqlEngine;
  beforeAll(async () => {
    db = await openNodeDuckDB();
    await createAllTables(db);
  });
  afterAll(() => db.close());

  it('inserts imported rows and replaces a dataset atomically', async () => {
    const bytes = readFileSync(resolve(import.meta.dirname, '../../fixtures/csv/france_services_small.csv'));
    const r = importFile('liste-fs.csv', bytes);
    await replaceDataset(db, 'fs', r.output.rows);
    await replaceDataset(db, 'fs', r.output.rows);
    const rows = await db.query<{ n: number; hours: number }>(
      "SELECT count(*) AS n, sum(hours_per_week) AS hours FROM help_points WHERE kind = 'france_services'",
    );
    expect(rows).toEqual([{ n: 2, hours: 28 }]);
    const codes = await db.query<{ commune_code: string }>('SELECT commune_code FROM help_points ORDER BY id');
    expect(codes.map((c) => c.commune_code)).toEqual(['58062', '2A004']);
  });

  it('leaves the previous rows intact when an insert fails midway', async () => {
    // Fault injection: the engine fails on the second table's INSERT, after the first succeeded.
    const failing: SqlEngine = {
      ...db,
      exclusive: (fn) =>
        db.exclusive((tx) => fn({ ...tx, query: (sql) => (sql.startsWith('INSERT INTO mobile_sites') ? Promise.reject(new Error('disk full')) : tx.query(sql)) })),
    };
    const attempt = {
      help_points: [{ id: 'x', kind: 'mediation', name: 'X', lon: 3, lat: 47 }],
      mobile_sites: [{ operator: 'Orange', lon: 3, lat: 47, g2: true, g3: true, g4: true }],
    };
    await expect(replaceDataset(failing, 'fs', attempt)).rejects.toThrow('disk full');
    const rows = await db.query<{ n: number }>("SELECT count(*) AS n FROM help_points WHERE dataset = 'fs'");
    expect(rows[0].n).toBe(2);
  });
});

describe('SQL results as plain numbers', () => {
  it.each([
    ['SELECT sum(x) AS v FROM (VALUES (2147483647), (2147483647)) t(x)', 4294967294],
    ['SELECT sum(x) AS v FROM (VALUES (-5), (2)) t(x)', -3],
    ['SELECT CAST(12.34 AS DECIMAL(10,2)) AS v', 12.34],
    ['SELECT CAST(-12.34 AS DECIMAL(18,2)) AS v', -12.34],
    ['SELECT 9007199254740991::BIGINT AS v', 9007199254740991],
  ])('%s → %d', async (sql, expected) => {
    const db = await openNodeDuckDB();
    const [{ v }] = await db.query<{ v: number }>(sql);
    expect(v).toBeCloseTo(expected, 9);
    await db.close();
  });
});

describe('concurrent writes and reads', () => {
  it('a read started during a write sees the table before or after it, never half-written', async () => {
    const db = await openNodeDuckDB();
    await createAllTables(db);
    const rows = (n: number) => ({ help_points: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, kind: 'mediation', name: 'P', lon: 3, lat: 47 })) });
    await replaceDataset(db, 'a', rows(4));
    const write = replaceDataset(db, 'a', rows(6));
    const read = db.query<{ n: number }>('SELECT count(*) AS n FROM help_points');
    await write;
    expect([4, 6]).toContain((await read)[0].n);
    await db.close();
  });

  it('two dataset replacements started together both commit (writes are queued)', async () => {
    const db = await openNodeDuckDB();
    await createAllTables(db);
    const rows = (n: number) => ({ help_points: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, kind: 'mediation', name: 'P', lon: 3, lat: 47 })) });
    await Promise.all([replaceDataset(db, 'a', rows(3)), replaceDataset(db, 'b', rows(5)), replaceDataset(db, 'a', rows(2))]);
    const r = await db.query<{ dataset: string; n: number }>('SELECT dataset, count(*) AS n FROM help_points GROUP BY dataset ORDER BY dataset');
    expect(r).toEqual([{ dataset: 'a', n: 2 }, { dataset: 'b', n: 5 }]);
    await db.close();
  });
});

describe('Arrow columns built by hand (no generated code, for the CSP)', () => {
  it.each([
    ['DOUBLE', [1.5, null, -2, Number.NaN, Infinity], [1.5, null, -2, null, Infinity]],
    ['INTEGER', [3, null, -7], [3, null, -7]],
    ['BOOLEAN', [true, false, null, true], [true, false, null, true]],
    ['VARCHAR', ['Nièvre', null, '', 'a"b;c\nd'], ['Nièvre', null, '', 'a"b;c\nd']],
  ] as const)('%s round-trips through DuckDB', async (type, input, expected) => {
    const db = await openNodeDuckDB();
    const ipc = tableToIPC(new Table({ v: arrowColumn(type, [...input]) }), 'stream');
    await db.insertArrowIpc('t', ipc);
    const rows = await db.query<{ v: unknown }>('SELECT v FROM t');
    expect(rows.map((r) => r.v)).toEqual(expected);
    await db.close();
  });
});
