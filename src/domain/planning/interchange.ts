/**
 * Local search after greedy + swap: Variable Neighbourhood Search (basic VNS, with a Variable
 * Neighbourhood Descent as its local search) over the k-interchange neighbourhoods of Hansen &
 * Mladenović: N_1 = one chosen site replaced, N_2 = two replaced at once.
 *
 * References:
 *   - P. Hansen, N. Mladenović, "Variable neighborhood search: principles and applications",
 *     European Journal of Operational Research 130 (2001) 449–467: the distance between two sets
 *     of p sites is the number of sites in one and not in the other, N_k = the sets at distance k;
 *     the descent (VND) explores N_1, N_2 in turn and goes back to N_1 after every improvement;
 *     basic VNS "shakes" the best set (a random point of N_r), descends from there, keeps the
 *     result if better and then restarts at r = 1, else tries r + 1. Their p-median VNS (Location
 *     Science 5, 1997, 207–226) starts, as here, from greedy + interchange.
 *   - M. G. C. Resende, R. F. Werneck, "A fast swap-based local search procedure for location
 *     problems", Annals of Operations Research 150 (2007) 205–230: when sites leave the solution,
 *     only the users whose nearest site left change, so the gains of all candidates are updated from
 *     those users (through unit → candidate lists) instead of being recomputed.
 *
 * Why: the one-site interchange (Teitz & Bart, `refineSwap`) stops when no single replacement
 * helps; on coverage instances of 500 candidates × 3,000 cells it stopped at 0.961 of the proven
 * optimum (issue 17), two sites or more needing to move together. Measured on the tests'
 * instances (interchange.test.ts): N_2 alone lifts the worst case from 0.958 to 0.983 (one
 * instance 5 sites away from the optimum); with the shakes, worst 0.996.
 *
 * One value per unit makes both objectives one formula: v_i is the unit's current level and an
 * entry q (candidate c reaches unit i) has a level e_q; adding c brings v_i to min(v_i, e_q), and
 * c's gain is Σ_q w_i (v_i − e_q)⁺ over its list.
 *   - coverage: v_i = 1 while unit i is beyond the threshold, 0 once covered; e_q = 0 (every
 *     entry of a coverage list is within the threshold);
 *   - p-median: v_i = the unit's time capped at the penalty P; e_q = the entry's minutes.
 * The objective of a set S is Σ_i w_i (b_i − v_i), b_i the level with the fixed sites only: it is
 * `setGain` (optimise.ts).
 *
 * Moves, in a fixed order (deterministic):
 *   N_1: for each chosen site in turn, the best replacement (largest gain once it has left; ties to
 *        the smaller index); the first site with an improving one moves.
 *   N_2: for each pair of chosen sites (j1 < j2), the best pair of candidates to put back, by
 *        branch and bound: candidates sorted by their gain g once the pair has left; the value of
 *        a pair (a, b) is g_a + g_b − overlap(a, b) (overlap = Σ_i w_i min((v_i − e_ai)⁺,
 *        (v_i − e_bi)⁺), computed for every b at once from a's units), at most g_a + g_b, so
 *        the enumeration in sorted order stops as soon as g_a + g_b cannot beat the best pair found
 *        (the incumbent is the pair that left). The first member a runs over at most 32
 *        candidates: the first is the greedy re-add (best single, then best given it), and the
 *        search is exact whenever the bound closes sooner (always on the tests' instances, at most
 *        16 needed).
 *   Shakes: r sites of the best set (r = 1…4, distinct positions) replaced by r other candidates
 *   drawn by a seeded generator (mulberry32, seed 1), then the descent; 20 shakes by default.
 * A move is accepted on a strict improvement (relative 1e-9, above the rounding of the sums), and
 * checked on the objective recomputed from scratch: the objective strictly increases at every
 * accepted move, so the search cannot cycle; if the check ever failed (a rounding tie) the search
 * ends there.
 *
 * Bound: `maxWork` list entries read in all (gains, updates, overlaps, sorts counted as one per
 * candidate). Past it the search stops and keeps its best set (`capped`). Default 5·10⁷ entries:
 * the 500 × 3,000 instances need 1–3·10⁷ (0.2–0.6 s here, shakes included); on the bench
 * département (5,000 candidates × 50,000 cells, lists of 2–10 million entries) the cap stops the
 * first pair pass, after 1–3 s on a loaded 2-core machine, with no improvement found.
 */
import type { PlanningProblem } from './optimise.ts';
import { mulberry32 } from '../../shared/random.ts';

