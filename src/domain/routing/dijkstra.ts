/**
 * Multi-source Dijkstra on CSR typed arrays with an indexed binary heap.
 *
 * Labels are (time, source index), compared lexicographically: on equal times the smaller
 * source index wins. With quantised strictly positive edge times (graph.ts) the labels are
 * unique, so any correct algorithm (full, incremental) returns exactly the same arrays.
 */
import type { Adjacency } from './graph.ts';
import { quantizeMinutes } from './graph.ts';

/**
 * Indexed binary min-heap keyed by an external Float64Array (`key[v]`). Each heap slot also
 * caches its key (`slotKey`) so sifting reads contiguous memory instead of `key[heap[i]]`.
 */
export class IndexedHeap {
  readonly heap: Int32Array;
  readonly slotKey: Float64Array;
  /** Position of each node in the heap, -1 when absent. */
  readonly pos: Int32Array;
  size = 0;
  constructor(
    n: number,
    readonly key: Float64Array,
  ) {
    this.heap = new Int32Array(n);
    this.slotKey = new Float64Array(n);
    this.pos = new Int32Array(n).fill(-1);
  }
  has(v: number): boolean {
    return this.pos[v] >= 0;
  }
  push(v: number): void {
    const i = this.size++;
    this.up(i, v, this.key[v]);
  }
  /** Call after lowering key[v]. */
  decrease(v: number): void {
    this.up(this.pos[v], v, this.key[v]);
  }
  pop(): number {
    const heap = this.heap;
    const top = heap[0];
    this.pos[top] = -1;
    const n = --this.size;
    if (n > 0) this.down(heap[n], this.slotKey[n]);
    return top;
  }
  clear(): void {
    for (let i = 0; i < this.size; i++) this.pos[this.heap[i]] = -1;
    this.size = 0;
  }
  private up(i: number, v: number, k: number): void {
    const { heap, pos, slotKey } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = slotKey[p];
      if (pk <= k) break;
      const u = heap[p];
      heap[i] = u;
      slotKey[i] = pk;
      pos[u] = i;
      i = p;
    }
    heap[i] = v;
    slotKey[i] = k;
    pos[v] = i;
  }
  /** Place (v, k) starting at the root. */
  private down(v: number, k: number): void {
    const { heap, pos, slotKey } = this;
    const size = this.size;
    const half = size >> 1;
    let i = 0;
    while (i < half) {
      let c = 2 * i + 1;
      let ck = slotKey[c];
      const r = c + 1;
      if (r < size) {
        const rk = slotKey[r];
        if (rk < ck) {
          c = r;
          ck = rk;
        }
      }
      if (ck >= k) break;
      const cu = heap[c];
      heap[i] = cu;
      slotKey[i] = ck;
      pos[cu] = i;
      i = c;
    }
    heap[i] = v;
    slotKey[i] = k;
    pos[v] = i;
  }
}

export interface SearchResult {
  /** Minutes from/to the nearest source; Infinity when unreached. */
  time: Float64Array;
  /** Index of the nearest source, -1 when unreached. */
  nearest: Int32Array;
  /** Edge index (in the searched adjacency) used to reach each node; -1 for sources/unreached. */
  pred?: Int32Array;
}

export interface Sources {
  /** Graph node of each source; -1 = inactive (skipped, index kept). */
  nodes: ArrayLike<number>;
  /** Initial time of each source in minutes (access leg), default 0. Quantised on input. */
  offsets?: ArrayLike<number>;
}

export interface SearchOptions {
  /** Stop when the next settled time exceeds this (minutes); farther nodes stay Infinity. */
  cutoff?: number;
  /** Fill `pred` (for route polylines). */
  withPred?: boolean;
}

/** Seed one source into the labels: keeps the lexicographically smaller label. Returns true if changed. */
export function seed(
  heap: IndexedHeap,
  time: Float64Array,
  nearest: Int32Array,
  pred: Int32Array | undefined,
  node: number,
  t: number,
  s: number,
): boolean {
  const old = time[node];
  if (t < old || (t === old && s < nearest[node])) {
    time[node] = t;
    nearest[node] = s;
    if (pred) pred[node] = -1;
    if (heap.has(node)) heap.decrease(node);
    else heap.push(node);
    return true;
  }
  return false;
}

/**
 * Settle the heap. Relaxes v from u when (time[u] + w, nearest[u]) < (time[v], nearest[v]).
 * `touched` (optional) collects every node whose label changed.
 */
export function settle(
  adj: Adjacency,
  heap: IndexedHeap,
  time: Float64Array,
  nearest: Int32Array,
  pred: Int32Array | undefined,
  cutoff = Infinity,
): number {
  const { offsets, targets, weights } = adj;
  let settled = 0;
  while (heap.size > 0) {
    const u = heap.heap[0];
    const tu = time[u];
    if (tu > cutoff) break;
    heap.pop();
    settled++;
    const su = nearest[u];
    const end = offsets[u + 1];
    for (let e = offsets[u]; e < end; e++) {
      const v = targets[e];
      const nt = tu + weights[e];
      const tv = time[v];
      if (nt < tv) {
        time[v] = nt;
        nearest[v] = su;
        if (pred) pred[v] = e;
        if (heap.pos[v] >= 0) heap.decrease(v);
        else heap.push(v);
      } else if (nt === tv && su < nearest[v]) {
        nearest[v] = su;
        if (pred) pred[v] = e;
      }
    }
  }
  if (heap.size > 0) {
    // Cutoff reached: forget tentative labels beyond it.
    for (let i = 0; i < heap.size; i++) {
      const v = heap.heap[i];
      time[v] = Infinity;
      nearest[v] = -1;
      if (pred) pred[v] = -1;
    }
    heap.clear();
  }
  return settled;
}

/** Multi-source Dijkstra from all sources at once. */
export function multiSourceDijkstra(adj: Adjacency, sources: Sources, options: SearchOptions = {}): SearchResult {
  const n = adj.offsets.length - 1;
  const time = new Float64Array(n).fill(Infinity);
  const nearest = new Int32Array(n).fill(-1);
  const pred = options.withPred ? new Int32Array(n).fill(-1) : undefined;
  const heap = new IndexedHeap(n, time);
  const { nodes, offsets } = sources;
  for (let s = 0; s < nodes.length; s++) {
    const v = nodes[s];
    if (v < 0) continue;
    seed(heap, time, nearest, pred, v, offsets ? quantizeMinutes(offsets[s]) : 0, s);
  }
  settle(adj, heap, time, nearest, pred, options.cutoff ?? Infinity);
  return pred ? { time, nearest, pred } : { time, nearest };
}
