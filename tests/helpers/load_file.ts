/**
 * A file loaded into a test database as the dashboard loads it: parsed as the import worker
 * parses it (`prepareFile`, workers/import_handlers.ts), written all-or-nothing by `storePrepared`.
 * For tests of what the tables hold; the whole path of a dropped file (room, save, records) is
 * `Workspace.importFiles`, driven in tests through tests/helpers/session_parts.ts.
 */
import type { ImportOptions, ImportResult } from '../../src/data/import/import_file.ts';
import { prepareFile } from '../../src/data/import/prepare.ts';
import type { SqlEngine } from '../../src/data/sql_engine.ts';
import { storePrepared, type FileToLoad } from '../../src/data/workspace.ts';

/** Loads `file` (a file of unknown format is not loaded: its result asks for a column mapping). */
export async function loadTestFile(db: SqlEngine, file: FileToLoad, options: ImportOptions = {}): Promise<ImportResult> {
  const prepared = prepareFile(file.name, file.bytes, file.dataset ?? file.name, null, options);
  if (!prepared.result.needsMapping) await storePrepared(db, file, prepared);
  return prepared.result;
}
