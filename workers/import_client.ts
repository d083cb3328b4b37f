/**
 * Typed page-side client of the import worker: request ids, errors rebuilt as Error objects
 * (UserError keeps its name, so its French message reaches the user), buffers transferred both
 * ways. If the worker cannot start, the same handlers run on the page. If it dies, pending
 * requests fail with a French message and the next request starts a fresh worker.
 */
import { deserializeError, transferablesOf } from './protocol.ts';
import { spawnWorker } from './spawn.ts';
import type { FromImportWorker, ImportParams, ImportRequestType, ImportResultOf, ToImportWorker } from './import_protocol.ts';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class ImportClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(private readonly createWorker: (() => Worker) | null = defaultWorker) {}

  request<T extends ImportRequestType>(type: T, params: ImportParams<T>): Promise<ImportResultOf<T>> {
    const worker = this.worker ?? (this.worker = this.start());
    if (!worker) {
      // No worker: the same code on the page (imported lazily, so the page bundle stays small).
      return import('./import_handlers.ts').then((m) => m.handleImport(type, params));
    }
    const id = this.nextId++;
    return new Promise<ImportResultOf<T>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, type, params } satisfies ToImportWorker, transferablesOf(params));
    });
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new Error("L'import a été interrompu."));
  }

  private start(): Worker | null {
    return spawnWorker<FromImportWorker>(this.createWorker, (msg) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.kind === 'result') p.resolve(msg.result);
      else p.reject(deserializeError(msg.error));
    }, (worker, message) => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error(`La lecture du fichier en arrière-plan s'est interrompue (${message}). Réessayez l'import.`));
    });
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}

function defaultWorker(): Worker {
  return new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
}
