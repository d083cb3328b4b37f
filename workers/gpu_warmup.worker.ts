/// <reference lib="webworker" />
/**
 * Starts the browser's GPU side off the main thread: the first WebGL context of a page waits for
 * the GPU process and its channel (hundreds of milliseconds with a software renderer), and that
 * wait would otherwise block the main thread when the map creates its own context.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = () => {
  let ok = false;
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (gl) {
      gl.getParameter(gl.VERSION); // a round trip: the context is really up
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      ok = true;
    }
  } catch {
    ok = false;
  }
  scope.postMessage(ok);
};
