/**
 * Import into DuckDB (issue 4 target: national France Services + 35k communes ready in < 1 s in
 * Node): importFile + replaceDataset on a fresh Node DuckDB, real files read in place.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bench, median, report, round } from './harness.ts';
import { importFile } from '../src/data/import/import_file.ts';
import { createAllTables, replaceDataset } from '../src/data/insert.ts';
import { openNodeDuckDB } from '../tests/helpers/duckdb_node.ts';

const RAW = resolve(import.meta.dirname, '..', process.env.MAILLAGE_FIXTURES ?? '../shared/data', 'raw');
const FS = resolve(RAW, 'anct-france-services/liste-fs-20240801.csv');
const COMMUNES = resolve(RAW, 'insee-derived-dataforgood-ifn/Communes.csv');

export default async function run(): Promise<void> {
  if (!existsSync(FS) || !existsSync(COMMUNES)) {
    report({ bench: 'import_fs_and_communes_duckdb', skipped: `real files missing under ${RAW}` });
    return;
  }
  const files = [
    { name: 'liste-fs-20240801.csv', bytes: readFileSync(FS) },
    { name: 'Communes.csv', bytes: readFileSync(COMMUNES) },
  ];
  // A fresh database per run; opening it (wasm instantiation) is timed apart from the load.
  const openMs: number[] = [];
  const loadMs: number[] = [];
  const tableMs: Record<string, number[]> = {};
  let rows = 0;
  for (let run = 0; run < 6; run++) {
    const t0 = performance.now();
    const db = await openNodeDuckDB();
    const t1 = performance.now();
    await createAllTables(db);
    rows = 0;
    for (const f of files) {
      const s = performance.now();
      const r = importFile(f.name, f.bytes);
      if (r.needsMapping) throw new Error(`${f.name} not recognised`);
      await replaceDataset(db, f.name, r.output.rows);
      rows += Object.values(r.output.rows).reduce((n, l) => n + (l?.length ?? 0), 0);
      if (run > 0) (tableMs[f.name] ??= []).push(performance.now() - s);
    }
    const t2 = performance.now();
    await db.close();
    if (run === 0) continue; // warm-up
    openMs.push(t1 - t0);
    loadMs.push(t2 - t1);
  }
  report({
    bench: 'import_fs_and_communes_into_fresh_duckdb', median_ms: round(median(loadMs)), runs: loadMs.length, target_ms: 1000, rows,
    per_file_ms: Object.fromEntries(Object.entries(tableMs).map(([k, v]) => [k, round(median(v))])),
    includes: 'createAllTables + importFile + replaceDataset (decode, detect, parse, Arrow, insert, transaction)',
  });
  report({ bench: 'duckdb_node_open', median_ms: round(median(openMs)), runs: openMs.length, note: 'wasm instantiation, once per session' });
  const parseOnly = await bench('import_fs_and_communes_parse_only', () => files.forEach((f) => importFile(f.name, f.bytes)), { runs: 5 });
  report({ bench: 'import_share_parse', parse_ms: parseOnly.median_ms, load_ms: round(median(loadMs)) });
}
