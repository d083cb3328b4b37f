/**
 * SQL read by the map and the panels. Everything on screen comes from these queries over the
 * loaded tables, never from side copies of the files.
 */
import type { HelpGroup } from '../../domain/types.ts';
import { sqlString, type SqlEngine } from '../sql_engine.ts';
import type { AccessThreshold } from './access.ts';
import type { CommuneRow, GridRow, HelpPointRow } from '../../shared/rows.ts';

export type { CommuneRow, GridRow, HelpPointRow };

/**
 * Help points in use: when a territory is set (territory_communes filled), those inside it or
 * within its buffer; otherwise all. `uid` is unique across files; `inside` tells which count
 * in the territory's figures (buffer points only serve the computations).
 */
export const ACTIVE_HELP_POINTS_SQL = `
CREATE OR REPLACE VIEW active_help_points_live AS
SELECT h.*, h.dataset || '|' || h.id AS uid,
  coalesce(t.inside, NOT EXISTS (SELECT 1 FROM territory_communes)) AS inside
FROM help_points h
LEFT JOIN territory_help_points t ON t.id = h.id AND t.help_dataset = h.dataset
WHERE NOT EXISTS (SELECT 1 FROM territory_communes) OR t.id IS NOT NULL`;

/**
 * Population grid cells of the territory under study and its buffer: cells of its communes,
 * where a cell without a commune code in its file (INSEE's own 1 km file has none) takes the
 * commune its centre falls in (territory_grid, computed with the territory). Cells not examined
 * (no commune contours: the territory is then found from commune points) are kept within the box
 * of its communes. A national grid file (millions of cells) is kept whole in its table, but only
 * the cells of the territory are drawn and computed, as help points are. Without a territory,
 * every cell.
 */
export const ACTIVE_GRID_SQL = `
CREATE OR REPLACE VIEW active_grid_live AS
WITH box AS (
  SELECT min(lon) - 0.05 AS x0, max(lon) + 0.05 AS x1, min(lat) - 0.05 AS y0, max(lat) + 0.05 AS y1
  FROM (SELECT centroid_lon AS lon, centroid_lat AS lat, code FROM communes UNION ALL SELECT lon, lat, code FROM commune_points)
  WHERE code IN (SELECT code FROM territory_communes)
)
SELECT g.* REPLACE (coalesce(g.commune_code, tg.commune_code) AS commune_code) FROM grid g
LEFT JOIN territory_grid tg ON g.commune_code IS NULL AND tg.id = g.id AND tg.grid_dataset = g.dataset
WHERE NOT EXISTS (SELECT 1 FROM territory_communes)
  OR coalesce(g.commune_code, tg.commune_code) IN (SELECT code FROM territory_communes)
  OR (g.commune_code IS NULL AND tg.id IS NULL AND EXISTS (SELECT 1 FROM box WHERE g.lon BETWEEN box.x0 AND box.x1 AND g.lat BETWEEN box.y0 AND box.y1))`;

/**
 * One row per commune code from a table: national files repeat some codes (and two files can
 * describe the same commune); a repeated code must not count a commune twice.
 */
const one = (table: string) => `(SELECT DISTINCT ON (code) * FROM ${table} ORDER BY code, dataset)`;

/**
 * One EPCI per commune: membership given by a file first (INSEE's IRIS–EPCI table, geo.api
 * communes), then the one derived from today's COG for contour files (origin 'cog').
 */
const COMMUNE_EPCI = `(SELECT DISTINCT ON (code) * FROM commune_epci ORDER BY code, coalesce(origin, '') = 'cog', dataset)`;

/** One name per EPCI (from a file that names them, or from today's COG). */
const EPCI_NAMES = `(SELECT DISTINCT ON (siren) * FROM epci WHERE nom IS NOT NULL ORDER BY siren, dataset)`;

/** The EPCI's name, or its SIREN said as such when no loaded file or COG entry names it. */
export const epciLabelSql = (siren: string, nom: string) => `coalesce(${nom}, 'EPCI ' || ${siren} || ' (nom inconnu)')`;

/** EPCI of the loaded communes, for the territory selector: SIREN and name (ordered by name). */
export const epciOptionsSql = () => `
SELECT ce.epci AS siren, ${epciLabelSql('ce.epci', 'any_value(e.nom)')} AS nom
FROM ${COMMUNE_EPCI} ce JOIN (SELECT DISTINCT code FROM communes) c ON c.code = ce.code
LEFT JOIN ${EPCI_NAMES} e ON e.siren = ce.epci
WHERE ce.epci IS NOT NULL
GROUP BY ce.epci ORDER BY 2`;

