import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAllTables, replaceDataset } from '../../../src/data/insert.ts';
import type { SqlEngine } from '../../../src/data/sql_engine.ts';
import {
  applyTerritory, buildSelectionShape, distanceToSelection, haversineSql, TERRITORY_HELP_POINTS_SQL,
} from '../../../src/data/territory.ts';
import { haversine } from '../../../src/domain/geo.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';

const square = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});
const commune = (code: string, g: ReturnType<typeof square>) => {
  const [[[x0, y0], [x1], , [, y1]]] = g.coordinates;
  return { code, nom: code, geom: JSON.stringify(g), area_km2: 1, centroid_lon: (x0 + x1) / 2, centroid_lat: (y0 + y1) / 2 };
};
// 58001 and 58002 share the edge lon = 3.1; 18001 touches 58001 on the west; 89001 is ~60 km east.
const COMMUNES = [
  commune('58001', square(3.0, 47.0, 3.1, 47.1)),
  commune('58002', square(3.1, 47.0, 3.2, 47.1)),
  commune('18001', square(2.9, 47.0, 3.0, 47.1)),
  commune('89001', square(4.0, 47.0, 4.1, 47.1)),
];
const KM_LON = haversine(3.2, 47.05, 3.3, 47.05) / 0.1 / 1000; // km per degree of longitude at 47.05°N
const hp = (id: string, lon: number, lat: number) => ({ id, kind: 'france_services', name: id, lon, lat });
const HELP = [hp('inside', 3.05, 47.05), hp('east5km', 3.2 + 5 / KM_LON, 47.05), hp('east30km', 3.2 + 30 / KM_LON, 47.05)];

describe('selection shape (pure)', () => {
  const shape = buildSelectionShape([square(3.0, 47.0, 3.1, 47.1), square(3.1, 47.0, 3.2, 47.1)].map((g) => g))!;
  it('drops the shared edge from the boundary', () => expect(shape.segments.length / 4).toBe(6));
  it('distance 0 inside, ≈ haversine outside', () => {
    expect(distanceToSelection(shape, 3.15, 47.05)).toBe(0);
    expect(distanceToSelection(shape, 3.2 + 5 / KM_LON, 47.05)).toBeCloseTo(5000, -1);
    expect(distanceToSelection(shape, 3.1, 47.1 + 0.1)).toBeCloseTo(haversine(3.1, 47.1, 3.1, 47.2), -1);
  });
});

describe('applyTerritory in DuckDB', () => {
  let db: SqlEngine;
  beforeAll(async () => {
    db = await openNodeDuckDB();
    await createAllTables(db);
    await replaceDataset(db, 'communes.geojson', { communes: COMMUNES });
    await replaceDataset(db, 'fs.csv', { help_points: HELP });
    await replaceDataset(db, 'epci.csv', { commune_epci: [{ code: '58002', epci: '200000001', dep: '58' }] });
    await replaceDataset(db, 'points.csv', {
      commune_points: COMMUNES.map((c) => ({ code: c.code, nom: c.nom, lon: c.centroid_lon, lat: c.centroid_lat })),
    });
  });
  afterAll(() => db.close());

  const cases = [
    { name: 'département 58, 20 km', sel: { type: 'departement', code: '58' } as const, bufferKm: 20, inside: ['inside'], buffer: ['east5km'], communes: { '58001': true, '58002': true, '18001': false } },
    { name: 'département 58, 40 km', sel: { type: 'departement', code: '58' } as const, bufferKm: 40, inside: ['inside'], buffer: ['east30km', 'east5km'], communes: { '58001': true, '58002': true, '18001': false } },
    { name: 'EPCI (58002 only)', sel: { type: 'epci', siren: '200000001' } as const, bufferKm: 20, inside: [], buffer: ['east5km', 'inside'], communes: { '58002': true, '58001': false, '18001': false } },
    { name: 'list of communes', sel: { type: 'communes', codes: ['58001'] } as const, bufferKm: 1, inside: ['inside'], buffer: [], communes: { '58001': true } },
  ];
  it.each(cases)('$name', async ({ sel, bufferKm, inside, buffer, communes }) => {
    const summary = await applyTerritory(db, sel, { bufferKm });
    expect(summary.method).toBe('contours');
    const rows = await db.query<{ id: string; inside: boolean; in_buffer: boolean }>(`SELECT * FROM (${TERRITORY_HELP_POINTS_SQL}) ORDER BY id`);
    expect(rows.filter((r) => r.inside).map((r) => r.id)).toEqual(inside);
    expect(rows.filter((r) => r.in_buffer).map((r) => r.id)).toEqual(buffer);
    const tc = await db.query<{ code: string; inside: boolean }>('SELECT code, inside FROM territory_communes ORDER BY code');
    expect(Object.fromEntries(tc.map((r) => [r.code, r.inside]))).toEqual(communes);
  });

  it('haversine in SQL equals the domain haversine', async () => {
    const [r] = await db.query<{ d: number }>(`SELECT ${haversineSql('3.0', '47.0', '3.5', '47.3')} AS d`);
    expect(r.d).toBeCloseTo(haversine(3.0, 47.0, 3.5, 47.3), 3);
  });

  it('falls back to commune points when there are no contours', async () => {
    await db.query(`DELETE FROM communes`);
    const s = await applyTerritory(db, { type: 'departement', code: '58' }, { bufferKm: 20 });
    expect(s).toMatchObject({ method: 'points', communesInside: 2, helpPointsInside: 0 });
    expect(s.helpPointsInBuffer).toBe(2); // "inside" and "east5km" are within 20 km of a 58 commune point
  });
});
