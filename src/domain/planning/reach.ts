/**
 * Candidate reach lists: for each candidate site, the sparse list of demand units it would
 * IMPROVE, with their travel time to it (residents drive TO the site: searches run on
 * `adjacency(graph, 'to_sources')`, i.e. the reversed graph from the candidate).
 *
 * One bounded, pruned Dijkstra per candidate, on a reused workspace (no O(n) allocation or reset
 * per candidate, which is why this does not call multiSourceDijkstra 5,000 times):
 *   - cutoff: node labels above `cutoff` minutes are not expanded (T for coverage, the penalty
 *     cap for p-median);
 *   - pruning: a node v is expanded only while its label is strictly below `base.nodeTime[v]`
 *     (time from v to the nearest FIXED site). This is exact: for a unit u whose path to the
 *     candidate goes through v, base(u) ≤ d(u→v) + base(v) ≤ d(u→v) + d(v→c) = d(u→c), so the
 *     candidate cannot improve u. It is the rule routing/incremental.ts `addSite` uses.
 *   - coverage bound (when `onlyBeyond` is set): g(v) = min over units u with base(u) > onlyBeyond
 *     of (leg(u) + d(u→v)), from ONE forward multi-source search over those units, cutoff
 *     `cutoff`. A node is expanded only if label(v) + g(v) ≤ cutoff (+ one quantum of slack): no
 *     listable unit can reach the candidate through v otherwise. In covered areas this cuts the
 *     searches to almost nothing.
 * Implementation (none of it changes the lists' content, see tests/unit/domain/planning/reach.test.ts):
 *   - only the listable units (base time beyond `onlyBeyond`) are indexed by node, each with its
 *     own bound min(cutoff, just below its base time);
 *   - the queue is a bucket queue (Dial) whose width is half the smallest edge weight, so popped
 *     labels are final as in Dijkstra (binary-heap fallback when that weight is tiny or zero);
 *     within a candidate's list, units of equal-bucket nodes may come in another order;
 *   - node bound and label are interleaved in one array; candidates are searched in spatial
 *     (Morton) order for cache locality, the CSR is then written in candidate order.
 * A unit is listed when its time (node label + its access leg) is ≤ cutoff, strictly below its
 * base time, and (option `onlyBeyond`) its base time exceeds that value. Times are sums of the
 * routing graph's quantised weights, so they equal a full multiSourceDijkstra bit for bit
 * (checked in tests).
 */
import type { RoadGraph } from '../routing/graph.ts';
import { TIME_QUANTUM, adjacency, quantizeMinutes } from '../routing/graph.ts';
import { multiSourceDijkstra } from '../routing/dijkstra.ts';
import { LazyHeap, nextDown } from './heap.ts';
import type { Candidate, Demand, FixedSite } from './types.ts';

export interface BaseTimes {
  /** Minutes from each graph node to the nearest fixed site (Infinity if none reachable). */
  nodeTime: Float64Array;
  /** Index (into the fixed sites) of that site, -1 if none. */
  nearest: Int32Array;
  /** Minutes from each demand unit to the nearest fixed site (node time + access leg). */
  unitTime: Float64Array;
}

/** Travel times to the fixed sites: one full multi-source search (routing API). */
export function baseTimes(graph: RoadGraph, demand: Demand, fixed: readonly FixedSite[]): BaseTimes {
  const r = multiSourceDijkstra(adjacency(graph, 'to_sources'), {
    nodes: fixed.map((s) => s.node),
    offsets: fixed.map((s) => s.legMinutes ?? 0),
  });
  return { nodeTime: r.time, nearest: r.nearest, unitTime: unitTimes(r.time, demand) };
}

/** Unit time = node time + access leg; Infinity when the unit is not snapped. */
export function unitTimes(nodeTime: Float64Array, demand: Demand): Float64Array {
  const n = demand.node.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = demand.node[i];
    out[i] = v >= 0 ? nodeTime[v] + demand.legMinutes[i] : Infinity;
  }
  return out;
}

/** Sparse candidate × unit lists in CSR form. */
export interface ReachLists {
  /** Entries of candidate c: [offsets[c], offsets[c+1]). */
  offsets: Uint32Array;
  units: Int32Array;
  minutes: Float64Array;
  /** Per entry: 0 = road time, 1 = straight-line estimate (absent = all road). See straight.ts. */
  method?: Uint8Array;
  /** Graph nodes settled over all candidates (work measure). */
  settled: number;
}

export interface ReachOptions {
  /** Maximum unit time kept, minutes. */
  cutoff: number;
  /** Keep only units whose base time is strictly above this (coverage: T). Default: keep all. */
  onlyBeyond?: number;
}

/** Units grouped by graph node (CSR). */
function unitsByNode(nodeCount: number, demand: Demand): { off: Uint32Array; ids: Int32Array } {
  const off = new Uint32Array(nodeCount + 1);
  const n = demand.node.length;
  for (let i = 0; i < n; i++) if (demand.node[i] >= 0) off[demand.node[i] + 1]++;
  for (let v = 0; v < nodeCount; v++) off[v + 1] += off[v];
  const fill = off.slice(0, nodeCount);
  const ids = new Int32Array(off[nodeCount]);
  for (let i = 0; i < n; i++) if (demand.node[i] >= 0) ids[fill[demand.node[i]]++] = i;
  return { off, ids };
}