export interface InterchangeOptions {
  /** Cap on the list entries read (deterministic bound on the work). Default DEFAULT_INTERCHANGE_WORK. */
  maxWork?: number;
  /** Explore N_2 (pairs); false = N_1 only. Default true. */
  pairs?: boolean;
  /** Shakes (random restarts near the best set, basic VNS); 0 = descent only. Default DEFAULT_SHAKES. */
  shakes?: number;
  /** Largest shake (sites replaced at random). Default 4. */
  shakeMax?: number;
  /** Seed of the shakes. Default 1. */
  seed?: number;
}

export interface InterchangeOutcome {
  set: number[];
  /** Objective of `set` (setGain), recomputed from scratch. */
  gain: number;
  /** Accepted N_1 moves (one site replaced). */
  swaps: number;
  /** Accepted N_2 moves (two sites replaced at once). */
  pairs: number;
  /** Shakes tried, and those whose descent improved the best set. */
  shakes: number;
  kept: number;
  /** List entries read. */
  work: number;
  /** True when the search stopped at `maxWork` before a local optimum of N_1 and N_2. */
  capped: boolean;
}

export const DEFAULT_INTERCHANGE_WORK = 5e7;
export const DEFAULT_SHAKES = 20;

const REL_TOL = 1e-9;
/** First members tried per pair search (the greedy re-add is the first; exact when the bound closes sooner). */
const PAIR_FIRSTS = 32;

/** Unit → (candidate, entry) lists: the transpose of the reach lists (CSR). */
interface UnitLists {
  start: Int32Array;
  cand: Int32Array;
  entry: Int32Array;
}

