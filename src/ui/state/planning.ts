/**
 * Planning in the session: the optimiser's proposals, the what-if scenario (sites added on the
 * map, removed sites, bus stops), and the labelling check. Requests go to the worker; the latest
 * request wins (a scenario edited twice in a row only computes the last one).
 */
import type { OptimiseOutcome, ScenarioResult, LabellingFiche, Objective, SiteKind, FranceServicesType, WeightChoice, ProposedSite } from '../../domain/planning/index.ts';
import type { DemandInput, PlacedSite, ScenarioSiteInput } from '../../domain/access/planning_io.ts';
import { kindInGroup, type HelpGroup, type HelpKind } from '../../domain/types.ts';
import type { CommuneRow, GridRow, HelpPointRow } from '../../data/queries/dashboard.ts';
import type { AnalysisBasis } from './analysis.ts';
import type { ExactStatus } from '../../domain/planning/index.ts';
import { fmtInt } from '../../shared/format.ts';

/**
 * The proof that goes with the proposals: the exact solve (HiGHS) of the same problem, started
 * from them. Gains are in the objective's units: weighted people (coverage) or weighted
 * person-minutes saved (p-median).
 */
export interface ProofState {
  /** too_large: the program exceeds what a browser tab can solve (MAX_PROOF_ENTRIES); nothing was run. */
  status: 'running' | ExactStatus | 'too_large';
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
  /**
   * Gain of a better set the exact solve found but that could not be ranked and shown (its
   * ranking failed, or was stopped): the proposals stay the heuristic's, and this is said.
   */
  bestFound?: number;
  ms: number | null;
  /** For too_large: the program's reach-list entries, and the most the app solves. */
  entries?: number;
  maxEntries?: number;
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
  fiche: FicheState | null;
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
  /** The units people are counted in for proposals, scenarios and the fiche; null: the grid when one is loaded. */
  demandUnit: DemandUnit | null;
}

/** The labelling fiche: the site as filed (the form), its check, and the commune outlines for its map. */
export interface FicheState {
  candidate: PlacedSite & { communeName?: string; fsType?: FranceServicesType };
  form: ProposedSite;
  fiche: LabellingFiche;
  /** Commune outlines around the site ([lon, lat] rings); `own`: the site's commune. */
  communes: { rings: [number, number][][]; own: boolean }[];
}

/** What people are counted in: inhabited 1 km grid cells (each at its centre) or communes (at their centre). */
export type DemandUnit = 'grid' | 'commune';

export const DEMAND_UNIT_LABELS: Record<DemandUnit, string> = {
  grid: 'carreaux de 1 km habités',
  commune: 'communes (au centre de la commune)',
};

/**
 * The unit in force: the user's choice, else the grid when inhabited cells of the territory are
 * loaded (with `communes`, the territory's: a cell of a buffer commune does not count).
 */
export function demandUnitOf(
  choice: DemandUnit | null,
  gridCells: readonly Pick<GridRow, 'pop' | 'commune_code'>[],
  communes: readonly Pick<CommuneRow, 'code'>[] = [],
): DemandUnit {
  const codes = new Set(communes.map((c) => c.code));
  const hasGrid = gridCells.some((c) => c.pop > 0 && (codes.size === 0 || c.commune_code === null || codes.has(c.commune_code)));
  if (choice === 'grid' && hasGrid) return 'grid';
  if (choice === 'commune') return 'commune';
  return hasGrid ? 'grid' : 'commune';
}

/** Demand for the planning computations, with the commune of each unit (for the communes that gain). */
export interface PlanningDemand {
  unit: DemandUnit;
  demand: DemandInput;
  /** INSEE code of each unit's commune (null: a cell no commune is known for). */
  communeOf: (string | null)[];
  /** True when 75+ and need were apportioned to cells from commune (or territory) shares. */
  apportioned: boolean;
  /** Inhabited cells of communes outside the territory (its buffer), not counted. */
  outside: { cells: number; population: number };
  /** Counted cells whose 75+ (need) share is the territory's: no commune, or a commune without it. */
  fromTerritory: { pop_75p: number; need: number };
}

