/**
 * Minimal Office Open XML workbook (.xlsx) written with fflate: inline strings (no shared-strings
 * part), numbers as numbers, a bold frozen header row, a few number formats, several sheets.
 * Text cells get the same formula neutralisation as the CSV export.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { boolLabel, cellOf, neutraliseFormula, type CellValue, type Column, type NumberFormat } from './table.ts';

export interface XlsxSheet<R> {
  /** Sheet tab name; sanitised (≤ 31 characters, no [ ] : * ? / \) and made unique. */
  name: string;
  columns: readonly Column<R>[];
  rows: readonly R[];
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Style indices into styles.xml `cellXfs`. */
const STYLE: Record<NumberFormat | 'header', number> = { general: 0, header: 1, integer: 2, decimal: 3, percent: 4, date: 5 };

// Characters not allowed in XML 1.0 (controls other than tab, LF, CR; lone surrogates; U+FFFE/F).
// eslint-disable-next-line no-control-regex -- matching these control characters is the point
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Excel's rules for sheet names: 1–31 characters, none of [ ] : * ? / \, not starting or ending
 * with an apostrophe, not "History", unique regardless of case. Replaced characters become '-'.
 */
export function sanitiseSheetNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw, i) => {
    let base = raw.replace(INVALID_XML, '').replace(/[[\]:*?/\\]/g, '-').trim().replace(/^'+|'+$/g, '').trim();
    if (base === '' || base.toLowerCase() === 'history') base = `Feuille ${i + 1}`;
    base = [...base].slice(0, 31).join('');
    let name = base;
    for (let k = 2; used.has(name.toLowerCase()); k++) {
      const suffix = ` (${k})`;
      name = [...base].slice(0, 31 - suffix.length).join('') + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

/** Days since 1899-12-30 (Excel's date serial), from the date's local calendar fields. */
export function excelDateSerial(d: Date): number {
  const utc = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
  return (utc - Date.UTC(1899, 11, 30)) / 86_400_000;
}

function inlineString(ref: string, text: string, style: number): string {
  const s = style ? ` s="${style}"` : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xmlEscape(text)}</t></is></c>`;
}

function cellXml(ref: string, v: CellValue, format: NumberFormat | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    const style = STYLE[format ?? 'general'];
    return `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${v}</v></c>`;
  }
  if (typeof v === 'boolean') return inlineString(ref, boolLabel(v), 0);
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    return `<c r="${ref}" s="${STYLE.date}"><v>${excelDateSerial(v)}</v></c>`;
  }
  return inlineString(ref, neutraliseFormula(v), 0);
}

function sheetXml<R>(sheet: XlsxSheet<R>): string {
  const { columns, rows } = sheet;
  const out: string[] = [];
  out.push(`<row r="1">${columns.map((c, j) => inlineString(`${columnName(j)}1`, neutraliseFormula(c.label), STYLE.header)).join('')}</row>`);
  rows.forEach((row, i) => {
    const r = i + 2;
    out.push(`<row r="${r}">${columns.map((c, j) => cellXml(`${columnName(j)}${r}`, cellOf(row, c), c.format)).join('')}</row>`);
  });
  // Width from the header length, bounded: good enough without measuring every cell.
  const cols = columns.length
    ? `<cols>${columns.map((c, j) => `<col min="${j + 1}" max="${j + 1}" width="${Math.min(60, Math.max(10, c.label.length + 4))}" customWidth="1"/>`).join('')}</cols>`
    : '';
  const last = columns.length ? `${columnName(columns.length - 1)}${rows.length + 1}` : 'A1';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<dimension ref="A1:${last}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    cols +
    `<sheetData>${out.join('')}</sheetData>` +
    '</worksheet>'
  );
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const STYLES_XML =
  XML_HEAD +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.0"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="6">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** The .xlsx file. At least one sheet is written (an empty "Feuille 1" if none given). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- sheets of different row types in one list (Column<R> is contravariant in R)
export function buildXlsx(sheets: readonly XlsxSheet<any>[]): Uint8Array {
  const list = sheets.length ? sheets : [{ name: 'Feuille 1', columns: [], rows: [] }];
  const names = sanitiseSheetNames(list.map((s) => s.name));
  const n = list.length;
  const range = (f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i + 1)).join('');

  const files: Zippable = {
    '[Content_Types].xml': strToU8(
      XML_HEAD +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        range((i) => `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`) +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      XML_HEAD +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      XML_HEAD +
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        `<sheets>${range((i) => `<sheet name="${xmlEscape(names[i - 1])}" sheetId="${i}" r:id="rId${i}"/>`)}</sheets>` +
        '</workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      XML_HEAD +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        range((i) => `<Relationship Id="rId${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i}.xml"/>`) +
        `<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
        '</Relationships>',
    ),
    'xl/styles.xml': strToU8(STYLES_XML),
  };
  list.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s));
  });
  // Fixed timestamp: the same data gives the same bytes.
  return zipSync(files, { level: 6, mtime: new Date(2000, 0, 1) });
}
