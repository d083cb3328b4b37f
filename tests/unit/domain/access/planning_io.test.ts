/**
 * The worker's planning requests on the demo territory (generated in memory): without a road
 * network they run on straight-line estimates and say so; with the network, communes added far
 * from it get the estimate and are counted apart; the need unknown everywhere is refused, not
 * answered "nothing improves"; scenario sessions follow the network version.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoTerritory } from '../../../../data/generate_demo.ts';
import { ignGeoJsonToSegments } from '../../../../src/data/import/ign_roads.ts';
import { AccessEngine } from '../../../../src/domain/access/engine.ts';
import {
  ScenarioSessionError, ScenarioSessions, runLabelling, runOptimise, runScenario, type DemandInput, type OptimiseParams, type ScenarioSiteInput,
} from '../../../../src/domain/access/planning_io.ts';
import type { OptimiseResult } from '../../../../src/domain/planning/index.ts';

const files = generateDemoTerritory(58);
const { segments } = ignGeoJsonToSegments(JSON.parse(files.get('troncons_routes.geojson')!), { fileName: 'routes' });

function csvRows(name: string, sep: ',' | ';'): string[][] {
  const cell = new RegExp(`("[^"]*"|[^${sep}]*)(${sep}|$)`, 'g');
  return files.get(name)!.trim().split('\n').slice(1).map((l) => [...l.matchAll(cell)].map((m) => m[1].replace(/^"|"$/g, '')));
}

const fs: ScenarioSiteInput[] = csvRows('liste-fs.csv', ',').map((c) => ({
  id: c[0], name: c[2], lat: Number(c[8]), lon: Number(c[9]), kind: 'france_services', fsType: 'principal',
}));
const pop = new Map(csvRows('Communes.csv', ';').map((c) => [c[0], Number(c[2])]));
const centres = csvRows('laposte_hexasmal.csv', ';').filter((c, i, all) => all.findIndex((d) => d[0] === c[0]) === i);
/** Demand as the UI builds it before the diagnosis: need and 75+ unknown (NaN). */
function demand(extra: { lon: number; lat: number; population: number }[] = []): DemandInput {
  const rows = [
    ...centres.map((c) => ({ lon: Number(c[5].split(',')[1]), lat: Number(c[5].split(',')[0]), population: pop.get(c[0]) ?? NaN })),
    ...extra,
  ];
  return {
    lon: Float64Array.from(rows, (r) => r.lon),
    lat: Float64Array.from(rows, (r) => r.lat),
    population: Float64Array.from(rows, (r) => r.population),
    pop75: new Float64Array(rows.length).fill(NaN),
    need: new Float64Array(rows.length).fill(NaN),
  };
}
const candidates = centres.map((c, i) => ({
  id: `commune:${c[0]}`, lon: Number(c[5].split(',')[1]), lat: Number(c[5].split(',')[0]), origin: 'chef_lieu' as const, commune: c[0], communeName: `c${i}`,
}));
const params = (d: DemandInput, weight: OptimiseParams['weight']): OptimiseParams => ({
  objective: 'coverage', k: 3, thresholdMinutes: 20, weight, demand: d, fixed: fs, candidates,
});

