/**
 * The planning requests of the worker, in plain data: points with lon/lat are snapped to the
 * loaded road graph here, then handed to domain/planning (optimiser, scenarios, labelling check).
 *
 * Road, straight line or mixed: with a graph, every point within the snapping distance gets road
 * times and the others keep node -1 with their coordinates, so their pairs are straight-line
 * estimates (counted apart in each result); without a graph, everything is estimated and the
 * result says `method: 'vol_oiseau'`. The estimate parameters (`estimate`: detour, speed) come
 * with each request; absent = DEFAULT_FALLBACK (routing/fallback.ts, measured and justified).
 *
 * Scenario sessions: `ScenarioSessions` keeps the open what-if engines by id (built once per
 * demand + base sites + threshold + estimate); an update applies only the difference with the
 * previous draft. A session is bound to the network version it was built on: after a network
 * load or clear, an update fails with a `ScenarioSessionError` (name 'ScenarioSessionError'),
 * and the client opens a new session. When the demand or the base sites change, the client
 * opens a new session (and closes the old one); at most `maxSessions` stay open (least recently
 * used dropped).
 */
import type { AccessEngine } from './engine.ts';
import {
  ScenarioSession, applyScenario, assertK, createScenarioEngine, labellingCheck, optimise,
  type Candidate, type CandidateOrigin, type Demand, type ExistingSite, type FixedSite, type FranceServicesType, type KeyFigures,
  type LabellingFiche, type LabellingParams, type Objective, type OptimiseOutcome, type ScenarioResult, type ScenarioSite,
  type ScenarioUpdateStats, type SiteKind, type WeightChoice,
} from '../planning/index.ts';
import { estimateParams, type EstimateParams, type TimeMethod } from '../routing/fallback.ts';
import type { Weekday } from '../diagnosis/index.ts';

/**
 * Demand units as plain arrays (transferable). Missing values are NaN, never 0: `population`,
 * `pop75` and `need` hold NaN where the figure is unknown (e.g. no INSEE age bands, or the
 * diagnosis has not run, so `need` is unknown everywhere). The planning results count the units
 * with a missing value, and the optimiser refuses a weight that is missing for every unit.
 */
export interface DemandInput {
  lon: Float64Array;
  lat: Float64Array;
  population: Float64Array;
  /** NaN = unknown. */
  pop75: Float64Array;
  /** NaN = unknown. */
  need: Float64Array;
}

export interface PlacedSite {
  id: string;
  name?: string;
  lon: number;
  lat: number;
}

export interface OptimiseParams {
  objective: Objective;
  /** Integer ≥ 1 (a UserError otherwise). */
  k: number;
  thresholdMinutes: number;
  /** Weight of a unit; default 'need'. */
  weight?: WeightChoice;
  demand: DemandInput;
  fixed: PlacedSite[];
  candidates: (PlacedSite & { origin: CandidateOrigin; commune: string; communeName?: string })[];
  /** Straight-line estimate parameters (default DEFAULT_FALLBACK). */
  estimate?: Partial<EstimateParams>;
  /** Attach the integer program for the exact solve (`proofInput` in the result). */
  prove?: boolean;
  /** No search: rank this set of candidate indices (a better set found by the exact solve). */
  set?: number[];
}

export interface ScenarioSiteInput extends PlacedSite {
  kind: SiteKind;
  fsType?: FranceServicesType;
  daysPerWeek?: number;
}

export interface ScenarioParams {
  thresholdMinutes: number;
  demand: DemandInput;
  base: ScenarioSiteInput[];
  added: ScenarioSiteInput[];
  removed: string[];
  /** Base sites moved (by id). */
  moved?: { id: string; lon: number; lat: number }[];
  estimate?: Partial<EstimateParams>;
}

export interface LabellingParamsInput {
  demand: DemandInput;
  existing: (ScenarioSiteInput & { canton?: string })[];
  candidate: PlacedSite & { canton?: string; cantonName?: string; hours?: Partial<Record<Weekday, string | null>>; agents?: number };
  params?: Partial<LabellingParams>;
  estimate?: Partial<EstimateParams>;
}

/** Opens a scenario session: the engine is built once for these inputs. */
export interface ScenarioOpenParams {
  thresholdMinutes: number;
  demand: DemandInput;
  base: ScenarioSiteInput[];
  estimate?: Partial<EstimateParams>;
}

