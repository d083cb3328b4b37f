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
 * Cost: nearest fixed site per unit with the kdbush/geokdbush index of nearest.ts; reach lists
 * over the LISTABLE units only (base time above `onlyBeyond`), grouped in small cells with exact
 * bounds (see `straightReach`), so that a candidate visits the units it may improve, not all.
 * The listing rule is the road one: time ≤ cutoff, strictly below the unit's base time, base time
 * above `onlyBeyond`.
 */
import { nearestSites } from '../nearest.ts';
import {
  METHOD_ROUTE as METHOD_ROUTE_, METHOD_VOL_OISEAU as METHOD_VOL_OISEAU_, estimateMinutesFromMeters, estimateRadiusMeters, type EstimateParams,
} from '../routing/fallback.ts';
import { EARTH_RADIUS_M, haversine } from '../geo.ts';
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

const CHORD_MARGIN = 1 + 1e-9;

/** Unit vector of a lon/lat point. */
function unitVector(lon: number, lat: number, out: Float64Array, at: number): void {
  const r = Math.PI / 180;
  const cl = Math.cos(lat * r);
  out[at] = cl * Math.cos(lon * r);
  out[at + 1] = cl * Math.sin(lon * r);
  out[at + 2] = Math.sin(lat * r);
}

/** Chord (unit sphere) of a straight-line estimate of `minutes`, with a small safety margin. */
function chordOf(minutes: number, estimate: EstimateParams): number {
  const theta = Math.min(Math.PI, estimateRadiusMeters(minutes, estimate) / EARTH_RADIUS_M);
  return 2 * Math.sin(theta / 2) * CHORD_MARGIN + 1e-12;
}

/**
 * Straight-line reach lists: for each candidate, the units it would improve through an estimated
 * pair (candidate or unit off the graph). `baseUnit` = the units' current (mixed) base times.
 *
 * Pruning (exact): the listable units (base time above `onlyBeyond`) are put in ~32-unit cells,
 * each with a bounding sphere in 3-D (centre, chord radius) and the largest chord at which one of
 * its units could still improve (its base time, capped at the cutoff). A candidate skips a cell
 * when chord(candidate, centre) − cell radius is beyond that (triangle inequality on chords);
 * in the cells it keeps, a unit is tested on its own chord bound, then on the exact haversine
 * time (the listing rule). So the work follows the units a candidate can improve, not the disc
 * of the cutoff (p-median with a 60-min cap would otherwise scan most units per candidate).
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
  if (!demand.lon || !demand.lat || C === 0) return { offsets, units: new Int32Array(0), minutes: new Float64Array(0), settled: 0 };
  const lon = demand.lon;
  const lat = demand.lat;
  // Listable units with coordinates, split in two sets: all of them (for candidates off the
  // graph) and those off the graph (for candidates on it).
  const cellsFor = (offOnly: boolean) => {
    const ids: number[] = [];
    for (let i = 0; i < baseUnit.length; i++) {
      if (!(baseUnit[i] > beyond && baseUnit[i] > 0) || !hasXY(lon[i], lat[i])) continue;
      if (offOnly && demand.node[i] >= 0) continue;
      ids.push(i);
    }
    return buildCells(ids, lon, lat, baseUnit, cutoff, estimate);
  };
  let all: Cells | null = null;
  let off: Cells | null = null;
  const cv = new Float64Array(3);
  for (let c = 0; c < C; c++) {
    offsets[c] = out.length;
    const cand = candidates[c];
    if (!hasXY(cand.lon, cand.lat)) continue;
    const cells = cand.node >= 0 ? (off ??= cellsFor(true)) : (all ??= cellsFor(false));
    if (cells.count === 0) continue;
    unitVector(cand.lon!, cand.lat!, cv, 0);
    const [x, y, z] = cv;
    const { centre, radius, reach, start, units, xyz, limit } = cells;
    for (let g = 0; g < cells.count; g++) {
      const dx = x - centre[3 * g], dy = y - centre[3 * g + 1], dz = z - centre[3 * g + 2];
      if (Math.sqrt(dx * dx + dy * dy + dz * dz) - radius[g] >= reach[g]) continue;
      for (let q = start[g]; q < start[g + 1]; q++) {
        const ex = x - xyz[3 * q], ey = y - xyz[3 * q + 1], ez = z - xyz[3 * q + 2];
        if (!(ex * ex + ey * ey + ez * ez < limit[q])) continue;
        const i = units[q];
        const t = estimateMinutesFromMeters(haversine(cand.lon!, cand.lat!, lon[i], lat[i]), estimate);
        if (t <= cutoff && t < baseUnit[i]) out.push(i, t);
      }
    }
  }
  offsets[C] = out.length;
  return { offsets, units: out.units.slice(0, out.length), minutes: out.minutes.slice(0, out.length), settled: 0 };
}

interface Cells {
  count: number;
  /** Cell g holds units[start[g] .. start[g + 1]) (caller indices), their unit vectors and squared chord bounds. */
  start: Uint32Array;
  units: Int32Array;
  xyz: Float64Array;
  limit: Float64Array;
  /** Per cell: bounding sphere (centre on the unit sphere, chord radius) and the largest useful chord. */
  centre: Float64Array;
  radius: Float64Array;
  reach: Float64Array;
}

