/**
 * What-if scenarios: base sites + added / moved / removed sites, applied INCREMENTALLY with the
 * routing what-if engine (createWhatIf / addSite / removeSite), with before/after key figures.
 *
 * Presence (bus France services and part-time sites): a site present d days a week has presence
 * p = min(d, 5) / 5 (default d = 5: permanent). A bus is a list of stops, each stop one site with
 * its own days (`busStops`). For a threshold T, the SERVED FRACTION of a demand unit is
 *   served(u) = max { p(s) : site s reachable from u within T minutes }   (0 if none),
 * and "people beyond T" = Σ population(u) × (1 − served(u)) (same for 75+ and need). The mean
 * time ignores presence: it is the population-weighted mean time to the nearest site of any
 * presence, over reached units. See `PRESENCE_EXPLANATION` for the French text shown in the UI.
 *
 * Implementation: one what-if state per presence level ℓ, holding the sites with p ≥ ℓ (the
 * others as inactive -1 entries, so site indices are the same in every state). served(u) is the
 * highest ℓ whose state reaches u within T; the lowest level holds every site. A new level met
 * in a scenario gets its state built on demand (a full search, same result as incremental).
 *
 * Straight-line and mixed mode (straight.ts for the pair rule): next to its road state, each level
 * keeps per unit the nearest straight-line estimate over the eligible sites (all pairs without a
 * graph; pairs with the unit or the site off the graph otherwise). Adding a site scans the
 * eligible units with a cheap exact pre-filter (squared chord between unit vectors, computed once
 * per unit, against the chord of the unit's current estimate, with a 1e-9 relative margin): the
 * haversine is only computed for the units that may improve. Removing a site recomputes only the
 * units whose nearest estimated site it was (catchment × active sites, same pre-filter). Times
 * stay those of the haversine of geo.ts, equal to a full recomputation (tests). A unit's time is the smaller of its road time and its estimate
 * (ties keep the road); `UnitTimes.method` says which, and the key figures count the estimated
 * units and people apart.
 *
 * Sessions (`ScenarioSession`): the engine is built ONCE for a demand, base sites, threshold and
 * estimate; each `update(draft)` takes the whole draft (added sites, moved and removed base
 * sites) and applies only the difference with the previous draft (a moved site = removeSite +
 * addSite), so that a drag costs two incremental updates, never a rebuild. Before = base sites.
 */
import type { RoadGraph } from '../routing/graph.ts';
import { adjacency } from '../routing/graph.ts';
import { multiSourceDijkstra } from '../routing/dijkstra.ts';
import { type WhatIfState, addSite, createWhatIf, removeSite } from '../routing/incremental.ts';
import {
  DEFAULT_FALLBACK, METHOD_ROUTE as METHOD_ROUTE_, METHOD_VOL_OISEAU as METHOD_VOL_OISEAU_, estimateMinutes, estimateParams, estimateRadiusMeters,
  type EstimateParams, type TimeMethod,
} from '../routing/fallback.ts';
import { straightNearest, straightPair } from './straight.ts';
import { EARTH_RADIUS_M } from '../geo.ts';
import type { Demand } from './types.ts';

/** Local copies: read in hot loops (an imported binding can be a getter once transpiled). */
const METHOD_ROUTE = METHOD_ROUTE_;
const METHOD_VOL_OISEAU = METHOD_VOL_OISEAU_;

export type SiteKind = 'france_services' | 'mediatheque' | 'point_numerique' | 'autre';
export type FranceServicesType = 'principal' | 'antenne' | 'bus';

export const FRANCE_SERVICES_TYPE_LABELS: Record<FranceServicesType, string> = {
  principal: 'France services (structure principale)',
  antenne: 'Antenne France services',
  bus: 'Bus France services (itinérant)',
};

export interface ScenarioSite {
  id: string;
  name?: string;
  kind: SiteKind;
  fsType?: FranceServicesType;
  /** Free text, e.g. "guichet", "permanence", "itinérant". */
  format?: string;
  node: number;
  legMinutes?: number;
  lon?: number;
  lat?: number;
  /** Days of presence per week, 0–5 (default 5 = permanent). */
  daysPerWeek?: number;
}

