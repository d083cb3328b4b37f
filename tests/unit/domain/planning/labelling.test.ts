import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../../src/domain/routing/graph.ts';
import {
  containingFeature,
  checkSentence,
  labellingCheck,
  NO_NATIONAL_SPACING_RULE,
  pointInPolygon,
  type Demand,
  type ExistingSite,
  type LabellingCandidate,
} from '../../../../src/domain/planning/index.ts';
import { segments } from '../routing/random_graph.ts';
import { haversine } from '../../../../src/domain/geo.ts';

/*
 * Hand-made network (all two-way; lengths given, times = length / speed):
 *   0 —(6 km, 60 km/h = 6 min)— 1 —(10 km, 60 km/h = 10 min)— 2 —(40 km, 80 km/h = 30 min)— 5
 *   0 —(20 km, 80 km/h = 15 min)— 3 —(2 km, 30 km/h = 4 min)— 4
 *   1 —(5 km, 20 km/h = 15 min)— 4
 * Existing France services: principal at node 2, antenne at node 4, a bus stop at node 3 with a
 * 1-min access leg, a médiathèque (not France services) 23 m from the candidate.
 * Candidate at node 0 (leg 0).
 */
const graph = buildGraph(
  segments(
    [[2, 46], [2.08, 46], [2.2, 46], [2.2, 45.9], [2.25, 45.9], [2.7, 46]],
    [
      [0, 1, 6000, 60, 0],
      [1, 2, 10000, 60, 0],
      [2, 5, 40000, 80, 0],
      [0, 3, 20000, 80, 0],
      [3, 4, 2000, 30, 0],
      [1, 4, 5000, 20, 0],
    ],
  ),
  { contract: false },
);
const existing: ExistingSite[] = [
  { id: 'p', name: 'FS Bourg', kind: 'france_services', fsType: 'principal', node: 2, lon: 2.2, lat: 46, canton: '0101' },
  { id: 'a', name: 'Antenne Val', kind: 'france_services', fsType: 'antenne', node: 4, lon: 2.25, lat: 45.9, canton: '0102' },
  { id: 'b#1', name: 'Bus arrêt 1', kind: 'france_services', fsType: 'bus', node: 3, legMinutes: 1, lon: 2.2, lat: 45.9, canton: '0102' },
  { id: 'm', name: 'Médiathèque', kind: 'mediatheque', node: 0, lon: 2.0003, lat: 46 },
];
// Units on nodes 0..5; département A = units 0–4, B = unit 5.
const demand: Demand = {
  node: Int32Array.from([0, 1, 2, 3, 4, 5]),
  legMinutes: new Float64Array(6),
  population: Float64Array.from([100, 200, 50, 80, 70, 1000]),
  pop75: Float64Array.from([20, 30, 5, 8, 7, 100]),
  need: Float64Array.from([25, 40, 10, 16, 14, 200]),
};
const dep = ['A', 'A', 'A', 'A', 'A', 'B'];
const week = (text: string, days = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi']) => Object.fromEntries(days.map((d) => [d, text]));
const candidate: LabellingCandidate = {
  id: 'cand', name: 'Mairie de Saint-Test', node: 0, lon: 2, lat: 46, canton: '0101',
  hours: week('09:00-12:00 / 14:00-16:00'), agents: 2,
};
const fig = (f: ReturnType<typeof labellingCheck>, key: string) => f.figures.find((x) => x.key === key)!;
const check = (f: ReturnType<typeof labellingCheck>, key: string) => f.checks.find((x) => x.key === key)!;

describe('labelling check', () => {
  const f = labellingCheck(graph, demand, existing, candidate, { thresholdMinutes: 10, departement: 'A' }, dep);

  it('gives time and route distance to the nearest France services of each type', () => {
    // Principal: 0→1→2 = 6 + 10 = 16 min, 6,000 + 10,000 = 16,000 m.
    expect(f.nearest.principal).toMatchObject({ siteId: 'p', minutes: 16, meters: 16000 });
    // Antenne: 0→3→4 = 15 + 4 = 19 min (22,000 m) beats 0→1→4 = 6 + 15 = 21 min (11,000 m):
    // the distance is the length of the FASTEST route, not the shortest one.
    expect(f.nearest.antenne).toMatchObject({ siteId: 'a', minutes: 19, meters: 22000 });
    // Bus stop: 0→3 = 15 min + 1-min access leg = 16 min; 20,000 m (leg excluded).
    expect(f.nearest.bus).toMatchObject({ siteId: 'b#1', minutes: 16, meters: 20000 });
  });

  it('the three nearest of any type, named, nearest first; route distances in km', () => {
    // From node 0: p = 16 min / 16 km; b#1 = 15 + 1 (leg) = 16 min / 20 km; a = 19 min / 22 km.
    // p and b#1 tie at 16 min: the shorter route (16 km) comes first.
    expect(f.nearestThree.map((n) => [n.siteId, n.name, n.minutes, n.meters, n.method])).toEqual([
      ['p', 'FS Bourg', 16, 16000, 'route'],
      ['b#1', 'Bus arrêt 1', 16, 20000, 'route'],
      ['a', 'Antenne Val', 19, 22000, 'route'],
    ]);
    expect(fig(f, 'proche_1_temps')).toMatchObject({ value: 16, unit: 'min' });
    expect(fig(f, 'proche_1_temps').label).toContain('FS Bourg');
    expect(fig(f, 'proche_3_distance')).toMatchObject({ value: 22, unit: 'km' });
    // Only two France services: two rows, not three.
    const two = labellingCheck(graph, demand, existing.filter((s) => s.id !== 'a'), candidate, { thresholdMinutes: 10 });
    expect(two.nearestThree.map((n) => n.siteId)).toEqual(['p', 'b#1']);
  });

  it('isochrones of the candidate on the road network: node 1 (6 min) inside 10 min, node 5 (46 min) outside 30', () => {
    expect(f.isochrones.method).toBe('route');
    if (f.isochrones.method !== 'route') return;
    expect(f.isochrones.features.map((x) => x.properties.minutes)).toEqual([10, 20, 30]);
    const inside = (minutes: number, lon: number, lat: number) =>
      f.isochrones.method === 'route' && f.isochrones.features.find((x) => x.properties.minutes === minutes)!.geometry.coordinates.some((poly) => pointInPolygon(lon, lat, { type: 'Polygon', coordinates: poly }));
    expect(inside(10, 2.08, 46)).toBe(true);
    expect(inside(30, 2.7, 46)).toBe(false);
  });

  it('counts people newly within the threshold and the département share', () => {
    // Before (T = 10): node 0 → min(16, 19, 16) = 16 > 10; node 1 → 10 (to node 2) ≤ 10;
    // nodes 2, 4 → 0; node 3 → 1 (bus leg); node 5 → 30. After adding the candidate at node 0:
    // node 0 → 0. Newly within: unit 0 only → 100 people, 20 aged 75+, 25 needing help.
    expect(fig(f, 'nouveaux_population')).toMatchObject({ value: 100, unit: 'personnes' });
    expect(fig(f, 'nouveaux_75').value).toBe(20);
    expect(fig(f, 'nouveaux_besoin').value).toBe(25);
    // Département A = 100 + 200 + 50 + 80 + 70 = 500; within before = 500 − 100 = 400 → 80 %; after 100 %.
    expect(fig(f, 'part_avant')).toMatchObject({ value: 80, unit: '%' });
    expect(fig(f, 'part_apres').value).toBe(100);
  });

  it('flags the canton, the duplicate within 50 m, and checks hours and agents', () => {
    expect(check(f, 'canton')).toMatchObject({ status: 'alerte' });
    expect(check(f, 'canton').detail).toContain('FS Bourg');
    expect(checkSentence(check(f, 'canton'))).toBe('Non conforme, parce que le canton 0101 (nom non disponible) compte déjà 1 France services : FS Bourg.');
    expect(checkSentence(check(f, 'agents'))).toBe('Conforme, parce que 2 agents sont prévus (au moins 2 demandés).');
    // Médiathèque 0.0003° of longitude east at 46° N ≈ 0.0003 × 111.2 km × cos 46° ≈ 23 m.
    expect(check(f, 'doublon').status).toBe('alerte');
    expect(fig(f, 'lieu_le_plus_proche_m').value).toBeCloseTo(23.2, 0);
    // 5 days × (3 h + 2 h) = 25 h ≥ 24 h, 5 days, 2 agents.
    expect(fig(f, 'heures').value).toBe(25);
    expect(check(f, 'horaires').status).toBe('ok');
    expect(check(f, 'agents').status).toBe('ok');
    expect(f.sources.join(' ')).toContain('Charte nationale France services');
  });

  it('no duplicate beyond 50 m; other canton ok; short hours, one agent and unknown values flagged', () => {
    const g = labellingCheck(
      graph, demand, existing.map((s) => (s.id === 'm' ? { ...s, lon: 2.001 } : s)),
      { ...candidate, canton: '0199', hours: week('08:00-14:00', ['lundi', 'mardi', 'mercredi', 'jeudi']), agents: 1 },
      { thresholdMinutes: 10 },
    );
    // 0.001° ≈ 77 m > 50 m.
    expect(check(g, 'doublon').status).toBe('ok');
    expect(check(g, 'canton').status).toBe('ok');
    // 4 days × 6 h = 24 h but only 4 days → alerte.
    expect(fig(g, 'heures').value).toBe(24);
    expect(fig(g, 'jours').value).toBe(4);
    expect(check(g, 'horaires').status).toBe('alerte');
    expect(check(g, 'agents').status).toBe('alerte');
    const { hours: _h, agents: _a, canton: _c, ...bare } = candidate;
    const h = labellingCheck(graph, demand, existing, bare);
    expect(['canton', 'horaires', 'agents'].map((k) => check(h, k).status)).toEqual(['non_applicable', 'non_applicable', 'non_applicable']);
    expect(checkSentence(check(h, 'agents'))).toBe("Non applicable, parce que le nombre d'agents n'est pas renseigné.");
    expect(checkSentence(check(g, 'horaires'))).toBe("Non conforme, parce que le lieu n'ouvre que 24,0 h sur 4 jours, pour au moins 24 h sur 5 jours demandés.");
    // A named canton; "parce que" elides before a vowel ("aucune").
    const named = labellingCheck(graph, demand, existing, { ...candidate, canton: '0199', cantonName: 'Imphy' }, { thresholdMinutes: 10 });
    expect(checkSentence(check(named, 'canton'))).toBe("Conforme, parce qu’aucune France services n'est implantée dans le canton d’Imphy (0199).");
    expect(named.canton).toEqual({ code: '0199', name: 'Imphy' });
  });

  it('spacing doctrine: off by default, then alerte / ok around the nearest France services (16 min)', () => {
    expect(check(f, 'espacement').status).toBe('non_applicable');
    expect(checkSentence(check(f, 'espacement'))).toMatch(/^Non applicable, parce qu’aucune règle nationale chiffrée/);
    expect(NO_NATIONAL_SPACING_RULE).toContain("pas de règle nationale chiffrée");
    expect(check(labellingCheck(graph, demand, existing, candidate, { spacingMinutes: 20 }), 'espacement').status).toBe('alerte');
    expect(check(labellingCheck(graph, demand, existing, candidate, { spacingMinutes: 16 }), 'espacement').status).toBe('ok');
    expect(check(labellingCheck(graph, demand, existing, candidate, { spacingMinutes: 15 }), 'espacement').status).toBe('ok');
  });

  it('point in polygon helper finds the canton', () => {
    const square = (x: number, y: number) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]] });
    expect(pointInPolygon(2.5, 46.5, square(2, 46))).toBe(true);
    expect(pointInPolygon(3.5, 46.5, square(2, 46))).toBe(false);
    expect(containingFeature(3.5, 46.5, [{ code: '0101', geometry: square(2, 46) }, { code: '0102', geometry: square(3, 46) }])).toBe('0102');
    expect(containingFeature(9, 9, [{ code: '0101', geometry: square(2, 46) }])).toBeNull();
  });
});

