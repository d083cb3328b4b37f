/**
 * ARCEP mobile, "Mon réseau mobile": antenna sites (the 2018 exercise and the current quarterly
 * files) and per-commune coverage statistics by technology and operator.
 *
 * Current sites, `AAAA_Tn_sites_Metropole.csv` / `AAAA_Tn_sites_Outremer.csv` (`;`, UTF-8, decimal
 * point): `code_op;nom_op;num_site;id_site_partage;id_station_anfr;x;y;latitude;longitude;nom_reg;
 * nom_dep;insee_dep;nom_com;insee_com;site_2g;site_3g;site_4g;site_5g;mes_4g_trim;site_ZB;…`.
 * Flags are 0/1; another ARCEP export of the same data writes True/False (all fields quoted, NULL
 * for empty), and the data.gouv.fr tabular API gives 0/1 columns back as JSON true/false: all
 * are read (shared.ts `bool`), and a flag that is none of them is never taken for "no".
 * Overseas sites have no Lambert-93 coordinates: latitude/longitude are read first.
 * Evidence: the header and example rows documented in a public administration tool that loads
 * these files ("site" and "site_avenir" help texts; found with the search tool, see SERVICES.md).
 *
 * Coverage statistics, `AAAATn_op_communes.csv`: `"techno";"mcc_mnc";"commune";"couv_nc";
 * "couv_cl";"couv_bc";"couv_tbc";"pop_nc";"pop_cl";"pop_bc";"pop_tbc"`: shares (%) of the area
 * (couv_) and of the population (pop_) with no coverage (nc), limited (cl), good (bc) and very
 * good coverage (tbc), per technology and operator (MCC-MNC). Same evidence ("stat_commune").
 */
import { hasColumns, type FileFormat, type Rejected, type Row } from '../format.ts';
import { lambert93ToWgs84 } from '../../../domain/projection.ts';
import { vintageFromDateColumns, vintageFromFileName, type VintageContext } from '../vintage.ts';
import { bool, inseeCode, num, str } from './shared.ts';
import { checkLonLat, COORDINATE_PROBLEM_FR } from '../../../domain/projection.ts';

/** MCC-MNC → operator. */
export const OPERATORS: Readonly<Record<string, string>> = {
  '20801': 'Orange',
  '20810': 'SFR',
  '20815': 'Free Mobile',
  '20820': 'Bouygues Telecom',
};

const operatorName = (code: string | null, name?: string | null) => name ?? (code ? OPERATORS[code] ?? code : null);

/** The 2018 exercise: `Operateur;x;y;2G;3G;4G`, Lambert-93. */
export const arcepMobileSites: FileFormat = {
  id: 'arcep_sites_mobiles',
  label: 'Sites mobiles 2G/3G/4G en Lambert-93 (ARCEP, fichier 2018)',
  source: 'ARCEP – Mon réseau mobile, sites (exercice 2018)',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, ['Operateur', 'x', 'y', '4G']),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    for (const { line, values: v } of input.rows) {
      const p = lambert93OrNull(v.x, v.y);
      if (!p) {
        rejected.push({ line, reason: 'coordonnées x/y absentes ou hors de la France en Lambert-93' });
        continue;
      }
      const g4 = bool(v['4G']);
      if (g4 === null) {
        rejected.push({ line, reason: `indicateur 4G « ${v['4G'] ?? ''} » illisible (0/1, vrai/faux attendu)` });
        continue;
      }
      rows.push({ operator: operatorName(str(v.Operateur)), lon: p[0], lat: p[1], g2: bool(v['2G']), g3: bool(v['3G']), g4, g5: null, commune_code: null });
    }
    return { rows: { mobile_sites: rows }, rejected, warnings: [] };
  },
  vintage: (ctx) => vintageFromFileName(ctx.file),
};

function lambert93OrNull(xRaw: unknown, yRaw: unknown): [number, number] | null {
  const x = num(xRaw);
  const y = num(yRaw);
  if (x === null || y === null || x < 0 || x > 1_300_000 || y < 6_000_000 || y > 7_200_000) return null;
  return lambert93ToWgs84(x, y);
}

const SITE_COLUMNS = ['code_op', 'latitude', 'longitude', 'site_4g'] as const;