/**
 * Fixed broadband per commune from several ARCEP files: the ≥ 30 Mbit/s count comes from a speed
 * file, the FttH count from a technology file (an explicit `elig_ftth` before the 2019
 * approximation by the ≥ 1 Gbit/s class), each with the premises of its own file, so that a
 * rate never mixes two files. Within a kind, the first dataset by name wins (as `one`).
 */
const FIXED_BROADBAND_BY_COMMUNE = `(
  SELECT code,
    arg_min(premises, dataset) AS premises,
    arg_min(ftth, (CASE WHEN ftth_basis LIKE 'elig_ftth%' THEN '0' ELSE '1' END) || dataset) FILTER (WHERE ftth IS NOT NULL) AS ftth,
    arg_min(premises, (CASE WHEN ftth_basis LIKE 'elig_ftth%' THEN '0' ELSE '1' END) || dataset) FILTER (WHERE ftth IS NOT NULL) AS ftth_premises,
    arg_min(ftth_basis, (CASE WHEN ftth_basis LIKE 'elig_ftth%' THEN '0' ELSE '1' END) || dataset) FILTER (WHERE ftth IS NOT NULL) AS ftth_basis,
    arg_min(thd30, dataset) FILTER (WHERE thd30 IS NOT NULL) AS thd30,
    arg_min(premises, dataset) FILTER (WHERE thd30 IS NOT NULL) AS thd30_premises
  FROM fixed_broadband GROUP BY code)`;

/**
 * ARCEP's per-commune 4G coverage ("Mon réseau mobile", `AAAATn_op_communes.csv`): the share of
 * the population with no 4G coverage (`pop_nc`, %), averaged over the operators (an operator's
 * several rows, e.g. merged communes, averaged first), as in the fragility index's input
 * (queries/diagnosis.ts). One file per commune: the newest vintage, then the first by name; with
 * that file's vintage. A commune absent from the loaded files has no row: null, never 0.
 */
const NO_4G_BY_COMMUNE = `(
  SELECT DISTINCT ON (code) code, no4g_share, no4g_vintage FROM (
    SELECT m.code, m.dataset, avg(m.pop_nc) / 100 AS no4g_share, src.vintage AS no4g_vintage
    FROM (
      SELECT code, dataset, operator, avg(pop_nc) AS pop_nc FROM mobile_coverage
      WHERE technology = '4G' AND pop_nc IS NOT NULL GROUP BY code, dataset, operator
    ) m
    LEFT JOIN (SELECT DISTINCT ON (dataset) dataset, vintage FROM sources ORDER BY dataset) src ON src.dataset = m.dataset
    GROUP BY m.code, m.dataset, src.vintage
  ) ORDER BY code, no4g_vintage DESC NULLS LAST, dataset)`;

/** One row per commune with every figure the map, the tooltip and the tables show. */
export const COMMUNE_VIEW_SQL = `
CREATE OR REPLACE VIEW commune_view_live AS
SELECT
  c.code, c.nom, c.geom, c.area_km2,
  coalesce(pt.lon, c.centroid_lon) AS lon,
  coalesce(pt.lat, c.centroid_lat) AS lat,
  CASE WHEN pt.lon IS NULL THEN 'centroid' ELSE 'point' END AS ref_point,
  ce.epci, e.nom AS epci_nom,
  lp.pmun AS population,
  pa.pop AS pop_census, pa.pop_65p, pa.pop_75p,
  pa.pop_75p / nullif(pa.pop, 0) AS share_75p,
  pa.pop_65p / nullif(pa.pop, 0) AS share_65p,
  s.tx_nscol15p / 100 AS share_low_diploma,
  pv.tx_poverty / 100 AS share_low_income,
  fb.premises, fb.ftth, fb.ftth_premises, fb.ftth_basis,
  fb.ftth / nullif(fb.ftth_premises, 0) AS ftth_rate,
  fb.thd30 / nullif(fb.thd30_premises, 0) AS thd30_rate,
  n4.no4g_share, n4.no4g_vintage
FROM ${one('communes')} c
LEFT JOIN (SELECT code, any_value(lon) AS lon, any_value(lat) AS lat FROM commune_points GROUP BY code) pt USING (code)
LEFT JOIN ${COMMUNE_EPCI} ce USING (code)
LEFT JOIN ${EPCI_NAMES} e ON e.siren = ce.epci
LEFT JOIN ${one('legal_population')} lp USING (code)
LEFT JOIN ${one('population_age')} pa USING (code)
LEFT JOIN ${one('social')} s USING (code)
LEFT JOIN ${one('poverty')} pv USING (code)
LEFT JOIN ${FIXED_BROADBAND_BY_COMMUNE} fb USING (code)
LEFT JOIN ${NO_4G_BY_COMMUNE} n4 USING (code)
WHERE NOT EXISTS (SELECT 1 FROM territory_communes) OR c.code IN (SELECT code FROM territory_communes WHERE inside)`;

