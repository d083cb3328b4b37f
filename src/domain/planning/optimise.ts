/**
 * Site-selection optimiser: choose k new sites among candidates, the existing sites fixed.
 *
 * Weight of a unit: the explicit choice `weight` ('need' default, 'pop75' or 'population'), or
 * `demand.weight` when given. A NaN weight is MISSING: the unit weighs 0 in the objective and the
 * result counts the units and people concerned (`weight.missingUnits/missingPopulation`) with a
 * French warning offering the population as weight. `optimise` REFUSES (status 'weight_missing',
 * no search) when the chosen weight is missing for every unit, instead of returning "nothing
 * improves". k must be an integer ≥ 1 (RangeError otherwise).
 *
 * Times: road times on the graph, or straight-line estimates (straight.ts) for items off the
 * graph, or for everything without a graph (`graph` null). The result says which (`method`
 * 'route' | 'vol_oiseau', `estimate` = detour and speed used, `estimated` = units whose base
 * time is an estimate, `offGraph` = what did not snap).
 *
 * Objectives:
 *   - 'coverage' (maximal coverage): maximise the weight of units NEWLY within T minutes
 *     (units already within T of a fixed site count for nothing).
 *   - 'p_median': minimise the weighted mean travel time, each unit's time capped at a penalty
 *     P (default 90 min): an unreached unit, or one farther than P, counts as P. The cap keeps
 *     the objective finite and the candidate searches bounded (cutoff P); it is documented in the
 *     method text. Gain of a site = Σ w·(current capped time − min(time to it, P))⁺.
 *
 * Method: greedy with lazy evaluation (CELF, Leskovec et al. 2007). Both objectives are monotone
 * submodular, so a stale gain is an upper bound; a candidate whose gain was recomputed in the
 * current round and still tops the queue is the greedy choice. Ties go to the smaller candidate
 * index, in CELF and in the plain greedy alike, so both select the same sequence. Greedy stops
 * early when no candidate adds anything. Then `refineSwap` (one-site interchange) and
 * `refinePairs` (two-site interchanges and seeded shakes, interchange.ts), which `optimise` runs by
 * default: on 500 × 3,000 coverage instances the swap alone stalls at 0.96 of the proven optimum.
 * The sparse per-candidate lists come from reach.ts (bounded pruned Dijkstra per candidate).
 */
import type { RoadGraph } from '../routing/graph.ts';
import { DEFAULT_FALLBACK, METHOD_VOL_OISEAU as METHOD_VOL_OISEAU_, estimateParams, type EstimateParams, type TimeMethod } from '../routing/fallback.ts';
import { type Minutes, minutes } from '../units.ts';
import { type BaseTimes, type ReachLists, baseTimes, candidateReach } from './reach.ts';
import { candidateNearestFixed, mergeReach, mergeStraightUnitTimes, straightReach } from './straight.ts';
import { WEIGHT_LABELS, type Candidate, type Demand, type FixedSite, type WeightChoice } from './types.ts';
import { MAX_PROOF_ENTRIES, proofInput, type ProofInput } from './exact.ts';
import { interchangeSearch, type InterchangeOptions } from './interchange.ts';

/** Local copies: read in hot loops (an imported binding can be a getter once transpiled). */
const METHOD_VOL_OISEAU = METHOD_VOL_OISEAU_;

export type Objective = 'coverage' | 'p_median';

export const OBJECTIVE_LABELS: Record<Objective, string> = {
  coverage: 'Couverture maximale : personnes nouvellement à moins du seuil',
  p_median: 'p-médiane : temps moyen de trajet le plus court',
};

export interface PlanningOptions {
  objective: Objective;
  /** Threshold T in minutes (coverage objective and "newly within" figures). Default 30. */
  thresholdMinutes?: number;
  /** p-median cap P in minutes: farther or unreached units count as P. Default 90. */
  penaltyMinutes?: number;
  /** Weight of a unit (ignored when `demand.weight` is given). Default 'need'. */
  weight?: WeightChoice;
  /** Straight-line estimate for pairs off the graph (default DEFAULT_FALLBACK). */
  estimate?: Partial<EstimateParams>;
}