export interface BusRoute {
  id: string;
  name?: string;
  stops: { node: number; legMinutes?: number; lon?: number; lat?: number; daysPerWeek: number; name?: string }[];
}

export interface Scenario {
  added?: ScenarioSite[];
  /** New position of existing sites (by id). */
  moved?: { id: string; node: number; legMinutes?: number; lon?: number; lat?: number }[];
  removed?: string[];
}

export const PRESENCE_EXPLANATION =
  "Un bus France services est représenté par ses arrêts : chaque arrêt compte comme un lieu présent " +
  "n jours sur 5 (présence = n/5). Pour chaque maille, la part desservie est la plus forte présence " +
  "parmi les lieux atteignables en moins du seuil : 1 si un lieu permanent est à portée, 0,4 si seul " +
  "un arrêt desservi 2 jours par semaine l'est, 0 si aucun lieu n'est à portée. Les personnes « au-delà " +
  "du seuil » sont comptées au prorata de la part non desservie. Le temps moyen est le temps jusqu'au " +
  "lieu le plus proche, quelle que soit sa présence.";

/** Presence of a site in [0, 1]: min(days, 5) / 5. */
export function presence(site: Pick<ScenarioSite, 'daysPerWeek'>): number {
  const d = site.daysPerWeek ?? 5;
  return Math.max(0, Math.min(d, 5)) / 5;
}

/** The stops of a bus as sites (id `${bus.id}#${i}`, kind France services, type bus). */
export function busStops(bus: BusRoute): ScenarioSite[] {
  return bus.stops.map((s, i) => ({
    id: `${bus.id}#${i + 1}`,
    name: s.name ?? `${bus.name ?? bus.id} – arrêt ${i + 1}`,
    kind: 'france_services',
    fsType: 'bus',
    format: 'itinérant',
    node: s.node,
    ...(s.legMinutes !== undefined ? { legMinutes: s.legMinutes } : {}),
    ...(s.lon !== undefined ? { lon: s.lon } : {}),
    ...(s.lat !== undefined ? { lat: s.lat } : {}),
    daysPerWeek: s.daysPerWeek,
  }));
}

export interface KeyFigures {
  thresholdMinutes: number;
  /** Known population (NaN values skipped). */
  population: number;
  /** Σ population × (1 − served fraction). */
  populationBeyond: number;
  /** NaN when 75+ is unknown for every unit. */
  pop75Beyond: number;
  /** NaN when the need is unknown for every unit. */
  needBeyond: number;
  /** Population-weighted mean time to the nearest site over reached units (NaN if none). */
  meanMinutes: number;
  unreachedPopulation: number;
  /** Units whose time is a straight-line estimate (off the graph, or nearest site estimated), and their people. */
  estimatedUnits: number;
  estimatedPopulation: number;
  /** Units with an unknown (NaN) value, skipped in the sums. */
  missing: { population: number; pop75: number; need: number };
}

export interface UnitTimes {
  /** Minutes to the nearest site of any presence (Infinity if unreached). */
  minutes: Float64Array;
  /** Served fraction at the threshold. */
  served: Float64Array;
  /** How `minutes` was obtained: 0 = road, 1 = straight-line estimate (or unit off the graph). */
  method: Uint8Array;
}

/** Per-unit straight-line state of one presence level. */
interface StraightLevel {
  time: Float64Array;
  site: Int32Array;
  /** Squared chord (unit sphere) of `time`, with a safety margin: a site farther than that cannot improve the unit. */
  limit: Float64Array;
}

const MARGIN = 1 + 1e-9;

/** Unit vectors (x, y, z) of lon/lat points; NaN where a coordinate is missing. */
function unitVectors(lon: ArrayLike<number>, lat: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(3 * n);
  const rad = Math.PI / 180;
  for (let i = 0; i < n; i++) {
    const cl = Math.cos(lat[i] * rad);
    out[3 * i] = cl * Math.cos(lon[i] * rad);
    out[3 * i + 1] = cl * Math.sin(lon[i] * rad);
    out[3 * i + 2] = Math.sin(lat[i] * rad);
  }
  return out;
}

