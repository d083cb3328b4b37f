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

/** Quanta per minute: every graph time is an integer number of quanta (graph.ts). */
const Q = 2 ** 20;
/** Above this many buckets the bucket queue is not worth it (memory, empty-bucket scans). */
const MAX_BUCKETS = 1 << 16;

interface WeightStats {
  /** Smallest / largest edge weight in quanta; 0 when some weight is not a positive whole number of quanta. */
  minQ: number;
  maxQ: number;
}
/** Per weights array (a graph's adjacency is reused for every search): one O(E) scan, cached. */
const weightStatsCache = new WeakMap<Float64Array, WeightStats>();

function weightStats(weights: Float64Array): WeightStats {
  let st = weightStatsCache.get(weights);
  if (st) return st;
  let minQ = Infinity;
  let maxQ = 0;
  for (let e = 0; e < weights.length; e++) {
    const q = weights[e] * Q; // exact: multiplication by a power of two
    if (!(q >= 1 && q === Math.floor(q) && q < 2 ** 52)) {
      minQ = 0;
      break;
    }
    if (q < minQ) minQ = q;
    if (q > maxQ) maxQ = q;
  }
  st = minQ === Infinity || minQ === 0 ? { minQ: 0, maxQ: 0 } : { minQ, maxQ };
  weightStatsCache.set(weights, st);
  return st;
}

/**
 * Multi-source Dijkstra from all sources at once.
 *
 * Fast path: a cyclic bucket queue (Dial's algorithm) with bucket width = the smallest edge
 * weight W, in integer quanta. Why it is exact: a node taken from bucket b (key in [bW, (b+1)W))
 * relaxes its neighbours to key + w ≥ key + W, i.e. into bucket b+1 or later, so nothing can
 * still improve a node once its bucket is the current one: nodes of a bucket need no ordering
 * among themselves, and push/pop are O(1) appends instead of O(log n) heap sifts. Keys are
 * integer quanta (< 2^52), so `Math.floor(key / W)` is exact and the argument holds in floats.
 * Tentative keys always lie within [current key, current key + max weight], so B buckets used
 * cyclically suffice. Decrease-key is lazy: the node is appended again; an entry whose key is no
 * longer time[v] is stale and skipped. The labels (time, source) are the same as with the heap
 * (same tie-break rule, applied only while the node is not settled), bit for bit.
 *
 * Falls back to the indexed heap (`settle`) when `withPred` is set (see below), when the bucket count would exceed MAX_BUCKETS
 * (tiny edges next to long ones, as on real road data with very short segments), or when weights
 * or source offsets are not whole positive quanta (hand-made adjacencies).
 */
export function multiSourceDijkstra(adj: Adjacency, sources: Sources, options: SearchOptions = {}): SearchResult {
  const n = adj.offsets.length - 1;
  const time = new Float64Array(n).fill(Infinity);
  const nearest = new Int32Array(n).fill(-1);
  const pred = options.withPred ? new Int32Array(n).fill(-1) : undefined;
  const cutoff = options.cutoff ?? Infinity;
  const { nodes, offsets } = sources;

  const { minQ, maxQ } = weightStats(adj.weights);
  let seedMin = Infinity;
  let seedMax = -Infinity;
  let seedsOk = true;
  for (let s = 0; s < nodes.length; s++) {
    if (nodes[s] < 0) continue;
    const t = offsets ? quantizeMinutes(offsets[s]) : 0;
    if (!Number.isFinite(t)) continue; // never seeded (as in `seed`)
    if (Math.abs(t * Q) >= 2 ** 51) seedsOk = false;
    if (t < seedMin) seedMin = t;
    if (t > seedMax) seedMax = t;
  }
  // All keys ever in the queue lie within [current, current + span].
  const span = seedMin <= seedMax ? maxQ + (seedMax - seedMin) * Q : 0;
  const buckets = minQ > 0 ? Math.floor(span / minQ) + 2 : Infinity;
  // `pred` stays on the heap path: between two equally fast predecessors with the same source,
  // the one kept depends on the settling order, and routes should not change with the queue.
  if (!(buckets <= MAX_BUCKETS) || !seedsOk || pred) {
    const heap = new IndexedHeap(n, time);
    for (let s = 0; s < nodes.length; s++) {
      const v = nodes[s];
      if (v < 0) continue;
      seed(heap, time, nearest, pred, v, offsets ? quantizeMinutes(offsets[s]) : 0, s);
    }
    settle(adj, heap, time, nearest, pred, cutoff);
    return pred ? { time, nearest, pred } : { time, nearest };
  }
  bucketSearch(adj, nodes, offsets, time, nearest, cutoff, minQ, buckets);
  return { time, nearest };
}

