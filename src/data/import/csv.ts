/**
 * CSV reading for French open data: separator sniffing (; , tab), preamble lines before the
 * header (ARCEP puts a disclaimer on line 1), quoted fields with embedded newlines.
 * Returns rows as records keyed by header, each with its 1-based line number in the file.
 */
import Papa from 'papaparse';
import { UserError } from './errors.ts';

export type Separator = ';' | ',' | '\t';

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  separator: Separator;
  /** 1-based line of the header in the file. */
  headerLine: number;
}

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

const SEPARATORS: Separator[] = [';', ',', '\t'];

/** Count separators outside double quotes in one line. */
function countOutsideQuotes(line: string, sep: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === sep && !quoted) n++;
  }
  return n;
}

/** The separator that splits the header line into the most columns. */
export function sniffSeparator(headerLine: string): Separator {
  let best: Separator = ',';
  let bestCount = 0;
  for (const sep of SEPARATORS) {
    const c = countOutsideQuotes(headerLine, sep);
    if (c > bestCount) {
      best = sep;
      bestCount = c;
    }
  }
  return best;
}

export interface ReadCsvOptions {
  file: string;
  /** Recognises the header line among the first lines (to skip a preamble). Default: the first line. */
  isHeader?: (cells: string[]) => boolean;
  maxPreambleLines?: number;
  /** When no line is recognised by `isHeader`: throw (default) or take the first line as the header. */
  noHeader?: 'throw' | 'first';
}

export function readCsv(raw: string, options: ReadCsvOptions): CsvTable {
  const { file } = options;
  if (raw.trim() === '') throw new UserError('le fichier est vide.', { file });
  // One line ending: old Mac files end lines with "\r" alone, and files pasted together mix "\r\n" and "\n"
  // (Papa Parse keeps only the first kind it sees and would merge the other lines).
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  const lines = text.split('\n', (options.maxPreambleLines ?? 5) + 1);
  let headerIndex = 0;
  if (options.isHeader) {
    headerIndex = lines.findIndex((l) => options.isHeader!(splitHeader(l)));
    if (headerIndex < 0 && options.noHeader === 'first') headerIndex = 0;
    if (headerIndex < 0) throw new UserError("aucune ligne d'en-tête reconnue dans les premières lignes.", { file, line: 1 });
  }
  const separator = sniffSeparator(lines[headerIndex]);
  const body = headerIndex === 0 ? text : text.split('\n').slice(headerIndex).join('\n');
  const parsed = Papa.parse<string[]>(body, { delimiter: separator, skipEmptyLines: false });
  const data = parsed.data;
  const header = (data[0] ?? []).map((h) => h.trim());
  checkHeader(header, file, headerIndex + 1);
  const fatal = parsed.errors.find((e) => e.type === 'Quotes');
  if (fatal) {
    throw new UserError(`guillemet non fermé ; la fin du fichier est peut-être tronquée.`, {
      file,
      line: lineOfRow(data, fatal.row ?? 0) + headerIndex,
    });
  }
  const rows: CsvRow[] = [];
  let line = headerIndex + 1 + countNewlines(data[0]);
  for (let r = 1; r < data.length; r++) {
    const cells = data[r];
    const startLine = line + 1;
    line += 1 + countNewlines(cells);
    if (cells.length === 1 && cells[0].trim() === '') continue;
    if (cells.length !== header.length) {
      throw new UserError(
        `${cells.length} colonne(s) trouvée(s) au lieu de ${header.length} attendues (séparateur « ${separatorName(separator)} »).`,
        { file, line: startLine },
      );
    }
    // No prototype: a column named "__proto__" or "constructor" is a plain key like any other.
    const values: Record<string, string> = Object.create(null);
    for (let c = 0; c < header.length; c++) values[header[c]] = cells[c];
    rows.push({ line: startLine, values });
  }
  return { header, rows, separator, headerLine: headerIndex + 1 };
}

function splitHeader(line: string): string[] {
  const sep = sniffSeparator(line);
  return line.split(sep).map((c) => c.trim().replace(/^"|"$/g, ''));
}

function checkHeader(header: string[], file: string, line: number): void {
  const seen = new Set<string>();
  for (const h of header) {
    if (h !== '' && seen.has(h)) throw new UserError(`la colonne « ${h} » apparaît deux fois dans l'en-tête.`, { file, line, column: h });
    seen.add(h);
  }
}

const countNewlines = (cells: string[] | undefined) =>
  (cells ?? []).reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);

function lineOfRow(data: string[][], row: number): number {
  let line = 1;
  for (let r = 0; r < row && r < data.length; r++) line += 1 + countNewlines(data[r]);
  return line;
}

export const separatorName = (s: Separator) => (s === '\t' ? 'tabulation' : s);
