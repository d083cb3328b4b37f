/**
 * The user's workspace survives a reload: imported files are restored, the demo can be removed
 * (and stays removed), and "Réinitialiser" clears everything after a confirmation.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, assertClean, launchBrowser, waitForAppState, waitForTestHook, type Session, sql } from './harness.ts';
import { readDemoCounts, sumOf } from '../helpers/demo_files.ts';
import { untilTrue } from '../helpers/page_until.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures/e2e/maisons-laffitte');
const ready = (s: Session) => waitForTestHook(s.page, '__maillage', 90_000);

/** Whether the browser keeps a first screen for the next start (a page expression; src/data/persist.ts). */
const SAVED_FIRST_SCREEN = "caches.open('maillage-start').then((c) => c.match('/maillage-start/first-screen')).then((r) => r !== undefined)";

interface Seen {
  note: string | null;
  headline: string | null;
  communes: string | null;
  fiction: number;
  propose: boolean | null;
  present: boolean | null;
}

/** The start's state and what the page shows (a page expression). */
const SEEN = `[globalThis.__maillage?.state ?? 'none', {
  note: document.querySelector('[data-testid=first-screen-note]')?.textContent?.replace(/\\s+/g, ' ').trim() ?? null,
  headline: document.querySelector('[data-testid=access-pop]')?.textContent ?? null,
  communes: document.querySelector('[data-testid=kf-communes]')?.textContent ?? null,
  fiction: document.querySelectorAll('.fiction-banner').length,
  propose: [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Proposer des emplacements')?.disabled ?? null,
  present: [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Présenter')?.disabled ?? null,
}]`;

/** Watches a start until ready: every state shown with the first screen's note, then the final one. */
async function watchStart(s: Session): Promise<{ previews: Seen[]; final: Seen }> {
  const previews: Seen[] = [];
  const end = Date.now() + 90_000;
  for (;;) {
    const [state, now] = (await s.page.evaluate(SEEN).catch(() => ['none', null])) as [string, Seen | null];
    if (now?.note) previews.push(now);
    if (state === 'ready' && now) return { previews, final: now };
    if (state === 'failed' || Date.now() > end) throw new Error(`start ended ${state}`);
    await s.page.waitForTimeout(30);
  }
}

