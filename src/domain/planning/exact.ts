/**
 * The proof that goes with a proposal: the same problem as the greedy + swap search, solved as an
 * integer program by HiGHS (compiled to WebAssembly), warm-started from the heuristic's answer and
 * stopped by a time budget. What comes back is the best set found and an upper bound on the best
 * possible gain: "optimal" when they meet, otherwise "at most X more".
 *
 * Formulations (x_c = 1 when candidate c is opened, at most k of them):
 *   - maximal covering: y_i ∈ [0, 1] per unit not yet within the threshold, maximise Σ w_i y_i
 *     subject to y_i ≤ Σ_{c reaches i} x_c (Church & ReVelle 1974);
 *   - p-median (as a gain over today's times): z_ci ∈ [0, 1] per reach-list entry that shortens
 *     unit i's time, maximise Σ w_i (b_i − t_ci) z_ci subject to Σ_c z_ci ≤ 1 and z_ci ≤ x_c
 *     (the strong form of ReVelle & Swain 1970), b_i = min(today's time, penalty).
 * Both read the reach lists of the PlanningProblem, so their objective is `setGain` exactly.
 *
 * The solver is passed in (`HighsLike`): the worker loads the WebAssembly, tests load it in Node.
 */
import type { PlanningProblem } from './optimise.ts';

/** The part of highs-js this module uses (its persistent model API). */
export interface HighsLike {
  readonly infinity: number;
  readonly constants: {
    readonly objectiveSense: { readonly maximize: number };
    readonly variableType: { readonly continuous: number; readonly integer: number };
    readonly modelStatus: { readonly optimal: number; readonly timeLimit: number; readonly interrupted: number };
    readonly callbackType: { readonly mipInterrupt: number };
  };
  createModel(data: unknown): HighsModelLike;
}

export interface HighsModelLike {
  options: { set(values: Record<string, unknown>): unknown };
  info: { get(name: string): number | bigint };
  setSolution(solution: { colValue: Float64Array }): unknown;
  run(callbacks?: Record<number, (event: CallbackEvent) => void>): unknown;
  getModelStatus(): number;
  getSolution(): { colValue: ArrayLike<number> };
  dispose(): void;
}

/** A MIP callback event: its data snapshot (bounds, objective) and the stop switch. */
export interface CallbackEvent {
  data?: { mip_dual_bound?: number; objective_function_value?: number };
  interrupt(): void;
}

/** The integer program of a planning problem, as sparse rows (CSR). */
export interface PlanningMip {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colUpper: Float64Array;
  integrality: Int32Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** Columns 0..candidates−1 are the x_c. What the other columns stand for (to build a start). */
  extra: { unit: Int32Array; entry: Int32Array };
}

/** Builds the integer program of `p` with at most `k` sites (pure; no solver needed). */
export function planningMip(p: PlanningProblem, k: number): PlanningMip {
  const C = p.candidates.length;
  const n = p.demand.node.length;
  const { offsets, units, minutes } = p.reach;
  const w = p.weight;
  // Per unit, the reach-list entries (q) that can improve it.
  const useful = (q: number): boolean => {
    const i = units[q];
    if (!(w[i] > 0)) return false;
    if (p.objective === 'coverage') return !(p.base.unitTime[i] <= p.threshold);
    return Math.min(p.base.unitTime[i], p.penalty) - minutes[q] > 0;
  };
  const cand = new Int32Array(offsets[C]);
  for (let c = 0; c < C; c++) for (let q = offsets[c]; q < offsets[c + 1]; q++) cand[q] = c;
  const unitEntries = Array.from({ length: n }, (): number[] => []);
  for (let q = 0; q < offsets[C]; q++) if (useful(q)) unitEntries[units[q]].push(q);

  const cost: number[] = new Array(C).fill(0);
  const upper: number[] = new Array(C).fill(1);
  const integ: number[] = new Array(C).fill(1);
  const extraUnit: number[] = [];
  const extraEntry: number[] = [];
  const rowUpper: number[] = [];
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const endRow = (ub: number) => {
    rowUpper.push(ub);
    starts.push(indices.length);
  };

  // Σ x_c ≤ k
  for (let c = 0; c < C; c++) {
    indices.push(c);
    values.push(1);
  }
  endRow(k);

  if (p.objective === 'coverage') {
    for (let i = 0; i < n; i++) {
      if (unitEntries[i].length === 0) continue;
      const y = C + extraUnit.length;
      extraUnit.push(i);
      extraEntry.push(-1);
      cost.push(w[i]);
      upper.push(1);
      integ.push(0);
      // y_i − Σ x_c ≤ 0 (a candidate appears once per unit in its list)
      indices.push(y);
      values.push(1);
      for (const q of unitEntries[i]) {
        indices.push(cand[q]);
        values.push(-1);
      }
      endRow(0);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const entries = unitEntries[i];
      if (entries.length === 0) continue;
      const b = Math.min(p.base.unitTime[i], p.penalty);
      const first = C + extraUnit.length;
      for (const q of entries) {
        const z = C + extraUnit.length;
        extraUnit.push(i);
        extraEntry.push(q);
        cost.push(w[i] * (b - minutes[q]));
        upper.push(1);
        integ.push(0);
        // z − x_c ≤ 0
        indices.push(z, cand[q]);
        values.push(1, -1);
        endRow(0);
      }
      // Σ z ≤ 1 over the unit's entries
      for (let j = 0; j < entries.length; j++) {
        indices.push(first + j);
        values.push(1);
      }
      endRow(1);
    }
  }
  return {
    numCols: cost.length,
    numRows: rowUpper.length,
    colCost: Float64Array.from(cost),
    colUpper: Float64Array.from(upper),
    integrality: Int32Array.from(integ),
    rowUpper: Float64Array.from(rowUpper),
    starts: Int32Array.from(starts),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    extra: { unit: Int32Array.from(extraUnit), entry: Int32Array.from(extraEntry) },
  };
}

