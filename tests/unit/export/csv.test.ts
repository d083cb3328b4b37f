import { describe, expect, it } from 'vitest';
import { toCsv, toCsvBytes } from '../../../src/export/csv.ts';
import { neutraliseFormula, type Column } from '../../../src/export/table.ts';

interface Row {
  code: string;
  nom: string;
  departement: string;
  population: number | null;
  part: number;
  note: string;
}

const rows: Row[] = [
  { code: '58062', nom: 'Château-Chinon (Ville)', departement: 'Nièvre', population: 2013, part: 12.5, note: '=HYPERLINK("http://x";"clic")' },
  { code: '58194', nom: 'Nevers; centre', departement: 'Nièvre', population: -3.25, part: 0.1, note: '+33 6 12' },
  { code: '58001', nom: 'Dit "le bourg"', departement: 'Nièvre', population: null, part: NaN, note: '-1+2\nligne 2' },
  { code: '58002', nom: '@SOMME', departement: 'Nièvre', population: 0, part: 1e-7, note: '\tcmd' },
];
const columns: Column<Row>[] = [
  { key: 'code', label: 'Code INSEE' },
  { key: 'nom', label: 'Commune' },
  { key: 'departement', label: 'Département' },
  { key: 'population', label: 'Population' },
  { key: 'part', label: 'Part (%)' },
  { key: 'note', label: 'Remarque' },
];

/** Minimal RFC 4180 reader with a configurable separator (quotes, doubled quotes, CRLF). */
function parseCsv(text: string, sep = ';'): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = '';
    }
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

describe('toCsv', () => {
  const text = toCsv(rows, columns);
  const bytes = toCsvBytes(rows, columns);

  it('starts with a UTF-8 BOM and uses CRLF line ends', () => {
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // No bare LF outside quoted cells: every "\n" outside the one multi-line cell follows a "\r".
    expect(text.replace('ligne 2', '').match(/[^\r]\n/g)?.length ?? 0).toBe(1);
  });

  it('reads back with French headers, accents and separators', () => {
    const decoded = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(decoded.charCodeAt(0)).toBe(0xfeff);
    const table = parseCsv(decoded.slice(1));
    expect(table[0]).toEqual(['Code INSEE', 'Commune', 'Département', 'Population', 'Part (%)', 'Remarque']);
    expect(table).toHaveLength(rows.length + 1);
    expect(table[1][1]).toBe('Château-Chinon (Ville)');
    expect(table[1][2]).toBe('Nièvre');
    expect(table[2][1]).toBe('Nevers; centre');
    expect(table[3][1]).toBe('Dit "le bourg"');
  });

  it('writes numbers with a decimal comma, keeps negative numbers as numbers, empties missing values', () => {
    const t = parseCsv(text.slice(1));
    expect(t[1][3]).toBe('2013');
    expect(t[1][4]).toBe('12,5');
    expect(t[2][3]).toBe('-3,25');
    expect(t[3][3]).toBe('');
    expect(t[3][4]).toBe('');
    expect(t[4][4]).toBe('0,0000001');
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    const t = parseCsv(text.slice(1));
    expect(t[1][5]).toBe(`'=HYPERLINK("http://x";"clic")`);
    expect(t[2][5]).toBe("'+33 6 12");
    expect(t[3][5]).toBe("'-1+2\nligne 2");
    expect(t[4][1]).toBe("'@SOMME");
    expect(t[4][5]).toBe("'\tcmd");
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@A1', "'@A1"],
    ['\r=1', "'\r=1"],
    ['Nièvre', 'Nièvre'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('neutraliseFormula(%j) = %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it('supports a point decimal with a comma separator, no BOM, computed columns, dates and booleans', () => {
    const out = toCsv(
      [{ a: 1.5, d: new Date(2026, 10, 23), b: true }],
      [
        { key: 'a', label: 'A' },
        { key: 'a', label: 'Double', value: (r) => r.a * 2 },
        { key: 'd', label: 'Date' },
        { key: 'b', label: 'Ouvert' },
      ],
      { separator: ',', decimal: '.', bom: false },
    );
    expect(out).toBe('A,Double,Date,Ouvert\r\n1.5,3,23/11/2026,oui\r\n');
    expect(() => toCsv([], [], { separator: ',', decimal: ',' })).toThrow(/séparateur/);
  });

  it('rounds with maxDecimals', () => {
    expect(toCsv([{ v: 2 / 3 }], [{ key: 'v', label: 'V' }], { maxDecimals: 2, bom: false })).toBe('V\r\n0,67\r\n');
  });
});

describe('toCsv: formula guard for every separator (issue 18, item 13)', () => {
  const hostile = [{ nom: 'Ville2,=1+6' }, { nom: 'Ville2\t=1+6' }, { nom: 'Ville2;=1+6' }];
  const cols: Column<{ nom: string }>[] = [{ key: 'nom', label: 'Nom' }];
  it.each([';', ',', '\t'] as const)('quotes and neutralises cells whatever the separator (%j)', (separator) => {
    const text = toCsv(hostile, cols, { separator, decimal: separator === ',' ? '.' : ',', bom: false });
    expect(text).toBe(`Nom\r\n"Ville2,'=1+6"\r\n"Ville2\t'=1+6"\r\n"Ville2;'=1+6"\r\n`);
    for (const readSep of [',', ';', '\t']) {
      const cells = parseCsv(text, readSep).flat();
      expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    }
  });

  it('keeps numbers unquoted with their decimal comma', () => {
    expect(toCsv([{ v: -3.25, t: 'x' }], [{ key: 'v', label: 'V' }, { key: 't', label: 'T' }], { bom: false })).toBe('V;T\r\n-3,25;x\r\n');
  });
});
