/**
 * Streaming import of a big CSV file: the bytes come piece by piece, are decoded and read as CSV
 * incrementally (text.ts, csv.ts), the format is recognised on the header exactly as importFile
 * does, and rows are parsed by the format in batches. Only one batch and the unfinished last row
 * are held at a time, whatever the size of the file. Pure: bytes in, batches of rows out.
 *
 * Differences with importFile, by design: errors are raised when the faulty row is reached (the
 * caller rolls back what it inserted); the rejected rows kept with their values are capped at
 * MAX_KEPT_REJECTS (all are counted); a format that removes duplicates within the file (La Poste
 * points, IRIS table) or a COG merge of old communes does so within each batch — those national
 * files are a few megabytes and never take this path.
 */
import { concatBytes } from '../../shared/bytes.ts';
import { CsvReader, type CsvRow } from './csv.ts';
import { mergeCogReports, cogWarnings, remapCommuneCodes, type CogReport } from './cog_apply.ts';
import type { FileFormat, ImportOutput, Rejected } from './format.ts';
import {
  assertReadable, assertText, csvDetector, csvUnknownReason, fileVintage, MAPPED_FORMAT, mixedWarning, NO_DATA_WARNING, SAMPLE_SIZE,
  UNKNOWN_FORMAT, withOriginalValues, type ImportedFile, type ImportOptions, type MappingNeeded,
} from './import_file.ts';
import { applyMapping, guessMapping, type ColumnMapping } from './mapping.ts';
import { TextStreamDecoder } from './text.ts';

/** Rejected rows kept with their original values for the download; beyond, they are only counted. */
export const MAX_KEPT_REJECTS = 10_000;
export const DEFAULT_BATCH_ROWS = 50_000;
/** Pieces are gathered up to this size before decoding (Blob streams give 64 KiB pieces). */
const PIECE_BYTES = 1 << 20;

export interface StreamOptions extends ImportOptions {
  /** Read with this column mapping (a file whose format was not recognised). */
  mapping?: ColumnMapping | null;
  batchRows?: number;
  /** Size of the pieces decoded at once (tests use tiny ones to cross every boundary). */
  pieceBytes?: number;
}

export type StreamHead =
  | { kind: 'format'; format: Pick<FileFormat, 'id' | 'label' | 'source'>; columns: string[] }
  /** Not recognised: the mapping dialog is shown, then the file is read again with the mapping. */
  | { kind: 'mapping'; result: MappingNeeded }
  /** JSON or GeoJSON: not read as a stream (the caller reads it whole). */
  | { kind: 'json' };

export interface StreamBatch {
  output: ImportOutput;
  /** Bytes read so far (for a progress bar: over the file size). */
  bytesRead: number;
}

/** What an import by stream ends with, as importFile's result (rows were handed out in batches). */
export interface StreamSummary {
  result: ImportedFile;
  rows: number;
  /** All rejected rows; `result.output.rejected` holds at most MAX_KEPT_REJECTS of them. */
  rejected: number;
}

export class CsvImportStream {
  private readonly decoder = new TextStreamDecoder();
  private readonly reader: CsvReader;
  private readonly detector: ReturnType<typeof csvDetector>;
  private format: FileFormat | null = null;
  private buffered: CsvRow[] = [];
  private ended = false;
  private bytesRead = 0;
  private warnings = new Set<string>();
  private kept: Rejected[] = [];
  private rejectedCount = 0;
  private rowCount = 0;
  private cog: CogReport | undefined;
  private opened = false;
  private firstText = '';
  /** Read on the first batch (file name, first rows): see vintage.ts. */
  private vintage: string | null | undefined;

  constructor(
    private readonly file: string,
    private readonly pieces: AsyncIterator<Uint8Array>,
    private readonly options: StreamOptions = {},
  ) {
    this.detector = csvDetector(file, !!options.mapping);
    this.reader = new CsvReader(this.detector.options);
  }

  /** Reads until the header is known: which format, or what the mapping dialog needs. */
  async open(): Promise<StreamHead> {
    this.opened = true;
    await this.fill();
    const start = this.firstText.trimStart();
    if (start.startsWith('[') || start.startsWith('{')) return { kind: 'json' };
    while (!this.reader.hasHeader && !this.ended) await this.fill();
    while (!this.options.mapping && !this.detector.matched() && this.buffered.length < SAMPLE_SIZE && !this.ended) await this.fill();
    const columns = this.reader.header;
    this.format = this.detector.matched();
    if (this.options.mapping) return { kind: 'format', format: MAPPED_FORMAT, columns };
    if (!this.format) {
      const sample = this.buffered.slice(0, SAMPLE_SIZE);
      const mixed = this.decoder.mixed;
      return {
        kind: 'mapping',
        result: {
          needsMapping: true, file: this.file, format: UNKNOWN_FORMAT, encoding: this.decoder.encoding,
          output: { rows: {}, rejected: [], warnings: mixed ? [mixedWarning(mixed)] : [] },
          structure: 'csv', columns, sample, guesses: guessMapping(columns, sample, this.file), reason: csvUnknownReason(columns),
        },
      };
    }
    const { id, label, source } = this.format;
    return { kind: 'format', format: { id, label, source }, columns };
  }

