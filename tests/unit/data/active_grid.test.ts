/**
 * A national population grid (millions of cells) is kept whole in its table, but only the cells
 * of the territory under study and its buffer are drawn and computed (view active_grid): cells
 * of its communes, where a cell without a commune code (INSEE's own 1 km file) takes the commune
 * its centre falls in, by point-in-polygon when the territory is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceDataset } from '../../../src/data/insert.ts';
import { applyTerritory, communesOfPoints } from '../../../src/data/territory.ts';
import { gridDemand } from '../../../src/ui/state/planning.ts';
import type { CommuneRow, GridRow } from '../../../src/data/queries/dashboard.ts';
import type { SqlEngine } from '../../../src/data/sql_engine.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';
import { snapshotForReads } from '../../helpers/snapshot.ts';
import { readFileSync } from 'node:fs';
import { prepareSchema } from '../../../src/data/workspace.ts';
import { loadTestFile } from '../../helpers/load_file.ts';
import { laea3035ToWgs84 } from '../../../src/domain/projection.ts';
import { hasRaw, rawPath } from '../../helpers/fixtures.ts';

const LOT_GRID = 'insee-filosofi-carreaux-lot46/pop.csv';

const square = (lon: number, lat: number, d = 0.05) => JSON.stringify({ type: 'Polygon', coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]] });
const cell = (id: string, lon: number, lat: number, commune_code: string | null, pop = 1) => ({ id, x: 0, y: 0, lon, lat, commune_code, pop });
/** A commune whose contour is a small square around its centre. */
const commune = (code: string, nom: string, lon: number, lat: number) => ({ code, nom, geom: square(lon, lat), centroid_lon: lon, centroid_lat: lat });

/** A fresh database with the schema and these communes. */
async function dbWithCommunes(communes: ReturnType<typeof commune>[]): Promise<SqlEngine> {
  const db = await openNodeDuckDB();
  await prepareSchema(db);
  await replaceDataset(db, 'communes', { communes });
  return db;
}

describe('active_grid', () => {
  let db: SqlEngine;
  beforeAll(async () => {
    db = await dbWithCommunes([commune('58001', 'A', 3.5, 47.0), commune('58002', 'B', 3.6, 47.0), commune('13001', 'Loin', 5.4, 43.3)]);
    await replaceDataset(db, 'grille', {
      grid: [
        cell('in-commune', 3.5, 47.0, '58001'),
        cell('far-commune', 5.4, 43.3, '13001'),
        cell('no-code-near', 3.55, 47.01, null),
        cell('no-code-far', 1.0, 45.0, null),
      ],
    });
  });
  afterAll(() => db.close());

  const ids = async () => {
    await snapshotForReads(db);
    return (await db.query<{ id: string }>('SELECT id FROM active_grid ORDER BY id')).map((r) => r.id);
  };

  it('is every cell when no territory is computed', async () => {
    expect(await ids()).toEqual(['far-commune', 'in-commune', 'no-code-far', 'no-code-near']);
  });

  it('is the cells of the territory and its buffer once it is', async () => {
    await applyTerritory(db, { type: 'communes', codes: ['58001', '58002'] }, { bufferKm: 5 });
    expect(await ids()).toEqual(['in-commune', 'no-code-near']);
  });

  it('examines the cells near the territory only; one in no contour is left out', async () => {
    const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM territory_grid WHERE id = 'no-code-far'");
    expect(n).toBe(0);
  });
});

/**
 * A grid without commune codes, as INSEE's 1 km file (x, y, Ind only): each cell gets the commune
 * its centre falls in; the planning counts only the cells of the territory's communes, the cells
 * of its buffer apart. Hand layout (squares of 0.1°):
 *   58001 [3.45, 3.55] × [46.95, 47.05] and 58002 [3.55, 3.65] × same: the territory;
 *   18001 [3.35, 3.45] × same: a neighbour within the 5 km buffer; nothing east of 3.65.
 */
