/** SQL for the diagnosis: the facts sent to the worker, and the zone list read back. */
import type { HelpGroup, HelpKind } from '../../domain/types.ts';
import { sqlString } from '../sql_engine.ts';
import { epciLabelSql } from './dashboard.ts';
import type { FibreBasis, MobileBasis } from '../../domain/diagnosis/indicator_labels.ts';

/**
 * Which input the fragility index used, per commune (`no_fibre_basis`, `no4g_basis`): the keys of
 * domain/diagnosis/indicator_labels.ts, which says in French what each one measures.
 */
export const BASIS = {
  ftth: 'ftth', thd30: 'thd30', coverage: 'coverage', sitesGrid: 'sitesGrid', sitesCentre: 'sitesCentre',
} as const satisfies { [K in FibreBasis | MobileBasis]: K };

/**
 * The 4G and fibre inputs of the fragility index, per commune, and which source each one came from:
 * - 4G: ARCEP's per-commune coverage statistics when loaded (share of the population with no 4G
 *   coverage, `pop_nc`, averaged over the operators; several rows of an operator, e.g. merged
 *   communes, are averaged first); else the site proxy (share of operators without a 4G site
 *   nearby), population-weighted over the 1 km cells, else at the commune centre;
 * - fibre: the premises that cannot be connected to fibre when a file gives them explicitly
 *   (`elig_ftth`), else those below 30 Mbit/s (the 2019 file's FttH approximation is not used here).
 */
const INPUTS_CTE = `
cells AS (
  SELECT g.commune_code AS code, sum(g.pop * m.uncovered) / nullif(sum(g.pop), 0) AS no4g
  FROM mobile_proxy m JOIN active_grid g ON m.target = 'grid' AND g.id = m.target_id
  GROUP BY g.commune_code
), centres AS (
  SELECT target_id AS code, uncovered AS no4g FROM mobile_proxy WHERE target = 'commune'
), coverage AS (
  SELECT code, avg(pop_nc) / 100 AS no4g FROM (
    SELECT code, operator, avg(pop_nc) AS pop_nc FROM mobile_coverage WHERE technology = '4G' AND pop_nc IS NOT NULL GROUP BY code, operator
  ) GROUP BY code
), inputs AS (
  SELECT v.code,
    CASE WHEN v.ftth_basis LIKE 'elig_ftth%' THEN 1 - v.ftth_rate ELSE 1 - v.thd30_rate END AS no_fibre,
    CASE WHEN v.ftth_basis LIKE 'elig_ftth%' AND v.ftth_rate IS NOT NULL THEN ${sqlString(BASIS.ftth)}
      WHEN v.thd30_rate IS NOT NULL THEN ${sqlString(BASIS.thd30)} END AS no_fibre_basis,
    coalesce(coverage.no4g, cells.no4g, centres.no4g) AS no4g,
    CASE WHEN coverage.no4g IS NOT NULL THEN ${sqlString(BASIS.coverage)}
      WHEN cells.no4g IS NOT NULL THEN ${sqlString(BASIS.sitesGrid)}
      WHEN centres.no4g IS NOT NULL THEN ${sqlString(BASIS.sitesCentre)} END AS no4g_basis
  FROM commune_view v
  LEFT JOIN coverage ON coverage.code = v.code
  LEFT JOIN cells ON cells.code = v.code
  LEFT JOIN centres ON centres.code = v.code
)`;

/** Per commune, in the order of the worker's 'commune' population set (by code). */
export const communeFactsSql = (group: HelpGroup) => `
WITH ${INPUTS_CTE}
SELECT v.code AS id, v.nom AS name, v.population, v.pop_75p,
  pa.pop_0014, pa.pop_1529, pa.pop_3044, pa.pop_4559, pa.pop_6074, pa.pop_7589, pa.pop_90p,
  i.no_fibre, i.no4g, i.no_fibre_basis, i.no4g_basis, v.share_75p, v.share_65p,
  v.share_low_diploma, v.share_low_income,
  (pv.code IS NOT NULL AND pv.tx_poverty IS NULL) AS low_income_secret,
  a.mean_minutes
FROM commune_view v
LEFT JOIN (SELECT DISTINCT ON (code) * FROM population_age ORDER BY code, dataset) pa USING (code)
LEFT JOIN poverty pv USING (code)
LEFT JOIN inputs i ON i.code = v.code
LEFT JOIN commune_access a ON a.code = v.code AND a.grp = ${sqlString(group)}
ORDER BY v.code`;

