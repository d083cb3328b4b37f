/**
 * Underserved units and zones.
 *
 * A unit is underserved when its travel time to the nearest help point of the chosen
 * kind exceeds a threshold AND its need or fragility is high (in the top `topShare` of
 * the units). Underserved units are merged into zones through an adjacency (shared
 * boundary for communes, 4/8-neighbourhood for grid cells); zones are ranked by the
 * number of people needing help.
 */
import type { HelpGroup } from '../types.ts';
import { minutes, type Minutes } from '../units.ts';
import { components, type Adjacency, type MultiPolygonCoords } from './adjacency.ts';

export interface UnderservedUnit {
  id: string;
  name?: string;
  population: number;
  /** People aged 75+ (or 80+ on Filosofi grids). */
  older: number | null;
  /** Estimated people needing help (not rounded); null if unknown. */
  need: number | null;
  /** Fragility index 1–10; null if unknown. */
  fragility: number | null;
  /** Minutes to the nearest help point of the chosen kind; null = none reachable. */
  minutes: number | null;
}

export type HighCriterion = 'need' | 'fragility' | 'either' | 'both';

export interface UnderservedParams {
  threshold: Minutes;
  /** Share of units considered "high" (need or fragility), e.g. 0.3 = top 30 %. */
  topShare: number;
  criterion: HighCriterion;
  /** Rank need as a rate (need / population, default) or as a head count. */
  needMeasure: 'rate' | 'count';
}

/** Default travel-time thresholds by help group: 30 min France Services, 20 min any point numérique. */
export const DEFAULT_THRESHOLDS: Readonly<Record<HelpGroup, Minutes>> = Object.freeze({
  france_services: minutes(30),
  point_numerique: minutes(20),
  any: minutes(20),
});

/** Thresholds that a "zone robuste" must exceed all together. */
export const ROBUST_THRESHOLDS: readonly Minutes[] = Object.freeze([minutes(20), minutes(30), minutes(45)]);

export const DEFAULT_UNDERSERVED_PARAMS: Readonly<UnderservedParams> = Object.freeze({
  threshold: DEFAULT_THRESHOLDS.france_services,
  topShare: 0.3,
  criterion: 'either',
  needMeasure: 'rate',
});

/**
 * Cut-off for the top `share` of values: with n non-null values sorted ascending and
 * k = ceil(share · n), the value at rank n − k. Values ≥ the cut-off are "high", so ties
 * may take a little more than `share`. null when there is no value or share ≤ 0.
 */
export function topCutoff(values: ArrayLike<number | null>, share: number): number | null {
  const list: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && Number.isFinite(v)) list.push(v);
  }
  const k = Math.ceil(share * list.length - 1e-9);
  if (list.length === 0 || k <= 0) return null;
  const sorted = Float64Array.from(list).sort();
  return sorted[sorted.length - Math.min(k, sorted.length)];
}

export interface Classification {
  underserved: Uint8Array;
  needCutoff: number | null;
  fragilityCutoff: number | null;
}

const needValue = (u: UnderservedUnit, measure: 'rate' | 'count') =>
  u.need === null ? null : measure === 'count' ? u.need : u.population > 0 ? u.need / u.population : null;

/** Flag underserved units. Units without population are never underserved. */
export function classifyUnderserved(
  units: readonly UnderservedUnit[],
  params: Partial<UnderservedParams> = {},
): Classification {
  const p = { ...DEFAULT_UNDERSERVED_PARAMS, ...params };
  const needs = units.map((u) => (u.population > 0 ? needValue(u, p.needMeasure) : null));
  const frags = units.map((u) => (u.population > 0 ? u.fragility : null));
  const needCutoff = topCutoff(needs, p.topShare);
  const fragilityCutoff = topCutoff(frags, p.topShare);
  const underserved = new Uint8Array(units.length);
  units.forEach((u, i) => {
    if (!(u.population > 0)) return;
    const far = u.minutes === null || u.minutes > p.threshold;
    if (!far) return;
    const n = needs[i];
    const f = frags[i];
    const highNeed = n !== null && needCutoff !== null && n >= needCutoff && n > 0;
    const highFrag = f !== null && fragilityCutoff !== null && f >= fragilityCutoff;
    const high =
      p.criterion === 'need'
        ? highNeed
        : p.criterion === 'fragility'
          ? highFrag
          : p.criterion === 'both'
            ? highNeed && highFrag
            : highNeed || highFrag;
    if (high) underserved[i] = 1;
  });
  return { underserved, needCutoff, fragilityCutoff };
}

/** Units underserved under every threshold (default 20, 30 and 45 min): "zones robustes". */
export function classifyRobust(
  units: readonly UnderservedUnit[],
  params: Partial<Omit<UnderservedParams, 'threshold'>> = {},
  thresholds: readonly Minutes[] = ROBUST_THRESHOLDS,
): Uint8Array {
  const out = new Uint8Array(units.length).fill(1);
  for (const threshold of thresholds) {
    const { underserved } = classifyUnderserved(units, { ...params, threshold });
    for (let i = 0; i < out.length; i++) out[i] &= underserved[i];
  }
  return out;
}

export interface Zone {
  /** 1 = most people needing help. */
  rank: number;
  memberIndices: number[];
  memberIds: string[];
  /** Names of the member units (communes), in member order, without duplicates. */
  names: string[];
  population: number;
  /** Sum over members with a known figure; `olderComplete` tells if some were missing. */
  older: number;
  olderComplete: boolean;
  need: number;
  needComplete: boolean;
  /** Over members with a reachable site; null if none. */
  maxMinutes: number | null;
  meanMinutes: number | null;
  /** Population of members from which no site is reachable at all. */
  unreachablePopulation: number;
  geometry: MultiPolygonCoords | null;
}

export type ZoneGeometry = (memberIndices: number[]) => MultiPolygonCoords | null;

/** Merge flagged units into zones through the adjacency; rank by people needing help. */
export function buildZones(
  units: readonly UnderservedUnit[],
  flags: ArrayLike<number>,
  adjacency: Adjacency,
  geometry?: ZoneGeometry,
): Zone[] {
  const zones = components(adjacency, flags).map((members): Zone => {
    let population = 0;
    let older = 0;
    let olderComplete = true;
    let need = 0;
    let needComplete = true;
    let maxMinutes: number | null = null;
    let tSum = 0;
    let tPop = 0;
    let unreachablePopulation = 0;
    const names = new Set<string>();
    for (const i of members) {
      const u = units[i];
      population += u.population;
      if (u.older === null) olderComplete = false;
      else older += u.older;
      if (u.need === null) needComplete = false;
      else need += u.need;
      if (u.minutes === null) unreachablePopulation += u.population;
      else {
        if (maxMinutes === null || u.minutes > maxMinutes) maxMinutes = u.minutes;
        tSum += u.minutes * u.population;
        tPop += u.population;
      }
      if (u.name) names.add(u.name);
    }
    return {
      rank: 0,
      memberIndices: members,
      memberIds: members.map((i) => units[i].id),
      names: [...names],
      population,
      older,
      olderComplete,
      need,
      needComplete,
      maxMinutes,
      meanMinutes: tPop > 0 ? tSum / tPop : null,
      unreachablePopulation,
      geometry: null,
    };
  });
  zones.sort((a, b) => b.need - a.need || b.population - a.population || a.memberIndices[0] - b.memberIndices[0]);
  zones.forEach((z, k) => {
    z.rank = k + 1;
    if (geometry) z.geometry = geometry(z.memberIndices);
  });
  return zones;
}