function unitLists(p: PlanningProblem): UnitLists {
  const { offsets, units } = p.reach;
  const C = p.candidates.length;
  const n = p.demand.node.length;
  const E = offsets[C];
  const start = new Int32Array(n + 1);
  for (let q = 0; q < E; q++) start[units[q] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const cand = new Int32Array(E);
  const entry = new Int32Array(E);
  for (let c = 0; c < C; c++) {
    for (let q = offsets[c]; q < offsets[c + 1]; q++) {
      const at = fill[units[q]]++;
      cand[at] = c;
      entry[at] = q;
    }
  }
  return { start, cand, entry };
}

/**
 * VND over N_1 and N_2 from `start` (candidate indices, kept in size), then the shakes. Pure:
 * reads `p`, returns a new set. See the module header for the method and its bound.
 */
export function interchangeSearch(p: PlanningProblem, start: readonly number[], options: InterchangeOptions = {}): InterchangeOutcome {
  const maxWork = options.maxWork ?? DEFAULT_INTERCHANGE_WORK;
  const usePairs = options.pairs !== false;
  const maxShakes = options.shakes ?? DEFAULT_SHAKES;
  const C = p.candidates.length;
  const n = p.demand.node.length;
  const { offsets, units, minutes: mins } = p.reach;
  const w = p.weight;
  const cover = p.objective === 'coverage';
  const P = p.penalty;
  const T = p.threshold;
  const level = (q: number) => (cover ? 0 : mins[q]);

  const set = [...start];
  const k = set.length;
  const inSet = new Uint8Array(C);
  for (const c of set) inSet[c] = 1;
  let work = 0;
  let capped = false;
  let swaps = 0;
  let pairs = 0;
  if (k === 0 || C === 0) return { set, gain: 0, swaps, pairs, shakes: 0, kept: 0, work, capped };

  const lists = unitLists(p);
  work += offsets[C];
  const base = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = p.base.unitTime[i];
    base[i] = cover ? (t <= T ? 0 : 1) : t < P ? t : P;
  }
  const v = new Float64Array(n);
  const gain = new Float64Array(C);
  /** Gains once the left sites are out (base gains + the update from the units that changed). */
  const g = new Float64Array(C);

  const gainOf = (c: number): number => {
    let s = 0;
    for (let q = offsets[c], end = offsets[c + 1]; q < end; q++) {
      const d = v[units[q]] - level(q);
      if (d > 0) s += w[units[q]] * d;
    }
    work += offsets[c + 1] - offsets[c];
    return s;
  };
  /** v, the gains and the objective of the current set, from scratch. */
  const recompute = (): number => {
    v.set(base);
    for (const c of set) {
      for (let q = offsets[c]; q < offsets[c + 1]; q++) {
        const e = level(q);
        if (e < v[units[q]]) v[units[q]] = e;
      }
    }
    let objective = 0;
    for (let i = 0; i < n; i++) objective += w[i] * (base[i] - v[i]);
    for (let c = 0; c < C; c++) gain[c] = gainOf(c);
    work += n;
    return objective;
  };

  // Units changed by the sites that left: index, old level (to restore).
  const changed = new Int32Array(n);
  const oldLevel = new Float64Array(n);
  let nChanged = 0;
  const mark = new Int32Array(n);
  let stamp = 0;
  /** Removes the `out` sites from v (in place) and sets g = the gains without them. */
  const leave = (out: readonly number[]) => {
    for (const c of out) inSet[c] = 0;
    stamp++;
    nChanged = 0;
    for (const c of out) {
      for (let q = offsets[c]; q < offsets[c + 1]; q++) {
        const i = units[q];
        if (mark[i] === stamp) continue;
        mark[i] = stamp;
        let nv = base[i];
        for (let r = lists.start[i]; r < lists.start[i + 1]; r++) {
          if (inSet[lists.cand[r]] === 0) continue;
          const e = level(lists.entry[r]);
          if (e < nv) nv = e;
        }
        work += lists.start[i + 1] - lists.start[i];
        if (nv !== v[i]) {
          changed[nChanged] = i;
          oldLevel[nChanged++] = v[i];
          v[i] = nv;
        }
      }
    }
    g.set(gain);
    work += C;
    for (let m = 0; m < nChanged; m++) {
      const i = changed[m];
      const before = oldLevel[m];
      const after = v[i];
      for (let r = lists.start[i]; r < lists.start[i + 1]; r++) {
        const e = level(lists.entry[r]);
        const d = (after > e ? after - e : 0) - (before > e ? before - e : 0);
        if (d !== 0) g[lists.cand[r]] += w[i] * d;
      }
      work += lists.start[i + 1] - lists.start[i];
    }
  };
  /** Puts the `out` sites back (v and inSet as before `leave`). */
  const restore = (out: readonly number[]) => {
    for (let m = 0; m < nChanged; m++) v[changed[m]] = oldLevel[m];
    for (const c of out) inSet[c] = 1;
  };

  // Temporary addition of one candidate (pair evaluation).
  const tmpUnit = new Int32Array(n);
  const tmpLevel = new Float64Array(n);
  let nTmp = 0;
  const addTmp = (c: number) => {
    nTmp = 0;
    for (let q = offsets[c]; q < offsets[c + 1]; q++) {
      const i = units[q];
      const e = level(q);
      if (e < v[i]) {
        tmpUnit[nTmp] = i;
        tmpLevel[nTmp++] = v[i];
        v[i] = e;
      }
    }
    work += offsets[c + 1] - offsets[c];
  };
  const undoTmp = () => {
    while (nTmp > 0) {
      nTmp--;
      v[tmpUnit[nTmp]] = tmpLevel[nTmp];
    }
  };

  // Overlap of one candidate a with every other b (gain of the pair = g_a + g_b − overlap), from
  // a's units and the unit → candidate lists: Σ_i w_i min((v_i − e_ai)⁺, (v_i − e_bi)⁺).
  const overlap = new Float64Array(C);
  const seen = new Int32Array(C);
  let tick = 0;
  const overlapsWith = (a: number) => {
    tick++;
    for (let q = offsets[a]; q < offsets[a + 1]; q++) {
      const i = units[q];
      const da = v[i] - level(q);
      if (da <= 0) continue;
      for (let r = lists.start[i]; r < lists.start[i + 1]; r++) {
        const db = v[i] - level(lists.entry[r]);
        if (db <= 0) continue;
        const b = lists.cand[r];
        if (seen[b] !== tick) {
          seen[b] = tick;
          overlap[b] = 0;
        }
        overlap[b] += w[i] * (da < db ? da : db);
      }
      work += lists.start[i + 1] - lists.start[i];
    }
    work += offsets[a + 1] - offsets[a];
  };

  let objective = recompute();
  const tol = () => REL_TOL * Math.max(1, Math.abs(objective));

  /** Replaces `out` by `into` if the objective recomputed from scratch strictly increases. */
  const accept = (out: readonly number[], into: readonly number[]): boolean => {
    const saved = [...set];
    for (let j = 0; j < out.length; j++) {
      set[set.indexOf(out[j])] = into[j];
      inSet[out[j]] = 0;
    }
    for (const c of into) inSet[c] = 1;
    const before = objective;
    const after = recompute();
    if (after > before) {
      objective = after;
      return true;
    }
    // A rounding tie: back to the previous set, and the search ends.
    set.splice(0, set.length, ...saved);
    inSet.fill(0);
    for (const c of set) inSet[c] = 1;
    objective = recompute();
    return false;
  };

  /** N_1: first chosen site (in order) with an improving replacement; the best one. */
  const tryOne = (): 'moved' | 'none' | 'stop' => {
    for (let j = 0; j < set.length; j++) {
      const out = [set[j]];
      leave(out);
      const current = g[set[j]];
      let best = -1;
      let bestGain = current + tol();
      for (let c = 0; c < C; c++) {
        if (inSet[c] || c === set[j]) continue;
        if (g[c] > bestGain) {
          best = c;
          bestGain = g[c];
        }
      }
      work += C;
      restore(out);
      if (best >= 0) return accept(out, [best]) ? 'moved' : 'stop';
      if (work > maxWork) return 'stop';
    }
    return 'none';
  };

  const order: number[] = [];
  /** N_2: first pair of chosen sites (in order) with an improving pair to put back; the best pair. */
  const tryTwo = (): 'moved' | 'none' | 'stop' => {
    for (let j1 = 0; j1 < set.length; j1++) {
      for (let j2 = j1 + 1; j2 < set.length; j2++) {
        const a0 = set[j1];
        const b0 = set[j2];
        const out = [a0, b0];
        leave(out);
        addTmp(a0);
        let best = g[a0] + gainOf(b0) + tol();
        undoTmp();
        order.length = 0;
        for (let c = 0; c < C; c++) if (inSet[c] === 0 && g[c] > 0) order.push(c);
        order.sort((x, y) => g[y] - g[x] || x - y);
        work += order.length;
        let bestA = -1;
        let bestB = -1;
        for (let s = 0; s + 1 < order.length && s < PAIR_FIRSTS && work <= maxWork; s++) {
          const a = order[s];
          if (g[a] + g[order[s + 1]] <= best) break;
          overlapsWith(a);
          for (let t = s + 1; t < order.length; t++) {
            const b = order[t];
            if (g[a] + g[b] <= best) break;
            const o = seen[b] === tick ? overlap[b] : 0;
            const value = g[a] + g[b] - o;
            if (value > best) {
              best = value;
              bestA = a;
              bestB = b;
            }
            // The later candidates gain no more than b and overlap a no less than 0.
            if (o === 0) break;
          }
        }
        restore(out);
        if (bestA >= 0) {
          // Keep the site that stays in the pair in its place (the move may be a one-site swap).
          const into = bestA === b0 || bestB === a0 ? [bestB, bestA] : [bestA, bestB];
          return accept(out, into) ? 'moved' : 'stop';
        }
        if (work > maxWork) return 'stop';
      }
    }
    return 'none';
  };

  /** VND from the current set to a local optimum of N_1 and N_2 (or the cap). */
  const descend = (): { swaps: number; pairs: number; stopped: boolean } => {
    let ones = 0;
    let twos = 0;
    for (;;) {
      if (work > maxWork) return { swaps: ones, pairs: twos, stopped: true };
      const one = tryOne();
      if (one === 'moved') {
        ones++;
        continue;
      }
      if (one === 'stop') return { swaps: ones, pairs: twos, stopped: true };
      if (!usePairs) return { swaps: ones, pairs: twos, stopped: false };
      const two = tryTwo();
      if (two === 'moved') {
        twos++;
        continue;
      }
      return { swaps: ones, pairs: twos, stopped: two === 'stop' };
    }
  };
  /** Replaces the current set by `next` (v, gains and objective recomputed). */
  const load = (next: readonly number[]) => {
    for (const c of set) inSet[c] = 0;
    set.splice(0, set.length, ...next);
    for (const c of set) inSet[c] = 1;
    objective = recompute();
  };

  const first = descend();
  swaps += first.swaps;
  pairs += first.pairs;
  let stopped = first.stopped;
  let best = [...set];
  let bestObjective = objective;
  // Shaking (basic VNS): r random sites of the best set replaced by r random other candidates,
  // r = 1, 2, … up to `shakeMax`, back to 1 after an improvement; a seeded generator.
  const random = mulberry32(options.seed ?? 1);
  let r = 1;
  let shakes = 0;
  let kept = 0;
  const rMax = Math.min(options.shakeMax ?? 4, k, C - k);
  while (!stopped && shakes < maxShakes && rMax >= 1) {
    shakes++;
    const next = [...best];
    const taken = new Set(next);
    const positions = Array.from({ length: k }, (_, j) => j);
    for (let m = 0; m < r; m++) {
      const at = m + Math.floor(random() * (k - m));
      [positions[m], positions[at]] = [positions[at], positions[m]];
      let c = Math.floor(random() * C);
      while (taken.has(c)) c = (c + 1) % C;
      taken.add(c);
      next[positions[m]] = c;
    }
    load(next);
    const d = descend();
    stopped = d.stopped;
    if (objective > bestObjective * (1 + REL_TOL) + REL_TOL) {
      best = [...set];
      bestObjective = objective;
      swaps += d.swaps;
      pairs += d.pairs;
      kept++;
      r = 1;
    } else r = r >= rMax ? 1 : r + 1;
  }
  if (shakes > 0) load(best);
  capped = stopped && work > maxWork;
  return { set, gain: objective, swaps, pairs, shakes, kept, work, capped };
}

