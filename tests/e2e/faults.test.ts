/**
 * Faults: the computation worker dies in the middle of a computation. The user sees a French
 * message, the dashboard keeps working, and the same action done again succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertClean, waitForAppState, type Session, openApp } from './harness.ts';

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
    // The worker will die in the middle of the next computation: reading the network again.
    await s.page.evaluate('__maillage.crashWorkerOnNextRequest()');
    await s.page.getByText('Vitesses utilisées (modifiables)').click();
    await s.page.getByLabel('Utiliser la vitesse moyenne IGN quand elle existe').uncheck();
    await s.page.getByLabel('Importance 4 (liaisons locales), hors agglomération (km/h)').fill('20');
    await s.page.getByRole('button', { name: 'Appliquer et recalculer' }).click();
    await waitForAppState(s.page, () => document.querySelector('.notice')?.textContent?.includes("s'est interrompu") || document.querySelector('[data-testid=network-panel] .error')?.textContent?.includes("s'est interrompu") || false);
    // The dashboard still answers; the same action again succeeds.
    await s.page.getByRole('button', { name: 'Appliquer et recalculer' }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=network-panel] progress') === null && !document.querySelector('[data-testid=network-panel] .error'));
    await expect.poll(() => s.page.getByTestId('access-pop').textContent(), { timeout: 30_000 }).not.toBe(before);
  });

  it('made no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