/** Units whose chosen weight is missing (NaN), and the people living there. */
export interface WeightReport {
  choice: WeightChoice | 'custom';
  missingUnits: number;
  missingPopulation: number;
  /** French warning when some weights are missing (null otherwise). */
  warning: string | null;
}

/** Items off the road graph (all their times are straight-line estimates). */
export interface OffGraphCounts {
  units: number;
  population: number;
  candidates: number;
  fixed: number;
}

export const DEFAULT_THRESHOLD_MINUTES = 30;
export const DEFAULT_PENALTY_MINUTES = 90;

/** Everything the greedy needs, computed once (the expensive part is `reach`). */
export interface PlanningProblem {
  objective: Objective;
  threshold: number;
  penalty: number;
  demand: Demand;
  /** Objective weight per unit, missing (NaN) weights as 0. */
  weight: Float64Array;
  weightReport: WeightReport;
  candidates: readonly Candidate[];
  fixed: readonly FixedSite[];
  /** Base times; `nodeTime`/`nearest` are the road search (empty without a graph), `unitTime` mixed. */
  base: BaseTimes;
  /** Per unit: 0 = base time on the road, 1 = estimated (off the graph, or nearest site estimated). */
  unitMethod: Uint8Array;
  reach: ReachLists;
  /** Nearest fixed site of each candidate (index, minutes, method). */
  candidateNearest: { site: Int32Array; minutes: Float64Array; method: Uint8Array };
  method: TimeMethod;
  estimate: EstimateParams;
  offGraph: OffGraphCounts;
  /** Whether pop75 / need are known for at least one unit (else their sums are NaN). */
  known: { pop75: boolean; need: boolean };
  /** population / pop75 / need with unknown (NaN) values as 0, for the people counts (same arrays when none is missing). */
  people: { population: Float64Array; pop75: Float64Array; need: Float64Array };
}

const fmtInt = (v: number) => Math.round(v).toLocaleString('fr-FR');

/** Weight array (NaN → 0) and the count of missing weights. */
export function planningWeights(demand: Demand, choice: WeightChoice = 'need'): { weight: Float64Array; report: WeightReport } {
  const src = demand.weight ?? demand[choice];
  const n = demand.node.length;
  const weight = new Float64Array(n);
  let missingUnits = 0;
  let missingPopulation = 0;
  for (let i = 0; i < n; i++) {
    const w = src[i];
    if (Number.isFinite(w)) weight[i] = w;
    else {
      missingUnits++;
      const p = demand.population[i];
      if (Number.isFinite(p)) missingPopulation += p;
    }
  }
  const label = demand.weight ? 'le poids choisi' : WEIGHT_LABELS[choice].toLowerCase();
  const warning =
    missingUnits === 0
      ? null
      : `Donnée manquante pour ${fmtInt(missingUnits)} unité${missingUnits > 1 ? 's' : ''} sur ${fmtInt(n)} ` +
        `(${fmtInt(missingPopulation)} habitants) : ${label} y est inconnu, elles ne pèsent rien dans ce calcul. ` +
        'Choisissez la population comme poids pour les compter.';
  return { weight, report: { choice: demand.weight ? 'custom' : choice, missingUnits, missingPopulation, warning } };
}

/** Refusal of `optimise` when the chosen weight is missing for every unit. */
export interface WeightRefusal {
  status: 'weight_missing';
  weight: WeightChoice | 'custom';
  units: number;
  population: number;
  /** French explanation for the UI. */
  message: string;
  /** Weights known for at least one unit, to offer instead. */
  alternatives: WeightChoice[];
}

