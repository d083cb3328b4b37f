/**
 * Typed main-thread client for the accessibility worker: request ids, AbortSignal
 * cancellation ("the latest request wins" via `latest`), errors rebuilt as Error objects.
 * Falls back to running the same handlers on the main thread if the worker cannot start.
 */
import { handle } from './handlers.ts';
import { deserializeError, type FromWorker, type Params, type RequestType, type Result, type ToWorker } from './protocol.ts';

export class AbandonedError extends Error {
  override readonly name = 'AbandonedError';
  constructor() {
    super('Calcul remplacé par une demande plus récente.');
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class AccessibilityClient {
  private worker: Worker | null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private latestByKey = new Map<string, AbortController>();

  constructor(createWorker: (() => Worker) | null = defaultWorker) {
    this.worker = null;
    try {
      this.worker = createWorker ? createWorker() : null;
    } catch {
      this.worker = null;
    }
    if (this.worker) {
      this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
      this.worker.onerror = (e) => this.failAll(new Error(`Le calcul en arrière-plan a échoué : ${e.message}`));
    }
  }

  get usesWorker(): boolean {
    return this.worker !== null;
  }

  request<T extends RequestType>(type: T, params: Params<T>, signal?: AbortSignal): Promise<Result<T>> {
    if (signal?.aborted) return Promise.reject(new AbandonedError());
    if (!this.worker) {
      return new Promise((resolve, reject) => {
        try {
          resolve(handle(type, params));
        } catch (e) {
          reject(e as Error);
        }
      });
    }
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise<Result<T>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      signal?.addEventListener('abort', () => worker.postMessage({ kind: 'cancel', id } satisfies ToWorker), { once: true });
      worker.postMessage({ kind: 'request', id, type, params } satisfies ToWorker);
    });
  }

  /** Cancels the previous request made under the same key, so that only the latest one resolves. */
  latest<T extends RequestType>(key: string, type: T, params: Params<T>): Promise<Result<T>> {
    this.latestByKey.get(key)?.abort();
    const controller = new AbortController();
    this.latestByKey.set(key, controller);
    return this.request(type, params, controller.signal);
  }

  terminate(): void {
    this.worker?.terminate();
    this.failAll(new AbandonedError());
  }

  private receive(msg: FromWorker): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.kind === 'result') p.resolve(msg.result);
    else if (msg.kind === 'error') p.reject(deserializeError(msg.error));
    else p.reject(new AbandonedError());
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}

function defaultWorker(): Worker {
  return new Worker(new URL('./accessibility.worker.ts', import.meta.url), { type: 'module', name: 'accessibilite' });
}
