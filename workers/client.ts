/**
 * Typed main-thread client for the accessibility worker: request ids, progress callbacks,
 * AbortSignal cancellation ("the latest request wins" via `latest`), errors rebuilt as Error
 * objects. If the worker cannot start, the same handlers run on the main thread. If it dies,
 * pending requests fail with a French message and the next request starts a fresh worker.
 */
import { spawnWorker } from './spawn.ts';
import { handle } from './handlers.ts';
import {
  deserializeError, type FromWorker, type Params, type Progress, type RequestType, type Result, type ToWorker,
} from './protocol.ts';

export class AbandonedError extends Error {
  override readonly name = 'AbandonedError';
  constructor() {
    super('Calcul remplacé par une demande plus récente.');
  }
}

export const isAbandoned = (e: unknown): e is AbandonedError => e instanceof Error && e.name === 'AbandonedError';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Progress) => void;
}

export interface RequestOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export class AccessibilityClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private latestByKey = new Map<string, AbortController>();
  /** Fault tests: the worker dies right after receiving the next request. */
  private dieOnNextRequest = false;

  constructor(private readonly createWorker: (() => Worker) | null = defaultWorker) {
    this.worker = this.start();
  }

  get usesWorker(): boolean {
    return this.worker !== null;
  }

  request<T extends RequestType>(type: T, params: Params<T>, options: RequestOptions = {}): Promise<Result<T>> {
    const { signal, onProgress } = options;
    if (signal?.aborted) return Promise.reject(new AbandonedError());
    const worker = this.worker ?? (this.worker = this.start());
    if (!worker) {
      return Promise.resolve().then(() => handle(type, params, { progress: (p) => onProgress?.(p) }));
    }
    const id = this.nextId++;
    return new Promise<Result<T>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      signal?.addEventListener('abort', () => worker.postMessage({ kind: 'cancel', id } satisfies ToWorker), { once: true });
      worker.postMessage({ kind: 'request', id, type, params } satisfies ToWorker);
      if (this.dieOnNextRequest) {
        this.dieOnNextRequest = false;
        this.simulateCrash();
      }
    });
  }

  /** Cancels the previous request made under the same key, so that only the latest one resolves. */
  latest<T extends RequestType>(key: string, type: T, params: Params<T>, onProgress?: (p: Progress) => void): Promise<Result<T>> {
    this.latestByKey.get(key)?.abort();
    const controller = new AbortController();
    this.latestByKey.set(key, controller);
    return this.request(type, params, { signal: controller.signal, onProgress });
  }

  /**
   * What happens when the worker dies (killed by the browser, out of memory…): pending requests
   * fail with a French message, and the next request starts a new worker. Also used by tests.
   */
  simulateCrash(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new Error("Le calcul en arrière-plan s'est interrompu (processus arrêté). Relancez le calcul."));
  }

  /** Fault tests: the worker will die in the middle of the next request it receives. */
  crashOnNextRequest(): void {
    this.dieOnNextRequest = true;
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new AbandonedError());
  }

  private start(): Worker | null {
    return spawnWorker<FromWorker>(this.createWorker, (msg) => this.receive(msg), (worker, message) => {
      // The worker died: fail what was pending; the next request starts a new worker.
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error(`Le calcul en arrière-plan s'est interrompu (${message}). Relancez le calcul.`));
    });
  }

  private receive(msg: FromWorker): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
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
