/** INSEE-derived demographic tables and the Filosofi population grid. */
import { hasColumns, type FileFormat, type Rejected, type Row } from '../format.ts';
import { laea3035ToWgs84 } from '../../../domain/projection.ts';
import { inseeCode, int, num, str } from './shared.ts';
import { vintageFromFileName, type Vintage } from '../vintage.ts';

/** Runs `toRow` on every CSV row whose commune code is valid; others are rejected with a reason. */
function perCommune(
  input: Parameters<FileFormat['parse']>[0],
  codeColumn: string,
  toRow: (v: Record<string, string>, code: string) => Row,
) {
  if (input.type !== 'csv') throw new Error('csv expected');
  const rejected: Rejected[] = [];
  const rows: Row[] = [];
  for (const { line, values } of input.rows) {
    const code = inseeCode(values[codeColumn]);
    if (!code) {
      rejected.push({ line, reason: `code commune « ${values[codeColumn] ?? ''} » invalide (colonne ${codeColumn})` });
      continue;
    }
    rows.push(toRow(values, code));
  }
  return { rows, rejected };
}

export const inseeLegalPopulation: FileFormat = {
  id: 'insee_populations_legales',
  label: 'Populations légales des communes (INSEE)',
  source: 'INSEE – populations légales',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, ['DEPCOM', 'COM', 'PMUN', 'PTOT']),
  parse(input) {
    const { rows, rejected } = perCommune(input, 'DEPCOM', (v, code) => ({
      code, nom: str(v.COM), pmun: int(v.PMUN), pcap: int(v.PCAP), ptot: int(v.PTOT),
    }));
    return { rows: { legal_population: rows }, rejected, warnings: [] };
  },
  vintage: (ctx) => legalPopulationVintage(ctx.records) ?? vintageFromFileName(ctx.file),
};

/**
 * National totals of the municipal population (PMUN) that identify a legal-population file:
 * a whole-France file whose PMUN adds up to one of them is that vintage. 66,524,339 is the
 * legal population of 2017 (in force on 1 January 2020), as INSEE's note gives it (cited by a
 * public R script checking `sum(P17_POP)` against it); it is the total of the Data For Good copy
 * (insee-derived-dataforgood-ifn/Communes.csv).
 */
const LEGAL_POPULATION_TOTALS: ReadonlyMap<number, string> = new Map([[66_524_339, 'populations légales 2017']]);

function legalPopulationVintage(records: readonly Record<string, string>[]): Vintage | null {
  let total = 0;
  for (const r of records) total += int(r.PMUN) ?? 0;
  const known = LEGAL_POPULATION_TOTALS.get(total);
  return known ? { value: known, how: 'total national reconnu, en vigueur au 1er janvier 2020' } : null;
}

/**
 * INSEE census population by age, commune or IRIS files (base-cc-evol-struct-pop-AAAA.CSV,
 * base-ic-evol-struct-pop-AAAA.CSV). Columns are age bands prefixed by the census year:
 * `P{yy}_POP0014, P{yy}_POP1529, P{yy}_POP3044, P{yy}_POP4559, P{yy}_POP6074, P{yy}_POP7589,
 * P{yy}_POP90P`; some files also have `P{yy}_POP65P`, `P{yy}_POP0019`, `P{yy}_POP2064`, the IRIS
 * file `P{yy}_POP75P`, and older files `P{yy}_POP6579` / `P{yy}_POP80P`. 75 and over is
 * `POP75P` where present, else `POP7589 + POP90P`; 65 and over `POP65P`, else `POP6579 + POP80P`,
 * else `POP6574 + POP75P` when both exist. A band that cannot be formed stays empty, never 0.
 * IRIS rows (IRIS + COM columns) are added up per commune. Values are weighted census counts
 * (decimals), rounded here.
 * Evidence: public code reading these files (see /work/shared/data/SERVICES.md); the RP 2022 file
 * is published as https://www.insee.fr/fr/statistiques/fichier/8581696/base-cc-evol-struct-pop-2022_csv.zip
 * (inner base-cc-evol-struct-pop-2022.CSV), as read by a public data-preparation script.
 */
const AGE_COLUMN = /^P(\d\d)_POP(\d{4}|\d\dP)?$/;

function censusPrefix(columns: readonly string[]): string | null {
  const m = columns.map((c) => AGE_COLUMN.exec(c)).find((x) => x && x[2]);
  return m ? `P${m[1]}_` : null;
}

