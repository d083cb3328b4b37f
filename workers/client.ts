/**
 * Typed main-thread client for the accessibility worker: request ids, progress callbacks,
 * AbortSignal cancellation ("the latest request wins" via `latest`), errors rebuilt as Error
 * objects. If the worker cannot start, the same handlers run on the main thread. If it dies,
 * pending requests fail with a French message and the next request starts a fresh worker.
 *
 * Params are copied by default; `{ transfer: true }` transfers the buffers of the typed arrays in
 * the params instead (the caller says it does not keep them: they are detached afterwards).
 *
 * `coalesce(key, type, params)` is for requests fired continuously (a site dragged at 60 Hz):
 * at most one request in flight per key; a newer call replaces the one waiting (which rejects
 * with AbandonedError, never sent), and is sent when the one in flight answers. So a drag sends
 * one request per answer, never a queue; each answer says how long the user waited (`timing`).
 */
import { spawnWorker } from './spawn.ts';
import { createHandler, type Handle } from './handlers.ts';
import {
  deserializeError, transferablesOf, type FromWorker, type Params, type Progress, type RequestType, type Result, type ToWorker,
} from './protocol.ts';

export class AbandonedError extends Error {
  override readonly name = 'AbandonedError';
  constructor() {
    super('Calcul remplacé par une demande plus récente.');
  }
}

export const isAbandoned = (e: unknown): e is AbandonedError => e instanceof Error && e.name === 'AbandonedError';

/** A scenario update on a session the worker no longer has (network changed, evicted): re-open it. */
export const isStaleSession = (e: unknown): boolean => e instanceof Error && e.name === 'ScenarioSessionError';

/** Times of one coalesced request, in ms (performance.now() clock). */
export interface CoalescedTiming {
  /** When the caller submitted these params (e.g. the drag event). */
  submittedAt: number;
  /** When they were sent (after the previous request of the key answered). */
  sentAt: number;
  answeredAt: number;
  /** answeredAt − submittedAt: from the drag to the updated figures. */
  latencyMs: number;
  /** Submissions replaced (never sent) since the previous sent request of this key. */
  dropped: number;
}

export interface Coalesced<R> {
  result: R;
  timing: CoalescedTiming;
}

interface Waiting<P, R> {
  params: P;
  submittedAt: number;
  dropped: number;
  resolve: (v: Coalesced<R>) => void;
  reject: (e: Error) => void;
}

/**
 * Latest-wins coalescing of one stream of requests: at most one in flight, at most one waiting
 * (the latest); see the header. `schedule` may defer the send (e.g. to the next animation frame);
 * by default the waiting request is sent as soon as the previous one answers.
 */
export class LatestWins<P, R> {
  private busy = false;
  private waiting: Waiting<P, R> | null = null;
  private droppedSinceSend = 0;

  constructor(
    private readonly send: (params: P) => Promise<R>,
    private readonly options: { now?: () => number; schedule?: (run: () => void) => void } = {},
  ) {}

  get inFlight(): boolean {
    return this.busy;
  }

  submit(params: P): Promise<Coalesced<R>> {
    const now = this.options.now ?? (() => performance.now());
    return new Promise<Coalesced<R>>((resolve, reject) => {
      if (this.waiting) {
        this.waiting.reject(new AbandonedError());
        this.droppedSinceSend++;
      }
      this.waiting = { params, submittedAt: now(), dropped: this.droppedSinceSend, resolve, reject };
      this.pump();
    });
  }

  /** Rejects the waiting submission (AbandonedError); the one in flight still answers. */
  cancelWaiting(): void {
    this.waiting?.reject(new AbandonedError());
    this.waiting = null;
  }

  private pump(): void {
    if (this.busy || !this.waiting) return;
    this.busy = true;
    const go = () => {
      const w = this.waiting;
      if (!w) {
        this.busy = false;
        return;
      }
      this.waiting = null;
      this.droppedSinceSend = 0;
      const now = this.options.now ?? (() => performance.now());
      const sentAt = now();
      let p: Promise<R>;
      try {
        p = this.send(w.params);
      } catch (e) {
        p = Promise.reject(e);
      }
      // The waiting request (if any) is sent before this answer is handed over, so the worker
      // starts on it while the caller draws these figures.
      p.then(
        (result) => {
          const answeredAt = now();
          this.busy = false;
          this.pump();
          w.resolve({ result, timing: { submittedAt: w.submittedAt, sentAt, answeredAt, latencyMs: answeredAt - w.submittedAt, dropped: w.dropped } });
        },
        (e: unknown) => {
          this.busy = false;
          this.pump();
          w.reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    };
    if (this.options.schedule) this.options.schedule(go);
    else go();
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Progress) => void;
}

export interface RequestOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Transfer the typed arrays of the params instead of copying them (the caller does not keep them). */
  transfer?: boolean;
}

export class AccessibilityClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private latestByKey = new Map<string, AbortController>();
  private coalescers = new Map<string, LatestWins<unknown, unknown>>();
  /** The handler run in place when there is no worker: this client's own engine. */
  private local: Handle | null = null;

  constructor(private readonly createWorker: (() => Worker) | null = defaultWorker) {
    this.worker = this.start();
  }

  get usesWorker(): boolean {
    return this.worker !== null;
  }

  request<T extends RequestType>(type: T, params: Params<T>, options: RequestOptions = {}): Promise<Result<T>> {
    const { signal, onProgress, transfer } = options;
    if (signal?.aborted) return Promise.reject(new AbandonedError());
    const worker = this.worker ?? (this.worker = this.start());
    if (!worker) {
      const handle = (this.local ??= createHandler());
      return Promise.resolve().then(() => handle(type, params, { progress: (p) => onProgress?.(p) }));
    }
    const id = this.nextId++;
    return new Promise<Result<T>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      signal?.addEventListener('abort', () => worker.postMessage({ kind: 'cancel', id } satisfies ToWorker), { once: true });
      const message = { kind: 'request', id, type, params } satisfies ToWorker;
      if (transfer) worker.postMessage(message, transferablesOf(params));
      else worker.postMessage(message);
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
   * Latest-wins coalescing per key (see the header): at most one `type` request in flight for
   * `key`; a call made while one is in flight waits, and a newer call replaces it (the replaced
   * call rejects with AbandonedError). Resolves with the result and its timing.
   */
  coalesce<T extends RequestType>(key: string, type: T, params: Params<T>, options: { schedule?: (run: () => void) => void } = {}): Promise<Coalesced<Result<T>>> {
    let c = this.coalescers.get(key) as LatestWins<Params<T>, Result<T>> | undefined;
    if (!c) {
      c = new LatestWins<Params<T>, Result<T>>((p) => this.request(type, p), options);
      this.coalescers.set(key, c as LatestWins<unknown, unknown>);
    }
    return c.submit(params);
  }

  terminate(): void {
    for (const c of this.coalescers.values()) c.cancelWaiting();
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
