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
 */
import type { RoadGraph } from '../routing/graph.ts';
import { adjacency } from '../routing/graph.ts';
import { multiSourceDijkstra } from '../routing/dijkstra.ts';
import { type WhatIfState, addSite, createWhatIf, removeSite } from '../routing/incremental.ts';
import type { Demand } from './types.ts';

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
  population: number;
  /** Σ population × (1 − served fraction). */
  populationBeyond: number;
  pop75Beyond: number;
  needBeyond: number;
  /** Population-weighted mean time to the nearest site over reached units (NaN if none). */
  meanMinutes: number;
  unreachedPopulation: number;
}

export interface UnitTimes {
  /** Minutes to the nearest site of any presence (Infinity if unreached). */
  minutes: Float64Array;
  /** Served fraction at the threshold. */
  served: Float64Array;
}

export interface ScenarioEngine {
  readonly graph: RoadGraph;
  readonly demand: Demand;
  readonly threshold: number;
  /** Every site ever used, by index (removed ones stay, inactive). */
  readonly sites: ScenarioSite[];
  readonly active: boolean[];
  /** Presence levels, descending, each with its state. */
  readonly levels: { level: number; state: WhatIfState }[];
}

const siteInput = (s: ScenarioSite, on: boolean) => ({ node: on ? s.node : -1, offset: s.legMinutes ?? 0 });

export function createScenarioEngine(
  graph: RoadGraph,
  demand: Demand,
  baseSites: readonly ScenarioSite[],
  options: { thresholdMinutes?: number } = {},
): ScenarioEngine {
  const engine: ScenarioEngine = {
    graph,
    demand,
    threshold: options.thresholdMinutes ?? 30,
    sites: [...baseSites],
    active: baseSites.map(() => true),
    levels: [],
  };
  for (const s of baseSites) ensureLevel(engine, presence(s));
  return engine;
}

/** State for presence level ℓ (sites with p ≥ ℓ), built with a full search when new. */
function ensureLevel(engine: ScenarioEngine, level: number): void {
  if (level <= 0 || engine.levels.some((l) => l.level === level)) return;
  const inputs = engine.sites.map((s, i) => siteInput(s, engine.active[i] && presence(s) >= level));
  engine.levels.push({ level, state: createWhatIf(engine.graph, 'to_sources', inputs) });
  engine.levels.sort((a, b) => b.level - a.level);
}

function addToEngine(engine: ScenarioEngine, site: ScenarioSite): void {
  const p = presence(site);
  ensureLevel(engine, p);
  engine.sites.push(site);
  engine.active.push(true);
  for (const { level, state } of engine.levels) addSite(state, siteInput(site, p >= level));
}

function removeFromEngine(engine: ScenarioEngine, index: number): void {
  engine.active[index] = false;
  for (const { state } of engine.levels) removeSite(state, index);
}

/** Index of the active site with this id, -1 if none. */
function activeIndex(engine: ScenarioEngine, id: string): number {
  for (let i = engine.sites.length - 1; i >= 0; i--) if (engine.active[i] && engine.sites[i].id === id) return i;
  return -1;
}

/** Unit times and served fractions from per-level node times (levels descending). */
export function unitTimesFromLevels(demand: Demand, levels: { level: number; time: Float64Array }[], threshold: number): UnitTimes {
  const n = demand.node.length;
  const out = { minutes: new Float64Array(n).fill(Infinity), served: new Float64Array(n) };
  const all = levels[levels.length - 1];
  for (let i = 0; i < n; i++) {
    const v = demand.node[i];
    if (v < 0) continue;
    const leg = demand.legMinutes[i];
    if (all) out.minutes[i] = all.time[v] + leg;
    for (const l of levels) {
      if (l.time[v] + leg <= threshold) {
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
  };
  let reached = 0;
  for (let i = 0; i < u.minutes.length; i++) {
    const pop = demand.population[i];
    const miss = 1 - u.served[i];
    f.population += pop;
    f.populationBeyond += pop * miss;
    f.pop75Beyond += demand.pop75[i] * miss;
    f.needBeyond += demand.need[i] * miss;
    if (Number.isFinite(u.minutes[i])) {
      f.meanMinutes += pop * u.minutes[i];
      reached += pop;
    } else f.unreachedPopulation += pop;
  }
  f.meanMinutes = reached > 0 ? f.meanMinutes / reached : NaN;
  return f;
}

/** Current unit times of the engine. */
export function engineUnitTimes(engine: ScenarioEngine): UnitTimes {
  return unitTimesFromLevels(
    engine.demand,
    engine.levels.map((l) => ({ level: l.level, time: l.state.time })),
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
    const { legMinutes: _l, lon: _x, lat: _y, ...rest } = old;
    addToEngine(engine, {
      ...rest,
      node: m.node,
      ...(m.legMinutes !== undefined ? { legMinutes: m.legMinutes } : {}),
      ...(m.lon !== undefined ? { lon: m.lon } : {}),
      ...(m.lat !== undefined ? { lat: m.lat } : {}),
    });
  }
  for (const s of scenario.added ?? []) addToEngine(engine, s);
  const after = engineUnitTimes(engine);
  return { ...compare(engine.demand, before, after, engine.threshold), unitsAfter: after, unknownIds };
}

function compare(demand: Demand, a: UnitTimes, b: UnitTimes, threshold: number) {
  const gained: UnitChange[] = [];
  const lost: UnitChange[] = [];
  for (let i = 0; i < a.minutes.length; i++) {
    const ch = { unit: i, minutesBefore: a.minutes[i], minutesAfter: b.minutes[i], servedBefore: a.served[i], servedAfter: b.served[i] };
    if (b.minutes[i] < a.minutes[i] || b.served[i] > a.served[i]) gained.push(ch);
    else if (b.minutes[i] > a.minutes[i] || b.served[i] < a.served[i]) lost.push(ch);
  }
  const byPop = (x: UnitChange, y: UnitChange) => demand.population[y.unit] - demand.population[x.unit] || x.unit - y.unit;
  gained.sort(byPop);
  lost.sort(byPop);
  return { before: keyFigures(demand, a, threshold), after: keyFigures(demand, b, threshold), gained, lost };
}

/**
 * Full recomputation (reference and fallback): one multiSourceDijkstra per presence level over
 * the given site list, inactive entries as -1 so indices (hence ties) match the engine.
 */
export function fullUnitTimes(
  graph: RoadGraph,
  demand: Demand,
  sites: readonly ScenarioSite[],
  active: readonly boolean[],
  threshold: number,
  levels?: readonly number[],
): UnitTimes {
  const lv = [...(levels ?? new Set(sites.filter((_, i) => active[i]).map(presence)))].filter((l) => l > 0).sort((a, b) => b - a);
  const adj = adjacency(graph, 'to_sources');
  const per = lv.map((level) => ({
    level,
    time: multiSourceDijkstra(adj, {
      nodes: sites.map((s, i) => (active[i] && presence(s) >= level ? s.node : -1)),
      offsets: sites.map((s) => s.legMinutes ?? 0),
    }).time,
  }));
  return unitTimesFromLevels(demand, per, threshold);
}
