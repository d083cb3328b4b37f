/**
 * CSV that French Excel opens correctly by double-click: UTF-8 with BOM, ';' separator, CRLF,
 * decimal comma. Text cells are guarded against formula injection at every place a reader with
 * another separator might start a cell, and quoted when they hold any separator, a quote or a
 * line break (shared/csv_cell.ts).
 */
import { fmtDate } from '../shared/format.ts';
import { csvTextCell } from '../shared/csv_cell.ts';
import { boolLabel, cellOf, type CellValue, type Column } from './table.ts';

export interface CsvOptions {
  /** Field separator; default ';' (French Excel). */
  separator?: ';' | ',' | '\t';
  /** Decimal mark of numbers; default ','. Must differ from the separator. */
  decimal?: ',' | '.';
  /** Round numbers to at most this many decimals (default: as is). */
  maxDecimals?: number;
  /** Byte-order mark so Excel detects UTF-8; default true. */
  bom?: boolean;
}

export const CSV_MIME = 'text/csv;charset=utf-8';

function numberText(n: number, decimal: string, maxDecimals: number | undefined): string {
  if (!Number.isFinite(n)) return '';
  let v = maxDecimals === undefined ? n : Number(n.toFixed(maxDecimals));
  if (Object.is(v, -0)) v = 0;
  let s = String(v);
  // Spreadsheets read "1e-7" inconsistently: write tiny or huge numbers out in full.
  if (/e/i.test(s)) s = Math.abs(v) < 1 ? v.toFixed(20).replace(/0+$/, '') : BigInt(Math.round(v)).toString();
  return decimal === '.' ? s : s.replace('.', decimal);
}

/** One cell as CSV text: numbers as numbers (never quoted: the decimal mark differs from the separator), text guarded and quoted. */
export function csvCellText(v: CellValue, opts: Required<Pick<CsvOptions, 'decimal'>> & Pick<CsvOptions, 'maxDecimals'>): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return numberText(v, opts.decimal, opts.maxDecimals);
  if (typeof v === 'boolean') return boolLabel(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : fmtDate(v);
  return csvTextCell(v);
}

/** The whole file as a string (BOM included unless `bom: false`). */
export function toCsv<R>(rows: readonly R[], columns: readonly Column<R>[], options: CsvOptions = {}): string {
  const separator = options.separator ?? ';';
  const decimal = options.decimal ?? ',';
  if (decimal === separator) throw new Error(`CSV: le séparateur décimal « ${decimal} » ne peut pas être le séparateur de champs`);
  const cellOpts = { decimal, maxDecimals: options.maxDecimals };
  const line = (cells: string[]) => cells.join(separator);
  const lines = [line(columns.map((c) => csvTextCell(c.label)))];
  for (const row of rows) lines.push(line(columns.map((c) => csvCellText(cellOf(row, c), cellOpts))));
  return (options.bom === false ? '' : '\uFEFF') + lines.join('\r\n') + '\r\n';
}

/** UTF-8 bytes of `toCsv` (for a Blob or a zip entry). */
export function toCsvBytes<R>(rows: readonly R[], columns: readonly Column<R>[], options: CsvOptions = {}): Uint8Array {
  return new TextEncoder().encode(toCsv(rows, columns, options));
}
