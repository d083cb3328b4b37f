/**
 * Travel-time figures in SQL (real DuckDB, Node) on the demo territory, against the same
 * figures computed directly in JS from the engine's results.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTerritory } from '../../../data/generate_demo.ts';
import { accessResultTables } from '../../../src/data/access_results.ts';
import { replaceDatasetIpc } from '../../../src/data/insert.ts';
import { ignGeoJsonToSegments } from '../../../src/data/import/ign_roads.ts';
import { accessFiguresSql, type AccessFigures } from '../../../src/data/queries/access.ts';
import { siteCoordinatesSql } from '../../../src/data/queries/dashboard.ts';
import type { SqlEngine } from '../../../src/data/sql_engine.ts';
import { loadDemo, prepareSchema } from '../../../src/data/workspace.ts';
import { AccessEngine, type AccessResult } from '../../../src/domain/access/engine.ts';
import { HELP_GROUPS, HELP_KINDS, type HelpKind } from '../../../src/domain/types.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';
import { snapshotForReads } from '../../helpers/snapshot.ts';

describe('access figures in SQL', () => {
  let db: SqlEngine;
  let result: AccessResult;
  let communes: { id: string; lon: number; lat: number; population: number; pop_75p: number }[];
  let cells: { id: string; lon: number; lat: number; pop: number; commune_code: string }[];
  const files = generateDemoTerritory(58);

  beforeAll(async () => {
    db = await openNodeDuckDB();
    await prepareSchema(db);
    await loadDemo(db, async (name) => new TextEncoder().encode(files.get(name)!));
    await snapshotForReads(db);
    const sites = await db.query<{ id: string; kind: HelpKind; lon: number; lat: number }>(siteCoordinatesSql());
    communes = await db.query('SELECT code AS id, lon, lat, population, pop_75p FROM commune_view ORDER BY code');
    cells = await db.query('SELECT id, lon, lat, pop, commune_code FROM grid ORDER BY id');
    const pts = (rows: { lon?: number; lat?: number }[]) => ({
      lon: Float64Array.from(rows, (r) => r.lon!),
      lat: Float64Array.from(rows, (r) => r.lat!),
    });
    const engine = new AccessEngine();
    engine.loadNetwork('routes', ignGeoJsonToSegments(JSON.parse(files.get('troncons_routes.geojson')!), { fileName: 'routes' }).segments);
    result = engine.compute(
      { ...pts(sites), kind: Uint8Array.from(sites, (s) => HELP_KINDS.indexOf(s.kind)) },
      { commune: pts(communes), grid: pts(cells) },
      HELP_GROUPS,
    );
    await replaceDatasetIpc(db, 'calcul:temps', accessResultTables(result, { commune: communes.map((c) => c.id), grid: cells.map((c) => c.id) }, sites.map((s) => s.id), 'calcul:temps'));
    await snapshotForReads(db);
  });
  afterAll(() => db.close());

  /** Per commune, from its 1 km cells: population, population with a time, population beyond 30 min. */
  function perCommune() {
    const t = result.times.grid.france_services!.minutes;
    const m = new Map<string, { pop: number; known: number; beyond: number }>();
    cells.forEach((c, i) => {
      const e = m.get(c.commune_code) ?? { pop: 0, known: 0, beyond: 0 };
      e.pop += c.pop;
      if (Number.isFinite(t[i])) e.known += c.pop;
      if (Number.isFinite(t[i]) && t[i] > 30) e.beyond += c.pop;
      m.set(c.commune_code, e);
    });
    return m;
  }

  it('population beyond 30 min of a France Services: each commune’s share of its located cells, applied to its population', async () => {
    const [f] = await db.query<AccessFigures>(accessFiguresSql('france_services', 30));
    const m = perCommune();
    const expected = communes.reduce((sum, c) => sum + c.population * (m.get(c.id)!.beyond / m.get(c.id)!.known), 0);
    expect(f.method).toBe('route');
    expect(f.pop_beyond).toBeCloseTo(expected, 6);
    expect(f.pop_beyond).toBeGreaterThan(0); // the demo keeps a remote corner beyond 30 min
  });

  it('population too far from any road is counted apart, never as near or far', async () => {
    const [f] = await db.query<AccessFigures>(accessFiguresSql('france_services', 30));
    const m = perCommune();
    const expected = communes.reduce((sum, c) => sum + c.population * (1 - m.get(c.id)!.known / m.get(c.id)!.pop), 0);
    expect(f.pop_unknown).toBeCloseTo(expected, 6);
  });

  it('75+ beyond the threshold are apportioned by each commune’s share of population beyond', async () => {
    const [f] = await db.query<AccessFigures>(accessFiguresSql('france_services', 30));
    const m = perCommune();
    const expected = communes.reduce((sum, c) => sum + c.pop_75p * (m.get(c.id)!.beyond / m.get(c.id)!.known), 0);
    expect(f.pop75_beyond).toBeCloseTo(expected, 6);
  });

  it('per-commune rows carry the nearest site and the basis of the figure', async () => {
    const rows = await db.query<{ help_name: string | null; basis: string; share_beyond: number }>(
      "SELECT h.name AS help_name, a.basis, a.share_beyond_20 AS share_beyond FROM commune_access a LEFT JOIN active_help_points h ON h.uid = a.help_id WHERE a.grp = 'point_numerique'");
    expect(rows).toHaveLength(communes.length);
    for (const r of rows) {
      expect(r.help_name).toBeTruthy();
      expect(r.basis).toBe('carreaux');
      expect(r.share_beyond).toBeGreaterThanOrEqual(0);
      expect(r.share_beyond).toBeLessThanOrEqual(1);
    }
  });
});
