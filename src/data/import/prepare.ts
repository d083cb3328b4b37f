/**
 * A file made ready for the database away from the page: parsed, its rows turned into Arrow IPC
 * batches and its rejected rows into the CSV the user can download. Runs in the import worker
 * (workers/import_handlers.ts), or on the main thread when no worker can start. Only buffers
 * and small summaries cross back to the page: no array of row objects.
 */
import { rejectedToCsv } from './rejects.ts';
import { importFile, importWithMapping, type ImportOptions, type ImportResult } from './import_file.ts';
import type { ColumnMapping } from './mapping.ts';
import type { Row } from './format.ts';
import { IPC_BATCH_ROWS, rowsToIpc, type IpcTables } from '../insert.ts';
import type { TableName } from '../schema.ts';

export interface PreparedFile {
  /** As importFile's result, with `output.rows` left empty: the rows are in `tables`. */
  result: ImportResult;
  tables: IpcTables;
  rows: number;
  rejected: number;
  /** The rejected rows with their reason, as a CSV ready for download; null when none. */
  rejectedCsv: string | null;
}

export function prepareFile(name: string, bytes: Uint8Array, dataset: string, mapping: ColumnMapping | null, options: ImportOptions = {}): PreparedFile {
  const result = mapping ? importWithMapping(name, bytes, mapping, options) : importFile(name, bytes, options);
  return prepared(result, dataset);
}

export function prepared(result: ImportResult, dataset: string): PreparedFile {
  const tables: IpcTables = {};
  let rows = 0;
  for (const [name, list] of Object.entries(result.output.rows) as [TableName, Row[] | undefined][]) {
    if (!list || list.length === 0) continue;
    rows += list.length;
    tables[name] = ipcBatches(name, list, dataset);
  }
  const { rejected } = result.output;
  return {
    result: { ...result, output: { ...result.output, rows: {} } },
    tables,
    rows,
    rejected: rejected.length,
    rejectedCsv: rejected.length > 0 ? rejectedToCsv(rejected, result.columns) : null,
  };
}

/** Arrow IPC batches of at most IPC_BATCH_ROWS rows each. */
export function ipcBatches(name: TableName, rows: readonly Row[], dataset: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < rows.length; i += IPC_BATCH_ROWS) out.push(rowsToIpc(name, rows.slice(i, i + IPC_BATCH_ROWS), dataset));
  return out;
}