describe('a grid without commune codes', () => {
  let db: SqlEngine;
  const cells = [
    cell('a1', 3.50, 47.00, null, 120),
    cell('a2', 3.47, 46.97, null, 30),
    cell('b1', 3.60, 47.02, null, 200),
    cell('b-empty', 3.62, 46.98, null, 0),
    cell('w1', 3.40, 47.00, null, 75), // 18001, the buffer
    cell('east', 3.68, 47.00, null, 40), // within 0.05° of the old box but in no contour
    cell('far', 1.0, 45.0, null, 999),
  ];
  beforeAll(async () => {
    db = await dbWithCommunes([commune('58001', 'A', 3.5, 47.0), commune('58002', 'B', 3.6, 47.0), commune('18001', 'W', 3.4, 47.0)]);
    await replaceDataset(db, 'carreaux-insee', { grid: cells });
    await applyTerritory(db, { type: 'communes', codes: ['58001', '58002'] }, { bufferKm: 5 });
    await snapshotForReads(db);
  });
  afterAll(() => db.close());

  it('gives each cell the commune its centre falls in (point-in-polygon), pure', () => {
    const shapes = [['58001', 3.5], ['58002', 3.6], ['18001', 3.4]].map(([code, lon]) => ({ code: code as string, geom: JSON.parse(square(lon as number, 47.0)) }));
    expect(communesOfPoints(cells, shapes)).toEqual(['58001', '58001', '58002', '58002', '18001', null, null]);
  });

  it('active_grid: the cells of the territory and of its buffer, with their commune; none outside every contour', async () => {
    const rows = await db.query<{ id: string; commune_code: string | null }>('SELECT id, commune_code FROM active_grid ORDER BY id');
    expect(rows).toEqual([
      { id: 'a1', commune_code: '58001' },
      { id: 'a2', commune_code: '58001' },
      { id: 'b-empty', commune_code: '58002' },
      { id: 'b1', commune_code: '58002' },
      { id: 'w1', commune_code: '18001' },
    ]);
    // The imported table is left as the file gave it.
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM grid WHERE commune_code IS NOT NULL');
    expect(n).toBe(0);
  });

  it('the planning counts the territory\'s cells (hand count 120 + 30 + 200 = 350) and the buffer\'s apart (75)', async () => {
    const grid = await db.query<GridRow>('SELECT id, x, y, lon, lat, pop, pop_80p, commune_code FROM active_grid ORDER BY id');
    const communes = [
      { code: '58001', population: 150, pop_75p: 30, need: 15 },
      { code: '58002', population: 200, pop_75p: 20, need: null },
    ] as unknown as CommuneRow[];
    const d = gridDemand(grid, communes);
    expect([...d.demand.population].reduce((a, b) => a + b, 0)).toBe(350);
    expect(d.communeOf).toEqual(['58001', '58001', '58002']);
    expect(d.outside).toEqual({ cells: 1, population: 75 });
    // a1's 75+ from its commune's share (30 / 150 = 20 %), not the territory's (50 / 350).
    expect(d.demand.pop75[0]).toBeCloseTo(24, 9);
    // 58002 gives no need: b1 takes the territory's share (15 / 150), and is counted as such.
    expect(d.demand.need[2]).toBeCloseTo(20, 9);
    expect(d.fromTerritory).toEqual({ pop_75p: 0, need: 1 });
  });
});

/**
 * INSEE's real 1 km file (Filosofi 2015, Lot: x, y, Ind only, no commune code), through the app's
 * importer, with hand-drawn communes over it: two squares for the territory, one north of them in
 * its buffer. Expected counts come from the raw CSV, projected in the test and tested against the
 * squares' bounds.
 */
