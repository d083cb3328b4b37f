/** Classing of a numeric variable for a choropleth: quantile breaks, class lookup. */

/**
 * Up to `k` classes by quantiles of the finite values; returns the k-1 inner break values,
 * deduplicated (fewer classes when many values are equal).
 */
export function quantileBreaks(values: readonly (number | null | undefined)[], k: number): number[] {
  const sorted = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0 || k < 2) return [];
  const breaks: number[] = [];
  for (let i = 1; i < k; i++) {
    const q = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / k))];
    if (breaks.length === 0 || q > breaks[breaks.length - 1]) breaks.push(q);
  }
  if (breaks[0] === sorted[0] && breaks.length > 0) breaks.shift();
  return breaks;
}

/** Class index 0…breaks.length for a value (value ≥ break i → class i+1); null when missing. */
export function classOf(value: number | null | undefined, breaks: readonly number[]): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  let c = 0;
  while (c < breaks.length && value >= breaks[c]) c++;
  return c;
}
