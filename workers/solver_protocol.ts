/** Messages of the solver worker (workers/solver.worker.ts): one proof per worker, stopped by terminating it. */
import type { ExactOutcome, ProofInput, ProofProgress } from '../src/domain/planning/exact.ts';

export interface ProveRequest {
  input: ProofInput;
  timeLimitSeconds: number;
}

export type FromSolver =
  | { kind: 'progress'; progress: ProofProgress }
  | { kind: 'done'; outcome: ExactOutcome }
  | { kind: 'error'; message: string };