/** A feasible point of the program for an opened set (the warm start): each unit takes its best opened entry. */
export function mipStart(p: PlanningProblem, mip: PlanningMip, set: readonly number[]): Float64Array {
  const C = p.candidates.length;
  const x = new Float64Array(mip.numCols);
  const open = new Uint8Array(C);
  for (const c of set) open[c] = 1;
  for (let c = 0; c < C; c++) x[c] = open[c];
  const { offsets } = p.reach;
  const candOf = (q: number) => {
    // offsets are sorted: binary search of the candidate owning entry q
    let lo = 0, hi = C - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid] <= q) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // p-median: per unit, the opened entry with the largest gain; coverage: reached by an opened site.
  const bestOf = new Map<number, number>();
  for (let j = C; j < mip.numCols; j++) {
    const e = j - C;
    const i = mip.extra.unit[e];
    const q = mip.extra.entry[e];
    if (q < 0) continue;
    if (!open[candOf(q)]) continue;
    const prev = bestOf.get(i);
    if (prev === undefined || mip.colCost[j] > mip.colCost[prev]) bestOf.set(i, j);
  }
  for (const j of bestOf.values()) x[j] = 1;
  if (p.objective === 'coverage') {
    const reached = new Uint8Array(p.demand.node.length);
    for (const c of set) for (let q = offsets[c]; q < offsets[c + 1]; q++) reached[p.reach.units[q]] = 1;
    for (let j = C; j < mip.numCols; j++) if (reached[mip.extra.unit[j - C]]) x[j] = 1;
  }
  return x;
}

/**
 * Largest program the app hands to HiGHS, in reach-list entries (about its non-zeros). Measured on
 * the bench's département-size instance (5,000 candidates × 50,000 cells): coverage at 15 min, 3.4 M
 * entries, 3.3 M non-zeros, gave no bound in 60 s; the p-median at 60 min, 9.6 M entries, built a
 * program of 9.2 M columns and 27.6 M non-zeros that HiGHS gave up on after 12 s. Beyond this the
 * program alone would take hundreds of MB of a browser tab's memory for no verdict.
 */
export const MAX_PROOF_ENTRIES = 4_000_000;

export type ExactStatus = 'optimal' | 'time_limit' | 'interrupted' | 'failed';

/** What the solver needs, and nothing of the road graph: it can go to a worker of its own. */
export interface ProofInput {
  mip: PlanningMip;
  /** The heuristic's answer as a point of the program (the warm start). */
  start: Float64Array;
  startSet: number[];
  /** Objective gain of the heuristic's answer (setGain). */
  startGain: number;
  k: number;
  candidates: number;
}

export interface ExactOutcome {
  status: ExactStatus;
  /** Objective gain of the best set known (the start's, or better). */
  best: number;
  /** Upper bound on the best possible gain (= best when optimal; Infinity when unknown). */
  bound: number;
  /** The best set known (candidate indices). */
  set: number[];
  ms: number;
  /** Size of the program, for the report. */
  size: { columns: number; rows: number; nonzeros: number };
}

