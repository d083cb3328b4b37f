/**
 * The workspace: the demo and a real territory never mix, a saved workspace comes back from its
 * saved tables without parsing a file, and a browser store that refuses writes is said, not
 * ignored. The session's parts run in Node (DuckDB-WASM, the worker handlers in place).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTerritory } from '../../../../data/generate_demo.ts';
import { prepareDemoTables, type DemoManifest } from '../../../../src/data/workspace.ts';
import { IMPORT_SIGNATURE } from '../../../../src/data/import/signature.ts';
import { TABLES } from '../../../../src/data/schema.ts';
import { MemoryStore, openParts, waitUntil, type Parts } from '../../../helpers/session_parts.ts';
import { A, B, territoryFiles, total } from './fixtures.ts';
import { deflateBomb, writeZip } from '../../../helpers/bombs.ts';

/** The generated demo, served as the app serves it: its files and its prepared tables. */
function demoServer(): (file: string) => Promise<Uint8Array> {
  const files = generateDemoTerritory(58);
  const manifest = JSON.parse(files.get('manifest.json')!) as DemoManifest;
  const { prepared, bytes } = prepareDemoTables(manifest, files, IMPORT_SIGNATURE);
  const served = new Map<string, Uint8Array>([...files].map(([k, v]) => [k, new TextEncoder().encode(v)]));
  served.set('manifest.json', new TextEncoder().encode(JSON.stringify({ ...manifest, prepared })));
  served.set(prepared.file, bytes);
  return async (file) => {
    const b = served.get(file);
    if (!b) throw new Error(`not served: ${file}`);
    return b.slice();
  };
}

