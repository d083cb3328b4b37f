/**
 * The import worker's requests, called directly (the same code runs in the worker and, without
 * one, on the page): a whole file comes back as Arrow batches ready for DuckDB; a big file is read
 * from its Blob as a stream, batch by batch, and closes itself once summarised or cancelled.
 */
import { describe, expect, it } from 'vitest';
import { handleImport } from '../../../workers/import_handlers.ts';
import { createAllTables, replaceDatasetIpc, streamDataset } from '../../../src/data/insert.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';

const header = 'Idcar_1km,x,y,Depcom,Ind,Men,Men_pauv,Ind_65_79,Ind_80p\n';
const grid = (n: number, bad = 0) =>
  header + Array.from({ length: n }, (_, i) => (i < bad ? `b${i},,,,1,1,0,0,0\n` : `c${i},${2_000_500 + (i % 3000) * 1000},${1_000_500 + Math.floor(i / 3000) * 1000},58194,${i},1,0,0,0\n`)).join('');

describe('import handlers', () => {
  it('prepare: rows as Arrow batches, rejects as a CSV, nothing else', async () => {
    const bytes = new TextEncoder().encode(grid(30, 2));
    const ready = await handleImport('prepare', { name: 'grille.csv', bytes, dataset: 'grille.csv', mapping: null, cog: false });
    expect(ready).toMatchObject({ rows: 28, rejected: 2, cogUnavailable: false });
    expect(ready.result.output.rows).toEqual({});
    expect(ready.tables.grid).toHaveLength(1);
    expect(ready.rejectedCsv).toMatch(/^\ufeffligne;motif;Idcar_1km/);
    const db = await openNodeDuckDB();
    await createAllTables(db);
    await replaceDatasetIpc(db, 'grille.csv', ready.tables);
    expect(await db.query('SELECT count(*) AS n, sum(pop) AS pop FROM grid')).toEqual([{ n: 28, pop: [...Array(30).keys()].slice(2).reduce((a, b) => a + b, 0) }]);
    await db.close();
  });

  it('stream: a Blob read batch by batch into the database, then summarised', async () => {
    const file = new Blob([grid(120_000, 3)]);
    const opened = await handleImport('streamOpen', { name: 'grille.csv', file, dataset: 'grille.csv', mapping: null, cog: false });
    expect(opened.head).toMatchObject({ kind: 'format', format: { id: 'insee_filosofi_1km' } });
    const db = await openNodeDuckDB();
    await createAllTables(db);
    const progress: number[] = [];
    let summary: Awaited<ReturnType<typeof handleImport<'streamEnd'>>> | null = null;
    await streamDataset(db, 'grille.csv', async () => {
      const b = await handleImport('streamNext', { stream: opened.stream });
      if (b) progress.push(b.bytesRead);
      return b?.tables ?? null;
    }, {
      finish: async () => {
        summary = await handleImport('streamEnd', { stream: opened.stream });
        return {};
      },
    });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(file.size);
    expect(summary).toMatchObject({ rows: 119_997, rejected: 3 });
    expect(await db.query('SELECT count(*) AS n FROM grid')).toEqual([{ n: 119_997 }]);
    await expect(handleImport('streamNext', { stream: opened.stream })).rejects.toThrow(/relancez l'import/);
    await db.close();
  });

  it('stream: a file of unknown columns asks for a mapping and is closed', async () => {
    const opened = await handleImport('streamOpen', { name: 'x.csv', file: new Blob(['a;b\n1;2\n']), dataset: 'x.csv', mapping: null, cog: false });
    expect(opened.head.kind).toBe('mapping');
    await expect(handleImport('streamNext', { stream: opened.stream })).rejects.toThrow(/flux \d+ inconnu/);
  });

  it('stream: a cancelled read is closed', async () => {
    const opened = await handleImport('streamOpen', { name: 'g.csv', file: new Blob([grid(60_000)]), dataset: 'g.csv', mapping: null, cog: false });
    expect(await handleImport('streamNext', { stream: opened.stream })).not.toBeNull();
    await handleImport('streamClose', { stream: opened.stream });
    await expect(handleImport('streamNext', { stream: opened.stream })).rejects.toThrow(/inconnu/);
  });
});
