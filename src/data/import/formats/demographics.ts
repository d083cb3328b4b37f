/** INSEE-derived demographic tables and the Filosofi population grid. */
import { hasColumns, type FileFormat, type Rejected, type Row } from '../format.ts';
import { laea3035ToWgs84 } from '../../../domain/projection.ts';
import { inseeCode, int, num, str } from './shared.ts';

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
};

const AGE_PREFIX = /^P(\d\d)_POP$/;

export const inseePopulationByAge: FileFormat = {
  id: 'insee_population_age',
  label: "Population par tranche d'âge (INSEE, recensement)",
  source: 'INSEE – recensement, population par âge',
  type: 'csv',
  detect: (s) => s.type === 'csv' && s.header.includes('CODGEO') && s.header.some((h) => AGE_PREFIX.test(h)),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const yearColumn = Object.keys(input.rows[0]?.values ?? {}).find((h) => AGE_PREFIX.test(h)) ?? 'P21_POP';
    const p = yearColumn.slice(0, 4); // e.g. "P21_"
    const { rows, rejected } = perCommune(input, 'CODGEO', (v, code) => ({
      code,
      pop: int(v[`${p}POP`]),
      pop_0014: int(v[`${p}POP0014`]),
      pop_1529: int(v[`${p}POP1529`]),
      pop_3044: int(v[`${p}POP3044`]),
      pop_4559: int(v[`${p}POP4559`]),
      pop_6074: int(v[`${p}POP6074`]),
      pop_7589: int(v[`${p}POP7589`]),
      pop_90p: int(v[`${p}POP90P`]),
      pop_65p: int(v[`${p}POP65P`]),
      pop_75p: int(v[`${p}POP75P`]),
    }));
    return { rows: { population_age: rows }, rejected, warnings: [] };
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
};
