/**
 * Formula-injection guard for every separator a reader might use (issue 18, item 13; OWASP
 * "CSV Injection": take care of the field separator and quotes, not only the first character).
 */
import { describe, expect, it } from 'vitest';
import { csvTextCell, neutraliseCells, quoteCell } from '../../../src/shared/csv_cell.ts';

/** Minimal RFC 4180 reader (quotes honoured or not), to see the cells a spreadsheet would make. */
function cellsAsRead(line: string, sep: string, honourQuotes = true): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (honourQuotes && quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (honourQuotes && ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      out.push(cell);
      cell = '';
    }
    else cell += ch;
  }
  out.push(cell);
  return out;
}
/** What a spreadsheet runs as a formula: a cell that starts (after spaces) with = + - @ tab or CR and is not a plain number. */
const isFormula = (cell: string) => /^[ ]*[=+\-@\t\r]/.test(cell) && !/^[+-]?\d[\d ]*$/.test(cell.trim());

describe('neutraliseCells', () => {
  it.each([
    ['Ville2,=1+6', "Ville2,'=1+6"],
    ['Ville2;=1+6', "Ville2;'=1+6"],
    ['Ville2\t=1+6', "Ville2\t'=1+6"],
    ['Ville2|@SUM(A1)', "Ville2|'@SUM(A1)"],
    ['Ville2, +33', "Ville2, '+33"],
    ['a\n-1+2', "a\n'-1+2"],
    ['a"=1', `a"'=1`],
    ['=1+1', "'=1+1"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', "'\r=1"],
    ['Saint-Jean-de-Luz', 'Saint-Jean-de-Luz'],
    ['a=b, c', 'a=b, c'],
    ['Nevers; centre', 'Nevers; centre'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(neutraliseCells(input)).toBe(expected);
  });

  it('keeps plain numbers when asked (raw values of a file), not formulas', () => {
    expect(neutraliseCells('-1,5', { keepNumbers: true })).toBe('-1,5');
    expect(neutraliseCells('+33 6 12', { keepNumbers: true })).toBe('+33 6 12');
    expect(neutraliseCells('x,-2', { keepNumbers: true })).toBe('x,-2');
    expect(neutraliseCells('-1+2', { keepNumbers: true })).toBe("'-1+2");
    expect(neutraliseCells('1,=2', { keepNumbers: true })).toBe("1,'=2");
  });
});

describe('quoteCell', () => {
  it.each([
    ['a,b', '"a,b"'], ['a;b', '"a;b"'], ['a\tb', '"a\tb"'], ['a"b', '"a""b"'], ['a\nb', '"a\nb"'], ['a\rb', '"a\rb"'], ['ab', 'ab'],
  ])('%j → %j', (input, expected) => expect(quoteCell(input)).toBe(expected));
});

describe('a hostile cell read back with every separator, quotes honoured or not', () => {
  const hostile = ['Ville2,=1+6', 'Ville2\t=1+6', 'Ville2;=1+6', 'Ville2, =HYPERLINK("http://x")', 'a\t\t@SUM(A1)', '=1+1', 'x|-2+3', 'x"=1'];
  for (const value of hostile) {
    const written = csvTextCell(value);
    for (const sep of [',', ';', '\t', '|']) {
      for (const honour of [true, false]) {
        it(`${JSON.stringify(value)} with ${JSON.stringify(sep)}${honour ? '' : ', quotes ignored'}: no cell is a formula`, () => {
          const line = `avant${sep}${written}${sep}après`;
          expect(cellsAsRead(line, sep, honour).filter(isFormula)).toEqual([]);
        });
      }
    }
  }
});
