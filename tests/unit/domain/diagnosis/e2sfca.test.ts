import { describe, expect, it } from 'vitest';
import {
  APL_DREES_2012_DECAY,
  computeE2sfca,
  decayReach,
  decayWeight,
  DEFAULT_DECAY,
  DEMAND_QUALITY,
  E2SFCA_STATUS,
  LUO_QI_2009_DECAY,
  placeSupply,
  supplyDefaultsUsed,
  nearestMinutes,
  peoplePerFteAt,
  siteSupplyFte,
  sparseFromLists,
  worstUnits,
  type DecayParams,
} from '../../../../src/domain/diagnosis/e2sfca.ts';
import { minutes } from '../../../../src/domain/units.ts';

// Simple bands for hand arithmetic: t ≤ 10 → 1, 10 < t ≤ 20 → 0.5, beyond → 0.
const decay: DecayParams = {
  bands: [
    { upTo: minutes(10), weight: 1 },
    { upTo: minutes(20), weight: 0.5 },
  ],
  edgeToleranceMinutes: 1e-4,
  source: 'test',
};

// u0 reaches site0 in 5 min (w 1) and site1 in 15 min (w 0.5)
// u1 reaches site1 in 8 min (w 1)
// u2 reaches site0 in 12 min (w 0.5)
// u3 reaches nothing
const matrix = sparseFromLists(2, [
  [
    [0, 5],
    [1, 15],
  ],
  [[1, 8]],
  [[0, 12]],
  [],
]);

describe('computeE2sfca', () => {
  it('hand-computed ratios', () => {
    const demand = [100, 200, 0, 10];
    const supply = [3, 5];
    // Step 1: site0: 100·1 + 0·0.5 = 100 → R0 = 3/100 = 0.03
    //         site1: 100·0.5 + 200·1 = 250 → R1 = 5/250 = 0.02
    // Step 2: A0 = 0.03·1 + 0.02·0.5 = 0.04 → 25 people per FTE
    //         A1 = 0.02·1 = 0.02 → 50 people per FTE
    //         A2 = 0.03·0.5 = 0.015, but no demand → null
    //         A3 = 0 with demand 10 → Infinity
    const r = computeE2sfca(matrix, demand, supply, decay);
    expect(r.siteRatio[0]).toBeCloseTo(0.03, 12);
    expect(r.siteRatio[1]).toBeCloseTo(0.02, 12);
    expect(r.accessibility[0]).toBeCloseTo(0.04, 12);
    expect(r.peoplePerFte[0]).toBeCloseTo(25, 9);
    expect(r.peoplePerFte[1]).toBeCloseTo(50, 9);
    expect(r.accessibility[2]).toBeCloseTo(0.015, 12);
    expect(peoplePerFteAt(r, 2)).toBeNull();
    expect(r.status[2]).toBe(E2SFCA_STATUS.no_demand);
    expect(r.peoplePerFte[3]).toBe(Infinity);
    expect(r.status[3]).toBe(E2SFCA_STATUS.no_supply);
    // Conservation: Σ D·A = 100·0.04 + 200·0.02 = 8 = Σ S
    expect(100 * r.accessibility[0] + 200 * r.accessibility[1]).toBeCloseTo(8, 9);
    expect(worstUnits(r, demand, 3)).toEqual([3, 1, 0]);
  });

  it('zero supply: every unit with demand has no supply (Infinity)', () => {
    const r = computeE2sfca(matrix, [100, 200, 0, 10], [0, 0], decay);
    expect([...r.accessibility]).toEqual([0, 0, 0, 0]);
    expect([...r.peoplePerFte.slice(0, 2)]).toEqual([Infinity, Infinity]);
    expect([...r.status]).toEqual([1, 1, 2, 1]);
    expect(r.idleSites).toEqual([]);
  });

  it('zero demand: sites are idle, ratios are null, nothing divides by zero', () => {
    const r = computeE2sfca(matrix, [0, 0, 0, 0], [3, 5], decay);
    expect(r.idleSites).toEqual([0, 1]);
    expect([...r.siteRatio]).toEqual([0, 0]);
    expect([...r.status]).toEqual([2, 2, 2, 2]);
    expect([0, 1, 2, 3].map((i) => peoplePerFteAt(r, i))).toEqual([null, null, null, null]);
    expect(worstUnits(r, [0, 0, 0, 0])).toEqual([]);
  });

  it('rejects inputs of the wrong length', () => {
    expect(() => computeE2sfca(matrix, [1, 2], [3, 5])).toThrow(RangeError);
    expect(() => computeE2sfca(matrix, [1, 2, 3, 4], [3])).toThrow(RangeError);
  });
});

