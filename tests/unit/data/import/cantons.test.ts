/**
 * Canton contours are told from commune contours by their own structure (issue 13): the real
 * france-geojson canton files of the Nièvre and the Cantal number their cantons 58001…58017 and
 * 15001…15015, codes that are also commune codes. Imported as communes, they outlined 17 "communes"
 * over the real ones. And a second contour file for the same commune is never taken silently.
 * The real files are read in place (skipped loudly when missing).
 */
import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, type ImportedFile } from '../../../../src/data/import/import_file.ts';
import { numbersCantons } from '../../../../src/data/import/formats/geography.ts';
import { createAllTables, replaceDataset } from '../../../../src/data/insert.ts';
import { contourOverlapNotices } from '../../../../src/data/contour_overlap.ts';
import type { SqlEngine } from '../../../../src/data/sql_engine.ts';
import { openNodeDuckDB } from '../../../helpers/duckdb_node.ts';
import { hasRaw, rawPath } from '../../../helpers/fixtures.ts';

type Contours = FeatureCollection<Polygon | MultiPolygon, { code: string; nom: string }>;
const DIR = 'ign-admin-express-2018-geojson';
const read = (rel: string) => JSON.parse(readFileSync(rawPath(rel), 'utf8')) as Contours;
const imported = (name: string, bytes: Uint8Array): ImportedFile => {
  const r = importFile(name, bytes);
  if (r.needsMapping) throw new Error(`${name} not recognised: ${r.reason}`);
  return r;
};
const bytesOf = (fc: Contours) => new TextEncoder().encode(JSON.stringify(fc));

describe('numbersCantons: the département, then every canton number from 1 to n once', () => {
  const cases: { codes: string[]; expected: boolean; why: string }[] = [
    { codes: ['58001', '58002', '58003'], expected: true, why: 'a run from 1' },
    { codes: ['58003', '58001', '58002'], expected: true, why: 'in any order' },
    { codes: ['2A001', '2A002'], expected: true, why: 'Corsica' },
    { codes: ['58001', '58003'], expected: false, why: 'a gap' },
    { codes: ['58002', '58003'], expected: false, why: 'not from 1' },
    { codes: ['58001', '58001'], expected: false, why: 'a repeated code' },
    { codes: ['58001', '71002'], expected: false, why: 'two départements' },
    { codes: ['5801', '5802'], expected: false, why: 'INSEE canton codes are told apart elsewhere' },
    { codes: [], expected: false, why: 'nothing' },
    { codes: Array.from({ length: 100 }, (_, i) => `59${String(i + 1).padStart(3, '0')}`), expected: false, why: 'more than 99' },
  ];
  for (const c of cases) it(`${c.why}: ${c.expected}`, () => expect(numbersCantons(c.codes)).toBe(c.expected));
});

const CANTON_FILES = [`${DIR}/cantons-58-nievre.geojson`, `${DIR}/cantons-15-cantal.geojson`];
const COMMUNE_FILES = [`${DIR}/communes-58-nievre.geojson`, `${DIR}/communes-15-cantal.geojson`];