describe('people are counted in whole persons', () => {
  it('fractional grid-cell people: 100.4 + 138.2 newly within → 239 (238.6 rounded), not "238,6 personnes"', () => {
    // Candidate at node 0; units on nodes 0 and 1 (6 min away) are beyond 5 min of FS Bourg (16 and 10 min).
    const d: Demand = {
      node: Int32Array.from([0, 1, 2]), legMinutes: new Float64Array(3),
      population: Float64Array.from([100.4, 138.2, 50.3]), pop75: Float64Array.from([10.4, 10.4, 1]), need: Float64Array.from([1.2, 1.2, 1]),
    };
    const r = labellingCheck(graph, d, existing.filter((s) => s.id === 'p'), { ...candidate, node: 0 }, { thresholdMinutes: 6 });
    expect(fig(r, 'nouveaux_population').value).toBe(239);
    expect(fig(r, 'nouveaux_75').value).toBe(21); // 20.8
    expect(fig(r, 'nouveaux_besoin').value).toBe(2); // 2.4
  });
});

describe('labelling check without a road network, and in mixed mode', () => {
  const E = { detour: 1.5, speedKmh: 50 };
  const est = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) => ((haversine(a.lon, a.lat, b.lon, b.lat) * E.detour) / 1000 / E.speedKmh) * 60;
  // The same places, no graph: every site and unit off the network, units at their node positions.
  const nodesXY = Array.from(graph.lon, (lon, v) => ({ lon, lat: graph.lat[v] }));
  const offDemand: Demand = {
    ...demand,
    node: new Int32Array(6).fill(-1),
    lon: Float64Array.from([0, 1, 2, 3, 4, 5].map((v) => nodesXY[demand.node[v]].lon)),
    lat: Float64Array.from([0, 1, 2, 3, 4, 5].map((v) => nodesXY[demand.node[v]].lat)),
  };
  const offSites = existing.map((s) => ({ ...s, node: -1, legMinutes: 0 }));
  const T = 25;
  const g = labellingCheck(null, offDemand, offSites, { ...candidate, node: -1 }, { thresholdMinutes: T, departement: 'A', estimate: E }, dep);

  it('nearest France services of each type by straight line × detour, each figure labelled as an estimate', () => {
    expect(g.method).toBe('vol_oiseau');
    expect(g.estimate).toEqual(E);
    for (const s of existing.filter((x) => x.kind === 'france_services')) {
      const type = s.fsType!;
      const straight = haversine(candidate.lon, candidate.lat, s.lon, s.lat);
      expect(g.nearest[type]).toMatchObject({ siteId: s.id, method: 'vol_oiseau' });
      expect(g.nearest[type]!.minutes).toBeCloseTo(est(candidate, s), 9);
      expect(g.nearest[type]!.meters).toBeCloseTo(straight * 1.5, 6);
      expect(g.nearest[type]!.straightMeters).toBeCloseTo(straight, 6);
    }
    // The three nearest by estimate, each figure labelled as one; circles for the isochrones:
    // 10 min at 50 km/h = 8.33 km of road = 8.33 / 1.5 = 5.56 km of straight line.
    expect(g.nearestThree.every((n) => n.method === 'vol_oiseau')).toBe(true);
    expect(fig(g, 'proche_1_temps').label).toMatch(/vol d'oiseau/);
    expect(fig(g, 'proche_1_distance').label).toMatch(/Distance estimée/);
    expect(g.isochrones).toEqual({ method: 'vol_oiseau', circles: [10, 20, 30].map((m) => ({ minutes: m, meters: expect.closeTo((m / 60) * 50_000 / 1.5, 6) })) });
    expect(g.sources.join(' ')).toMatch(/facteur de détour/);
  });

  it('people newly within T: brute force over the estimated times', () => {
    const fsXY = existing.filter((x) => x.kind === 'france_services');
    let newPop = 0, new75 = 0, depPop = 0, depBefore = 0, depAfter = 0;
    for (let i = 0; i < 6; i++) {
      const u = { lon: offDemand.lon![i], lat: offDemand.lat![i] };
      const before = Math.min(...fsXY.map((s) => est(u, s)));
      const after = Math.min(before, est(u, candidate));
      if (before > T && after <= T) {
        newPop += demand.population[i];
        new75 += demand.pop75[i];
      }
      if (dep[i] === 'A') {
        depPop += demand.population[i];
        if (before <= T) depBefore += demand.population[i];
        if (after <= T) depAfter += demand.population[i];
      }
    }
    expect(newPop).toBeGreaterThan(0);
    expect(fig(g, 'nouveaux_population')).toMatchObject({ value: Math.round(newPop), method: 'vol_oiseau' });
    expect(fig(g, 'nouveaux_75').value).toBe(Math.round(new75));
    expect(fig(g, 'part_avant').value).toBeCloseTo((100 * depBefore) / depPop, 9);
    expect(fig(g, 'part_apres').value).toBeCloseTo((100 * depAfter) / depPop, 9);
  });

  it('unknown 75+ and need: null figures, not 0', () => {
    const h = labellingCheck(null, { ...offDemand, pop75: new Float64Array(6).fill(NaN), need: new Float64Array(6).fill(NaN) }, offSites, { ...candidate, node: -1 }, { thresholdMinutes: T });
    expect(fig(h, 'nouveaux_75').value).toBeNull();
    expect(fig(h, 'nouveaux_besoin').value).toBeNull();
    expect(fig(h, 'nouveaux_population').value).toBeGreaterThan(0);
  });

  it('mixed: a France services off the network is reached by estimate when that is faster than the road', () => {
    // A principal off the network 5.56 km north of the candidate: 5.56 × 1.5 km at 50 km/h = 10 min < 16 min by road to 'p'.
    const far = { id: 'p2', name: 'FS hors réseau', kind: 'france_services' as const, fsType: 'principal' as const, node: -1, lon: 2, lat: 46.05 };
    const m = labellingCheck(graph, { ...demand, lon: offDemand.lon, lat: offDemand.lat }, [...existing, far], candidate, { thresholdMinutes: 10, estimate: E });
    expect(m.method).toBe('route');
    expect(m.nearest.principal).toMatchObject({ siteId: 'p2', method: 'vol_oiseau' });
    expect(m.nearest.principal!.minutes).toBeCloseTo(est(candidate, far), 9);
    expect(m.nearest.antenne).toMatchObject({ siteId: 'a', minutes: 19, meters: 22000, method: 'route' });
    // Nearest three, mixed: p2 by estimate (10 min), then p and b#1 by road (16 min each).
    expect(m.nearestThree.map((n) => [n.siteId, n.method])).toEqual([['p2', 'vol_oiseau'], ['p', 'route'], ['b#1', 'route']]);
    expect(fig(m, 'proche_1_temps').method).toBe('vol_oiseau');
    expect(fig(m, 'proche_2_temps').method).toBe('route');
  });
});
