/**
 * Shared shape of a tabular export (CSV, XLSX): French column labels over plain rows, and the
 * spreadsheet formula-injection guard (OWASP "CSV injection").
 */

/** What a cell may hold. `null`/`undefined`/non-finite numbers are written as empty cells. */
export type CellValue = string | number | boolean | Date | null | undefined;

/** Number display in XLSX (CSV always writes the plain number with a decimal comma). */
export type NumberFormat = 'general' | 'integer' | 'decimal' | 'percent' | 'date';

export interface Column<R> {
  /** Property read from the row (ignored when `value` is given). */
  key: keyof R & string;
  /** French header. */
  label: string;
  /** Computed cell, e.g. `(r) => r.population / r.surface`. */
  value?: (row: R) => CellValue;
  /** XLSX display format; default 'general' ('date' for Date values). */
  format?: NumberFormat;
}

export function cellOf<R>(row: R, col: Column<R>): CellValue {
  if (col.value) return col.value(row);
  const v = (row as Record<string, unknown>)[col.key];
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

/** Characters that make Excel / LibreOffice read a text cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Prefix text that a spreadsheet would run as a formula ("=HYPERLINK(…)", "+33…", "-1+2", "@SUM")
 * with a single quote. Only for text: real numbers are passed as numbers and stay numbers.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Yes / no in French for boolean cells. */
export const boolLabel = (b: boolean) => (b ? 'oui' : 'non');
