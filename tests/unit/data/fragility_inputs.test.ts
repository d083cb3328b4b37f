/**
 * The 4G and fibre inputs of the fragility index (issue 14, point 3 and the FttH measure of
 * point 1): ARCEP's per-commune coverage statistics when they are loaded, else the site proxy;
 * explicit FttH premises when a technology file is loaded, else ≥ 30 Mbit/s; and which one was
 * used, per commune. Small hand-made files into the real DuckDB engine (Node).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceDataset } from '../../../src/data/insert.ts';
import { indicatorBases } from '../../../src/data/diagnosis_io.ts';
import { BASIS, communeFactsSql, fragilityInputsSql, type CommuneFactsRow, type FragilityInputRow } from '../../../src/data/queries/diagnosis.ts';
import type { SqlEngine } from '../../../src/data/sql_engine.ts';
import { prepareSchema } from '../../../src/data/workspace.ts';
import { loadTestFile } from '../../helpers/load_file.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';
import { snapshotForReads } from '../../helpers/snapshot.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const square = (lon: number, lat: number) => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.05, lat], [lon + 0.05, lat + 0.05], [lon, lat + 0.05], [lon, lat]]] });
const COMMUNES = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: square(3.1, 46.95), properties: { code: '58194', nom: 'Nevers', codeDepartement: '58', population: 32000, mairie: { type: 'Point', coordinates: [3.12, 46.98] } } },
    { type: 'Feature', geometry: square(3.1, 46.85), properties: { code: '58264', nom: 'Saint-Pierre', codeDepartement: '58', population: 1900, mairie: { type: 'Point', coordinates: [3.12, 46.88] } } },
  ],
});
const DEBIT = 'code_insee;nom_com;nbr;type;inel_hd;elig_hd05;elig_hd3;elig_bhd8;elig_thd30;elig_thd100;elig_thd1g;date\n58194;Nevers;200;logloc;0;200;190;180;150;120;100;2026-06-30\n58264;Saint-Pierre;100;logloc;0;100;80;60;40;10;10;2026-06-30\n';
const TECHNO = 'code_insee;nom_com;nbr;type;elig_ftth;elig_coax;date\n58194;Nevers;200;logloc;90;10;2026-06-30\n58264;Saint-Pierre;100;logloc;5;0;2026-06-30\n';
const COVERAGE = '"techno";"mcc_mnc";"commune";"couv_nc";"couv_cl";"couv_bc";"couv_tbc";"pop_nc";"pop_cl";"pop_bc";"pop_tbc"\n"4G";20801;"58194";0;0;10;90;0;0;10;90\n"4G";20810;"58194";10;0;10;80;10;0;10;80\n"4G";20801;"58264";30;10;30;30;20;10;40;30\n"2G";20801;"58264";90;0;0;10;90;0;0;10\n';

describe('fragility inputs: coverage statistics before the site proxy, explicit FttH before ≥ 30 Mbit/s', () => {
  let db: SqlEngine;
  const facts = async () => {
    await snapshotForReads(db);
    return Object.fromEntries((await db.query<CommuneFactsRow>(communeFactsSql('france_services'))).map((r) => [r.id, r]));
  };

  beforeAll(async () => {
    db = await openNodeDuckDB();
    await prepareSchema(db);
    await loadTestFile(db, { name: 'communes-58.geojson', bytes: enc(COMMUNES) });
    await loadTestFile(db, { name: 'arcep-fixe-terrestre-58.csv', bytes: enc(DEBIT) });
    // The site proxy, as the session computes it: share of operators without a 4G site nearby.
    await replaceDataset(db, 'calcul:proxy_4g', { mobile_proxy: [{ target: 'commune', target_id: '58194', uncovered: 0.25 }, { target: 'commune', target_id: '58264', uncovered: 0.75 }] });
  }, 60_000);
  afterAll(() => db?.close());

  it('without the coverage file nor the technology file: site proxy and ≥ 30 Mbit/s, said so', async () => {
    const f = await facts();
    expect(f['58194']).toMatchObject({ no4g: 0.25, no4g_basis: BASIS.sitesCentre, no_fibre_basis: BASIS.thd30 });
    expect(f['58194'].no_fibre).toBeCloseTo(1 - 150 / 200, 10);
    expect(f['58264'].no_fibre).toBeCloseTo(1 - 40 / 100, 10);
  });

  it('with them: no 4G = share of the population without 4G, averaged over operators; no fibre = 1 − FttH share', async () => {
    await loadTestFile(db, { name: 'arcep-fibre-58.csv', bytes: enc(TECHNO) });
    await loadTestFile(db, { name: '2024T3_op_communes.csv', bytes: enc(COVERAGE) });
    const f = await facts();
    expect(f['58194'].no4g).toBeCloseTo(0.05, 10);
    expect(f['58264'].no4g).toBeCloseTo(0.2, 10); // the 2G row is not 4G
    expect(f['58194']).toMatchObject({ no4g_basis: BASIS.coverage, no_fibre_basis: BASIS.ftth });
    expect(f['58194'].no_fibre).toBeCloseTo(1 - 90 / 200, 10);
    expect(f['58264'].no_fibre).toBeCloseTo(1 - 5 / 100, 10);
    // The commune view takes ≥ 30 Mbit/s and FttH from their own files, each with its own premises.
    const [v] = await db.query<{ ftth_rate: number; thd30_rate: number }>("SELECT ftth_rate, thd30_rate FROM commune_view WHERE code = '58194'");
    expect(v.ftth_rate).toBeCloseTo(0.45, 10);
    expect(v.thd30_rate).toBeCloseTo(0.75, 10);
    const inputs = await db.query<FragilityInputRow>(fragilityInputsSql());
    expect(inputs.map((r) => [r.indicator, r.basis, Number(r.communes)])).toEqual([['no4g', BASIS.coverage, 2], ['no_fibre', BASIS.ftth, 2]]);
    // As the method text and the labels read them.
    expect(indicatorBases(inputs)).toEqual({ noFibre: { ftth: 2 }, no4g: { coverage: 2 } });
  });
});
