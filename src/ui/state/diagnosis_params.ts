/**
 * The diagnosis parameters from the user's settings and the chosen threshold: the one mapping
 * used both for the computation (sent to the worker) and for the method text, so that the text
 * quotes what the figures were computed with.
 */
import type { DiagnosisParams } from '../../domain/access/diagnose.ts';
import type { DiagnosisSettings } from './settings.ts';

export const diagnosisParamsOf = (d: DiagnosisSettings, threshold: number): Partial<DiagnosisParams> => ({
  threshold,
  topShare: d.topShare,
  criterion: d.criterion,
  fragility: { weights: d.weights, reference: d.reference },
});
