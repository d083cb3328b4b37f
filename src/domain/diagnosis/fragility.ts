/**
 * Fragility index per unit (commune, IRIS or grid cell), after the indicators of the
 * national "indice de fragilité numérique". Each indicator is a share in [0, 1], scaled
 * to 1–10 against a reference set (see scaling.ts), then combined by a weighted mean.
 *
 * Missing indicators are never read as 0: the weights are re-normalised over the
 * indicators that are present and the unit is flagged `partial`; below
 * `minIndicators` present indicators the index is null.
 */
import { scaleColumn, type ScalingMethod } from './scaling.ts';

export const FRAGILITY_INDICATORS = ['noFibre', 'no4g', 'elderly', 'lowDiploma', 'lowIncome'] as const;
export type IndicatorKey = (typeof FRAGILITY_INDICATORS)[number];

/** A share in [0, 1]; null = not available; 'secret' = withheld by INSEE (secret statistique). */
export type IndicatorInput = number | null | 'secret';

export interface FragilityInput {
  id: string;
  /** Reference group, e.g. the département code; used when reference = 'group'. */
  group?: string | null;
  /** Share of premises without fibre / very-high-speed broadband. */
  noFibre?: IndicatorInput;
  /** Share of the population without 4G coverage. */
  no4g?: IndicatorInput;
  /** Share aged 65 or over. */
  share65p?: IndicatorInput;
  /** Share aged 75 or over, preferred when every unit has it. */
  share75p?: IndicatorInput;
  /** Share with little or no diploma. */
  lowDiploma?: IndicatorInput;
  /** Low-income share (e.g. poverty rate). */
  lowIncome?: IndicatorInput;
}

export type ElderlyBasis = '65+' | '75+';

export interface FragilityParams {
  scaling: ScalingMethod;
  /** 'all': scale against every loaded unit; 'group': against the unit's group (département). */
  reference: 'all' | 'group';
  /** Relative weights, need not sum to 1. A weight of 0 drops the indicator. */
  weights: Record<IndicatorKey, number>;
  /** Minimum number of present (weighted) indicators for an index; below it, null. */
  minIndicators: number;
  /** 'auto': 75+ when every unit with an age share also has a 75+ share, else 65+. */
  elderlyBasis: 'auto' | ElderlyBasis;
}

export const DEFAULT_FRAGILITY_PARAMS: Readonly<FragilityParams> = Object.freeze({
  scaling: 'decile',
  reference: 'all',
  weights: Object.freeze({ noFibre: 1, no4g: 1, elderly: 1, lowDiploma: 1, lowIncome: 1 }),
  minIndicators: 3,
  elderlyBasis: 'auto',
});

export type IndicatorStatus = 'ok' | 'secret' | 'missing';

export interface FragilityResult {
  id: string;
  /** Weighted mean of the present scores, 1–10; null below minIndicators. */
  index: number | null;
  /** True when at least one weighted indicator is missing (and the index is not null). */
  partial: boolean;
  /** Number of weighted indicators present. */
  present: number;
  scores: Record<IndicatorKey, number | null>;
  status: Record<IndicatorKey, IndicatorStatus>;
}

export interface FragilityOutput {
  units: FragilityResult[];
  elderlyBasis: ElderlyBasis;
  params: FragilityParams;
}

const statusOf = (v: IndicatorInput | undefined): IndicatorStatus =>
  v === 'secret' ? 'secret' : typeof v === 'number' && Number.isFinite(v) ? 'ok' : 'missing';
const valueOf = (v: IndicatorInput | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

function chooseElderlyBasis(units: readonly FragilityInput[], wanted: FragilityParams['elderlyBasis']): ElderlyBasis {
  if (wanted !== 'auto') return wanted;
  let any75 = false;
  for (const u of units) {
    const has65 = valueOf(u.share65p) !== null;
    const has75 = valueOf(u.share75p) !== null;
    if (has75) any75 = true;
    else if (has65) return '65+';
  }
  return any75 ? '75+' : '65+';
}

function rawInput(u: FragilityInput, key: IndicatorKey, basis: ElderlyBasis): IndicatorInput | undefined {
  if (key === 'elderly') return basis === '75+' ? u.share75p : u.share65p;
  return u[key];
}

/** Parameters as edited in the UI: any subset, weights included. */
export type FragilityParamsInput = Partial<Omit<FragilityParams, 'weights'>> & {
  weights?: Partial<Record<IndicatorKey, number>>;
};

export function computeFragility(
  units: readonly FragilityInput[],
  params: FragilityParamsInput = {},
): FragilityOutput {
  const weights: Record<IndicatorKey, number> = { ...DEFAULT_FRAGILITY_PARAMS.weights, ...params.weights };
  const p: FragilityParams = { ...DEFAULT_FRAGILITY_PARAMS, ...params, weights };
  const basis = chooseElderlyBasis(units, p.elderlyBasis);
  const groups = p.reference === 'group' ? units.map((u) => u.group ?? null) : undefined;

  const scored = {} as Record<IndicatorKey, (number | null)[]>;
  for (const key of FRAGILITY_INDICATORS) {
    scored[key] = scaleColumn(
      units.map((u) => valueOf(rawInput(u, key, basis))),
      p.scaling,
      groups,
    );
  }

  const results = units.map((u, i): FragilityResult => {
    const scores = {} as Record<IndicatorKey, number | null>;
    const status = {} as Record<IndicatorKey, IndicatorStatus>;
    let sum = 0;
    let wsum = 0;
    let present = 0;
    let missing = 0;
    for (const key of FRAGILITY_INDICATORS) {
      const s = scored[key][i];
      scores[key] = s;
      status[key] = statusOf(rawInput(u, key, basis));
      const w = weights[key];
      if (!(w > 0)) continue;
      if (s === null) {
        missing++;
        continue;
      }
      present++;
      sum += w * s;
      wsum += w;
    }
    const enough = present >= p.minIndicators && wsum > 0;
    return {
      id: u.id,
      index: enough ? sum / wsum : null,
      partial: enough && missing > 0,
      present,
      scores,
      status,
    };
  });
  return { units: results, elderlyBasis: basis, params: p };
}
