/**
 * Decompression bombs built by code, in a few milliseconds and without ever holding what they
 * inflate to (Node-only: node:zlib). A byte-aligned raw DEFLATE chunk of 1 MiB of zeros (zlib's
 * sync flush ends it on a byte boundary, not final) repeated N times, then an empty final block,
 * is a valid DEFLATE stream of N MiB of zeros; each copy's matches reach back into the previous one.
 */
import { constants, deflateRawSync } from 'node:zlib';
import { concatBytes } from '../../src/shared/bytes.ts';

const MIB = 1024 * 1024;

/** Raw DEFLATE stream that inflates to `mebibytes` MiB of zeros. */
export function deflateBomb(mebibytes: number): Uint8Array {
  const chunk = new Uint8Array(deflateRawSync(new Uint8Array(MIB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH }));
  const end = Uint8Array.of(0x03, 0x00); // final fixed-Huffman block holding only end-of-block
  return concatBytes([...Array.from({ length: mebibytes }, () => chunk), end]);
}

/** The same in a zlib wrapper (header 78 DA, Adler-32 of the zeros at the end), as an OSM PBF blob holds. */
export function zlibBomb(mebibytes: number): Uint8Array {
  // Adler-32 of n zero bytes: a = 1, b = n mod 65521.
  const b = (mebibytes * MIB) % 65521;
  const adler = Uint8Array.of(b >> 8, b & 0xff, 0x00, 0x01);
  return concatBytes([Uint8Array.of(0x78, 0xda), deflateBomb(mebibytes), adler]);
}

export interface ZipEntry {
  name: string;
  /** Stored as is (method 0), or already raw-deflated (method 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** Uncompressed size written in the headers (a lie is allowed). */
  size: number;
  /** General-purpose flag bit 3: sizes are 0 in the local header and follow the data in a descriptor. */
  descriptor?: boolean;
  /** Compressed size written in the local header instead of the real one (a lie). */
  declaredCompressed?: number;
}

/** A minimal zip (no CRC: 0) whose headers say what each entry asks, true or not. */
export function writeZip(entries: readonly ZipEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const flag = e.descriptor ? 0x0008 : 0;
    const compressed = e.declaredCompressed ?? e.data.length;
    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(6, flag, true);
    l.setUint16(8, e.method, true);
    l.setUint32(18, e.descriptor ? 0 : compressed, true);
    l.setUint32(22, e.descriptor ? 0 : e.size, true);
    l.setUint16(26, name.length, true);
    local.set(name, 30);
    const descriptor = new Uint8Array(e.descriptor ? 16 : 0);
    if (e.descriptor) {
      const d = new DataView(descriptor.buffer);
      d.setUint32(0, 0x08074b50, true);
      d.setUint32(8, compressed, true);
      d.setUint32(12, e.size, true);
    }
    const c = new Uint8Array(46 + name.length);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, flag, true);
    cv.setUint16(10, e.method, true);
    cv.setUint32(20, compressed, true);
    cv.setUint32(24, e.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    c.set(name, 46);
    central.push(c);
    parts.push(local, e.data, descriptor);
    offset += local.length + e.data.length + descriptor.length;
  }
  const dir = concatBytes(central);
  const eocd = new Uint8Array(22);
  const v = new DataView(eocd.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, entries.length, true);
  v.setUint16(10, entries.length, true);
  v.setUint32(12, dir.length, true);
  v.setUint32(16, offset, true);
  return concatBytes([...parts, dir, eocd]);
}
