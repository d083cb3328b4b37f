/**
 * The Nièvre set from the real open-data files (read in place from the shared folder, never
 * copied) through importFile + replaceDataset into the real DuckDB engine, checked against
 * /work/shared/data/nievre-facts.md and the SOURCE.md counts. Skipped loudly when files are missing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, type ImportedFile } from '../../../src/data/import/import_file.ts';
import { createAllTables, replaceDataset } from '../../../src/data/insert.ts';
import type { SqlEngine } from '../../../src/data/sql_engine.ts';
import { applyTerritory } from '../../../src/data/territory.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';
import { hasRaw, rawPath } from '../../helpers/fixtures.ts';

const NEIGHBOURS = ['03-allier', '18-cher', '21-cote-d-or', '45-loiret', '71-saone-et-loire', '89-yonne'];
const FILES = {
  communes58: 'ign-admin-express-2018-geojson/communes-58-nievre.geojson',
  dep58: 'ign-admin-express-2018-geojson/departement-58-nievre.geojson',
  fs: 'anct-france-services/liste-fs-20240801.csv',
  bfc: 'mednum-bfc-lieux-mediation/bfc-ternum-dataset.csv',
  pop: 'insee-derived-dataforgood-ifn/Communes.csv',
  mobile: 'arcep-sites-mobiles-2018/2018_01_Sites_mobiles_2G_3G_4G_France_metropolitaine_L93.csv',
  fixed: 'arcep-ma-connexion-internet-2019/commune-debit-beta.csv',
} as const;
const neighbourFiles = NEIGHBOURS.map((n) => `ign-admin-express-2018-geojson/communes-${n}.geojson`);
const all = [...Object.values(FILES), ...neighbourFiles];
const available = all.every((f) => hasRaw(f));

describe.skipIf(!available)('real Nièvre files into DuckDB', () => {
  let db: SqlEngine;
  const results = new Map<string, ImportedFile>();
  const count = async (sql: string) => Number((await db.query<{ n: number }>(sql))[0].n);

  beforeAll(async () => {
    db = await openNodeDuckDB();
    await createAllTables(db);
    for (const rel of all) {
      const name = rel.split('/').pop()!;
      const r = importFile(name, readFileSync(rawPath(rel)));
      if (r.needsMapping) throw new Error(`${rel} not recognised: ${r.reason}`);
      await replaceDataset(db, name, r.output.rows);
      results.set(rel, r);
    }
  }, 120_000);
  afterAll(() => db.close());

  it('309 communes in the Nièvre contours, one département contour "58"', async () => {
    expect(await count(`SELECT count(*) AS n FROM communes WHERE dataset = 'communes-58-nievre.geojson'`)).toBe(309);
    expect(await db.query(`SELECT code FROM departements`)).toEqual([{ code: '58' }]);
  });

  it('national France Services: 2,845 rows all loaded; 33 in the 58, 182 in the six neighbours', async () => {
    expect(results.get(FILES.fs)!.output.rejected).toEqual([]);
    expect(await count(`SELECT count(*) AS n FROM help_points WHERE kind = 'france_services'`)).toBe(2845);
    expect(await count(`SELECT count(*) AS n FROM help_points WHERE kind = 'france_services' AND commune_code LIKE '58%'`)).toBe(33);
    expect(
      await count(`SELECT count(*) AS n FROM help_points WHERE kind = 'france_services' AND substr(commune_code, 1, 2) IN ('03','18','21','45','71','89')`),
    ).toBe(182);
  });

  it('120 lieux de médiation of the BFC file in the 58', async () => {
    expect(await count(`SELECT count(*) AS n FROM help_points WHERE dataset = 'bfc-ternum-dataset.csv' AND code_postal LIKE '58%'`)).toBe(120);
  });

  it('population municipale of the 58: 207,182', async () => {
    expect(await count(`SELECT sum(pmun) AS n FROM legal_population WHERE code LIKE '58%'`)).toBe(207_182);
  });

  it('ARCEP mobile sites (77,148) and fixed broadband (35,359 communes) load fully', async () => {
    const mobile = results.get(FILES.mobile)!.output;
    expect((mobile.rows.mobile_sites?.length ?? 0) + mobile.rejected.length).toBe(77_148);
    expect(await count(`SELECT count(*) AS n FROM mobile_sites`)).toBe(mobile.rows.mobile_sites?.length);
    expect(mobile.rejected.length).toBeLessThan(50);
    expect(await count(`SELECT count(DISTINCT code) AS n FROM fixed_broadband`)).toBe(35_359);
  });

  it('territory: the 58 with a 20 km buffer', async () => {
    const s = await applyTerritory(db, { type: 'departement', code: '58' }, { bufferKm: 20 });
    expect(s.method).toBe('contours');
    expect(s.communesInside).toBe(309);
    const fs = await db.query<{ inside: number; buffer: number }>(`
      SELECT count(*) FILTER (WHERE t.inside) AS inside, count(*) FILTER (WHERE t.in_buffer) AS buffer
      FROM territory_help_points t JOIN help_points h ON h.id = t.id AND h.dataset = t.help_dataset
      WHERE h.kind = 'france_services'`);
    console.log(`[real files] France Services: ${fs[0].inside} inside the Nièvre, ${fs[0].buffer} within 20 km outside; communes in buffer: ${s.communesInBuffer}`);
    expect(Number(fs[0].inside)).toBe(33);
    expect(Number(fs[0].buffer)).toBeGreaterThan(0);
    expect(Number(fs[0].buffer)).toBeLessThan(182);
  });
});
