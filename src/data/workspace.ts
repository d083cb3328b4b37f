/**
 * Loading a set of files (the demo territory, or files the user drops) into the database,
 * recording for each where it came from. One file = one dataset, loaded all-or-nothing.
 */
import type { ImportedFile, ImportResult } from './import/import_file.ts';
import type { ColumnMapping } from './import/mapping.ts';
import { appendIpc, createAllTables, replaceDatasetIpc, rowsToIpc } from './insert.ts';
import { signatureMatches } from './import/signature.ts';
import type { TableName } from './schema.ts';
import { prepareFile, type PreparedFile } from './import/prepare.ts';
import type { Row } from './import/format.ts';
import { ACTIVE_GRID_SQL, ACTIVE_HELP_POINTS_SQL, COMMUNE_VIEW_SQL, EMPTY_SNAPSHOTS_SQL } from './queries/dashboard.ts';
import { COMMUNE_ACCESS_VIEW_SQL, EMPTY_ACCESS_SNAPSHOT_SQL } from './queries/access.ts';
import type { SqlEngine } from './sql_engine.ts';

export interface FileToLoad {
  name: string;
  /** The whole file; for a big file (`blob` set), only its first bytes (at most BIG_FILE_HEAD), to recognise it. */
  bytes: Uint8Array;
  /** A big text file, read as a stream from here and never held whole in memory. */
  blob?: Blob;
  /** Key of the rows in the tables (default: the file name); loading again replaces them. */
  dataset?: string;
  /** Vintage of the data, when known (e.g. from the demo manifest). */
  vintage?: string | null;
  fictional?: boolean;
}

/** Text files above this size are read as a stream (CSV), with a progress bar and a cancel button. */
export const BIG_FILE_BYTES = 50 * 1024 * 1024;
export const BIG_FILE_HEAD = 64 * 1024;

/** A big text file (by name and size) that is read as a stream rather than whole. */
export const isStreamable = (name: string, size: number) => size > BIG_FILE_BYTES && /\.(csv|txt|tsv)$/i.test(name);

export async function prepareSchema(db: SqlEngine): Promise<void> {
  await createAllTables(db);
  await db.query(ACTIVE_HELP_POINTS_SQL);
  await db.query(ACTIVE_GRID_SQL);
  await db.query(COMMUNE_VIEW_SQL);
  // The tables made from these views (commune_view, active_grid, active_help_points,
  // commune_access) are filled by the analysis run, for the data loaded then; empty until then.
  for (const sql of EMPTY_SNAPSHOTS_SQL) await db.query(sql);
  await db.query(COMMUNE_ACCESS_VIEW_SQL);
  await db.query(EMPTY_ACCESS_SNAPSHOT_SQL);
}

/** The provenance row of a loaded file (table `sources`). */
export function sourceRow(file: Pick<FileToLoad, 'name' | 'vintage' | 'fictional'>, result: ImportedFile, rows: number, rejected: number): Row {
  return {
    file: file.name,
    format_id: result.format.id,
    format_label: result.format.label,
    source: result.format.source,
    // Given with the file (demo manifest, fetched layer), else read from the file itself (format.ts).
    vintage: file.vintage ?? result.vintage ?? null,
    fictional: file.fictional ?? false,
    rows,
    rejected,
    encoding: result.encoding,
  };
}

/**
 * Loads a file parsed by the import worker (rows already as Arrow IPC), all-or-nothing;
 * `beforeCommit` (e.g. saving the file) runs before the rows are committed, and undoes the load if it throws.
 */
export async function storePrepared(db: SqlEngine, file: FileToLoad, prepared: PreparedFile, beforeCommit?: () => Promise<void>): Promise<void> {
  if (prepared.result.needsMapping) throw new Error('storePrepared: the file needs a column mapping first');
  const dataset = file.dataset ?? file.name;
  await replaceDatasetIpc(db, dataset, {
    ...prepared.tables,
    sources: [rowsToIpc('sources', [sourceRow(file, prepared.result, prepared.rows, prepared.rejected)], dataset)],
  }, beforeCommit);
}

/** Parses a file for loading: in the import worker in the app, on the spot by default (tests, Node). */
export type PrepareFn = (file: FileToLoad, mapping: ColumnMapping | null) => Promise<PreparedFile>;

export const prepareHere: PrepareFn = async (file, mapping) => prepareFile(file.name, file.bytes, file.dataset ?? file.name, mapping);

