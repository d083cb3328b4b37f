/**
 * Travel-time figures from the `access_times` table (filled from the worker's results).
 * Per commune: population-weighted mean time and share of the population beyond each threshold,
 * from the commune's 1 km cells when it has some (active_grid: a cell without a commune code in
 * its file takes the commune its centre falls in), else from its reference point (centre).
 * The 75+ beyond a threshold are apportioned with the same share (75+ are not known per cell).
 * A point with no time (farther than the snapping distance from any road) is "unknown": it is
 * left out of the shares and means, and counted apart, never counted as near or far.
 */
import type { HelpGroup } from '../../domain/types.ts';
import { sqlString, type SqlEngine } from '../sql_engine.ts';

export const ACCESS_THRESHOLDS = [15, 20, 30, 45] as const;
export type AccessThreshold = (typeof ACCESS_THRESHOLDS)[number];

const beyond = (t: number, col: string) => `(isfinite(${col}) AND ${col} > ${t})`;

/**
 * Per commune and group (view `commune_access_live`); the table `commune_access` holds it for the
 * travel times computed last (snapshotAccess), as the territory's tables do (dashboard.ts).
 */
export const COMMUNE_ACCESS_VIEW_SQL = `
CREATE OR REPLACE VIEW commune_access_live AS
WITH cells AS (
  SELECT g.commune_code AS code, a.grp,
    sum(g.pop) AS pop,
    sum(g.pop) FILTER (WHERE isfinite(a.minutes)) AS pop_known,
    sum(g.pop * a.minutes) FILTER (WHERE isfinite(a.minutes)) / nullif(sum(g.pop) FILTER (WHERE isfinite(a.minutes)), 0) AS mean_minutes,
    sum(g.pop) FILTER (WHERE isfinite(a.minutes) AND a.method = 'vol_oiseau') AS pop_estimated,
    ${ACCESS_THRESHOLDS.map((t) => `sum(g.pop) FILTER (WHERE ${beyond(t, 'a.minutes')}) AS pop_beyond_${t}`).join(',\n    ')}
  FROM active_grid g JOIN access_times a ON a.target = 'grid' AND a.target_id = g.id
  WHERE g.commune_code IS NOT NULL
  GROUP BY g.commune_code, a.grp
)
SELECT c.target_id AS code, c.grp, c.minutes AS centre_minutes, c.help_id, c.method,
  CASE WHEN cells.pop > 0 THEN 'carreaux' ELSE 'centre' END AS basis,
  CASE WHEN cells.pop > 0 THEN cells.mean_minutes WHEN isfinite(c.minutes) THEN c.minutes END AS mean_minutes,
  CASE WHEN cells.pop > 0 THEN 1 - coalesce(cells.pop_known, 0) / cells.pop WHEN isfinite(c.minutes) THEN 0.0 ELSE 1.0 END AS share_unknown,
  CASE WHEN cells.pop > 0 THEN coalesce(cells.pop_estimated, 0) / cells.pop WHEN isfinite(c.minutes) AND c.method = 'vol_oiseau' THEN 1.0 ELSE 0.0 END AS share_estimated,
  ${ACCESS_THRESHOLDS.map((t) => `CASE WHEN cells.pop_known > 0 THEN coalesce(cells.pop_beyond_${t}, 0) / cells.pop_known WHEN cells.pop > 0 OR NOT isfinite(c.minutes) THEN NULL WHEN ${beyond(t, 'c.minutes')} THEN 1.0 ELSE 0.0 END AS share_beyond_${t}`).join(',\n  ')}
FROM access_times c
LEFT JOIN cells ON cells.code = c.target_id AND cells.grp = c.grp
WHERE c.target = 'commune'`;

/** Makes `commune_access` again from the travel times and the territory's cells now in the tables. */
export async function snapshotAccess(db: SqlEngine): Promise<void> {
  await db.query('CREATE OR REPLACE TABLE commune_access AS SELECT * FROM commune_access_live ORDER BY code, grp');
}

/** The same table, empty, with its columns (before the first analysis run). */
export const EMPTY_ACCESS_SNAPSHOT_SQL = 'CREATE TABLE IF NOT EXISTS commune_access AS SELECT * FROM commune_access_live LIMIT 0';

export interface AccessFigures {
  method: string | null;
  population: number;
  pop_beyond: number | null;
  pop75_beyond: number | null;
  /** Population with no travel time (too far from any road). */
  pop_unknown: number | null;
  /** Population whose time is a straight-line estimate (more than the snapping distance from any road). */
  pop_estimated: number | null;
  mean_minutes: number | null;
  communes_beyond: number | null;
}

/** "N habitants (dont N de 75 ans et plus) à plus de T min" for a group. */
export const accessFiguresSql = (group: HelpGroup, threshold: AccessThreshold) => `
SELECT
  any_value(a.method) AS method,
  sum(v.population) AS population,
  sum(v.population * a.share_beyond_${threshold}) AS pop_beyond,
  sum(v.pop_75p * a.share_beyond_${threshold}) AS pop75_beyond,
  sum(v.population * a.share_unknown) AS pop_unknown,
  sum(v.population * a.share_estimated) AS pop_estimated,
  sum(v.population * a.mean_minutes) FILTER (WHERE isfinite(a.mean_minutes)) / nullif(sum(v.population) FILTER (WHERE isfinite(a.mean_minutes)), 0) AS mean_minutes,
  count(*) FILTER (WHERE a.share_beyond_${threshold} >= 0.5) AS communes_beyond
FROM commune_view v JOIN commune_access a ON a.code = v.code AND a.grp = ${sqlString(group)}`;

export interface GridAccessRow {
  id: string;
  minutes: number;
}

export const gridAccessSql = (group: HelpGroup) =>
  `SELECT target_id AS id, minutes FROM access_times WHERE target = 'grid' AND grp = ${sqlString(group)} ORDER BY target_id`;