/** The band columns of one row, as numbers (null when the column is absent or empty). */
function ageRow(v: Record<string, string>, p: string) {
  const n = (band: string) => num(v[`${p}POP${band}`]);
  const sum = (...xs: (number | null)[]) => (xs.every((x) => x !== null) ? xs.reduce<number>((a, x) => a + x!, 0) : null);
  const pop75 = n('75P') ?? sum(n('7589'), n('90P'));
  const pop65 = n('65P') ?? sum(n('6579'), n('80P'));
  return {
    pop: n(''), pop_0014: n('0014'), pop_1529: n('1529'), pop_3044: n('3044'), pop_4559: n('4559'),
    pop_6074: n('6074'), pop_7589: n('7589'), pop_90p: n('90P'), pop_65p: pop65, pop_75p: pop75,
  };
}

const AGE_KEYS = ['pop', 'pop_0014', 'pop_1529', 'pop_3044', 'pop_4559', 'pop_6074', 'pop_7589', 'pop_90p', 'pop_65p', 'pop_75p'] as const;

export const inseePopulationByAge: FileFormat = {
  id: 'insee_population_age',
  label: "Population par tranche d'âge (INSEE, recensement)",
  source: 'INSEE – recensement, évolution et structure de la population (bases communale et IRIS)',
  type: 'csv',
  detect: (s) => s.type === 'csv' && (s.header.includes('CODGEO') || (s.header.includes('IRIS') && s.header.includes('COM'))) && censusPrefix(s.header) !== null,
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const columns = Object.keys(input.rows[0]?.values ?? {});
    const p = censusPrefix(columns) ?? 'P21_';
    const iris = !columns.includes('CODGEO') && columns.includes('IRIS');
    const codeColumn = iris ? 'COM' : 'CODGEO';
    const { rows, rejected } = perCommune(input, codeColumn, (v, code) => ({ code, ...ageRow(v, p) }));
    const warnings: string[] = [];
    let out = rows;
    if (iris) {
      // Several IRIS per commune: the bands are added up (a band missing in one IRIS stays empty).
      const byCode = new Map<string, Row>();
      for (const r of rows) {
        const acc = byCode.get(r.code as string);
        if (!acc) byCode.set(r.code as string, { ...r });
        else for (const k of AGE_KEYS) acc[k] = acc[k] === null || r[k] === null ? null : (acc[k] as number) + (r[k] as number);
      }
      out = [...byCode.values()];
      warnings.push(`fichier par IRIS : ${rows.length} IRIS regroupés en ${out.length} communes.`);
    }
    const rounded = out.map((r) => Object.fromEntries(Object.entries(r).map(([k, x]) => [k, typeof x === 'number' ? Math.round(x) : x])) as Row);
    if (rounded.length > 0 && rounded.every((r) => r.pop_75p === null)) warnings.push(`ni ${p}POP75P ni ${p}POP7589 + ${p}POP90P : la population de 75 ans ou plus n'est pas connue.`);
    return { rows: { population_age: rounded }, rejected, warnings };
  },
  vintage: (ctx) => {
    const p = censusPrefix(ctx.columns);
    if (!p) return vintageFromFileName(ctx.file);
    const yy = Number(p.slice(1, 3));
    return { value: `RP ${yy > 50 ? 1900 + yy : 2000 + yy}`, how: `préfixe ${p} des colonnes du recensement` };
  },
};

export const dataForGoodSocial: FileFormat = {
  id: 'dfg_scol_menage',
  label: 'Diplôme, ménages et âge par commune (INSEE RP, via Data For Good)',
  source: 'INSEE – recensement 2017 (base communale), préparé par Data For Good',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, ['CODE_INSEE', 'TX_NSCOL15P', 'TX_65ETPLUS']),
  parse(input) {
    const { rows, rejected } = perCommune(input, 'CODE_INSEE', (v, code) => ({
      code, tx_nscol15p: num(v.TX_NSCOL15P), tx_menseul: num(v.TX_MENSEUL), tx_65etplus: num(v.TX_65ETPLUS),
    }));
    return { rows: { social: rows }, rejected, warnings: [] };
  },
  // This table exists only as Data For Good's (batch 8, 2020), built from the 2017 census on the
  // geography of 1 January 2020 (see raw/insee-derived-dataforgood-ifn/SOURCE.md).
  vintage: () => ({ value: 'RP 2017', how: 'millésime documenté du tableau Data For Good, géographie au 1er janvier 2020' }),
};

export const dataForGoodPoverty: FileFormat = {
  id: 'dfg_taux_pauvrete',
  label: 'Part de foyers fiscaux à bas revenus (DGFiP IRCOM, via Data For Good)',
  source: 'DGFiP – IRCOM, préparé par Data For Good',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, ['CODE_INSEE', 'TX_POVERTY']),
  parse(input) {
    const { rows, rejected } = perCommune(input, 'CODE_INSEE', (v, code) => ({
      code, tx_poverty: num(v.TX_POVERTY),
    }));
    return { rows: { poverty: rows }, rejected, warnings: [] };
  },
  // Data For Good's table from the DGFiP IRCOM 2018/2019 (see its SOURCE.md).
  vintage: () => ({ value: 'IRCOM 2018–2019', how: 'millésime documenté du tableau Data For Good' }),
};