/** Candidate indices sorted by the Morton code of their node (unsnapped candidates first). */
function spatialOrder(graph: RoadGraph, candidates: readonly Candidate[]): Uint32Array {
  const C = candidates.length;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let c = 0; c < C; c++) {
    const v = candidates[c].node;
    if (v < 0) continue;
    const x = graph.lon[v], y = graph.lat[v];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const sx = x1 > x0 ? 65535 / (x1 - x0) : 0;
  const sy = y1 > y0 ? 65535 / (y1 - y0) : 0;
  const spread = (a: number) => {
    a &= 0xffff;
    a = (a | (a << 8)) & 0x00ff00ff;
    a = (a | (a << 4)) & 0x0f0f0f0f;
    a = (a | (a << 2)) & 0x33333333;
    a = (a | (a << 1)) & 0x55555555;
    return a >>> 0;
  };
  const key = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const v = candidates[c].node;
    if (v < 0 || !(v < graph.nodeCount)) key[c] = -1;
    else {
      const gx = Math.floor((graph.lon[v] - x0) * sx) || 0;
      const gy = Math.floor((graph.lat[v] - y0) * sy) || 0;
      key[c] = (spread(gx) | (spread(gy) << 1)) >>> 0;
    }
  }
  const order = new Uint32Array(C);
  for (let c = 0; c < C; c++) order[c] = c;
  return order.sort((a, b) => key[a] - key[b] || a - b);
}

