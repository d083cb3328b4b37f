/// <reference lib="webworker" />
/**
 * Thin adapter: message in, call the shared import handler, post the result with its buffers
 * transferred. Requests run as they come; the page asks for one stream batch at a time.
 */
import { handleImport } from './import_handlers.ts';
import { serializeError, transferablesOf } from './protocol.ts';
import type { FromImportWorker, ToImportWorker } from './import_protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<ToImportWorker>) => {
  const { id, type, params } = event.data;
  try {
    const result = await handleImport(type, params as never);
    scope.postMessage({ kind: 'result', id, result } satisfies FromImportWorker, transferablesOf(result));
  } catch (e) {
    scope.postMessage({ kind: 'error', id, error: serializeError(e) } satisfies FromImportWorker);
  }
};
