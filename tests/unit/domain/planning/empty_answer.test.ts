/**
 * Why the optimiser returns no proposal, from a hand-made instance without a road graph
 * (straight-line times): who is beyond T, who a candidate could bring within it, what they weigh;
 * and the "…avec ce poids, mais…" warning when the ones it could reach have no weight.
 */
import { describe, expect, it } from 'vitest';
import { optimise } from '../../../../src/domain/planning/index.ts';
import type { Demand } from '../../../../src/domain/planning/types.ts';
import { haversine } from '../../../../src/domain/geo.ts';

// Fixed site at (3.0, 47.0). Unit 0 sits on it (100 people). Unit 1, 0.8° east (≈ 61 km), has a
// candidate on it (300 people, need unknown). Unit 2, 4° east (≈ 300 km), has none (50 people).
const lon = Float64Array.from([3.0, 3.8, 7.0]);
const lat = Float64Array.from([47.0, 47.0, 47.0]);
const demand = (need: number[]): Demand => ({
  node: Int32Array.from([-1, -1, -1]), legMinutes: new Float64Array(3), lon, lat,
  population: Float64Array.from([100, 300, 50]), pop75: Float64Array.from([10, 30, 5]), need: Float64Array.from(need),
});
const fixed = [{ id: 'fs', node: -1, lon: 3.0, lat: 47.0 }];
const candidates = [{ id: 'c', origin: 'chef_lieu' as const, commune: '58001', node: -1, lon: 3.8, lat: 47.0 }];
const run = (need: number[], weight: 'need' | 'population') =>
  optimise(null, demand(need), fixed, candidates, { objective: 'coverage', thresholdMinutes: 30, weight, k: 1 });

describe('an empty answer says why', () => {
  it('the instance is as drawn: units 1 and 2 are far beyond 30 min at any road speed under 120 km/h', () => {
    expect(haversine(3.0, 47.0, 3.8, 47.0)).toBeGreaterThan(60_000);
    expect(haversine(3.8, 47.0, 7.0, 47.0)).toBeGreaterThan(240_000);
  });

  it('need unknown where a candidate would help: no proposal, 350 people beyond, 300 reachable but weighing 0, and the "avec ce poids, mais" warning', () => {
    const r = run([10, NaN, 5], 'need');
    if (r.status !== 'ok') throw new Error(r.status);
    expect(r.proposals).toEqual([]);
    expect(r.beyond).toEqual({ population: 350, weight: 5, reachablePopulation: 300, reachableWeight: 0 });
    expect(r.weight.warning).toMatch(/^Aucun emplacement n'améliore la situation avec ce poids, mais donnée manquante pour 1 unité sur 3 \(300 habitants\)/);
    expect(r.weight.warning).toContain('Choisissez la population comme poids');
  });

  it('weighted by population instead, the candidate is proposed and brings those 300 within 30 min', () => {
    const r = run([10, NaN, 5], 'population');
    if (r.status !== 'ok') throw new Error(r.status);
    expect(r.proposals.map((p) => p.candidate.id)).toEqual(['c']);
    expect(r.proposals[0].newlyWithin.population).toBe(300);
    expect(r.weight.warning).toBeNull();
  });

  it('nobody a candidate can reach: reachable 0 though 50 people are beyond (the weight is not the reason)', () => {
    const r = optimise(null, { ...demand([10, 20, 5]), population: Float64Array.from([100, 0, 50]), need: Float64Array.from([10, 0, 5]) }, fixed, candidates, { objective: 'coverage', thresholdMinutes: 30, weight: 'need', k: 1 });
    if (r.status !== 'ok') throw new Error(r.status);
    expect(r.proposals).toEqual([]);
    expect(r.beyond).toMatchObject({ population: 50, reachablePopulation: 0 });
    expect(r.weight.warning).toBeNull();
  });
});