/** The search so far (HiGHS's MIP log callback): best gain found and upper bound. */
export interface ProofProgress {
  best: number;
  bound: number;
  seconds: number;
}

export interface ExactOptions {
  timeLimitSeconds: number;
  /** Polled by the solver during the search; true stops it (the bound reached so far is kept). */
  shouldStop?: () => boolean;
  onProgress?: (p: ProofProgress) => void;
}

/** The proof input of a planning problem and the heuristic's set. */
export function proofInput(p: PlanningProblem, k: number, set: readonly number[], gain: number): ProofInput {
  const mip = planningMip(p, k);
  return { mip, start: mipStart(p, mip, set), startSet: [...set], startGain: gain, k, candidates: p.candidates.length };
}

/**
 * Solves the program with HiGHS from the heuristic's start. Never throws on a solver failure:
 * the start stays the answer, with an infinite bound and status 'failed'.
 */
export function solveMip(highs: HighsLike, input: ProofInput, options: ExactOptions): ExactOutcome {
  const t0 = performance.now();
  const { mip, k, startGain, startSet } = input;
  const size = { columns: mip.numCols, rows: mip.numRows, nonzeros: mip.indices.length };
  const fallback = (status: ExactStatus): ExactOutcome => ({ status, best: startGain, bound: Infinity, set: [...startSet], ms: performance.now() - t0, size });
  let model: HighsModelLike | null = null;
  try {
    const inf = highs.infinity;
    model = highs.createModel({
      numCols: mip.numCols,
      numRows: mip.numRows,
      sense: highs.constants.objectiveSense.maximize,
      offset: 0,
      colCost: mip.colCost,
      colLower: new Float64Array(mip.numCols),
      colUpper: mip.colUpper,
      rowLower: new Float64Array(mip.numRows).fill(-inf),
      rowUpper: mip.rowUpper,
      matrix: { format: 'csr', numRows: mip.numRows, numCols: mip.numCols, starts: mip.starts, indices: mip.indices, values: mip.values },
      integrality: mip.integrality,
    });
    model.options.set({ output_flag: false, time_limit: options.timeLimitSeconds, mip_rel_gap: 1e-9, mip_abs_gap: 1e-6 });
    model.setSolution({ colValue: input.start });
    const { shouldStop: stop, onProgress } = options;
    const callbacks: Record<number, (event: CallbackEvent) => void> = {};
    if (stop || onProgress) {
      callbacks[highs.constants.callbackType.mipInterrupt] = (event) => {
        const d = event.data ?? {};
        if (onProgress && Number.isFinite(d.mip_dual_bound)) {
          onProgress({ best: Math.max(startGain, Number.isFinite(d.objective_function_value) ? Number(d.objective_function_value) : -Infinity), bound: Math.max(Number(d.mip_dual_bound), startGain), seconds: (performance.now() - t0) / 1000 });
        }
        if (stop?.()) event.interrupt();
      };
    }
    model.run(callbacks);
    const code = model.getModelStatus();
    const { modelStatus } = highs.constants;
    const status: ExactStatus = code === modelStatus.optimal ? 'optimal' : code === modelStatus.timeLimit ? 'time_limit' : code === modelStatus.interrupted ? 'interrupted' : 'failed';
    if (status === 'failed') return fallback('failed');
    const objective = Number(model.info.get('objective_function_value'));
    const dualBound = Number(model.info.get('mip_dual_bound'));
    const x = model.getSolution().colValue;
    const set: number[] = [];
    for (let c = 0; c < input.candidates; c++) if (x[c] > 0.5) set.push(c);
    const better = Number.isFinite(objective) && objective > startGain + 1e-9 && set.length > 0 && set.length <= k;
    const best = better ? objective : startGain;
    // Optimal: proven within an absolute gap of 1e-6 (objective units).
    const bound = status === 'optimal' ? best : Number.isFinite(dualBound) ? Math.max(dualBound, best) : Infinity;
    return { status, best, bound, set: better ? set : [...startSet], ms: performance.now() - t0, size };
  } catch {
    return fallback('failed');
  } finally {
    model?.dispose();
  }
}

/** Both halves at once (tests and benches). */
export function solveExact(highs: HighsLike, p: PlanningProblem, k: number, start: readonly number[], options: ExactOptions & { startGain: number }): ExactOutcome {
  return solveMip(highs, proofInput(p, k, start, options.startGain), options);
}
