/**
 * Issue 14 through the dashboard's own query (communesSql) on the real DuckDB engine (Node), with
 * small hand-made files:
 * - the "fibre" figure carries what it measures (2019 file: ≥ 1 Gbit/s, cable included; technology
 *   file: FTTH) up to the labels of the map, the tables and the exports;
 * - ARCEP's per-commune 4G coverage becomes the share of the population with no 4G coverage,
 *   averaged over the operators, with its vintage; null (not 0) where no file gives it.
 * Expected values are counted by hand from the rows below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communesSql, type CommuneRow } from '../../../src/data/queries/dashboard.ts';
import type { SqlEngine } from '../../../src/data/sql_engine.ts';
import { prepareSchema } from '../../../src/data/workspace.ts';
import { loadTestFile } from '../../helpers/load_file.ts';
import { variableSource, variableSpec } from '../../../src/map/choropleth.ts';
import { fibreLabelsOf } from '../../../src/domain/fixed_labels.ts';
import { communeColumns, communesCsv } from '../../../src/ui/export_files.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';
import { snapshotForReads } from '../../helpers/snapshot.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const square = (lon: number, lat: number) => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.05, lat], [lon + 0.05, lat + 0.05], [lon, lat + 0.05], [lon, lat]]] });
const commune = (code: string, nom: string, lat: number) =>
  ({ type: 'Feature', geometry: square(3.1, lat), properties: { code, nom, codeDepartement: '58', population: 1000 } });
const COMMUNES = JSON.stringify({
  type: 'FeatureCollection',
  features: [commune('58194', 'Nevers', 46.95), commune('58264', 'Saint-Pierre', 46.85), commune('58001', 'Achun', 47.1)],
});
// 2019 beta: exclusive classes adding up to nbr. ≥ 1 Gbit/s: Nevers 80 / 200, Saint-Pierre 10 / 100; Achun absent.
const DEBIT_2019 = 'code_insee;nom_com;code_dep;code_reg;nbr;type;inel_hd;elig_hd05;elig_hd3;elig_hd8;elig_thd30;elig_thd100;elig_thd1g;date\n'
  + '58194;Nevers;58;27;200;logloc;0;10;10;20;30;50;80;2019-09-30\n'
  + '58264;Saint-Pierre;58;27;100;logloc;0;20;20;20;20;10;10;2019-09-30\n';
// Technology file, Nevers only: 90 of 200 premises can be connected to fibre.
const TECHNO = 'code_insee;nom_com;nbr;type;elig_ftth;elig_coax;date\n58194;Nevers;200;logloc;90;10;2026-06-30\n';
// 4G: Nevers 0 % (Orange) and 10 % (SFR) → 5 %; Saint-Pierre: Orange twice (merged communes: 20 and 40 → 30), Free 10 → (30 + 10) / 2 = 20 %;
// the 2G row is ignored; Achun has no row.
const COVERAGE = '"techno";"mcc_mnc";"commune";"couv_nc";"couv_cl";"couv_bc";"couv_tbc";"pop_nc";"pop_cl";"pop_bc";"pop_tbc"\n'
  + '"4G";20801;"58194";0;0;10;90;0;0;10;90\n'
  + '"4G";20810;"58194";10;0;10;80;10;0;10;80\n'
  + '"4G";20801;"58264";30;10;30;30;20;10;40;30\n'
  + '"4G";20801;"58264";30;10;30;30;40;10;20;30\n'
  + '"4G";20815;"58264";30;10;30;30;10;10;50;30\n'
  + '"2G";20801;"58264";90;0;0;10;90;0;0;10\n';

describe('commune view: what the fibre figure measures, and the 4G coverage', () => {
  let db: SqlEngine;
  const communes = async () => {
    await snapshotForReads(db);
    return db.query<CommuneRow>(communesSql());
  };
  const byCode = async () => Object.fromEntries((await communes()).map((c) => [c.code, c]));

  beforeAll(async () => {
    db = await openNodeDuckDB();
    await prepareSchema(db);
    await loadTestFile(db, { name: 'communes-58.geojson', bytes: enc(COMMUNES) });
    await loadTestFile(db, { name: 'commune-debit-beta.csv', bytes: enc(DEBIT_2019) });
  }, 60_000);
  afterAll(() => db?.close());

  it('the 2019 file alone: ≥ 1 Gbit/s shares, named as an approximation that includes cable, everywhere', async () => {
    const rows = await communes();
    const c = await byCode();
    expect(c['58194'].ftth_rate).toBeCloseTo(80 / 200, 10);
    expect(c['58264'].ftth_rate).toBeCloseTo(10 / 100, 10);
    expect(c['58001'].ftth_rate).toBeNull();
    expect(variableSpec('ftth_rate', rows).label).toBe('Locaux éligibles à ≥ 1 Gbit/s, approximation (câble compris)');
    const header = communeColumns(rows).find((col) => col.key === 'ftth_rate')!.label;
    expect(header).toBe('Éligibilité ≥ 1 Gbit/s, approximation (câble compris)');
    const csv = new TextDecoder().decode(communesCsv(rows)).replace(/^\uFEFF/, '').split(/\r?\n/);
    // Cells with a comma are quoted (RFC 4180).
    expect(csv[0]).toContain(';"Éligibilité ≥ 1 Gbit/s, approximation (câble compris)";Mesure de la part fibre;');
    expect(csv[0]).not.toMatch(/FTTH/);
    const nevers = csv.find((l) => l.startsWith('Nevers;'))!;
    expect(nevers).toMatch(/;0,4;"≥ 1 Gbit\/s, approximation \(câble compris\)";$/);
  });

  it('with the technology file: FTTH where it gives the commune, the approximation elsewhere, said per commune', async () => {
    await loadTestFile(db, { name: 'arcep-fibre-58.csv', bytes: enc(TECHNO) });
    const rows = await communes();
    const c = await byCode();
    expect(c['58194'].ftth_rate).toBeCloseTo(90 / 200, 10);
    expect(fibreLabelsOf([c['58194']]).short).toBe('Éligibilité fibre (FTTH)');
    expect(c['58264'].ftth_rate).toBeCloseTo(10 / 100, 10);
    expect(fibreLabelsOf([c['58264']]).short).toBe('Éligibilité ≥ 1 Gbit/s, approximation (câble compris)');
    expect(variableSpec('ftth_rate', rows).label).toBe('Locaux éligibles à la fibre (FTTH) ou, selon la commune, à ≥ 1 Gbit/s, approximation (câble compris)');
  });

  it('4G: nothing before the coverage file, then the share without 4G averaged over operators, with its vintage', async () => {
    expect((await communes()).map((c) => c.no4g_share)).toEqual([null, null, null]);
    await loadTestFile(db, { name: '2024T3_op_communes.csv', bytes: enc(COVERAGE) });
    const c = await byCode();
    expect(c['58194'].no4g_share).toBeCloseTo(0.05, 10);
    expect(c['58264'].no4g_share).toBeCloseTo(0.2, 10);
    expect(c['58001'].no4g_share).toBeNull();
    const [src] = await db.query<{ vintage: string }>("SELECT vintage FROM sources WHERE file = '2024T3_op_communes.csv'");
    expect(src.vintage).toMatch(/2024/);
    expect(c['58194'].no4g_vintage).toBe(src.vintage);
    expect(variableSource('no4g_share', Object.values(c))).toBe(`Mon réseau mobile, couverture 4G par commune (ARCEP), millésime ${src.vintage}`);
  });
});