/** Which inputs the fragility index used, and for how many communes (for the method text and the sources). */
export const fragilityInputsSql = () => `
WITH ${INPUTS_CTE}
SELECT 'no_fibre' AS indicator, no_fibre_basis AS basis, count(*) AS communes FROM inputs WHERE no_fibre_basis IS NOT NULL GROUP BY 2
UNION ALL
SELECT 'no4g', no4g_basis, count(*) FROM inputs WHERE no4g_basis IS NOT NULL GROUP BY 2
ORDER BY 1, 3 DESC`;

export type FragilityInputRow =
  | { indicator: 'no_fibre'; basis: FibreBasis; communes: number }
  | { indicator: 'no4g'; basis: MobileBasis; communes: number };

export interface CommuneFactsRow {
  id: string;
  name: string;
  /** null when no file gives the commune's population (never read as 0). */
  population: number | null;
  pop_75p: number | null;
  pop_0014: number | null;
  pop_1529: number | null;
  pop_3044: number | null;
  pop_4559: number | null;
  pop_6074: number | null;
  pop_7589: number | null;
  pop_90p: number | null;
  no_fibre: number | null;
  no4g: number | null;
  /** Which source gave `no_fibre` / `no4g` (BASIS), null when none. */
  no_fibre_basis: FibreBasis | null;
  no4g_basis: MobileBasis | null;
  share_75p: number | null;
  share_65p: number | null;
  share_low_diploma: number | null;
  share_low_income: number | null;
  low_income_secret: boolean;
  mean_minutes: number | null;
}

/**
 * Supply of each site, in the order of the worker's sites (by id). `duplicateOf` is the listing
 * kept for the same place by the duplicate detection (help_point_merges, domain/dedup.ts): the
 * diagnosis counts each place once (domain placeSupply).
 */
export const supplySitesSql = () => `
SELECT h.uid AS id, h.kind, h.hours_per_week AS "hoursPerWeek", h.agents, h.staff, m.kept_uid AS "duplicateOf"
FROM active_help_points h
LEFT JOIN (SELECT DISTINCT ON (merged_uid) merged_uid, kept_uid FROM help_point_merges ORDER BY merged_uid, kept_uid) m ON m.merged_uid = h.uid
ORDER BY h.uid`;

export interface SupplySiteRow {
  id: string;
  kind: HelpKind;
  hoursPerWeek: number | null;
  agents: number | null;
  staff: number | null;
  duplicateOf: string | null;
}

export interface ZoneRow {
  kind: string;
  rank: number;
  codes: string;
  names: string;
  population: number;
  pop_75p: number | null;
  /** Estimated people needing help; null when no commune of the zone has its ages. */
  need: number | null;
  /** False when some communes of the zone have no age data (the need is then a lower bound). */
  need_complete: boolean;
  max_minutes: number | null;
  mean_minutes: number | null;
  geom: string | null;
}

export const zonesSql = (kind: 'underserved' | 'robust') =>
  `SELECT kind, rank, codes, names, population, pop_75p, need, need_complete, max_minutes, mean_minutes, geom FROM zones WHERE kind = ${sqlString(kind)} ORDER BY rank`;

export interface EpciFiguresRow {
  /** The EPCI's name ("CC Sud Nivernais"); "Sans EPCI renseigné" for communes with none. */
  epci: string;
  /** Its SIREN (null for communes with no EPCI), a secondary detail. */
  siren: string | null;
  communes: number;
  population: number;
  pop_75p: number | null;
  pop_beyond: number | null;
  need: number | null;
  underserved: number;
}

/** Key figures per EPCI for the chosen group and threshold, by name (communes with no EPCI last). */
export const epciFiguresSql = (group: HelpGroup, threshold: number) => `
SELECT CASE WHEN v.epci IS NULL THEN 'Sans EPCI renseigné' ELSE ${epciLabelSql('v.epci', 'any_value(v.epci_nom)')} END AS epci,
  v.epci AS siren, count(*) AS communes, sum(v.population) AS population,
  sum(v.pop_75p) AS pop_75p, sum(v.population * a.share_beyond_${threshold}) AS pop_beyond, sum(d.need) AS need,
  count(*) FILTER (WHERE d.underserved) AS underserved
FROM commune_view v
LEFT JOIN commune_access a ON a.code = v.code AND a.grp = ${sqlString(group)}
LEFT JOIN diagnosis d ON d.code = v.code
GROUP BY v.epci ORDER BY v.epci IS NULL, 1`;

/** Canton and commune shapes (code, name apart) for the labelling fiche. */
export const cantonShapesSql = () => `SELECT code, nom, geom FROM cantons`;
export const ficheCommunesSql = () => `SELECT code, nom, geom FROM communes`;
/** One postcode per commune (La Poste), to prefill an address. */
export const communePostcodesSql = () => `SELECT code, min(code_postal) AS cp FROM commune_points WHERE code_postal IS NOT NULL GROUP BY code`;