describe.skipIf(![...CANTON_FILES, ...COMMUNE_FILES].every((f) => hasRaw(f)))('the real canton and commune files', () => {
  for (const rel of CANTON_FILES) {
    it(`${rel.split('/')[1]}: imported as cantons, every feature with its own code and name, no commune`, () => {
      const raw = read(rel);
      const r = imported(rel.split('/')[1], readFileSync(rawPath(rel)));
      expect(r.format.id).toBe('ign_cantons_geojson');
      expect(r.output.rows.communes).toBeUndefined();
      const got = (r.output.rows.cantons ?? []).map((c) => `${c.code} ${c.nom}`).sort();
      expect(got).toEqual(raw.features.map((f) => `${f.properties.code} ${f.properties.nom}`).sort());
      expect(r.output.rejected).toEqual([]);
    });
    it(`${rel.split('/')[1]}: recognised under any name (the name is only a hint)`, () => {
      expect(imported('contours.geojson', readFileSync(rawPath(rel))).format.id).toBe('ign_cantons_geojson');
    });
  }

  for (const rel of COMMUNE_FILES) {
    it(`${rel.split('/')[1]}: still communes`, () => {
      const r = imported(rel.split('/')[1], readFileSync(rawPath(rel)));
      expect(r.format.id).toBe('ign_communes_geojson');
      expect(r.output.rows.communes?.length).toBe(read(rel).features.length);
    });
  }

  it('the first 17 communes of the Nièvre (58001…58017, numbered like cantons) stay communes: their size tells', () => {
    const raw = read(`${DIR}/communes-58-nievre.geojson`);
    const first = raw.features.filter((f) => Number(f.properties.code.slice(2)) <= 17);
    expect(first.map((f) => f.properties.code).sort()).toEqual(Array.from({ length: 17 }, (_, i) => `58${String(i + 1).padStart(3, '0')}`));
    const r = imported('extrait-nievre.geojson', bytesOf({ type: 'FeatureCollection', features: first }));
    expect(r.format.id).toBe('ign_communes_geojson');
    expect(r.output.rows.communes?.length).toBe(17);
  });

  describe('loaded together into DuckDB', () => {
    let db: SqlEngine;
    beforeAll(async () => {
      db = await openNodeDuckDB();
      await createAllTables(db);
      for (const rel of [COMMUNE_FILES[0], CANTON_FILES[0]]) {
        const name = rel.split('/')[1];
        await replaceDataset(db, name, imported(name, readFileSync(rawPath(rel))).output.rows);
      }
    }, 60_000);
    afterAll(() => db?.close());

    it('309 communes and 17 cantons; commune 58001 keeps its commune name, canton 58001 its canton name', async () => {
      const communes = read(COMMUNE_FILES[0]);
      const cantons = read(CANTON_FILES[0]);
      const n = async (sql: string) => Number((await db.query<{ n: number }>(sql))[0].n);
      expect(await n('SELECT count(*) AS n FROM communes')).toBe(communes.features.length);
      expect(await n('SELECT count(*) AS n FROM cantons')).toBe(cantons.features.length);
      const commune = communes.features.find((f) => f.properties.code === '58001')!.properties.nom;
      const canton = cantons.features.find((f) => f.properties.code === '58001')!.properties.nom;
      expect(commune).not.toBe(canton);
      expect(await db.query(`SELECT nom FROM communes WHERE code = '58001'`)).toEqual([{ nom: commune }]);
      expect(await db.query(`SELECT nom FROM cantons WHERE code = '58001'`)).toEqual([{ nom: canton }]);
      expect(await contourOverlapNotices(db, 'cantons-58-nievre.geojson')).toEqual([]);
    });

    it('a second contour file for some of the same communes is said, with the file whose contour is kept', async () => {
      const raw = read(COMMUNE_FILES[0]);
      const some = raw.features.slice(0, 5);
      await replaceDataset(db, 'autres-contours.geojson', imported('autres-contours.geojson', bytesOf({ type: 'FeatureCollection', features: some })).output.rows);
      // One contour per code, the first dataset by name: "autres-contours…" < "communes-58…".
      const notices = await contourOverlapNotices(db, 'autres-contours.geojson');
      expect(notices).toEqual([
        '5 commune(s) de ce fichier ont déjà un contour chargé depuis « communes-58-nievre.geojson » : un seul contour par commune est utilisé ; ceux de ce fichier remplacent les siens.',
      ]);
      expect(await contourOverlapNotices(db, 'communes-58-nievre.geojson')).toEqual([
        '5 commune(s) de ce fichier ont déjà un contour chargé depuis « autres-contours.geojson » : un seul contour par commune est utilisé ; ceux de « autres-contours.geojson » sont gardés, ceux de ce fichier sont ignorés.',
      ]);
    });
  });
});
