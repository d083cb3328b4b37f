import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HELP_SPLIT,
  estimateNeed,
  FILOSOFI_RATES_2021,
  formatEstimate,
  fromFilosofi,
  fromInseeAges,
  INSEE_RATES_2021,
  roundEstimate,
} from '../../../../src/domain/diagnosis/need.ts';

const commune = Object.freeze({
  P_POP0014: 100,
  P_POP1529: 200,
  P_POP3044: 200,
  P_POP4559: 300,
  P_POP6074: 100,
  P_POP7589: 90,
  P_POP90P: 10,
});

describe('estimateNeed', () => {
  it('INSEE bands, default rates, hand-computed', () => {
    // 100·0 + 200·0.03 + 200·0.04 + 300·0.09 + 100·0.24 + 90·0.62 + 10·0.62
    //   = 0 + 6 + 8 + 27 + 24 + 55.8 + 6.2 = 127
    const e = estimateNeed(fromInseeAges(commune));
    expect(e.kind).toBe('estimation');
    expect(e.population).toBe(1000);
    expect(e.needing).toBeCloseTo(127, 9);
    // split 7/40, 19/40, 14/40: 22.225, 60.325, 44.45
    expect(e.assisted).toBeCloseTo(22.225, 9);
    expect(e.trained).toBeCloseTo(60.325, 9);
    expect(e.occasional).toBeCloseTo(44.45, 9);
    expect(e.older).toBe(100);
    expect(e.olderBasis).toBe('75+');
  });

  it('Filosofi bands', () => {
    // under 65 = 500 − 60 − 40 = 400; 400·0.05 + 60·0.33 + 40·0.62 = 20 + 19.8 + 24.8 = 64.6
    const e = estimateNeed(fromFilosofi({ Ind: 500, Ind_65_79: 60, Ind_80p: 40 }), FILOSOFI_RATES_2021);
    expect(e.needing).toBeCloseTo(64.6, 9);
    expect(e.population).toBe(500);
    expect(e.older).toBe(40);
    expect(e.olderBasis).toBe('80+');
  });

  it('Filosofi: imputed counts never give a negative under-65 band', () => {
    expect(fromFilosofi({ Ind: 10, Ind_65_79: 8, Ind_80p: 4 }).Ind_0_64).toBe(0);
    expect(fromFilosofi({ Ind: null, Ind_65_79: 8, Ind_80p: 4 }).Ind_0_64).toBeNull();
  });

  it('editable rates and split', () => {
    const rates = { ...INSEE_RATES_2021, bands: INSEE_RATES_2021.bands.map((b) => ({ ...b, rate: 0.1 })) };
    const split = { ...DEFAULT_HELP_SPLIT, assisted: 0.5, trained: 0.5, occasional: 0 };
    const e = estimateNeed(fromInseeAges(commune), rates, split);
    expect(e.needing).toBeCloseTo(100, 9); // 1000 · 0.1
    expect(e.assisted).toBeCloseTo(50, 9);
    expect(e.occasional).toBe(0);
  });

  it('a missing band with a non-zero rate makes the estimate null, never 0', () => {
    const e = estimateNeed({ ...commune, P_POP6074: null });
    expect(e.needing).toBeNull();
    expect(e.assisted).toBeNull();
    expect(e.population).toBeNull();
    expect(e.missingBands).toEqual(['P_POP6074']);
  });

  it('a missing band with a zero rate keeps the estimate but not the population', () => {
    const e = estimateNeed({ ...commune, P_POP0014: null });
    expect(e.needing).toBeCloseTo(127, 9);
    expect(e.population).toBeNull();
  });

  it('every default rate has a source; uncertain ones have a caveat', () => {
    for (const r of [INSEE_RATES_2021, FILOSOFI_RATES_2021]) {
      for (const b of r.bands) {
        expect(b.source.length).toBeGreaterThan(10);
        expect(b.rate).toBeGreaterThanOrEqual(0);
        expect(b.rate).toBeLessThanOrEqual(1);
      }
    }
    expect(INSEE_RATES_2021.bands.find((b) => b.band === 'P_POP4559')?.caveat).toMatch(/vérifier/);
    const s = DEFAULT_HELP_SPLIT;
    expect(s.assisted + s.trained + s.occasional).toBeCloseTo(1, 12);
  });
});

describe('display rounding', () => {
  it.each([
    [127, 130],
    [1234, 1230],
    [4, 0],
    [5, 10],
  ])('roundEstimate(%d) = %d', (v, r) => expect(roundEstimate(v)).toBe(r));

  it('formatEstimate labels and rounds', () => {
    expect(formatEstimate(1234)).toMatch(/^≈ 1\s230 \(estimation\)$/);
    expect(formatEstimate(3)).toBe('≈ moins de 5 (estimation)');
    expect(formatEstimate(0)).toBe('≈ 0 (estimation)');
    expect(formatEstimate(null)).toBe('non disponible');
  });
});
