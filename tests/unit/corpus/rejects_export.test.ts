/** Corpus follow-up: hostile cell values must not become live formulas in the rejects export. */
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../src/data/import/import_file.ts';
import { rejectedToCsv } from '../../../src/data/import/rejects.ts';
import { corpus, type CorpusFile } from '../../corpus/generate.ts';

describe('rejects export of formules.csv', () => {
  let file: CorpusFile | undefined;
  for (const f of corpus()) if (f.name === 'formules.csv' && (file = f)) break; // lazily: the big files come last
  if (!file) throw new Error('formules.csv missing from the corpus');
  const r = importFile(file.name, file.bytes);
  if (r.needsMapping) throw new Error('formules.csv should be recognised as France Services');

  it('prefixes formula-like values with an apostrophe, keeps numbers', () => {
    const csv = rejectedToCsv(r.output.rejected, r.columns);
    const cells = csv.split('\r\n').slice(1).flatMap((l) => l.split(';'));
    expect(cells.filter((c) => /^"?[=+@]/.test(c))).toEqual([]);
    expect(csv).toContain("'=1+1");
    expect(csv).toContain("'@SUM(A1)");
    // "-1,5" holds a comma: quoted, so a comma-reading spreadsheet keeps it one cell (issue 18).
    expect(rejectedToCsv([{ line: 2, reason: 'x', values: { a: '-1,5', b: '-cmd' } }], ['a', 'b'])).toContain(`2;x;"-1,5";'-cmd`);
  });
});

describe('rejects export of formules-apres-separateur.csv (issue 18)', () => {
  let file: CorpusFile | undefined;
  for (const f of corpus()) if (f.name === 'formules-apres-separateur.csv' && (file = f)) break;
  if (!file) throw new Error('formules-apres-separateur.csv missing from the corpus');
  const r = importFile(file.name, file.bytes);
  if (r.needsMapping) throw new Error('formules-apres-separateur.csv should be recognised as France Services');

  it('leaves no cell starting a formula, whatever separator the spreadsheet splits on', () => {
    expect(r.output.rejected.length).toBe(2);
    const csv = rejectedToCsv(r.output.rejected, r.columns).replace(/^\ufeff/, '');
    for (const sep of [',', ';', '\t', '|']) {
      // Split naively (quotes ignored): the worst a reader can do.
      const cells = csv.split(/\r\n|\n|\r/).flatMap((l) => l.split(sep)).map((c) => c.replace(/^"/, ''));
      expect(cells.filter((c) => /^\s*[=+@]|^\s*-[^\d]/.test(c)), sep).toEqual([]);
    }
    expect(csv).toContain(`"Ville2,'=1+6"`);
    expect(csv).toContain(`"Ville2\t'=1+6"`);
  });
});