describe('zero-demand unit and idle site (hand case)', () => {
  // u0 (demand 0) reaches site0 in 5 min (w 1); nobody else reaches site0: site0 is idle.
  // u1 (demand 50) reaches site1 in 15 min (w 0.5 with the test bands).
  const m = sparseFromLists(2, [[[0, 5]], [[1, 15]]]);
  const r = computeE2sfca(m, [0, 50], [3, 4], decay);

  it('the idle site is listed and serves nobody', () => {
    // site0: Σ D·W = 0·1 = 0 → idle, R0 = 0. site1: Σ D·W = 50·0.5 = 25 → R1 = 4/25 = 0.16.
    expect(r.idleSites).toEqual([0]);
    expect(r.siteRatio[0]).toBe(0);
    expect(r.siteRatio[1]).toBeCloseTo(0.16, 12);
  });

  it('the zero-demand unit has no figure (aucune demande), the other one is computed', () => {
    // u0: A0 = R0·1 = 0 and demand 0 → null, status no_demand (not "no supply").
    expect(r.status[0]).toBe(E2SFCA_STATUS.no_demand);
    expect(peoplePerFteAt(r, 0)).toBeNull();
    expect(r.accessibility[0]).toBe(0);
    // u1: A1 = 0.16·0.5 = 0.08 → 12.5 people per FTE. The idle site's 3 FTE reach nobody:
    // Σ D·A = 50·0.08 = 4 = the supply of site1 only.
    expect(r.peoplePerFte[1]).toBeCloseTo(12.5, 9);
    expect(r.status[1]).toBe(E2SFCA_STATUS.ok);
  });
});

describe('unknown and estimated demand', () => {
  // u0 (100, known) and u1 reach site0 in 5 min; u2 (40, known) reaches site1 in 5 min.
  const m = sparseFromLists(2, [[[0, 5]], [[0, 5]], [[1, 5]]]);

  it('an unknown demand (NaN) excludes the catchments it touches instead of counting 0', () => {
    const r = computeE2sfca(m, [100, NaN, 40], [2, 1], decay);
    // Counting u1 as 0 would give u0 100/2 = 50 people per FTE: a figure that hides u1's people.
    expect(r.unknownSites).toEqual([0]);
    expect(Number.isNaN(r.siteRatio[0])).toBe(true);
    expect([...r.status]).toEqual([E2SFCA_STATUS.unknown_demand, E2SFCA_STATUS.unknown_demand, E2SFCA_STATUS.ok]);
    expect(peoplePerFteAt(r, 0)).toBeNull();
    // u2 is untouched: 40 / 1 FTE.
    expect(r.peoplePerFte[2]).toBeCloseTo(40, 12);
    expect(worstUnits(r, [100, 0, 40])).toEqual([2]);
  });

  it('an estimated demand counts, and the figures resting on it are flagged', () => {
    const r = computeE2sfca(m, [100, 60, 40], [2, 1], decay, [DEMAND_QUALITY.known, DEMAND_QUALITY.estimated, DEMAND_QUALITY.known]);
    // site0: 100 + 60 = 160 people for 2 FTE → 80 per FTE for u0 and u1.
    expect(r.peoplePerFte[0]).toBeCloseTo(80, 9);
    expect(r.peoplePerFte[1]).toBeCloseTo(80, 9);
    expect([...r.estimated]).toEqual([1, 1, 0]);
    expect(r.peoplePerFte[2]).toBeCloseTo(40, 12);
  });
});

