/**
 * The first screen: the last analysis's map and headline figures, drawn while the next start runs
 * the analysis again. It must show exactly what the live analysis showed, only while the start
 * lasts and for the same choices, never for data changed since, and never the demo's for a
 * workspace of the user's own data.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore, openParts, type Parts } from '../../../helpers/session_parts.ts';
import { A, B, populations, territoryFiles, total } from './fixtures.ts';
import {
  checkFirstScreen, firstScreenFromJson, firstScreenOf, firstScreenToJson, FirstScreens, screenOf, type FirstScreen,
} from '../../../../src/ui/state/first_screen.ts';
import { analysisIsCurrent, INITIAL_ANALYSIS } from '../../../../src/ui/state/analysis.ts';
import { INITIAL_WORKSPACE } from '../../../../src/ui/state/workspace.ts';
import type { WorkspaceStore } from '../../../../src/data/persist.ts';

const enc = (s: string) => new TextEncoder().encode(s);

/** The first screen of the parts' current analysis. */
function firstScreenNow(p: Parts, build = 'build-1'): FirstScreen {
  const { analysis, view, workspace } = p.store.getSnapshot();
  const fs = firstScreenOf({
    build, kind: 'real', computedAt: '2026-12-03T18:50:00.000Z', title: 'Territoire A',
    choice: { group: view.group, threshold: view.threshold, thresholdKmFs: view.thresholdKmFs, thresholdKmPn: view.thresholdKmPn },
    network: workspace.network?.name ?? null, estimate: workspace.estimate, analysis,
  });
  if (!fs) throw new Error('no first screen');
  return fs;
}

async function partsOnA(memory = new MemoryStore()): Promise<Parts> {
  const p = await openParts({ memory });
  p.store.slice('workspace').set({ kind: 'real' });
  await p.workspace.importFiles(territoryFiles(A));
  await p.computing();
  return p;
}

