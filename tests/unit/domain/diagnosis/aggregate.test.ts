import { describe, expect, it } from 'vitest';
import { keyFiguresByGroup, sumKnown, weightedMean, type KeyFigureUnit } from '../../../../src/domain/diagnosis/aggregate.ts';

const units: KeyFigureUnit[] = [
  { group: 'EPCI-A', population: 100, older: 10, need: 20, fragility: 4, minutes: 10, accessibility: 0.05 },
  { group: 'EPCI-A', population: 300, older: 30, need: 40, fragility: 8, minutes: 40, accessibility: 0.01 },
  { group: 'EPCI-B', population: 200, older: null, need: null, fragility: null, minutes: null, accessibility: null },
];

describe('key figures', () => {
  it('sums skip and count nulls', () => {
    expect(sumKnown(units, (u) => u.need)).toEqual({ sum: 60, missing: 1 });
  });

  it('population-weighted mean', () => {
    // (4·100 + 8·300) / 400 = 2800 / 400 = 7
    expect(weightedMean(units, (u) => u.fragility, (u) => u.population)).toBe(7);
    expect(weightedMean([], (u: KeyFigureUnit) => u.fragility, (u) => u.population)).toBeNull();
  });

  it('territory and EPCI', () => {
    const { territory, groups } = keyFiguresByGroup(units, 30);
    expect(territory.population).toBe(600);
    expect(territory.need).toBe(60);
    expect(territory.unitsMissingNeed).toBe(1);
    // beyond 30 min: 300 (40 min) + 200 (unreachable)
    expect(territory.populationBeyond).toBe(500);
    // mean time over reachable population: (10·100 + 40·300) / 400 = 32.5
    expect(territory.meanMinutes).toBe(32.5);
    // people per FTE: Σ need / Σ need·A = 60 / (20·0.05 + 40·0.01) = 60 / 1.4
    expect(territory.peoplePerFte).toBeCloseTo(60 / 1.4, 12);
    expect(groups.get('EPCI-B')?.need).toBe(0);
    expect(groups.get('EPCI-B')?.unitsMissingNeed).toBe(1);
    expect(groups.get('EPCI-B')?.peoplePerFte).toBeNull();
    expect(groups.get('EPCI-A')?.older).toBe(40);
  });
});
