/**
 * Four checks that each start from the demo just opened share one page, in an order where each
 * leaves the page as the next expects (one app start instead of four):
 * 1. Accessibility (RGAA / WCAG 2.1 AA): axe-core on the main views of the built app (dashboard,
 *    table view, method dialog, export link, presentation mode). No serious or critical violation
 *    allowed; the violations are printed when the test fails. axe is injected from node_modules (no
 *    network). Each view is closed again.
 * 2. Presentation mode (issue 7): the user picks the slides, moves with the keyboard (→, Espace, ←),
 *    each slide has its title, counter, map, legend, figures, sources and the fictional mark, and
 *    Échap gives the dashboard back as it was. The one real map is reused.
 * 3. Faults: the computation worker dies in the middle of a computation. The user sees a French
 *    message, the dashboard keeps working, and the same action done again succeeds. The worker
 *    really dies, through no hook of the app: the test reaches into the worker (the devtools
 *    protocol) and makes the next request it receives throw outside every handler, an uncaught
 *    error as a crash would surface. The browser then fires `error` on the Worker object, and the
 *    client's own `onerror` path runs: it terminates the worker, fails the pending request with the
 *    browser's message, and starts a new worker on the next request. (It leaves a slower speed for
 *    local roads, which nothing after it reads.)
 * 4. Security: the Content-Security-Policy forbids inline and evaluated scripts, names and
 *    addresses from imported files are shown as text (a script or onerror payload in a France
 *    Services name never runs), and nothing is requested from another origin. Its import replaces
 *    the demo: it comes last.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Worker as PlaywrightWorker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_COLOR } from '../../src/map/palette.ts';
import { assertClean, countNonBackground, openApp, waitForAppState, waitForTestHook, type Session } from './harness.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CRASH = 'arrêt brutal du worker de calcul (test)';
const isComputationWorker = (w: PlaywrightWorker) => /accessibility\.worker/.test(w.url());
const HEADER = '"id_fs","insee_dep","lib_fs","adresse","complement_adresse","insee_com","code_postal","lib_com","latitude","longitude","mail","telephone","h_lundi","h_mardi","h_mercredi","h_jeudi","h_vendredi","h_samedi","prise_rdv","commentaire","type_fs","format_fs","groupe_fs","labellisation_fs"';
const PAYLOAD_NAME = '<img src=x onerror="window.__xss=1">France services piégée';
const PAYLOAD_ADDRESS = '<script>window.__xss=2</script>1 rue du Test';

let s: Session;
beforeAll(async () => {
  s = await openApp();
  await s.page.getByTestId('access-pop').waitFor();
});
afterAll(async () => {
  await s?.close();
});

describe('accessibility (axe-core)', () => {

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

describe('presentation mode', () => {

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

describe('worker killed mid-computation', () => {

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

describe('security', () => {

  it('serves a Content-Security-Policy without unsafe-inline or unsafe-eval for scripts', async () => {
    const csp = await s.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    const script = csp!.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'))!;
    expect(script).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp!.split(/[\s;]+/)).not.toContain("'unsafe-eval'");
    // And it is enforced: an inline script added to the page does not run.
    const ran = await s.page.evaluate(`(() => { const el = document.createElement('script'); el.textContent = 'window.__inline = 1'; document.body.append(el); return window.__inline === 1; })()`);
    expect(ran).toBe(false);
  });

  it('an imported name holding HTML is shown as text, and its script never runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maillage-xss-'));
    const file = join(dir, 'france-services-piege.csv');
    const q = (v: string) => `"${v.replace(/"/g, '""')}"`;
    writeFileSync(file, `${HEADER}\n"X1","96",${q(PAYLOAD_NAME)},${q(PAYLOAD_ADDRESS)},,"96001","96000",${q('<b>Ville</b>')},47.0,3.5,,,,,,,,,"Non",${q('<iframe src="javascript:window.__xss=3">')},"Principal","Fixe",,\n`);
    await s.page.getByTestId('data-input').setInputFiles(file);
    await s.page.getByTestId('replace-demo').getByRole('button', { name: 'Remplacer' }).click();
    await waitForAppState(s.page, () => document.querySelector('[data-testid=imports]')?.textContent?.includes('france-services-piege.csv') ?? false);
    await waitForAppState(s.page, () => !document.body.textContent!.includes('Import en cours'));
    await waitForTestHook(s.page);
    // Shown as text in the commune table? The name is in the help points: open the tooltip of that point.
    // The demo is gone and no commune is loaded: bring the point into view first.
    const point = (await s.page.evaluate('(async () => { await __maillage.flyTo(3.5, 47.0, 11); return __maillage.project(3.5, 47.0); })()')) as { x: number; y: number };
    const box = (await s.page.locator('.map').boundingBox())!;
    await s.page.mouse.move(box.x + point.x, box.y + point.y);
    const tooltip = s.page.getByTestId('tooltip');
    await tooltip.getByText('France services piégée', { exact: false }).waitFor();
    await expect(tooltip.textContent()).resolves.toContain(PAYLOAD_NAME);
    expect(await s.page.locator('[data-testid=tooltip] img, [data-testid=tooltip] script, iframe').count()).toBe(0);
    expect(await s.page.evaluate('window.__xss')).toBeUndefined();
  });

  it('the favicon is our own SVG from public/, served from the origin the CSP allows for images', async () => {
    const href = await s.page.locator('link[rel="icon"]').evaluate((el) => (el as HTMLLinkElement).href);
    expect(new URL(href).origin).toBe(new URL(s.page.url()).origin);
    const csp = (await s.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'))!;
    expect(csp.split(';').map((d) => d.trim())).toContain("img-src 'self' data: blob:");
    const served = (await s.page.evaluate(
      `fetch(${JSON.stringify(href)}).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), text: await r.text() }))`,
    )) as { status: number; type: string; text: string };
    expect(served.status).toBe(200);
    expect(served.type).toMatch(/^image\/svg\+xml/);
    expect(served.text).toBe(readFileSync(resolve(import.meta.dirname, '../../public/favicon.svg'), 'utf8'));
  });

  it('the database reads no file and no URL, and that setting cannot be turned back on', async () => {
    const attempt = (query: string) =>
      s.page.evaluate(`__maillage.query(${JSON.stringify(query)}).then(() => 'accepted', (e) => String(e))`) as Promise<string>;
    expect(await attempt("SELECT * FROM read_csv('http://example.org/x.csv')")).toMatch(/Permission Error.*disabled by configuration/);
    expect(await attempt("SELECT * FROM read_csv('/etc/hostname')")).toMatch(/Permission Error.*disabled by configuration/);
    expect(await attempt('SET enable_external_access = true')).toMatch(/configuration has been locked/);
    expect(await attempt('SELECT 1 AS one')).toBe('accepted');
  });

  it('the workers get the same Content-Security-Policy as the page, as a response header', async () => {
    const meta = (await s.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'))!;
    const workerScripts = ['/duckdb-worker.js', ...(await s.page.evaluate(
      "performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => /worker[^/]*\\.js$/.test(p))",
    ) as string[])];
    expect(workerScripts.length).toBeGreaterThan(1);
    for (const path of new Set(workerScripts)) {
      const header = (await s.page.evaluate(`fetch(${JSON.stringify(path)}).then((r) => r.headers.get('content-security-policy'))`)) as string | null;
      expect(header, path).toBe(meta);
    }
  });

  it('made no console error, no page error and no request outside localhost', () => {
    // The inline script of the first test is refused by the CSP, which Chromium reports as a console error.
    s.consoleErrors.splice(0, s.consoleErrors.length, ...s.consoleErrors.filter((e) => !/Content Security Policy/.test(e)));
    assertClean(s);
  });
});
