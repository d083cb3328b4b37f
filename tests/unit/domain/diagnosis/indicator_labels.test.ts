/**
 * Issue 19, item 9: the network indicators of the fragility index are labelled by what was
 * computed. ARCEP's coverage statistics give a share of the population not covered; the site
 * proxy gives a share of operators with no 4G antenna within 5 km; the FttH file gives premises
 * that cannot be connected to fibre; without it, the measure is premises below 30 Mbit/s.
 */
import { describe, expect, it } from 'vitest';
import { fibreLabel, fibreSources, mobileLabelOf, mobileSources, networkNote, usesMobileProxy } from '../../../../src/domain/diagnosis/indicator_labels.ts';
import { fragilityMethod, indicatorLabels } from '../../../../src/domain/diagnosis/method.ts';
import { DEFAULT_FRAGILITY_PARAMS } from '../../../../src/domain/diagnosis/fragility.ts';

const sp = (s: string) => s.replace(/\s/g, ' ');

describe('4G label follows the measure used', () => {
  it.each([
    { name: 'ARCEP coverage statistics everywhere', counts: { coverage: 12 }, label: 'Part de la population non couverte en 4G (moyenne des opérateurs)', proxy: false },
    { name: 'site proxy over the 1 km cells', counts: { sitesGrid: 12 }, label: 'Part des opérateurs sans antenne 4G à moins de 5 km (approximation de la couverture)', proxy: true },
    { name: 'site proxy at the commune centres', counts: { sitesCentre: 3 }, label: 'Part des opérateurs sans antenne 4G à moins de 5 km (approximation de la couverture)', proxy: true },
    { name: 'proxy, cells and centres mixed', counts: { sitesGrid: 9, sitesCentre: 3 }, label: 'Part des opérateurs sans antenne 4G à moins de 5 km (approximation de la couverture)', proxy: true },
    {
      name: 'coverage for some communes, proxy for the others: both, with their communes',
      counts: { coverage: 10, sitesGrid: 1, sitesCentre: 1 },
      label: 'Part de la population non couverte en 4G (moyenne des opérateurs) pour 10 communes, part des opérateurs sans antenne 4G à moins de 5 km (approximation de la couverture) pour 2 communes',
      proxy: true,
    },
    {
      name: 'nothing known yet: the rule and its fallback',
      counts: {},
      label: 'Part de la population non couverte en 4G ou, à défaut de ces statistiques, part des opérateurs sans antenne 4G à moins de 5 km (approximation)',
      proxy: true,
    },
  ])('$name', ({ counts, label, proxy }) => {
    expect(mobileLabelOf(counts, 5)).toBe(label);
    expect(usesMobileProxy(counts)).toBe(proxy);
    // The proxy is never called a population coverage.
    if (!('coverage' in counts) && Object.keys(counts).length) expect(mobileLabelOf(counts, 5)).not.toMatch(/population/);
  });

  it('the radius of the proxy is the one given', () => {
    expect(mobileLabelOf({ sitesGrid: 1 }, 3)).toMatch(/à moins de 3 km/);
  });

  it('sources: coverage statistics, or the site list', () => {
    expect(mobileSources({ coverage: 2 })).toEqual(['Mon réseau mobile, statistiques de couverture 4G par commune et par opérateur']);
    expect(mobileSources({ sitesCentre: 2 })).toEqual(['Liste des sites mobiles 4G (antennes), distance au centre de la commune']);
  });
});

