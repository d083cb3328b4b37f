/**
 * The analysis pipeline's one promise: a figure is never published for data that is no longer
 * the data loaded. Runs the session's parts in Node (DuckDB-WASM, the worker handlers in place),
 * with the worker's diagnosis held back on purpose so that the data changes mid-run.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { openParts, waitUntil, type Parts } from '../../../helpers/session_parts.ts';
import { A, B, territoryFiles, total } from './fixtures.ts';

interface Published {
  status: string;
  version: number | null;
  population: number | null;
  wsVersion: number;
}

/** Records every state the analysis slice publishes. */
function record(p: Parts): Published[] {
  const out: Published[] = [];
  let last: unknown = p.store.getSnapshot().analysis;
  p.store.subscribe(() => {
    const s = p.store.getSnapshot();
    if (s.analysis === last) return;
    last = s.analysis;
    out.push({ status: s.analysis.status, version: s.analysis.basis?.version ?? null, population: s.analysis.figures?.population ?? null, wsVersion: s.workspace.version });
  });
  return out;
}

/** Holds the worker's 'diagnose' requests until `release` is called. */
function holdDiagnosis(p: Parts): { release: () => void; held: () => number } {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  let held = 0;
  const request = p.worker.request.bind(p.worker);
  p.worker.request = (async (type: string, params: unknown, options: unknown) => {
    if (type === 'diagnose') {
      held++;
      await gate;
    }
    return (request as (t: string, p: unknown, o: unknown) => Promise<unknown>)(type, params, options);
  }) as typeof p.worker.request;
  return { release: () => release(), held: () => held };
}

describe('analysis pipeline', { timeout: 120_000 }, () => {
  let p: Parts;
  beforeEach(async () => {
    p = await openParts();
    p.store.slice('workspace').set({ kind: 'real' });
  });

  it('computes the figures of the data loaded, with the version they describe', async () => {
    await p.workspace.importFiles(territoryFiles(A));
    await p.computing();
    const s = p.store.getSnapshot();
    expect(s.analysis.status).toBe('ready');
    expect(s.analysis.basis?.version).toBe(s.workspace.version);
    expect(s.analysis.figures?.population).toBe(total(A));
    expect(s.analysis.data?.communes.map((c) => c.code)).toEqual(A.codes);
  });

  it('a result computed on data version N is never published once version N+1 is loaded', async () => {
    await p.workspace.importFiles(territoryFiles(A));
    await p.computing();
    const versionA = p.store.getSnapshot().workspace.version;
    const gate = holdDiagnosis(p);
    const published = record(p);

    // A run on version N starts (the user picks another threshold) and is held in the worker…
    p.store.slice('view').set({ threshold: 20 });
    const runOnA = p.analysis.rerun();
    await waitUntil(() => gate.held() === 1);
    // …while the data changes: territory B replaces A's files in the same workspace.
    const importing = p.workspace.importFiles(territoryFiles(B));
    await waitUntil(() => p.store.getSnapshot().workspace.version > versionA);
    gate.release();
    await Promise.all([runOnA, importing]);
    await p.computing();

    const s = p.store.getSnapshot();
    expect(s.workspace.version).toBeGreaterThan(versionA);
    expect(s.analysis.status).toBe('ready');
    expect(s.analysis.basis?.version).toBe(s.workspace.version);
    expect(s.analysis.figures?.population).toBe(total(A) + total(B));
    // The moment the data started to change, results were withdrawn; nothing of version N came back.
    const changed = published.findIndex((x) => x.wsVersion > versionA);
    expect(changed).toBeGreaterThanOrEqual(0);
    expect(published[changed].status).toBe('computing');
    expect(published[changed].population).toBeNull();
    const after = published.slice(changed);
    expect(after.filter((x) => x.version === versionA)).toEqual([]);
    expect(after.filter((x) => x.status === 'ready').every((x) => x.version === s.workspace.version)).toBe(true);
  });

  it('a settings change right after a data change still runs everything on the new data', async () => {
    await p.workspace.importFiles(territoryFiles(A));
    await p.computing();
    p.analysis.invalidate(); // the data is changing…
    p.store.slice('workspace').set({ version: p.store.getSnapshot().workspace.version + 1 });
    await p.db.query("DELETE FROM legal_population WHERE code = '58003'"); // …one commune loses its population
    await p.analysis.rerun(); // a threshold change arrives before the data's own run
    const s = p.store.getSnapshot();
    expect(s.analysis.basis?.version).toBe(s.workspace.version);
    expect(s.analysis.figures?.population).toBe(total(A) - 300);
  });

  it('planning results of older data are withdrawn with a note; the scenario is computed again on the new data', async () => {
    await p.workspace.importFiles(territoryFiles(A));
    await p.computing();
    // No ages in these files: the need is unknown, so the communes weigh their population.
    p.planning.set({ weight: 'population', k: 1 });
    await p.planning.runOptimiser();
    const first = p.store.getSnapshot();
    expect(first.planning.proposals?.status).toBe('ok');
    await p.planning.addScenarioSite({ lon: A.lon0 + 0.125, lat: A.lat0 + 0.025, name: 'Projet' });
    expect(p.store.getSnapshot().planning.scenarioResult).not.toBeNull();
    expect(p.store.getSnapshot().planning.basis).toBe(first.analysis.basis);

    await p.workspace.importFiles(territoryFiles(B));
    await p.computing();
    await waitUntil(() => p.store.getSnapshot().planning.scenarioResult !== null);
    const s = p.store.getSnapshot();
    expect(s.planning.proposals).toBeNull();
    expect(s.planning.note).toMatch(/les propositions/);
    expect(s.planning.basis).toBe(s.analysis.basis);
    // Hand count: every commune centre is within 0.125° of longitude (≈ 9.5 km) of its territory's France
    // Services; × 1.5 at 50 km/h that is under 18 min, so nobody is beyond 30 min before the scenario.
    const before = s.planning.scenarioResult!.before;
    expect(before.thresholdMinutes).toBe(s.analysis.basis!.threshold);
    expect(before.populationBeyond).toBe(0);
    expect(s.planning.scenarioResult!.method).toBe('vol_oiseau');
  });

  it('overtaken runs publish nothing: only the last of three quick changes is shown', async () => {
    await p.workspace.importFiles(territoryFiles(A));
    await p.computing();
    const published = record(p);
    const view = p.store.slice('view');
    const runs = [15, 20, 45].map((threshold) => {
      view.set({ threshold: threshold as 15 | 20 | 45 });
      return p.analysis.rerun();
    });
    await Promise.all(runs);
    const ready = published.filter((x) => x.status === 'ready');
    expect(ready).toHaveLength(1);
    expect(p.store.getSnapshot().analysis.basis?.threshold).toBe(45);
  });
});