/**
 * The territory's communes (`commune_view`), 1 km cells (`active_grid`) and help points
 * (`active_help_points`) as tables, made from their views for one version of the data: an analysis
 * run reads them a dozen times, and the views cost 0.1 to 1 s per read (a DISTINCT ON over each
 * source table, ten joins), which made most of the dashboard's start. The analysis pipeline makes
 * them again after every data or territory change, before its first read (src/ui/state/analysis.ts);
 * until then its results are withdrawn, and nothing else reads these tables.
 */
export const SNAPSHOT_TERRITORY_SQL = [
  'CREATE OR REPLACE TABLE commune_view AS SELECT * FROM commune_view_live ORDER BY code',
  'CREATE OR REPLACE TABLE active_grid AS SELECT * FROM active_grid_live ORDER BY id',
  'CREATE OR REPLACE TABLE active_help_points AS SELECT * FROM active_help_points_live ORDER BY uid',
] as const;

/** The same tables, empty, with their columns (before the first analysis run). */
export const EMPTY_SNAPSHOTS_SQL = SNAPSHOT_TERRITORY_SQL.map((sql) => sql.replace('CREATE OR REPLACE TABLE', 'CREATE TABLE IF NOT EXISTS').replace(/ ORDER BY \w+$/, ' LIMIT 0'));

/** Makes `commune_view`, `active_grid` and `active_help_points` again from the data loaded now (see SNAPSHOT_TERRITORY_SQL). */
export async function snapshotTerritory(db: SqlEngine): Promise<void> {
  await db.exclusive(async (tx) => {
    for (const sql of SNAPSHOT_TERRITORY_SQL) await tx.query(sql);
  });
}

/**
 * The communes' contours, read once per version of the data (settings changes read the figures
 * only, communesSql): the map, the diagnosis and the exports share the parsed geometry.
 */
export const communeShapesSql = () => `SELECT code, geom FROM commune_view ORDER BY code`;


export const communesSql = (group: HelpGroup = 'france_services', threshold: AccessThreshold = 30) => `
SELECT v.code, v.nom, v.lon, v.lat, v.ref_point, v.epci, v.epci_nom, v.population, v.pop_75p, v.share_75p, v.ftth_rate, v.ftth_basis, v.no4g_share, v.no4g_vintage, v.area_km2,
  fs.distance_m AS fs_distance_m, hfs.name AS fs_name,
  pn.distance_m AS pn_distance_m, hpn.name AS pn_name,
  a.mean_minutes AS access_minutes, a.centre_minutes AS access_centre_minutes, ha.name AS access_help_name,
  a.basis AS access_basis, a.method AS access_method, a.share_beyond_${threshold} AS access_share_beyond,
  d.fragility, d.fragility_partial, d.need, d.need / nullif(v.population, 0) AS need_rate, d.people_per_fte, d.people_per_fte_status,
  d.underserved, d.robust, d.zone
FROM commune_view v
LEFT JOIN diagnosis d ON d.code = v.code
LEFT JOIN commune_access a ON a.code = v.code AND a.grp = ${sqlString(group)}
LEFT JOIN active_help_points ha ON ha.uid = a.help_id
LEFT JOIN nearest_straight fs ON fs.target = 'commune' AND fs.target_id = v.code AND fs.grp = 'france_services'
LEFT JOIN active_help_points hfs ON hfs.uid = fs.help_id
LEFT JOIN nearest_straight pn ON pn.target = 'commune' AND pn.target_id = v.code AND pn.grp = 'point_numerique'
LEFT JOIN active_help_points hpn ON hpn.uid = pn.help_id
ORDER BY v.code`;


