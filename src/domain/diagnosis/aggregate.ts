/**
 * Key figures for the territory and for each group of units (EPCI): sums and
 * population-weighted means. Null values are skipped and counted, never read as 0.
 */

/** Sum of the non-null values; `missing` counts the nulls. */
export function sumKnown<T>(items: readonly T[], value: (t: T) => number | null): { sum: number; missing: number } {
  let sum = 0;
  let missing = 0;
  for (const t of items) {
    const v = value(t);
    if (v === null || !Number.isFinite(v)) missing++;
    else sum += v;
  }
  return { sum, missing };
}

/** Σ w·v / Σ w over items with a finite value and a positive weight; null if none. */
export function weightedMean<T>(
  items: readonly T[],
  value: (t: T) => number | null,
  weight: (t: T) => number,
): number | null {
  let s = 0;
  let ws = 0;
  for (const t of items) {
    const v = value(t);
    const w = weight(t);
    if (v === null || !Number.isFinite(v) || !(w > 0)) continue;
    s += v * w;
    ws += w;
  }
  return ws > 0 ? s / ws : null;
}

export interface KeyFigureUnit {
  population: number;
  older: number | null;
  need: number | null;
  fragility: number | null;
  /** Minutes to the nearest help point; null = none reachable. */
  minutes: number | null;
  /** Accessibility A_i in FTE per person needing help (E2SFCA); null if not computed. */
  accessibility?: number | null;
  group?: string | null;
}

export interface KeyFigures {
  units: number;
  population: number;
  older: number;
  need: number;
  /** Units whose need (or older count) is unknown: the sums above leave them out. */
  unitsMissingNeed: number;
  unitsMissingOlder: number;
  /** Population-weighted mean fragility index. */
  meanFragility: number | null;
  /** Population-weighted mean time to the nearest help point, over reachable units. */
  meanMinutes: number | null;
  /** Population farther than the threshold (or with no reachable point). */
  populationBeyond: number;
  /** People needing help per FTE over the group: Σ need / Σ (need · A). */
  peoplePerFte: number | null;
}

export function keyFigures(units: readonly KeyFigureUnit[], thresholdMinutes: number): KeyFigures {
  const need = sumKnown(units, (u) => u.need);
  const older = sumKnown(units, (u) => u.older);
  let population = 0;
  let populationBeyond = 0;
  let reachedFte = 0;
  let needWithAccess = 0;
  for (const u of units) {
    population += u.population;
    if (u.minutes === null || u.minutes > thresholdMinutes) populationBeyond += u.population;
    if (u.need !== null && u.need > 0 && u.accessibility !== undefined && u.accessibility !== null) {
      reachedFte += u.need * u.accessibility;
      needWithAccess += u.need;
    }
  }
  return {
    units: units.length,
    population,
    older: older.sum,
    need: need.sum,
    unitsMissingNeed: need.missing,
    unitsMissingOlder: older.missing,
    meanFragility: weightedMean(units, (u) => u.fragility, (u) => u.population),
    meanMinutes: weightedMean(units, (u) => u.minutes, (u) => u.population),
    populationBeyond,
    peoplePerFte: needWithAccess === 0 ? null : reachedFte > 0 ? needWithAccess / reachedFte : Infinity,
  };
}

/** Key figures for the whole set and for each group (units with a null group count only in the total). */
export function keyFiguresByGroup(
  units: readonly KeyFigureUnit[],
  thresholdMinutes: number,
): { territory: KeyFigures; groups: Map<string, KeyFigures> } {
  const byGroup = new Map<string, KeyFigureUnit[]>();
  for (const u of units) {
    if (u.group === null || u.group === undefined) continue;
    let list = byGroup.get(u.group);
    if (!list) byGroup.set(u.group, (list = []));
    list.push(u);
  }
  const groups = new Map<string, KeyFigures>();
  for (const [g, list] of byGroup) groups.set(g, keyFigures(list, thresholdMinutes));
  return { territory: keyFigures(units, thresholdMinutes), groups };
}
