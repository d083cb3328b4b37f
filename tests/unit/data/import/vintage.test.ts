/**
 * Issue 13, item 6: the vintage of every real file is read by the importers (file name, date
 * column, or documented vintage of a recognised official file) and says how it was found. The
 * real files are read in place; the table is skipped loudly when they are missing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { filosofiVintage } from '../../../../src/data/import/formats/demographics.ts';
import { importFile } from '../../../../src/data/import/import_file.ts';
import { isoDate, vintageFromDateColumn, vintageFromFileName } from '../../../../src/data/import/vintage.ts';
import { sourceRow } from '../../../../src/data/workspace.ts';
import { CsvImportStream } from '../../../../src/data/import/import_stream.ts';
import { hasRaw, rawPath } from '../../../helpers/fixtures.ts';

describe('vintage from a file name', () => {
  it.each([
    ['liste-fs-20240801.csv', '2024-08-01'],
    ['liste-fs-com2024-20240910.csv', '2024-09-10'],
    ['2024_T3_sites_Metropole.csv', '2024 T3'],
    ['2023T3_op_communes.csv', '2023 T3'],
    ['2018_01_Sites_mobiles_2G_3G_4G_France_metropolitaine_L93.csv', '2018-01'],
    ['export-2025-09-30.csv', '2025-09-30'],
  ])('%s → %s', (name, value) => {
    expect(vintageFromFileName(name)).toEqual({ value, how: 'nom du fichier' });
  });

  it.each(['france-services-58.csv', 'communes-200067759.geojson', 'liste-fs-20241301.csv', 'base-cc-evol-struct-pop-2022.CSV', 'arcep-sites-mobiles-971.csv'])(
    'nothing from %s',
    (name) => expect(vintageFromFileName(name)).toBeNull(),
  );

  it('dates in a column: the one date, or the most recent said so', () => {
    expect(isoDate('30/09/2019')).toBe('2019-09-30');
    expect(isoDate('2021-03-01T00:00:00Z')).toBe('2021-03-01');
    expect(isoDate('2019-02-30')).toBeNull();
    expect(vintageFromDateColumn([{ date: '2019-09-30' }, { date: '2019-09-30' }], 'date')).toEqual({ value: '2019-09-30', how: 'colonne date' });
    expect(vintageFromDateColumn([{ d: '01/02/2021' }, { d: '15/04/2022' }, { d: '' }], 'd')).toEqual({ value: '2022-04-15', how: 'date la plus récente de la colonne d' });
  });

  it('the sources row takes the vintage given with the file first, else the one read from it', () => {
    const r = importFile('liste-fs-20240801.csv', new TextEncoder().encode('"id_fs","lib_fs","insee_com","latitude","longitude","type_fs","format_fs"\n"1","FS","58194",47,3.1,"Principal","Fixe"\n'));
    if (r.needsMapping) throw new Error('not recognised');
    expect(sourceRow({ name: r.file }, r, 1, 0).vintage).toBe('2024-08-01 (nom du fichier)');
    expect(sourceRow({ name: r.file, vintage: '2025' }, r, 1, 0).vintage).toBe('2025');
  });
});

describe('vintage of a file read as a stream (big files)', () => {
  it('is read on the first batch, as importFile reads it', async () => {
    const text = `CODGEO;P22_POP;P22_POP0014;P22_POP7589;P22_POP90P\n${Array.from({ length: 30 }, (_, i) => `58${String(i + 1).padStart(3, '0')};100;10;8;2`).join('\n')}\n`;
    const bytes = new TextEncoder().encode(text);
    async function* pieces() {
      for (let i = 0; i < bytes.length; i += 64) yield bytes.subarray(i, i + 64);
    }
    const s = new CsvImportStream('base-cc-evol-struct-pop-2022.CSV', pieces(), { batchRows: 7, pieceBytes: 64 });
    await s.open();
    while (await s.next()) { /* batches */ }
    expect(s.summary().result.vintage).toBe('RP 2022 (préfixe P22_ des colonnes du recensement)');
    const whole = importFile('base-cc-evol-struct-pop-2022.CSV', bytes);
    expect(whole.needsMapping ? null : whole.vintage).toBe(s.summary().result.vintage);
  });
});