/** Squared chord bound for an estimate of `minutes` (Infinity when unbounded). */
function chordLimit(minutes: number, estimate: EstimateParams): number {
  if (!Number.isFinite(minutes)) return Infinity;
  const theta = Math.min(Math.PI, estimateRadiusMeters(minutes, estimate) / EARTH_RADIUS_M);
  const c = 2 * Math.sin(theta / 2);
  return c * c * MARGIN + 1e-15;
}

export interface ScenarioEngine {
  /** null: straight-line estimates only. */
  readonly graph: RoadGraph | null;
  readonly demand: Demand;
  readonly threshold: number;
  readonly estimate: EstimateParams;
  /** Every site ever used, by index (removed ones stay, inactive). */
  readonly sites: ScenarioSite[];
  readonly active: boolean[];
  /** Presence levels, descending, each with its road state (null without a graph) and its estimates. */
  readonly levels: { level: number; state: WhatIfState | null; straight: StraightLevel }[];
  /** Unit vectors of the units (3 per unit), null without coordinates. */
  readonly unitXYZ: Float64Array | null;
}

const siteInput = (s: ScenarioSite, on: boolean) => ({ node: on ? s.node : -1, offset: s.legMinutes ?? 0 });

export interface ScenarioEngineOptions {
  thresholdMinutes?: number;
  /** Straight-line estimate for pairs off the graph (default DEFAULT_FALLBACK). */
  estimate?: Partial<EstimateParams>;
}

export function createScenarioEngine(
  graph: RoadGraph | null,
  demand: Demand,
  baseSites: readonly ScenarioSite[],
  options: ScenarioEngineOptions = {},
): ScenarioEngine {
  if (!graph && (demand.node.some((v) => v >= 0) || baseSites.some((s) => s.node >= 0))) {
    throw new Error('createScenarioEngine: graph nodes given without a graph');
  }
  const engine: ScenarioEngine = {
    graph,
    demand,
    threshold: options.thresholdMinutes ?? 30,
    estimate: estimateParams(options.estimate ?? DEFAULT_FALLBACK),
    sites: [...baseSites],
    active: baseSites.map(() => true),
    levels: [],
    unitXYZ: demand.lon && demand.lat ? unitVectors(demand.lon, demand.lat, demand.node.length) : null,
  };
  for (const s of baseSites) ensureLevel(engine, presence(s));
  return engine;
}

/** State for presence level ℓ (sites with p ≥ ℓ), built with a full search when new. */
function ensureLevel(engine: ScenarioEngine, level: number): void {
  if (level <= 0 || engine.levels.some((l) => l.level === level)) return;
  const on = (i: number) => engine.active[i] && presence(engine.sites[i]) >= level;
  const inputs = engine.sites.map((s, i) => siteInput(s, on(i)));
  engine.levels.push({
    level,
    state: engine.graph ? createWhatIf(engine.graph, 'to_sources', inputs) : null,
    straight: withLimits(straightNearest(engine.demand, engine.sites, on, engine.estimate), engine.estimate),
  });
  engine.levels.sort((a, b) => b.level - a.level);
}

function withLimits(st: { time: Float64Array; site: Int32Array }, estimate: EstimateParams): StraightLevel {
  return { ...st, limit: Float64Array.from(st.time, (t) => chordLimit(t, estimate)) };
}

