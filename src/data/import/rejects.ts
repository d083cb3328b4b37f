/**
 * The rejected rows of an import as a CSV the user can open in a spreadsheet: UTF-8 with BOM,
 * ';' separator, columns "ligne;motif" then the original columns of the file.
 */
import { csvTextCell } from '../../shared/csv_cell.ts';
import type { Rejected } from './format.ts';

const SEP = ';';

/**
 * A value as the file had it, guarded against formula injection at every place a spreadsheet
 * might start a cell (an apostrophe before the formula character; plain numbers such as "-1,5"
 * are kept), quoted when it holds a separator, a quote, a line break or edge spaces.
 */
const cell = (raw: string) => csvTextCell(raw, { keepNumbers: true }, /^\s|\s$/);

/** `columns`: the original columns in file order (defaults to the union of the rejected rows' keys). */
export function rejectedToCsv(rejected: readonly Rejected[], columns?: readonly string[]): string {
  const cols = columns ?? [...new Set(rejected.flatMap((r) => Object.keys(r.values ?? {})))];
  const header = ['ligne', 'motif', ...cols.filter((c) => c !== 'ligne' && c !== 'motif')];
  const lines = [header.map(cell).join(SEP)];
  for (const r of rejected) {
    lines.push([String(r.line), r.reason, ...header.slice(2).map((c) => r.values?.[c] ?? '')].map(cell).join(SEP));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** The same, as bytes ready for a download (`new Blob([bytes], { type: 'text/csv' })`). */
export const rejectedToCsvBytes = (rejected: readonly Rejected[], columns?: readonly string[]) =>
  new TextEncoder().encode(rejectedToCsv(rejected, columns));
