import { describe, expect, it } from 'vitest';
import { buildReference, scaleColumn, scaleValue } from '../../../../src/domain/diagnosis/scaling.ts';

describe('scaleColumn', () => {
  const values = [0.1, 0.2, 0.3, 0.5, 1.0];

  it('minmax: 1 + 9·(x − 0.1)/0.9', () => {
    // 0.1 → 1; 0.2 → 1 + 9·0.1/0.9 = 2; 0.3 → 3; 0.5 → 1 + 9·0.4/0.9 = 5; 1.0 → 10
    const s = scaleColumn(values, 'minmax');
    [1, 2, 3, 5, 10].forEach((e, i) => expect(s[i]).toBeCloseTo(e, 10));
  });

  it('decile: ceil(10·(2k − 1)/(2n)) for n = 5 distinct values', () => {
    // F = 0.1, 0.3, 0.5, 0.7, 0.9 → 1, 3, 5, 7, 9
    expect(scaleColumn(values, 'decile')).toEqual([1, 3, 5, 7, 9]);
  });

  it('decile: ties share the mid-rank', () => {
    // n = 4. 0.2: (0 + 2)/8 = 0.25 → 3; 0.4: (2 + 3)/8 = 0.625 → 7; 0.6: (3 + 4)/8 = 0.875 → 9
    expect(scaleColumn([0.2, 0.2, 0.4, 0.6], 'decile')).toEqual([3, 3, 7, 9]);
  });

  it('decile: ten distinct values get 1..10', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i / 10);
    expect(scaleColumn(ten, 'decile')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('nulls stay null and are left out of the reference', () => {
    // Reference = [0, 1]; a 0 in place of the null would not change these, so check min/max use.
    expect(scaleColumn([null, 0.2, 0.6], 'minmax')).toEqual([null, 1, 10]);
  });

  it('minmax with no contrast gives 5.5', () => {
    expect(scaleColumn([0.3, 0.3], 'minmax')).toEqual([5.5, 5.5]);
  });

  it('values outside the reference are clamped to 1..10', () => {
    const ref = buildReference([0.2, 0.4]);
    expect(scaleValue(0.9, ref, 'minmax')).toBe(10);
    expect(scaleValue(0, ref, 'minmax')).toBe(1);
    expect(scaleValue(0.9, ref, 'decile')).toBe(10);
    expect(scaleValue(null, ref, 'decile')).toBeNull();
  });

  it('per-group reference (département) versus all units', () => {
    const v = [1, 2, 10, 20];
    const g = ['01', '01', '02', '02'];
    // Each group of 2: F = 0.25 → 3, 0.75 → 8
    expect(scaleColumn(v, 'decile', g)).toEqual([3, 8, 3, 8]);
    // All 4: F = 1/8, 3/8, 5/8, 7/8 → 2, 4, 7, 9
    expect(scaleColumn(v, 'decile')).toEqual([2, 4, 7, 9]);
  });
});
