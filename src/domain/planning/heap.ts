/**
 * Binary min-heap of (key, value) pairs with lazy deletion (duplicates allowed, the caller skips
 * stale entries). No position array: cheaper than routing's indexed heap (routing/dijkstra.ts) for short bounded searches.
 */
export class LazyHeap {
  keys: Float64Array;
  vals: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.vals = new Int32Array(capacity);
  }
  topKey(): number {
    return this.keys[0];
  }
  push(k: number, v: number): void {
    if (this.size === this.keys.length) {
      const nk = new Float64Array(this.size * 2);
      nk.set(this.keys);
      this.keys = nk;
      const nv = new Int32Array(this.size * 2);
      nv.set(this.vals);
      this.vals = nv;
    }
    const { keys, vals } = this;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p];
      if (pk <= k) break;
      keys[i] = pk;
      vals[i] = vals[p];
      i = p;
    }
    keys[i] = k;
    vals[i] = v;
  }
  pop(): number {
    const { keys, vals } = this;
    const top = vals[0];
    const n = --this.size;
    if (n > 0) {
      const k = keys[n];
      const v = vals[n];
      let i = 0;
      const half = n >> 1;
      while (i < half) {
        let c = 2 * i + 1;
        let ck = keys[c];
        if (c + 1 < n && keys[c + 1] < ck) ck = keys[++c];
        if (ck >= k) break;
        keys[i] = ck;
        vals[i] = vals[c];
        i = c;
      }
      keys[i] = k;
      vals[i] = v;
    }
    return top;
  }
}

const f64 = new Float64Array(1);
const u64 = new BigInt64Array(f64.buffer);
/** Largest double strictly below x (x finite and > 0, or Infinity → MAX_VALUE); x ≤ 0 → x − tiny. */
export function nextDown(x: number): number {
  if (x === Infinity) return Number.MAX_VALUE;
  if (Number.isNaN(x)) return x;
  if (x === 0) return -Number.MIN_VALUE;
  f64[0] = x;
  u64[0] += x > 0 ? -1n : 1n;
  return f64[0];
}
