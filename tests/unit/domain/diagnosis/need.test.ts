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
    // 100·0 + 200·0.03 + 200·0.04 + 300·0.045 + 100·0.24 + 90·0.62 + 10·0.62
    //   = 0 + 6 + 8 + 13.5 + 24 + 55.8 + 6.2 = 113.5
    const e = estimateNeed(fromInseeAges(commune));
    expect(e.kind).toBe('estimation');
    expect(e.population).toBe(1000);
    expect(e.needing).toBeCloseTo(113.5, 9);
    // split 7/40, 19/40, 14/40: 19.8625, 53.9125, 39.725
    expect(e.assisted).toBeCloseTo(19.8625, 9);
    expect(e.trained).toBeCloseTo(53.9125, 9);
    expect(e.occasional).toBeCloseTo(39.725, 9);
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
    expect(e.needing).toBeCloseTo(113.5, 9);
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
    const s = DEFAULT_HELP_SPLIT;
    expect(s.assisted + s.trained + s.occasional).toBeCloseTo(1, 12);
  });
});

/**
 * The INSEE rates against their sources (issue 19, items 6–8). Published in Insee Première
 * n° 1953 (June 2023, 2021 data, https://www.insee.fr/fr/statistiques/7633654; field: people
 * aged 15 or over in ordinary housing): 15–24 2 %, 25–39 4 %, 60–74 24 %, 75+ 62 %, overall
 * 15.4 %. No 40–59 figure is published: it is derived from the overall rate with the 2021
 * census population aged 15 or over (RP2021, France entière, table POP3,
 * https://www.insee.fr/fr/statistiques/8200791?geo=FE-1&sommaire=8200811).
 */
describe('INSEE_RATES_2021 against Insee Première n° 1953', () => {
  const published = { '15-24': 0.02, '25-39': 0.04, '60-74': 0.24, '75+': 0.62, overall: 0.154 };
  const pop3 = { '15-19': 4_164_063, '20-24': 3_819_841, '25-39': 12_108_410, '40-54': 13_104_453, '55-64': 8_538_467, '65-79': 9_722_536, '80+': 4_101_248 };
  const rate = (band: string) => INSEE_RATES_2021.bands.find((b) => b.band === band)!;

  it('the published bands are used as published, or mapped as their caveat says', () => {
    expect(rate('P_POP6074').rate).toBe(published['60-74']);
    expect(rate('P_POP6074').caveat).toBeUndefined();
    expect(rate('P_POP7589').rate).toBe(published['75+']);
    expect(rate('P_POP90P').rate).toBe(published['75+']);
    expect(rate('P_POP3044').rate).toBe(published['25-39']);
    // 15–29 straddles 15–24 and 25–39: their midpoint.
    expect(rate('P_POP1529').rate).toBeCloseTo((published['15-24'] + published['25-39']) / 2, 12);
    expect(rate('P_POP0014').rate).toBe(0);
    for (const b of ['P_POP1529', 'P_POP3044', 'P_POP6074', 'P_POP7589', 'P_POP90P']) {
      expect(rate(b).source).toMatch(/Insee Première n° 1953/);
      expect(rate(b).source).toContain('https://www.insee.fr/fr/statistiques/7633654');
      expect(rate(b).source).toMatch(/logement ordinaire/);
    }
  });

  it('45–59: derived from the overall rate and the census ages, and said so', () => {
    // 55–64 split evenly (55–59 | 60–64), 65–79 by years of age (65–74: 2/3, 75–79: 1/3).
    const total = Object.values(pop3).reduce((a, b) => a + b, 0);
    const p4059 = pop3['40-54'] + pop3['55-64'] / 2;
    const p6074 = pop3['55-64'] / 2 + (pop3['65-79'] * 2) / 3;
    const p75 = pop3['65-79'] / 3 + pop3['80+'];
    const inIllectronisme = published.overall * total;
    const known = published['15-24'] * (pop3['15-19'] + pop3['20-24']) + published['25-39'] * pop3['25-39'] + published['60-74'] * p6074 + published['75+'] * p75;
    const derived = (inIllectronisme - known) / p4059;
    expect(derived).toBeGreaterThan(0.04);
    expect(derived).toBeLessThan(0.05);
    const b = rate('P_POP4559');
    expect(b.rate).toBe(Math.round(derived * 200) / 200); // to the half point
    expect(b.rate).not.toBe(0.09); // the unsourced figure used before
    expect(b.source).toMatch(/Déduit par Maillage \(taux non publié\)/);
    expect(b.source).toContain('https://www.insee.fr/fr/statistiques/8200791');
    expect(b.producer).toMatch(/Calcul Maillage/);
    expect(b.caveat).toMatch(/non publié/);
  });

  it('the whole table reproduces the published overall rate within a point on the census ages', () => {
    // Census bands approximated from POP3 by years of age, as above.
    const pop = {
      P_POP1529: pop3['15-19'] + pop3['20-24'] + pop3['25-39'] / 3,
      P_POP3044: (pop3['25-39'] * 2) / 3 + pop3['40-54'] / 3,
      P_POP4559: (pop3['40-54'] * 2) / 3 + pop3['55-64'] / 2,
      P_POP6074: pop3['55-64'] / 2 + (pop3['65-79'] * 2) / 3,
      P_POP7589: pop3['65-79'] / 3 + pop3['80+'],
      P_POP90P: 0,
      P_POP0014: 0,
    };
    const e = estimateNeed(pop);
    expect(Math.abs(e.needing! / e.population! - published.overall)).toBeLessThan(0.01);
  });

  it('the help split is labelled as the project’s assumption, not a published breakdown', () => {
    expect(DEFAULT_HELP_SPLIT.source).toMatch(/^Hypothèse de Maillage, non publiée/);
    expect(DEFAULT_HELP_SPLIT.assisted).toBeCloseTo(7 / 40, 12);
    expect(DEFAULT_HELP_SPLIT.trained).toBeCloseTo(19 / 40, 12);
    expect(DEFAULT_HELP_SPLIT.occasional).toBeCloseTo(14 / 40, 12);
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
