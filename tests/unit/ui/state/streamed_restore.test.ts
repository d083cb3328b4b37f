/**
 * A big file read as a stream (issue 18, item 9): its tables are saved batch by batch while it is
 * read, and the next start puts those batches back without reading the file again. A lost batch or
 * another build's importers replay the saved Blob; batches of an import that never ended are dropped.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore, openParts, type Parts } from '../../../helpers/session_parts.ts';

const GRID_HEADER = 'Idcar_1km,I_est_1km,x,y,Depcom,Ind,Men,Men_pauv,Men_1ind,Men_5ind,Men_prop,Men_fmp,Ind_snv,Men_surf,Men_coll,Men_mais,Log_av45,Log_45_70,Log_70_90,Log_ap90,Log_inc,Log_soc,Ind_0_3,Ind_4_5,Ind_6_10,Ind_11_17,Ind_18_24,Ind_25_39,Ind_40_54,Ind_55_64,Ind_65_79,Ind_80p,Ind_inc';

/** A Filosofi-like 1 km grid of `n` cells, each with `ind` people; returns the file and the people written. */
function grid(n: number): { file: { name: string; bytes: Uint8Array; blob: Blob }; people: number } {
  const lines = [GRID_HEADER];
  let people = 0;
  for (let i = 0; i < n; i++) {
    const x = 3_700_500 + (i % 50) * 1000;
    const y = 2_600_500 + Math.floor(i / 50) * 1000;
    const ind = 10 + (i % 7);
    people += ind;
    lines.push(`CRS3035RES1000mN${y - 500}E${x - 500},1,${x},${y},,${ind},4,1,1,0,2,0,1000.0,80,1,1,0,0,0,1,0,0,0,0,1,1,1,2,2,1,1,0,0`);
  }
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
  const blob = new Blob([bytes]);
  return { file: { name: 'carreaux_test.csv', bytes: bytes.slice(0, 64 * 1024), blob }, people };
}

/** Files read as a stream by these parts so far. */
const streams = (p: Parts) => p.importer.asked.streamOpen ?? 0;

const gridPeople = async (p: Parts) =>
  (await p.db.query<{ n: number; ind: number }>("SELECT count(*)::INT AS n, sum(pop)::INT AS ind FROM grid WHERE dataset = 'carreaux_test.csv'"))[0];

async function importedOnce(memory: MemoryStore, cells: number) {
  const p = await openParts({ memory });
  p.store.slice('workspace').set({ kind: 'real' });
  const made = grid(cells);
  await p.workspace.importFiles([made.file]);
  await p.computing();
  await memory.setting('workspaceKind', 'real');
  return { p, made };
}

describe('a big file read as a stream, then the page reloaded', { timeout: 120_000 }, () => {
  it('comes back from its saved batches, without reading the file again', async () => {
    const memory = new MemoryStore();
    const { p, made } = await importedOnce(memory, 1200);
    expect(await gridPeople(p)).toEqual({ n: 1200, ind: made.people });
    const saved = memory.files.get('carreaux_test.csv')!;
    expect(saved.blob?.size).toBe(made.file.blob.size);
    expect(saved.chunks?.count).toBe(1);
    expect(memory.chunks.size).toBe(1);
    expect(saved.record?.rows).toBe(1200);

    const again = await openParts({ memory });
    const steps: string[] = [];
    await again.workspace.start((s) => steps.push(s));
    await again.computing();
    expect(streams(again)).toBe(0);
    expect(again.importer.prepared).toBe(0);
    expect(await gridPeople(again)).toEqual({ n: 1200, ind: made.people });
    expect(steps).toContain('Restauration de carreaux_test.csv (lot 1 sur 1)…');
    const [src] = await again.db.query<{ rows: number }>("SELECT rows FROM sources WHERE file = 'carreaux_test.csv'");
    expect(src.rows).toBe(1200);
    expect(again.store.getSnapshot().workspace.imports.find((r) => r.file === 'carreaux_test.csv')?.message).toMatch(/1\s200 ligne\(s\) chargée\(s\)/);
  });

  it('a lost batch, or batches made by another build, replay the saved file; an import cut short leaves no batch', async () => {
    const memory = new MemoryStore();
    const { made } = await importedOnce(memory, 300);
    const saved = memory.files.get('carreaux_test.csv')!;
    memory.chunks.clear();
    const lost = await openParts({ memory });
    await lost.workspace.start(() => {});
    await lost.computing();
    expect(streams(lost)).toBe(1);
    expect(await gridPeople(lost)).toEqual({ n: 300, ind: made.people });
    // Replayed, and saved anew with batches of its own; the old record's batches are gone.
    const resaved = memory.files.get('carreaux_test.csv')!;
    expect(resaved.chunks?.id).not.toBe(saved.chunks?.id);
    expect([...memory.chunks.keys()].every((k) => k.startsWith(`${resaved.chunks!.id}\u0000`))).toBe(true);

    resaved.chunks!.signature = 'another-build';
    const other = await openParts({ memory });
    await other.workspace.start(() => {});
    await other.computing();
    expect(streams(other)).toBe(1);
    expect(await gridPeople(other)).toEqual({ n: 300, ind: made.people });

    // Batches of no saved file (a tab closed mid-import) are dropped at the next start.
    memory.chunks.set('orphan.csv#x\u00000', {});
    await (await openParts({ memory })).workspace.start(() => {});
    expect([...memory.chunks.keys()].some((k) => k.startsWith('orphan.csv'))).toBe(false);
  });

  it('a store that refuses a batch keeps the file loaded and saved as a Blob, to be read again at the next start', async () => {
    const memory = new MemoryStore();
    memory.chunkRoom = 0;
    const { p, made } = await importedOnce(memory, 300);
    expect(await gridPeople(p)).toEqual({ n: 300, ind: made.people });
    expect(memory.files.get('carreaux_test.csv')?.chunks).toBeUndefined();
    expect(memory.chunks.size).toBe(0);
    memory.chunkRoom = Infinity;
    const again = await openParts({ memory });
    await again.workspace.start(() => {});
    await again.computing();
    expect(streams(again)).toBe(1);
    expect(await gridPeople(again)).toEqual({ n: 300, ind: made.people });
  });
});
