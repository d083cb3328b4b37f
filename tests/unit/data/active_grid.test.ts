/**
 * A national population grid (millions of cells) is kept whole in its table, but only the cells
 * of the territory under study and its buffer are drawn and computed (view active_grid): cells
 * of its communes, and cells without a commune code in the box of its communes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceDataset } from '../../../src/data/insert.ts';
import { applyTerritory } from '../../../src/data/territory.ts';
import { prepareSchema } from '../../../src/data/workspace.ts';
import type { SqlEngine } from '../../../src/data/sql_engine.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';

const square = (lon: number, lat: number, d = 0.05) => JSON.stringify({ type: 'Polygon', coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]] });
const cell = (id: string, lon: number, lat: number, commune_code: string | null) => ({ id, x: 0, y: 0, lon, lat, commune_code, pop: 1 });

describe('active_grid', () => {
  let db: SqlEngine;
  beforeAll(async () => {
    db = await openNodeDuckDB();
    await prepareSchema(db);
    await replaceDataset(db, 'communes', {
      communes: [
        { code: '58001', nom: 'A', geom: square(3.5, 47.0), centroid_lon: 3.5, centroid_lat: 47.0 },
        { code: '58002', nom: 'B', geom: square(3.6, 47.0), centroid_lon: 3.6, centroid_lat: 47.0 },
        { code: '13001', nom: 'Loin', geom: square(5.4, 43.3), centroid_lon: 5.4, centroid_lat: 43.3 },
      ],
    });
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

  const ids = async () => (await db.query<{ id: string }>('SELECT id FROM active_grid ORDER BY id')).map((r) => r.id);

  it('is every cell when no territory is computed', async () => {
    expect(await ids()).toEqual(['far-commune', 'in-commune', 'no-code-far', 'no-code-near']);
  });

  it('is the cells of the territory and its buffer once it is', async () => {
    await applyTerritory(db, { type: 'communes', codes: ['58001', '58002'] }, { bufferKm: 5 });
    expect(await ids()).toEqual(['in-commune', 'no-code-near']);
  });
});
