/**
 * The app's answer on the demo instance (the demo territory's roads, its inhabited 1 km cells,
 * France Services fixed, commune centres, libraries and mediation places as candidates), against
 * the exact optimum that HiGHS proves for the same integer program: k = 10, T = 15 min, and a few
 * neighbours of that setting. The ratio and the exact solve's time are printed for the report.
 * The gain itself is checked by another code path: the what-if engine with the 10 sites added.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoTerritory } from '../../../../data/generate_demo.ts';
import { ignGeoJsonToSegments } from '../../../../src/data/import/ign_roads.ts';
import { AccessEngine } from '../../../../src/domain/access/engine.ts';
import { runOptimise, runScenario, type DemandInput, type OptimiseParams, type ScenarioSiteInput } from '../../../../src/domain/access/planning_io.ts';
import { solveMip } from '../../../../src/domain/planning/exact.ts';
import { laea3035ToWgs84 } from '../../../../src/domain/projection.ts';
import { loadSolver } from './helpers.ts';

const files = generateDemoTerritory(58);
const { segments } = ignGeoJsonToSegments(JSON.parse(files.get('troncons_routes.geojson')!), { fileName: 'routes' });

function csvRows(name: string, sep: ',' | ';'): string[][] {
  const cell = new RegExp(`("[^"]*"|[^${sep}]*)(${sep}|$)`, 'g');
  return files.get(name)!.trim().split('\n').slice(1).map((l) => [...l.matchAll(cell)].map((m) => m[1].replace(/^"|"$/g, '')));
}

const fixed: ScenarioSiteInput[] = csvRows('liste-fs.csv', ',').map((c) => ({ id: c[0], name: c[2], lat: Number(c[8]), lon: Number(c[9]), kind: 'france_services', fsType: 'principal' }));
const cells = csvRows('carreaux_1km.csv', ',').map((c) => ({ x: Number(c[1]), y: Number(c[2]), pop: Number(c[4]), p80: Number(c[8]) })).filter((c) => c.pop > 0);
const at = cells.map((c) => laea3035ToWgs84(c.x, c.y));
const demand: DemandInput = {
  lon: Float64Array.from(at, (p) => p[0]),
  lat: Float64Array.from(at, (p) => p[1]),
  population: Float64Array.from(cells, (c) => c.pop),
  pop75: Float64Array.from(cells, (c) => c.p80), // the cells' 80+ stand for the old people here
  need: Float64Array.from(cells, () => NaN),
};
const centres = csvRows('laposte_hexasmal.csv', ';').filter((c, i, all) => all.findIndex((d) => d[0] === c[0]) === i);
const libraries = csvRows('adresses-des-bibliotheques-publiques.csv', ';');
const places = (JSON.parse(files.get('lieux-mediation-numerique.json')!) as { id: string; nom: string; latitude: number; longitude: number }[]).filter((p) => !/France services/i.test(p.nom));
const candidates: OptimiseParams['candidates'] = [
  ...centres.map((c) => ({ id: `commune:${c[0]}`, lat: Number(c[5].split(',')[0]), lon: Number(c[5].split(',')[1]), origin: 'chef_lieu' as const, commune: c[0] })),
  ...libraries.map((c, i) => ({ id: `bib:${i}`, lat: Number(c[11].split(',')[0]), lon: Number(c[11].split(',')[1]), origin: 'mediatheque' as const, commune: c[8] })),
  ...places.map((p) => ({ id: `lmn:${p.id}`, lat: p.latitude, lon: p.longitude, origin: 'point_numerique' as const, commune: '' })),
];

describe('the demo instance against the exact optimum', { timeout: 600_000 }, () => {
  const engine = new AccessEngine();
  engine.loadNetwork('routes', segments);

  const settings: { k: number; T: number; weight: 'population' | 'pop75' }[] = [
    { k: 10, T: 15, weight: 'population' },
    { k: 10, T: 15, weight: 'pop75' },
    { k: 5, T: 15, weight: 'population' },
    { k: 10, T: 20, weight: 'population' },
  ];
  const ratios: number[] = [];

  it.each(settings)('coverage, k = $k, T = $T min, weight $weight: the app\'s answer is ≥ 0.99 of the proven optimum', async ({ k, T, weight }) => {
    const highs = await loadSolver();
    const t0 = performance.now();
    const outcome = runOptimise(engine, { objective: 'coverage', k, thresholdMinutes: T, weight, demand, fixed, candidates, prove: true });
    const appMs = performance.now() - t0;
    if (outcome.status !== 'ok' || !outcome.proofInput) throw new Error('no answer or no program');
    const exact = solveMip(highs, outcome.proofInput, { timeLimitSeconds: 120 });
    expect(exact.status).toBe('optimal');
    const ratio = outcome.totalGain / exact.best;
    ratios.push(ratio);
    console.log(JSON.stringify({
      demo: `k=${k} T=${T} ${weight}`, cells: cells.length, candidates: candidates.length, app_ms: Math.round(appMs), app_gain: Math.round(outcome.totalGain),
      optimum: Math.round(exact.best), ratio: Number(ratio.toFixed(4)), exact_ms: Math.round(exact.ms), ...exact.size,
    }));
    expect(ratio).toBeGreaterThanOrEqual(0.99);
    expect(ratio).toBeLessThanOrEqual(1 + 1e-9);
    if (weight === 'population' && k === 10 && T === 15) {
      // Another code path: the what-if engine with the proposals added to the France Services.
      const added = outcome.proposals.map((p) => ({ id: p.candidate.id, lon: p.candidate.lon!, lat: p.candidate.lat!, kind: 'france_services' as const, fsType: 'principal' as const }));
      const s = runScenario(engine, { thresholdMinutes: T, demand, base: fixed, added, removed: [] });
      expect(s.before.populationBeyond - s.after.populationBeyond).toBeCloseTo(outcome.totalGain, 6);
    }
  });

  it('summary', () => {
    const sorted = [...ratios].sort((a, b) => a - b);
    console.log(JSON.stringify({ demo_ratios: sorted.map((r) => Number(r.toFixed(4))), worst: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)] }));
    expect(ratios).toHaveLength(settings.length);
  });
});
