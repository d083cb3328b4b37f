/**
 * A real OpenStreetMap extract imported through the UI (Maisons-Laffitte sample from the shared
 * data), with hand-made test districts and a France Services: the times shown equal a plain
 * reference Dijkstra computed here, in Node, on the same file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertClean, waitForAppState, waitForTestHook, type Session, openApp, sql } from './harness.ts';
import { hasRaw, rawPath } from '../helpers/fixtures.ts';
import { referenceDijkstra } from '../helpers/reference_dijkstra.ts';
import { osmToSegments, readOsmPbf } from '../../src/data/import/osm_pbf.ts';
import { densifySegments } from '../../src/domain/access/densify.ts';
import { accessLegMinutes, buildGraph, buildNodeIndex, DEFAULT_ACCESS, snapPoints } from '../../src/domain/routing/index.ts';
import { haversine } from '../../src/domain/geo.ts';

const PBF = 'osm-osmnx-graphml-sample/maisons_laffitte.osm.pbf';
const fixtures = resolve(import.meta.dirname, '../fixtures/e2e/maisons-laffitte');

/** Reference minutes from each point to the nearest site: uncontracted graph, O(n²) Dijkstra, same access rule. */
async function referenceMinutes(points: { lon: number; lat: number }[], sites: { lon: number; lat: number }[]): Promise<number[]> {
  const roads = await readOsmPbf(readFileSync(rawPath(PBF)), { fileName: 'maisons_laffitte.osm.pbf', inflate: (d) => inflateSync(d) });
  const segments = densifySegments(osmToSegments(roads));
  const plain = buildGraph(segments, { contract: false, largestComponent: true });
  const index = buildNodeIndex(plain.lon, plain.lat);
  const s = snapPoints(plain, sites, {}, index);
  const times = referenceDijkstra(segments, 'to_sources', sites.map((_, k) => ({ node: plain.inputNode[s.node[k]], offset: s.legMinutes[k] })));
  const p = snapPoints(plain, points, {}, index);
  return points.map((pt, i) => {
    let t = times[plain.inputNode[p.node[i]]] + p.legMinutes[i];
    for (const site of sites) {
      const d = haversine(pt.lon, pt.lat, site.lon, site.lat);
      if (d <= DEFAULT_ACCESS.maxSnapM) t = Math.min(t, accessLegMinutes(d));
    }
    return t;
  });
}

describe.skipIf(!hasRaw(PBF))('OpenStreetMap import through the UI', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
    await s.page.getByTestId('access-pop').waitFor();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('imports the test districts and their France Services', async () => {
    await s.page.getByTestId('data-input').setInputFiles(['communes-test.geojson', 'populations-test.csv', 'france-services-test.csv'].map((f) => resolve(fixtures, f)));
    await s.page.getByTestId('replace-demo').getByRole('button', { name: 'Remplacer' }).click();
    await waitForAppState(s.page, () => (document.querySelectorAll('[data-testid=imports] li').length ?? 0) >= 3 && !document.body.textContent!.includes('Import en cours'));
    const list = await s.page.getByTestId('imports').textContent();
    expect(list).toContain('Contours des communes (IGN Admin Express, GeoJSON) : 2 ligne(s) chargée(s)');
    expect(list).toContain('Liste des France Services (ANCT) : 1 ligne(s) chargée(s)');
  });

  it('imports the .osm.pbf with a progress bar and shows the network summary', async () => {
    await s.page.getByTestId('network-input').setInputFiles(rawPath(PBF));
    await waitForAppState(s.page, () => document.querySelector('[data-testid=network-summary]')?.textContent?.includes('maisons_laffitte.osm.pbf') ?? false, { timeout: 60_000 });
    // The times are recomputed after the graph is built: wait for the end of the progress bar.
    await waitForAppState(s.page, () => document.querySelector('[data-testid=network-panel] progress') === null);
    await waitForTestHook(s.page, '__maillage', 60_000);
    const summary = (await s.page.getByTestId('network-summary').textContent())!;
    expect(summary).toMatch(/nœuds, .* arcs, .* km de routes/);
  });

  it('the times computed in the browser equal the reference Dijkstra, and the panel shows them', async () => {
    const rows = await sql<{ code: string; nom: string; lon: number; lat: number; minutes: number; method: string }>(s, `
      SELECT v.code, v.nom, v.lon, v.lat, a.minutes, a.method FROM commune_view v
      JOIN access_times a ON a.target = 'commune' AND a.target_id = v.code AND a.grp = 'france_services'
      WHERE v.code IN ('78901', '78902') ORDER BY v.code`);
    expect(rows).toHaveLength(2);
    const expected = await referenceMinutes(rows, [{ lon: 2.16, lat: 48.9405 }]);
    rows.forEach((r, i) => {
      expect(r.method).toBe('route');
      expect(Math.abs(r.minutes - expected[i])).toBeLessThan(1e-6);
    });
    // And on screen: click the northern district.
    const north = rows[0];
    const point = (await s.page.evaluate(`(async () => { await __maillage.flyTo(${north.lon}, ${north.lat}, 14); return __maillage.project(${north.lon}, ${north.lat}); })()`)) as { x: number; y: number };
    const box = (await s.page.locator('.map').boundingBox())!;
    // Hover first: the tooltip naming the district proves the map picks it, then click.
    await s.page.mouse.move(box.x + point.x, box.y + point.y);
    await s.page.getByTestId('tooltip').getByText(north.nom).waitFor();
    await s.page.mouse.click(box.x + point.x, box.y + point.y);
    await s.page.getByTestId('commune-access').getByText(north.nom).waitFor();
    const text = await s.page.getByTestId('commune-access').textContent();
    expect(text).toContain(`Depuis le centre : ${Math.round(expected[0])} min jusqu'à France services de test Est`);
  });

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
