/** A share link's variable is looked up among the map's own variables, never inherited names. */
import { describe, expect, it } from 'vitest';
import { viewFromLink } from '../../../../src/ui/state/link.ts';
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
