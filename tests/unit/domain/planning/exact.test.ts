/**
 * The proof with a proposal (issue 17): the integer programs solved by HiGHS (WebAssembly, in
 * Node) against the exhaustive optimum on small instances, then against greedy + swap on
 * mid-size instances generated here, whose ratio to the optimum is printed (worst and median).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exhaustiveBest, optimise, optimiseCelf, preparePlanning, refineSwap, setGain, type OptimiseResult, type PlanningProblem } from '../../../../src/domain/planning/index.ts';
import { mipStart, planningMip, solveExact, solveMip, type HighsLike } from '../../../../src/domain/planning/exact.ts';
import { loadSolver, randomInstance, SETTINGS } from './helpers.ts';


let highs: HighsLike;
beforeAll(async () => {
  highs = await loadSolver();
});

function heuristic(p: PlanningProblem, k: number) {
  const r = refineSwap(p, optimiseCelf(p, k));
  return { set: r.proposals.map((x) => x.index), gain: r.totalGain };
}

/** Row activities of a point, to check a start is feasible (rows are ≤ upper, columns within bounds). */
function feasible(mip: ReturnType<typeof planningMip>, x: Float64Array): boolean {
  for (let j = 0; j < mip.numCols; j++) if (x[j] < -1e-12 || x[j] > mip.colUpper[j] + 1e-12) return false;
  for (let r = 0; r < mip.numRows; r++) {
    let a = 0;
    for (let q = mip.starts[r]; q < mip.starts[r + 1]; q++) a += mip.values[q] * x[mip.indices[q]];
    if (a > mip.rowUpper[r] + 1e-9) return false;
  }
  return true;
}