export const INITIAL_PLANNING: PlanningState = {
  objective: 'coverage', k: 3, weight: 'need', optimising: false, proposals: null, clickMode: false,
  newSiteKind: 'france_services', newSiteFsType: 'principal', newSiteDays: 5,
  scenario: { name: 'Scénario 1', added: [], removed: [] }, scenarioResult: null, gained: new Set(), saved: [], fiche: null, comparison: null, basis: null, note: null, scenarioLatencyMs: null,
  proof: null, proofSeconds: 15, demandUnit: null,
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

/**
 * Demand per inhabited 1 km cell of the territory: the cell's own population at its centre; its
 * 75+ and its people needing help apportioned from its commune's shares (pop_75p / population,
 * need / population), or from the territory's shares (over the communes where both are known)
 * for a cell with no commune or a commune without them (counted in `fromTerritory`). NaN where no
 * share is known (never 0). Cells of a commune that is not one of `communes` (the buffer around
 * the territory) are left out and counted apart, so that the figures add up to the territory's;
 * without communes at all, every cell counts.
 */
export function gridDemand(grid: readonly GridRow[], communes: readonly CommuneRow[]): PlanningDemand {
  const inhabited = grid.filter((c) => c.pop > 0);
  const known = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const counted = (c: GridRow) => communes.length === 0 || c.commune_code === null || byCode.has(c.commune_code);
  const cells = inhabited.filter(counted);
  const left = inhabited.filter((c) => !counted(c));
  const territoryShare = (field: 'pop_75p' | 'need'): number => {
    let part = 0;
    let whole = 0;
    for (const c of communes) {
      if (known(c[field]) && known(c.population) && c.population > 0) {
        part += c[field];
        whole += c.population;
      }
    }
    return whole > 0 ? part / whole : NaN;
  };
  const territory = { pop_75p: territoryShare('pop_75p'), need: territoryShare('need') };
  const own = (code: string | null, field: 'pop_75p' | 'need'): number | null => {
    const c = code === null ? undefined : byCode.get(code);
    return c && known(c[field]) && known(c.population) && c.population > 0 ? c[field] / c.population : null;
  };
  const share = (code: string | null, field: 'pop_75p' | 'need'): number => own(code, field) ?? territory[field];
  const fromTerritory = (field: 'pop_75p' | 'need') =>
    Number.isFinite(territory[field]) ? cells.filter((c) => own(c.commune_code, field) === null).length : 0;
  return {
    unit: 'grid',
    demand: {
      lon: Float64Array.from(cells, (c) => c.lon),
      lat: Float64Array.from(cells, (c) => c.lat),
      population: Float64Array.from(cells, (c) => c.pop),
      pop75: Float64Array.from(cells, (c) => c.pop * share(c.commune_code, 'pop_75p')),
      need: Float64Array.from(cells, (c) => c.pop * share(c.commune_code, 'need')),
    },
    communeOf: cells.map((c) => (c.commune_code !== null && byCode.has(c.commune_code) ? c.commune_code : null)),
    apportioned: true,
    outside: { cells: left.length, population: left.reduce((sum, c) => sum + c.pop, 0) },
    fromTerritory: { pop_75p: fromTerritory('pop_75p'), need: fromTerritory('need') },
  };
}

/** The demand of the unit in force (see demandUnitOf). */
export function planningDemand(choice: DemandUnit | null, data: { communes: readonly CommuneRow[]; grid: readonly GridRow[] }): PlanningDemand {
  if (demandUnitOf(choice, data.grid, data.communes) === 'grid') return gridDemand(data.grid, data.communes);
  return {
    unit: 'commune', demand: communeDemand(data.communes), communeOf: data.communes.map((c) => c.code), apportioned: false,
    outside: { cells: 0, population: 0 }, fromTerritory: { pop_75p: 0, need: 0 },
  };
}

/**
 * How people were counted, said with the proposals: the unit, how a weight is apportioned to
 * cells (and how many cells took the territory's share), and the cells left out of the territory.
 */
export function demandText(planned: Pick<PlanningDemand, 'unit' | 'outside' | 'fromTerritory'>, weight: WeightChoice): string {
  if (planned.unit === 'commune') return 'Habitants comptés au centre de leur commune.';
  const field = weight === 'pop75' ? 'pop_75p' : 'need';
  const who = weight === 'pop75' ? 'Les 75 ans et plus de chaque carreau sont estimés' : "Les personnes ayant besoin d'aide de chaque carreau sont estimées";
  const n = planned.fromTerritory[field];
  const fallback = n === 0 ? '' : ` ; pour ${fmtInt(n)} carreau${n > 1 ? 'x' : ''}, dont la commune n'est pas connue ou ne la donne pas, d'après la part du territoire`;
  const apportioned = weight === 'population' ? '' : ` ${who} d'après la part de sa commune${fallback}.`;
  const m = planned.outside.cells;
  const out = m === 0 ? ''
    : ` ${fmtInt(m)} ${m > 1 ? 'carreaux habités' : 'carreau habité'} (${fmtInt(planned.outside.population)} habitants) de communes voisines, hors du territoire, ${m > 1 ? 'ne sont pas comptés' : "n'est pas compté"}.`;
  return `Habitants comptés par carreau de 1 km habité (population carroyée, au centre du carreau).${apportioned}${out}`;
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
