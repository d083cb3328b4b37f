import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../../src/domain/routing/graph.ts';
import {
  containingFeature,
  labellingCheck,
  NO_NATIONAL_SPACING_RULE,
  pointInPolygon,
  type Demand,
  type ExistingSite,
  type LabellingCandidate,
} from '../../../../src/domain/planning/index.ts';
import { segments } from '../routing/random_graph.ts';

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
    expect(fig(f, 'temps_antenne')).toMatchObject({ value: 19, unit: 'min' });
    expect(fig(f, 'distance_principal')).toMatchObject({ value: 16000, unit: 'm' });
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
  });

  it('spacing doctrine: off by default, then alerte / ok around the nearest France services (16 min)', () => {
    expect(check(f, 'espacement')).toMatchObject({ status: 'non_applicable', detail: NO_NATIONAL_SPACING_RULE });
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
