/** Capped inflation (issue 18, item 6): a bomb is stopped once past the cap, never inflated whole. */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { INFLATE_SLICE, InflateCapError, inflateCapped, inflateCappedStream } from '../../../src/shared/inflate.ts';
import { zlibBomb } from '../../helpers/bombs.ts';

const MIB = 1024 * 1024;
/** DEFLATE's ceiling (~1032:1) for one slice of input, with a margin. */
const SLICE_OUT = INFLATE_SLICE * 1040;

const inflaters = [
  { name: 'inflateCapped (fflate)', run: (d: Uint8Array, cap: number, s: { inflated: number }) => inflateCapped(d, cap, s) },
  { name: 'inflateCappedStream (DecompressionStream)', run: (d: Uint8Array, cap: number, s: { inflated: number }) => inflateCappedStream(d, cap, s) },
];

describe.each(inflaters)('$name', ({ run }) => {
  it('inflates honest data whose size is within the cap', async () => {
    const text = new TextEncoder().encode('nœud;way;highway=residential\n'.repeat(20_000));
    const out = await run(deflateSync(text), text.length, { inflated: 0 });
    expect(Buffer.from(out).equals(text)).toBe(true); // (toEqual walks 600 KB element by element)
  });

  it('stops a 1 GiB bomb declared as 1 000 bytes after at most one slice of output', async () => {
    const bomb = zlibBomb(1024);
    expect(bomb.length).toBeLessThan(1.1 * MIB);
    const stats = { inflated: 0 };
    await expect(Promise.resolve().then(() => run(bomb, 1000, stats))).rejects.toBeInstanceOf(InflateCapError);
    expect(stats.inflated).toBeGreaterThan(1000);
    expect(stats.inflated).toBeLessThan(2 * SLICE_OUT);
  });

  it('stops at the cap, not later, when the cap is large (32 MiB)', async () => {
    const stats = { inflated: 0 };
    await expect(Promise.resolve().then(() => run(zlibBomb(256), 32 * MIB, stats))).rejects.toBeInstanceOf(InflateCapError);
    expect(stats.inflated).toBeLessThan(32 * MIB + 2 * SLICE_OUT);
  });

  it('refuses corrupt data', async () => {
    await expect(Promise.resolve().then(() => run(Uint8Array.of(0x78, 0xda, 0xff, 0xff, 0xff), 1000, { inflated: 0 }))).rejects.toThrow();
  });
});
