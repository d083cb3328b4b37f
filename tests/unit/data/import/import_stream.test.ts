/**
 * The streaming import (big CSV files) gives what importFile gives: the same rows, rejections,
 * warnings and encoding, or a UserError naming the file. Checked on every CSV-like file of the
 * hostile corpus and on the hand-written samples, read in pieces small enough to cut rows,
 * quoted fields, line endings and multi-byte characters at every place.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, type ImportResult } from '../../../../src/data/import/import_file.ts';
import { CsvImportStream, MAX_KEPT_REJECTS, type StreamOptions } from '../../../../src/data/import/import_stream.ts';
import { isUserError } from '../../../../src/data/import/errors.ts';
import { readCsv } from '../../../../src/data/import/csv.ts';
import { decodeText, TextStreamDecoder } from '../../../../src/data/import/text.ts';
import { buildCogTable } from '../../../../src/domain/cog.ts';
import type { Row } from '../../../../src/data/import/format.ts';
import { corpus, VALID_SAMPLES } from '../../../corpus/generate.ts';

async function* inPieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

type Streamed =
  | { kind: 'error'; error: unknown }
  | { kind: 'json' }
  | { kind: 'mapping'; columns: string[]; sample: unknown; reason: string }
  | { kind: 'rows'; rows: Record<string, Row[]>; rejected: { line: number; reason: string }[]; warnings: string[]; encoding: string; batches: number };

async function stream(name: string, bytes: Uint8Array, pieceBytes: number, options: StreamOptions = {}): Promise<Streamed> {
  try {
    const s = new CsvImportStream(name, inPieces(bytes, Math.max(1, Math.min(pieceBytes, 4096))), { pieceBytes, ...options });
    const head = await s.open();
    if (head.kind === 'json') return { kind: 'json' };
    if (head.kind === 'mapping') return { kind: 'mapping', columns: head.result.columns, sample: head.result.sample, reason: head.result.reason };
    const rows: Record<string, Row[]> = {};
    let batches = 0;
    for (let b = await s.next(); b; b = await s.next()) {
      batches++;
      for (const [t, list] of Object.entries(b.output.rows)) (rows[t] ??= []).push(...(list ?? []));
    }
    const { result } = s.summary();
    return {
      kind: 'rows', rows, batches, encoding: result.encoding, warnings: result.output.warnings,
      rejected: result.output.rejected.map(({ line, reason }) => ({ line, reason })),
    };
  } catch (error) {
    return { kind: 'error', error };
  }
}

function whole(name: string, bytes: Uint8Array): { kind: 'error'; error: unknown } | { kind: 'ok'; result: ImportResult } {
  try {
    return { kind: 'ok', result: importFile(name, bytes) };
  } catch (error) {
    return { kind: 'error', error };
  }
}

const nonEmpty = (rows: ImportResult['output']['rows']) => Object.fromEntries(Object.entries(rows).filter(([, r]) => r && r.length > 0));

/** Compares the streamed import to importFile; `exactErrors`: the same message (one piece, same order of checks). */
async function compare(name: string, bytes: Uint8Array, pieceBytes: number, exactErrors: boolean): Promise<string | null> {
  const expected = whole(name, bytes);
  const got = await stream(name, bytes, pieceBytes, { batchRows: 7 });
  if (got.kind === 'json') return null; // JSON is read whole, never streamed
  if (expected.kind === 'error') {
    if (got.kind !== 'error') return `${name}: importFile throws « ${(expected.error as Error).message} », the stream does not`;
    if (!isUserError(got.error)) return `${name}: not a UserError: ${String(got.error)}`;
    if (!(got.error as Error).message.includes(`fichier « ${name} »`)) return `${name}: message without the file name`;
    if (exactErrors && (got.error as Error).message !== (expected.error as Error).message) return `${name}: « ${(got.error as Error).message} » ≠ « ${(expected.error as Error).message} »`;
    return null;
  }
  const r = expected.result;
  if (got.kind === 'error') return `${name}: stream throws ${String((got.error as Error).message)}`;
  if (r.needsMapping) {
    if (got.kind !== 'mapping') return `${name}: importFile asks for a mapping, the stream gives ${got.kind}`;
    expect(got.columns, name).toEqual(r.columns);
    expect(got.sample, name).toEqual(r.sample);
    expect(got.reason, name).toBe(r.reason);
    return null;
  }
  if (got.kind !== 'rows') return `${name}: stream gives ${got.kind}`;
  expect(nonEmpty(got.rows), name).toEqual(nonEmpty(r.output.rows));
  expect(got.rejected, name).toEqual(r.output.rejected.map(({ line, reason }) => ({ line, reason })));
  expect(got.encoding, name).toBe(r.encoding);
  expect([...got.warnings].sort(), name).toEqual([...r.output.warnings].sort());
  return null;
}

