/**
 * Planning on the demo territory: the optimiser proposes sites, a proposal added to the scenario
 * reduces the people beyond the threshold by exactly what the optimiser announced (two separate
 * computations: CELF reach lists and the incremental what-if engine), a click on the map adds a
 * site, and the labelling fiche exports to a PDF whose text is checked with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, assertClean, launchBrowser, readDownload, waitForAppState, waitForTestHook, type Session } from './harness.ts';

const digits = (t: string) => Number(t.replace(/[^\d]/g, ''));

describe('planning on the demo territory', () => {
  let s: Session;
  beforeAll(async () => {
    s = await launchBrowser();
    await s.page.goto(appUrl('/'));
    await waitForTestHook(s.page, '__maillage', 90_000);
    await s.page.getByTestId('access-pop').waitFor();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('proposes k sites, ranked, with the people newly within the threshold', async () => {
    const panel = s.page.getByTestId('planning-panel');
    await panel.getByLabel('Nombre de lieux').fill('2');
    await panel.getByRole('button', { name: 'Proposer des emplacements' }).click();
    const items = panel.getByTestId('proposals').locator('> li');
    await items.first().waitFor();
    // Greedy stops early when no further site brings anyone under the threshold, and says so.
    const n = await items.count();
    expect(n).toBeGreaterThanOrEqual(1);
    if (n < 2) await expect(panel.getByTestId('proposals-note').textContent()).resolves.toMatch(/aucun lieu supplémentaire/);
    const first = (await items.first().textContent())!;
    expect(first).toMatch(/\+[\d\s]+ habitants à moins de 30 min, dont [\d\s]+ de 75 ans et plus/);
  });

  it('adding the first proposal to the scenario lowers the figure by exactly what was announced', async () => {
    const panel = s.page.getByTestId('planning-panel');
    const first = panel.getByTestId('proposals').locator('> li').first();
    const announced = digits((await first.textContent())!.match(/\+([\d\s]+) habitants/)![1]);
    await first.getByRole('button', { name: 'Ajouter au scénario' }).click();
    const table = panel.getByTestId('before-after');
    await table.waitFor();
    const row = (await table.locator('tbody tr').first().locator('td').allTextContents()).map(digits);
    expect(row[0] - row[1]).toBe(announced);
    expect(announced).toBeGreaterThan(0);
  });

  it('a click on the map in "ajout" mode adds a site to the scenario', async () => {
    const panel = s.page.getByTestId('planning-panel');
    const before = await panel.getByTestId('scenario-sites').locator('li').count();
    await panel.getByLabel('Ajouter un lieu en cliquant sur la carte').check();
    const box = (await s.page.locator('.map').boundingBox())!;
    // A real pointer moves before it clicks: deck.gl picks on the hover.
    await s.page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.45);
    await s.page.getByTestId('tooltip').waitFor();
    await s.page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.45);
    await waitForAppState(s.page, `document.querySelectorAll('[data-testid=scenario-sites] li').length === ${before + 1}`);
    await panel.getByLabel('Ajouter un lieu en cliquant sur la carte').uncheck();
  });

  it('the labelling fiche shows the checks and exports a PDF with its title, figures and sources', async () => {
    const panel = s.page.getByTestId('planning-panel');
    await panel.getByTestId('scenario-sites').getByRole('button', { name: 'Fiche de labellisation' }).first().click();
    const dialog = s.page.getByTestId('fiche-dialog');
    await dialog.waitFor();
    const text = (await dialog.textContent())!;
    expect(text).toMatch(/Charte nationale France services/);
    expect(text).toMatch(/Il n'existe pas de règle nationale chiffrée d'espacement/);
    const pdf = await readDownload(s.page, () => dialog.getByRole('button', { name: 'Exporter la fiche (PDF)' }).click());
    expect(pdf.suggestedFilename).toMatch(/^maillage-fiche-labellisation-.*\.pdf$/);
    writeFileSync('test-results/fiche.pdf', pdf.bytes);
    const extracted = execFileSync('pdftotext', ['-layout', 'test-results/fiche.pdf', '-'], { encoding: 'utf8' });
    expect(extracted).toMatch(/Vérification|labellisation/i);
    expect(extracted).toMatch(/France services/);
    expect(extracted).toMatch(/Sources/i);
    await dialog.getByRole('button', { name: 'Fermer' }).click();
  });

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
