/**
 * Straight-line and mixed inputs of the optimiser: the same `BaseTimes` and `ReachLists` as
 * reach.ts, so CELF and the swap pass run unchanged.
 *
 * Which pairs are estimated: the time between a demand unit u and a site s is the road time when
 * both are on the graph (node ≥ 0), else the straight-line estimate between their coordinates
 * (routing/fallback.ts: haversine × detour ÷ speed, no access leg). Without a graph every pair is
 * estimated. A unit's time is the minimum over the sites; `unitMethod[u]` = 1 when that minimum
 * is an estimate or the unit is off the graph (0 = road time). Items off the graph without
 * coordinates are never reached, as before.
 *
 * Cost: nearest fixed site per unit with the kdbush/geokdbush index of nearest.ts; reach lists by
 * one radius query per candidate on a kdbush index over the LISTABLE units only (base time above
 * `onlyBeyond`), radius = the distance the cutoff allows. Output-sensitive, never units × sites.
 * The listing rule is the road one: time ≤ cutoff, strictly below the unit's base time, base time
 * above `onlyBeyond`.
 */
import { nearestSites } from '../nearest.ts';
import {
  METHOD_ROUTE as METHOD_ROUTE_, METHOD_VOL_OISEAU as METHOD_VOL_OISEAU_, PointIndex, estimateMinutesFromMeters, estimateRadiusMeters, type EstimateParams,
} from '../routing/fallback.ts';
import type { ReachLists, ReachOptions } from './reach.ts';
import type { Candidate, Demand, FixedSite } from './types.ts';

/** Local copies: read in hot loops (an imported binding can be a getter once transpiled). */
const METHOD_ROUTE = METHOD_ROUTE_;
const METHOD_VOL_OISEAU = METHOD_VOL_OISEAU_;

const hasXY = (lon: number | undefined, lat: number | undefined): boolean => Number.isFinite(lon) && Number.isFinite(lat);

function unitHasXY(demand: Demand, i: number): boolean {
  return !!demand.lon && !!demand.lat && hasXY(demand.lon[i], demand.lat[i]);
}

type SiteXY = { node: number; lon?: number; lat?: number };

/**
 * Straight-line estimate from each unit to its nearest ELIGIBLE site among those kept: a unit on
 * the graph pairs with the sites off the graph only, a unit off the graph (or without a graph:
 * every node -1) with every site. kd-tree nearest search (nearest.ts), not units × sites.
 * Returns Infinity / -1 where no eligible site has coordinates (or the unit has none).
 */
export function straightNearest(
  demand: Demand,
  sites: readonly SiteXY[],
  keep: (j: number) => boolean,
  estimate: EstimateParams,
): { time: Float64Array; site: Int32Array } {
  const n = demand.node.length;
  const time = new Float64Array(n).fill(Infinity);
  const site = new Int32Array(n).fill(-1);
  if (!demand.lon || !demand.lat) return { time, site };
  const pick = (onGraphSitesToo: boolean) => {
    const idx: number[] = [];
    sites.forEach((s, j) => {
      if (keep(j) && (onGraphSitesToo || s.node < 0) && hasXY(s.lon, s.lat)) idx.push(j);
    });
    return { idx, points: { lon: Float64Array.from(idx, (j) => sites[j].lon!), lat: Float64Array.from(idx, (j) => sites[j].lat!) } };
  };
  for (const unitOnGraph of [true, false]) {
    const set = pick(!unitOnGraph);
    if (set.idx.length === 0) continue;
    const units: number[] = [];
    for (let i = 0; i < n; i++) if (demand.node[i] >= 0 === unitOnGraph && unitHasXY(demand, i)) units.push(i);
    if (units.length === 0) continue;
    const r = nearestSites(set.points, { lon: Float64Array.from(units, (i) => demand.lon![i]), lat: Float64Array.from(units, (i) => demand.lat![i]) });
    units.forEach((i, k) => {
      if (r.site[k] < 0) return;
      time[i] = estimateMinutesFromMeters(r.distanceM[k], estimate);
      site[i] = set.idx[r.site[k]];
    });
  }
  return { time, site };
}

/** True when the pair (unit i, site s) is estimated from the straight line (and both have coordinates). */
export function straightPair(demand: Demand, i: number, s: SiteXY): boolean {
  return (demand.node[i] < 0 || s.node < 0) && unitHasXY(demand, i) && hasXY(s.lon, s.lat);
}

/**
 * Merges straight-line estimates into road unit times (in place): `time` holds the road times
 * (Infinity off the graph); returns the per-unit method (1 = estimated or off the graph) and the
 * index of the nearest estimated site (-1 when the road time was kept; ties keep the road).
 */
export function mergeStraightUnitTimes(
  demand: Demand,
  sites: readonly SiteXY[],
  time: Float64Array,
  estimate: EstimateParams,
): { method: Uint8Array; site: Int32Array } {
  const n = demand.node.length;
  const method = new Uint8Array(n);
  const site = new Int32Array(n).fill(-1);
  const st = straightNearest(demand, sites, () => true, estimate);
  for (let i = 0; i < n; i++) {
    if (demand.node[i] < 0) method[i] = METHOD_VOL_OISEAU;
    if (st.time[i] < time[i]) {
      time[i] = st.time[i];
      method[i] = METHOD_VOL_OISEAU;
      site[i] = st.site[i];
    }
  }
  return { method, site };
}

