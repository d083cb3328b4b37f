/**
 * The method dialog reads the settings the user applied (issue 19, item 11): the same mapping
 * feeds the worker and the text, so a changed setting shows in the text.
 */
import { describe, expect, it } from 'vitest';
import { diagnosisMethodSections } from '../../../../src/domain/access/diagnosis_method.ts';
import { DEFAULT_DIAGNOSIS_SETTINGS } from '../../../../src/ui/state/analysis.ts';
import { diagnosisParamsOf } from '../../../../src/ui/state/diagnosis_params.ts';
import type { DiagnosisSettings } from '../../../../src/ui/state/settings.ts';

const methodText = (settings: DiagnosisSettings, threshold: number) =>
  diagnosisMethodSections(diagnosisParamsOf(settings, threshold)).map((s) => s.paragraphs.join('\n')).join('\n').replace(/\u202f|\u00a0/g, ' ');

describe('diagnosisParamsOf', () => {
  it('carries every diagnosis setting and the threshold', () => {
    const settings: DiagnosisSettings = { weights: { noFibre: 0, no4g: 3, elderly: 1, lowDiploma: 1, lowIncome: 0.5 }, topShare: 0.4, criterion: 'need', reference: 'group' };
    expect(diagnosisParamsOf(settings, 20)).toEqual({
      threshold: 20, topShare: 0.4, criterion: 'need',
      fragility: { weights: { noFibre: 0, no4g: 3, elderly: 1, lowDiploma: 1, lowIncome: 0.5 }, reference: 'group' },
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
