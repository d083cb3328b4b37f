/**
 * The generated demo territory through the real importers into the real DuckDB engine (Node),
 * and the dashboard's SQL on it: every file is recognised, nothing is rejected, and the key
 * figures equal the generator's own totals.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTerritory } from '../../../data/generate_demo.ts';
import { communeShapesSql, communesSql, keyFiguresSql, type CommuneRow, type KeyFigures } from '../../../src/data/queries/dashboard.ts';
import type { SqlEngine } from '../../../src/data/sql_engine.ts';
import { demoFilesToImport, loadDemo, prepareSchema, type DemoManifest } from '../../../src/data/workspace.ts';
import type { ImportResult } from '../../../src/data/import/import_file.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';
import { snapshotForReads } from '../../helpers/snapshot.ts';

describe('demo territory in DuckDB', () => {
  let db: SqlEngine;
  let manifest: DemoManifest;
  let results: ImportResult[];
  const files = generateDemoTerritory(58);

  beforeAll(async () => {
    db = await openNodeDuckDB();
    await prepareSchema(db);
    const fetchBytes = async (name: string) => new TextEncoder().encode(files.get(name)!);
    ({ manifest, results } = await loadDemo(db, fetchBytes));
    await snapshotForReads(db);
  });
  afterAll(() => db.close());

  it('recognises every demo file with the importer of the real source it imitates', () => {
    expect(results.map((r) => r.file)).toEqual(demoFilesToImport(manifest).map((f) => f.file));
    for (const r of results) expect(r.output.rejected, r.file).toEqual([]);
  });

  it('key figures equal the generator totals', async () => {
    const [f] = await db.query<KeyFigures>(keyFiguresSql(10, 5));
    expect(f.communes).toBe(manifest.totals.communes);
    expect(f.population).toBe(manifest.totals.population);
    expect(f.france_services).toBe(manifest.totals.france_services);
    expect(f.epcis).toBe(manifest.totals.epci);
    expect(f.mediation).toBe(manifest.totals.lieux_mediation);
    // The départemental library's administrative address is a network's seat, not a place open to the public.
    expect(f.mediatheques).toBe(manifest.totals.libraries_open_to_public);
    expect(manifest.totals.libraries_open_to_public).toBe(manifest.totals.libraries - 1);
    expect(f.pop_75p).toBe(manifest.totals.pop_75p);
    // The census shares, summed from the INSEE-format file itself.
    const popAge = Papa.parse<Record<string, string>>(files.get('pop_age.csv')!, { header: true, skipEmptyLines: true }).data;
    const sum = (column: string) => popAge.reduce((n, r) => n + Number(r[column]), 0);
    expect(popAge).toHaveLength(manifest.totals.communes);
    expect(f.pop_75p).toBe(sum('P21_POP75P'));
    expect(f.share_75p).toBeCloseTo(sum('P21_POP75P') / sum('P21_POP'), 12);
    expect(f.pop_far_fs).toBeNull(); // not computed yet
  });

  it('every commune has its geometry, population, EPCI and a reference point', async () => {
    const shapes = await db.query<{ code: string; geom: string }>(communeShapesSql());
    expect(shapes.map((s) => JSON.parse(s.geom).type).every((t) => /Polygon/.test(t))).toBe(true);
    expect(shapes).toHaveLength(manifest.totals.communes);
    const rows = await db.query<CommuneRow>(communesSql());
    expect(rows).toHaveLength(manifest.totals.communes);
    for (const r of rows) {
      expect(r.population, r.code).toBeGreaterThan(0);
      expect(r.epci_nom, r.code).toBeTruthy();
      expect(r.ftth_rate, r.code).not.toBeNull();
    }
  });

  it('the 1 km grid sums to the commune populations', async () => {
    const [{ grid, communes }] = await db.query<{ grid: number; communes: number }>(
      'SELECT (SELECT sum(pop) FROM grid) AS grid, (SELECT sum(pmun) FROM legal_population) AS communes',
    );
    expect(grid).toBe(communes);
  });
});
