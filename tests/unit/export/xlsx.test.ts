import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { buildXlsx, columnName, excelDateSerial, sanitiseSheetNames, xmlEscape, type XlsxSheet } from '../../../src/export/xlsx.ts';

interface Commune {
  nom: string;
  population: number;
  part: number;
  note: string;
}

const communes: XlsxSheet<Commune> = {
  name: 'Communes [Nièvre]: 2025/26',
  columns: [
    { key: 'nom', label: 'Commune' },
    { key: 'population', label: 'Population', format: 'integer' },
    { key: 'part', label: 'Part < 30 min', format: 'percent' },
    { key: 'note', label: 'Remarque' },
  ],
  rows: [
    { nom: 'Château-Chinon (Ville)', population: 2013, part: 0.125, note: '=1+1' },
    { nom: 'Saint-Léger & <Fougeret>', population: -5, part: 0.5, note: 'a "b" \u0001c' },
  ],
};
const sites: XlsxSheet<{ id: string; d: Date }> = {
  name: 'Lieux',
  columns: [
    { key: 'id', label: 'Identifiant' },
    { key: 'd', label: 'Date' },
  ],
  rows: [{ id: 'fs-1', d: new Date(2026, 10, 23) }],
};

/** Elements are balanced: a tiny stack check (no DOMParser in Node). */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)([^>]*?)(\/?)>/g)) {
    const [, close, name, , self] = m;
    if (self) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name);
  }
  // No raw '&' that is not an entity, no '<' inside attribute values.
  return stack.length === 0 && !/&(?!(amp|lt|gt|quot|apos);)/.test(body);
}

const cellText = (xml: string, ref: string) => xml.match(new RegExp(`<c r="${ref}"[^>]*>(.*?)</c>`))?.[1];

describe('buildXlsx', () => {
  const bytes = buildXlsx([communes, sites]);
  const files = unzipSync(bytes);
  const text = (name: string) => strFromU8(files[name]);

  it('is a zip with every required part, all well-formed', () => {
    expect(String.fromCharCode(bytes[0], bytes[1])).toBe('PK');
    const names = Object.keys(files).sort();
    expect(names).toEqual(
      ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'].sort(),
    );
    for (const n of names) expect(wellFormed(text(n)), n).toBe(true);
    expect(text('[Content_Types].xml')).toContain('/xl/worksheets/sheet2.xml');
    expect(text('xl/_rels/workbook.xml.rels')).toContain('Target="worksheets/sheet2.xml"');
    expect(text('xl/styles.xml')).toMatch(/<font><b\/>/);
    expect(text('xl/styles.xml')).toContain('formatCode="0.0%"');
  });

  it('sanitises sheet names', () => {
    const wb = text('xl/workbook.xml');
    const names = [...wb.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toEqual(['Communes -Nièvre-- 2025-26', 'Lieux']);
  });

  it('writes inline strings, numbers as numbers, bold headers and escaped text', () => {
    const s1 = text('xl/worksheets/sheet1.xml');
    expect(s1).toMatch(/<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">Commune<\/t><\/is><\/c>/);
    expect(cellText(s1, 'C1')).toContain('Part &lt; 30 min');
    expect(cellText(s1, 'A2')).toContain('Château-Chinon (Ville)');
    expect(s1).toContain('<c r="B2" s="2"><v>2013</v></c>');
    expect(s1).toContain('<c r="B3" s="2"><v>-5</v></c>');
    expect(s1).toContain('<c r="C2" s="4"><v>0.125</v></c>');
    expect(cellText(s1, 'A3')).toContain('Saint-Léger &amp; &lt;Fougeret&gt;');
    expect(cellText(s1, 'D3')).toContain('a &quot;b&quot; c');
    expect(s1).toContain('<dimension ref="A1:D3"/>');
    expect(s1).toContain('state="frozen"');
  });

  it('neutralises formula-like text', () => {
    const s1 = text('xl/worksheets/sheet1.xml');
    expect(cellText(s1, 'D2')).toContain('>&apos;=1+1</t>');
    expect(s1).not.toContain('<f>');
  });

  it('writes dates as serial numbers with a date format', () => {
    const s2 = text('xl/worksheets/sheet2.xml');
    expect(s2).toContain(`<c r="B2" s="5"><v>${excelDateSerial(new Date(2026, 10, 23))}</v></c>`);
    expect(excelDateSerial(new Date(1900, 0, 1))).toBe(2);
    expect(excelDateSerial(new Date(2026, 10, 23))).toBe(46349);
  });

  it('gives the same bytes for the same data, and an empty workbook when no sheet is given', () => {
    expect(buildXlsx([communes, sites])).toEqual(bytes);
    const empty = unzipSync(buildXlsx([]));
    expect(strFromU8(empty['xl/workbook.xml'])).toContain('name="Feuille 1"');
  });
});

describe('xlsx helpers', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('columnName(%i) = %s', (i, name) => expect(columnName(i)).toBe(name));

  it('sanitiseSheetNames: length, forbidden characters, apostrophes, duplicates, empty, History', () => {
    const long = 'Population par commune et par tranche d’âge';
    expect(sanitiseSheetNames([long, 'a/b\\c?d*e:f[g]', "'Lieux'", 'lieux', '', 'History', long])).toEqual([
      'Population par commune et par t',
      'a-b-c-d-e-f-g-',
      'Lieux',
      'lieux (2)',
      'Feuille 5',
      'Feuille 6',
      'Population par commune et p (2)',
    ]);
    for (const n of sanitiseSheetNames([long, long, long])) expect([...n].length).toBeLessThanOrEqual(31);
  });

  it('xmlEscape drops characters XML forbids', () => {
    expect(xmlEscape('a\u0000b\u001fc\td<&>"\'')).toBe('abc\td&lt;&amp;&gt;&quot;&apos;');
  });
});