function addToEngine(engine: ScenarioEngine, site: ScenarioSite): void {
  if (!engine.graph && site.node >= 0) throw new Error('addToEngine: graph node given without a graph');
  const p = presence(site);
  ensureLevel(engine, p);
  const index = engine.sites.length;
  engine.sites.push(site);
  engine.active.push(true);
  const { demand, estimate, unitXYZ: xyz } = engine;
  const n = demand.node.length;
  const hasXY = !!xyz && Number.isFinite(site.lon) && Number.isFinite(site.lat);
  const [sx, sy, sz] = hasXY ? unitVectors([site.lon!], [site.lat!], 1) : [0, 0, 0];
  const onlyOff = site.node >= 0; // a site on the graph pairs with the units off it only
  for (const { level, state, straight } of engine.levels) {
    const on = p >= level;
    if (state) addSite(state, siteInput(site, on));
    if (!on || !hasXY) continue;
    const { time, limit } = straight;
    for (let i = 0; i < n; i++) {
      if (onlyOff && demand.node[i] >= 0) continue;
      const dx = xyz![3 * i] - sx, dy = xyz![3 * i + 1] - sy, dz = xyz![3 * i + 2] - sz;
      if (!(dx * dx + dy * dy + dz * dz < limit[i])) continue; // also skips units without coordinates (NaN)
      // The new site has the largest index: it wins only on a strictly smaller time (ties → smaller index).
      const t = estimateMinutes(demand.lon![i], demand.lat![i], site.lon!, site.lat!, estimate);
      if (t < time[i]) {
        time[i] = t;
        straight.site[i] = index;
        limit[i] = chordLimit(t, estimate);
      }
    }
  }
}

function removeFromEngine(engine: ScenarioEngine, index: number): void {
  engine.active[index] = false;
  const { demand, estimate, sites, active, unitXYZ: xyz } = engine;
  const n = demand.node.length;
  for (const { level, state, straight } of engine.levels) {
    if (state) removeSite(state, index);
    let remaining: { j: number; x: number; y: number; z: number; onGraph: boolean }[] | null = null;
    for (let i = 0; i < n; i++) {
      if (straight.site[i] !== index) continue;
      remaining ??= sites.flatMap((s, j) => {
        if (!active[j] || presence(s) < level || !Number.isFinite(s.lon) || !Number.isFinite(s.lat)) return [];
        const [x, y, z] = unitVectors([s.lon!], [s.lat!], 1);
        return [{ j, x, y, z, onGraph: s.node >= 0 }];
      });
      // Catchment of the removed site: nearest among the remaining eligible sites (smaller index on ties).
      const unitOn = demand.node[i] >= 0;
      let best = Infinity;
      let bestSite = -1;
      let bestC2 = Infinity;
      for (const r of remaining) {
        if (unitOn && r.onGraph) continue;
        const dx = xyz![3 * i] - r.x, dy = xyz![3 * i + 1] - r.y, dz = xyz![3 * i + 2] - r.z;
        const c2 = dx * dx + dy * dy + dz * dz;
        if (c2 > bestC2 * MARGIN) continue; // farther than the best so far: cannot win
        const t = estimateMinutes(demand.lon![i], demand.lat![i], sites[r.j].lon!, sites[r.j].lat!, estimate);
        if (t < best) {
          best = t;
          bestSite = r.j;
          bestC2 = c2;
        }
      }
      straight.time[i] = best;
      straight.site[i] = bestSite;
      straight.limit[i] = chordLimit(best, estimate);
    }
  }
}

/** Index of the active site with this id, -1 if none. */
function activeIndex(engine: ScenarioEngine, id: string): number {
  for (let i = engine.sites.length - 1; i >= 0; i--) if (engine.active[i] && engine.sites[i].id === id) return i;
  return -1;
}

/** Per-level unit times (road or estimate, whichever is smaller; ties keep the road). */
export interface LevelUnitTimes {
  level: number;
  minutes: Float64Array;
  method: Uint8Array;
}

/** Unit times of one level from its road node times (or null) and its straight estimates. */
export function levelUnitTimes(demand: Demand, level: number, nodeTime: Float64Array | null, straight: Float64Array): LevelUnitTimes {
  const node = demand.node;
  const leg = demand.legMinutes;
  const n = node.length;
  const minutes = new Float64Array(n);
  const method = new Uint8Array(n);
  const times = nodeTime ?? new Float64Array(0);
  for (let i = 0; i < n; i++) {
    const v = node[i];
    const road = v >= 0 && v < times.length ? times[v] + leg[i] : Infinity;
    const est = straight[i];
    if (est < road) {
      minutes[i] = est;
      method[i] = METHOD_VOL_OISEAU;
    } else {
      minutes[i] = road;
      method[i] = v >= 0 ? METHOD_ROUTE : METHOD_VOL_OISEAU;
    }
  }
  return { level, minutes, method };
}