/** null when the weight can be used; a refusal when it is missing for every unit (and there are units). */
export function checkWeights(demand: Demand, choice: WeightChoice = 'need'): WeightRefusal | null {
  const n = demand.node.length;
  if (n === 0) return null;
  const src = demand.weight ?? demand[choice];
  for (let i = 0; i < n; i++) if (Number.isFinite(src[i])) return null;
  let population = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(demand.population[i])) population += demand.population[i];
  const alternatives = (['population', 'pop75', 'need'] as const).filter((c) => c !== choice && demand[c].some((v) => Number.isFinite(v)));
  const what = demand.weight ? 'Le poids choisi' : WEIGHT_LABELS[choice];
  return {
    status: 'weight_missing',
    weight: demand.weight ? 'custom' : choice,
    units: n,
    population,
    message:
      `${what} : donnée inconnue pour toutes les unités (${fmtInt(n)}). ` +
      (choice === 'need' && !demand.weight
        ? "Le besoin d'aide se calcule à partir des tranches d'âge INSEE et du diagnostic : chargez-les ou lancez le diagnostic. "
        : choice === 'pop75' && !demand.weight
          ? "Le fichier INSEE des tranches d'âge n'est pas chargé. "
          : '') +
      (alternatives.includes('population') ? 'Vous pouvez aussi choisir la population comme poids.' : ''),
    alternatives,
  };
}

/** The array itself when every value is finite, else a copy with the unknown values as 0. */
function knownOrZero(a: Float64Array): Float64Array {
  return a.every((v) => Number.isFinite(v)) ? a : Float64Array.from(a, (v) => (Number.isFinite(v) ? v : 0));
}

