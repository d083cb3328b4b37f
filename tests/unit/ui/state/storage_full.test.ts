/**
 * Storage full (issue 18, item 10): what will not fit in the room the browser leaves this site
 * is refused before anything is loaded, with a French message naming the file, its size and the
 * room left; a save that fails midway (QuotaExceededError) rolls the load back, so that DuckDB
 * and the saved workspace agree (a reload shows what was on the map); persistent storage is
 * asked for once. The session's parts run in Node, with an in-memory store that has a quota
 * and a fake storage manager.
 */
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../../../src/data/schema.ts';
import type { FileToLoad } from '../../../../src/data/workspace.ts';
import type { LayerOrigin } from '../../../../src/data/origins.ts';
import { FakeStorage, MemoryStore, openParts, waitUntil, type Parts } from '../../../helpers/session_parts.ts';
import { A, franceServices, populations, territoryFiles } from './fixtures.ts';

const enc = (s: string) => new TextEncoder().encode(s);

/** Rows in every table, by dataset: what the app holds of the files (not what the analysis computed of them). */
async function rowsByDataset(p: Parts): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of Object.values(TABLES)) {
    const sql = `SELECT dataset, count(*)::INTEGER AS n FROM ${t.name} WHERE dataset <> 'territory' AND NOT starts_with(dataset, 'calcul:') GROUP BY dataset`;
    for (const r of await p.db.query<{ dataset: string; n: number }>(sql)) {
      out[`${t.name}:${r.dataset}`] = r.n;
    }
  }
  return out;
}

const datasets = async (p: Parts) => (await p.db.query<{ dataset: string }>('SELECT dataset FROM sources ORDER BY dataset')).map((r) => r.dataset);

/** The saved workspace opened again, as after a reload: what it holds, table by table. */
async function reopened(memory: MemoryStore): Promise<Record<string, number>> {
  await memory.setting('workspaceKind', 'real');
  const again = await openParts({ memory });
  await again.workspace.start(() => {});
  await again.computing();
  return rowsByDataset(again);
}

/** A France Services list of exactly `size` bytes (a comment column padded), with `rows` rows. */
function bigFranceServices(name: string, size: number, rows = 50): FileToLoad {
  const one = new TextDecoder().decode(franceServices(A).bytes);
  const [header, row] = one.trim().split('\n');
  const lines = Array.from({ length: rows }, (_, i) => row.replace('"1",', `"${i + 1}",`));
  const base = `${header}\n${lines.join('\n')}\n`;
  const pad = size - enc(base).length;
  if (pad < 0) throw new Error('size too small');
  // The padding goes into the last row's commentaire field (quoted, so the row stays valid).
  const last = lines[rows - 1].replace(',"Non",,', `,"Non","${'x'.repeat(pad - 2)}",`);
  const text = `${header}\n${[...lines.slice(0, -1), last].join('\n')}\n`;
  expect(enc(text).length).toBe(size);
  return { name, bytes: enc(text) };
}

