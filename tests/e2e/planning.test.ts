/**
 * Planning on the demo territory: the optimiser proposes sites, a proposal added to the scenario
 * reduces the people beyond the threshold by exactly what the optimiser announced (two separate
 * computations: CELF reach lists and the incremental what-if engine), a click on the map adds a
 * site, and the labelling fiche exports to a PDF whose text is checked with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertClean, readDownload, sql, waitForAppState, type Session, openApp } from './harness.ts';

const digits = (t: string) => Number(t.replace(/[^\d]/g, ''));

describe('planning on the demo territory', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp();
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
    // The demo has a 1 km grid: people are counted per inhabited cell, and the panel says so.
    expect(await panel.getByTestId('planning-unit').inputValue()).toBe('grid');
    await expect(panel.getByTestId('proposals-method').textContent()).resolves.toContain('Habitants comptés par carreau de 1 km habité');
  });

  it('the proposals come with the verdict of an exact solve (HiGHS in its own worker, from the local bundle)', async () => {
    const proof = s.page.getByTestId('planning-panel').getByTestId('proposals-proof');
    await expect.poll(() => proof.getAttribute('data-status'), { timeout: 60_000 }).toMatch(/^(optimal|time_limit)$/);
    const text = (await proof.textContent())!;
    if ((await proof.getAttribute('data-status')) === 'optimal') expect(text).toMatch(/^Optimal, prouvé par un calcul exact \(HiGHS\) en [\d,]+ s/);
    else expect(text).toMatch(/(^|\. )Non prouvé optimal : au plus [\d\s\u202f]+ personnes ayant besoin d'aide \(estimation\) de mieux possible, soit [\d,\s\u202f]+ % de plus que les propositions/);
  });

  it('« Arrêter » ends the proof at once and says so; with the budget « aucune » no proof runs and the list says it is not checked', async () => {
    const panel = s.page.getByTestId('planning-panel');
    const proof = panel.getByTestId('proposals-proof');
    // Press « Arrêter » the moment it appears (a page-side observer: the exact solve of the demo
    // can end within a second, so a click from the test could come too late).
    const pressed = s.page.evaluate(`new Promise((resolve) => {
      const press = () => {
        const b = [...document.querySelectorAll('[data-testid=proposals-proof] button')].find((x) => x.textContent === 'Arrêter');
        if (!b) return false;
        b.click();
        observer.disconnect();
        resolve(true);
        return true;
      };
      const observer = new MutationObserver(press);
      observer.observe(document.body, { childList: true, subtree: true });
    })`);
    await panel.getByRole('button', { name: 'Proposer des emplacements' }).click();
    await pressed;
    await expect.poll(() => proof.getAttribute('data-status')).not.toBe('running');
    // Stopped during the solve (the usual case), or while a better set it found was being ranked.
    expect(await proof.textContent()).toMatch(/arrêté à votre demande|qui n'a pas pu être détaillé/);
    expect(await proof.getByRole('button', { name: 'Arrêter' }).count()).toBe(0);

    await panel.getByTestId('proof-budget').selectOption('0');
    await panel.getByRole('button', { name: 'Proposer des emplacements' }).click();
    await expect.poll(() => proof.getAttribute('data-status')).toBe('none');
    expect(await proof.textContent()).toBe('Choix de la recherche rapide (glouton, échanges et perturbations), non vérifié par un calcul exact.');

    // Back to a budget: the next proposals are checked again.
    await panel.getByTestId('proof-budget').selectOption('15');
    await panel.getByRole('button', { name: 'Proposer des emplacements' }).click();
    await expect.poll(() => proof.getAttribute('data-status'), { timeout: 60_000 }).toMatch(/^(optimal|time_limit)$/);
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

  it('the labelling fiche: the form (prefilled commune) feeds the checks, and the PDF names commune, canton and the three nearest', async () => {
    const panel = s.page.getByTestId('planning-panel');
    await panel.getByTestId('scenario-sites').getByRole('button', { name: 'Fiche de labellisation' }).first().click();
    const dialog = s.page.getByTestId('fiche-dialog');
    await dialog.waitFor();
    const text = (await dialog.textContent())!;
    expect(text).toMatch(/Charte nationale France services/);
    expect(text).toMatch(/Il n'existe pas de règle nationale chiffrée d'espacement/);
    // Prefilled commune: a commune of the loaded contours, with its own code.
    const form = dialog.getByTestId('proposed-site-form');
    const [, communeName, communeCode] = (await form.getByTestId('proposed-site-commune').textContent())!.match(/^Commune : (.+) \((\d{5})\)$/)!;
    const [row] = await sql<{ nom: string }>(s, `SELECT nom FROM communes WHERE code = '${communeCode}'`);
    expect(row.nom).toBe(communeName);
    // No hours nor agents yet: those two checks cannot be made.
    const checks = dialog.getByTestId('fiche-checks');
    expect(await checks.locator('li[data-status=non_applicable]').count()).toBeGreaterThanOrEqual(2);
    // Filed: 5 days × (3 h + 3 h) = 30 h ≥ 24 h on 5 days, 2 agents ≥ 2 → both « Conforme ».
    await form.getByLabel('Structure porteuse').fill('Communauté de communes de test');
    for (const day of ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi']) await form.getByLabel(day, { exact: true }).fill('09:00-12:00 / 14:00-17:00');
    await form.getByLabel("Nombre d'agents").fill('2');
    await form.getByRole('button', { name: 'Mettre à jour la fiche' }).click();
    await expect.poll(async () => (await checks.textContent()) ?? '', { timeout: 60_000 }).toContain('Conforme, parce que le lieu ouvre 30,0 h sur 5 jours');
    expect(await checks.textContent()).toContain('Conforme, parce que 2 agents sont prévus');
    const nearest = (await dialog.getByTestId('fiche-nearest').locator('li').allTextContents()).map((t) => t.replace(/ : .*$/, ''));
    expect(nearest).toHaveLength(3);
    const pdf = await readDownload(s.page, () => dialog.getByRole('button', { name: 'Exporter la fiche (PDF)' }).click());
    expect(pdf.suggestedFilename).toMatch(/^maillage-fiche-labellisation-.*\.pdf$/);
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/fiche.pdf', pdf.bytes);
    const extracted = execFileSync('pdftotext', ['-layout', 'test-results/fiche.pdf', '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
    const flat = extracted.replace(/\s+/g, ' ');
    expect(flat).toMatch(/Vérification|labellisation/i);
    expect(flat).toContain(`Commune : ${communeName} (${communeCode})`);
    expect(flat).toMatch(/Canton : canton d(e |’)\S.* \(96\d\d\)/); // the demo's cantons are named
    for (const name of nearest) expect(flat, name).toContain(name.slice(0, 30));
    expect(flat).toMatch(/\d+,\d km/);
    expect(flat).toContain('Conforme, parce que');
    expect(flat).toContain('Structure porteuse : Communauté de communes de test');
    expect(flat).not.toMatch(/non disponible (h|jours|agents|%|km|min|m)\b/);
    expect(flat).not.toMatch(/\d+,\d+ personnes/); // whole persons
    expect(flat).toMatch(/Sources/i);
    // The one-page summary for the CDAC.
    const summary = await readDownload(s.page, () => dialog.getByRole('button', { name: /Exporter la synthèse/ }).click());
    expect(summary.suggestedFilename).toMatch(/^maillage-synthese-labellisation-.*\.pdf$/);
    expect(new TextDecoder('latin1').decode(summary.bytes).match(/\/Type \/Page\b/g)).toHaveLength(1);
    const sumText = execFileSync('pdftotext', ['-layout', summary.path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(sumText).toContain('SYNTHÈSE POUR LA CDAC');
    expect(sumText).toMatch(/Personnes nouvellement à moins de 30 min d'une France services : [\d\s\u202f\u00a0]+ personnes?/);
    await dialog.getByRole('button', { name: 'Fermer' }).click();
  });

  it('the filed form is kept in the browser (settings, IndexedDB) and opens again with the fiche of the same site', async () => {
    const stored = (await s.page.evaluate(`(async () => {
      const db = await new Promise((res, rej) => { const r = indexedDB.open('maillage'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      return await new Promise((res, rej) => { const g = db.transaction('settings', 'readonly').objectStore('settings').get('proposedSites'); g.onsuccess = () => res(g.result); g.onerror = () => rej(g.error); });
    })()`)) as Record<string, { structure: string; agents: number; hours: Record<string, string> }>;
    const forms = Object.values(stored ?? {});
    expect(forms).toHaveLength(1);
    expect(forms[0]).toMatchObject({ structure: 'Communauté de communes de test', agents: 2 });
    expect(forms[0].hours.vendredi).toBe('09:00-12:00 / 14:00-17:00');
    const panel = s.page.getByTestId('planning-panel');
    await panel.getByTestId('scenario-sites').getByRole('button', { name: 'Fiche de labellisation' }).first().click();
    const dialog = s.page.getByTestId('fiche-dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Structure porteuse').inputValue()).toBe('Communauté de communes de test');
    expect(await dialog.getByTestId('fiche-checks').textContent()).toContain('Conforme, parce que 2 agents sont prévus');
    await dialog.getByRole('button', { name: 'Fermer' }).click();
  });

  it('dragging a scenario site on the map moves it and the figures follow', async () => {
    const panel = s.page.getByTestId('planning-panel');
    // Keep the proposal alone (the site clicked on the map goes): it brings its announced
    // inhabitants under the threshold, so moving it away must give them back.
    const sites = panel.getByTestId('scenario-sites').locator('li');
    await sites.last().getByRole('button', { name: 'Retirer' }).click();
    await expect.poll(() => sites.count()).toBe(1);
    await expect.poll(() => s.page.getByTestId('scenario-marker').count()).toBe(1);
    const beyond = async () => (await panel.getByTestId('before-after').locator('tbody tr').first().locator('td').allTextContents()).map(digits);
    await expect.poll(async () => { const [b, a] = await beyond(); return b > a; }, { timeout: 30_000 }).toBe(true);
    const [, before] = await beyond();
    await s.page.evaluate('__maillage.mapIdle()');
    const marker = s.page.getByTestId('scenario-marker').first();
    const box = (await marker.boundingBox())!;
    const map = (await s.page.locator('.map').boundingBox())!;
    await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await s.page.mouse.down();
    // Far to the west, where the sites already are: the remote east loses its new site.
    await s.page.mouse.move(map.x + map.width * 0.25, map.y + map.height * 0.5, { steps: 8 });
    await s.page.mouse.up();
    const moved = (await marker.boundingBox())!;
    expect(Math.abs(moved.x - (map.x + map.width * 0.25 - box.width / 2))).toBeLessThan(3);
    await expect.poll(async () => (await beyond())[1], { timeout: 30_000 }).toBeGreaterThan(before);
  });

  it('removing an existing France Services in the scenario raises the people beyond the threshold', async () => {
    const panel = s.page.getByTestId('planning-panel');
    // Start from a clean scenario: remove the added sites.
    const sites = panel.getByTestId('scenario-sites').locator('li');
    for (let n = await sites.count(); n > 0; n--) {
      await sites.first().getByRole('button', { name: 'Retirer' }).click();
      await expect.poll(() => sites.count()).toBe(n - 1);
    }
    // The France Services farthest from any other one: removing it must lengthen trips.
    const [fs] = (await s.page.evaluate(`__maillage.query("SELECT a.name, a.lon, a.lat FROM active_help_points a WHERE a.kind = 'france_services' ORDER BY (SELECT min((a.lon - b.lon) ^ 2 + (a.lat - b.lat) ^ 2) FROM active_help_points b WHERE b.kind = 'france_services' AND b.uid <> a.uid) DESC LIMIT 1")`)) as { name: string; lon: number; lat: number }[];
    // The scenario was just emptied: let the map redraw before pointing at it.
    await s.page.evaluate('__maillage.mapIdle()');
    const point = (await s.page.evaluate(`__maillage.project(${fs.lon}, ${fs.lat})`)) as { x: number; y: number };
    const map = (await s.page.locator('.map').boundingBox())!;
    await s.page.mouse.move(map.x + point.x, map.y + point.y);
    // Several places can share this spot: any France Services under the pointer will do.
    await s.page.getByTestId('tooltip').locator('.muted', { hasText: /^France Services/ }).waitFor();
    await s.page.mouse.click(map.x + point.x, map.y + point.y);
    await panel.getByTestId('selected-point').getByRole('button', { name: 'Le retirer dans le scénario' }).click();
    const table = panel.getByTestId('before-after');
    await table.waitFor();
    // People beyond the threshold (first row) or the mean time (last row) go up when a site is removed.
    await expect.poll(async () => {
      const [b1, a1] = (await table.locator('tbody tr').first().locator('td').allTextContents()).map(digits);
      const [b4, a4] = (await table.locator('tbody tr').last().locator('td').allTextContents()).map(digits);
      return a1 >= b1 && a4 >= b4 && (a1 > b1 || a4 > b4);
    }, { timeout: 30_000 }).toBe(true);
    await expect(panel.getByTestId('removed-sites').textContent()).resolves.toContain('1 lieu(x) existant(s) retiré(s)');
    await panel.getByTestId('selected-point').getByRole('button', { name: 'Le remettre dans le scénario' }).click();
  });

  it('two saved scenarios are compared side by side', async () => {
    const panel = s.page.getByTestId('planning-panel');
    await panel.getByLabel('Nom', { exact: true }).fill('Sans nouveau lieu');
    await panel.getByRole('button', { name: 'Enregistrer le scénario' }).click();
    await panel.getByRole('button', { name: 'Proposer des emplacements' }).click();
    await panel.getByTestId('proposals').locator('> li').first().getByRole('button', { name: 'Ajouter au scénario' }).click();
    await panel.getByLabel('Nom', { exact: true }).fill('Un lieu proposé');
    await panel.getByRole('button', { name: 'Enregistrer le scénario' }).click();
    const compare = panel.getByTestId('compare');
    await compare.getByLabel('Premier scénario').selectOption('Sans nouveau lieu');
    await compare.getByLabel('Second scénario').selectOption('Un lieu proposé');
    await compare.getByRole('button', { name: 'Comparer' }).click();
    const header = compare.locator('thead th');
    await expect.poll(() => header.allTextContents()).toEqual(['Indicateur', "Aujourd'hui", 'Sans nouveau lieu', 'Un lieu proposé']);
    const first = (await compare.locator('tbody tr').first().locator('td').allTextContents()).map(digits);
    expect(first[1]).toBe(first[0]); // nothing changed
    expect(first[2]).toBeLessThan(first[0]); // the proposed site brings people under the threshold
  });

  it('counting people per commune instead withdraws the proposals, and the next ones say how they were counted', async () => {
    const panel = s.page.getByTestId('planning-panel');
    await panel.getByTestId('planning-unit').selectOption('commune');
    await expect.poll(() => panel.getByTestId('proposals').count()).toBe(0);
    await panel.getByRole('button', { name: 'Proposer des emplacements' }).click();
    await panel.getByTestId('proposals').locator('> li').first().waitFor();
    await expect(panel.getByTestId('proposals-method').textContent()).resolves.toContain('Habitants comptés au centre de leur commune.');
    await panel.getByText('Chaque commune compte pour').waitFor();
  });

  it('made no console error, no page error and no request outside localhost', () => {
    assertClean(s);
  });
});
