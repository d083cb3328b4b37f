/**
 * The rejected rows of an import as a CSV the user can open in a spreadsheet: UTF-8 with BOM,
 * ';' separator, columns "ligne;motif" then the original columns of the file.
 */
import type { Rejected } from './format.ts';

const SEP = ';';

function cell(v: string): string {
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
