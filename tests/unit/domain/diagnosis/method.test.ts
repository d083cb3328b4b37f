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
    // Before the inputs are known: both fixed-network and both 4G inputs are cited, then age, diploma, income.
    expect(m.sources).toHaveLength(7);
    expect(m.sources.every((s) => s.vintage === 'millésime à préciser')).toBe(true);
  });

  it('reflects the parameters in use', () => {
    const m = fragilityMethod(
      { ...DEFAULT_FRAGILITY_PARAMS, scaling: 'minmax', weights: { ...DEFAULT_FRAGILITY_PARAMS.weights, no4g: 2 } },
      { no4g: '2024 T4' },
    );
    const text = m.paragraphs.join('\n');
    expect(text).toMatch(/1 \+ 9 × \(x − min\)/);
    expect(text).toMatch(/antenne 4G à moins de 5 km \(approximation\) : poids 2/);
    expect(m.sources.find((s) => s.producer === 'Arcep' && s.vintage === '2024 T4')).toBeDefined();
  });

  it('need: rates, split and sources', () => {
    const text = needMethod().paragraphs.join('\n');
    expect(text).toMatch(/75–89 ans : 62 %/);
    expect(text).toMatch(/45–59 ans : 4,5 % \(Taux non publié/);
    expect(text).toMatch(/17,5 %/);
    expect(text).toMatch(/estimations/);
  });

  it('need: the survey field (ordinary housing) and the split as the project’s assumption', () => {
    const m = needMethod();
    const text = m.paragraphs.join('\n');
    expect(text).toMatch(/vivant en logement ordinaire/);
    expect(text).toMatch(/établissements compris, car aucun fichier chargé ne donne la population hors logement ordinaire/);
    expect(text).toMatch(/ponctuelle\. Hypothèse de Maillage, non publiée : les ordres de grandeur cités par Les Bons Clics pour l’ensemble des Français/);
    expect(m.sources.map((s) => s.producer)).toEqual(['Insee', 'Calcul Maillage, d’après l’Insee', 'Hypothèse Maillage, d’après Les Bons Clics / WeTechCare']);
  });

  it('fragility: titled as a local approximation, and says what 10 means', () => {
    const m = fragilityMethod();
    expect(m.title).toBe('Indice local de fragilité numérique (approximation)');
    const text = m.paragraphs.join('\n');
    expect(text).toMatch(/La note 10 correspond aux 10 % d’unités de référence les plus exposées, pas aux 10 % les plus exposées de France/);
    expect(text).toMatch(/n’est pas comparable à l’indice national de fragilité numérique/);
  });

  it('all four sections', () => {
    expect(methodSections().map((s) => s.id)).toEqual(['fragility', 'need', 'underserved', 'e2sfca']);
  });
});