describe('planning requests without a road network', () => {
  const engine = new AccessEngine();

  it('optimiser: need unknown everywhere → a typed refusal in French, never "nothing improves"', () => {
    const r = runOptimise(engine, params(demand(), 'need'));
    expect(r.status).toBe('weight_missing');
    if (r.status !== 'weight_missing') return;
    expect(r.message).toMatch(/besoin d'aide/i);
    expect(r.alternatives).toEqual(['population']);
  });

  it('optimiser with the population: proposals on straight-line estimates, labelled', () => {
    const r = runOptimise(engine, params(demand(), 'population')) as OptimiseResult;
    expect(r.status).toBe('ok');
    expect(r.method).toBe('vol_oiseau');
    expect(r.estimate).toEqual({ detour: 1.5, speedKmh: 50 });
    expect(r.proposals.length).toBe(3);
    expect(r.proposals[0].newlyWithin.population).toBeGreaterThan(0);
    expect(r.proposals[0].newlyWithin.need).toBeNaN();
    expect(r.estimated.units).toBe(centres.length);
  });

  it('k = 2.5 is refused with a French user error', () => {
    expect(() => runOptimise(engine, { ...params(demand(), 'population'), k: 2.5 })).toThrow(/entier supérieur ou égal à 1/);
  });

  it('the estimate parameters are taken from the request, and refused in French when out of range', () => {
    const slow = runOptimise(engine, { ...params(demand(), 'population'), estimate: { detour: 1.3, speedKmh: 40 } }) as OptimiseResult;
    expect(slow.estimate).toEqual({ detour: 1.3, speedKmh: 40 });
    expect(() => runOptimise(engine, { ...params(demand(), 'population'), estimate: { detour: 0.9 } })).toThrow(/facteur de détour doit être au moins 1/);
  });

  it('scenario and labelling run on estimates and say so', () => {
    const added = [{ ...candidates[0], kind: 'france_services' as const, fsType: 'principal' as const }];
    const s = runScenario(engine, { thresholdMinutes: 20, demand: demand(), base: fs, added, removed: [] });
    expect(s.method).toBe('vol_oiseau');
    expect(s.after.estimatedUnits).toBe(centres.length);
    expect(s.after.pop75Beyond).toBeNaN();
    const f = runLabelling(engine, { demand: demand(), existing: fs, candidate: { id: 'x', lon: candidates[5].lon, lat: candidates[5].lat }, params: { thresholdMinutes: 20 } });
    expect(f.method).toBe('vol_oiseau');
    expect(f.nearest.principal?.method).toBe('vol_oiseau');
  });
});

describe('planning requests with a network that misses some communes', () => {
  const engine = new AccessEngine();
  engine.loadNetwork('routes', segments);
  // Three places 60–80 km east of the demo network, 5,000 people each, all beyond 30 min.
  const far = [4.7, 4.8, 4.9].map((lon) => ({ lon, lat: 47.3, population: 5000 }));

  it('optimiser: the communes off the network get estimates, are counted apart, and can be served', () => {
    const d = demand(far);
    const r = runOptimise(engine, {
      ...params(d, 'population'),
      candidates: [...candidates, { id: 'far', lon: 4.8, lat: 47.3, origin: 'clic', commune: '' }],
      k: 1,
    }) as OptimiseResult;
    expect(r.method).toBe('route');
    expect(r.offGraph).toMatchObject({ units: 3, population: 15000, candidates: 1 });
    expect(r.estimated.units).toBeGreaterThanOrEqual(3);
    // A site among them serves 15,000 people: the best single choice.
    expect(r.proposals[0].candidate.id).toBe('far');
    expect(r.proposals[0].newlyWithin.estimatedPopulation).toBe(15000);
  });

  it('scenario sessions: open once, update incrementally, fail clearly after a network change', () => {
    const sessions = new ScenarioSessions(engine, 2);
    const open = sessions.open({ thresholdMinutes: 30, demand: demand(far), base: fs });
    expect(open.method).toBe('route');
    expect(open.offGraph).toEqual({ units: 3, population: 15000, sites: 0 });
    expect(open.before.estimatedUnits).toBe(3);
    const site = (lon: number) => ({ id: 'n', lon, lat: 47.3, kind: 'france_services' as const });
    const u1 = sessions.update({ sessionId: open.sessionId, draft: { added: [site(4.8)], removed: [] } });
    expect(u1.after.populationBeyond).toBeLessThan(u1.before.populationBeyond - 14999);
    const u2 = sessions.update({ sessionId: open.sessionId, draft: { added: [site(4.81)], removed: [] } });
    expect(u2.stats).toMatchObject({ removedSites: 1, addedSites: 1 });
    // Same as a scenario from scratch.
    const full = runScenario(engine, { thresholdMinutes: 30, demand: demand(far), base: fs, added: [site(4.81)], removed: [] });
    expect(u2.after).toEqual(full.after);
    expect(u2.unitsAfter.minutes).toEqual(full.unitsAfter.minutes);
    // Evicted beyond maxSessions, and stale after a network change.
    const a = sessions.open({ thresholdMinutes: 30, demand: demand(), base: fs });
    sessions.open({ thresholdMinutes: 30, demand: demand(), base: fs });
    expect(() => sessions.update({ sessionId: open.sessionId, draft: { added: [], removed: [] } })).toThrow(ScenarioSessionError);
    engine.clearNetwork();
    expect(() => sessions.update({ sessionId: a.sessionId, draft: { added: [], removed: [] } })).toThrow(/rouvrez-la/);
  });
});
