import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAGILITY_PARAMS } from '../../../../src/domain/diagnosis/fragility.ts';
import { fragilityMethod, methodSections, needMethod } from '../../../../src/domain/diagnosis/method.ts';

describe('method texts', () => {
  it('fragility: formula, scaling, missing handling, unpublished national weights', () => {
    const m = fragilityMethod();
    const text = m.paragraphs.join('\n');
    expect(text).toMatch(/Σ \(poids × note\) \/ Σ poids/);
    expect(text).toMatch(/10 × F\(x\)/);
    expect(text).toMatch(/secret statistique/);
    expect(text).toMatch(/ne sont pas publiées/);
    expect(m.sources).toHaveLength(5);
    expect(m.sources.every((s) => s.vintage === 'millésime à préciser')).toBe(true);
  });

  it('reflects the parameters in use', () => {
    const m = fragilityMethod(
      { ...DEFAULT_FRAGILITY_PARAMS, scaling: 'minmax', weights: { ...DEFAULT_FRAGILITY_PARAMS.weights, no4g: 2 } },
      { no4g: '2024 T4' },
    );
    const text = m.paragraphs.join('\n');
    expect(text).toMatch(/1 \+ 9 × \(x − min\)/);
    expect(text).toMatch(/4G : poids 2/);
    expect(m.sources.find((s) => s.producer === 'Arcep' && s.vintage === '2024 T4')).toBeDefined();
  });

  it('need: rates, split and sources', () => {
    const text = needMethod().paragraphs.join('\n');
    expect(text).toMatch(/75–89 ans : 62 %/);
    expect(text).toMatch(/17,5 %/);
    expect(text).toMatch(/estimations/);
  });

  it('all four sections', () => {
    expect(methodSections().map((s) => s.id)).toEqual(['fragility', 'need', 'underserved', 'e2sfca']);
  });
});
