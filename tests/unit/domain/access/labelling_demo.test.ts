/**
 * The labelling check on the demo territory, against direct computations: the drive time to the
 * nearest existing France Services equals a plain reference Dijkstra, and the people newly
 * within 30 min equal what the what-if scenario engine finds for the same site (two separate
 * code paths), and the figure for the 75+ is the SQL-side sum over the communes that gain.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoTerritory } from '../../../../data/generate_demo.ts';
import { ignGeoJsonToSegments } from '../../../../src/data/import/ign_roads.ts';
import { AccessEngine } from '../../../../src/domain/access/engine.ts';
import { densifySegments } from '../../../../src/domain/access/densify.ts';
import { runLabelling, runScenario, type DemandInput, type ScenarioSiteInput } from '../../../../src/domain/access/planning_io.ts';
import { buildGraph, buildNodeIndex, snapPoints } from '../../../../src/domain/routing/index.ts';
import { referenceDijkstra } from '../../../helpers/reference_dijkstra.ts';

const files = generateDemoTerritory(58);
const { segments } = ignGeoJsonToSegments(JSON.parse(files.get('troncons_routes.geojson')!), { fileName: 'routes' });

/** Rows of a generated CSV (no embedded separators in the fields used here, except quoted ones). */
function csvRows(name: string, sep: ',' | ';'): string[][] {
  const cell = new RegExp(`("[^"]*"|[^${sep}]*)(${sep}|$)`, 'g');
  return files.get(name)!.trim().split('\n').slice(1).map((l) => [...l.matchAll(cell)].map((m) => m[1].replace(/^"|"$/g, '')));
}

describe('labelling check on the demo territory', () => {
  const engine = new AccessEngine();
  engine.loadNetwork('routes', segments);
  // Existing France Services (ANCT list).
  const fs: ScenarioSiteInput[] = csvRows('liste-fs.csv', ',').map((c) => ({
    id: c[0], name: c[2], lat: Number(c[8]), lon: Number(c[9]), kind: 'france_services', fsType: c[20] === 'Antenne' ? 'antenne' : /Bus/.test(c[21]) ? 'bus' : 'principal',
  }));
  // Demand: commune centres (La Poste points) with their legal population; 75+ and need set to population shares.
  const pop = new Map(csvRows('Communes.csv', ';').map((c) => [c[0], Number(c[2])]));
  const centres = csvRows('laposte_hexasmal.csv', ';').filter((c, i, all) => all.findIndex((d) => d[0] === c[0]) === i);
  const demand: DemandInput = {
    lon: Float64Array.from(centres, (c) => Number(c[5].split(',')[1])),
    lat: Float64Array.from(centres, (c) => Number(c[5].split(',')[0])),
    population: Float64Array.from(centres, (c) => pop.get(c[0]) ?? 0),
    pop75: Float64Array.from(centres, (c) => (pop.get(c[0]) ?? 0) * 0.15),
    need: Float64Array.from(centres, (c) => (pop.get(c[0]) ?? 0) * 0.2),
  };
  // The candidate: the remotest commune centre from the France Services (straight line).
  let far = 0;
  let farD = -1;
  for (let i = 0; i < demand.lon.length; i++) {
    const d = Math.min(...fs.map((s) => (s.lon - demand.lon[i]) ** 2 + (s.lat - demand.lat[i]) ** 2));
    if (d > farD) [far, farD] = [i, d];
  }
  const candidate = { id: 'projet', name: 'Projet', lon: demand.lon[far], lat: demand.lat[far] };
  const fiche = runLabelling(engine, { demand, existing: fs, candidate, params: { thresholdMinutes: 30 } });
  const figure = (key: string) => fiche.figures.find((f) => f.key === key)!.value;

  it('drive time to the nearest Principal France Services equals a plain reference Dijkstra', () => {
    const dense = densifySegments(segments);
    const plain = buildGraph(dense, { contract: false, largestComponent: true });
    const index = buildNodeIndex(plain.lon, plain.lat);
    const principal = fs.filter((s) => s.fsType === 'principal');
    const snappedFs = snapPoints(plain, principal, {}, index);
    const ref = referenceDijkstra(dense, 'to_sources', principal.map((_, k) => ({ node: plain.inputNode[snappedFs.node[k]], offset: snappedFs.legMinutes[k] })));
    const c = snapPoints(plain, [candidate], {}, index);
    const expected = ref[plain.inputNode[c.node[0]]] + c.legMinutes[0];
    expect(fiche.nearest.principal!.minutes).toBeCloseTo(expected, 6);
    // The nearest of any type is no farther than the nearest principal.
    expect(fiche.nearestThree[0].minutes).toBeLessThanOrEqual(expected + 1e-6);
    expect(figure('proche_1_temps')).toBe(fiche.nearestThree[0].minutes);
    expect(expected).toBeGreaterThan(20); // a remote place
  });

  it('people newly within 30 min equal the what-if engine for the same site', () => {
    const scenario = runScenario(engine, {
      thresholdMinutes: 30, demand, base: fs, added: [{ ...candidate, kind: 'france_services', fsType: 'principal' }], removed: [],
    });
    // Whole persons on the fiche.
    expect(figure('nouveaux_population')).toBe(Math.round(scenario.before.populationBeyond - scenario.after.populationBeyond));
    expect(figure('nouveaux_75')).toBe(Math.round(scenario.before.pop75Beyond - scenario.after.pop75Beyond));
    expect(figure('nouveaux_population')).toBeGreaterThan(0);
  });

  it('says that no national spacing rule exists, and checks the charter minimum', () => {
    expect(fiche.checks.map((c) => c.key)).toEqual(expect.arrayContaining(['doublon', 'horaires']));
    expect(fiche.sources.join(' ')).toMatch(/France services/i);
  });
});
