/**
 * Warms the GPU up in a worker before the map creates its WebGL context (see
 * workers/gpu_warmup.worker.ts). Resolves once done, or at once when workers or OffscreenCanvas
 * are missing, or after `timeoutMs` in any case: the map never waits longer than that.
 */
let warm: Promise<void> | null = null;

export function warmUpGpu(timeoutMs = 3000): Promise<void> {
  warm ??= new Promise<void>((resolve) => {
    if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') {
      resolve();
      return;
    }
    let worker: Worker | null = null;
    const finish = () => {
      clearTimeout(timer);
      worker?.terminate();
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    try {
      worker = new Worker(new URL('../../workers/gpu_warmup.worker.ts', import.meta.url), { type: 'module', name: 'gpu' });
      worker.onmessage = finish;
      worker.onerror = (e) => {
        e.preventDefault();
        finish();
      };
      worker.postMessage(null);
    } catch {
      finish();
    }
  });
  return warm;
}