describe('fixed-network label follows the measure used', () => {
  it.each([
    { name: 'FttH file loaded', counts: { ftth: 5 }, label: 'Part des locaux non raccordables à la fibre (FttH)', source: 'Ma connexion internet, locaux raccordables à la fibre (FttH) par commune' },
    { name: '≥ 30 Mbit/s only', counts: { thd30: 5 }, label: 'Part des locaux non éligibles à 30 Mbit/s ou plus (toutes technologies)', source: 'Ma connexion internet, locaux éligibles à 30 Mbit/s ou plus par commune (toutes technologies)' },
  ])('$name', ({ counts, label, source }) => {
    expect(fibreLabel(counts)).toBe(label);
    expect(fibreSources(counts)).toEqual([source]);
  });

  it('without the FttH file, the label never says fibre', () => {
    expect(fibreLabel({ thd30: 5 })).not.toMatch(/fibre/i);
  });

  it('mixed: both, with their communes, the larger first', () => {
    expect(sp(fibreLabel({ ftth: 1, thd30: 1200 }))).toBe('Part des locaux non éligibles à 30 Mbit/s ou plus (toutes technologies) pour 1 200 communes, part des locaux non raccordables à la fibre (FttH) pour 1 commune');
  });
});

describe('the settings panel and the method text use these labels', () => {
  it('indicatorLabels and the fragility method quote the measures used', () => {
    const bases = { noFibre: { thd30: 4 }, no4g: { coverage: 4 } };
    const labels = indicatorLabels(bases);
    expect(labels.noFibre).toBe('Part des locaux non éligibles à 30 Mbit/s ou plus (toutes technologies)');
    expect(labels.no4g).toBe('Part de la population non couverte en 4G (moyenne des opérateurs)');
    const m = fragilityMethod(DEFAULT_FRAGILITY_PARAMS, {}, bases);
    const text = m.paragraphs.join('\n');
    expect(text).toContain('Part des locaux non éligibles à 30 Mbit/s ou plus (toutes technologies) : poids 1');
    expect(text).toContain('Part de la population non couverte en 4G (moyenne des opérateurs) : poids 1');
    // Coverage statistics everywhere: the proxy sentence is not there.
    expect(text).not.toMatch(/antenne/);
    expect(m.sources.map((s) => s.label)).toContain('Mon réseau mobile, statistiques de couverture 4G par commune et par opérateur');
    expect(m.sources.map((s) => s.label)).not.toContain('Ma connexion internet, locaux raccordables à la fibre (FttH) par commune');
  });

  it('with the site proxy, the method says it is an approximation, not a measure', () => {
    const text = fragilityMethod(DEFAULT_FRAGILITY_PARAMS, {}, { noFibre: { ftth: 4 }, no4g: { sitesGrid: 4 } }).paragraphs.join('\n');
    expect(text).toContain('Part des opérateurs sans antenne 4G à moins de 5 km (approximation de la couverture) : poids 1');
    expect(text).toMatch(/c’est une approximation, pas une mesure de couverture/);
    expect(text).toContain('Part des locaux non raccordables à la fibre (FttH) : poids 1');
    expect(text).not.toMatch(/30 Mbit\/s/);
  });
});

describe('networkNote: the note under an exported or presented map', () => {
  it.each([
    { name: 'FttH file and coverage statistics: measures', bases: { noFibre: { ftth: 3 }, no4g: { coverage: 3 } }, want: 'Fragilité : fixe = locaux non raccordables à la fibre (FttH) ; 4G = population non couverte (Arcep).' },
    { name: '≥ 30 Mbit/s and the site proxy', bases: { noFibre: { thd30: 3 }, no4g: { sitesGrid: 3 } }, want: 'Fragilité : fixe = locaux non éligibles à 30 Mbit/s ou plus ; 4G = opérateurs sans antenne à moins de 5 km (approximation).' },
    {
      name: 'mixed inputs: both rules',
      bases: { noFibre: { ftth: 1, thd30: 2 }, no4g: { coverage: 1, sitesCentre: 2 } },
      want: 'Fragilité : fixe = locaux non raccordables à la fibre (FttH) ou, à défaut, non éligibles à 30 Mbit/s ou plus ; 4G = population non couverte ou, à défaut, opérateurs sans antenne à moins de 5 km (approximation).',
    },
  ])('$name', ({ bases, want }) => {
    expect(networkNote(bases, 5)).toBe(want);
  });
});