/** RangeError unless k is an integer ≥ 1. */
export function assertK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be an integer ≥ 1 (got ${k})`);
}

export function preparePlanning(
  graph: RoadGraph | null,
  demand: Demand,
  fixed: readonly FixedSite[],
  candidates: readonly Candidate[],
  options: PlanningOptions,
): PlanningProblem {
  const threshold = options.thresholdMinutes ?? DEFAULT_THRESHOLD_MINUTES;
  const penalty = options.penaltyMinutes ?? DEFAULT_PENALTY_MINUTES;
  if (options.objective === 'p_median' && penalty < threshold) {
    throw new RangeError('penaltyMinutes must be ≥ thresholdMinutes');
  }
  const estimate = estimateParams(options.estimate ?? DEFAULT_FALLBACK);
  if (!graph && (demand.node.some((v) => v >= 0) || fixed.some((s) => s.node >= 0) || candidates.some((c) => c.node >= 0))) {
    throw new Error('preparePlanning: graph nodes given without a graph');
  }
  const n = demand.node.length;
  // Road base times (empty without a graph), then the straight-line estimates merged in.
  const road = graph ? baseTimes(graph, demand, fixed) : null;
  const unitTime = road ? road.unitTime.slice() : new Float64Array(n).fill(Infinity);
  const { method: unitMethod } = mergeStraightUnitTimes(demand, fixed, unitTime, estimate);
  const base: BaseTimes = {
    nodeTime: road?.nodeTime ?? new Float64Array(0),
    nearest: road?.nearest ?? new Int32Array(0),
    unitTime,
  };
  const opts = options.objective === 'coverage' ? { cutoff: threshold, onlyBeyond: threshold } : { cutoff: penalty };
  const roadReach = graph ? candidateReach(graph, demand, base, candidates, opts) : null;
  const reach = mergeReach(roadReach, straightReach(demand, unitTime, candidates, opts, estimate), candidates.length);
  const { weight, report } = planningWeights(demand, options.weight);
  const offGraph: OffGraphCounts = { units: 0, population: 0, candidates: 0, fixed: 0 };
  for (let i = 0; i < n; i++) {
    if (demand.node[i] >= 0) continue;
    offGraph.units++;
    if (Number.isFinite(demand.population[i])) offGraph.population += demand.population[i];
  }
  offGraph.candidates = candidates.filter((c) => c.node < 0).length;
  offGraph.fixed = fixed.filter((s) => s.node < 0).length;
  return {
    objective: options.objective,
    threshold,
    penalty,
    demand,
    weight,
    weightReport: report,
    candidates,
    fixed,
    base,
    unitMethod,
    reach,
    candidateNearest: candidateNearestFixed(candidates, fixed, road, estimate),
    method: graph ? 'route' : 'vol_oiseau',
    estimate,
    offGraph,
    known: { pop75: demand.pop75.some((v) => Number.isFinite(v)), need: demand.need.some((v) => Number.isFinite(v)) },
    people: { population: knownOrZero(demand.population), pop75: knownOrZero(demand.pop75), need: knownOrZero(demand.need) },
  };
}

/** Mutable per-unit state of a greedy run. */
interface State {
  /** coverage: 1 when within T; p_median: unused. */
  covered: Uint8Array;
  /** Current time per unit (uncapped, Infinity if unreached). */
  time: Float64Array;
}

function initialState(p: PlanningProblem): State {
  const n = p.demand.node.length;
  const covered = new Uint8Array(n);
  for (let i = 0; i < n; i++) covered[i] = p.base.unitTime[i] <= p.threshold ? 1 : 0;
  return { covered, time: p.base.unitTime.slice() };
}

/** Marginal gain of candidate c against the state (objective units). */
export function marginalGain(p: PlanningProblem, st: State, c: number): number {
  const { offsets, units, minutes: mins } = p.reach;
  const w = p.weight;
  let g = 0;
  if (p.objective === 'coverage') {
    for (let q = offsets[c], end = offsets[c + 1]; q < end; q++) {
      const i = units[q];
      if (st.covered[i] === 0) g += w[i];
    }
  } else {
    const P = p.penalty;
    for (let q = offsets[c], end = offsets[c + 1]; q < end; q++) {
      const i = units[q];
      const cur = st.time[i] < P ? st.time[i] : P;
      const d = cur - mins[q];
      if (d > 0) g += w[i] * d;
    }
  }
  return g;
}

export interface PeopleFigures {
  /** Missing (NaN) values are skipped; a figure unknown for every unit is NaN. */
  population: number;
  pop75: number;
  need: number;
  /** Part of `population` whose new time is a straight-line estimate. */
  estimatedPopulation: number;
}

const add = (acc: number, v: number) => (Number.isFinite(v) ? acc + v : acc);

/** Apply candidate c; returns people newly within T. */
function apply(p: PlanningProblem, st: State, c: number): PeopleFigures {
  const { offsets, units, minutes: mins, method } = p.reach;
  const { population, pop75, need } = p.people;
  let pop = 0, p75 = 0, nd = 0, estimated = 0;
  for (let q = offsets[c], end = offsets[c + 1]; q < end; q++) {
    const i = units[q];
    const t = mins[q];
    if (t < st.time[i]) st.time[i] = t;
    if (st.covered[i] === 0 && t <= p.threshold) {
      st.covered[i] = 1;
      pop += population[i];
      p75 += pop75[i];
      nd += need[i];
      if (method !== undefined && method[q] === METHOD_VOL_OISEAU) estimated += population[i];
    }
  }
  return { population: pop, pop75: p.known.pop75 ? p75 : NaN, need: p.known.need ? nd : NaN, estimatedPopulation: estimated };
}

/** Weighted mean of capped times (p-median objective value), minutes. */
export function weightedMeanCapped(p: PlanningProblem, time: Float64Array): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < time.length; i++) {
    const w = p.weight[i];
    s += w * (time[i] < p.penalty ? time[i] : p.penalty);
    sw += w;
  }
  return sw > 0 ? s / sw : NaN;
}

export interface Proposal {
  rank: number;
  /** Index into the candidate list. */
  index: number;
  candidate: Candidate;
  /** Marginal gain in objective units: weight newly within T, or Σ weight × minutes saved. */
  gain: number;
  /** People newly within T minutes thanks to this site (after the previous proposals). */
  newlyWithin: PeopleFigures;
  /** p_median: weighted mean capped time before/after this site (minutes); coverage: null. */
  meanMinutesBefore: Minutes | null;
  meanMinutesAfter: Minutes | null;
  /**
   * Nearest FIXED site from the candidate (drive time candidate → site, access legs included;
   * `method` 'vol_oiseau' when estimated from the straight line).
   */
  nearestExisting: { id: string; name?: string; minutes: Minutes; method: TimeMethod } | null;
}

export interface OptimiseResult {
  status: 'ok';
  objective: Objective;
  threshold: Minutes;
  penalty: Minutes;
  proposals: Proposal[];
  /** Sum of the gains (objective units). */
  totalGain: number;
  /** Number of marginal-gain evaluations (CELF saves most of them). */
  evaluations: number;
  algorithm: 'celf' | 'greedy';
  /** 'route' with a road graph (some items may still be estimated: see `estimated`), 'vol_oiseau' without. */
  method: TimeMethod;
  /** Detour factor and speed of the straight-line estimates. */
  estimate: EstimateParams;
  /** Units whose base time (before any proposal) is a straight-line estimate, and their people. */
  estimated: { units: number; population: number };
  offGraph: OffGraphCounts;
  weight: WeightReport;
  /** Interchange refinement: one-site swaps made (0 when not run or nothing improved). */
  swaps: number;
  /** Pair exchanges made (two sites replaced at once, `refinePairs`; 0 when not run or nothing improved). */
  pairs: number;
  /** The pair search stopped at its work cap before a local optimum (its best set is kept). */
  searchCapped: boolean;
  /** Total gain of the plain greedy/CELF selection, before any swap. */
  greedyGain: number;
  /**
   * Before any proposal: the people beyond T (population, and their weight), and those of them
   * that some candidate would bring within T; says why a list is empty (nobody beyond, nobody
   * a candidate brings within T, or they weigh nothing).
   */
  beyond: { population: number; weight: number; reachablePopulation: number; reachableWeight: number };
  /** The integer program and this answer as its start, when asked for (`prove`). */
  proofInput?: ProofInput;
  /** Asked for, but the program is too large to solve in a browser: no proof, said so. */
  proofTooLarge?: { entries: number; max: number };
}

/** Lexicographic order: higher gain first, then smaller index. */
const better = (g1: number, i1: number, g2: number, i2: number) => g1 > g2 || (g1 === g2 && i1 < i2);

/** Max-heap of candidate indices keyed by (bound desc, index asc). */
class BoundHeap {
  items: number[] = [];
  constructor(readonly bound: Float64Array) {}
  private less(a: number, b: number) {
    return better(this.bound[a], a, this.bound[b], b);
  }
  push(c: number) {
    const h = this.items;
    h.push(c);
    let i = h.length - 1;
    while (i > 0) {
      const pa = (i - 1) >> 1;
      if (!this.less(c, h[pa])) break;
      h[i] = h[pa];
      i = pa;
    }
    h[i] = c;
  }
  pop(): number {
    const h = this.items;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        let ch = 2 * i + 1;
        if (ch >= h.length) break;
        if (ch + 1 < h.length && this.less(h[ch + 1], h[ch])) ch++;
        if (!this.less(h[ch], last)) break;
        h[i] = h[ch];
        i = ch;
      }
      h[i] = last;
    }
    return top;
  }
}

function proposal(p: PlanningProblem, st: State, c: number, gain: number, rank: number): Proposal {
  const cand = p.candidates[c];
  const before = p.objective === 'p_median' ? weightedMeanCapped(p, st.time) : null;
  const newlyWithin = apply(p, st, c);
  const after = p.objective === 'p_median' ? weightedMeanCapped(p, st.time) : null;
  const near = p.candidateNearest.site[c];
  const site = near >= 0 ? p.fixed[near] : undefined;
  return {
    rank,
    index: c,
    candidate: cand,
    gain,
    newlyWithin,
    meanMinutesBefore: before === null ? null : minutes(before),
    meanMinutesAfter: after === null ? null : minutes(after),
    nearestExisting: site
      ? {
          id: site.id,
          ...(site.name ? { name: site.name } : {}),
          minutes: minutes(p.candidateNearest.minutes[c]),
          method: p.candidateNearest.method[c] === METHOD_VOL_OISEAU ? 'vol_oiseau' : 'route',
        }
      : null,
  };
}

function result(p: PlanningProblem, proposals: Proposal[], evaluations: number, algorithm: 'celf' | 'greedy'): OptimiseResult {
  let units = 0;
  let population = 0;
  for (let i = 0; i < p.unitMethod.length; i++) {
    if (p.unitMethod[i] !== METHOD_VOL_OISEAU) continue;
    units++;
    population = add(population, p.demand.population[i]);
  }
  const weight =
    proposals.length === 0 && p.weightReport.missingUnits > 0
      ? { ...p.weightReport, warning: `Aucun emplacement n'améliore la situation avec ce poids, mais ${p.weightReport.warning!.charAt(0).toLowerCase()}${p.weightReport.warning!.slice(1)}` }
      : p.weightReport;
  return {
    status: 'ok',
    objective: p.objective,
    threshold: minutes(p.threshold),
    penalty: minutes(p.penalty),
    proposals,
    totalGain: proposals.reduce((s, x) => s + x.gain, 0),
    evaluations,
    algorithm,
    method: p.method,
    estimate: p.estimate,
    estimated: { units, population },
    offGraph: p.offGraph,
    weight,
    swaps: 0,
    pairs: 0,
    searchCapped: false,
    greedyGain: proposals.reduce((s, x) => s + x.gain, 0),
    beyond: beyondBase(p),
  };
}