export interface ScenarioOpenResult {
  sessionId: string;
  /** Key figures of the base sites (the "before" of every update). */
  before: KeyFigures;
  method: TimeMethod;
  estimate: EstimateParams;
  /** Items off the road graph (all their times estimated); all of them without a graph. */
  offGraph: { units: number; population: number; sites: number };
  /** Time to build the engine in the worker, ms. */
  buildMs: number;
}

/** The whole draft relative to the base (not a delta): safe to coalesce, the latest one wins. */
export interface ScenarioDraftInput {
  added: ScenarioSiteInput[];
  removed: string[];
  moved?: { id: string; lon: number; lat: number }[];
}

export interface ScenarioUpdateParams {
  sessionId: string;
  draft: ScenarioDraftInput;
}

export type ScenarioUpdateResult = ScenarioResult & {
  sessionId: string;
  stats: ScenarioUpdateStats;
  /** Time of the incremental update in the worker (snapping + engine + figures), ms. */
  computeMs: number;
};

/** French message of a stale or unknown scenario session (the client re-opens). */
export const STALE_SESSION_MESSAGE =
  "La session de scénario n'existe plus (réseau routier, population ou lieux modifiés depuis son ouverture) : rouvrez-la.";

export class ScenarioSessionError extends Error {
  override readonly name = 'ScenarioSessionError';
  constructor(readonly sessionId: string) {
    super(STALE_SESSION_MESSAGE);
  }
}

const userError = (message: string) => Object.assign(new Error(message), { name: 'UserError' });