/** The quarterly site files (metropolitan France and overseas), and their True/False export. */
export const arcepMobileSitesQuarterly: FileFormat = {
  id: 'arcep_sites_mobiles_trimestriels',
  label: 'Sites mobiles 2G/3G/4G/5G (ARCEP, Mon réseau mobile, fichier trimestriel)',
  source: 'ARCEP – Mon réseau mobile, sites (fichiers trimestriels)',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, SITE_COLUMNS),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    let fromLambert = 0;
    for (const { line, values: v } of input.rows) {
      // WGS84 first (overseas sites have no Lambert-93); Lambert-93 only when lat/lon are missing.
      let p: [number, number] | null = null;
      const lon = num(v.longitude);
      const lat = num(v.latitude);
      const problem = checkLonLat(lon, lat);
      if (!problem) p = [lon!, lat!];
      else if ((v.latitude ?? '').trim() === '' || /^null$/i.test((v.latitude ?? '').trim())) {
        p = lambert93OrNull(v.x, v.y);
        if (p) fromLambert++;
      }
      if (!p) {
        rejected.push({ line, reason: problem ? COORDINATE_PROBLEM_FR[problem] : 'coordonnées absentes' });
        continue;
      }
      const g4 = bool(v.site_4g);
      if (g4 === null) {
        rejected.push({ line, reason: `indicateur site_4g « ${v.site_4g ?? ''} » illisible (0/1, True/False ou true/false attendu)` });
        continue;
      }
      rows.push({
        operator: operatorName(str(v.code_op), str(v.nom_op)), lon: p[0], lat: p[1],
        g2: bool(v.site_2g), g3: bool(v.site_3g), g4, g5: bool(v.site_5g), commune_code: inseeCode(v.insee_com),
      });
    }
    const warnings = fromLambert > 0 ? [`${fromLambert} site(s) sans latitude/longitude : position lue en Lambert-93 (x, y).`] : [];
    return { rows: { mobile_sites: rows }, rejected, warnings };
  },
  // `annee_donnee`/`trimestre_donnee` in the True/False export; else the file name (2024_T3_sites_…).
  vintage: (ctx) => quarterColumns(ctx) ?? vintageFromFileName(ctx.file),
};

function quarterColumns(ctx: VintageContext) {
  const first = ctx.records.find((r) => /^\d{4}$/.test((r.annee_donnee ?? '').trim()));
  if (!first) return null;
  const q = (first.trimestre_donnee ?? '').trim().replace(/^T/i, '');
  return { value: /^[1-4]$/.test(q) ? `${first.annee_donnee.trim()} T${q}` : first.annee_donnee.trim(), how: 'colonnes annee_donnee et trimestre_donnee' };
}

const COVERAGE_COLUMNS = ['techno', 'mcc_mnc', 'commune', 'couv_nc', 'couv_cl', 'couv_bc', 'couv_tbc', 'pop_nc', 'pop_cl', 'pop_bc', 'pop_tbc'] as const;
const LEVELS = ['nc', 'cl', 'bc', 'tbc'] as const;

/** Per-commune coverage statistics by technology and operator: the 4G layer a planner means. */
export const arcepCoverageCommunes: FileFormat = {
  id: 'arcep_couverture_communes',
  label: 'Couverture mobile par commune, technologie et opérateur (ARCEP, Mon réseau mobile)',
  source: 'ARCEP – Mon réseau mobile, statistiques de couverture par commune',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, COVERAGE_COLUMNS),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    for (const { line, values: v } of input.rows) {
      const code = inseeCode(v.commune);
      const techno = str(v.techno)?.toUpperCase() ?? null;
      const op = str(v.mcc_mnc);
      if (!code || !techno || !op) {
        rejected.push({ line, reason: !code ? `code commune « ${v.commune ?? ''} » invalide` : !techno ? 'technologie (techno) absente' : 'opérateur (mcc_mnc) absent' });
        continue;
      }
      const pop = LEVELS.map((l) => num(v[`pop_${l}`]));
      const area = LEVELS.map((l) => num(v[`couv_${l}`]));
      const bad = [...pop, ...area].find((x) => x !== null && (x < 0 || x > 100.5));
      if (bad !== undefined) {
        rejected.push({ line, reason: `part hors de 0–100 % (${bad})` });
        continue;
      }
      const sum = pop.reduce<number>((s, x) => s + (x ?? 0), 0);
      if (pop.every((x) => x !== null) && Math.abs(sum - 100) > 1.5) {
        rejected.push({ line, reason: `les parts de population (pop_nc…pop_tbc) font ${sum.toFixed(2)} % au lieu de 100 %` });
        continue;
      }
      rows.push({
        code, operator: operatorName(op), technology: techno,
        pop_nc: pop[0], pop_cl: pop[1], pop_bc: pop[2], pop_tbc: pop[3],
        area_nc: area[0], area_cl: area[1], area_bc: area[2], area_tbc: area[3],
      });
    }
    return { rows: { mobile_coverage: rows }, rejected, warnings: [] };
  },
  vintage: (ctx) => vintageFromFileName(ctx.file) ?? vintageFromDateColumns(ctx, ['date']),
};
