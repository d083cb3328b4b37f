/**
 * zlib inflation with a hard cap on the bytes produced, for data from outside (an OSM PBF blob
 * declares its inflated size; a hostile one lies). The compressed input is fed a slice at a time
 * and the output counted as it comes: the reading stops as soon as the count passes the cap, so
 * a "decompression bomb" costs at most the cap plus what one slice can inflate to (DEFLATE's
 * ceiling is ~1032:1, RFC 1951: a 258-byte match costs at least 2 bits; ~4 MB for 4 KB).
 *
 * `inflateCapped` is synchronous and pure JavaScript (fflate), the same in Node and the browser;
 * `inflateCappedStream` uses the platform's native DecompressionStream (faster, asynchronous).
 */
import { Unzlib } from 'fflate';
import { concatBytes, readCapped } from './bytes.ts';

/** The inflated data would pass `cap` bytes: the reading was stopped there. */
export class InflateCapError extends Error {
  constructor(readonly cap: number) {
    super(`inflated data exceeds ${cap} bytes`);
    this.name = 'InflateCapError';
  }
}

export const INFLATE_SLICE = 4 * 1024;

/** What was inflated, counted (tests measure the bound with it). */
export interface InflateStats {
  inflated: number;
}

/** Inflates a zlib stream; throws InflateCapError as soon as more than `cap` bytes come out. */
export function inflateCapped(data: Uint8Array, cap: number, stats: InflateStats = { inflated: 0 }): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const unzlib = new Unzlib((chunk, final) => {
    size += chunk.length;
    stats.inflated = size;
    if (size > cap) throw new InflateCapError(cap);
    chunks.push(chunk);
    if (final) ended = true;
  });
  for (let at = 0; at < data.length && !ended; at += INFLATE_SLICE) {
    const end = Math.min(data.length, at + INFLATE_SLICE);
    unzlib.push(data.subarray(at, end), end === data.length);
  }
  if (!ended) throw new Error('données compressées tronquées');
  return concatBytes(chunks, size);
}

/**
 * Same contract with DecompressionStream('deflate'): the input is offered slice by slice and
 * the stream's backpressure keeps at most a slice or two inflated ahead of what was counted.
 */
export async function inflateCappedStream(data: Uint8Array, cap: number, stats: InflateStats = { inflated: 0 }): Promise<Uint8Array> {
  let at = 0;
  const input = new ReadableStream<BufferSource>({
    pull(controller) {
      if (at >= data.length) return controller.close();
      const end = Math.min(data.length, at + INFLATE_SLICE);
      controller.enqueue(data.slice(at, end));
      at = end;
    },
  });
  const record = (n: number) => {
    stats.inflated = n;
  };
  return readCapped(input.pipeThrough(new DecompressionStream('deflate')), cap, (n) => (record(n), new InflateCapError(cap)), record);
}
