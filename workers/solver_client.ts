/**
 * Runs a planning proof in its own worker (workers/solver.worker.ts), so that stopping it never
 * touches the road graph held by the accessibility worker: stop() terminates the solver and the
 * proof ends 'interrupted' with the last bound the solver reported.
 *
 * The budget is kept here too: HiGHS checks its time limit only between phases, and on the
 * bench's département instance (3.3 M non-zeros) a 30 s limit returned after 190 s. Past the
 * budget plus DEADLINE_GRACE_S the worker is terminated and the proof ends 'time_limit', with the
 * last bound reported, as the budget shown to the user promises.
 */
import type { ExactOutcome, ProofInput, ProofProgress } from '../src/domain/planning/exact.ts';
import type { FromSolver, ProveRequest } from './solver_protocol.ts';
import { transferablesOf } from './protocol.ts';

export interface RunningProof {
  result: Promise<ExactOutcome>;
  stop(): void;
}

export type Prover = (input: ProofInput, timeLimitSeconds: number, onProgress: (p: ProofProgress) => void) => RunningProof;

/** Seconds past the budget given to HiGHS to return by itself before its worker is terminated. */
export const DEADLINE_GRACE_S = 2;

const size = (input: ProofInput) => ({ columns: input.mip.numCols, rows: input.mip.numRows, nonzeros: input.mip.indices.length });

/** The browser's prover; null when workers are unavailable (no proof is then offered). */
export function workerProver(create: (() => Worker) | null = defaultSolverWorker()): Prover | null {
  if (!create) return null;
  return (input, timeLimitSeconds, onProgress) => {
    const t0 = performance.now();
    const startSet = [...input.startSet];
    const startGain = input.startGain;
    const sizes = size(input);
    let last: ProofProgress | null = null;
    let settle: (o: ExactOutcome) => void = () => undefined;
    let fail: (e: Error) => void = () => undefined;
    const result = new Promise<ExactOutcome>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    let worker: Worker | null = null;
    let deadline: ReturnType<typeof setTimeout> | null = null;
    const end = () => {
      worker?.terminate();
      worker = null;
      if (deadline !== null) clearTimeout(deadline);
      deadline = null;
    };
    // The set kept is the heuristic's: a better set the solver may have seen is not known here.
    const cut = (status: 'interrupted' | 'time_limit') => {
      if (!worker) return;
      end();
      settle({
        status, best: startGain, bound: Math.max(last?.bound ?? Infinity, startGain), set: startSet, ms: performance.now() - t0, size: sizes,
      });
    };
    try {
      worker = create();
    } catch (e) {
      fail(e as Error);
      return { result, stop: () => undefined };
    }
    worker.onmessage = (e: MessageEvent<FromSolver>) => {
      const m = e.data;
      if (m.kind === 'progress') {
        last = m.progress;
        onProgress(m.progress);
      } else if (m.kind === 'done') {
        end();
        settle(m.outcome);
      } else {
        end();
        fail(new Error(m.message));
      }
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      end();
      fail(new Error(e.message || 'le calcul exact a échoué'));
    };
    const request: ProveRequest = { input, timeLimitSeconds };
    worker.postMessage(request, transferablesOf(request));
    deadline = setTimeout(() => cut('time_limit'), (timeLimitSeconds + DEADLINE_GRACE_S) * 1000);
    return { result, stop: () => cut('interrupted') };
  };
}

function defaultSolverWorker(): (() => Worker) | null {
  if (typeof Worker === 'undefined') return null;
  return () => new Worker(new URL('./solver.worker.ts', import.meta.url), { type: 'module', name: 'solveur' });
}