/** People beyond T before any proposal, and those some candidate brings within T (see OptimiseResult.beyond). */
function beyondBase(p: PlanningProblem): OptimiseResult['beyond'] {
  const n = p.demand.node.length;
  const reachable = new Uint8Array(n);
  const { offsets, units, minutes: mins } = p.reach;
  const end = offsets[p.candidates.length] ?? 0;
  for (let q = 0; q < end; q++) if (mins[q] <= p.threshold) reachable[units[q]] = 1;
  const out = { population: 0, weight: 0, reachablePopulation: 0, reachableWeight: 0 };
  for (let i = 0; i < n; i++) {
    if (p.base.unitTime[i] <= p.threshold) continue;
    out.population += p.people.population[i];
    out.weight += p.weight[i];
    if (reachable[i]) {
      out.reachablePopulation += p.people.population[i];
      out.reachableWeight += p.weight[i];
    }
  }
  return out;
}

/** Greedy with lazy evaluation (CELF). */
export function optimiseCelf(p: PlanningProblem, k: number): OptimiseResult {
  assertK(k);
  const C = p.candidates.length;
  const st = initialState(p);
  const bound = new Float64Array(C);
  const stamp = new Int32Array(C);
  const heap = new BoundHeap(bound);
  let evaluations = 0;
  for (let c = 0; c < C; c++) {
    bound[c] = marginalGain(p, st, c);
    evaluations++;
    if (bound[c] > 0) heap.push(c);
  }
  const proposals: Proposal[] = [];
  let round = 0;
  while (proposals.length < k && heap.items.length > 0) {
    const c = heap.pop();
    if (stamp[c] === round) {
      proposals.push(proposal(p, st, c, bound[c], proposals.length + 1));
      round++;
      continue;
    }
    bound[c] = marginalGain(p, st, c);
    evaluations++;
    stamp[c] = round;
    if (bound[c] > 0) heap.push(c);
  }
  return result(p, proposals, evaluations, 'celf');
}

