/**
 * Two contour files that describe the same commune: the dashboard keeps one contour per code (the
 * first dataset by name, as `one()` in queries/dashboard.ts), so the other is not drawn nor
 * counted. That must never happen silently: the import that causes it says which file wins.
 */
import { sqlString, type SqlEngine } from './sql_engine.ts';

export interface ContourOverlap {
  /** The other file that holds contours for some of this file's communes. */
  other: string;
  /** The file whose contour is used for those communes. */
  kept: string;
  /** How many of this file's communes. */
  communes: number;
}

/** Communes of `dataset` that another loaded file also outlines, grouped by that file and the one kept. */
export const contourOverlapSql = (dataset: string) => `
WITH mine AS (SELECT DISTINCT code FROM communes WHERE dataset = ${sqlString(dataset)}),
holders AS (SELECT DISTINCT c.code, c.dataset FROM communes c JOIN mine USING (code)),
kept AS (SELECT code, min(dataset) AS kept FROM holders GROUP BY code)
SELECT h.dataset AS other, k.kept AS kept, count(*)::INTEGER AS communes
FROM holders h JOIN kept k USING (code)
WHERE h.dataset <> ${sqlString(dataset)}
GROUP BY 1, 2 ORDER BY 1, 2`;

/** The French warnings for these overlaps (none when there are none). */
export function contourOverlapWarnings(dataset: string, overlaps: readonly ContourOverlap[]): string[] {
  return overlaps.map(({ other, kept, communes }) => {
    const n = communes.toLocaleString('fr-FR');
    const which = kept === dataset ? 'ceux de ce fichier remplacent les siens' : `ceux de « ${kept} » sont gardés, ceux de ce fichier sont ignorés`;
    return `${n} commune(s) de ce fichier ont déjà un contour chargé depuis « ${other} » : un seul contour par commune est utilisé ; ${which}.`;
  });
}

export async function contourOverlapNotices(db: SqlEngine, dataset: string): Promise<string[]> {
  const rows = await db.query<ContourOverlap>(contourOverlapSql(dataset));
  return contourOverlapWarnings(dataset, rows.map((r) => ({ other: r.other, kept: r.kept, communes: Number(r.communes) })));
}