export function candidateReach(
  graph: RoadGraph,
  demand: Demand,
  base: BaseTimes,
  candidates: readonly Candidate[],
  options: ReachOptions,
): ReachLists {
  const { offsets: eOff, targets, weights } = adjacency(graph, 'to_sources');
  const n = graph.nodeCount;
  const cutoff = options.cutoff;
  const beyond = options.onlyBeyond ?? -Infinity;
  const cur = base.nodeTime;
  const baseUnit = base.unitTime;
  const leg = demand.legMinutes;
  const byNode = unitsByNode(n, demand);
  const uOff = byNode.off;
  const uIds = byNode.ids;

  // Coverage bound g (see header); all zeros = no bound.
  let g: Float64Array;
  if (options.onlyBeyond !== undefined) {
    const srcNodes: number[] = [];
    const srcLegs: number[] = [];
    for (let i = 0; i < demand.node.length; i++) {
      if (demand.node[i] >= 0 && baseUnit[i] > beyond) {
        srcNodes.push(demand.node[i]);
        srcLegs.push(leg[i]);
      }
    }
    g = multiSourceDijkstra(adjacency(graph, 'from_sources'), { nodes: srcNodes, offsets: srcLegs }, { cutoff }).time;
  } else g = new Float64Array(n);
  const limit = cutoff + 2 * TIME_QUANTUM; // slack for the quantised legs in g

  // One bound per node: expand v only with a label ≤ cap[v]
  // (label < base(v), label ≤ cutoff, label + g(v) ≤ limit merged into a single comparison).
  const cap = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let c = nextDown(cur[v]);
    if (cutoff < c) c = cutoff;
    const b = limit - g[v];
    cap[v] = b < c ? b : c;
  }

  // Listable units grouped by node (CSR, unit ids ascending within a node, as before), each with
  // its leg and its own bound: listed iff node label + leg ≤ min(cutoff, nextDown(base(u))).
  const lOff = new Int32Array(n + 1);
  let nList = 0;
  for (let v = 0; v < n; v++) {
    for (let p = uOff[v], end = uOff[v + 1]; p < end; p++) if (baseUnit[uIds[p]] > beyond) nList++;
    lOff[v + 1] = nList;
  }
  const lId = new Int32Array(nList);
  const lLeg = new Float64Array(nList);
  const lCap = new Float64Array(nList);
  for (let v = 0, q = 0; v < n; v++) {
    for (let p = uOff[v], end = uOff[v + 1]; p < end; p++) {
      const i = uIds[p];
      if (!(baseUnit[i] > beyond)) continue;
      lId[q] = i;
      lLeg[q] = leg[i];
      const b = nextDown(baseUnit[i]);
      lCap[q++] = cutoff < b ? cutoff : b;
    }
  }

  // cd[2v] = cap[v], cd[2v + 1] = label of v in the current search (Infinity = untouched):
  // interleaved so a relaxation reads one cache line.
  const cd = new Float64Array(2 * n);
  for (let v = 0; v < n; v++) {
    cd[2 * v] = cap[v];
    cd[2 * v + 1] = Infinity;
  }
  let touched = new Int32Array(1024);
  let capU = Math.max(1024, nList);
  let units = new Int32Array(capU);
  let mins = new Float64Array(capU);
  let len = 0;
  const offsets = new Uint32Array(candidates.length + 1);
  let settled = 0;

  // Priority queue. Every label is ≤ cutoff (cap ≤ cutoff), so when the smallest positive edge
  // weight is not tiny a bucket queue (Dial) with bucket width δ = half that weight replaces the
  // binary heap: a node relaxed from bucket b lands in bucket ≥ b + 2 (the margin absorbs the
  // rounding of floor(label/δ)), so a popped label is final, exactly as in Dijkstra; only the
  // order among nodes of one bucket differs (the list order within a candidate, not its content).
  let minW = Infinity;
  for (let e = 0; e < weights.length; e++) if (weights[e] < minW) minW = weights[e];
  const delta = minW / 2;
  const nBuckets = delta > 0 && Number.isFinite(cutoff) && cutoff >= 0 ? Math.floor(cutoff / delta) + 2 : Infinity;
  const useBuckets = nBuckets <= 1 << 16;
  const invDelta = useBuckets ? 1 / delta : 0;
  const head = new Int32Array(useBuckets ? nBuckets : 0).fill(-1);
  let entKey = new Float64Array(1024);
  let entNode = new Int32Array(1024);
  let entNext = new Int32Array(1024);
  const heap = new LazyHeap(useBuckets ? 1 : 1024);

  // Candidates are searched in spatial (Morton) order so that consecutive searches touch nearby
  // graph memory; each search is independent, so the lists do not depend on that order.
  const C = candidates.length;
  const order = spatialOrder(graph, candidates);
  const segStart = new Uint32Array(C);
  const segEnd = new Uint32Array(C);

  for (let oi = 0; oi < C; oi++) {
    const c = order[oi];
    segStart[c] = len;
    const cand = candidates[c];
    const s = cand.node;
    let nTouched = 0;
    let nEnt = 0; // bucket entries (pool reset per candidate)
    let queued = 0;
    let bucket = 0;
    if (s >= 0) {
      const t0 = quantizeMinutes(cand.legMinutes ?? 0);
      if (t0 <= cap[s]) {
        cd[2 * s + 1] = t0;
        touched[nTouched++] = s;
        if (useBuckets) {
          const b = Math.floor(t0 * invDelta);
          entKey[0] = t0;
          entNode[0] = s;
          entNext[0] = -1;
          head[b] = 0;
          nEnt = 1;
          queued = 1;
          bucket = b;
        } else heap.push(t0, s);
      }
    }
    for (;;) {
      let tu: number;
      let u: number;
      if (useBuckets) {
        if (queued === 0) break;
        while (head[bucket] < 0) bucket++;
        const x = head[bucket];
        head[bucket] = entNext[x];
        queued--;
        tu = entKey[x];
        u = entNode[x];
      } else {
        if (heap.size === 0) break;
        tu = heap.topKey();
        u = heap.pop();
      }
      if (tu > cd[2 * u + 1]) continue; // stale entry
      settled++;
      for (let p = lOff[u], end = lOff[u + 1]; p < end; p++) {
        const t = tu + lLeg[p];
        if (t <= lCap[p]) {
          if (len === capU) {
            capU *= 2;
            const nu = new Int32Array(capU);
            nu.set(units);
            units = nu;
            const nm = new Float64Array(capU);
            nm.set(mins);
            mins = nm;
          }
          units[len] = lId[p];
          mins[len++] = t;
        }
      }
      for (let e = eOff[u], end = eOff[u + 1]; e < end; e++) {
        const v = targets[e];
        const nt = tu + weights[e];
        const dv = cd[2 * v + 1];
        if (nt < dv && nt <= cd[2 * v]) {
          if (dv === Infinity) {
            if (nTouched === touched.length) {
              const nt2 = new Int32Array(touched.length * 2);
              nt2.set(touched);
              touched = nt2;
            }
            touched[nTouched++] = v;
          }
          cd[2 * v + 1] = nt;
          if (useBuckets) {
            if (nEnt === entKey.length) {
              const k2 = new Float64Array(nEnt * 2);
              k2.set(entKey);
              entKey = k2;
              const n2 = new Int32Array(nEnt * 2);
              n2.set(entNode);
              entNode = n2;
              const x2 = new Int32Array(nEnt * 2);
              x2.set(entNext);
              entNext = x2;
            }
            const b = Math.floor(nt * invDelta);
            entKey[nEnt] = nt;
            entNode[nEnt] = v;
            entNext[nEnt] = head[b];
            head[b] = nEnt++;
            queued++;
          } else heap.push(nt, v);
        }
      }
    }
    for (let i = 0; i < nTouched; i++) cd[2 * touched[i] + 1] = Infinity;
    segEnd[c] = len;
  }
  // CSR in candidate order.
  const outUnits = new Int32Array(len);
  const outMins = new Float64Array(len);
  let q = 0;
  for (let c = 0; c < C; c++) {
    const a = segStart[c];
    const b = segEnd[c];
    outUnits.set(units.subarray(a, b), q);
    outMins.set(mins.subarray(a, b), q);
    q += b - a;
    offsets[c + 1] = q;
  }
  return { offsets, units: outUnits, minutes: outMins, settled };
}
