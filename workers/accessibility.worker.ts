/// <reference lib="webworker" />
/**
 * Thin adapter: message in, call the shared handler, post the result (transferred).
 * A cancel message marks a request abandoned; computations are synchronous, so a request
 * cancelled before it starts is never run, and one cancelled while running has its result dropped.
 */
import { handle } from './handlers.ts';
import { serializeError, transferablesOf, type FromWorker, type ToWorker } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
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
    setTimeout(drain, 0);
  }
};

function drain(): void {
  scheduled = false;
  const msg = queue.shift();
  if (!msg) return;
  if (cancelled.delete(msg.id)) {
    post({ kind: 'abandoned', id: msg.id });
  } else {
    try {
      const result = handle(msg.type, msg.params as never);
      if (cancelled.delete(msg.id)) post({ kind: 'abandoned', id: msg.id });
      else post({ kind: 'result', id: msg.id, result }, transferablesOf(result));
    } catch (e) {
      post({ kind: 'error', id: msg.id, error: serializeError(e) });
    }
  }
  if (queue.length > 0) {
    scheduled = true;
    setTimeout(drain, 0);
  }
}
