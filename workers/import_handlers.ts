/**
 * What the import worker does, one function per request of workers/import_protocol.ts. Shared by
 * the worker and by the page when no worker can start (the same code, on the main thread).
 * Holds the streams being read and, once asked for, today's communes (COG) table.
 */
import { loadCogTable, loadEpciTable, type CogTable } from '../src/domain/cog.ts';
import { blobPieces, CsvImportStream } from '../src/data/import/import_stream.ts';
import { prepareFile } from '../src/data/import/prepare.ts';
import { rejectedToCsv } from '../src/data/import/rejects.ts';
import { readBundle } from '../src/data/fetch/bundle.ts';
import { rowsToIpc, type IpcBatch } from '../src/data/insert.ts';
import type { TableName } from '../src/data/schema.ts';
import type { Row } from '../src/data/import/format.ts';
import type { ImportParams, ImportRequestType, ImportResultOf } from './import_protocol.ts';

interface OpenStream {
  reader: CsvImportStream;
  pieces: AsyncGenerator<Uint8Array>;
  dataset: string;
}

const streams = new Map<number, OpenStream>();
let nextStream = 1;
let cog: Promise<CogTable | null> | null = null;

/**
 * Today's communes and EPCI, loaded once (8.6 + 4 MB of JSON, parsed here rather than on the
 * page). Without the EPCI the communes still map (EPCI are then named only by the files).
 */
function cogTable(): Promise<CogTable | null> {
  cog ??= Promise.all([loadCogTable(), loadEpciTable().catch(() => undefined)])
    .then(([communes, epci]) => ({ ...communes, epci }))
    .catch(() => null);
  return cog;
}

async function cogFor(wanted: boolean): Promise<{ table: CogTable | undefined; cogUnavailable: boolean }> {
  if (!wanted) return { table: undefined, cogUnavailable: false };
  const table = await cogTable();
  return { table: table ?? undefined, cogUnavailable: table === null };
}

function open(stream: number): OpenStream {
  const s = streams.get(stream);
  if (!s) throw new Error(`Lecture du fichier interrompue (flux ${stream} inconnu) : relancez l'import.`);
  return s;
}

async function close(stream: number): Promise<void> {
  const s = streams.get(stream);
  streams.delete(stream);
  await s?.pieces.return(undefined);
}

const handlers: { [T in ImportRequestType]: (params: ImportParams<T>) => Promise<ImportResultOf<T>> } = {
  async prepare({ name, bytes, dataset, mapping, cog: wanted }) {
    const { table, cogUnavailable } = await cogFor(wanted);
    return { ...prepareFile(name, bytes, dataset, mapping, { cog: table }), cogUnavailable };
  },

  async streamOpen({ name, file, dataset, mapping, cog: wanted }) {
    const { table, cogUnavailable } = await cogFor(wanted);
    const pieces = blobPieces(file);
    const reader = new CsvImportStream(name, pieces, { cog: table, mapping });
    const stream = nextStream++;
    streams.set(stream, { reader, pieces, dataset });
    try {
      const head = await reader.open();
      if (head.kind !== 'format') await close(stream);
      return { stream, head, cogUnavailable };
    } catch (e) {
      await close(stream);
      throw e;
    }
  },

  async streamNext({ stream }) {
    const s = open(stream);
    try {
      const batch = await s.reader.next();
      if (!batch) return null;
      const tables: IpcBatch = {};
      let count = 0;
      for (const [name, rows] of Object.entries(batch.output.rows) as [TableName, Row[] | undefined][]) {
        if (!rows || rows.length === 0) continue;
        tables[name] = rowsToIpc(name, rows, s.dataset);
        count += rows.length;
      }
      return { tables, rows: count, bytesRead: batch.bytesRead };
    } catch (e) {
      await close(stream);
      throw e;
    }
  },

  async streamEnd({ stream }) {
    const s = open(stream);
    const summary = s.reader.summary();
    await close(stream);
    const kept = summary.result.output.rejected;
    return { ...summary, rejectedCsv: kept.length > 0 ? rejectedToCsv(kept, summary.result.columns) : null };
  },

  async streamClose({ stream }) {
    await close(stream);
    return null;
  },

  async readBundle({ name, bytes }) {
    const { manifest, files } = readBundle(name, bytes);
    return { manifest, files: [...files] };
  },
};

export function handleImport<T extends ImportRequestType>(type: T, params: ImportParams<T>): Promise<ImportResultOf<T>> {
  const handler = handlers[type] as (p: ImportParams<T>) => Promise<ImportResultOf<T>>;
  if (!handler) return Promise.reject(new Error(`unknown import request: ${String(type)}`));
  return handler(params);
}
