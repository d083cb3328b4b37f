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
 * A unit is listed when its time (node label + its access leg) is ≤ cutoff, strictly below its
 * base time, and (option `onlyBeyond`) its base time exceeds that value. Times are sums of the
 * routing graph's quantised weights, so they equal a full multiSourceDijkstra bit for bit
 * (checked in tests).
 */
import type { RoadGraph } from '../routing/graph.ts';
import { TIME_QUANTUM, adjacency, quantizeMinutes } from '../routing/graph.ts';
import { multiSourceDijkstra } from '../routing/dijkstra.ts';
import { nextDown } from './heap.ts';
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

  const dist = new Float64Array(n).fill(Infinity);
  // Inlined lazy binary heap of (key, node) pairs (see heap.ts LazyHeap): local typed arrays.
  let hKeys = new Float64Array(1024);
  let hVals = new Int32Array(1024);
  let touched = new Int32Array(1024);
  let capU = Math.max(1024, nList);
  let units = new Int32Array(capU);
  let mins = new Float64Array(capU);
  let len = 0;
  const offsets = new Uint32Array(candidates.length + 1);
  let settled = 0;

  for (let c = 0; c < candidates.length; c++) {
    const cand = candidates[c];
    const s = cand.node;
    let nTouched = 0;
    let hSize = 0;
    if (s >= 0) {
      const t0 = quantizeMinutes(cand.legMinutes ?? 0);
      if (t0 <= cap[s]) {
        dist[s] = t0;
        hKeys[0] = t0;
        hVals[0] = s;
        hSize = 1;
        touched[nTouched++] = s;
      }
    }
    while (hSize > 0) {
      // pop
      const tu = hKeys[0];
      const u = hVals[0];
      const hn = --hSize;
      if (hn > 0) {
        const k = hKeys[hn];
        const kv = hVals[hn];
        let i = 0;
        const half = hn >> 1;
        while (i < half) {
          let ch = 2 * i + 1;
          let ck = hKeys[ch];
          if (ch + 1 < hn && hKeys[ch + 1] < ck) ck = hKeys[++ch];
          if (ck >= k) break;
          hKeys[i] = ck;
          hVals[i] = hVals[ch];
          i = ch;
        }
        hKeys[i] = k;
        hVals[i] = kv;
      }
      if (tu > dist[u]) continue; // stale entry
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
        if (nt <= cap[v] && nt < dist[v]) {
          if (dist[v] === Infinity) {
            if (nTouched === touched.length) {
              const nt2 = new Int32Array(touched.length * 2);
              nt2.set(touched);
              touched = nt2;
            }
            touched[nTouched++] = v;
          }
          dist[v] = nt;
          // push
          if (hSize === hKeys.length) {
            const nk = new Float64Array(hSize * 2);
            nk.set(hKeys);
            hKeys = nk;
            const nv = new Int32Array(hSize * 2);
            nv.set(hVals);
            hVals = nv;
          }
          let i = hSize++;
          while (i > 0) {
            const pa = (i - 1) >> 1;
            const pk = hKeys[pa];
            if (pk <= nt) break;
            hKeys[i] = pk;
            hVals[i] = hVals[pa];
            i = pa;
          }
          hKeys[i] = nt;
          hVals[i] = v;
        }
      }
    }
    for (let i = 0; i < nTouched; i++) dist[touched[i]] = Infinity;
    offsets[c + 1] = len;
  }
  return { offsets, units: units.slice(0, len), minutes: mins.slice(0, len), settled };
}