/** Unit times and served fractions from per-level unit times (levels descending). */
export function unitTimesFromLevels(demand: Demand, levels: readonly LevelUnitTimes[], threshold: number): UnitTimes {
  const n = demand.node.length;
  const out: UnitTimes = { minutes: new Float64Array(n).fill(Infinity), served: new Float64Array(n), method: new Uint8Array(n) };
  const all = levels[levels.length - 1];
  for (let i = 0; i < n; i++) {
    if (all) {
      out.minutes[i] = all.minutes[i];
      out.method[i] = all.method[i];
    } else if (demand.node[i] < 0) out.method[i] = METHOD_VOL_OISEAU;
    for (const l of levels) {
      if (l.minutes[i] <= threshold) {
        out.served[i] = l.level;
        break;
      }
    }
  }
  return out;
}

export function keyFigures(demand: Demand, u: UnitTimes, threshold: number): KeyFigures {
  const f: KeyFigures = {
    thresholdMinutes: threshold,
    population: 0,
    populationBeyond: 0,
    pop75Beyond: 0,
    needBeyond: 0,
    meanMinutes: 0,
    unreachedPopulation: 0,
    estimatedUnits: 0,
    estimatedPopulation: 0,
    missing: { population: 0, pop75: 0, need: 0 },
  };
  let reached = 0;
  const n = u.minutes.length;
  for (let i = 0; i < n; i++) {
    const miss = 1 - u.served[i];
    const pop = demand.population[i];
    if (u.method[i] === METHOD_VOL_OISEAU) f.estimatedUnits++;
    if (Number.isFinite(pop)) {
      f.population += pop;
      f.populationBeyond += pop * miss;
      if (u.method[i] === METHOD_VOL_OISEAU) f.estimatedPopulation += pop;
      if (Number.isFinite(u.minutes[i])) {
        f.meanMinutes += pop * u.minutes[i];
        reached += pop;
      } else f.unreachedPopulation += pop;
    } else f.missing.population++;
    if (Number.isFinite(demand.pop75[i])) f.pop75Beyond += demand.pop75[i] * miss;
    else f.missing.pop75++;
    if (Number.isFinite(demand.need[i])) f.needBeyond += demand.need[i] * miss;
    else f.missing.need++;
  }
  if (n > 0 && f.missing.pop75 === n) f.pop75Beyond = NaN;
  if (n > 0 && f.missing.need === n) f.needBeyond = NaN;
  f.meanMinutes = reached > 0 ? f.meanMinutes / reached : NaN;
  return f;
}

/** Current unit times of the engine. */
export function engineUnitTimes(engine: ScenarioEngine): UnitTimes {
  return unitTimesFromLevels(
    engine.demand,
    engine.levels.map((l) => levelUnitTimes(engine.demand, l.level, l.state?.time ?? null, l.straight.time)),
    engine.threshold,
  );
}

export interface UnitChange {
  unit: number;
  minutesBefore: number;
  minutesAfter: number;
  servedBefore: number;
  servedAfter: number;
}

export interface ScenarioResult {
  before: KeyFigures;
  after: KeyFigures;
  /** Units with a shorter time or a higher served fraction, by decreasing population. */
  gained: UnitChange[];
  /** Units with a longer time or a lower served fraction (removals, moves). */
  lost: UnitChange[];
  unitsAfter: UnitTimes;
  /** Ids in the scenario that matched no active site (moved/removed), reported, not ignored. */
  unknownIds: string[];
  /** 'route' with a road graph (estimated units counted in the key figures), 'vol_oiseau' without. */
  method: TimeMethod;
  /** Detour factor and speed of the straight-line estimates. */
  estimate: EstimateParams;
}