/** Estimate parameters of a request, completed with the defaults; a French UserError when out of range. */
export function estimateInput(p?: Partial<EstimateParams>): EstimateParams {
  try {
    return estimateParams(p);
  } catch {
    throw userError(
      `Paramètres de l'estimation à vol d'oiseau invalides (facteur de détour ${p?.detour ?? '—'}, vitesse ${p?.speedKmh ?? '—'} km/h) : ` +
        'le facteur de détour doit être au moins 1 et la vitesse supérieure à 0.',
    );
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function points(sites: readonly PlacedSite[]) {
  return { lon: Float64Array.from(sites, (s) => s.lon), lat: Float64Array.from(sites, (s) => s.lat) };
}

/** Demand for the planning domain: snapped when a graph is loaded (node -1 off it), with coordinates. */
function demandOf(engine: AccessEngine, d: DemandInput): Demand {
  const n = d.lon.length;
  const { node, legMinutes } = engine.roadGraph
    ? engine.snap({ lon: d.lon, lat: d.lat })
    : { node: new Int32Array(n).fill(-1), legMinutes: new Float64Array(n) };
  return { node, legMinutes, lon: d.lon, lat: d.lat, population: d.population, pop75: d.pop75, need: d.need };
}

function placed<T extends PlacedSite>(engine: AccessEngine, sites: readonly T[]): (T & { node: number; legMinutes: number })[] {
  if (sites.length === 0) return [];
  if (!engine.roadGraph) return sites.map((s) => ({ ...s, node: -1, legMinutes: 0 }));
  const { node, legMinutes } = engine.snap(points(sites));
  return sites.map((s, i) => ({ ...s, node: node[i], legMinutes: legMinutes[i] }));
}

const toSite = (s: ScenarioSiteInput & { node: number; legMinutes: number }): ScenarioSite => ({
  id: s.id, name: s.name, kind: s.kind, fsType: s.fsType, node: s.node, legMinutes: s.legMinutes, lon: s.lon, lat: s.lat, daysPerWeek: s.daysPerWeek,
});

/** Optimiser: road, straight line or mixed by the loaded network; refuses a weight missing everywhere. */
export function runOptimise(engine: AccessEngine, p: OptimiseParams): OptimiseOutcome {
  try {
    assertK(p.k);
  } catch {
    throw userError(`Le nombre de lieux à proposer doit être un entier supérieur ou égal à 1 (reçu : ${p.k}).`);
  }
  const graph = engine.roadGraph;
  const fixed: FixedSite[] = placed(engine, p.fixed).map((s) => ({ id: s.id, name: s.name, node: s.node, legMinutes: s.legMinutes, lon: s.lon, lat: s.lat }));
  const candidates: Candidate[] = placed(engine, p.candidates).map((c) => ({
    id: c.id, origin: c.origin, commune: c.commune, communeName: c.communeName, node: c.node, legMinutes: c.legMinutes, lon: c.lon, lat: c.lat,
  }));
  return optimise(graph, demandOf(engine, p.demand), fixed, candidates, {
    k: p.k, objective: p.objective, thresholdMinutes: p.thresholdMinutes, weight: p.weight ?? 'need', estimate: estimateInput(p.estimate),
    prove: p.prove, set: p.set,
  });
}

/** One scenario from scratch (stateless; `compareScenarios` uses it). Prefer sessions for edits. */
export function runScenario(engine: AccessEngine, p: ScenarioParams): ScenarioResult {
  const graph = engine.roadGraph;
  const base = placed(engine, p.base).map(toSite);
  const scenarioEngine = createScenarioEngine(graph, demandOf(engine, p.demand), base, {
    thresholdMinutes: p.thresholdMinutes, estimate: estimateInput(p.estimate),
  });
  const moved = p.moved ?? [];
  const movedPlaced = placed(engine, moved.map((m) => ({ ...m, name: undefined })));
  return applyScenario(scenarioEngine, {
    added: placed(engine, p.added).map(toSite),
    removed: p.removed,
    moved: movedPlaced.map((m) => ({ id: m.id, node: m.node, legMinutes: m.legMinutes, lon: m.lon, lat: m.lat })),
  });
}

export function runLabelling(engine: AccessEngine, p: LabellingParamsInput): LabellingFiche {
  const graph = engine.roadGraph;
  const existing: ExistingSite[] = placed(engine, p.existing).map((s) => ({
    id: s.id, name: s.name, kind: s.kind, fsType: s.fsType, node: s.node, legMinutes: s.legMinutes, lon: s.lon, lat: s.lat, canton: s.canton,
  }));
  const [c] = placed(engine, [p.candidate]);
  const estimate = estimateInput(p.estimate ?? p.params?.estimate);
  return labellingCheck(graph, demandOf(engine, p.demand), existing, { ...c, id: c.id }, { ...(p.params ?? {}), estimate });
}

interface OpenSession {
  session: ScenarioSession;
  networkVersion: number;
  threshold: number;
}

/** Open scenario sessions of one worker (see the header). */
export class ScenarioSessions {
  private readonly sessions = new Map<string, OpenSession>();
  private next = 1;

  constructor(
    private readonly engine: AccessEngine,
    readonly maxSessions = 4,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  open(p: ScenarioOpenParams): ScenarioOpenResult {
    const t0 = now();
    const demand = demandOf(this.engine, p.demand);
    const base = placed(this.engine, p.base).map(toSite);
    const session = new ScenarioSession(this.engine.roadGraph, demand, base, {
      thresholdMinutes: p.thresholdMinutes, estimate: estimateInput(p.estimate),
    });
    const sessionId = `scenario-${this.next++}`;
    this.sessions.set(sessionId, { session, networkVersion: this.engine.networkVersion, threshold: p.thresholdMinutes });
    while (this.sessions.size > this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    let units = 0, population = 0;
    for (let i = 0; i < demand.node.length; i++) {
      if (demand.node[i] >= 0) continue;
      units++;
      if (Number.isFinite(demand.population[i])) population += demand.population[i];
    }
    return {
      sessionId,
      before: session.baseFigures,
      method: this.engine.roadGraph ? 'route' : 'vol_oiseau',
      estimate: session.engine.estimate,
      offGraph: { units, population, sites: base.filter((s) => s.node < 0).length },
      buildMs: now() - t0,
    };
  }

  /** Applies the draft incrementally; ScenarioSessionError when the session is unknown or stale. */
  update(p: ScenarioUpdateParams): ScenarioUpdateResult {
    const t0 = now();
    const open = this.sessions.get(p.sessionId);
    if (!open || open.networkVersion !== this.engine.networkVersion) {
      this.sessions.delete(p.sessionId);
      throw new ScenarioSessionError(p.sessionId);
    }
    const { draft } = p;
    const moved = draft.moved ?? [];
    const movedPlaced = placed(this.engine, moved.map((m) => ({ ...m, name: undefined })));
    const r = open.session.update({
      added: placed(this.engine, draft.added).map(toSite),
      removed: draft.removed,
      moved: movedPlaced.map((m) => ({ id: m.id, node: m.node, legMinutes: m.legMinutes, lon: m.lon, lat: m.lat })),
    });
    // Least recently used first out.
    this.sessions.delete(p.sessionId);
    this.sessions.set(p.sessionId, open);
    return { ...r, sessionId: p.sessionId, computeMs: now() - t0 };
  }

  close(sessionId: string): boolean {
    return this.sessions.delete(sessionId);
  }

  /** Drops every session (network loaded or cleared). */
  clear(): void {
    this.sessions.clear();
  }
}
