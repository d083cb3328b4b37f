/** A share link's variable is looked up among the map's own variables, never inherited names. */
import { describe, expect, it } from 'vitest';
import { diagnosisFromLink, viewFromLink } from '../../../../src/ui/state/link.ts';
import { DEFAULT_DIAGNOSIS_SETTINGS } from '../../../../src/ui/state/analysis.ts';
import { INITIAL_VIEW } from '../../../../src/ui/state/view.ts';
import type { ViewState as LinkView } from '../../../../src/export/link_state.ts';

const link = (choroplethVariable: string | null): LinkView => ({
  center: [3.5, 47], zoom: 8, visibleLayers: ['communes'], choroplethVariable, accessGroup: 'any', threshold: 15, weights: {}, scenario: null, datasets: [],
});

describe('viewFromLink', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'inconnue'])('keeps the current variable for %j', (cv) => {
    const current = { ...INITIAL_VIEW.map, variable: 'population' as const };
    expect(viewFromLink(link(cv), current).variable).toBe('population');
  });

  it('takes a known variable', () => {
    expect(viewFromLink(link('fragility'), INITIAL_VIEW.map).variable).toBe('fragility');
  });
});

describe('diagnosisFromLink', () => {
  const current = DEFAULT_DIAGNOSIS_SETTINGS;

  it('nothing asked that differs: the same settings object (no recomputation)', () => {
    expect(diagnosisFromLink({ weights: { ...current.weights } }, current)).toBe(current);
    expect(diagnosisFromLink({ weights: {}, diagnosis: { reference: current.reference, topShare: current.topShare, criterion: current.criterion } }, current)).toBe(current);
  });

  it('takes the weights (own keys only) and the reference, share and criterion', () => {
    const got = diagnosisFromLink({ weights: { no4g: 3, __proto__: 9, toString: 2 } as Record<string, number>, diagnosis: { reference: 'group', topShare: 0.2, criterion: 'need' } }, current);
    expect(got).toEqual({ ...current, weights: { ...current.weights, no4g: 3 }, reference: 'group', topShare: 0.2, criterion: 'need' });
  });

  it('takes the decay bands a link carries; a link without them keeps the current bands', () => {
    const d = { reference: current.reference, topShare: current.topShare, criterion: current.criterion };
    expect(diagnosisFromLink({ weights: {}, diagnosis: { ...d, decay: 'apl_drees_2012' } }, current).decay).toBe('apl_drees_2012');
    const apl = { ...current, decay: 'apl_drees_2012' as const };
    expect(diagnosisFromLink({ weights: {}, diagnosis: d }, apl)).toBe(apl);
    expect(diagnosisFromLink({ weights: {}, diagnosis: { ...d, decay: 'apl_drees_2012' } }, apl)).toBe(apl);
  });
});
