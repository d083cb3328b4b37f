/**
 * Planning in the session: the optimiser's proposals, the what-if scenario (sites added on the
 * map, removed sites, bus stops), and the labelling check. Requests go to the worker; the latest
 * request wins (a scenario edited twice in a row only computes the last one).
 */
import type { OptimiseOutcome, ScenarioResult, LabellingFiche, Objective, SiteKind, FranceServicesType, WeightChoice } from '../../domain/planning/index.ts';
import type { DemandInput, PlacedSite, ScenarioSiteInput } from '../../domain/access/planning_io.ts';
import { kindInGroup, type HelpGroup, type HelpKind } from '../../domain/types.ts';
import type { CommuneRow, HelpPointRow } from '../../data/queries/dashboard.ts';
import type { AnalysisBasis } from './analysis.ts';
import type { ExactStatus } from '../../domain/planning/index.ts';

/**
 * The proof that goes with the proposals: the exact solve (HiGHS) of the same problem, started
 * from them. Gains are in the objective's units: weighted people (coverage) or weighted
 * person-minutes saved (p-median).
 */
export interface ProofState {
  status: 'running' | ExactStatus;
  /** Time budget, seconds. */
  seconds: number;
  /** Gain of the proposals shown. */
  gain: number;
  /** Upper bound on the best possible gain known so far (Infinity: none yet). */
  bound: number;
  /** The exact solve found a better set: the proposals shown are that set. */
  improved: boolean;
  /** Heuristic's gain before an improvement. */
  heuristicGain: number;
  ms: number | null;
}

/** Time budgets offered for the proof, seconds. */
export const PROOF_BUDGETS = [5, 15, 60] as const;

export interface ScenarioDraft {
  name: string;
  added: ScenarioSiteInput[];
  removed: string[];
}

export interface PlanningState {
  objective: Objective;
  k: number;
  optimising: boolean;
  /** What each commune weighs in the optimiser (need, 75+, or population). */
  weight: WeightChoice;
  /** The optimiser's answer: proposals, or why it refused (the chosen weight is missing everywhere). */
  proposals: OptimiseOutcome | null;
  /** Clicking the map adds a site of this kind to the scenario. */
  clickMode: boolean;
  newSiteKind: SiteKind;
  newSiteFsType: FranceServicesType;
  newSiteDays: number;
  scenario: ScenarioDraft;
  scenarioResult: ScenarioResult | null;
  /** Codes of the communes whose time improved in the scenario. */
  gained: ReadonlySet<string>;
  saved: ScenarioDraft[];
  fiche: { candidate: PlacedSite & { communeName?: string }; fiche: LabellingFiche } | null;
  /** Two saved scenarios compared side by side. */
  comparison: { name: string; result: ScenarioResult }[] | null;
  /** The analysis basis the results above were computed on (they are withdrawn when it changes). */
  basis: AnalysisBasis | null;
  /** French: why results were withdrawn, until the next computation. */
  note: string | null;
  /** Time from the last scenario change (a drag) to its figures, ms. */
  scenarioLatencyMs: number | null;
  proof: ProofState | null;
  /** Time budget of the next proof, seconds (0: no proof). */
  proofSeconds: number;
}

export const INITIAL_PLANNING: PlanningState = {
  objective: 'coverage', k: 3, weight: 'need', optimising: false, proposals: null, clickMode: false,
  newSiteKind: 'france_services', newSiteFsType: 'principal', newSiteDays: 5,
  scenario: { name: 'Scénario 1', added: [], removed: [] }, scenarioResult: null, gained: new Set(), saved: [], fiche: null, comparison: null, basis: null, note: null, scenarioLatencyMs: null,
  proof: null, proofSeconds: 15,
};

/**
 * Demand per commune centre: population, 75+, estimated people needing help. A value the data
 * lacks (null: no INSEE age bands, diagnosis not run yet) becomes NaN, never 0 (DemandInput
 * contract): the optimiser then counts it as missing, or refuses a weight missing everywhere.
 */
export function communeDemand(communes: readonly CommuneRow[]): DemandInput {
  const known = (v: number | null | undefined) => (v === null || v === undefined ? NaN : v);
  return {
    lon: Float64Array.from(communes, (c) => c.lon),
    lat: Float64Array.from(communes, (c) => c.lat),
    population: Float64Array.from(communes, (c) => known(c.population)),
    pop75: Float64Array.from(communes, (c) => known(c.pop_75p)),
    need: Float64Array.from(communes, (c) => known(c.need)),
  };
}

const SITE_KIND: Record<HelpKind, SiteKind> = { france_services: 'france_services', mediatheque: 'mediatheque', mediation: 'point_numerique', conseiller: 'point_numerique' };
const FS_TYPE = (p: HelpPointRow): FranceServicesType =>
  /bus|itin/i.test(p.format_fs ?? '') ? 'bus' : /antenne/i.test(p.type_fs ?? '') ? 'antenne' : 'principal';

/**
 * Existing sites of a group, as scenario sites. The ANCT list gives a bus France Services one
 * point (its base) and no timetable: it is counted as present there, which the UI states.
 */
export function existingSites(points: readonly HelpPointRow[], group: HelpGroup): ScenarioSiteInput[] {
  return points
    .filter((p) => kindInGroup(p.kind as HelpKind, group))
    .map((p) => ({
      id: p.id, name: p.name, lon: p.lon, lat: p.lat, kind: SITE_KIND[p.kind as HelpKind],
      fsType: p.kind === 'france_services' ? FS_TYPE(p) : undefined,
      daysPerWeek: 5,
    }));
}