describe('storage full (issue 18, item 10)', { timeout: 180_000 }, () => {
  it('a file bigger than the room left is refused before it is read, and the demo is not even asked about', async () => {
    const memory = new MemoryStore();
    // Quota 4 Mo, 0.8 Mo used by the rest of the site: 3.2 Mo left.
    const storage = new FakeStorage(memory, 4_000_000, 800_000);
    const p = await openParts({ memory, storage });
    const before = await rowsByDataset(p);
    await p.workspace.importFiles([bigFranceServices('gros.csv', 6_000_000)]);
    const ws = p.store.getSnapshot().workspace;
    expect(ws.confirmReplace).toBeNull();
    expect(ws.kind).toBe('demo');
    expect(ws.imports).toHaveLength(1);
    expect(ws.imports[0]).toMatchObject({ file: 'gros.csv', ok: false });
    expect(ws.imports[0].message).toBe(
      "Le fichier « gros.csv » (6,0 Mo) n'a pas été chargé : il reste 3,2 Mo d'espace de stockage pour ce site dans ce navigateur. " +
        "Libérez de la place (« Réinitialiser » efface les fichiers enregistrés dans ce navigateur) ou de l'espace sur le disque, puis déposez-le à nouveau.",
    );
    expect(p.importer.prepared).toBe(0);
    expect(memory.files.size).toBe(0);
    expect(await rowsByDataset(p)).toEqual(before);
    expect(storage.persistCalls).toBe(0);
  });

  it('a file that fits but not with its tables is refused once read, before any row is loaded', async () => {
    const memory = new MemoryStore();
    const file = franceServices(A);
    // Room for the file's own bytes and 100 more: its tables (Arrow) take more than that.
    const storage = new FakeStorage(memory, 10_000_000, 10_000_000 - file.bytes.length - 100);
    const p = await openParts({ memory, storage });
    p.store.slice('workspace').set({ kind: 'real' });
    await p.workspace.importFiles([file]);
    const [record] = p.store.getSnapshot().workspace.imports;
    expect(record.ok).toBe(false);
    expect(record.message).toMatch(new RegExp(`^Le fichier « ${file.name.replace(/\./g, '\\.')} » \\(1 ko, \\d+ ko à enregistrer avec ses tables\\) n'a pas été chargé : il reste 1 ko d'espace`));
    expect(p.importer.prepared).toBe(1);
    expect(await rowsByDataset(p)).toEqual({});
    expect(memory.files.size).toBe(0);
  });

  it('a save that fails midway (QuotaExceededError) rolls the load back: DuckDB and the saved workspace agree, earlier layers stay', async () => {
    const memory = new MemoryStore();
    // The estimate says there is plenty of room (estimates are approximate); the store itself is full sooner.
    const storage = new FakeStorage(memory, 1_000_000_000);
    const p = await openParts({ memory, storage });
    p.store.slice('workspace').set({ kind: 'real' });
    const [communes, pops, fs] = territoryFiles(A);
    await p.workspace.importFiles([communes]);
    expect(memory.files.size).toBe(1);
    memory.quota = memory.usage() + 50;
    await p.workspace.importFiles([pops, fs]);
    await p.computing();

    const records = Object.fromEntries(p.store.getSnapshot().workspace.imports.map((r) => [r.file, r]));
    for (const f of [pops, fs]) {
      expect(records[f.name].ok).toBe(false);
      // The estimate (1 Go free) contradicts the store: no room is said rather than a wrong one.
      expect(records[f.name].message).toMatch(new RegExp(
        `^Le fichier « ${f.name.replace(/\./g, '\\.')} » n'a pas été chargé : il n'a pas pu être enregistré dans ce navigateur \\(espace de stockage plein ; \\d+ ko à enregistrer\\)\\. Les données déjà chargées sont inchangées\\.`,
      ));
      expect(records[f.name].message).not.toMatch(/inattendue/);
    }
    // The communes stay, on the map and in the store; the two other files are in neither.
    const held = await rowsByDataset(p);
    expect(held[`communes:${communes.name}`]).toBe(A.codes.length);
    expect(Object.keys(held).filter((k) => !k.endsWith(`:${communes.name}`))).toEqual([]);
    expect(await datasets(p)).toEqual([...memory.files.keys()]);
    expect(p.store.getSnapshot().analysis.data?.communes.map((c) => c.population ?? 0)).toEqual([0, 0, 0]);
    // A reload shows exactly what was there.
    expect(await reopened(memory)).toEqual(held);
  });

  it('a file loaded again that no longer fits keeps its previous rows and its previous saved copy', async () => {
    const memory = new MemoryStore();
    // No estimate from this browser: the import goes on, and the store's refusal is what stops it.
    const storage = new FakeStorage(memory, null);
    const p = await openParts({ memory, storage });
    p.store.slice('workspace').set({ kind: 'real' });
    const pops = populations(A);
    await p.workspace.importFiles([pops]);
    const saved = memory.files.get(pops.name)!;
    memory.quota = memory.usage() + 10;
    const text = new TextDecoder().decode(pops.bytes).replace(/;(\d+);0;(\d+)\n/g, (_, a: string, b: string) => `;${a}000;0;${b}000\n`);
    await p.workspace.importFiles([{ name: pops.name, bytes: enc(text) }]);
    const [record] = p.store.getSnapshot().workspace.imports;
    expect(record.ok).toBe(false);
    expect(record.message).toMatch(/n'a pas pu être enregistré dans ce navigateur \(espace de stockage plein ; \d+ ko à enregistrer\)\. Les données déjà chargées sont inchangées\./);
    const rows = await p.db.query<{ code: string; population: number }>('SELECT code, pmun AS population FROM legal_population ORDER BY code');
    expect(rows.map((r) => r.population)).toEqual(A.population);
    expect(memory.files.get(pops.name)!.bytes).toEqual(saved.bytes);
  });

  it('a big file read as a stream whose save fails is rolled back whole, nothing left pending', async () => {
    const memory = new MemoryStore();
    const storage = new FakeStorage(memory, null);
    const p = await openParts({ memory, storage });
    p.store.slice('workspace').set({ kind: 'real' });
    const big = bigFranceServices('flux.csv', 200_000, 400);
    memory.quota = 100_000;
    const blob = new Blob([big.bytes.slice()]);
    await p.workspace.importFiles([{ name: 'flux.csv', bytes: big.bytes.slice(0, 64 * 1024), blob }]);
    const [record] = p.store.getSnapshot().workspace.imports;
    expect(record).toMatchObject({ file: 'flux.csv', ok: false });
    expect(record.message).toMatch(/^Le fichier « flux\.csv » n'a pas été chargé : il n'a pas pu être enregistré dans ce navigateur \(espace de stockage plein ; 200 ko à enregistrer\)/);
    expect(await rowsByDataset(p)).toEqual({});
    expect(memory.files.size).toBe(0);
    // The batches written while it was read went with it.
    expect(memory.chunks.size).toBe(0);
    expect(p.store.getSnapshot().workspace.importProgress).toBeNull();
    // With room, the same file loads: the rows counted by hand (400 lines after the header).
    memory.quota = Infinity;
    await p.workspace.importFiles([{ name: 'flux.csv', bytes: big.bytes.slice(0, 64 * 1024), blob }]);
    expect((await rowsByDataset(p))['help_points:flux.csv']).toBe(400);
    expect(memory.files.get('flux.csv')?.blob?.size).toBe(200_000);
    expect(memory.files.get('flux.csv')?.chunks?.count).toBe(memory.chunks.size);
  });

  it('the layers of a fetched territory that do not fit together are all refused, before the demo is replaced', async () => {
    const memory = new MemoryStore();
    const storage = new FakeStorage(memory, 4_000_000, 1_000_000);
    const p = await openParts({ memory, storage });
    const origin = (file: string): LayerOrigin => ({ file, sourceId: 'france_services', label: 'France Services', url: 'http://127.0.0.1/x', page: null, retrievedAt: '2026-11-23T10:00:00.000Z', vintage: null, territory: 'département 58', via: 'fetch', dataset: null, resource: null });
    // 2.5 + 1.0 = 3.5 Mo to save, 3.0 Mo left: each would fit alone, not both.
    const layers = [
      { file: 'fs.csv', bytes: bigFranceServices('fs.csv', 2_500_000).bytes, network: false, origin: origin('fs.csv') },
      { file: 'routes.json', bytes: new Uint8Array(1_000_000), network: true, origin: origin('routes.json') },
    ];
    const outcomes = await p.workspace.installLayers(layers, { type: 'departement', code: '58' }, true);
    const message = "Le territoire « département 58 » (3,5 Mo) n'a pas été chargé : il reste 3,0 Mo d'espace de stockage pour ce site dans ce navigateur. " +
      "Libérez de la place (« Réinitialiser » efface les fichiers enregistrés dans ce navigateur) ou de l'espace sur le disque, puis déposez-le à nouveau.";
    expect(outcomes).toEqual([{ file: 'fs.csv', ok: false, message }, { file: 'routes.json', ok: false, message }]);
    expect(p.store.getSnapshot().workspace.kind).toBe('demo');
    expect(p.importer.prepared).toBe(0);
    expect(memory.files.size).toBe(0);
    expect(storage.persistCalls).toBe(0);
  });

  it('a road network whose save fails is not shown, and the travel-time engine goes back to the previous one', async () => {
    const memory = new MemoryStore();
    const storage = new FakeStorage(memory, null);
    const p = await openParts({ memory, storage });
    p.store.slice('workspace').set({ kind: 'real' });
    const overpass = (ways: number) => enc(JSON.stringify({
      version: 0.6, generator: 'test', osm3s: { timestamp_osm_base: '2026-11-20T10:00:00Z' },
      elements: [
        ...Array.from({ length: ways + 1 }, (_, i) => ({ type: 'node', id: i + 1, lat: 47 + i * 0.001, lon: 3.5 })),
        ...Array.from({ length: ways }, (_, i) => ({ type: 'way', id: 100 + i, nodes: [i + 1, i + 2], tags: { highway: 'residential' } })),
      ],
    }));
    const loaded: string[] = [];
    const latest = p.worker.latest.bind(p.worker);
    p.worker.latest = ((key, type, params, onProgress) => {
      if (type === 'loadNetwork') loaded.push((params as { name: string }).name);
      return latest(key, type, params, onProgress);
    }) as typeof p.worker.latest;
    await p.workspace.loadNetwork('routes-a.json', 'osm_json', overpass(3));
    expect(p.store.getSnapshot().workspace.network?.name).toBe('routes-a.json');
    memory.quota = memory.usage() + 10;
    await p.workspace.loadNetwork('routes-b.json', 'osm_json', overpass(30));
    const ws = p.store.getSnapshot().workspace;
    expect(ws.networkError).toMatch(/^Le réseau routier « routes-b\.json » n'a pas été chargé : il n'a pas pu être enregistré dans ce navigateur \(espace de stockage plein ; \d+ ko à enregistrer\)/);
    expect(ws.network?.name).toBe('routes-a.json');
    expect(loaded).toEqual(['routes-a.json', 'routes-b.json', 'routes-a.json']);
    expect([...memory.files.values()].map((f) => `${f.kind}:${f.name}`)).toEqual(['network:routes-a.json']);
  });

  it('persistent storage is asked for once, at the first real import, and the panel line follows', async () => {
    const memory = new MemoryStore();
    const storage = new FakeStorage(memory, 2_000_000_000, 5_000);
    const p = await openParts({ memory, storage });
    p.store.slice('workspace').set({ kind: 'real' });
    const [communes, pops, fs] = territoryFiles(A);
    await p.workspace.importFiles([communes]);
    await p.workspace.importFiles([pops]);
    await p.workspace.importFiles([fs]);
    await p.workspace.refreshStorage();
    expect(storage.persistCalls).toBe(1);
    expect(p.store.getSnapshot().workspace.storage).toEqual({ quota: 2_000_000_000, usage: memory.usage() + 5_000, persisted: true });

    // Already persistent: not asked again. Kept on the demo ("Annuler"): not asked at all.
    const kept = new FakeStorage(new MemoryStore(), 2_000_000_000);
    kept.kept = true;
    const q = await openParts({ storage: kept });
    q.store.slice('workspace').set({ kind: 'real' });
    await q.workspace.importFiles([communes]);
    await q.workspace.refreshStorage();
    expect(kept.persistCalls).toBe(0);
    const onDemo = new FakeStorage(new MemoryStore(), 2_000_000_000);
    const r = await openParts({ storage: onDemo });
    const importing = r.workspace.importFiles([communes]);
    await waitUntil(() => r.store.getSnapshot().workspace.confirmReplace !== null);
    r.workspace.answerReplace(false);
    await importing;
    expect(onDemo.persistCalls).toBe(0);
  });
});

