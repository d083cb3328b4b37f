/**
 * Faults: the computation worker dies in the middle of a computation. The user sees a French
 * message, the dashboard keeps working, and the same action done again succeeds.
 *
 * The worker really dies, through no hook of the app: the test reaches into the worker (the devtools
 * protocol) and makes the next request it receives throw outside every handler, an uncaught error
 * as a crash would surface. The browser then fires `error` on the Worker object, and the client's
 * own `onerror` path runs: it terminates the worker, fails the pending request with the browser's
 * message, and starts a new worker on the next request.
 */
import type { Worker as PlaywrightWorker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertClean, waitForAppState, type Session, openApp } from './harness.ts';

const CRASH = 'arrêt brutal du worker de calcul (test)';
const isComputationWorker = (w: PlaywrightWorker) => /accessibility\.worker/.test(w.url());

describe('worker killed mid-computation', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
    await s.page.getByTestId('access-pop').waitFor();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('shows a message, and retrying the action works with a new worker', async () => {
    const before = await s.page.getByTestId('access-pop').textContent();
    const workers = s.page.workers();
    const worker = workers.find(isComputationWorker);
    expect(worker, `the computation worker runs (workers: ${workers.map((w) => w.url()).join(', ')})`).toBeDefined();
    const closed = new Promise<void>((resolve) => worker!.once('close', () => resolve()));
    // Inside the worker: the next request makes its message handler throw before the request runs.
    await worker!.evaluate((message) => {
      const scope = self as unknown as DedicatedWorkerGlobalScope;
      const handler = scope.onmessage;
      scope.onmessage = function (this: DedicatedWorkerGlobalScope, event: MessageEvent) {
        if ((event.data as { kind?: string }).kind === 'request') throw new Error(message);
        return handler?.call(this, event);
      };
    }, CRASH);

    // Reading the network again is a worker request.
    await s.page.getByText('Vitesses utilisées (modifiables)').click();
    await s.page.getByLabel('Utiliser la vitesse moyenne IGN quand elle existe').uncheck();
    await s.page.getByLabel('Importance 4 (liaisons locales), hors agglomération (km/h)').fill('20');
    await s.page.getByRole('button', { name: 'Appliquer et recalculer' }).click();
    const shown = () => document.querySelector('.notice')?.textContent ?? document.querySelector('[data-testid=network-panel] .error')?.textContent ?? '';
    await waitForAppState(s.page, `(${shown.toString()})().includes("s'est interrompu")`);
    // The browser's own message reached the user: the error event came from the dying worker.
    expect(await s.page.evaluate(`(${shown.toString()})()`)).toContain(CRASH);
    await closed; // the client terminated it

    // The dashboard still answers; the same action again succeeds, on a new worker.
    await s.page.getByRole('button', { name: 'Appliquer et recalculer' }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=network-panel] progress') === null && !document.querySelector('[data-testid=network-panel] .error'));
    await expect.poll(() => s.page.getByTestId('access-pop').textContent(), { timeout: 30_000 }).not.toBe(before);
    const now = s.page.workers().filter(isComputationWorker);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(worker);
  });

  it('made no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
