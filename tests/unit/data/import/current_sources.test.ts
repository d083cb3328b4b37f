/**
 * Issue 14: importers for the files the official services publish today (ARCEP fixed with
 * cumulative classes, ARCEP quarterly sites in every boolean form, ARCEP per-commune coverage,
 * INSEE ages in every column variant and from the Melodi API), on small hand-made fixtures that
 * copy the published headers (tests/fixtures/<format>/). Each case fails on the importers of
 * before the issue (classes added as exclusive, `Operateur,x,y,4G` only, no coverage table…).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, type ImportedFile } from '../../../../src/data/import/import_file.ts';
import { ageInterval, bandValue } from '../../../../src/data/import/formats/insee_melodi.ts';
import { debitScopeOfFile } from '../../../../src/data/import/formats/arcep_fixed.ts';

const fixture = (p: string) => readFileSync(resolve(import.meta.dirname, '../../../fixtures', p));

function imported(name: string, bytes: Uint8Array | string): ImportedFile {
  const r = importFile(name, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  if (r.needsMapping) throw new Error(`${name} not recognised: ${r.reason}`);
  return r;
}
const load = (dir: string, file: string) => imported(file, fixture(`${dir}/${file}`));

describe('ARCEP fixed broadband, "Ma connexion internet"', () => {
  it('current files count speed classes cumulatively: ≥ 30 Mbit/s is read as is, never added up', () => {
    const r = load('arcep_fixe', 'commune_debit_terrestre_2026_t2.csv');
    expect(r.format.id).toBe('arcep_mci_debit');
    const rows = r.output.rows.fixed_broadband!;
    expect(rows.map((x) => [x.code, x.premises, x.thd30, x.thd1g, x.ftth])).toEqual([
      ['58001', 200, 150, 100, null], ['58002', 50, 10, 0, null], ['58003', 80, 80, 80, null],
    ]);
    // Before: 150 + 120 + 100 = 370 premises "at 30 Mbit/s" out of 200 (185 %).
    for (const x of rows) expect(x.thd30 as number).toBeLessThanOrEqual(x.premises as number);
    expect(rows[0]).toMatchObject({ classes: 'cumulatives', scope: 'accès filaires et hertziens terrestres (satellite exclu)' });
    expect(r.output.rejected).toEqual([{ line: 5, reason: expect.stringMatching(/incohérentes.*cumulatives/), values: expect.any(Object) }]);
    expect(r.output.warnings.join(' ')).toMatch(/ne donne pas les locaux raccordables en fibre/);
    expect(r.vintage).toBe('2026-06-30 (colonne date)');
  });

  it('commune_debit.csv counts satellite: its ≥ 30 Mbit/s share is not used, and it says so', () => {
    const r = load('arcep_fixe', 'commune_debit_2026_t2.csv');
    expect(r.output.rows.fixed_broadband!.map((x) => [x.thd30, x.thd1g])).toEqual([[null, 100], [null, 0]]);
    expect(r.output.warnings.join(' ')).toMatch(/compte le satellite.*commune_debit_terrestre\.csv/);
  });

  it('the file scope comes from the published name', () => {
    expect(debitScopeOfFile('commune_debit.csv')).toBe('tous');
    expect(debitScopeOfFile('2026_t2/commune_debit.csv')).toBe('tous');
    expect(debitScopeOfFile('commune_debit_terrestre.csv')).toBe('terrestre');
    expect(debitScopeOfFile('arcep-fixe-terrestre-58.csv')).toBe('terrestre');
    expect(debitScopeOfFile('commune_debit_filaire.csv')).toBe('filaire');
    expect(debitScopeOfFile('mes_donnees.csv')).toBeNull();
  });

  it('the form is read from the content: a cumulative file under the 2019 header is not added up', () => {
    const text = 'code_insee;nbr;type;inel_hd;elig_hd05;elig_hd3;elig_hd8;elig_thd30;elig_thd100;elig_thd1g;date\n58001;100;logloc;0;100;90;80;70;60;50;2026-06-30\n';
    const r = imported('commune_debit_terrestre.csv', text);
    expect(r.format.id).toBe('arcep_ma_connexion_internet');
    expect(r.output.rows.fixed_broadband![0]).toMatchObject({ thd30: 70, classes: 'cumulatives', ftth: null });
    expect(r.output.warnings.join(' ')).toMatch(/lues comme cumulatives d'après le contenu/);
  });

  it('the 2019 beta stays exclusive, with ≥ 1 Gbit/s kept only as a labelled approximation of FttH', () => {
    const text = 'Version beta\ncode_insee;nom_com;code_dep;code_reg;nbr;type;inel_hd;elig_hd05;elig_hd3;elig_hd8;elig_thd30;elig_thd100;elig_thd1g;date\n01001;A;01;84;100;logloc;0;0;0;10;20;30;40;2019-09-30\n';
    const r = imported('commune-debit-beta.csv', text);
    expect(r.output.rows.fixed_broadband![0]).toMatchObject({ thd30: 90, thd1g: 40, ftth: 40, classes: 'exclusives', ftth_basis: expect.stringMatching(/approximation/) });
    expect(r.output.warnings.join(' ')).toMatch(/approchée par la classe ≥ 1 Gbit\/s, qui compte aussi le câble/);
  });

  it('premises that can be connected to fibre come from the technology file (elig_ftth)', () => {
    const r = load('arcep_fixe', 'commune_meilleure_techno_thd_2026_t2.csv');
    expect(r.format.id).toBe('arcep_mci_techno');
    expect(r.output.rows.fixed_broadband!.map((x) => [x.code, x.premises, x.ftth, x.thd30])).toEqual([['58001', 200, 90, null], ['58002', 50, 0, null]]);
    expect(r.output.rejected[0]).toMatchObject({ line: 4, reason: expect.stringMatching(/plus de locaux éligibles à la fibre \(120\) que de locaux \(80\)/) });
  });
});

describe('ARCEP mobile sites, quarterly files', () => {
  it('reads the current header, lat/lon first, Lambert-93 when lat/lon are empty, and refuses an unreadable flag', () => {
    const r = load('arcep_sites', '2024_T3_sites_Metropole.csv');
    expect(r.format.id).toBe('arcep_sites_mobiles_trimestriels');
    const rows = r.output.rows.mobile_sites!;
    expect(rows.map((x) => [x.operator, x.g4, x.g5, x.commune_code])).toEqual([
      ['Orange', true, false, '58194'], ['SFR', false, false, '58264'], ['Free Mobile', true, true, '58300'],
    ]);
    expect(rows[0]).toMatchObject({ lon: 3.16, lat: 47 });
    expect(rows[2].lon as number).toBeCloseTo(3.08, 1);
    expect(r.output.rejected.map((x) => x.line)).toEqual([5, 6]);
    expect(r.output.rejected[1].reason).toMatch(/site_4g « peut-être » illisible/);
    expect(r.vintage).toBe('2024 T3 (nom du fichier)');
  });

  it('overseas sites have no Lambert-93: latitude/longitude are used', () => {
    const r = load('arcep_sites', '2024_T3_sites_Outremer.csv');
    expect(r.output.rows.mobile_sites).toEqual([expect.objectContaining({ operator: 'Orange Caraïbe', lon: -61.533, lat: 16.241, g4: true })]);
  });

  it('reads the True/False export and its year/quarter columns', () => {
    const r = load('arcep_sites', 'sites_export_vrai_faux.csv');
    expect(r.output.rows.mobile_sites!.map((x) => [x.operator, x.g2, x.g3, x.g4, x.g5])).toEqual([
      ['Free Mobile', false, true, true, true], ['Bouygues Telecom', true, true, false, false],
    ]);
    expect(r.vintage).toBe('2024 T3 (colonnes annee_donnee et trimestre_donnee)');
  });

  it('reads true/false text: what the tabular API gives for a 0/1 column, written back to CSV', () => {
    const text = 'code_op;nom_op;x;y;latitude;longitude;insee_com;site_2g;site_3g;site_4g;site_5g\n20801;Orange;712345;6652345;47.0;3.16;58194;true;true;true;false\n20810;SFR;700000;6640000;46.9;3.0;58264;false;true;false;false\n';
    const r = imported('arcep-sites-mobiles-58.csv', text);
    expect(r.output.rows.mobile_sites!.map((x) => x.g4)).toEqual([true, false]);
  });

  it('the 2018 file still loads (Operateur;x;y;2G;3G;4G, 0/1)', () => {
    const r = imported('2018_01_Sites_mobiles.csv', 'Operateur;x;y;2G;3G;4G\n20801;712345;6652345;1;1;0\n20810;#N/A;#N/A;1;1;1\n');
    expect(r.output.rows.mobile_sites).toEqual([expect.objectContaining({ operator: 'Orange', g4: false, g2: true })]);
    expect(r.output.rejected).toHaveLength(1);
    expect(r.vintage).toBe('2018-01 (nom du fichier)');
  });
});

describe('ARCEP per-commune coverage statistics (the 4G layer)', () => {
  it('one row per commune, technology and operator, with population and area shares', () => {
    const r = load('arcep_couverture', '2024T3_op_communes.csv');
    expect(r.format.id).toBe('arcep_couverture_communes');
    const rows = r.output.rows.mobile_coverage!;
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ code: '58194', operator: 'Orange', technology: '4G', pop_nc: 0, pop_tbc: 95, area_tbc: 90 });
    expect(r.output.rejected.map((x) => [x.line, x.reason])).toEqual([
      [7, expect.stringMatching(/code commune « ABCDE »/)], [8, expect.stringMatching(/font 40\.00 %/)],
    ]);
    expect(r.vintage).toBe('2024 T3 (nom du fichier)');
  });
});

describe('INSEE population by age', () => {
  it('75+ is POP7589 + POP90P where POP75P is absent; 65+ stays empty rather than guessed', () => {
    const r = load('insee_ages', 'base-cc-evol-struct-pop-2022.CSV');
    const rows = r.output.rows.population_age!;
    expect(rows[0]).toMatchObject({ code: '58194', pop: 32000, pop_7589: 4500, pop_90p: 500, pop_75p: 5000, pop_65p: null });
    expect(rows.map((x) => x.code)).toEqual(['58194', '58264', '2A004']);
    expect(r.output.rejected).toHaveLength(1);
    expect(r.vintage).toBe('RP 2022 (préfixe P22_ des colonnes du recensement)');
  });

  it('POP75P and POP65P are used where the file has them', () => {
    const r = load('insee_ages', 'base-cc-evol-struct-pop-2013.csv');
    expect(r.output.rows.population_age![0]).toMatchObject({ pop_75p: 5500, pop_65p: 9000, pop_7589: null });
    expect(r.vintage).toMatch(/^RP 2013/);
  });

  it('the IRIS file is added up per commune', () => {
    const r = load('insee_ages', 'base-ic-evol-struct-pop-2021.csv');
    expect(r.output.rows.population_age).toEqual([
      expect.objectContaining({ code: '58194', pop: 5000, pop_0014: 700, pop_75p: 700, pop_65p: 1200 }),
      expect.objectContaining({ code: '58264', pop: 1600, pop_75p: 300 }),
    ]);
    expect(r.output.warnings.join(' ')).toMatch(/3 IRIS regroupés en 2 communes/);
  });

  it('the Melodi API answer: latest census, both sexes, bands formed only from codes that tile them', () => {
    const r = load('insee_ages', 'melodi_DS_RP_POPULATION_PRINC_58.json');
    expect(r.format.id).toBe('insee_melodi_population_age');
    const [a, b] = r.output.rows.population_age!;
    expect(a).toMatchObject({ code: '58194', pop: 32000, pop_0014: 4000, pop_7589: 4500, pop_90p: 500, pop_75p: 5000, pop_65p: 9000 });
    expect(b).toMatchObject({ code: '58264', pop: 1600, pop_0014: 200, pop_65p: 400, pop_1529: null, pop_75p: null });
    expect(r.output.warnings.join(' ')).toMatch(/non disponibles.*75 ans ou plus/);
    expect(r.output.rejected).toEqual([expect.objectContaining({ reason: expect.stringMatching(/DEP-58.* n’est pas une commune/) })]);
    expect(r.vintage).toBe('RP 2022 (dimension TIME_PERIOD de l’API Melodi)');
  });

  it('age codes and band tiling', () => {
    expect(ageInterval('Y_LT15')).toEqual([0, 14]);
    expect(ageInterval('Y_GE90')).toEqual([90, Infinity]);
    expect(ageInterval('Y15T24')).toEqual([15, 24]);
    expect(ageInterval('SEX')).toBeNull();
    const v = new Map([['Y_LT20', 10], ['Y_LT15', 7], ['Y15T29', 5], ['Y30T44', 3]]);
    expect(bandValue(v, 0, 44)).toBe(15);
    expect(bandValue(v, 0, 19)).toBe(10);
    expect(bandValue(v, 15, 19)).toBeNull();
  });
});
