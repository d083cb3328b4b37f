/**
 * Issue 18 ("Bricked for good"): a saved workspace holding a bad value read back at start (a NUL in
 * a layer origin, a numeric territory code, an address that does not parse) still opens: the bad
 * setting is cleaned or ignored with a notice, and the data and its figures are there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore, openParts, type Parts } from '../../../helpers/session_parts.ts';
import { A, territoryFiles } from './fixtures.ts';
import type { LayerOrigin } from '../../../../src/data/origins.ts';

const COMMUNES = 'communes-58001.geojson';

/** An origin as "Charger mon territoire" records it, for the communes file of territory A. */
const origin = (over: Partial<LayerOrigin> = {}): LayerOrigin => ({
  file: COMMUNES, sourceId: 'communes', label: 'Contours des communes', url: 'https://geo.api.gouv.fr/communes?codeDepartement=58',
  page: null, retrievedAt: '2026-11-23T10:00:00.000Z', vintage: '2025', territory: 'département 58', via: 'fetch', dataset: null, resource: null, ...over,
});

/** A copy of the saved workspace (files and settings), so that each case starts from the same one. */
function copyOf(m: MemoryStore): MemoryStore {
  const c = new MemoryStore();
  for (const [k, v] of m.files) c.files.set(k, structuredClone(v));
  for (const [k, v] of m.settings) c.settings.set(k, structuredClone(v));
  return c;
}

/** Starts the parts on `memory` as the session does, and waits for the analysis. */
async function start(memory: MemoryStore): Promise<Parts> {
  const p = await openParts({ memory });
  await p.workspace.start(() => {});
  await p.computing();
  return p;
}

// Territory A by hand: populations 100 + 200 + 300.
const POPULATION_A = 600;

describe('start on a saved workspace holding a bad value', { timeout: 120_000 }, () => {
  let saved: MemoryStore;
  beforeAll(async () => {
    saved = new MemoryStore();
    const first = await openParts({ memory: saved });
    first.store.slice('workspace').set({ kind: 'real' });
    await first.workspace.importFiles(territoryFiles(A));
    await first.computing();
    await saved.setting('workspaceKind', 'real');
    expect(saved.files.size).toBe(3);
  });

  it('control check: the same workspace without a bad value opens with its figures and no notice', async () => {
    const p = await start(copyOf(saved));
    expect(p.store.getSnapshot().analysis.status).toBe('ready');
    expect(p.store.getSnapshot().analysis.figures?.population).toBe(POPULATION_A);
    expect(p.notices).toEqual([]);
  });

  it('an origin with NUL and other control characters in its labels: cleaned, written, the data opens', async () => {
    const memory = copyOf(saved);
    memory.settings.set('origins', { [COMMUNES]: origin({ label: 'Contours\u0000 des communes\u0007', resource: '« titre\u0000 » (id r1)', vintage: '20\u000025' }) });
    const p = await start(memory);
    const s = p.store.getSnapshot();
    expect(s.analysis.status).toBe('ready');
    expect(s.analysis.figures?.population).toBe(POPULATION_A);
    const [row] = await p.db.query<{ source: string; url: string; vintage: string; origin_resource: string }>(
      `SELECT source, url, vintage, origin_resource FROM sources WHERE file = '${COMMUNES}'`,
    );
    expect(row).toEqual({ source: 'Contours des communes', url: 'https://geo.api.gouv.fr/communes?codeDepartement=58', vintage: '2025', origin_resource: '« titre » (id r1)' });
  });

  it('a territory saved with a numeric code (58): ignored with a notice, the whole territory is studied', async () => {
    const memory = copyOf(saved);
    memory.settings.set('territory', { selection: { type: 'departement', code: 58 }, bufferKm: 20 });
    const p = await start(memory);
    const s = p.store.getSnapshot();
    expect(s.workspace.territory.selection).toEqual({ type: 'all' });
    expect(s.analysis.status).toBe('ready');
    expect(s.analysis.figures?.population).toBe(POPULATION_A);
    expect(p.notices).toEqual(['Le réglage « territoire étudié » enregistré est illisible : il est ignoré et la valeur par défaut est utilisée.']);
  });

  it('an origin whose address does not parse ("http://[bad"): ignored with a notice, the data opens', async () => {
    const memory = copyOf(saved);
    memory.settings.set('origins', { [COMMUNES]: origin({ url: 'http://[bad' }) });
    const p = await start(memory);
    const s = p.store.getSnapshot();
    expect(s.workspace.origins).toEqual({});
    expect(s.analysis.status).toBe('ready');
    expect(s.analysis.figures?.population).toBe(POPULATION_A);
    expect(p.notices).toEqual(['Le réglage « provenance des couches » enregistré est illisible : il est ignoré et la valeur par défaut est utilisée.']);
    const [row] = await p.db.query<{ url: string | null }>(`SELECT url FROM sources WHERE file = '${COMMUNES}'`);
    expect(row.url).toBeNull();
  });

  it('an origin keyed by an inherited name ("__proto__") or another file: ignored with a notice', async () => {
    const memory = copyOf(saved);
    memory.settings.set('origins', JSON.parse(`{"__proto__": ${JSON.stringify(origin())}}`));
    const p = await start(memory);
    expect(p.store.getSnapshot().workspace.origins).toEqual({});
    expect(p.store.getSnapshot().analysis.figures?.population).toBe(POPULATION_A);
    expect(p.notices).toHaveLength(1);
  });
});

describe('a remote title with NUL ("Charger mon territoire")', { timeout: 120_000 }, () => {
  it('is cleaned before the origin is saved, and the next start opens', async () => {
    const memory = new MemoryStore();
    const p = await openParts({ memory });
    p.store.slice('workspace').set({ kind: 'real' });
    await memory.setting('workspaceKind', 'real');
    const [communes] = territoryFiles(A);
    const outcomes = await p.workspace.installLayers(
      [{ file: communes.name, bytes: communes.bytes, network: false, origin: origin({ dataset: '« Admin\u0000 Express »', resource: '« communes\u0000.geojson » (id r1)' }) }],
      { type: 'departement', code: '58' },
    );
    await p.computing();
    expect(outcomes).toEqual([{ file: COMMUNES, ok: true, message: null }]);
    const saved = memory.settings.get('origins') as Record<string, LayerOrigin>;
    expect([saved[COMMUNES].dataset, saved[COMMUNES].resource]).toEqual(['« Admin Express »', '« communes.geojson » (id r1)']);
    const again = await start(memory);
    expect(again.store.getSnapshot().analysis.status).toBe('ready');
    const [row] = await again.db.query<{ origin_dataset: string }>(`SELECT origin_dataset FROM sources WHERE file = '${COMMUNES}'`);
    expect(row.origin_dataset).toBe('« Admin Express »');
  });
});

