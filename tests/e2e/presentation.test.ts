/**
 * Issue 7, presentation mode: the user picks the slides, moves with the keyboard (→, Espace, ←),
 * each slide has its title, counter, map, legend, figures, sources and the fictional mark, and
 * Échap gives the dashboard back as it was. The one real map is reused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertClean, countNonBackground, waitForAppState, type Session, openApp } from './harness.ts';
import { BACKGROUND_COLOR } from '../../src/map/palette.ts';

describe('presentation mode', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
    await s.page.getByTestId('access-pop').waitFor();
  });
  afterAll(async () => {
    await s?.close();
  });

  const title = () => s.page.getByTestId('slide-title');
  const waitCounter = (text: string) =>
    waitForAppState(s.page, `document.querySelector('[data-testid=slide-counter]')?.textContent === ${JSON.stringify(text)}`);

  it('enters with the chosen slides, on the real map', async () => {
    const present = s.page.getByRole('button', { name: 'Présenter' });
    await present.hover();
    await present.click();
    const setup = s.page.getByTestId('present-setup');
    await setup.waitFor();
    await expect(setup.getByRole('checkbox').count()).resolves.toBe(4);
    // No scenario was made: its slide is left out, and the set-up says why.
    await expect(setup.getByRole('checkbox', { name: /Un scénario avant/ }).isDisabled()).resolves.toBe(true);
    await expect(setup.getByTestId('slide-unavailable-scenario').textContent()).resolves.toContain('aucun scénario');
    await expect(setup.getByTestId('slide-left-out').textContent()).resolves.toContain('« Un scénario avant / après »');
    // The user's title goes on every slide, with the territory's name.
    await setup.getByLabel(/Titre affiché sur chaque diapositive/).fill('Conseil du 12 mars');
    const start = setup.getByRole('button', { name: 'Commencer la présentation' });
    await start.hover();
    await start.click();
    await s.page.getByTestId('presentation').waitFor();
    await waitCounter('1 / 3');
    await expect(title().textContent()).resolves.toBe('Val-de-Loue (territoire fictif)');
    await expect(s.page.getByTestId('slide-subtitle').textContent()).resolves.toBe('Val-de-Loue (territoire fictif) · Conseil du 12 mars');
    await expect(s.page.getByTestId('slide-figures').textContent()).resolves.toContain('habitants');
    await expect(s.page.getByTestId('slide-fictional').textContent()).resolves.toBe('Données fictives');
    await expect(s.page.getByTestId('presentation').textContent()).resolves.toContain('Sources :');
    await expect(s.page.getByTestId('presentation').textContent()).resolves.toContain('Population municipale');
    // Editing controls are hidden; the single map sits in the slide.
    await expect(s.page.getByLabel('Indicateur').isVisible()).resolves.toBe(false);
    await expect(s.page.locator('.maplibregl-canvas').count()).resolves.toBe(1);
    await s.page.evaluate('__maillage.mapIdle()');
    const box = (await s.page.locator('.map').boundingBox())!;
    // Map first: the map takes at least 70 % of the screen; the figures-and-legend card lies inside its frame.
    const viewport = s.page.viewportSize()!;
    expect((box.width * box.height) / (viewport.width * viewport.height)).toBeGreaterThanOrEqual(0.7);
    const card = (await s.page.getByTestId('slide-card').boundingBox())!;
    expect(card.x).toBeGreaterThanOrEqual(box.x);
    expect(card.y).toBeGreaterThanOrEqual(box.y);
    expect(card.x + card.width).toBeLessThanOrEqual(box.x + box.width);
    expect(card.y + card.height).toBeLessThanOrEqual(box.y + box.height);
    // Nothing is giant "non disponible" or "0".
    const values = await s.page.getByTestId('slide-figures').locator('dd').allTextContents();
    expect(values.filter((v) => /non disponible|^0$/.test(v.trim()))).toEqual([]);
    const png = await s.page.locator('.map').screenshot();
    expect(countNonBackground(png, BACKGROUND_COLOR, 10)).toBeGreaterThan(50_000);
  });

  it('moves with the keyboard: → and Espace next, ← previous; counter and title follow', async () => {
    await s.page.keyboard.press('ArrowRight');
    await waitCounter('2 / 3');
    await expect(title().textContent()).resolves.toBe("Temps d'accès d'une France Services");
    await expect(s.page.getByTestId('slide-figures').textContent()).resolves.toMatch(/habitants à plus de 30 min d'une France Services/);
    await expect(s.page.getByTestId('presentation').textContent()).resolves.toContain('moins de 15 min');
    await expect(s.page.getByTestId('slide-subtitle').textContent()).resolves.toContain('Conseil du 12 mars');
    // The legend is whole: its last entry is inside the card's visible box (no scrolling needed).
    const card = s.page.getByTestId('slide-card');
    await expect(card.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).resolves.toBe(true);
    await s.page.keyboard.press('Space');
    await waitCounter('3 / 3');
    await expect(title().textContent()).resolves.toBe('Zones mal desservies (plus de 30 min)');
    await expect(s.page.getByRole('list', { name: 'Les trois premières zones' }).getByRole('listitem').count()).resolves.toBeLessThanOrEqual(3);
    await s.page.keyboard.press('ArrowRight'); // stays on the last slide
    await waitCounter('3 / 3');
    await s.page.keyboard.press('ArrowLeft');
    await waitCounter('2 / 3');
  });

  it('Échap leaves and gives the dashboard back as it was', async () => {
    await s.page.keyboard.press('Escape');
    await waitForAppState(s.page, () => document.querySelector('[data-testid=presentation]') === null);
    await expect(s.page.getByLabel('Indicateur').isVisible()).resolves.toBe(true);
    await expect(s.page.getByLabel('Indicateur').inputValue()).resolves.toBe('access_minutes');
    await waitForAppState(s.page, () => document.fullscreenElement === null);
  });

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
