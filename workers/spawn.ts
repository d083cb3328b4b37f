/**
 * Starting a worker the same way for every client: null when workers cannot be created (the
 * caller then runs the work on the page); a worker that dies (uncaught error, out of memory) is
 * terminated and `onDeath` gets the browser's message, so that the caller fails what was pending
 * and starts a new worker on the next request.
 */
export function spawnWorker<M>(
  create: (() => Worker) | null,
  onMessage: (message: M) => void,
  onDeath: (worker: Worker, message: string) => void,
): Worker | null {
  if (!create) return null;
  let worker: Worker;
  try {
    worker = create();
  } catch {
    return null;
  }
  worker.onmessage = (e: MessageEvent<M>) => onMessage(e.data);
  worker.onerror = (e) => {
    e.preventDefault?.();
    worker.terminate();
    onDeath(worker, e.message || 'erreur inconnue');
  };
  return worker;
}
