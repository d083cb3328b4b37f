/** EPCI joins on small hand-made tables: names, unknown names, communes without EPCI, file before COG. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceDataset } from '../../../src/data/insert.ts';
import { epciFiguresSql, cantonShapesSql } from '../../../src/data/queries/diagnosis.ts';
import { communesSql, epciOptionsSql, type CommuneRow } from '../../../src/data/queries/dashboard.ts';
import type { SqlEngine } from '../../../src/data/sql_engine.ts';
import { prepareSchema } from '../../../src/data/workspace.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';
import { snapshotForReads } from '../../helpers/snapshot.ts';

const square = (x: number) => JSON.stringify({ type: 'Polygon', coordinates: [[[x, 47], [x + 0.1, 47], [x + 0.1, 47.1], [x, 47.1], [x, 47]]] });
const commune = (code: string, x: number) => ({ code, nom: `Commune ${code}`, geom: square(x), area_km2: 10, centroid_lon: x + 0.05, centroid_lat: 47.05 });

describe('EPCI queries', () => {
  let db: SqlEngine;
  beforeAll(async () => {
    db = await openNodeDuckDB();
    await prepareSchema(db);
    await replaceDataset(db, 'contours.geojson', {
      communes: [commune('58001', 3), commune('58002', 3.1), commune('58003', 3.2), commune('58004', 3.3)],
      // derived from the COG for the contours
      commune_epci: [
        { code: '58001', epci: '200000001', origin: 'cog' },
        { code: '58002', epci: '200000001', origin: 'cog' },
        { code: '58004', epci: '200000001', origin: 'cog' },
      ],
      epci: [{ siren: '200000001', nom: 'CC du COG', nature: 'CC' }],
      legal_population: [{ code: '58001', pmun: 100 }, { code: '58002', pmun: 200 }, { code: '58003', pmun: 300 }, { code: '58004', pmun: 400 }],
      cantons: [{ code: '5801', nom: 'Château-Chinon', geom: square(3) }, { code: '5802', nom: null, geom: square(3.1) }],
    });
    // a membership file (named alphabetically after the contours): it comes first where both say
    await replaceDataset(db, 'zz_iris_epci.csv', { commune_epci: [{ code: '58004', epci: '249999999' }] });
    await snapshotForReads(db);
  }, 60_000);
  afterAll(() => db?.close());

  it('per-EPCI figures by name; an EPCI no file names is said so; communes without EPCI last', async () => {
    const rows = await db.query<{ epci: string; siren: string | null; communes: number; population: number }>(epciFiguresSql('france_services', 30));
    expect(rows.map((r) => [r.epci, r.siren, Number(r.communes), Number(r.population)])).toEqual([
      ['CC du COG', '200000001', 2, 300],
      ['EPCI 249999999 (nom inconnu)', '249999999', 1, 400],
      ['Sans EPCI renseigné', null, 1, 300],
    ]);
  });

  it('commune rows: the membership file before the COG; names and SIREN', async () => {
    const rows = await db.query<CommuneRow>(communesSql());
    expect(rows.map((r) => [r.code, r.epci, r.epci_nom, r.ref_point])).toEqual([
      ['58001', '200000001', 'CC du COG', 'centroid'],
      ['58002', '200000001', 'CC du COG', 'centroid'],
      ['58003', null, null, 'centroid'],
      ['58004', '249999999', null, 'centroid'],
    ]);
  });

  it('the territory selector lists each EPCI once, by name', async () => {
    expect(await db.query(epciOptionsSql())).toEqual([
      { siren: '200000001', nom: 'CC du COG' },
      { siren: '249999999', nom: 'EPCI 249999999 (nom inconnu)' },
    ]);
  });

  it('canton shapes for the labelling fiche: code and name apart (no name when the file gives none)', async () => {
    const rows = await db.query<{ code: string; nom: string | null }>(cantonShapesSql());
    expect(rows.map(({ code, nom }) => ({ code, nom })).sort((a, b) => a.code.localeCompare(b.code))).toEqual([{ code: '5801', nom: 'Château-Chinon' }, { code: '5802', nom: null }]);
  });
});
