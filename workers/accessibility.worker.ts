/// <reference lib="webworker" />
/**
 * Thin adapter: message in, call the shared handler, post the result (transferred).
 * Requests run one at a time, in order. A cancel message marks a request abandoned: one
 * cancelled before it starts is never run, one cancelled while running has its result dropped.
 */
import { createHandler } from './handlers.ts';
import { serializeError, transferablesOf, type FromWorker, type Progress, type ToWorker } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createHandler();
const cancelled = new Set<number>();
const queue: Extract<ToWorker, { kind: 'request' }>[] = [];
let scheduled = false;

const post = (m: FromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (msg.kind === 'cancel') {
    cancelled.add(msg.id);
    return;
  }
  queue.push(msg);
  if (!scheduled) {
    scheduled = true;
    // Let pending cancel messages arrive before running queued work.
    setTimeout(() => void drain(), 0);
  }
};

async function drain(): Promise<void> {
  const msg = queue.shift();
  if (!msg) {
    scheduled = false;
    return;
  }
  if (cancelled.delete(msg.id)) {
    post({ kind: 'abandoned', id: msg.id });
  } else {
    try {
      const ctx = { progress: (progress: Progress) => post({ kind: 'progress', id: msg.id, progress }) };
      const result = await handle(msg.type, msg.params as never, ctx);
      if (cancelled.delete(msg.id)) post({ kind: 'abandoned', id: msg.id });
      else post({ kind: 'result', id: msg.id, result }, transferablesOf(result));
    } catch (e) {
      post({ kind: 'error', id: msg.id, error: serializeError(e) });
    }
  }
  // Requests run one at a time, in order; let pending cancel messages arrive in between.
  setTimeout(() => void drain(), 0);
}