describe('planning as an integer program', () => {
  it('its objective at the warm start is the heuristic set gain, and the start is feasible', () => {
    for (const seed of [1, 2, 3, 4]) {
      const inst = randomInstance(seed, { units: 150, candidates: 25 });
      for (const s of SETTINGS) {
        const p = preparePlanning(inst.graph, inst.demand, inst.fixed, inst.candidates, s);
        for (const k of [1, 3]) {
          const h = heuristic(p, k);
          const mip = planningMip(p, k);
          const x = mipStart(p, mip, h.set);
          expect(feasible(mip, x)).toBe(true);
          let objective = 0;
          for (let j = 0; j < mip.numCols; j++) objective += mip.colCost[j] * x[j];
          expect(objective).toBeCloseTo(setGain(p, h.set), 6);
        }
      }
    }
  });

  it('HiGHS proves the exhaustive optimum on small instances (k = 1..3, coverage and p-median)', () => {
    let solved = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const inst = randomInstance(seed, { units: 200, candidates: 30 });
      for (const s of SETTINGS) {
        const p = preparePlanning(inst.graph, inst.demand, inst.fixed, inst.candidates, s);
        for (let k = 1; k <= 3; k++) {
          const h = heuristic(p, k);
          const best = exhaustiveBest(p, k);
          const r = solveExact(highs, p, k, h.set, { timeLimitSeconds: 30, startGain: h.gain });
          expect(r.status).toBe('optimal');
          expect(r.best).toBeCloseTo(best.gain, 6);
          expect(r.bound).toBeCloseTo(best.gain, 6);
          expect(r.set.length).toBeLessThanOrEqual(k);
          expect(setGain(p, r.set)).toBeCloseTo(r.best, 6);
          solved++;
        }
      }
    }
    expect(solved).toBe(60);
  });

  it('on mid-size instances: never below the heuristic, its set worth what it says; the heuristic’s ratio to the optimum printed', () => {
    const ratios: number[] = [];
    let proven = 0;
    for (let seed = 100; seed < 112; seed++) {
      const inst = randomInstance(seed, { nodes: 1500, units: 1500, candidates: 120, fixed: 2 });
      for (const s of [
        { objective: 'coverage' as const, thresholdMinutes: 3, penaltyMinutes: 20 },
        { objective: 'p_median' as const, thresholdMinutes: 3, penaltyMinutes: 10 },
      ]) {
        const p = preparePlanning(inst.graph, inst.demand, inst.fixed, inst.candidates, s);
        const k = 6;
        const h = heuristic(p, k);
        const r = solveExact(highs, p, k, h.set, { timeLimitSeconds: 20, startGain: h.gain });
        expect(['optimal', 'time_limit']).toContain(r.status);
        expect(r.best).toBeGreaterThanOrEqual(h.gain - 1e-9);
        expect(r.bound).toBeGreaterThanOrEqual(r.best - 1e-9);
        expect(setGain(p, r.set)).toBeCloseTo(r.best, 6);
        if (r.status === 'optimal') {
          proven++;
          ratios.push(r.best > 0 ? h.gain / r.best : 1);
        }
      }
    }
    ratios.sort((a, b) => a - b);
    expect(proven).toBeGreaterThan(0);
    console.log(
      `greedy + swap / proven optimum over ${proven} of 24 mid-size instances (1,500 units, 120 candidates, k = 6): ` +
        `worst ${ratios[0].toFixed(4)}, median ${ratios[Math.floor(ratios.length / 2)].toFixed(4)}`,
    );
  }, 240_000);

  it('a stop request ends the search with the start kept and a bound no lower than it', () => {
    const inst = randomInstance(7, { nodes: 1500, units: 1500, candidates: 120 });
    const p = preparePlanning(inst.graph, inst.demand, inst.fixed, inst.candidates, SETTINGS[1]);
    const h = heuristic(p, 8);
    const r = solveExact(highs, p, 8, h.set, { timeLimitSeconds: 30, startGain: h.gain, shouldStop: () => true });
    // A small program may be solved before the first interrupt check: both outcomes are valid.
    expect(['interrupted', 'optimal']).toContain(r.status);
    expect(r.best).toBeGreaterThanOrEqual(h.gain - 1e-9);
    expect(r.bound).toBeGreaterThanOrEqual(r.best - 1e-9);
  });

  it('a solver failure keeps the heuristic’s answer, with no bound', () => {
    const inst = randomInstance(3);
    const p = preparePlanning(inst.graph, inst.demand, inst.fixed, inst.candidates, SETTINGS[0]);
    const h = heuristic(p, 2);
    const broken: HighsLike = { ...highs, constants: highs.constants, infinity: highs.infinity, createModel: () => { throw new Error('out of memory'); } };
    const r = solveExact(broken, p, 2, h.set, { timeLimitSeconds: 1, startGain: h.gain });
    expect(r).toMatchObject({ status: 'failed', best: h.gain, bound: Infinity, set: h.set });
  });

  it('a program larger than the cap is not built: the answer says so, with its size and the cap', () => {
    const inst = randomInstance(11, { units: 200, candidates: 30 });
    const options = { ...SETTINGS[0], k: 3 };
    const p = preparePlanning(inst.graph, inst.demand, inst.fixed, inst.candidates, options);
    const entries = p.reach.units.length;
    expect(entries).toBeGreaterThan(10);
    const big = optimise(inst.graph, inst.demand, inst.fixed, inst.candidates, { ...options, prove: true, maxProofEntries: entries - 1 }) as OptimiseResult;
    expect(big.proofInput).toBeUndefined();
    expect(big.proofTooLarge).toEqual({ entries, max: entries - 1 });
    const fits = optimise(inst.graph, inst.demand, inst.fixed, inst.candidates, { ...options, prove: true, maxProofEntries: entries }) as OptimiseResult;
    expect(fits.proofInput).toBeDefined();
    expect(fits.proofTooLarge).toBeUndefined();
    // The proposals themselves do not depend on the proof.
    expect(big.proposals.map((x) => x.index)).toEqual(fits.proposals.map((x) => x.index));
  });

  it('optimise(…, { prove }) hands the solver its answer as the start; optimise(…, { set }) ranks the set found', () => {
    const inst = randomInstance(11, { units: 200, candidates: 30 });
    const options = { ...SETTINGS[1], k: 3 };
    const r = optimise(inst.graph, inst.demand, inst.fixed, inst.candidates, { ...options, prove: true }) as OptimiseResult;
    expect(r.status).toBe('ok');
    const input = r.proofInput!;
    expect(input.startSet).toEqual(r.proposals.map((x) => x.index));
    expect(input.startGain).toBe(r.totalGain);
    const proof = solveMip(highs, input, { timeLimitSeconds: 30 });
    const p = preparePlanning(inst.graph, inst.demand, inst.fixed, inst.candidates, options);
    expect(proof.best).toBeCloseTo(exhaustiveBest(p, 3).gain, 6);
    const ranked = optimise(inst.graph, inst.demand, inst.fixed, inst.candidates, { ...options, set: proof.set }) as OptimiseResult;
    expect(ranked.proposals.map((x) => x.index).sort((a, b) => a - b)).toEqual([...proof.set].sort((a, b) => a - b));
    expect(ranked.totalGain).toBeCloseTo(proof.best, 6);
    // Gains in decreasing order: each member is the best next one given those before it.
    for (let i = 1; i < ranked.proposals.length; i++) expect(ranked.proposals[i].gain).toBeLessThanOrEqual(ranked.proposals[i - 1].gain + 1e-9);
    expect(() => optimise(inst.graph, inst.demand, inst.fixed, inst.candidates, { ...options, set: [0, 0] })).toThrow(RangeError);
  });
});