/** Growable (unit, minutes, method) list. */
class EntryList {
  units = new Int32Array(1024);
  minutes = new Float64Array(1024);
  length = 0;
  push(u: number, t: number): void {
    if (this.length === this.units.length) {
      const u2 = new Int32Array(this.length * 2);
      u2.set(this.units);
      this.units = u2;
      const t2 = new Float64Array(this.length * 2);
      t2.set(this.minutes);
      this.minutes = t2;
    }
    this.units[this.length] = u;
    this.minutes[this.length++] = t;
  }
}

/**
 * Straight-line reach lists: for each candidate, the units it would improve through an estimated
 * pair (candidate or unit off the graph). `baseUnit` = the units' current (mixed) base times.
 */
export function straightReach(
  demand: Demand,
  baseUnit: Float64Array,
  candidates: readonly Candidate[],
  options: ReachOptions,
  estimate: EstimateParams,
): ReachLists {
  const C = candidates.length;
  const offsets = new Uint32Array(C + 1);
  const out = new EntryList();
  const beyond = options.onlyBeyond ?? -Infinity;
  const cutoff = options.cutoff;
  const radius = estimateRadiusMeters(cutoff, estimate);
  if (demand.lon && demand.lat) {
    const lon = demand.lon;
    const lat = demand.lat;
    const listable = (i: number) => baseUnit[i] > beyond && baseUnit[i] > 0;
    let offIndex: PointIndex | null = null;
    let allIndex: PointIndex | null = null;
    for (let c = 0; c < C; c++) {
      offsets[c] = out.length;
      const cand = candidates[c];
      if (!hasXY(cand.lon, cand.lat)) continue;
      const index =
        cand.node >= 0
          ? (offIndex ??= new PointIndex(lon, lat, (i) => demand.node[i] < 0 && listable(i)))
          : (allIndex ??= new PointIndex(lon, lat, listable));
      index.within(cand.lon!, cand.lat!, radius, (i, m) => {
        const t = estimateMinutesFromMeters(m, estimate);
        if (t <= cutoff && t < baseUnit[i]) out.push(i, t);
      });
    }
  }
  offsets[C] = out.length;
  return { offsets, units: out.units.slice(0, out.length), minutes: out.minutes.slice(0, out.length), settled: 0 };
}

/** Concatenates road and straight lists per candidate; `method` flags the straight entries. */
export function mergeReach(road: ReachLists | null, straight: ReachLists, C: number): ReachLists {
  if (!road) return { ...straight, method: new Uint8Array(straight.units.length).fill(METHOD_VOL_OISEAU) };
  const len = road.units.length + straight.units.length;
  const offsets = new Uint32Array(C + 1);
  const units = new Int32Array(len);
  const minutes = new Float64Array(len);
  const method = new Uint8Array(len);
  let q = 0;
  for (let c = 0; c < C; c++) {
    offsets[c] = q;
    const a = road.offsets[c], b = road.offsets[c + 1];
    units.set(road.units.subarray(a, b), q);
    minutes.set(road.minutes.subarray(a, b), q);
    q += b - a;
    const s0 = straight.offsets[c], s1 = straight.offsets[c + 1];
    units.set(straight.units.subarray(s0, s1), q);
    minutes.set(straight.minutes.subarray(s0, s1), q);
    method.fill(METHOD_VOL_OISEAU, q, q + s1 - s0);
    q += s1 - s0;
  }
  offsets[C] = q;
  return { offsets, units, minutes, method, settled: road.settled };
}

/**
 * Nearest fixed site of each candidate (time candidate → site), road when both are on the graph,
 * else estimated; `roadNearest`/`roadTime` = the road search to the fixed sites (per graph node).
 */
export function candidateNearestFixed(
  candidates: readonly Candidate[],
  fixed: readonly FixedSite[],
  road: { nearest: Int32Array; nodeTime: Float64Array } | null,
  estimate: EstimateParams,
): { site: Int32Array; minutes: Float64Array; method: Uint8Array } {
  const C = candidates.length;
  const site = new Int32Array(C).fill(-1);
  const minutes = new Float64Array(C).fill(Infinity);
  const method = new Uint8Array(C);
  for (let c = 0; c < C; c++) {
    const v = candidates[c].node;
    if (road && v >= 0 && road.nearest[v] >= 0) {
      site[c] = road.nearest[v];
      minutes[c] = road.nodeTime[v] + (candidates[c].legMinutes ?? 0);
      method[c] = METHOD_ROUTE;
    } else if (v < 0) method[c] = METHOD_VOL_OISEAU;
  }
  const pseudoDemand: Demand = {
    node: Int32Array.from(candidates, (c) => c.node),
    legMinutes: new Float64Array(C),
    lon: Float64Array.from(candidates, (c) => c.lon ?? NaN),
    lat: Float64Array.from(candidates, (c) => c.lat ?? NaN),
    population: new Float64Array(C),
    pop75: new Float64Array(C),
    need: new Float64Array(C),
  };
  const merged = mergeStraightUnitTimes(pseudoDemand, fixed, minutes, estimate);
  for (let c = 0; c < C; c++) {
    if (merged.site[c] >= 0) {
      site[c] = merged.site[c];
      method[c] = METHOD_VOL_OISEAU;
    }
  }
  return { site, minutes, method };
}
