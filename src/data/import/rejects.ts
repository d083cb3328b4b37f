/**
 * The rejected rows of an import as a CSV the user can open in a spreadsheet: UTF-8 with BOM,
 * ';' separator, columns "ligne;motif" then the original columns of the file.
 */
import type { Rejected } from './format.ts';

const SEP = ';';

/**
 * A value a spreadsheet would run as a formula (=, +, -, @, tab or CR first; "CSV injection"):
 * prefixed with an apostrophe, which spreadsheets show as text. Plain numbers (-1,5) are kept.
 */
function neutralised(v: string): string {
  return /^[=+\-@\t\r]/.test(v) && !/^[+-]?\d[\d\s.,]*$/.test(v) ? `'${v}` : v;
}

function cell(raw: string): string {
  const v = neutralised(raw);
  return /[";\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

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