describe.skipIf(!hasRaw(LOT_GRID))('the real INSEE 1 km grid (Lot), without commune codes', () => {
  let db: SqlEngine;
  // Read in beforeAll, never while the file is collected: without the real data the suite is skipped.
  let raw: number[][] = [];
  let points: { at: [number, number]; ind: number }[] = [];
  let squares: Record<'46001' | '46002' | '46003', readonly [number, number, number, number]>;
  const box = (x0: number, y0: number, x1: number, y1: number) => JSON.stringify({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
  /** Hand count: cells whose centre lies strictly inside a square (none sits on an edge at these round bounds). */
  const handCount = (code: keyof typeof squares) => {
    const [x0, y0, x1, y1] = squares[code];
    const inside = points.filter((p) => p.ind > 0 && p.at[0] > x0 && p.at[0] < x1 && p.at[1] > y0 && p.at[1] < y1);
    return { cells: inside.length, population: inside.reduce((s, p) => s + p.ind, 0) };
  };

  beforeAll(async () => {
    raw = readFileSync(rawPath(LOT_GRID), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map((v) => Number(v.replace(/"/g, ''))));
    points = raw.map(([x, y, ind]) => ({ at: laea3035ToWgs84(x, y), ind }));
    const lons = points.map((p) => p.at[0]).sort((a, b) => a - b);
    const lats = points.map((p) => p.at[1]).sort((a, b) => a - b);
    // Around the middle of the cells: west [c − 0.1, c], east [c, c + 0.1], north above both.
    const c = { lon: Math.round(lons[lons.length >> 1] * 100) / 100, lat: Math.round(lats[lats.length >> 1] * 100) / 100 };
    squares = {
      '46001': [c.lon - 0.1, c.lat - 0.05, c.lon, c.lat + 0.05],
      '46002': [c.lon, c.lat - 0.05, c.lon + 0.1, c.lat + 0.05],
      '46003': [c.lon - 0.1, c.lat + 0.05, c.lon + 0.1, c.lat + 0.1],
    };
    db = await openNodeDuckDB();
    await prepareSchema(db);
    await loadTestFile(db, { name: 'pop.csv', bytes: readFileSync(rawPath(LOT_GRID)) });
    await replaceDataset(db, 'communes', {
      communes: Object.entries(squares).map(([code, [x0, y0, x1, y1]]) => ({ code, nom: code, geom: box(x0, y0, x1, y1), centroid_lon: (x0 + x1) / 2, centroid_lat: (y0 + y1) / 2 })),
    });
    await applyTerritory(db, { type: 'communes', codes: ['46001', '46002'] }, { bufferKm: 10 });
    await snapshotForReads(db);
  }, 120_000);
  afterAll(() => db.close());

  it('the file is loaded whole, with no commune code', async () => {
    const [r] = await db.query<{ n: number; coded: number }>('SELECT count(*)::INTEGER AS n, count(commune_code)::INTEGER AS coded FROM grid');
    expect(r).toEqual({ n: raw.length, coded: 0 });
  });

  it('each cell near the territory takes the commune its centre falls in: the counts of the hand-drawn squares', async () => {
    const rows = await db.query<{ code: string; cells: number; population: number }>(
      'SELECT commune_code AS code, count(*)::INTEGER AS cells, sum(pop)::DOUBLE AS population FROM active_grid WHERE pop > 0 GROUP BY 1 ORDER BY 1',
    );
    const expected = (['46001', '46002', '46003'] as const).map((code) => ({ code, ...handCount(code) }));
    expect(expected.every((e) => e.cells > 10)).toBe(true);
    expect(rows).toEqual(expected);
  });

  it('the planning counts the two communes of the territory, and the buffer\'s cells apart', async () => {
    const grid = await db.query<GridRow>('SELECT id, x, y, lon, lat, pop, pop_80p, commune_code FROM active_grid ORDER BY id');
    const communes = [{ code: '46001', population: null }, { code: '46002', population: null }] as unknown as CommuneRow[];
    const d = gridDemand(grid, communes);
    const west = handCount('46001'), east = handCount('46002'), north = handCount('46003');
    expect(d.demand.population.length).toBe(west.cells + east.cells);
    expect([...d.demand.population].reduce((a, b) => a + b, 0)).toBeCloseTo(west.population + east.population, 6);
    expect(d.outside).toEqual({ cells: north.cells, population: north.population });
    expect(d.communeOf.every((code) => code === '46001' || code === '46002')).toBe(true);
  });
});