/** Plain greedy: every candidate re-evaluated every round (baseline, and reference for tests). */
export function optimiseGreedy(p: PlanningProblem, k: number): OptimiseResult {
  assertK(k);
  const C = p.candidates.length;
  const st = initialState(p);
  const taken = new Uint8Array(C);
  const proposals: Proposal[] = [];
  let evaluations = 0;
  while (proposals.length < k) {
    let best = -1;
    let bestGain = 0;
    for (let c = 0; c < C; c++) {
      if (taken[c]) continue;
      const g = marginalGain(p, st, c);
      evaluations++;
      if (g > 0 && (best < 0 || better(g, c, bestGain, best))) {
        best = c;
        bestGain = g;
      }
    }
    if (best < 0) break;
    taken[best] = 1;
    proposals.push(proposal(p, st, best, bestGain, proposals.length + 1));
  }
  return result(p, proposals, evaluations, 'greedy');
}

export type OptimiseOutcome = OptimiseResult | WeightRefusal;

/**
 * One call: check k and the weights, prepare (base times + candidate lists) then CELF (+ swap,
 * + pair exchanges).
 * `graph` null = straight-line estimates only. Refuses with a `WeightRefusal` (no search) when the
 * chosen weight is missing for every unit.
 */
export function optimise(
  graph: RoadGraph | null,
  demand: Demand,
  fixed: readonly FixedSite[],
  candidates: readonly Candidate[],
  options: PlanningOptions & {
    k: number;
    algorithm?: 'celf' | 'greedy';
    /** One-site swaps then pair exchanges after the greedy (default true). */
    refine?: boolean;
    /** Pair exchanges after the swaps (default true; ignored when `refine` is false). */
    pairs?: boolean;
    /** Attach the integer program and the answer as its start, for the exact solve (exact.ts). */
    prove?: boolean;
    /** Largest program attached for the proof, in reach-list entries (default MAX_PROOF_ENTRIES). */
    maxProofEntries?: number;
    /** No search: the proposals of this set of candidate indices (a set the exact solve found better). */
    set?: readonly number[];
  },
): OptimiseOutcome {
  assertK(options.k);
  const refusal = checkWeights(demand, options.weight);
  if (refusal) return refusal;
  const p = preparePlanning(graph, demand, fixed, candidates, options);
  let r: OptimiseResult;
  if (options.set) {
    const set = options.set;
    if (set.length > options.k || new Set(set).size !== set.length || set.some((c) => !Number.isInteger(c) || c < 0 || c >= p.candidates.length)) {
      throw new RangeError(`not a set of at most ${options.k} candidates: ${set.join(', ')}`);
    }
    const proposals = rankSet(p, set);
    r = { ...result(p, proposals, 0, 'celf'), swaps: 0, greedyGain: proposals.reduce((g, x) => g + x.gain, 0) };
  } else {
    r = options.algorithm === 'greedy' ? optimiseGreedy(p, options.k) : optimiseCelf(p, options.k);
    if (options.refine !== false) {
      r = refineSwap(p, r);
      if (options.pairs !== false) r = refinePairs(p, r);
    }
  }
  if (options.prove) {
    const entries = p.reach.units.length;
    const max = options.maxProofEntries ?? MAX_PROOF_ENTRIES;
    r = entries > max
      ? { ...r, proofTooLarge: { entries, max } }
      : { ...r, proofInput: proofInput(p, options.k, r.proposals.map((x) => x.index), r.totalGain) };
  }
  return r;
}