export interface DemoManifest {
  name: string;
  fictional: boolean;
  seed: number;
  departement: { code: string; nom: string };
  bbox: [number, number, number, number];
  files: { file: string; imitates: string; vintage: string; description_fr: string }[];
  totals: Record<string, number>;
  /** The demo's tables, already made by the importers when the demo was generated (see prepareDemoTables). */
  prepared?: PreparedTables;
}

/**
 * Tables made ahead of time: Arrow IPC streams laid end to end in one binary file, with where
 * each starts. `signature` is the importers' signature when they were made: another build
 * imports the files again instead.
 */
export interface PreparedTables {
  file: string;
  signature: string;
  entries: { dataset: string; table: TableName; offset: number; length: number }[];
}

/** Demo files that are not tabular layers for the importers (the road network goes to the travel-time engine). */
const NOT_IMPORTED = new Set(['manifest.json', 'troncons_routes.geojson', 'cantons_communes.csv']);

/** Datasets of the demo territory are named "demo:<file>". */
export const DEMO_PREFIX = 'demo:';

export const demoFilesToImport = (manifest: DemoManifest) => manifest.files.filter((f) => !NOT_IMPORTED.has(f.file));

const demoFile = (f: DemoManifest['files'][number], bytes: Uint8Array): FileToLoad =>
  ({ name: f.file, dataset: `${DEMO_PREFIX}${f.file}`, bytes, vintage: f.vintage, fictional: true });

/**
 * The demo's tables made by the importers once, when the demo is generated (Node): every
 * importable file prepared as the app prepares it, its sources row included, laid end to end in
 * one binary file (see PreparedTables).
 */
export function prepareDemoTables(manifest: DemoManifest, files: ReadonlyMap<string, string | Uint8Array>, signature: string): { prepared: PreparedTables; bytes: Uint8Array } {
  const parts: Uint8Array[] = [];
  const entries: PreparedTables['entries'] = [];
  let offset = 0;
  const add = (dataset: string, table: TableName, ipc: Uint8Array) => {
    entries.push({ dataset, table, offset, length: ipc.length });
    parts.push(ipc);
    offset += ipc.length;
  };
  for (const f of demoFilesToImport(manifest)) {
    const content = files.get(f.file);
    if (content === undefined) throw new Error(`demo file ${f.file} missing`);
    const file = demoFile(f, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    const dataset = file.dataset!;
    const ready = prepareFile(file.name, file.bytes, dataset, null);
    if (ready.result.needsMapping) throw new Error(`demo file ${f.file} not recognised by the importers`);
    for (const [table, batches] of Object.entries(ready.tables) as [TableName, Uint8Array[]][]) for (const ipc of batches) add(dataset, table, ipc);
    add(dataset, 'sources', rowsToIpc('sources', [sourceRow(file, ready.result, ready.rows, ready.rejected)], dataset));
  }
  const bytes = new Uint8Array(offset);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { prepared: { file: 'tables.bin', signature, entries }, bytes };
}

/**
 * Loads the demo territory: its prepared tables when they were made by this build's importers
 * (no parsing at start), else its files through the importers. Returns the manifest.
 */
export async function loadDemoTables(
  db: SqlEngine,
  fetchBytes: (file: string) => Promise<Uint8Array>,
  prepare: PrepareFn = prepareHere,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ manifest: DemoManifest }> {
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes('manifest.json'))) as DemoManifest;
  const p = manifest.prepared;
  if (p && signatureMatches(p.signature)) {
    const bin = await fetchBytes(p.file);
    // Each stream gets its own buffer: DuckDB takes (transfers) the buffer it is given.
    await appendIpc(db, p.entries.map((e) => ({ table: e.table, ipc: bin.slice(e.offset, e.offset + e.length) })));
    onProgress(1, 1);
    return { manifest };
  }
  await loadDemo(db, fetchBytes, (done, total) => onProgress(done, total), prepare);
  return { manifest };
}

export async function loadDemo(
  db: SqlEngine,
  fetchBytes: (file: string) => Promise<Uint8Array>,
  onProgress: (done: number, total: number, file: string) => void = () => {},
  prepare: PrepareFn = prepareHere,
): Promise<{ manifest: DemoManifest; results: ImportResult[] }> {
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes('manifest.json'))) as DemoManifest;
  const files = demoFilesToImport(manifest);
  const results: ImportResult[] = [];
  for (const [i, f] of files.entries()) {
    onProgress(i, files.length, f.file);
    const file = demoFile(f, await fetchBytes(f.file));
    const ready = await prepare(file, null);
    if (!ready.result.needsMapping) await storePrepared(db, file, ready);
    results.push(ready.result);
  }
  onProgress(files.length, files.length, '');
  return { manifest, results };
}