describe('decay bands', () => {
  it('default = Luo & Qi 2009 (1, 0.68, 0.22 over 0–10, 10–20, 20–30 min)', () => {
    expect(DEFAULT_DECAY).toBe(LUO_QI_2009_DECAY);
    expect(LUO_QI_2009_DECAY.bands.map((b) => [b.upTo, b.weight])).toEqual([[10, 1], [20, 0.68], [30, 0.22]]);
    expect(APL_DREES_2012_DECAY.bands.map((b) => [b.upTo, b.weight])).toEqual([[5, 1], [10, 0.3], [15, 0.1]]);
    expect(decayWeight(12, APL_DREES_2012_DECAY)).toBe(0.1);
    expect(decayWeight(16, APL_DREES_2012_DECAY)).toBe(0);
    expect(decayReach()).toBeCloseTo(30.0001, 12);
  });

  // The rule: a band covers (previous edge, edge + 1e-4 min]. Times on an edge, or past it by
  // less than the tolerance, stay in the lower band, whether stored as float64 or float32.
  it.each([
    ['0', 0, 1],
    ['10', 10, 1],
    ['fround(10)', Math.fround(10), 1],
    ['10.0000001', 10.0000001, 1],
    ['fround(10.0000001)', Math.fround(10.0000001), 1],
    ['10.001', 10.001, 0.68],
    ['fround(10.001)', Math.fround(10.001), 0.68],
    ['20', 20, 0.68],
    ['fround(20.0000001)', Math.fround(20.0000001), 0.68],
    ['20.5', 20.5, 0.22],
    ['30', 30, 0.22],
    ['fround(30.0000001)', Math.fround(30.0000001), 0.22],
    ['30.001', 30.001, 0],
    ['45', 45, 0],
  ])('weight at %s min', (_label, t, w) => expect(decayWeight(t)).toBe(w));

  it('float32 storage never moves a time to another band', () => {
    // Math.fround(10.0000001) is exactly 10 (float32 spacing near 10 is ≈ 9.5e-7).
    expect(Math.fround(10.0000001)).toBe(10);
    for (const edge of [10, 20, 30]) {
      for (const d of [-1e-3, -1e-7, 0, 1e-7, 1e-6, 5e-5, 2e-4, 1e-3]) {
        expect(decayWeight(Math.fround(edge + d))).toBe(decayWeight(edge + d));
      }
    }
    // Through the Float32Array of the sparse matrix: 10.0000001 min weighs 1, as in float64.
    const m = sparseFromLists(1, [[[0, 10.0000001]]]);
    const r = computeE2sfca(m, [10], [1]);
    expect(r.accessibility[0]).toBeCloseTo(1 / 10, 12);
  });
});