export const helpPointsSql = () =>
  `SELECT h.uid AS id, h.kind, h.name, h.commune_name, h.address, h.lon, h.lat, h.type_fs, h.format_fs, h.hours_per_week, h.staff, h.inside,
    h.agents, (h.kind = 'france_services' AND h.agents IS NULL) AS agents_default, m.kept_uid AS duplicate_of
  FROM active_help_points h
  LEFT JOIN (SELECT DISTINCT ON (merged_uid) merged_uid, kept_uid FROM help_point_merges ORDER BY merged_uid, kept_uid) m ON m.merged_uid = h.uid
  ORDER BY h.kind, h.uid`;


export const gridSql = () => `SELECT id, x, y, lon, lat, pop, pop_80p, commune_code FROM active_grid ORDER BY id`;

/** Key figures of the territory; a figure whose input is not loaded is null (never 0). */
export interface KeyFigures {
  communes: number;
  /** null: no file gives the communes' EPCI. */
  epcis: number | null;
  /** null: no legal population loaded. */
  population: number | null;
  area_km2: number;
  /** null: no population by age loaded. */
  pop_75p: number | null;
  share_75p: number | null;
  ftth_rate: number | null;
  france_services: number;
  mediation: number;
  conseillers: number;
  mediatheques: number;
  /** Help points of the territory once duplicates across files are merged. */
  distinct_points: number;
  /** Population whose commune centre is farther than the threshold from the nearest site, straight line. */
  pop_far_fs: number | null;
  pop_far_pn: number | null;
}

export const keyFiguresSql = (thresholdKmFs: number, thresholdKmPn: number) => `
WITH far AS (
  SELECT
    sum(CASE WHEN fs.distance_m > ${thresholdKmFs * 1000} THEN v.population ELSE 0 END) AS pop_far_fs,
    sum(CASE WHEN pn.distance_m > ${thresholdKmPn * 1000} THEN v.population ELSE 0 END) AS pop_far_pn,
    count(fs.distance_m) AS n_fs
  FROM commune_view v
  LEFT JOIN nearest_straight fs ON fs.target = 'commune' AND fs.target_id = v.code AND fs.grp = 'france_services'
  LEFT JOIN nearest_straight pn ON pn.target = 'commune' AND pn.target_id = v.code AND pn.grp = 'point_numerique'
)
SELECT
  (SELECT count(*) FROM commune_view) AS communes,
  (SELECT nullif(count(DISTINCT epci), 0) FROM commune_view) AS epcis,
  (SELECT sum(population) FROM commune_view) AS population,
  (SELECT coalesce(sum(area_km2), 0) FROM commune_view) AS area_km2,
  (SELECT sum(pop_75p) FROM commune_view) AS pop_75p,
  (SELECT sum(pop_75p) / nullif(sum(pop_census), 0) FROM commune_view) AS share_75p,
  (SELECT sum(ftth) / nullif(sum(ftth_premises), 0) FROM commune_view) AS ftth_rate,
  (SELECT count(*) FROM active_help_points WHERE kind = 'france_services' AND inside) AS france_services,
  (SELECT count(*) FROM active_help_points WHERE kind = 'mediation' AND inside) AS mediation,
  (SELECT count(*) FROM active_help_points WHERE kind = 'conseiller' AND inside) AS conseillers,
  (SELECT count(*) FROM active_help_points WHERE kind = 'mediatheque' AND inside) AS mediatheques,
  (SELECT count(*) FROM active_help_points WHERE inside AND uid NOT IN (SELECT merged_uid FROM help_point_merges)) AS distinct_points,
  (SELECT CASE WHEN n_fs > 0 THEN pop_far_fs END FROM far) AS pop_far_fs,
  (SELECT CASE WHEN n_fs > 0 THEN pop_far_pn END FROM far) AS pop_far_pn`;

/** Coordinates of the sites and the targets sent to the worker, in a stable order. */
export const siteCoordinatesSql = () => `SELECT uid AS id, kind, lon, lat FROM active_help_points ORDER BY uid`;
export const communePointsSql = () => `SELECT code AS id, lon, lat FROM commune_view ORDER BY code`;
export const gridPointsSql = () => `SELECT id, lon, lat FROM active_grid ORDER BY id`;

