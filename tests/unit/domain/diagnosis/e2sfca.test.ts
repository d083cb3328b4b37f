import { describe, expect, it } from 'vitest';
import {
  computeE2sfca,
  decayWeight,
  E2SFCA_STATUS,
  nearestMinutes,
  peoplePerFteAt,
  siteSupplyFte,
  sparseFromLists,
  worstUnits,
  type DecayBand,
} from '../../../../src/domain/diagnosis/e2sfca.ts';
import { minutes } from '../../../../src/domain/units.ts';

// Simple bands for hand arithmetic: t ≤ 10 → 1, 10 < t ≤ 20 → 0.5, beyond → 0.
const decay: DecayBand[] = [
  { upTo: minutes(10), weight: 1 },
  { upTo: minutes(20), weight: 0.5 },
];

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

describe('decay and supply', () => {
  it.each([
    [0, 1],
    [10, 1],
    [10.5, 2 / 3],
    [20, 2 / 3],
    [25, 1 / 3],
    [30, 1 / 3],
    [31, 0],
  ])('default decay at %d min = %d', (t, w) => expect(decayWeight(t)).toBeCloseTo(w, 12));

  it('France Services FTE = agents × hours / 35', () => {
    expect(siteSupplyFte({ kind: 'france_services' })).toBeCloseTo((2 * 24) / 35, 12); // defaults
    expect(siteSupplyFte({ kind: 'france_services', agents: 3, hoursPerWeek: 35 })).toBe(3);
    expect(siteSupplyFte({ kind: 'conseiller', staff: 2 })).toBe(2);
    expect(siteSupplyFte({ kind: 'mediatheque' })).toBe(0.25);
    expect(siteSupplyFte({ kind: 'mediation' }, { otherPointFte: 0.5 })).toBe(0.5);
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
