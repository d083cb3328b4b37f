/**
 * The page's side of the proof (workers/solver_client.ts) with a fake Worker: progress passed on,
 * the outcome settled, errors rejected, and stop() ending the proof 'interrupted' with the last
 * bound the solver reported and the heuristic's set (the solver's own best is not known here).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEADLINE_GRACE_S, workerProver } from '../../../workers/solver_client.ts';
import type { ExactOutcome, ProofInput, ProofProgress } from '../../../src/domain/planning/exact.ts';
import type { FromSolver, ProveRequest } from '../../../workers/solver_protocol.ts';

class FakeWorker {
  onmessage: ((e: MessageEvent<FromSolver>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  posted: { message: ProveRequest; transfer: ArrayBuffer[] }[] = [];
  terminated = 0;
  postMessage(message: ProveRequest, transfer: ArrayBuffer[]) {
    this.posted.push({ message, transfer });
  }
  terminate() {
    this.terminated++;
  }
  say(m: FromSolver) {
    this.onmessage?.({ data: m } as MessageEvent<FromSolver>);
  }
}

const input = (): ProofInput => ({
  mip: { numCols: 7, numRows: 4, indices: new Int32Array(12) } as unknown as ProofInput['mip'],
  start: new Float64Array([1, 0, 1]),
  startSet: [0, 2],
  startGain: 500,
  k: 2,
  candidates: 3,
});

function setUp() {
  const fake = new FakeWorker();
  const prover = workerProver(() => fake as unknown as Worker)!;
  const seen: ProofProgress[] = [];
  const running = prover(input(), 15, (p) => seen.push(p));
  return { fake, running, seen };
}

describe('workerProver', () => {
  it('posts the program with its time budget, transferring the typed arrays', () => {
    const { fake } = setUp();
    expect(fake.posted).toHaveLength(1);
    expect(fake.posted[0].message.timeLimitSeconds).toBe(15);
    expect(fake.posted[0].message.input.startSet).toEqual([0, 2]);
    expect(fake.posted[0].transfer.length).toBe(2); // start and mip.indices
  });

  it('passes progress on, then settles with the solver\'s outcome and ends the worker', async () => {
    const { fake, running, seen } = setUp();
    fake.say({ kind: 'progress', progress: { best: 500, bound: 560, seconds: 1 } });
    fake.say({ kind: 'progress', progress: { best: 510, bound: 530, seconds: 2 } });
    expect(seen.map((p) => p.bound)).toEqual([560, 530]);
    const outcome: ExactOutcome = { status: 'optimal', best: 520, bound: 520, set: [1, 2], ms: 2100, size: { columns: 7, rows: 4, nonzeros: 12 } };
    fake.say({ kind: 'done', outcome });
    await expect(running.result).resolves.toEqual(outcome);
    expect(fake.terminated).toBe(1);
  });

  it('stop(): "interrupted" with the last bound reported, the heuristic\'s set and gain; the worker is terminated once', async () => {
    const { fake, running } = setUp();
    fake.say({ kind: 'progress', progress: { best: 505, bound: 611.5, seconds: 1 } });
    fake.say({ kind: 'progress', progress: { best: 505, bound: 587.25, seconds: 2 } });
    running.stop();
    running.stop();
    const r = await running.result;
    expect(r).toMatchObject({ status: 'interrupted', best: 500, bound: 587.25, set: [0, 2], size: { columns: 7, rows: 4, nonzeros: 12 } });
    expect(r.ms).toBeGreaterThanOrEqual(0);
    expect(fake.terminated).toBe(1);
    // A late message of the terminated worker changes nothing.
    fake.say({ kind: 'done', outcome: { status: 'optimal', best: 9, bound: 9, set: [], ms: 1, size: { columns: 0, rows: 0, nonzeros: 0 } } });
    await expect(running.result).resolves.toMatchObject({ status: 'interrupted' });
  });

  it('stop() before any bound: the bound is unknown (Infinity), never the heuristic\'s own gain as a proof', async () => {
    const { running } = setUp();
    running.stop();
    expect((await running.result).bound).toBe(Infinity);
  });

  it('an error from the solver, a crashed worker, or a worker that cannot start reject the proof', async () => {
    const a = setUp();
    a.fake.say({ kind: 'error', message: 'HiGHS: out of memory' });
    await expect(a.running.result).rejects.toThrow('HiGHS: out of memory');
    const b = setUp();
    b.fake.onerror?.({ message: '', preventDefault: () => undefined } as unknown as ErrorEvent);
    await expect(b.running.result).rejects.toThrow('le calcul exact a échoué');
    const prover = workerProver(() => {
      throw new Error('Worker interdit');
    })!;
    await expect(prover(input(), 5, () => undefined).result).rejects.toThrow('Worker interdit');
  });

  describe('the budget is kept even when HiGHS overruns its own time limit', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('past 15 s + the grace, the worker is terminated and the proof ends "time_limit" with the last bound', async () => {
      vi.useFakeTimers();
      const { fake, running } = setUp();
      fake.say({ kind: 'progress', progress: { best: 500, bound: 640, seconds: 3 } });
      vi.advanceTimersByTime((15 + DEADLINE_GRACE_S) * 1000 - 1);
      expect(fake.terminated).toBe(0);
      vi.advanceTimersByTime(1);
      expect(fake.terminated).toBe(1);
      await expect(running.result).resolves.toMatchObject({ status: 'time_limit', best: 500, bound: 640, set: [0, 2] });
    });

    it('an answer in time clears the deadline: nothing is cut later', async () => {
      vi.useFakeTimers();
      const { fake, running } = setUp();
      fake.say({ kind: 'done', outcome: { status: 'time_limit', best: 500, bound: 530, set: [0, 2], ms: 15_000, size: { columns: 7, rows: 4, nonzeros: 12 } } });
      vi.advanceTimersByTime(60_000);
      expect(fake.terminated).toBe(1);
      await expect(running.result).resolves.toMatchObject({ status: 'time_limit', bound: 530 });
    });
  });

  it('no Worker factory: no proof offered', () => {
    expect(workerProver(null)).toBeNull();
  });
});