/** Apply a scenario to the engine (mutates it: call on a fresh engine per scenario, or chain). */
export function applyScenario(engine: ScenarioEngine, scenario: Scenario): ScenarioResult {
  const before = engineUnitTimes(engine);
  const unknownIds: string[] = [];
  for (const id of scenario.removed ?? []) {
    const i = activeIndex(engine, id);
    if (i < 0) unknownIds.push(id);
    else removeFromEngine(engine, i);
  }
  for (const m of scenario.moved ?? []) {
    const i = activeIndex(engine, m.id);
    if (i < 0) {
      unknownIds.push(m.id);
      continue;
    }
    const old = engine.sites[i];
    removeFromEngine(engine, i);
    addToEngine(engine, movedSite(old, m));
  }
  for (const s of scenario.added ?? []) addToEngine(engine, s);
  const after = engineUnitTimes(engine);
  return { ...compare(engine.demand, before, after, engine.threshold), unitsAfter: after, unknownIds, ...methodOf(engine) };
}

const methodOf = (engine: ScenarioEngine) => ({ method: (engine.graph ? 'route' : 'vol_oiseau') as TimeMethod, estimate: engine.estimate });

type Move = NonNullable<Scenario['moved']>[number];

function movedSite(old: ScenarioSite, m: Move): ScenarioSite {
  const { legMinutes: _l, lon: _x, lat: _y, ...rest } = old;
  return {
    ...rest,
    node: m.node,
    ...(m.legMinutes !== undefined ? { legMinutes: m.legMinutes } : {}),
    ...(m.lon !== undefined ? { lon: m.lon } : {}),
    ...(m.lat !== undefined ? { lat: m.lat } : {}),
  };
}

function compare(demand: Demand, a: UnitTimes, b: UnitTimes, threshold: number, beforeFigures?: KeyFigures) {
  const gained: UnitChange[] = [];
  const lost: UnitChange[] = [];
  for (let i = 0; i < a.minutes.length; i++) {
    const ch = { unit: i, minutesBefore: a.minutes[i], minutesAfter: b.minutes[i], servedBefore: a.served[i], servedAfter: b.served[i] };
    if (b.minutes[i] < a.minutes[i] || b.served[i] > a.served[i]) gained.push(ch);
    else if (b.minutes[i] > a.minutes[i] || b.served[i] < a.served[i]) lost.push(ch);
  }
  const pop = (i: number) => (Number.isFinite(demand.population[i]) ? demand.population[i] : 0);
  const byPop = (x: UnitChange, y: UnitChange) => pop(y.unit) - pop(x.unit) || x.unit - y.unit;
  gained.sort(byPop);
  lost.sort(byPop);
  return { before: beforeFigures ?? keyFigures(demand, a, threshold), after: keyFigures(demand, b, threshold), gained, lost };
}

/**
 * Full recomputation (reference and fallback): one multiSourceDijkstra per presence level over
 * the given site list, inactive entries as -1 so indices (hence ties) match the engine, and the
 * straight-line estimates by brute force over every (unit, site) pair (tests and small inputs).
 */
export function fullUnitTimes(
  graph: RoadGraph | null,
  demand: Demand,
  sites: readonly ScenarioSite[],
  active: readonly boolean[],
  threshold: number,
  levels?: readonly number[],
  estimate: EstimateParams = DEFAULT_FALLBACK,
): UnitTimes {
  const lv = [...(levels ?? new Set(sites.filter((_, i) => active[i]).map(presence)))].filter((l) => l > 0).sort((a, b) => b - a);
  const n = demand.node.length;
  const per = lv.map((level) => {
    const on = (s: ScenarioSite, i: number) => active[i] && presence(s) >= level;
    const nodeTime = graph
      ? multiSourceDijkstra(adjacency(graph, 'to_sources'), {
          nodes: sites.map((s, i) => (on(s, i) ? s.node : -1)),
          offsets: sites.map((s) => s.legMinutes ?? 0),
        }).time
      : null;
    const straight = new Float64Array(n).fill(Infinity);
    for (let i = 0; i < n; i++) {
      sites.forEach((s, j) => {
        if (!on(s, j) || !straightPair(demand, i, s)) return;
        straight[i] = Math.min(straight[i], estimateMinutes(demand.lon![i], demand.lat![i], s.lon!, s.lat!, estimate));
      });
    }
    return levelUnitTimes(demand, level, nodeTime, straight);
  });
  return unitTimesFromLevels(demand, per, threshold);
}