/** The bucket-queue search of `multiSourceDijkstra` (see there for why it is exact); no `pred`. */
function bucketSearch(
  adj: Adjacency,
  nodes: ArrayLike<number>,
  offsets: ArrayLike<number> | undefined,
  time: Float64Array,
  nearest: Int32Array,
  cutoff: number,
  widthQ: number,
  B: number,
): void {
  const { offsets: off, targets, weights } = adj;
  const n = time.length;
  // Entries live in one pool of singly linked lists (one list per bucket): node + next entry.
  // Typed arrays, no per-entry objects; the pool grows only if decreases are many.
  let cap = n + (n >> 3) + 16;
  let entNode = new Int32Array(cap);
  let entNext = new Int32Array(cap);
  let used = 0;
  const head = new Int32Array(B).fill(-1);
  const bucketOf = (t: number) => Math.floor((t * Q) / widthQ); // exact: integer / integer < 2^52
  const mod = (b: number) => ((b % B) + B) % B;
  let count = 0; // live + stale entries in the queue

  const append = (v: number, b: number) => {
    if (used === cap) {
      cap *= 2;
      const a = new Int32Array(cap);
      a.set(entNode);
      entNode = a;
      const c = new Int32Array(cap);
      c.set(entNext);
      entNext = c;
    }
    const slot = mod(b);
    entNode[used] = v;
    entNext[used] = head[slot];
    head[slot] = used++;
    count++;
  };

  let cur = Infinity; // absolute index of the current bucket
  for (let s = 0; s < nodes.length; s++) {
    const v = nodes[s];
    if (v < 0) continue;
    const t = offsets ? quantizeMinutes(offsets[s]) : 0;
    const old = time[v];
    if (t < old || (t === old && s < nearest[v])) {
      time[v] = t;
      nearest[v] = s;
      if (t < old) {
        const b = bucketOf(t);
        append(v, b);
        if (b < cur) cur = b;
      }
    }
  }

  while (count > 0) {
    // Next non-empty bucket (at most B steps: every key lies within B buckets of `cur`).
    let slot = mod(cur);
    while (head[slot] < 0) {
      cur++;
      slot = slot + 1 === B ? 0 : slot + 1;
    }
    if (cur * widthQ > cutoff * Q) break; // every remaining key is beyond the cutoff
    // Drain the bucket. Appends from here go to later buckets, never to this one.
    let ent = head[slot];
    head[slot] = -1;
    while (ent >= 0) {
      const u = entNode[ent];
      ent = entNext[ent];
      count--;
      const tu = time[u];
      if (bucketOf(tu) !== cur) continue; // stale: u was improved into an earlier bucket
      if (tu > cutoff) continue;
      const su = nearest[u];
      const end = off[u + 1];
      for (let e = off[u]; e < end; e++) {
        const v = targets[e];
        const nt = tu + weights[e];
        const tv = time[v];
        if (nt < tv) {
          time[v] = nt;
          nearest[v] = su;
          // A node already queued in the same bucket needs no second entry.
          const b = bucketOf(nt);
          if (tv === Infinity || bucketOf(tv) !== b) append(v, b);
        } else if (nt === tv && su < nearest[v]) nearest[v] = su;
      }
    }
    cur++;
  }
  if (cutoff !== Infinity) {
    // Forget tentative labels beyond the cutoff (settled nodes are all ≤ cutoff).
    for (let v = 0; v < n; v++) {
      if (time[v] > cutoff) {
        time[v] = Infinity;
        nearest[v] = -1;
      }
    }
  }
}