export const inseeIrisEpci: FileFormat = {
  id: 'insee_iris_epci',
  label: 'Table IRIS – commune – EPCI (INSEE)',
  source: 'INSEE – référentiel IRIS et appartenance géographique',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, ['CODE_IRIS', 'CODE_INSEE', 'EPCI', 'NATURE_EPCI']),
  parse(input) {
    const seen = new Set<string>();
    const { rows, rejected } = perCommune(input, 'CODE_INSEE', (v, code) => ({
      code, epci: str(v.EPCI), nature_epci: str(v.NATURE_EPCI), dep: str(v.DEP),
    }));
    const unique = rows.filter((r) => !seen.has(r.code as string) && seen.add(r.code as string));
    return { rows: { commune_epci: unique }, rejected, warnings: [] };
  },
  // Data For Good's copy (a pandas index as first, unnamed column, UU2010) is INSEE's IRIS reference of 2020.
  vintage: (ctx) =>
    ctx.columns[0] === '' && ctx.columns.includes('UU2010')
      ? { value: '2020', how: 'référentiel IRIS de l’INSEE, millésime documenté de la copie Data For Good' }
      : vintageFromFileName(ctx.file),
};

export const epciList: FileFormat = {
  id: 'epci_list',
  label: 'Liste des EPCI (SIREN, nom, nature)',
  source: 'Liste des EPCI',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, ['siren', 'nom', 'nature']),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const rows = input.rows.map(({ values: v }) => ({ siren: str(v.siren), nom: str(v.nom), nature: str(v.nature) }));
    return { rows: { epci: rows }, rejected: [], warnings: [] };
  },
};

export const filosofiGrid: FileFormat = {
  id: 'insee_filosofi_1km',
  label: 'Population carroyée 1 km (INSEE Filosofi)',
  source: 'INSEE – données carroyées Filosofi, carreaux de 1 km',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, ['x', 'y', 'Ind']),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    for (const { line, values: v } of input.rows) {
      const x = num(v.x);
      const y = num(v.y);
      const pop = num(v.Ind);
      if (x === null || y === null || x < 2_000_000 || x > 5_000_000 || y < 1_000_000 || y > 4_000_000) {
        rejected.push({ line, reason: 'coordonnées x/y absentes ou hors de la grille EPSG:3035' });
        continue;
      }
      if (pop === null) {
        rejected.push({ line, reason: 'population (Ind) absente' });
        continue;
      }
      const [lon, lat] = laea3035ToWgs84(x, y);
      rows.push({
        id: str(v.Idcar_1km) ?? `CRS3035RES1000mN${y - 500}E${x - 500}`,
        x, y, lon, lat,
        commune_code: inseeCode(v.Depcom),
        pop,
        households: num(v.Men),
        poor_households: num(v.Men_pauv),
        pop_65_79: num(v.Ind_65_79),
        pop_80p: num(v.Ind_80p),
      });
    }
    return { rows: { grid: rows }, rejected, warnings: [] };
  },
  vintage: (ctx) => vintageFromFileName(ctx.file) ?? filosofiVintage(ctx.columns),
};

/**
 * The Filosofi vintage from the columns, as INSEE named them in each release of its 1 km grid:
 * 2015 has `Id_carr1km` (and `Id_car2010`, `I_pauv`), 2017 has `Idcar_1km` with `lcog_geo`,
 * both with capitalised counts (`Ind`, `Men`); 2019 writes every column in lower case (`ind`).
 * A file cut down to `Ind` alone is 2015 or 2017, said so.
 */
export function filosofiVintage(columns: readonly string[]): Vintage | null {
  const has = (c: string) => columns.includes(c);
  if (has('Id_carr1km') || has('Id_car2010')) return { value: 'Filosofi 2015', how: 'colonnes Id_carr1km / Id_car2010, propres au millésime 2015' };
  if (has('Idcar_1km') && has('lcog_geo') && has('Ind')) return { value: 'Filosofi 2017', how: 'colonnes Idcar_1km et lcog_geo avec Ind en majuscule, propres au millésime 2017' };
  if (has('Ind')) return { value: 'Filosofi 2015 ou 2017', how: 'colonne Ind en majuscule, écrite ind à partir de 2019 ; le fichier ne dit pas lequel des deux' };
  return null;
}