describe('workspace persistence', () => {
  let s: Session;
  /** DevTools session that holds the quota overrides (an override ends with the session that made it). */
  let quota: CDPSession;
  beforeAll(async () => {
    s = await launchBrowser();
    // Chromium lets IndexedDB write without asking the quota again for up to 30 s after it last asked,
    // within the room it was then told (BucketContext::kBucketSpaceCacheTimeLimit): told the default
    // 10 Gio, it would let the storage-full test's file through even after that test lowers the quota.
    // Told 2 MB from the first write on, less than a third of that file, it asks again during its save.
    quota = await s.page.context().newCDPSession(s.page);
    await quota.send('Storage.overrideQuotaForOrigin', { origin: new URL(appUrl('/')).origin, quotaSize: 2_000_000 });
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

  it('storage full (issue 18, item 10): a file that cannot be saved is refused in French, none of its rows loaded, and a reload shows the workspace as before', async () => {
    const origin = new URL(appUrl('/')).origin;
    // The real usage (Chromium's navigator.storage.estimate() reports usage + 10 Gio as the quota, whatever the disk).
    const usage = async () => ((await quota.send('Storage.getUsageAndQuota', { origin })) as { usage: number }).usage;
    const held = () => sql<{ t: string; dataset: string; n: number }>(s,
      "SELECT 'help_points' AS t, dataset, count(*)::INTEGER AS n FROM help_points GROUP BY dataset UNION ALL SELECT 'sources', dataset, count(*)::INTEGER FROM sources GROUP BY dataset ORDER BY 1, 2");
    const before = await held();
    expect(before).toEqual([{ t: 'help_points', dataset: 'france-services-test.csv', n: 1 }, { t: 'sources', dataset: 'france-services-test.csv', n: 1 }]);
    const usedBefore = await usage();
    // 3.2 MB left for this site, as a nearly full disk would leave: IndexedDB refuses more (QuotaExceededError).
    await quota.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usedBefore + 3_200_000 });
    try {
      const fixture = await readFile(resolve(fixtures, 'france-services-test.csv'), 'utf8');
      const [header, row] = fixture.trim().split('\n');
      // A 6 MB France Services list: the fixture's row repeated, each with its own id and a random
      // name (Chromium compresses what IndexedDB keeps: repeated rows would fit in far less room).
      const lines = [header];
      for (let i = 0, n = header.length + 1; n < 6_000_000; i++) {
        lines.push(row.replace('"T1"', `"G${i}"`).replace('France services de test Est', `France services ${randomBytes(48).toString('hex')}`));
        n += lines.at(-1)!.length + 1;
      }
      const big = Buffer.from(`${lines.join('\n')}\n`);
      expect(big.length).toBeGreaterThanOrEqual(6_000_000);
      await s.page.getByTestId('data-input').setInputFiles({ name: 'gros.csv', mimeType: 'text/csv', buffer: big });
      await waitForAppState(s.page, () => (document.querySelector('[data-testid=imports] li')?.textContent?.includes('gros.csv') ?? false) && !document.body.textContent!.includes('Import en cours'), { timeout: 120_000 });
      const [first] = await s.page.getByTestId('imports').locator('li').allTextContents();
      const said = /^gros\.csv — Le fichier « gros\.csv » n'a pas été chargé : il n'a pas pu être enregistré dans ce navigateur \(espace de stockage plein ; ([\d,]+) Mo à enregistrer\)\. Les données déjà chargées sont inchangées\. Libérez de la place/.exec(first);
      expect(said, first).not.toBeNull();
      // What was to be saved: the file itself, and the tables made of it.
      expect(Number(said![1].replace(',', '.'))).toBeGreaterThanOrEqual(big.length / 1e6);
      expect(await held()).toEqual(before);
      expect(await usage()).toBeLessThan(usedBefore + 3_200_000);
      const line = await s.page.getByTestId('storage-line').textContent();
      expect(line).toMatch(/^Espace enregistré dans ce navigateur : .+ utilisés, .+ libres d'après le navigateur ; stockage (non )?persistant/);

      await s.page.reload();
      await ready(s);
      expect(await held()).toEqual(before);
      expect(await s.page.getByTestId('imports').locator('li').allTextContents()).toEqual([expect.stringMatching(/^france-services-test\.csv — /)]);
    } finally {
      await quota.send('Storage.overrideQuotaForOrigin', { origin });
    }
  });

  it('a reload draws the last analysis at once (labelled « Aperçu », tools waiting), then the live figures, the same', async () => {
    await s.page.getByTestId('data-input').setInputFiles([resolve(fixtures, 'communes-test.geojson'), resolve(fixtures, 'populations-test.csv')]);
    await waitForAppState(s.page, () => (document.querySelector('[data-testid=imports]')?.textContent?.includes('populations-test.csv') ?? false) && !document.body.textContent!.includes('Import en cours'));
    await ready(s);
    const shown = await s.page.getByTestId('access-pop').textContent();
    // Kept once the page is idle after the analysis.
    await untilTrue(s.page, SAVED_FIRST_SCREEN, 30_000);
    await s.page.reload();
    const start = await watchStart(s);
    expect(start.previews.length).toBeGreaterThan(0);
    for (const p of start.previews) {
      expect(p.note).toMatch(/^Aperçu : carte et chiffres de la dernière analyse \(le \d+ \S+ \d{4} à \d+ h \d\d\), affichés pendant le démarrage\./);
      // The user's data: never the demo's first screen, never the fiction banner.
      expect(p.fiction).toBe(0);
      expect(p.headline).toBe(shown);
      // Every action waits for the live figures.
      expect(p.propose).toBe(true);
      expect(p.present).toBe(true);
    }
    expect(start.final).toMatchObject({ note: null, headline: shown, fiction: 0 });
    // Two communes of the test file (hand count), the same on the first screen and live.
    expect(start.previews[0].communes).toBe('2');
    expect(start.final.communes).toBe('2');
  });

  it('"Réinitialiser" asks for confirmation, then brings back the demo only (its first screen shown while it starts, labelled fictional)', async () => {
    s.page.once('dialog', (d) => void d.accept());
    const reset = Promise.all([s.page.waitForEvent('load'), s.page.getByRole('button', { name: 'Réinitialiser' }).click()]);
    await reset;
    const start = await watchStart(s);
    expect(start.previews.length).toBeGreaterThan(0);
    for (const p of start.previews) {
      expect(p.note).toMatch(/^Aperçu : carte et chiffres préparés avec le territoire de démonstration/);
      expect(p.fiction).toBe(1);
      expect(p.headline).toBe(start.final.headline);
      expect(p.communes).toBe(start.final.communes);
    }
    expect(start.final.note).toBeNull();
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
