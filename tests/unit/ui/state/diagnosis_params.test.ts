/**
 * The method dialog reads the settings the user applied (issue 19, item 11): the same mapping
 * feeds the worker and the text, so a changed setting shows in the text.
 */
import { describe, expect, it } from 'vitest';
import { diagnosisMethodSections } from '../../../../src/domain/access/diagnosis_method.ts';
import { DEFAULT_DIAGNOSIS_SETTINGS } from '../../../../src/ui/state/analysis.ts';
import { diagnosisParamsOf, shownDiagnosisParams } from '../../../../src/ui/state/diagnosis_params.ts';
import { APL_DREES_2012_DECAY, LUO_QI_2009_DECAY } from '../../../../src/domain/diagnosis/e2sfca.ts';
import type { DiagnosisSettings } from '../../../../src/ui/state/settings.ts';

const methodText = (settings: DiagnosisSettings, threshold: number) =>
  diagnosisMethodSections(diagnosisParamsOf(settings, threshold)).map((s) => s.paragraphs.join('\n')).join('\n').replace(/\u202f|\u00a0/g, ' ');

describe('diagnosisParamsOf', () => {
  it('carries every diagnosis setting and the threshold', () => {
    const settings: DiagnosisSettings = { weights: { noFibre: 0, no4g: 3, elderly: 1, lowDiploma: 1, lowIncome: 0.5 }, topShare: 0.4, criterion: 'need', reference: 'group' };
    expect(diagnosisParamsOf(settings, 20)).toEqual({
      threshold: 20, topShare: 0.4, criterion: 'need',
      fragility: { weights: { noFibre: 0, no4g: 3, elderly: 1, lowDiploma: 1, lowIncome: 0.5 }, reference: 'group' },
      // No bands chosen (settings saved before the setting): Luo & Qi's.
      decay: LUO_QI_2009_DECAY,
    });
  });

  it('the method text follows the applied settings, not the defaults', () => {
    const changed: DiagnosisSettings = {
      ...DEFAULT_DIAGNOSIS_SETTINGS,
      weights: { ...DEFAULT_DIAGNOSIS_SETTINGS.weights, lowDiploma: 4 },
      topShare: 0.15,
      criterion: 'fragility',
      reference: 'group',
    };
    const before = methodText(DEFAULT_DIAGNOSIS_SETTINGS, 30);
    const after = methodText(changed, 20);
    for (const [was, now] of [
      ['Part des personnes peu ou pas diplômées : poids 1', 'Part des personnes peu ou pas diplômées : poids 4'],
      ['si le besoin estimé ou l’indice de fragilité est parmi les 30 % les plus élevés', 'si l’indice de fragilité est parmi les 15 % les plus élevés'],
      ['Unités de référence : l’ensemble des communes chargées', 'Unités de référence : les communes chargées du même département'],
      ['dépasse le seuil (30 min ;', 'dépasse le seuil (20 min ;'],
    ]) {
      expect(before).toContain(was);
      expect(before).not.toContain(now);
      expect(after).toContain(now);
    }
  });
});

describe('decay bands in the settings (issue 19, item 4)', () => {
  const e2sfca = (settings: DiagnosisSettings) =>
    diagnosisMethodSections(diagnosisParamsOf(settings, 30)).find((s) => s.id === 'e2sfca')!.paragraphs.join('\n').replace(/\u202f|\u00a0/g, ' ');

  it('the chosen bands go to the computation and the method text quotes them', () => {
    const apl: DiagnosisSettings = { ...DEFAULT_DIAGNOSIS_SETTINGS, decay: 'apl_drees_2012' };
    expect(diagnosisParamsOf(apl, 30).decay).toBe(APL_DREES_2012_DECAY);
    expect(diagnosisParamsOf(DEFAULT_DIAGNOSIS_SETTINGS, 30).decay).toBe(LUO_QI_2009_DECAY);
    // Written out by hand from the two publications' bands.
    expect(e2sfca(apl)).toContain('en vigueur : APL DREES/Irdes (2012), 0–5 min : 1 ; 5–10 min : 0,3 ; 10–15 min : 0,1 ; au-delà de 15 min, 0');
    expect(e2sfca(apl)).not.toContain('0,68');
    expect(e2sfca(DEFAULT_DIAGNOSIS_SETTINGS)).toContain('en vigueur : Luo et Qi (2009), 0–10 min : 1 ; 10–20 min : 0,68 ; 20–30 min : 0,22 ; au-delà de 30 min, 0');
  });

  it('the edge rule says what decayWeight does: a time on an edge counts in the lower band', () => {
    const t = e2sfca(DEFAULT_DIAGNOSIS_SETTINGS);
    expect(t).toContain('un temps exactement sur une borne, ou qui la dépasse de moins de 0,006 s, compte dans la tranche inférieure');
    expect(t).not.toContain('la plus proche»');
  });
});

describe('the method text of the figures shown (issue 19, gap 5)', () => {
  it('reads the settings of the last finished run, not the ones applied since and still computing', () => {
    const computed = { diagnosis: DEFAULT_DIAGNOSIS_SETTINGS, threshold: 30 };
    const applied = { diagnosis: { ...DEFAULT_DIAGNOSIS_SETTINGS, decay: 'apl_drees_2012' as const, topShare: 0.1 }, threshold: 45 };
    const shown = shownDiagnosisParams(computed, applied);
    expect(shown.decay).toBe(LUO_QI_2009_DECAY);
    expect(shown.threshold).toBe(30);
    expect(shown.topShare).toBe(DEFAULT_DIAGNOSIS_SETTINGS.topShare);
    const text = diagnosisMethodSections(shown).map((s) => s.paragraphs.join('\n')).join('\n').replace(/\u202f|\u00a0/g, ' ');
    expect(text).toContain('dépasse le seuil (30 min ;');
    expect(text).toContain('0–10 min : 1 ; 10–20 min : 0,68');
    expect(text).not.toContain('0–5 min : 1');
    // Before any run ends, the current settings are all there is.
    expect(shownDiagnosisParams(null, applied).threshold).toBe(45);
    expect(shownDiagnosisParams(null, applied).decay).toBe(APL_DREES_2012_DECAY);
  });
});
