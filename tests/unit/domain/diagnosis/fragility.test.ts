import { describe, expect, it } from 'vitest';
import { computeFragility, type FragilityInput } from '../../../../src/domain/diagnosis/fragility.ts';

const units: FragilityInput[] = [
  { id: 'A', noFibre: 0.0, no4g: 0.0, share65p: 0.1, lowDiploma: 0.2, lowIncome: 0.1 },
  { id: 'B', noFibre: 0.5, no4g: 0.1, share65p: 0.3, lowDiploma: 0.3, lowIncome: 'secret' },
  { id: 'C', noFibre: 1.0, no4g: 0.2, share65p: 0.2, lowDiploma: 0.4, lowIncome: 0.3 },
];
Object.freeze(units);

// minmax scores (1 + 9·(x − min)/(max − min)):
//   noFibre    0, .5, 1     → 1, 5.5, 10
//   no4g       0, .1, .2    → 1, 5.5, 10
//   elderly    .1, .3, .2   → 1, 10, 5.5     (65+, no 75+ given)
//   lowDiploma .2, .3, .4   → 1, 5.5, 10
//   lowIncome  .1, secret, .3 → 1, null, 10  (reference = [.1, .3])

describe('computeFragility', () => {
  it('equal weights, hand-computed', () => {
    const out = computeFragility(units, { scaling: 'minmax' });
    const [a, b, c] = out.units;
    expect(out.elderlyBasis).toBe('65+');
    expect(a.index).toBeCloseTo(1, 10); // (1+1+1+1+1)/5
    expect(c.index).toBeCloseTo(9.1, 10); // (10+10+5.5+10+10)/5 = 45.5/5
    // B: lowIncome withheld → weights re-normalised over 4: (5.5+5.5+10+5.5)/4 = 26.5/4
    expect(b.index).toBeCloseTo(6.625, 10);
    expect(b.partial).toBe(true);
    expect(b.present).toBe(4);
    expect(b.scores.lowIncome).toBeNull();
    expect(b.status.lowIncome).toBe('secret');
    expect(a.partial).toBe(false);
  });

  it('a missing indicator is not read as 0', () => {
    // Had the secret value been 0, B would score 1 on it and get (26.5 + 1)/5 = 5.5.
    const b = computeFragility(units, { scaling: 'minmax' }).units[1];
    expect(b.index).not.toBeCloseTo(5.5, 3);
  });

  it('edited weights', () => {
    const out = computeFragility(units, { scaling: 'minmax', weights: { noFibre: 2 } });
    // C: (2·10 + 10 + 5.5 + 10 + 10)/6 = 55.5/6 = 9.25; B: (2·5.5 + 5.5 + 10 + 5.5)/5 = 32/5
    expect(out.units[2].index).toBeCloseTo(9.25, 10);
    expect(out.units[1].index).toBeCloseTo(6.4, 10);
  });

  it('weight 0 drops an indicator; the index ignores it', () => {
    const w = { noFibre: 1, no4g: 1, elderly: 1, lowDiploma: 1, lowIncome: 0 };
    const b = computeFragility(units, { scaling: 'minmax', weights: w }).units[1];
    expect(b.partial).toBe(false);
    expect(b.index).toBeCloseTo(6.625, 10);
  });

  it('null below minIndicators', () => {
    const out = computeFragility(units, { scaling: 'minmax', minIndicators: 5 });
    expect(out.units[1].index).toBeNull();
    expect(out.units[1].partial).toBe(false);
    expect(out.units[0].index).toBeCloseTo(1, 10);
  });

  it('missing (null/undefined) indicators are flagged "missing"', () => {
    const out = computeFragility([...units, { id: 'D', noFibre: null }], { scaling: 'minmax' });
    const d = out.units[3];
    expect(d.index).toBeNull();
    expect(d.present).toBe(0);
    expect(d.status.noFibre).toBe('missing');
    expect(d.status.no4g).toBe('missing');
  });

  it('uses 75+ when every unit has it, else 65+', () => {
    const with75 = units.map((u, i) => ({ ...u, share75p: [0.05, 0.15, 0.1][i] }));
    const out = computeFragility(with75, { scaling: 'minmax' });
    expect(out.elderlyBasis).toBe('75+');
    const e = out.units.map((u) => u.scores.elderly!);
    [1, 10, 5.5].forEach((v, i) => expect(e[i]).toBeCloseTo(v, 10));
    const mixed = [...with75.slice(0, 2), units[2]];
    expect(computeFragility(mixed).elderlyBasis).toBe('65+');
  });

  it('default is decile scaling against all units', () => {
    // n = 3 distinct: F = 1/6, 1/2, 5/6 → 2, 5, 9
    const out = computeFragility(units);
    expect(out.units.map((u) => u.scores.noFibre)).toEqual([2, 5, 9]);
    expect(out.params.scaling).toBe('decile');
  });

  it('reference = group scales within each département', () => {
    const two = [
      { id: 'a', group: '01', noFibre: 0.1, no4g: 0, share65p: 0.1 },
      { id: 'b', group: '01', noFibre: 0.2, no4g: 0, share65p: 0.2 },
      { id: 'c', group: '02', noFibre: 0.8, no4g: 0, share65p: 0.1 },
      { id: 'd', group: '02', noFibre: 0.9, no4g: 0, share65p: 0.2 },
    ];
    const out = computeFragility(two, { scaling: 'minmax', reference: 'group' });
    expect(out.units.map((u) => u.scores.noFibre)).toEqual([1, 10, 1, 10]);
  });
});
