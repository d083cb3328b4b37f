/** Per-point times and population aggregates (weighted mean, population beyond thresholds, per group). */
import type { SearchResult } from './dijkstra.ts';
import type { Snapped } from './snap.ts';

/**
 * Time of each point = node time + its access leg (Infinity if unsnapped or unreached),
 * or the direct leg when smaller (see snap.directLegMinutes).
 */
export function pointTimes(result: Pick<SearchResult, 'time'>, snapped: Snapped, direct?: Float64Array): Float64Array {
  const n = snapped.node.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = snapped.node[i];
    let t = v >= 0 ? result.time[v] + snapped.legMinutes[i] : Infinity;
    if (direct && direct[i] < t) t = direct[i];
    out[i] = t;
  }
  return out;
}

export const DEFAULT_THRESHOLDS = [15, 20, 30, 45] as const;

export interface Aggregate {
  population: number;
  /** Population with a finite time. */
  reachedPopulation: number;
  /** Population-weighted mean time over reached points (NaN if none). */
  meanMinutes: number;
  /** Population strictly beyond each threshold (unreached included). */
  beyond: Record<number, number>;
  unreachedPopulation: number;
}

function emptyAggregate(thresholds: readonly number[]): Aggregate {
  const beyond: Record<number, number> = {};
  for (const t of thresholds) beyond[t] = 0;
  return { population: 0, reachedPopulation: 0, meanMinutes: 0, beyond, unreachedPopulation: 0 };
}

function add(a: Aggregate, t: number, pop: number, thresholds: readonly number[]): void {
  a.population += pop;
  if (Number.isFinite(t)) {
    a.reachedPopulation += pop;
    a.meanMinutes += t * pop; // sum, divided in finish()
  } else a.unreachedPopulation += pop;
  for (const th of thresholds) if (!(t <= th)) a.beyond[th] += pop;
}

function finish(a: Aggregate): Aggregate {
  a.meanMinutes = a.reachedPopulation > 0 ? a.meanMinutes / a.reachedPopulation : NaN;
  return a;
}

export function aggregate(times: Float64Array, population: ArrayLike<number>, thresholds: readonly number[] = DEFAULT_THRESHOLDS): Aggregate {
  const a = emptyAggregate(thresholds);
  for (let i = 0; i < times.length; i++) add(a, times[i], population[i], thresholds);
  return finish(a);
}

/** Aggregates per group key (e.g. commune code). */
export function aggregateByGroup(
  times: Float64Array,
  population: ArrayLike<number>,
  groups: ArrayLike<string>,
  thresholds: readonly number[] = DEFAULT_THRESHOLDS,
): Map<string, Aggregate> {
  const out = new Map<string, Aggregate>();
  for (let i = 0; i < times.length; i++) {
    let a = out.get(groups[i]);
    if (!a) out.set(groups[i], (a = emptyAggregate(thresholds)));
    add(a, times[i], population[i], thresholds);
  }
  for (const a of out.values()) finish(a);
  return out;
}