/** Every real file an importer reads, with the vintage it must find (null: not knowable from the file). */
const REAL: [path: string, vintage: string | null][] = [
  ['anct-france-services/liste-fs-20240801.csv', '2024-08-01 (nom du fichier)'],
  ['anct-france-services-2020/france_services.geojson', '2020-09-01 (date de labellisation la plus récente, colonne Labellisation)'],
  ['anct-conseillers-numeriques-cnfs/cnfs.json', '2021-05-19 (date la plus récente de la colonne date_de_validation_en_comité_de_sélection)'],
  ['hinaura-lieux-mediation/source.json', '2022-09-30 (date la plus récente de la colonne date_maj)'],
  ['mednum-bfc-lieux-mediation/bfc-ternum-dataset.csv', '2022-05-17 (date la plus récente de la colonne mise_a_jour)'],
  ['arcep-ma-connexion-internet-2019/commune-debit-beta.csv', '2019-09-30 (colonne date)'],
  ['arcep-sites-mobiles-2018/2018_01_Sites_mobiles_2G_3G_4G_France_metropolitaine_L93.csv', '2018-01 (nom du fichier)'],
  ['insee-derived-dataforgood-ifn/Communes.csv', 'populations légales 2017 (total national reconnu, en vigueur au 1er janvier 2020)'],
  ['insee-derived-dataforgood-ifn/data_scol_menage_demandeurEmplois.csv', 'RP 2017 (millésime documenté du tableau Data For Good, géographie au 1er janvier 2020)'],
  ['insee-derived-dataforgood-ifn/taux_pauvrete.csv', 'IRCOM 2018–2019 (millésime documenté du tableau Data For Good)'],
  // Cut down to x, y, Ind by its author: the capitalised Ind is INSEE's naming of 2015 and 2017 only.
  ['insee-filosofi-carreaux-lot46/pop.csv', 'Filosofi 2015 ou 2017 (colonne Ind en majuscule, écrite ind à partir de 2019 ; le fichier ne dit pas lequel des deux)'],
  ['insee-derived-dataforgood-ifn/table_iris_insee_epci.csv', '2020 (référentiel IRIS de l’INSEE, millésime documenté de la copie Data For Good)'],
  // No date in the file nor in its name, and no structure that only one release has: the folders'
  // SOURCE.md give approximate download dates (libraries, La Poste ≈2020) or a COG year the
  // france-geojson files share with their earlier GEOFLA 2016 release (same code / nom properties).
  ['culture-bibliotheques-publiques/adresses-des-bibliotheques-publiques.csv', null],
  ['laposte-hexasmal/laposte_hexasmal.csv', null],
  ['ign-admin-express-2018-geojson/communes-58-nievre.geojson', null],
];

describe.skipIf(!REAL.every(([p]) => hasRaw(p)))('vintage of every real file', () => {
  it.each(REAL)('%s', (path, expected) => {
    const r = importFile(path.split('/').pop()!, readFileSync(rawPath(path)));
    expect(r.needsMapping).toBe(false);
    if (!r.needsMapping) expect(r.vintage ?? null).toBe(expected);
  });
});

describe('filosofiVintage: INSEE column names of each release', () => {
  it.each([
    [['IdINSPIRE', 'Id_carr1km', 'I_est_1km', 'Id_carr_n', 'Groupe', 'Depcom', 'I_pauv', 'Id_car2010', 'Ind', 'Men'], 'Filosofi 2015'],
    [['Idcar_1km', 'Idcar_nat', 'I_est_1km', 'lcog_geo', 'Groupe', 'Ind', 'Men'], 'Filosofi 2017'],
    [['x', 'y', 'Ind'], 'Filosofi 2015 ou 2017'],
    [['idcar_1km', 'i_est_1km', 'lcog_geo', 'ind'], null],
  ] as [string[], string | null][])('%j → %s', (columns, expected) => expect(filosofiVintage(columns)?.value ?? null).toBe(expected));
});
