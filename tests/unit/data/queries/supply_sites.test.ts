/**
 * Issue 19: the supply read for the E2SFCA names, per listing, the listing kept for the same
 * place (help_point_merges), and the help-point view says when a France Services uses the
 * default agents. Hand-made rows in the real DuckDB engine (Node).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceDataset } from '../../../../src/data/insert.ts';
import { supplySitesSql, type SupplySiteRow } from '../../../../src/data/queries/diagnosis.ts';
import { helpPointsSql, type HelpPointRow } from '../../../../src/data/queries/dashboard.ts';
import type { SqlEngine } from '../../../../src/data/sql_engine.ts';
import { prepareSchema } from '../../../../src/data/workspace.ts';
import { openNodeDuckDB } from '../../../helpers/duckdb_node.ts';
import { snapshotForReads } from '../../../helpers/snapshot.ts';

describe('supplySitesSql and helpPointsSql with a duplicated place', () => {
  let db: SqlEngine;
  beforeAll(async () => {
    db = await openNodeDuckDB();
    await prepareSchema(db);
    await replaceDataset(db, 'fs.csv', { help_points: [{ id: 'fs-1', kind: 'france_services', name: 'France Services de Luzy', lon: 3.97, lat: 46.79, hours_per_week: 30 }] });
    await replaceDataset(db, 'lmn.json', { help_points: [
      { id: 'lmn-1', kind: 'mediation', name: 'Maison France Services Luzy', lon: 3.9701, lat: 46.79 },
      { id: 'lmn-2', kind: 'mediation', name: 'Tiers-lieu', lon: 3.5, lat: 46.5 },
    ] });
    await snapshotForReads(db);
    await replaceDataset(db, 'calcul:doublons', { help_point_merges: [{ kept_uid: 'fs.csv|fs-1', merged_uid: 'lmn.json|lmn-1', kept_name: 'x', merged_name: 'y', distance_m: 8, similarity: 1 }] });
  }, 60_000);
  afterAll(() => db?.close());

  it('each listing once, in uid order, with the kept listing of its place', async () => {
    const rows = await db.query<SupplySiteRow>(supplySitesSql());
    expect(rows.map((r) => [r.id, r.kind, r.hoursPerWeek, r.agents, r.duplicateOf])).toEqual([
      ['fs.csv|fs-1', 'france_services', 30, null, null],
      ['lmn.json|lmn-1', 'mediation', null, null, 'fs.csv|fs-1'],
      ['lmn.json|lmn-2', 'mediation', null, null, null],
    ]);
  });

  it('the help-point view flags the default agents and the duplicate', async () => {
    const rows = await db.query<HelpPointRow>(helpPointsSql());
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId['fs.csv|fs-1'].agents_default).toBe(true);
    expect(byId['lmn.json|lmn-1'].agents_default).toBe(false);
    expect(byId['lmn.json|lmn-1'].duplicate_of).toBe('fs.csv|fs-1');
    expect(byId['lmn.json|lmn-2'].duplicate_of).toBeNull();
  });
});