describe('CsvImportStream gives what importFile gives', () => {
  it('on every valid sample, in 1-byte, 7-byte and whole pieces', async () => {
    const csv = VALID_SAMPLES.filter((s) => s.name.endsWith('.csv'));
    expect(csv.length).toBeGreaterThan(8);
    for (const s of csv) {
      const bytes = new TextEncoder().encode(s.text);
      for (const piece of [1, 7, 1 << 20]) expect(await compare(s.name, bytes, piece, piece === 1 << 20)).toBeNull();
    }
  });

  it('on every CSV-like file of the hostile corpus', async () => {
    const problems: string[] = [];
    let tried = 0;
    for (const file of corpus()) {
      if (file.reader !== 'import' || /\.(geo)?json$/i.test(file.name) || file.bytes.length > 2_000_000) continue;
      tried++;
      // Pieces of 13 bytes cut rows, quoted fields and characters at every place on the small
      // files; the big ones (100,000 columns, 200,000 rows) are read in pieces of 4,093 bytes (a prime,
      // so cuts still fall everywhere in a row), not in 100,000 pieces of 13.
      for (const piece of [file.bytes.length <= 100_000 ? 13 : 4093, 1 << 20]) {
        const p = await compare(file.name, file.bytes, piece, piece === 1 << 20);
        if (p) problems.push(`[${piece}] ${p}`);
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  }, 120_000);

  it('cuts the rows into batches and reports the bytes read', async () => {
    const header = 'Idcar_1km,x,y,Depcom,Ind,Men,Men_pauv,Ind_65_79,Ind_80p\n';
    const lines = Array.from({ length: 1000 }, (_, i) => `c${i},${3_800_500 + i * 1000},2711500,58194,${i},1,0,0,0\n`);
    const bytes = new TextEncoder().encode(header + lines.join(''));
    const s = new CsvImportStream('grille.csv', inPieces(bytes, 4096), { batchRows: 300, pieceBytes: 10_000 });
    expect(await s.open()).toMatchObject({ kind: 'format', format: { id: 'insee_filosofi_1km' } });
    const sizes: number[] = [];
    const read: number[] = [];
    for (let b = await s.next(); b; b = await s.next()) {
      sizes.push(b.output.rows.grid?.length ?? 0);
      read.push(b.bytesRead);
    }
    expect(sizes).toEqual([300, 300, 300, 100]);
    expect(read.at(-1)).toBe(bytes.length);
    expect(read).toEqual([...read].sort((a, b) => a - b));
    expect(s.summary()).toMatchObject({ rows: 1000, rejected: 0 });
  });

  it('counts every rejected row but keeps the first MAX_KEPT_REJECTS for the download', async () => {
    const header = 'Idcar_1km,x,y,Depcom,Ind\n';
    const n = MAX_KEPT_REJECTS + 5;
    const body = Array.from({ length: n }, (_, i) => `c${i},,,,${i}\n`).join('');
    const s = new CsvImportStream('grille.csv', inPieces(new TextEncoder().encode(header + body), 65536));
    await s.open();
    while (await s.next());
    const { result, rejected, rows } = s.summary();
    expect(rows).toBe(0);
    expect(rejected).toBe(n);
    expect(result.output.rejected).toHaveLength(MAX_KEPT_REJECTS);
    expect(result.output.rejected[0]).toMatchObject({ line: 2, values: { Idcar_1km: 'c0' } });
    expect(result.output.warnings).toContain(`${n} lignes rejetées : les ${MAX_KEPT_REJECTS} premières sont gardées pour le téléchargement avec leur motif.`);
  });

  it('brings old commune codes to today’s communes across batches, with one summed report', async () => {
    const cog = buildCogTable([
      { code: '58194', nom: 'Nevers', type: 'commune-actuelle', anciensCodes: ['58999'] },
    ]);
    const header = 'Idcar_1km,x,y,Depcom,Ind\n';
    const body = Array.from({ length: 10 }, (_, i) => `c${i},${3_800_500 + i * 1000},2711500,58999,1\n`).join('');
    const s = new CsvImportStream('grille.csv', inPieces(new TextEncoder().encode(header + body), 16), { cog, batchRows: 3 });
    await s.open();
    const codes: unknown[] = [];
    for (let b = await s.next(); b; b = await s.next()) codes.push(...(b.output.rows.grid ?? []).map((r) => r.commune_code));
    expect(new Set(codes)).toEqual(new Set(['58194']));
    const { result } = s.summary();
    expect(result.cog?.changed).toEqual([{ from: '58999', to: '58194', rows: 10 }]);
    expect(result.output.warnings.filter((w) => w.includes("d'anciennes communes"))).toHaveLength(1);
  });

  it('reads a file with the column mapping the user confirmed', async () => {
    const bytes = new TextEncoder().encode('Nom;Lat;Lon\nA;47,1;3,5\nB;47,2;3,6\n');
    const s = new CsvImportStream('inconnu.csv', inPieces(bytes, 5), { mapping: { target: 'help_points', kind: 'mediation', name: 'Nom', coordinates: { type: 'columns', x: 'Lon', y: 'Lat', crs: 'wgs84' } } });
    const head = await s.open();
    expect(head.kind).toBe('format');
    const first = await s.next();
    expect(first?.output.rows.help_points?.map((r) => r.name)).toEqual(['A', 'B']);
  });

  it('says a JSON file is to be read whole', async () => {
    const s = new CsvImportStream('x.csv', inPieces(new TextEncoder().encode('  [{"a": 1}]'), 4));
    expect(await s.open()).toEqual({ kind: 'json' });
  });
});

describe('TextStreamDecoder decodes as decodeText does', () => {
  const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const cases: { name: string; bytes: Uint8Array }[] = [
    { name: 'UTF-8 accents', bytes: utf8('Nièvre;Château\n'.repeat(50)) },
    { name: 'UTF-8 with BOM', bytes: utf8('\ufeffNièvre;€\n'.repeat(20)) },
    { name: 'Windows-1252', bytes: latin1('Nièvre;Château\n'.repeat(50)) },
    { name: 'UTF-8 with a Latin-1 row late', bytes: Uint8Array.from([...utf8('Nièvre;Château\n'.repeat(40)), ...latin1('Nièvre\n'), ...utf8('été\n')]) },
    { name: 'UTF-16 LE with BOM', bytes: Uint8Array.from([0xff, 0xfe, ...[...'Nièvre;x\n'.repeat(10)].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]) },
  ];
  it.each(cases)('$name, in pieces of 1 to 9 bytes', ({ bytes }) => {
    const expected = decodeText(bytes);
    for (let size = 1; size <= 9; size++) {
      const d = new TextStreamDecoder();
      let text = '';
      for (let i = 0; i < bytes.length; i += size) text += d.decode(bytes.subarray(i, i + size), false);
      text += d.decode(new Uint8Array(0), true);
      // The first piece decides, so compare with a first piece long enough to be representative.
      if (size < 4) continue;
      expect({ text, encoding: d.encoding, mixed: d.mixed }).toEqual({ text: expected.text, encoding: expected.encoding, mixed: expected.mixed });
    }
  });
});

describe('readCsv on the fixture, as before streaming existed', () => {
  it('reads the France Services fixture with its multi-line record', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../../fixtures/csv/france_services_small.csv'), 'utf8');
    const t = readCsv(text, { file: 'fs.csv' });
    expect(t.rows.map((r) => r.line)).toEqual([2, 4, 5, 6]);
  });
});
