/** Short option labels for narrow selects: expected texts written by hand. */
import { describe, expect, it } from 'vitest';
import { OPTION_CHARS, shortLabel } from '../../../src/shared/short_label.ts';
import { FRANCE_SERVICES_TYPE_LABELS, OBJECTIVE_LABELS, WEIGHT_LABELS } from '../../../src/domain/planning/index.ts';
import { VARIABLES } from '../../../src/map/choropleth.ts';

describe('shortLabel', () => {
  it.each([
    { full: 'Population', max: 20, want: 'Population' },
    { full: '  Population   municipale ', max: 30, want: 'Population municipale' },
    { full: 'Couverture maximale : personnes nouvellement à moins du seuil', max: 32, want: 'Couverture maximale' },
    { full: 'p-médiane : temps moyen de trajet le plus court', max: 32, want: 'p-médiane' },
    { full: "Personnes ayant besoin d'aide (estimation)", max: 32, want: "Personnes ayant besoin d'aide" },
    { full: 'France services (structure principale)', max: 32, want: 'France services' },
    // No head that fits: cut at the last word that fits, with an ellipsis.
    { full: "Communauté d'agglomération de Vronneul-sur-Arvelle (fictive)", max: 32, want: "Communauté d'agglomération de…" },
    { full: "Temps d'accès au point d'aide le plus proche", max: 24, want: "Temps d'accès au point…" },
    // A single long word: cut inside it.
    { full: 'Anticonstitutionnellement', max: 10, want: 'Anticonst…' },
    // Exactly max: kept.
    { full: 'abcde fghij', max: 11, want: 'abcde fghij' },
  ])('« $full » in $max → « $want »', ({ full, max, want }) => {
    const got = shortLabel(full, max);
    expect(got).toBe(want);
    expect(got.length).toBeLessThanOrEqual(max);
  });

  it('every planning option fits the side panel once shortened', () => {
    for (const l of [...Object.values(OBJECTIVE_LABELS), ...Object.values(WEIGHT_LABELS), ...Object.values(FRANCE_SERVICES_TYPE_LABELS)]) {
      expect(shortLabel(l, OPTION_CHARS).length, l).toBeLessThanOrEqual(OPTION_CHARS);
    }
  });

  it('the indicators have short labels for the layers panel (20 characters at most), each its own', () => {
    const shorts = Object.values(VARIABLES).map((v) => v.short);
    for (const s of shorts) expect(s.length, s).toBeLessThanOrEqual(20);
    expect(new Set(shorts).size).toBe(shorts.length);
  });
});