/**
 * Interchange refinement (Teitz & Bart style) after the greedy: for each chosen site in turn,
 * replace it by the best unchosen candidate when that strictly increases the total gain; repeat
 * until a full pass makes no swap (at most `maxPasses`). Greedy alone can fall to ~0.89 of the
 * optimum on p-median (see tests); the swap pass closes most of that gap. The ranking of the
 * returned proposals is the greedy order WITHIN the final set (marginal gains still add up to the
 * total), so the k-site list is no longer necessarily nested in the (k+1)-site list.
 */
export function refineSwap(p: PlanningProblem, r: OptimiseResult, maxPasses = 5): OptimiseResult {
  const C = p.candidates.length;
  const set = r.proposals.map((x) => x.index);
  if (set.length === 0) return r;
  const inSet = new Uint8Array(C);
  for (const c of set) inSet[c] = 1;
  let swaps = 0;
  let evaluations = r.evaluations;
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    for (let j = 0; j < set.length; j++) {
      const st = initialState(p);
      for (let q = 0; q < set.length; q++) if (q !== j) apply(p, st, set[q]);
      const current = marginalGain(p, st, set[j]);
      let best = -1;
      let bestGain = current;
      for (let c = 0; c < C; c++) {
        if (inSet[c]) continue;
        const g = marginalGain(p, st, c);
        evaluations++;
        if (g > bestGain * (1 + 1e-12) + 1e-12 && (best < 0 || better(g, c, bestGain, best))) {
          best = c;
          bestGain = g;
        }
      }
      if (best >= 0) {
        inSet[set[j]] = 0;
        inSet[best] = 1;
        set[j] = best;
        swaps++;
        improved = true;
      }
    }
    if (!improved) break;
  }
  if (swaps === 0) return { ...r, evaluations };
  const proposals = rankSet(p, set);
  return { ...result(p, proposals, evaluations, r.algorithm), swaps, pairs: r.pairs, greedyGain: r.greedyGain };
}

