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
  const reader = new CsvReader(options);
  const rows = reader.push(raw);
  for (const r of reader.end()) rows.push(r);
  return { header: reader.header, rows, separator: reader.separator, headerLine: reader.headerLine };
}

/**
 * The same reading, fed text piece by piece (a file read as a stream): `push` returns the rows
 * completed so far, `end` the last ones. Only the unfinished last row is kept between pieces.
 * Errors are the same UserErrors as `readCsv`, raised when the faulty row is reached.
 */
export class CsvReader {
  header: string[] = [];
  separator: Separator = ',';
  /** 1-based line of the header in the file (0 until found). */
  headerLine = 0;
  private pending = '';
  /** A piece ended with "\r": it may be the first half of "\r\n". */
  private carriageReturn = false;
  private parser: Papa.Parser | null = null;
  private headerParsed = false;
  /** 1-based line where the next unparsed row starts. */
  private nextLine = 1;
  private content = false;
  private template: Record<string, string> | null = null;

  constructor(private readonly options: ReadCsvOptions) {}

  /** True once the header row has been read. */
  get hasHeader(): boolean {
    return this.headerParsed;
  }

  push(piece: string): CsvRow[] {
    let text = this.carriageReturn ? `\r${piece}` : piece;
    this.carriageReturn = text.endsWith('\r');
    if (this.carriageReturn) text = text.slice(0, -1);
    return this.feed(text, false);
  }

  end(): CsvRow[] {
    const text = this.carriageReturn ? '\r' : '';
    this.carriageReturn = false;
    return this.feed(text, true);
  }

  private feed(raw: string, final: boolean): CsvRow[] {
    const { file } = this.options;
    // One line ending: old Mac files end lines with "\r" alone, and files pasted together mix "\r\n" and "\n"
    // (Papa Parse keeps only the first kind it sees and would merge the other lines).
    const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
    if (!this.content && text.trim() !== '') this.content = true;
    this.pending += text;
    if (final && !this.content) throw new UserError('le fichier est vide.', { file });
    // No new line ending: no line can have ended (a very long line is parsed once, not once per piece).
    if (!final && !text.includes('\n')) return [];
    if (!this.parser && !this.findHeader(final)) return [];
    const parser = this.parser!;
    // Without any quote, no field holds a line break: lines need not be counted inside fields.
    const quoted = this.pending.includes('"');
    const parsed = parser.parse(this.pending, 0, !final) as { data: string[][]; errors: Papa.ParseError[]; meta: { cursor: number } };
    this.pending = final ? '' : this.pending.slice(parsed.meta.cursor);
    return this.rows(parsed.data, parsed.errors, quoted);
  }

  /** Finds the header among the first lines once they are all there; false while more text is needed. */
  private findHeader(final: boolean): boolean {
    const max = this.options.maxPreambleLines ?? 5;
    if (!final) {
      // Wait until the first max + 1 lines are complete.
      let end = -1;
      for (let k = 0; k <= max; k++) {
        end = this.pending.indexOf('\n', end + 1);
        if (end < 0) return false;
      }
    }
    const lines = this.pending.split('\n', max + 1);
    let headerIndex = 0;
    if (this.options.isHeader) {
      headerIndex = lines.findIndex((l) => this.options.isHeader!(splitHeader(l)));
      if (headerIndex < 0 && this.options.noHeader === 'first') headerIndex = 0;
      if (headerIndex < 0) throw new UserError("aucune ligne d'en-tête reconnue dans les premières lignes.", { file: this.options.file, line: 1 });
    }
    this.separator = sniffSeparator(lines[headerIndex]);
    if (headerIndex > 0) this.pending = this.pending.slice(lines.slice(0, headerIndex).reduce((n, l) => n + l.length + 1, 0));
    this.headerLine = headerIndex + 1;
    this.nextLine = headerIndex + 1;
    this.parser = new Papa.Parser({ delimiter: this.separator, newline: '\n' });
    return true;
  }

  private rows(data: string[][], errors: Papa.ParseError[], quoted: boolean): CsvRow[] {
    const { file } = this.options;
    const first = this.nextLine;
    let r = 0;
    if (!this.headerParsed && data.length > 0) {
      this.header = (data[0] ?? []).map((h) => h.trim());
      checkHeader(this.header, file, this.headerLine);
      // Rows are copies of one template object with every column (fast to create and to read).
      // No prototype when a column is named "__proto__": it stays a key like any other.
      this.template = this.header.includes('__proto__') ? null : JSON.parse(JSON.stringify(Object.fromEntries(this.header.map((h) => [h, '']))));
      this.headerParsed = true;
      this.nextLine += 1 + countNewlines(data[0]);
      r = 1;
    }
    const fatal = errors.find((e) => e.type === 'Quotes');
    if (fatal) {
      throw new UserError(`guillemet non fermé ; la fin du fichier est peut-être tronquée.`, {
        file,
        line: first - 1 + lineOfRow(data, fatal.row ?? 0),
      });
    }
    const header = this.header;
    const out: CsvRow[] = [];
    for (; r < data.length; r++) {
      const cells = data[r];
      const startLine = this.nextLine;
      this.nextLine += quoted ? 1 + countNewlines(cells) : 1;
      if (cells.length === 1 && cells[0].trim() === '') continue;
      if (cells.length !== header.length) {
        throw new UserError(
          `${cells.length} colonne(s) trouvée(s) au lieu de ${header.length} attendues (séparateur « ${separatorName(this.separator)} »).`,
          { file, line: startLine },
        );
      }
      const values: Record<string, string> = this.template ? { ...this.template } : Object.create(null);
      for (let c = 0; c < header.length; c++) values[header[c]] = cells[c];
      out.push({ line: startLine, values });
    }
    return out;
  }
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

function countNewlines(cells: string[] | undefined): number {
  let n = 0;
  for (const c of cells ?? []) for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) n++;
  return n;
}

function lineOfRow(data: string[][], row: number): number {
  let line = 1;
  for (let r = 0; r < row && r < data.length; r++) line += 1 + countNewlines(data[r]);
  return line;
}

export const separatorName = (s: Separator) => (s === '\t' ? 'tabulation' : s);
