/**
 * Text cells written for a spreadsheet, guarded against formula injection ("CSV injection").
 *
 * OWASP, CSV Injection (owasp.org/www-community/attacks/CSV_Injection): no cell may begin with
 * `=`, `+`, `-`, `@`, tab, carriage return or line feed, and "it is not sufficient to make sure
 * that the untrusted user input does not start with these characters. You also need to take care
 * of the field separator (e.g., ',', or ';') and quotes", since a reader splitting on another
 * separator than ours starts a new cell there. Its remedy: a leading single quote, and the cell
 * wrapped in double quotes with inner double quotes doubled.
 *
 * So every place where a reader might start a cell (the start, and after `,` `;` `|` tab, a line
 * break or a quote) is checked, and a formula character there gets an apostrophe before it:
 * `Ville2,=1+6` becomes `Ville2,'=1+6`, which stays text whether the reader splits on `,` or
 * not. A cell holding a separator, a quote, a tab or a line break is always quoted.
 */

/** Where a spreadsheet may start a cell: the start, or after a separator it might guess, a line break or a quote. */
const CELL_START = /(^|[,;|\t\r\n"'])([ \u00a0]*)(?=[=+\-@\t\r\n])/g;
/** What a cell starting a formula character may still be: a plain number ("-1,5", "+33 6 12"), read as a number, not a formula. */
const PLAIN_NUMBER = /^[+-]?\d[\d \u00a0.]*$/;
const PART_END = /[,;|\t\r\n"']/;

export interface GuardOptions {
  /** Leave plain numbers written as text ("-1", "+33 6 12") as they are (default false). */
  keepNumbers?: boolean;
}

/**
 * An apostrophe before every formula character at a place where a reader might start a cell.
 * Idempotent on its output's dangerous places (an apostrophe is not a formula character).
 */
export function neutraliseCells(text: string, options: GuardOptions = {}): string {
  return text.replace(CELL_START, (match: string, sep: string, spaces: string, offset: number) => {
    if (options.keepNumbers) {
      const rest = text.slice(offset + match.length);
      const end = rest.slice(1).search(PART_END);
      const part = end < 0 ? rest : rest.slice(0, end + 1);
      if (PLAIN_NUMBER.test(part)) return match;
    }
    return `${sep}${spaces}'`;
  });
}

/** Characters that make a cell need quotes whatever the separator (OWASP; RFC 4180 §2.6–2.7). */
const NEEDS_QUOTES = /[,;\t"\r\n]/;

/** RFC 4180 quoting: wrapped in double quotes, inner ones doubled, when the cell holds a separator, a quote or a line break. */
export function quoteCell(text: string, alsoWhen?: RegExp): string {
  return NEEDS_QUOTES.test(text) || alsoWhen?.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A text cell ready for a CSV line: neutralised, then quoted when needed. */
export const csvTextCell = (text: string, options: GuardOptions = {}, alsoQuoteWhen?: RegExp) =>
  quoteCell(neutraliseCells(text, options), alsoQuoteWhen);
