/**
 * Decoding of French open-data text files: UTF-8 (with or without BOM) or Windows-1252/Latin-1,
 * detected from the bytes so that "Nièvre" stays "Nièvre".
 */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /**
   * Set when the file mixes UTF-8 with single Windows-1252/Latin-1 bytes (two files pasted
   * together): the UTF-8 parts are kept, the stray bytes read as Windows-1252.
   */
  mixed?: { bytes: number; firstLine: number };
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  // UTF-16 ("Texte Unicode" of Excel): with its byte order mark, or without one when the zero
  // high bytes of ASCII text give it away. TextDecoder drops the BOM.
  const utf16 = utf16Order(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return decodeMixed(bytes) ?? { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** 'utf-16le' / 'utf-16be' when the bytes start with a UTF-16 BOM or look like BOM-less UTF-16 text. */
export function utf16Order(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const half = n / 2;
  if (zeroOdd > half * 0.7 && zeroEven === 0) return 'utf-16le';
  if (zeroEven > half * 0.7 && zeroOdd === 0) return 'utf-16be';
  return null;
}

/** Length of the well-formed UTF-8 sequence starting at i (Unicode table 3-7), 0 when there is none. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * A file that is mostly UTF-8 with some stray single bytes (a Latin-1 row in a UTF-8 file):
 * decoded part by part. Null when UTF-8 does not dominate (a plain Windows-1252 file, where a
 * valid multi-byte UTF-8 sequence only appears by accident).
 */
function decodeMixed(bytes: Uint8Array): DecodedText | null {
  let multi = 0;
  let invalid = 0;
  let firstInvalid = -1;
  for (let i = 0; i < bytes.length; ) {
    const len = utf8SequenceLength(bytes, i);
    if (len === 0) {
      invalid++;
      if (firstInvalid < 0) firstInvalid = i;
      i++;
    } else {
      if (len > 1) multi++;
      i += len;
    }
  }
  if (multi <= invalid) return null;
  const utf8 = new TextDecoder('utf-8');
  const cp1252 = new TextDecoder('windows-1252');
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    const len = utf8SequenceLength(bytes, i);
    if (len > 0) {
      i += len;
      continue;
    }
    if (i > start) parts.push(utf8.decode(bytes.subarray(start, i)));
    parts.push(cp1252.decode(bytes.subarray(i, i + 1)));
    start = ++i;
  }
  if (start < bytes.length) parts.push(utf8.decode(bytes.subarray(start)));
  let firstLine = 1;
  for (let i = 0; i < firstInvalid; i++) if (bytes[i] === 10) firstLine++;
  return { text: parts.join(''), encoding: 'utf-8', mixed: { bytes: invalid, firstLine } };
}

/**
 * The same decoding for a file read piece by piece (a stream), so that a 500 MB file is never
 * held whole. The encoding is chosen on the first piece as `decodeText` would: BOM, UTF-16, then
 * UTF-8 unless the first piece is mostly Windows-1252. Stray non-UTF-8 bytes met later switch to
 * the mixed reading (valid UTF-8 kept, stray bytes read as Windows-1252), which reads a plain
 * Windows-1252 remainder the same way; at the end such a file is reported as Windows-1252 when
 * its valid multi-byte sequences do not outnumber the stray bytes, as `decodeText` decides.
 */
export class TextStreamDecoder {
  private mode: 'utf-8' | 'mixed' | 'windows-1252' | 'other' | null = null;
  private other: TextDecoder | null = null;
  private chosen: TextEncoding = 'utf-8';
  private readonly fatal = new TextDecoder('utf-8', { fatal: true });
  private readonly cp1252 = new TextDecoder('windows-1252');
  private carry: Uint8Array = new Uint8Array(0);
  private multi = 0;
  private invalid = 0;
  private linesBefore = 0;
  private firstInvalidLine = 0;

  /** The encoding as `decodeText` would report it (final after the last piece). */
  get encoding(): TextEncoding {
    if (this.mode === 'mixed' && this.multi <= this.invalid) return 'windows-1252';
    return this.chosen;
  }

  /** Set when stray Windows-1252 bytes were read in a UTF-8 file, as in `DecodedText.mixed`. */
  get mixed(): DecodedText['mixed'] {
    return this.mode === 'mixed' && this.multi > this.invalid ? { bytes: this.invalid, firstLine: this.firstInvalidLine } : undefined;
  }

  decode(piece: Uint8Array, final = false): string {
    if (this.mode === null) piece = this.choose(piece);
    if (this.mode === 'other') return this.other!.decode(piece, { stream: !final });
    if (this.mode === 'windows-1252') return this.cp1252.decode(piece);
    let bytes = piece;
    if (this.carry.length > 0) {
      bytes = new Uint8Array(this.carry.length + piece.length);
      bytes.set(this.carry);
      bytes.set(piece, this.carry.length);
    }
    const tail = final ? 0 : incompleteTail(bytes);
    this.carry = tail > 0 ? bytes.slice(bytes.length - tail) : new Uint8Array(0);
    const body = tail > 0 ? bytes.subarray(0, bytes.length - tail) : bytes;
    if (this.mode === 'utf-8') {
      try {
        const text = this.fatal.decode(body);
        if (text.length !== body.length) this.multi += leadBytes(body); // else all ASCII
        if (this.invalid === 0) this.linesBefore += newlines(text);
        return text;
      } catch {
        this.mode = 'mixed';
      }
    }
    return this.decodeMixed(body);
  }

  /** Decides the encoding on the first piece; returns the piece without its UTF-8 byte order mark. */
  private choose(first: Uint8Array): Uint8Array {
    if (first.length >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
      this.mode = 'other';
      this.chosen = 'utf-8-bom';
      this.other = new TextDecoder('utf-8');
      return first.subarray(3);
    }
    const utf16 = utf16Order(first);
    if (utf16) {
      this.mode = 'other';
      this.chosen = utf16;
      this.other = new TextDecoder(utf16);
      return first;
    }
    const body = first.subarray(0, first.length - incompleteTail(first));
    try {
      this.fatal.decode(body);
      this.mode = 'utf-8';
    } catch {
      // As decodeText: mixed when UTF-8 dominates, else the whole file is Windows-1252.
      const { multi, invalid } = utf8Counts(body);
      this.mode = multi > invalid ? 'mixed' : 'windows-1252';
      if (this.mode === 'windows-1252') this.chosen = 'windows-1252';
    }
    return first;
  }

  private decodeMixed(bytes: Uint8Array): string {
    const utf8 = new TextDecoder('utf-8');
    const parts: string[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; ) {
      const len = utf8SequenceLength(bytes, i);
      if (len > 0) {
        if (len > 1) this.multi++;
        i += len;
        continue;
      }
      if (i > start) parts.push(utf8.decode(bytes.subarray(start, i)));
      if (this.invalid === 0) this.firstInvalidLine = this.linesBefore + 1 + newlines(parts.join(''));
      this.invalid++;
      parts.push(this.cp1252.decode(bytes.subarray(i, i + 1)));
      start = ++i;
    }
    if (start < bytes.length) parts.push(utf8.decode(bytes.subarray(start)));
    const text = parts.join('');
    if (this.invalid === 0) this.linesBefore += newlines(text);
    return text;
  }
}

/** Bytes at the end that start a UTF-8 sequence the piece does not finish (0 to 3). */
function incompleteTail(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    const b = bytes[i];
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return bytes.length - i < needed ? bytes.length - i : 0;
    }
  }
  return 0;
}

/** Lead bytes of multi-byte sequences in valid UTF-8 (one per sequence). */
function leadBytes(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0xc2) n++;
  return n;
}

function utf8Counts(bytes: Uint8Array): { multi: number; invalid: number } {
  let multi = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const len = utf8SequenceLength(bytes, i);
    if (len === 0) {
      invalid++;
      i++;
    } else {
      if (len > 1) multi++;
      i += len;
    }
  }
  return { multi, invalid };
}

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Parse a number written the French or the English way ("1 234,5", "1234.5"); null when empty or invalid. */
export function parseNumber(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  // Fast path: a plain number ("12", "-3.5", " 7 ") reads the same both ways.
  const direct = Number(raw);
  if (Number.isFinite(direct)) return raw.trim() === '' ? null : direct;
  const s = raw.trim().replace(/[\u00a0\u202f ]/g, '');
  if (s === '') return null;
  const normalised = /^-?\d+,\d+$/.test(s) ? s.replace(',', '.') : s;
  const n = Number(normalised);
  return Number.isFinite(n) ? n : null;
}
