/**
 * The method text of a diagnosis, read from the very parameters the diagnosis ran with
 * (`diagnose(facts, sites, catchments, params)`), so that a changed weight, reference, share,
 * criterion or threshold shows in the text, and the defaults fill the same gaps as in diagnose().
 */
import {
  DEFAULT_FRAGILITY_PARAMS, DEFAULT_UNDERSERVED_PARAMS, methodSections, NO_BASES,
  type FragilityParams, type IndicatorBases, type MethodSection,
} from '../diagnosis/index.ts';
import { minutes } from '../units.ts';
import { DEFAULT_DIAGNOSIS_PARAMS, type DiagnosisParams } from './diagnose.ts';

export function diagnosisMethodSections(params: Partial<DiagnosisParams> = {}, bases: IndicatorBases = NO_BASES, territoryNeedRate: number | null = null): MethodSection[] {
  const p = { ...DEFAULT_DIAGNOSIS_PARAMS, ...params };
  // As computeFragility merges them: defaults, then the given keys, weights key by key.
  const fragility: FragilityParams = {
    ...DEFAULT_FRAGILITY_PARAMS,
    ...p.fragility,
    weights: { ...DEFAULT_FRAGILITY_PARAMS.weights, ...p.fragility.weights },
  };
  return methodSections({
    fragility,
    bases,
    underserved: { ...DEFAULT_UNDERSERVED_PARAMS, threshold: minutes(p.threshold), topShare: p.topShare, criterion: p.criterion },
    decay: p.decay,
    supply: p.supply,
    territoryNeedRate,
  });
}
