/** Tiny benchmark harness: runs a function several times and reports the median as a JSON line. */
import { cpus } from 'node:os';

export interface BenchLine {
  bench: string;
  median_ms: number;
  runs: number;
  [extra: string]: unknown;
}

export const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Time `fn` `runs` times (after one warm-up unless warmup=false) and print one JSON line. */
export async function bench(
  name: string,
  fn: () => unknown | Promise<unknown>,
  options: { runs?: number; warmup?: boolean; extra?: Record<string, unknown> } = {},
): Promise<BenchLine> {
  const runs = options.runs ?? 5;
  if (options.warmup !== false) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  const line: BenchLine = { bench: name, median_ms: round(median(times)), runs, ...options.extra, machine };
  console.log(JSON.stringify(line));
  return line;
}

export function report(line: Record<string, unknown>): void {
  console.log(JSON.stringify({ ...line, machine }));
}

export const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