describe('first screen', { timeout: 120_000 }, () => {
  it('gives back what the live analysis showed, only while the start lasts and for the same choices; actions still wait', async () => {
    const p = await partsOnA();
    const live = p.store.getSnapshot();
    // Through the demo's JSON file and back.
    const fs = checkFirstScreen(firstScreenFromJson(firstScreenToJson(firstScreenNow(p))), 'build-1', 'real')!;
    expect(fs).toBeDefined();
    // Hand count: 100 + 200 + 300 inhabitants, three square communes.
    expect(fs.figures.population).toBe(600);
    expect(fs.figures.population).toBe(total(A));
    expect(fs.contours.map((c) => c.code)).toEqual(A.codes);
    expect(fs.access).toEqual(live.analysis.access);
    expect(fs.communes).toEqual(live.analysis.data!.communes);
    // The one France Services of the fixture, drawn on the first screen's map too.
    expect(fs.helpPoints.map((h) => h.kind)).toEqual(['france_services']);
    expect(fs.helpPoints).toEqual(live.analysis.data!.helpPoints);

    // A new page, starting: nothing computed yet.
    const starting = { phase: 'starting', workspace: INITIAL_WORKSPACE, analysis: INITIAL_ANALYSIS, view: live.view, firstScreen: fs };
    const screen = screenOf(starting);
    expect(screen.preview).toBe(fs);
    expect(screen.figures?.population).toBe(600);
    expect(screen.access?.pop_beyond).toBe(live.analysis.access?.pop_beyond);
    expect(screen.data?.shapes?.features.map((f) => f.properties.code)).toEqual(A.codes);
    expect(screen.data?.shapes?.byCode.get('58002')?.geometry).toEqual(live.analysis.data!.shapes!.byCode.get('58002')!.geometry);
    // Parsed once per first screen: the same objects at every render.
    expect(screenOf(starting).data).toBe(screen.data);
    // Planning, exports and slides are gated on the live results.
    expect(analysisIsCurrent(starting)).toBe(false);

    // Another threshold or group: the preview does not answer it.
    expect(screenOf({ ...starting, view: { ...live.view, threshold: 20 } }).preview).toBeNull();
    expect(screenOf({ ...starting, view: { ...live.view, group: 'any' } }).preview).toBeNull();
    expect(screenOf({ ...starting, view: { ...live.view, thresholdKmFs: 15 } }).preview).toBeNull();
    // Once the start is over (or failed): the live results only.
    for (const phase of ['ready', 'failed']) {
      const after = screenOf({ ...starting, phase });
      expect(after.preview).toBeNull();
      expect(after.figures).toBeNull();
    }
    // The demo's first screen, once the start finds the user's own data: withdrawn at once.
    const demoFs = { ...fs, kind: 'demo' as const };
    expect(screenOf({ ...starting, firstScreen: demoFs }).preview).toBe(demoFs);
    expect(screenOf({ ...starting, phase: 'loading_data', workspace: { ...INITIAL_WORKSPACE, kind: 'real' }, firstScreen: demoFs }).preview).toBeNull();
    // Live and current: the live results, even with a first screen left in the state.
    expect(screenOf({ ...live, phase: 'loading_data', firstScreen: fs }).preview).toBeNull();
  });

  it('keeps infinite numbers through its JSON (a commune with no helper: people per helper infinite)', () => {
    const fs = { people_per_fte: Infinity, low: -Infinity, none: NaN, nested: [{ nonFinite: 'x', other: 1 }] };
    const back = firstScreenFromJson(firstScreenToJson(fs as unknown as FirstScreen)) as typeof fs;
    expect(back.people_per_fte).toBe(Infinity);
    expect(back.low).toBe(-Infinity);
    expect(back.none).toBeNaN();
    expect(back.nested).toEqual([{ nonFinite: 'x', other: 1 }]);
  });

  it('is not shown when made by another build, for another kind of workspace, or incomplete', async () => {
    const p = await partsOnA();
    const fs = firstScreenNow(p, 'build-1');
    expect(checkFirstScreen(fs, 'build-1', 'real')).toBe(fs);
    expect(checkFirstScreen(fs, 'build-2', 'real')).toBeUndefined();
    expect(checkFirstScreen(fs, 'build-1', 'demo')).toBeUndefined();
    expect(checkFirstScreen({ ...fs, format: 0 }, 'build-1', 'real')).toBeUndefined();
    expect(checkFirstScreen({ ...fs, contours: undefined }, 'build-1', 'real')).toBeUndefined();
    expect(checkFirstScreen(null, 'build-1', 'real')).toBeUndefined();
  });

  it('is forgotten by any change of the saved data or of a setting the figures depend on, not by a saved scenario', async () => {
    const memory = new MemoryStore();
    const p = await partsOnA(memory);
    await memory.markKind('real');
    const noDemo = async (): Promise<Uint8Array> => {
      throw new Error('a workspace of the user’s own data never reads the demo’s first screen');
    };
    const screens = new FirstScreens({ store: memory as unknown as WorkspaceStore, fetchDemo: noDemo, build: 'build-1' });
    await screens.save(firstScreenNow(p));
    expect((await screens.read())?.figures.population).toBe(600);
    // The next build does not show it.
    expect(await new FirstScreens({ store: memory as unknown as WorkspaceStore, fetchDemo: noDemo, build: 'build-2' }).read()).toBeNull();

    await p.settings.save('scenarios', []);
    expect(await screens.read()).not.toBeNull();

    // A file added: the saved data changed.
    await p.workspace.importFiles([populations(B)]);
    await p.computing();
    expect(await screens.read()).toBeNull();

    await screens.save(firstScreenNow(p));
    expect(await screens.read()).not.toBeNull();
    await p.settings.save('estimate', { detour: 1.6, speedKmh: 45 });
    expect(await screens.read()).toBeNull();

    // A file deleted from the store.
    await screens.save(firstScreenNow(p));
    await memory.deleteFile(populations(B).name);
    expect(await screens.read()).toBeNull();
  });

  it('the demo’s first screen for a first visit or the demo; never once the workspace is the user’s own', async () => {
    const p = await partsOnA();
    const demo = { ...firstScreenNow(p, 'demo'), kind: 'demo' as const, computedAt: null };
    const asked: string[] = [];
    const fetchDemo = async (file: string) => {
      asked.push(file);
      return enc(firstScreenToJson(demo));
    };
    const memory = new MemoryStore();
    const screens = new FirstScreens({ store: memory as unknown as WorkspaceStore, fetchDemo, build: 'build-1' });
    // Nothing said yet: a first visit opens the demo.
    expect((await screens.read())?.kind).toBe('demo');
    expect(asked).toEqual(['first_screen.json']);
    await memory.markKind('demo');
    expect((await screens.read())?.kind).toBe('demo');

    // The demo replaced (the setting says so, and the start cache with it), nothing kept yet: none, and the demo's is not read.
    asked.length = 0;
    await memory.setting('workspaceKind', 'real');
    expect(await screens.read()).toBeNull();
    expect(asked).toEqual([]);
    // Safe mode opens the demo whatever is saved.
    expect((await screens.read({ demo: true }))?.kind).toBe('demo');
    // "Réinitialiser": everything forgotten, the demo again.
    await memory.clear();
    expect((await screens.read())?.kind).toBe('demo');
    // The demo's figures changed by a saved setting (speeds, diagnosis…): its first screen, made with the defaults, is not shown.
    await memory.setting('diagnosis', { weights: {}, topShare: 0.2 });
    expect(await screens.read()).toBeNull();
    // A saved scenario changes no figure.
    await memory.clear();
    await memory.setting('scenarios', []);
    expect((await screens.read())?.kind).toBe('demo');
  });
});