function buildCells(ids: number[], lon: ArrayLike<number>, lat: ArrayLike<number>, base: Float64Array, cutoff: number, estimate: EstimateParams): Cells {
  const n = ids.length;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const i of ids) {
    if (lon[i] < x0) x0 = lon[i];
    if (lon[i] > x1) x1 = lon[i];
    if (lat[i] < y0) y0 = lat[i];
    if (lat[i] > y1) y1 = lat[i];
  }
  const target = Math.max(1, Math.ceil(n / 32));
  const w = Math.max(1e-9, x1 - x0), h = Math.max(1e-9, y1 - y0);
  const nx = Math.max(1, Math.round(Math.sqrt((target * w) / h)));
  const ny = Math.max(1, Math.ceil(target / nx));
  const cellOf = (i: number) => Math.min(nx - 1, Math.floor(((lon[i] - x0) / w) * nx)) + nx * Math.min(ny - 1, Math.floor(((lat[i] - y0) / h) * ny));
  const G = nx * ny;
  const count = new Uint32Array(G + 1);
  for (const i of ids) count[cellOf(i) + 1]++;
  for (let g = 0; g < G; g++) count[g + 1] += count[g];
  const fill = count.slice(0, G);
  const units = new Int32Array(n);
  for (const i of ids) units[fill[cellOf(i)]++] = i;
  const xyz = new Float64Array(3 * n);
  const limit = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const i = units[q];
    unitVector(lon[i], lat[i], xyz, 3 * q);
    const c = chordOf(Math.min(base[i], cutoff), estimate);
    limit[q] = c * c;
  }
  const centre = new Float64Array(3 * G);
  const radius = new Float64Array(G);
  const reach = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    let sx = 0, sy = 0, sz = 0, best = 0;
    for (let q = count[g]; q < count[g + 1]; q++) {
      sx += xyz[3 * q];
      sy += xyz[3 * q + 1];
      sz += xyz[3 * q + 2];
      if (limit[q] > best) best = limit[q];
    }
    const norm = Math.hypot(sx, sy, sz) || 1;
    centre[3 * g] = sx / norm;
    centre[3 * g + 1] = sy / norm;
    centre[3 * g + 2] = sz / norm;
    let r = 0;
    for (let q = count[g]; q < count[g + 1]; q++) {
      r = Math.max(r, Math.hypot(xyz[3 * q] - centre[3 * g], xyz[3 * q + 1] - centre[3 * g + 1], xyz[3 * q + 2] - centre[3 * g + 2]));
    }
    radius[g] = r * CHORD_MARGIN + 1e-12;
    reach[g] = count[g + 1] > count[g] ? Math.sqrt(best) : -Infinity;
  }
  return { count: G, start: count, units, xyz, limit, centre, radius, reach };
}

/** Concatenates road and straight lists per candidate; `method` flags the straight entries. */
export function mergeReach(road: ReachLists | null, straight: ReachLists, C: number): ReachLists {
  if (!road) return { ...straight, method: new Uint8Array(straight.units.length).fill(METHOD_VOL_OISEAU) };
  if (straight.units.length === 0) return road; // nothing estimated: the road lists as they are
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
