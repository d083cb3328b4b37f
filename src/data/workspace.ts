/**
 * Loading a set of files (the demo territory, or files the user drops) into the database,
 * recording for each where it came from. One file = one dataset, loaded all-or-nothing.
 */
import { importFile, importWithMapping, type ImportedFile, type ImportOptions, type ImportResult } from './import/import_file.ts';
import type { ColumnMapping } from './import/mapping.ts';
import { createAllTables, replaceDataset } from './insert.ts';
import { ACTIVE_HELP_POINTS_SQL, COMMUNE_VIEW_SQL } from './queries/dashboard.ts';
import { COMMUNE_ACCESS_VIEW_SQL } from './queries/access.ts';
import { sqlString, type SqlEngine } from './sql_engine.ts';
import { TABLES } from './schema.ts';

export interface FileToLoad {
  name: string;
  bytes: Uint8Array;
  /** Key of the rows in the tables (default: the file name); loading again replaces them. */
  dataset?: string;
  /** Vintage of the data, when known (e.g. from the demo manifest). */
  vintage?: string | null;
  fictional?: boolean;
}

export async function prepareSchema(db: SqlEngine): Promise<void> {
  await createAllTables(db);
  await db.query(ACTIVE_HELP_POINTS_SQL);
  await db.query(COMMUNE_VIEW_SQL);
  await db.query(COMMUNE_ACCESS_VIEW_SQL);
}

/**
 * Imports one file and loads it; throws a UserError (French message) and changes nothing on bad
 * input. A file of unknown format is not loaded: the result asks for a column mapping.
 */
export async function loadFile(db: SqlEngine, file: FileToLoad, options: ImportOptions = {}): Promise<ImportResult> {
  const result = importFile(file.name, file.bytes, options);
  if (result.needsMapping) return result;
  await store(db, file, result);
  return result;
}

/** Loads a file of unknown format with the column mapping the user confirmed. */
export async function loadMappedFile(db: SqlEngine, file: FileToLoad, mapping: ColumnMapping, options: ImportOptions = {}): Promise<ImportedFile> {
  const result = importWithMapping(file.name, file.bytes, mapping, options);
  await store(db, file, result);
  return result;
}

async function store(db: SqlEngine, file: FileToLoad, result: ImportedFile): Promise<void> {
  const rowCount = Object.values(result.output.rows).reduce((n, r) => n + (r?.length ?? 0), 0);
  await replaceDataset(db, file.dataset ?? file.name, {
    ...result.output.rows,
    sources: [
      {
        file: file.name,
        format_id: result.format.id,
        format_label: result.format.label,
        source: result.format.source,
        vintage: file.vintage ?? null,
        fictional: file.fictional ?? false,
        rows: rowCount,
        rejected: result.output.rejected.length,
        encoding: result.encoding,
      },
    ],
  });
}

export interface DemoManifest {
  name: string;
  fictional: boolean;
  seed: number;
  departement: { code: string; nom: string };
  bbox: [number, number, number, number];
  files: { file: string; imitates: string; vintage: string; description_fr: string }[];
  totals: Record<string, number>;
}

/** Demo files that are not tabular layers for the importers (the road network goes to the travel-time engine). */
const NOT_IMPORTED = new Set(['manifest.json', 'troncons_routes.geojson', 'cantons_communes.csv']);

/** Datasets of the demo territory are named "demo:<file>", so that they can be removed at once. */
export const DEMO_PREFIX = 'demo:';

/** Removes every row of the demo territory from every table. */
export function removeDemo(db: SqlEngine): Promise<void> {
  return db.exclusive(async (tx) => {
    await tx.query('BEGIN TRANSACTION');
    try {
      for (const t of Object.values(TABLES)) await tx.query(`DELETE FROM ${t.name} WHERE starts_with(dataset, ${sqlString(DEMO_PREFIX)})`);
      await tx.query('COMMIT');
    } catch (e) {
      await tx.query('ROLLBACK');
      throw e;
    }
  });
}

export const demoFilesToImport = (manifest: DemoManifest) => manifest.files.filter((f) => !NOT_IMPORTED.has(f.file));

export async function loadDemo(
  db: SqlEngine,
  fetchBytes: (file: string) => Promise<Uint8Array>,
  onProgress: (done: number, total: number, file: string) => void = () => {},
): Promise<{ manifest: DemoManifest; results: ImportResult[] }> {
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes('manifest.json'))) as DemoManifest;
  const files = demoFilesToImport(manifest);
  const results: ImportResult[] = [];
  for (const [i, f] of files.entries()) {
    onProgress(i, files.length, f.file);
    const result = await loadFile(db, { name: f.file, dataset: `${DEMO_PREFIX}${f.file}`, bytes: await fetchBytes(f.file), vintage: f.vintage, fictional: true });
    results.push(result);
  }
  onProgress(files.length, files.length, '');
  return { manifest, results };
}
