/**
 * Scaling of an indicator to a 1–10 score against a reference set of units.
 * Higher raw value = higher score (every fragility indicator is oriented so that
 * "more" means "more fragile").
 *
 * - 'decile' (default): s = clamp(ceil(10 · F(x)), 1, 10), where F is the mid-rank
 *   empirical distribution over the reference values:
 *   F(x) = (#{v < x} + #{v ≤ x}) / (2n). Ties get the same score; robust to outliers.
 *   With n distinct values, the k-th smallest gets F = (2k − 1)/(2n).
 * - 'minmax': s = 1 + 9 · (x − min)/(max − min), clamped to [1, 10]. If every reference
 *   value is equal, s = 5.5 (no contrast to report).
 *
 * Missing values (null) are excluded from the reference and stay null.
 */

export type ScalingMethod = 'decile' | 'minmax';

export interface ScaleReference {
  /** Reference values, finite, sorted ascending. */
  sorted: Float64Array;
}

export function buildReference(values: Iterable<number | null>): ScaleReference {
  const out: number[] = [];
  for (const v of values) if (v !== null && Number.isFinite(v)) out.push(v);
  const sorted = Float64Array.from(out).sort();
  return { sorted };
}

/** Number of elements < x (strict) or ≤ x, by binary search. */
function countBelow(sorted: Float64Array, x: number, inclusive: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x || (inclusive && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/** Score of one value against a reference; null when the value or the reference is empty. */
export function scaleValue(x: number | null, ref: ScaleReference, method: ScalingMethod): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const n = ref.sorted.length;
  if (n === 0) return null;
  if (method === 'minmax') {
    const min = ref.sorted[0];
    const max = ref.sorted[n - 1];
    if (max === min) return 5.5;
    return clamp(1 + (9 * (x - min)) / (max - min), 1, 10);
  }
  const f = (countBelow(ref.sorted, x, false) + countBelow(ref.sorted, x, true)) / (2 * n);
  // The epsilon keeps exact multiples of 0.1 from rounding up a decile.
  return clamp(Math.ceil(10 * f - 1e-9), 1, 10);
}

/**
 * Scale a column of values. With `groups`, each unit is scaled against the units of
 * its own group (e.g. its département); a unit with a null group is scaled against all.
 */
export function scaleColumn(
  values: ReadonlyArray<number | null>,
  method: ScalingMethod,
  groups?: ReadonlyArray<string | null>,
): (number | null)[] {
  const all = buildReference(values);
  const byGroup = new Map<string, (number | null)[]>();
  if (groups) {
    values.forEach((v, i) => {
      const g = groups[i];
      if (g === null) return;
      let list = byGroup.get(g);
      if (!list) byGroup.set(g, (list = []));
      list.push(v);
    });
  }
  const refs = new Map<string, ScaleReference>();
  for (const [g, list] of byGroup) refs.set(g, buildReference(list));
  return values.map((v, i) => {
    const g = groups ? groups[i] : null;
    return scaleValue(v, (g !== null && refs.get(g)) || all, method);
  });
}
