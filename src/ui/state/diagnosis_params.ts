/**
 * The diagnosis parameters from the user's settings and the chosen threshold: the one mapping
 * used both for the computation (sent to the worker) and for the method text, so that the text
 * quotes what the figures were computed with.
 */
import type { DiagnosisParams } from '../../domain/access/diagnose.ts';
import { DECAY_PRESETS, DEFAULT_DECAY_PRESET } from '../../domain/diagnosis/e2sfca.ts';
import type { DiagnosisSettings } from './settings.ts';

export const diagnosisParamsOf = (d: DiagnosisSettings, threshold: number): Partial<DiagnosisParams> => ({
  threshold,
  topShare: d.topShare,
  criterion: d.criterion,
  fragility: { weights: d.weights, reference: d.reference },
  decay: DECAY_PRESETS[d.decay ?? DEFAULT_DECAY_PRESET],
});

/**
 * The settings the figures shown were computed with: those of the last finished run (its basis),
 * not the ones just applied and still being computed; the current ones before any run ends.
 */
export function shownDiagnosisParams(
  basis: { diagnosis: DiagnosisSettings; threshold: number } | null,
  current: { diagnosis: DiagnosisSettings; threshold: number },
): Partial<DiagnosisParams> {
  const b = basis ?? current;
  return diagnosisParamsOf(b.diagnosis, b.threshold);
}
