/**
 * The user's workspace survives a reload: imported files are restored, the demo can be removed
 * (and stays removed), and "Réinitialiser" clears everything after a confirmation.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, assertClean, launchBrowser, waitForAppState, waitForTestHook, type Session, sql } from './harness.ts';
import { readDemoCounts, sumOf } from '../helpers/demo_files.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures/e2e/maisons-laffitte');
const ready = (s: Session) => waitForTestHook(s.page, '__maillage', 90_000);

describe('workspace persistence', () => {
  let s: Session;
  beforeAll(async () => {
    s = await launchBrowser();
    await s.page.goto(appUrl('/'));
    await ready(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a file dropped on the demo first asks to replace it: "Annuler" keeps the demo and loads nothing', async () => {
    await s.page.getByTestId('data-input').setInputFiles(resolve(fixtures, 'france-services-test.csv'));
    const dialog = s.page.getByTestId('replace-demo');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('france-services-test.csv');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    const [c] = await sql<{ user: number; demo: number }>(s, "SELECT count(*) FILTER (WHERE dataset = 'france-services-test.csv') AS user, count(*) FILTER (WHERE starts_with(dataset, 'demo:')) AS demo FROM help_points");
    expect(c.user).toBe(0);
    expect(c.demo).toBe(sumOf(readDemoCounts(resolve(import.meta.dirname, '../../dist-e2e/demo')).helpPoints));
    expect(await s.page.locator('.fiction-banner').count()).toBe(1);
  });

  it('"Remplacer" leaves nothing of the demo; the file is loaded, and both survive a reload', async () => {
    await s.page.getByTestId('data-input').setInputFiles(resolve(fixtures, 'france-services-test.csv'));
    await s.page.getByTestId('replace-demo').getByRole('button', { name: 'Remplacer' }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=imports]')?.textContent?.includes('france-services-test.csv') ?? false);
    await waitForAppState(s.page, () => !document.body.textContent!.includes('Import en cours'));
    await s.page.reload();
    await ready(s);
    const rows = await sql<{ id: string }>(s, "SELECT id FROM help_points WHERE dataset = 'france-services-test.csv'");
    expect(rows.map((r) => r.id)).toEqual(['fs-T1']);
    const [c] = await sql<{ communes: number; demo: number }>(s, "SELECT (SELECT count(*) FROM communes) AS communes, (SELECT count(*) FROM sources WHERE starts_with(dataset, 'demo:') OR fictional) AS demo");
    expect(c).toEqual({ communes: 0, demo: 0 });
    expect(await s.page.locator('.fiction-banner').count()).toBe(0);
    await expect(s.page.getByTestId('territory-name').textContent()).resolves.toBe('Aucun territoire chargé');
  });

  it('"Réinitialiser" asks for confirmation, then brings back the demo only', async () => {
    s.page.once('dialog', (d) => void d.accept());
    await Promise.all([s.page.waitForEvent('load'), s.page.getByRole('button', { name: 'Réinitialiser' }).click()]);
    await ready(s);
    const [c] = await sql<{ user: number; demo: number }>(s, "SELECT count(*) FILTER (WHERE dataset = 'france-services-test.csv') AS user, count(*) FILTER (WHERE starts_with(dataset, 'demo:')) AS demo FROM help_points");
    expect(c.user).toBe(0);
    expect(c.demo).toBe(sumOf(readDemoCounts(resolve(import.meta.dirname, '../../dist-e2e/demo')).helpPoints));
    await expect(s.page.getByRole('note').textContent()).resolves.toContain('Territoire fictif');
  });

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