/** A draft of scenario: the whole state relative to the base sites (not a delta). */
export interface ScenarioDraft {
  /** New sites (ids unique among the added). */
  added: readonly ScenarioSite[];
  /** Base sites moved to a new place (by id). */
  moved?: readonly Move[];
  /** Base sites taken out (by id). */
  removed?: readonly string[];
}

export interface ScenarioUpdateStats {
  /** Engine operations for this update (a move counts one removal and one addition). */
  removedSites: number;
  addedSites: number;
  /** Site entries kept in the engine, active or not (grows by one per move). */
  engineEntries: number;
}

/** Times in, position and presence: what decides the times of a site. */
const placeKey = (s: ScenarioSite) => `${s.node}|${s.legMinutes ?? 0}|${s.lon ?? ''}|${s.lat ?? ''}|${presence(s)}`;

/**
 * A scenario session: the engine built once for the base sites; each update applies only the
 * difference between the new draft and the previous one (see the header). Not thread-safe, no I/O.
 */
export class ScenarioSession {
  readonly engine: ScenarioEngine;
  /** Unit times and key figures of the base sites (the "before" of every update). */
  readonly base: UnitTimes;
  readonly baseFigures: KeyFigures;
  private readonly baseSites: Map<string, ScenarioSite>;
  /** Current engine entry of each present site, keyed 'b:<id>' (base) or 'a:<id>' (added). */
  private readonly current = new Map<string, { index: number; key: string }>();

  constructor(graph: RoadGraph | null, demand: Demand, baseSites: readonly ScenarioSite[], options: ScenarioEngineOptions = {}) {
    this.engine = createScenarioEngine(graph, demand, baseSites, options);
    this.baseSites = new Map(baseSites.map((s) => [s.id, s]));
    baseSites.forEach((s, i) => this.current.set(`b:${s.id}`, { index: i, key: placeKey(s) }));
    this.base = engineUnitTimes(this.engine);
    this.baseFigures = keyFigures(demand, this.base, this.engine.threshold);
  }

  update(draft: ScenarioDraft): ScenarioResult & { stats: ScenarioUpdateStats } {
    const unknownIds: string[] = [];
    const target = new Map<string, ScenarioSite>();
    const removed = new Set(draft.removed ?? []);
    for (const id of removed) if (!this.baseSites.has(id)) unknownIds.push(id);
    const moves = new Map<string, Move>();
    for (const m of draft.moved ?? []) {
      if (!this.baseSites.has(m.id)) unknownIds.push(m.id);
      else moves.set(m.id, m);
    }
    for (const [id, s] of this.baseSites) {
      if (removed.has(id)) continue;
      const m = moves.get(id);
      target.set(`b:${id}`, m ? movedSite(s, m) : s);
    }
    for (const s of draft.added) {
      if (target.has(`a:${s.id}`)) throw new RangeError(`scenario draft: added site id "${s.id}" appears twice`);
      target.set(`a:${s.id}`, s);
    }
    const stats: ScenarioUpdateStats = { removedSites: 0, addedSites: 0, engineEntries: 0 };
    // Removals first (also the first half of a move), then additions.
    for (const [k, cur] of [...this.current]) {
      const t = target.get(k);
      if (t && placeKey(t) === cur.key) {
        this.engine.sites[cur.index] = t; // same place: names and labels may change, times do not
        continue;
      }
      removeFromEngine(this.engine, cur.index);
      this.current.delete(k);
      stats.removedSites++;
    }
    for (const [k, s] of target) {
      if (this.current.has(k)) continue;
      addToEngine(this.engine, s);
      this.current.set(k, { index: this.engine.sites.length - 1, key: placeKey(s) });
      stats.addedSites++;
    }
    stats.engineEntries = this.engine.sites.length;
    const after = engineUnitTimes(this.engine);
    const cmp = compare(this.engine.demand, this.base, after, this.engine.threshold, this.baseFigures);
    return { ...cmp, unitsAfter: after, unknownIds, ...methodOf(this.engine), stats };
  }
}
