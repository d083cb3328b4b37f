/** Corpus follow-up: integers beyond 32 bits must not reach the INTEGER columns wrapped around. */
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../src/data/import/import_file.ts';

describe('huge integers in INTEGER columns', () => {
  it('become missing values instead of wrapped numbers', () => {
    const text = 'DEPCOM;COM;PMUN;PCAP;PTOT\n58998;A;99999999999999;1e12;-5e15\n58999;B;2147483647;-2147483648;12\n';
    const r = importFile('entiers-geants.csv', new TextEncoder().encode(text));
    expect(r.output.rows.legal_population).toMatchObject([
      { code: '58998', pmun: null, pcap: null, ptot: null },
      { code: '58999', pmun: 2147483647, pcap: -2147483648, ptot: 12 },
    ]);
  });
});
