/**
 * RGAA / WCAG 2.1 AA: axe-core on the main views of the built app (dashboard, table view,
 * method dialog, export link, presentation mode). No serious or critical violation allowed;
 * the violations are printed when the test fails. axe is injected from node_modules (no network).
 */
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertClean, waitForAppState, type Session, openApp } from './harness.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

describe('accessibility (axe-core)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
    await s.page.getByTestId('access-pop').waitFor();
  });
  afterAll(async () => {
    await s?.close();
  });

  async function expectNoSeriousViolations(view: string) {
    const result = await new AxeBuilder({ page: s.page }).withTags(TAGS).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const report = bad
      .map((v) => `[${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n')}`)
      .join('\n');
    expect(bad, `${view}: ${bad.length} serious/critical violation(s)\n${report}`).toEqual([]);
  }

  it('dashboard', async () => {
    await expectNoSeriousViolations('dashboard');
  });

  it('export panel with the shared link', async () => {
    await s.page.getByTestId('export-link').hover();
    await s.page.getByTestId('export-link').click();
    await s.page.getByTestId('share-link').waitFor();
    await expectNoSeriousViolations('export panel');
  });

  it('table view', async () => {
    await s.page.getByRole('button', { name: 'Tableau', exact: true }).hover();
    await s.page.getByRole('button', { name: 'Tableau', exact: true }).click();
    await s.page.getByTestId('commune-table').waitFor();
    await expectNoSeriousViolations('table view');
    await s.page.getByRole('button', { name: 'Carte', exact: true }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=commune-table]') === null);
  });

  it('method dialog', async () => {
    await s.page.getByRole('button', { name: 'Méthode et sources' }).hover();
    await s.page.getByRole('button', { name: 'Méthode et sources' }).click();
    await s.page.getByTestId('method-dialog').waitFor();
    await expectNoSeriousViolations('method dialog');
    await s.page.getByTestId('method-dialog').getByRole('button', { name: 'Fermer' }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=method-dialog]') === null);
  });

  it('"Charger mon territoire" dialog', async () => {
    await s.page.getByRole('button', { name: 'Charger mon territoire' }).click();
    await s.page.getByTestId('territory-fetch-dialog').waitFor();
    await s.page.getByTestId('territory-fetch-dialog').locator('summary').click();
    await expectNoSeriousViolations('territory fetch dialog');
    await s.page.getByTestId('territory-fetch-dialog').getByRole('button', { name: 'Fermer' }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=territory-fetch-dialog]') === null);
  });

  it('presentation set-up and presentation mode', async () => {
    await s.page.getByRole('button', { name: 'Présenter' }).hover();
    await s.page.getByRole('button', { name: 'Présenter' }).click();
    await s.page.getByTestId('present-setup').waitFor();
    await expectNoSeriousViolations('presentation set-up');
    await s.page.getByRole('button', { name: 'Commencer la présentation' }).click();
    await s.page.getByTestId('presentation').waitFor();
    await expectNoSeriousViolations('presentation, slide 1');
    await s.page.keyboard.press('ArrowRight');
    await waitForAppState(s.page, `document.querySelector('[data-testid=slide-counter]')?.textContent === '2 / 3'`);
    await expectNoSeriousViolations('presentation, slide 2');
    await s.page.keyboard.press('Escape');
    await waitForAppState(s.page, () => document.querySelector('[data-testid=presentation]') === null);
  });

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
