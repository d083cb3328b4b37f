/**
 * The EPCI and choropleth queries on the real Nièvre files (read in place from the shared folder,
 * never copied), loaded as the app loads them: importers, today's COG (communes and EPCI from
 * @etalab/decoupage-administratif), DuckDB, the territory "58". Skipped loudly when files are missing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epciFiguresSql, type EpciFiguresRow } from '../../../src/data/queries/diagnosis.ts';
import { communesSql, epciOptionsSql, keyFiguresSql, type CommuneRow } from '../../../src/data/queries/dashboard.ts';
import type { SqlEngine } from '../../../src/data/sql_engine.ts';
import { applyTerritory } from '../../../src/data/territory.ts';
import { prepareSchema } from '../../../src/data/workspace.ts';
import { loadTestFile } from '../../helpers/load_file.ts';
import { classBreaks, summarizeClasses } from '../../../src/domain/classify.ts';
import { loadCogTable, loadEpciTable, type CogTable, type EpciRecord } from '../../../src/domain/cog.ts';
import { classesFor, legendItems } from '../../../src/map/choropleth.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';
import { snapshotForReads } from '../../helpers/snapshot.ts';
import { hasRaw, rawPath } from '../../helpers/fixtures.ts';

const FILES = [
  'ign-admin-express-2018-geojson/communes-58-nievre.geojson',
  'insee-derived-dataforgood-ifn/Communes.csv',
  'insee-derived-dataforgood-ifn/table_iris_insee_epci.csv',
  'arcep-ma-connexion-internet-2019/commune-debit-beta.csv',
];
const available = FILES.every((f) => hasRaw(f));
const EPCI_JSON: EpciRecord[] = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/epci.json');

/** As the import worker loads it (workers/import_handlers.ts): today's communes and EPCI. */
let cogOnce: Promise<CogTable> | null = null;
const cogWithEpci = () => (cogOnce ??= Promise.all([loadCogTable(), loadEpciTable()]).then(([c, epci]) => ({ ...c, epci })));

async function loadNievre(files: readonly string[], cog: CogTable): Promise<SqlEngine> {
  const db = await openNodeDuckDB();
  await prepareSchema(db);
  for (const rel of files) {
    const name = rel.split('/').pop()!;
    const r = await loadTestFile(db, { name, bytes: readFileSync(rawPath(rel)) }, { cog });
    if (r.needsMapping) throw new Error(`${rel} not recognised`);
  }
  await applyTerritory(db, { type: 'departement', code: '58' }, { bufferKm: 20 });
  await snapshotForReads(db);
  return db;
}

describe.skipIf(!available)('EPCI of the real Nièvre files', () => {
  let db: SqlEngine;
  let contoursOnly: SqlEngine;
  beforeAll(async () => {
    const cog = await cogWithEpci();
    db = await loadNievre(FILES, cog);
    contoursOnly = await loadNievre([FILES[0], FILES[1]], cog);
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    await contoursOnly?.close();
  });

  it('the IRIS→EPCI table attaches all 309 communes to 13 EPCI, named as in the COG package (epci.json)', async () => {
    const rows = await db.query<EpciFiguresRow>(epciFiguresSql('france_services', 30));
    expect(rows).toHaveLength(13);
    expect(rows.reduce((n, r) => n + Number(r.communes), 0)).toBe(309);
    expect(rows.map((r) => r.epci)).not.toContain('Sans EPCI renseigné');
    const names = new Map(EPCI_JSON.map((e) => [e.code, e.nom]));
    for (const r of rows) {
      expect(r.siren).toMatch(/^\d{9}$/);
      expect(r.epci).toBe(names.get(r.siren!));
    }
    expect(rows.map((r) => r.epci)).toContain('CA de Nevers');
    const [k] = await db.query<{ epcis: number }>(keyFiguresSql(10, 10));
    expect(Number(k.epcis)).toBe(13);
  });

  it('every commune row carries its EPCI name, and the territory selector lists names', async () => {
    const communes = await db.query<CommuneRow>(communesSql());
    expect(communes.filter((c) => c.epci_nom === null)).toEqual([]);
    expect(communes.find((c) => c.code === '58194')?.epci_nom).toBe('CA de Nevers');
    const options = await db.query<{ siren: string; nom: string }>(epciOptionsSql());
    expect(options).toHaveLength(13);
    expect(options.every((o) => !/^\d+$/.test(o.nom))).toBe(true);
  });

  it('contours alone (no membership file): communes attached to their EPCI of today from the COG', async () => {
    const rows = await contoursOnly.query<EpciFiguresRow>(epciFiguresSql('france_services', 30));
    expect(rows.reduce((n, r) => n + Number(r.communes), 0)).toBe(309);
    expect(rows.find((r) => r.epci === 'Sans EPCI renseigné')).toBeUndefined();
    // 58238 moved from CC Loire et Allier (2020 IRIS table) to the CA de Nevers in today's COG.
    const [c] = await contoursOnly.query<{ epci: string }>("SELECT epci FROM commune_view WHERE code = '58238'");
    expect(c.epci).toBe('245804406');
    const [f] = await db.query<{ epci: string }>("SELECT epci FROM commune_view WHERE code = '58238'");
    expect(f.epci).toBe('245801063'); // the membership file, when loaded, comes first
  });
});

describe.skipIf(!available)('fibre classes on the real ARCEP 2019 values of the Nièvre', () => {
  let db: SqlEngine;
  let rates: number[];
  beforeAll(async () => {
    db = await loadNievre(FILES, await cogWithEpci());
    const communes = await db.query<CommuneRow>(communesSql());
    rates = communes.map((c) => c.ftth_rate).filter((v): v is number => v !== null);
  }, 180_000);
  afterAll(() => db?.close());

  it('the values the app loads: 309 communes, most at 0 %, the highest ≈ 79.8 %', () => {
    expect(rates).toHaveLength(309);
    const zeros = rates.filter((v) => v === 0).length;
    expect(zeros / rates.length).toBeGreaterThan(0.7);
    expect(Math.max(...rates)).toBeCloseTo(0.798, 3);
  });

  it.each(['quantiles', 'jenks'] as const)('%s: 0 % is a class of its own, the other values share the other classes', (method) => {
    const breaks = classBreaks(rates, 5, method);
    const summary = summarizeClasses(rates, breaks);
    const zeros = rates.filter((v) => v === 0).length;
    expect(breaks.length).toBeGreaterThanOrEqual(2);
    expect(summary[0]).toEqual({ count: zeros, min: 0, max: 0 });
    expect(summary.every((s) => s.count > 0)).toBe(true);
    expect(summary[summary.length - 1].max).toBe(Math.max(...rates));
  });

  it('the fibre layer of the map has several classes, named by the method, never "toutes les communes"', async () => {
    const communes = await db.query<CommuneRow>(communesSql());
    const classes = classesFor('ftth_rate', communes);
    expect(classes.breaks.length).toBeGreaterThanOrEqual(2);
    const labels = legendItems('ftth_rate', classes).map((i) => i.label);
    expect(labels.join(' | ')).not.toMatch(/toutes les communes/);
    expect(labels[0]).toMatch(/^0,0\s%\s\(302 communes\)$/);
    console.info(`Nièvre, fibre 2019 (${classes.method}): ${labels.join(' | ')}`);
  });
});
