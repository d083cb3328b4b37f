/// <reference lib="webworker" />
/**
 * The exact solve of a planning problem (HiGHS compiled to WebAssembly, bundled from
 * node_modules: no CDN). One request per worker: the page stops a proof by terminating the
 * worker, keeping the last bound it was told.
 */
import loadHighs from 'highs';
import highsWasm from 'highs/runtime?url';
import { solveMip, type HighsLike } from '../src/domain/planning/exact.ts';
import type { FromSolver, ProveRequest } from './solver_protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromSolver) => scope.postMessage(m);

scope.onmessage = async (event: MessageEvent<ProveRequest>) => {
  try {
    const highs = (await loadHighs({ locateFile: () => highsWasm })) as unknown as HighsLike;
    let last = 0;
    const outcome = solveMip(highs, event.data.input, {
      timeLimitSeconds: event.data.timeLimitSeconds,
      // At most 4 progress messages a second.
      onProgress: (progress) => {
        const now = performance.now();
        if (now - last < 250) return;
        last = now;
        post({ kind: 'progress', progress });
      },
    });
    post({ kind: 'done', outcome });
  } catch (e) {
    post({ kind: 'error', message: (e as Error)?.message ?? String(e) });
  }
};
