/**
 * What the analysis run does before it reads (src/ui/state/analysis.ts): the territory's communes,
 * cells and help points, and the per-commune travel times, made again as tables from the data in
 * the database now. Tests that change the data and then read through the dashboard's queries call
 * it in between, as the app's pipeline does.
 */
import { snapshotAccess } from '../../src/data/queries/access.ts';
import { snapshotTerritory } from '../../src/data/queries/dashboard.ts';
import type { SqlEngine } from '../../src/data/sql_engine.ts';

export async function snapshotForReads(db: SqlEngine): Promise<void> {
  await snapshotTerritory(db);
  await snapshotAccess(db);
}
