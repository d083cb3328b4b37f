/**
 * Classing of a numeric variable for a choropleth, computed on the values present.
 *
 * Breaks are "lower bounds": a value v is in class i+1 when v ≥ breaks[i] (class 0 below breaks[0]);
 * every break is a value that occurs, so every class holds at least one value and equal values
 * always share a class.
 *
 * - 'quantiles': classes of (about) equal counts. Ties are never split: a class ends after the
 *   whole run of a value, and the next classes share what is left.
 * - 'jenks': natural breaks, by Ckmeans (optimal 1-D k-means, Wang & Song 2011, from
 *   simple-statistics), which is what Jenks' method approximates.
 * Both: a value that holds at least 1/k of the values at the bottom (typically 0: 70 % of communes
 * with no fibre) is a class of its own, and the other values share the other k−1 classes; with
 * k or fewer distinct values, each value is its own class; a layer never falls to one class when
 * its values differ.
 */
import { ckmeans } from 'simple-statistics';

export type ClassMethod = 'quantiles' | 'jenks';

const finiteSorted = (values: readonly (number | null | undefined)[]) =>
  values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);

function distinctSorted(sorted: readonly number[]): number[] {
  const out: number[] = [];
  for (const v of sorted) if (out.length === 0 || v !== out[out.length - 1]) out.push(v);
  return out;
}

/** Index of the last value equal to sorted[i]. */
function runEnd(sorted: readonly number[], i: number): number {
  let j = i;
  while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
  return j;
}

/** Tie-aware quantile breaks over sorted values, at most k classes (k−1 breaks). */
function quantilesSorted(sorted: readonly number[], k: number): number[] {
  const breaks: number[] = [];
  let start = 0;
  for (let left = k; left > 1 && start < sorted.length; left--) {
    const rest = sorted.length - start;
    if (distinctSorted(sorted.slice(start)).length <= left) {
      // As many classes left as distinct values: one class each.
      breaks.push(...distinctSorted(sorted.slice(start)).slice(1));
      return breaks;
    }
    // This class takes its share of what is left, extended to the end of a run of equal values;
    // if that run reaches the end, the class stops before it instead.
    let end = runEnd(sorted, start + Math.max(0, Math.ceil(rest / left) - 1));
    if (end === sorted.length - 1) {
      let first = end;
      while (first > start && sorted[first - 1] === sorted[end]) first--;
      end = first - 1;
      if (end < start) return breaks;
    }
    breaks.push(sorted[end + 1]);
    start = end + 1;
  }
  return breaks;
}

/** Natural breaks (Ckmeans) over sorted values, at most k classes. */
function jenksSorted(sorted: readonly number[], k: number): number[] {
  const distinct = distinctSorted(sorted);
  if (distinct.length <= k) return distinct.slice(1);
  const clusters = ckmeans([...sorted], k);
  const breaks: number[] = [];
  for (const c of clusters.slice(1)) {
    const b = c[0];
    // Equal values always go together (a cluster boundary inside a run of ties is moved after it).
    if (b > sorted[0] && (breaks.length === 0 || b > breaks[breaks.length - 1])) breaks.push(b);
  }
  return breaks;
}

/**
 * Up to `k` classes of the finite values by `method`; returns the inner breaks (lower bounds of
 * classes 1…). Fewer classes only when there are fewer distinct values.
 */
export function classBreaks(values: readonly (number | null | undefined)[], k: number, method: ClassMethod = 'quantiles'): number[] {
  const sorted = finiteSorted(values);
  if (sorted.length === 0 || k < 2) return [];
  const distinct = distinctSorted(sorted);
  if (distinct.length <= 1) return [];
  if (distinct.length <= k) return distinct.slice(1);
  const of = method === 'jenks' ? jenksSorted : quantilesSorted;
  // A heavy tie at the bottom (≥ 1/k of the values, e.g. the communes with 0 % fibre) is a class of its own.
  const bottom = runEnd(sorted, 0) + 1;
  if (bottom * k >= sorted.length) {
    const rest = sorted.slice(bottom);
    return [rest[0], ...of(rest, k - 1).filter((b) => b > rest[0])];
  }
  return of(sorted, k);
}

/** Quantile breaks (see classBreaks). */
export function quantileBreaks(values: readonly (number | null | undefined)[], k: number): number[] {
  return classBreaks(values, k, 'quantiles');
}

/** Class index 0…breaks.length for a value (value ≥ break i → class i+1); null when missing. */
export function classOf(value: number | null | undefined, breaks: readonly number[]): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  let c = 0;
  while (c < breaks.length && value >= breaks[c]) c++;
  return c;
}

export interface ClassSummary {
  /** Number of values in the class. */
  count: number;
  /** Smallest and largest value in the class (null when it holds none). */
  min: number | null;
  max: number | null;
}

/** Count, smallest and largest value of each of the breaks.length + 1 classes (missing values left out). */
export function summarizeClasses(values: readonly (number | null | undefined)[], breaks: readonly number[]): ClassSummary[] {
  const out: ClassSummary[] = Array.from({ length: breaks.length + 1 }, () => ({ count: 0, min: null, max: null }));
  for (const v of values) {
    const c = classOf(v, breaks);
    if (c === null) continue;
    const s = out[c];
    s.count++;
    if (s.min === null || v! < s.min) s.min = v!;
    if (s.max === null || v! > s.max) s.max = v!;
  }
  return out;
}
