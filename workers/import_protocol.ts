/**
 * The one message protocol between the page and the import worker, both ways: each request type
 * maps to [params, result], as in workers/protocol.ts. Files read whole travel as transferred
 * bytes; big files travel as the File itself (a reference, never read on the page) and come
 * back as Arrow IPC batches, one request per batch: the page asks for the next batch only once
 * the previous one is in the database, so memory stays bounded whatever the file size.
 */
import type { ColumnMapping } from '../src/data/import/mapping.ts';
import type { PreparedFile } from '../src/data/import/prepare.ts';
import type { StreamHead, StreamSummary } from '../src/data/import/import_stream.ts';
import type { IpcBatch } from '../src/data/insert.ts';
import type { SerializedError } from './protocol.ts';
import type { BundleManifest } from '../src/data/fetch/bundle.ts';

export interface PrepareParams {
  name: string;
  /** The whole file (transferred: send a copy if you keep it). */
  bytes: Uint8Array;
  /** Key of the rows in the tables. */
  dataset: string;
  mapping: ColumnMapping | null;
  /** Bring commune codes of older years to today's communes (loads the COG table in the worker). */
  cog: boolean;
}

export interface StreamOpenParams {
  name: string;
  file: Blob;
  dataset: string;
  mapping: ColumnMapping | null;
  cog: boolean;
}

/** Set when the COG table could not be loaded: commune codes are kept as they are. */
export interface CogFlag {
  cogUnavailable: boolean;
}

export interface ImportRequestMap {
  /** Parses a whole file; rows come back as Arrow IPC batches. */
  prepare: [PrepareParams, PreparedFile & CogFlag];
  /** Starts reading a big CSV file as a stream; closed already unless the head is a format. */
  streamOpen: [StreamOpenParams, { stream: number; head: StreamHead } & CogFlag];
  /** The next batch (Arrow IPC per table, and its row count) and the bytes read so far; null after the last one. */
  streamNext: [{ stream: number }, { tables: IpcBatch; rows: number; bytesRead: number } | null];
  /** After the last batch: the summary (warnings, rejects kept, counts); the stream is closed. */
  streamEnd: [{ stream: number }, StreamSummary & { rejectedCsv: string | null }];
  /** Stops a stream (cancelled import); the file is released. */
  streamClose: [{ stream: number }, null];
  /**
   * Unzips a territory bundle, bounded (bytes actually inflated), off the page: its checked
   * manifest and its files as [name, bytes] pairs (transferred). The zip is transferred in.
   */
  readBundle: [{ name: string; bytes: Uint8Array }, { manifest: BundleManifest; files: [string, Uint8Array][] }];
}

export type ImportRequestType = keyof ImportRequestMap;
export type ImportParams<T extends ImportRequestType> = ImportRequestMap[T][0];
export type ImportResultOf<T extends ImportRequestType> = ImportRequestMap[T][1];

export type ToImportWorker = { id: number; type: ImportRequestType; params: unknown };

export type FromImportWorker =
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: SerializedError };