  /** The next batch of parsed rows, or null at the end of the file. */
  async next(): Promise<StreamBatch | null> {
    if (!this.opened) throw new Error('CsvImportStream.open() first');
    const size = this.options.batchRows ?? DEFAULT_BATCH_ROWS;
    while (this.buffered.length < size && !this.ended) await this.fill();
    if (this.buffered.length === 0) return null;
    const records = this.buffered.length <= size ? this.buffered : this.buffered.slice(0, size);
    this.buffered = records === this.buffered ? [] : this.buffered.slice(size);
    if (this.vintage === undefined) this.vintage = fileVintage(this.options.mapping ? null : this.format, this.file, this.reader.header, records);
    let output = this.options.mapping
      ? applyMapping(this.file, this.reader.header, records, this.options.mapping)
      : this.format!.parse({ type: 'csv', rows: records }, { file: this.file });
    output = withOriginalValues(output, records);
    if (this.options.cog) {
      const remapped = remapCommuneCodes({ ...output, warnings: [] }, this.options.cog);
      output = { ...remapped.output, warnings: output.warnings };
      this.cog = this.cog ? mergeCogReports(this.cog, remapped.report) : remapped.report;
    }
    for (const w of output.warnings) this.warnings.add(w);
    this.rowCount += Object.values(output.rows).reduce((n, r) => n + (r?.length ?? 0), 0);
    this.rejectedCount += output.rejected.length;
    for (const r of output.rejected) if (this.kept.length < MAX_KEPT_REJECTS) this.kept.push(r);
    return { output, bytesRead: this.bytesRead };
  }

  /** After the last batch: the result as importFile would give it, without the rows. */
  summary(): StreamSummary {
    const warnings: string[] = [];
    const mixed = this.decoder.mixed;
    if (mixed) warnings.push(mixedWarning(mixed));
    warnings.push(...this.warnings);
    if (this.cog) warnings.push(...cogWarnings(this.cog));
    if (this.rowCount === 0 && this.rejectedCount === 0) warnings.push(NO_DATA_WARNING);
    if (this.rejectedCount > this.kept.length) {
      warnings.push(`${this.rejectedCount} lignes rejetées : les ${this.kept.length} premières sont gardées pour le téléchargement avec leur motif.`);
    }
    const format = this.options.mapping ? MAPPED_FORMAT : this.format!;
    return {
      result: {
        needsMapping: false, file: this.file, format: { id: format.id, label: format.label, source: format.source },
        encoding: this.decoder.encoding, output: { rows: {}, rejected: this.kept, warnings }, columns: this.reader.header, cog: this.cog,
        vintage: this.vintage ?? fileVintage(this.options.mapping ? null : this.format, this.file, this.reader.header, []),
      },
      rows: this.rowCount,
      rejected: this.rejectedCount,
    };
  }

  /** Reads one piece (gathered up to PIECE_BYTES) and hands its text to the CSV reader. */
  private async fill(): Promise<void> {
    const parts: Uint8Array[] = [];
    let length = 0;
    const want = this.options.pieceBytes ?? PIECE_BYTES;
    while (length < want) {
      const { value, done } = await this.pieces.next();
      if (done) break;
      if (value.length === 0) continue;
      parts.push(value);
      length += value.length;
    }
    const piece = parts.length === 1 ? parts[0] : concatBytes(parts, length);
    const final = length < want;
    const first = this.bytesRead === 0;
    if (first) assertText(this.file, piece.subarray(0, 4096));
    this.bytesRead += length;
    const text = this.decoder.decode(piece, final);
    if (first) {
      assertReadable(this.file, piece, this.decoder.encoding);
      this.firstText = text.slice(0, 64);
    }
    for (const row of this.reader.push(text)) this.buffered.push(row);
    if (final) {
      for (const row of this.reader.end()) this.buffered.push(row);
      this.ended = true;
    }
  }
}

/** The pieces of a Blob or File, as its stream gives them (never the whole file at once). */
export async function* blobPieces(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopped early (cancelled import): release the file.
    await reader.cancel().catch(() => undefined);
  }
}
