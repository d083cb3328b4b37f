/** SQL for the diagnosis: the facts sent to the worker, and the zone list read back. */
import type { HelpGroup } from '../../domain/types.ts';
import { sqlString } from '../sql_engine.ts';
import { epciLabelSql } from './dashboard.ts';

/** Per commune, in the order of the worker's 'commune' population set (by code). */
export const communeFactsSql = (group: HelpGroup) => `
WITH cells AS (
  SELECT g.commune_code AS code, sum(g.pop * m.uncovered) / nullif(sum(g.pop), 0) AS no4g
  FROM mobile_proxy m JOIN grid g ON m.target = 'grid' AND g.id = m.target_id
  GROUP BY g.commune_code
), centres AS (
  SELECT target_id AS code, uncovered AS no4g FROM mobile_proxy WHERE target = 'commune'
)
SELECT v.code AS id, v.nom AS name, coalesce(v.population, 0) AS population, v.pop_75p,
  pa.pop_0014, pa.pop_1529, pa.pop_3044, pa.pop_4559, pa.pop_6074, pa.pop_7589, pa.pop_90p,
  1 - v.thd30_rate AS no_fibre, coalesce(cells.no4g, centres.no4g) AS no4g, v.share_75p, v.share_65p,
  v.share_low_diploma, v.share_low_income,
  (pv.code IS NOT NULL AND pv.tx_poverty IS NULL) AS low_income_secret,
  a.mean_minutes
FROM commune_view v
LEFT JOIN population_age pa USING (code)
LEFT JOIN poverty pv USING (code)
LEFT JOIN cells ON cells.code = v.code
LEFT JOIN centres ON centres.code = v.code
LEFT JOIN commune_access a ON a.code = v.code AND a.grp = ${sqlString(group)}
ORDER BY v.code`;

export interface CommuneFactsRow {
  id: string;
  name: string;
  population: number;
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
  share_75p: number | null;
  share_65p: number | null;
  share_low_diploma: number | null;
  share_low_income: number | null;
  low_income_secret: boolean;
  mean_minutes: number | null;
}

/** Supply of each site, in the order of the worker's sites (by id). */
export const supplySitesSql = () => `SELECT kind, hours_per_week AS "hoursPerWeek", staff FROM active_help_points ORDER BY uid`;

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

/**
 * Canton contours for the labelling check, each named "Château-Chinon (58002)" (the code alone
 * when the file gives no name), so that the fiche says which canton it means.
 */
export const cantonsSql = () => `SELECT coalesce(nom || ' (' || code || ')', code) AS code, geom FROM cantons`;
