/**
 * Small indexed binary min-heap over an external Float64Array of keys. The planning searches
 * keep their own copy rather than the routing one so they do not depend on its internals
 * (routing/dijkstra.ts is being tuned independently); the public routing API is used elsewhere.
 */
export class MinHeap {
  readonly heap: Int32Array;
  readonly pos: Int32Array;
  size = 0;
  constructor(
    n: number,
    readonly key: Float64Array,
  ) {
    this.heap = new Int32Array(n);
    this.pos = new Int32Array(n).fill(-1);
  }
  /** Insert v, or move it up after key[v] was lowered. */
  upsert(v: number): void {
    const i = this.pos[v];
    this.up(i >= 0 ? i : this.size++, v);
  }
  pop(): number {
    const { heap, pos, key } = this;
    const top = heap[0];
    pos[top] = -1;
    const n = --this.size;
    if (n > 0) {
      const v = heap[n];
      const k = key[v];
      let i = 0;
      const half = n >> 1;
      while (i < half) {
        let c = 2 * i + 1;
        if (c + 1 < n && key[heap[c + 1]] < key[heap[c]]) c++;
        const cv = heap[c];
        if (key[cv] >= k) break;
        heap[i] = cv;
        pos[cv] = i;
        i = c;
      }
      heap[i] = v;
      pos[v] = i;
    }
    return top;
  }
  private up(i: number, v: number): void {
    const { heap, pos, key } = this;
    const k = key[v];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pv = heap[p];
      if (key[pv] <= k) break;
      heap[i] = pv;
      pos[pv] = i;
      i = p;
    }
    heap[i] = v;
    pos[v] = i;
  }
}