describe('APL DREES/Irdes 2012 bands (the other choice in the settings): times exactly on the edges', () => {
  it.each([
    ['5', 5, 1],
    ['fround(5.0000001)', Math.fround(5.0000001), 1],
    ['5.001', 5.001, 0.3],
    ['10', 10, 0.3],
    ['fround(10.0000001)', Math.fround(10.0000001), 0.3],
    ['15', 15, 0.1],
    ['fround(15.0000001)', Math.fround(15.0000001), 0.1],
    ['15.001', 15.001, 0],
  ])('weight at %s min', (_label, t, w) => expect(decayWeight(t, APL_DREES_2012_DECAY)).toBe(w));

  it('hand case: one site of 1 FTE, units on the edges (times go through float32)', () => {
    // u0 100 people at 5 min (w 1), u1 50 at 10.0000001 (w 0.3), u2 20 at 15.0000001 (w 0.1),
    // u3 10 at 15.001 (beyond the reach). Σ D·W = 100 + 15 + 2 = 117, R = 1/117.
    // People per FTE = 1 / (R·w): u0 117, u1 117/0.3 = 390, u2 1170; u3 reaches nothing.
    const m = sparseFromLists(1, [[[0, 5]], [[0, 10.0000001]], [[0, 15.0000001]], [[0, 15.001]]]);
    const r = computeE2sfca(m, [100, 50, 20, 10], [1], APL_DREES_2012_DECAY);
    // computeE2sfca keeps the weights in a Float32Array (0.3 → 0.30000001): relative error ≈ 5e-9.
    expect(r.peoplePerFte[0] / 117).toBeCloseTo(1, 7);
    expect(r.peoplePerFte[1] / 390).toBeCloseTo(1, 7);
    expect(r.peoplePerFte[2] / 1170).toBeCloseTo(1, 7);
    // Had the edges gone to the upper bands (0.3, 0.1, 0), u0 would read (30 + 5) / 0.3 ≈ 116.7, not 117.
    expect(r.peoplePerFte[3]).toBe(Infinity);
    expect(r.status[3]).toBe(E2SFCA_STATUS.no_supply);
  });
});

describe('supply', () => {
  it('France Services FTE = agents × hours / 35; the defaults used are said', () => {
    expect(siteSupplyFte({ kind: 'france_services' })).toBeCloseTo((2 * 24) / 35, 12); // defaults
    expect(supplyDefaultsUsed({ kind: 'france_services' })).toEqual({ agents: true, hours: true });
    expect(siteSupplyFte({ kind: 'france_services', agents: 3, hoursPerWeek: 35 })).toBe(3);
    expect(supplyDefaultsUsed({ kind: 'france_services', agents: 3, hoursPerWeek: 35 })).toEqual({ agents: false, hours: false });
    expect(supplyDefaultsUsed({ kind: 'mediation' })).toEqual({ agents: false, hours: false });
    expect(siteSupplyFte({ kind: 'conseiller', staff: 2 })).toBe(2);
    expect(siteSupplyFte({ kind: 'mediatheque' })).toBe(0.25);
    expect(siteSupplyFte({ kind: 'mediation' }, { otherPointFte: 0.5 })).toBe(0.5);
  });

  it('a place listed twice counts once, with the highest supply of its listings', () => {
    // Listings: 0 France Services (2 FTE), 1 the same place as a lieu de médiation (0.25),
    // 2 a médiathèque kept (0.25) with 3 its duplicate as a conseiller (1 FTE), 4 alone (0.25).
    const out = placeSupply([2, 0.25, 0.25, 1, 0.25], [null, 0, null, 2, null]);
    expect([...out]).toEqual([2, 0, 1, 0, 0.25]);
    // Total: 2 + 1 + 0.25 = 3.25 FTE, not 3.75.
    expect(out.reduce((a, b) => a + b, 0)).toBe(3.25);
    expect(() => placeSupply([1, 1], [1, 0])).toThrow(RangeError);
  });
});

describe('sparse travel times', () => {
  it('CSR layout and max band filtering', () => {
    const m = sparseFromLists(
      3,
      [
        [
          [0, 5],
          [2, 50],
        ],
        [[1, 12]],
      ],
      30,
    );
    expect([...m.offsets]).toEqual([0, 1, 2]);
    expect([...m.sites]).toEqual([0, 1]);
    expect([...m.minutes]).toEqual([5, 12]);
  });

  it('rejects an out-of-range site', () => {
    expect(() => sparseFromLists(1, [[[1, 5]]])).toThrow(/out of range/);
  });

  it('nearest minutes, optionally among some sites', () => {
    expect([...nearestMinutes(matrix)]).toEqual([5, 8, 12, Infinity]);
    expect([...nearestMinutes(matrix, (j) => j === 1)]).toEqual([15, 8, Infinity, Infinity]);
  });
});
