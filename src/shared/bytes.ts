/** Byte arrays received in pieces (a stream, a zip entry) joined into one. */
export function concatBytes(chunks: readonly Uint8Array[], size = chunks.reduce((n, c) => n + c.length, 0)): Uint8Array {
  if (chunks.length === 1 && chunks[0].length === size) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Reads a stream to its end, stopping as soon as more than `cap` bytes have come: the reader is
 * cancelled and `tooBig(bytesRead)` thrown, so no more than one chunk past the cap is ever held.
 * `onBytes` hears the running count after each chunk kept.
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array>,
  cap: number,
  tooBig: (bytesRead: number) => Error,
  onBytes: (n: number) => void = () => {},
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > cap) {
      await reader.cancel().catch(() => undefined);
      throw tooBig(n);
    }
    chunks.push(value);
    onBytes(n);
  }
  return concatBytes(chunks, n);
}
