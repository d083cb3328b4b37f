/**
 * Streaming import of a big CSV (issue 8, "Big input"): the Filosofi-like grid of the e2e test,
 * 100 MB written to a temporary file, read in 64 KiB pieces as a Blob stream gives them, decoded,
 * parsed by batches and turned into Arrow IPC — what the import worker does — in MB/s.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, report } from './harness.ts';
import { CsvImportStream } from '../src/data/import/import_stream.ts';
import { rowsToIpc } from '../src/data/insert.ts';
import { writeGrid } from '../tests/helpers/filosofi_grid.ts';

async function* pieces(path: string): AsyncGenerator<Uint8Array> {
  for await (const c of createReadStream(path, { highWaterMark: 1 << 16 })) yield new Uint8Array((c as Buffer).buffer, (c as Buffer).byteOffset, (c as Buffer).length);
}

async function readAll(path: string, arrow: boolean): Promise<number> {
  const s = new CsvImportStream('grille.csv', pieces(path));
  const head = await s.open();
  if (head.kind !== 'format') throw new Error('grid not recognised');
  let rows = 0;
  for (let b = await s.next(); b; b = await s.next()) {
    const grid = b.output.rows.grid ?? [];
    rows += grid.length;
    if (arrow) rowsToIpc('grid', grid, 'grille.csv');
  }
  return rows;
}

export default async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'maillage-bench-'));
  try {
    const path = join(dir, 'grille.csv');
    const { rows, bytes } = await writeGrid(path, 100_000_000);
    const mb = bytes / 1e6;
    for (const arrow of [false, true]) {
      const line = await bench(arrow ? 'import_stream_csv_parse_and_arrow' : 'import_stream_csv_parse', () => readAll(path, arrow), {
        runs: 3, extra: { mb: Math.round(mb), rows },
      });
      report({ bench: `${line.bench}_throughput`, mb_per_s: Math.round((mb / (line.median_ms / 1000)) * 10) / 10 });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