/**
 * Pair exchanges after the swap pass: Variable Neighbourhood Search over one-site and two-site
 * interchanges with seeded shakes (interchange.ts: Hansen & Mladenović 2001; gains updated as in
 * Resende & Werneck 2007), bounded by a work cap, deterministic. Proposals ranked by `rankSet` as
 * after a swap; `swaps` adds the one-site moves kept here, `pairs` counts the two-site moves kept,
 * `searchCapped` says the cap stopped it.
 */
export function refinePairs(p: PlanningProblem, r: OptimiseResult, options?: InterchangeOptions): OptimiseResult {
  const set = r.proposals.map((x) => x.index);
  if (set.length < 2) return r;
  const out = interchangeSearch(p, set, options);
  if (out.swaps + out.pairs === 0) return { ...r, searchCapped: out.capped };
  const proposals = rankSet(p, out.set);
  return {
    ...result(p, proposals, r.evaluations, r.algorithm),
    swaps: r.swaps + out.swaps,
    pairs: r.pairs + out.pairs,
    searchCapped: out.capped,
    greedyGain: r.greedyGain,
  };
}

/**
 * The proposals of a given set, in greedy order within it: each in turn is the member with the
 * largest marginal gain given those before it, so the gains add up to the set's gain.
 */
export function rankSet(p: PlanningProblem, set: readonly number[]): Proposal[] {
  const st = initialState(p);
  const left = [...set];
  const proposals: Proposal[] = [];
  while (left.length > 0) {
    let bi = 0;
    let bg = -Infinity;
    for (let i = 0; i < left.length; i++) {
      const g = marginalGain(p, st, left[i]);
      if (better(g, left[i], bg, left[bi]) || bg === -Infinity) {
        bi = i;
        bg = g;
      }
    }
    const c = left.splice(bi, 1)[0];
    proposals.push(proposal(p, st, c, bg, proposals.length + 1));
  }
  return proposals;
}

/** Objective gain of a whole set of candidates at once (for the exhaustive search and checks). */
export function setGain(p: PlanningProblem, set: readonly number[]): number {
  const st = initialState(p);
  let g = 0;
  for (const c of set) {
    g += marginalGain(p, st, c);
    apply(p, st, c);
  }
  return g;
}

/**
 * Exact optimum by exhaustive search over all k-subsets (tests only: C(n, k) subsets).
 * Returns the best gain and one best subset.
 */
export function exhaustiveBest(p: PlanningProblem, k: number): { gain: number; set: number[] } {
  const C = p.candidates.length;
  const kk = Math.min(k, C);
  let best = { gain: 0, set: [] as number[] };
  const idx = Array.from({ length: kk }, (_, i) => i);
  if (kk === 0) return best;
  for (;;) {
    const g = setGain(p, idx);
    if (g > best.gain) best = { gain: g, set: [...idx] };
    let i = kk - 1;
    while (i >= 0 && idx[i] === C - kk + i) i--;
    if (i < 0) break;
    idx[i]++;
    for (let j = i + 1; j < kk; j++) idx[j] = idx[j - 1] + 1;
  }
  return best;
}