/** Rows per table whose dataset belongs to the demo ("demo:<file>"). */
async function demoRows(p: Parts): Promise<number> {
  let n = 0;
  for (const t of Object.values(TABLES)) {
    const [r] = await p.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${t.name} WHERE starts_with(dataset, 'demo:')`);
    n += r.n;
  }
  return n;
}

describe('workspace', { timeout: 180_000 }, () => {
  let fetchDemo: (file: string) => Promise<Uint8Array>;
  beforeAll(() => {
    fetchDemo = demoServer();
  });

  it('starts on the demo from its prepared tables, without parsing a file', async () => {
    const p = await openParts({ fetchDemo });
    await p.workspace.start(() => {});
    await p.computing();
    const s = p.store.getSnapshot();
    expect(s.workspace.kind).toBe('demo');
    expect(s.workspace.manifest?.fictional).toBe(true);
    expect(p.importer.prepared).toBe(0);
    expect(s.workspace.network?.name).toBe('troncons_routes.geojson');
    // The generator's own total, written in its manifest when it made the files.
    expect(s.analysis.figures?.population).toBe(s.workspace.manifest?.totals.population);
    expect(await demoRows(p)).toBeGreaterThan(0);
  });

  it('the first own file on the demo asks to replace it; "Annuler" keeps the demo and loads nothing', async () => {
    const p = await openParts({ fetchDemo });
    await p.workspace.start(() => {});
    await p.computing();
    const before = await demoRows(p);
    const importing = p.workspace.importFiles(territoryFiles(A));
    await waitUntil(() => p.store.getSnapshot().workspace.confirmReplace !== null);
    expect(p.store.getSnapshot().workspace.confirmReplace?.what).toContain('communes-58001.geojson');
    p.workspace.answerReplace(false);
    await importing;
    expect(p.store.getSnapshot().workspace.kind).toBe('demo');
    expect(await demoRows(p)).toBe(before);
    const [{ n }] = await p.db.query<{ n: number }>("SELECT count(*) AS n FROM communes WHERE code = '58001'");
    expect(n).toBe(0);
  });

  it('"Remplacer" removes every row, the road network and the scenarios of the demo, then loads the file', async () => {
    const p = await openParts({ fetchDemo });
    await p.workspace.start(() => {});
    await p.computing();
    p.planning.set({ scenario: { name: 'Essai', added: [{ id: 's1', name: 'Nouveau', lon: 3, lat: 47, kind: 'france_services' }], removed: [] }, saved: [{ name: 'Essai', added: [], removed: [] }] });
    const importing = p.workspace.importFiles(territoryFiles(A));
    await waitUntil(() => p.store.getSnapshot().workspace.confirmReplace !== null);
    p.workspace.answerReplace(true);
    await importing;
    await p.computing();
    const s = p.store.getSnapshot();
    expect(s.workspace.kind).toBe('real');
    expect(s.workspace.manifest).toBeNull();
    expect(s.workspace.network).toBeNull();
    expect(await demoRows(p)).toBe(0);
    expect(s.planning.scenario.added).toEqual([]);
    expect(s.planning.saved).toEqual([]);
    expect(s.analysis.figures?.population).toBe(total(A));
    expect(s.analysis.data?.communes.map((c) => c.nom)).toEqual(A.names);
    expect(await p.memory.getSetting('workspaceKind')).toBe('real');
  });

  it('a saved workspace comes back from its saved tables; files are imported again only for another build’s importers', async () => {
    const memory = new MemoryStore();
    const first = await openParts({ memory });
    first.store.slice('workspace').set({ kind: 'real' });
    await first.workspace.importFiles([...territoryFiles(A), ...territoryFiles(B)]);
    await first.computing();
    expect(memory.files.size).toBe(6);
    expect([...memory.files.values()].every((f) => f.prepared?.signature === IMPORT_SIGNATURE)).toBe(true);
    await memory.setting('workspaceKind', 'real');

    const again = await openParts({ memory });
    await again.workspace.start(() => {});
    await again.computing();
    expect(again.importer.prepared).toBe(0);
    expect(again.store.getSnapshot().analysis.figures?.population).toBe(total(A) + total(B));
    const sources = await again.db.query<{ file: string }>('SELECT file FROM sources ORDER BY file');
    expect(sources.map((r) => r.file)).toEqual([...memory.files.keys()].sort());

    // Tables made by other importers are not trusted: their files go through this build's importers, and are saved anew.
    for (const f of memory.files.values()) f.prepared!.signature = 'another-build';
    const third = await openParts({ memory });
    await third.workspace.start(() => {});
    await third.computing();
    expect(third.importer.prepared).toBe(6);
    expect(third.store.getSnapshot().analysis.figures?.population).toBe(total(A) + total(B));
    expect([...memory.files.values()].every((f) => f.prepared?.signature === IMPORT_SIGNATURE)).toBe(true);
  });

  it('a browser store that refuses to save is said in French; the file is not loaded (a reload would lose it)', async () => {
    const memory = new MemoryStore();
    memory.failWrites = true;
    const p = await openParts({ memory });
    p.store.slice('workspace').set({ kind: 'real' });
    const [communes] = territoryFiles(A);
    await p.workspace.importFiles([communes]);
    await p.computing();
    const s = p.store.getSnapshot();
    expect(s.workspace.imports[0]).toMatchObject({ file: communes.name, ok: false });
    expect(s.workspace.imports[0].message).toMatch(/^Le fichier « communes-58001\.geojson » n'a pas été chargé : il n'a pas pu être enregistré dans ce navigateur \(erreur du navigateur : QuotaExceededError ; \d+ ko à enregistrer\)/);
    expect(s.analysis.data?.communes ?? []).toHaveLength(0);
    const [{ n }] = await p.db.query<{ n: number }>('SELECT count(*) AS n FROM communes');
    expect(n).toBe(0);
    expect(memory.files.size).toBe(0);
    await p.workspace.setTerritory({ selection: { type: 'departement', code: '58' }, bufferKm: 10 });
    expect(p.notices.some((m) => /territoire étudié.*n'a pas pu être enregistré/.test(m))).toBe(true);
  });
});

describe('file names (issue 18, item 15)', { timeout: 180_000 }, () => {
  it('a name with a right-to-left override or the demo prefix is cleaned, said, and stays out of the demo namespace', async () => {
    const memory = new MemoryStore();
    const p = await openParts({ memory });
    p.store.slice('workspace').set({ kind: 'real' });
    const [communes, population] = territoryFiles(A);
    await p.workspace.importFiles([{ ...communes, name: 'demo:communes.geojson' }, { ...population, name: `pop\u202E${population.name}` }]);
    await p.computing();
    const names = [...memory.files.keys()].sort();
    expect(names).toEqual(['demo_communes.geojson', `pop${population.name}`].sort());
    const sources = await p.db.query<{ dataset: string }>("SELECT dataset FROM sources WHERE starts_with(dataset, 'demo:') OR dataset LIKE '%' || chr(8238) || '%'");
    expect(sources).toEqual([]);
    expect(p.store.getSnapshot().workspace.imports.map((r) => r.file).sort()).toEqual(names);
    expect(p.notices.some((m) => /Nom de fichier modifié : « demo_communes\.geojson »/.test(m))).toBe(true);
    expect(p.store.getSnapshot().analysis.data?.communes).toHaveLength(A.codes.length);
  });
});

describe('several unknown files dropped together (issue 18, item 11)', { timeout: 180_000 }, () => {
  it('each gets its own column-mapping dialog, in order; a cancelled one is listed as not loaded', async () => {
    const p = await openParts();
    p.store.slice('workspace').set({ kind: 'real' });
    const unknown = (name: string, lat: number) => ({ name, bytes: new TextEncoder().encode(`nom;lat_y;lon_x\nLieu ${name};${lat};3.5\n`) });
    await p.workspace.importFiles([unknown('un.csv', 47.01), unknown('deux.csv', 47.02), unknown('trois.csv', 47.03)]);
    const ws = () => p.store.getSnapshot().workspace;
    const asked: string[] = [];
    const mapping = { target: 'help_points', kind: 'mediation', name: 'nom', communeCode: null, coordinates: { type: 'columns', x: 'lon_x', y: 'lat_y', crs: 'wgs84' } } as const;
    expect(ws().pendingMapping?.file.name).toBe('un.csv');
    expect(ws().mappingWaiting).toBe(2);
    const ids = new Set<number>();
    for (const answer of [mapping, null, mapping]) {
      asked.push(ws().pendingMapping!.file.name);
      ids.add(ws().pendingMapping!.id);
      await p.workspace.confirmMapping(answer);
    }
    expect(asked).toEqual(['un.csv', 'deux.csv', 'trois.csv']);
    expect(ids.size).toBe(3);
    expect(ws().pendingMapping).toBeNull();
    expect(ws().mappingWaiting).toBe(0);
    const records = Object.fromEntries(ws().imports.map((r) => [r.file, r]));
    expect(records['un.csv'].ok).toBe(true);
    expect(records['trois.csv'].ok).toBe(true);
    expect(records['deux.csv'].ok).toBe(false);
    expect(records['deux.csv'].message).toMatch(/deux\.csv » non chargé : correspondance des colonnes annulée/);
    const rows = await p.db.query<{ dataset: string }>('SELECT DISTINCT dataset FROM help_points ORDER BY dataset');
    expect(rows.map((r) => r.dataset)).toEqual(['trois.csv', 'un.csv']);
  });
});

describe('a bundle zip bomb dropped in the dashboard (issue 18, item 5)', { timeout: 180_000 }, () => {
  it('is refused with a French message naming the bomb, read through the import worker; nothing is loaded', async () => {
    const p = await openParts();
    p.store.slice('workspace').set({ kind: 'real' });
    const manifest = new TextEncoder().encode(JSON.stringify({
      maillage_bundle: 1, territory: { kind: 'departement', code: '58', name: 'Nièvre', departements: ['58'] }, created_at: '2026-11-23T10:00:00.000Z',
      created_by: 'test', privacy: '', layers: [{ sourceId: 'france_services', label: 'France Services', file: 'zeros.csv', url: 'http://127.0.0.1/x', page: null, vintage: null, retrievedAt: '2026-11-23T10:00:00.000Z', network: false }],
    }));
    const zip = writeZip([
      { name: 'SOURCES.json', data: manifest, method: 0, size: manifest.length },
      { name: 'zeros.csv', data: deflateBomb(944), method: 8, size: 0, descriptor: true },
    ]);
    const asked: string[] = [];
    const request = p.importer.request.bind(p.importer);
    p.importer.request = ((type: string, params: never) => (asked.push(type), request(type as never, params))) as typeof p.importer.request;
    await p.workspace.importFiles([{ name: 'lot-piege.zip', bytes: zip }]);
    expect(asked).toContain('readBundle');
    const [record] = p.store.getSnapshot().workspace.imports;
    expect(record.ok).toBe(false);
    expect(record.message).toMatch(/fichier « lot-piege\.zip » : archive suspecte \(« bombe zip »\) : zeros\.csv se décompresse/);
    const [{ n }] = await p.db.query<{ n: number }>('SELECT count(*) AS n FROM help_points');
    expect(n).toBe(0);
  });
});

