/**
 * What-if updates of a multi-source search: add or remove one site without a full rerun.
 *
 * Both updates produce EXACTLY the arrays a full `multiSourceDijkstra` would produce for the
 * same source list (same indices, removed sites kept as inactive `-1` entries), because labels
 * (time, source index) are unique with quantised positive edge times (see graph.ts).
 */
import type { Adjacency, Direction, RoadGraph } from './graph.ts';
import { adjacency, inverseAdjacency, quantizeMinutes } from './graph.ts';
import { IndexedHeap, seed, settle } from './dijkstra.ts';

export interface WhatIfState {
  readonly adj: Adjacency;
  /** In-edges of the searched adjacency (for catchment boundaries). */
  readonly inv: Adjacency;
  /** Node of each site, -1 once removed. Indices are stable. */
  readonly siteNodes: number[];
  /** Quantised offsets (access legs, minutes). */
  readonly siteOffsets: number[];
  readonly time: Float64Array;
  readonly nearest: Int32Array;
  readonly heap: IndexedHeap;
}

export interface SiteInput {
  node: number;
  offset?: number;
}

export interface UpdateStats {
  /** Site index (new index for addSite). */
  index: number;
  /** Nodes whose label was recomputed. */
  touched: number;
}

export function createWhatIf(graph: RoadGraph, direction: Direction, sites: SiteInput[]): WhatIfState {
  const adj = adjacency(graph, direction);
  const n = graph.nodeCount;
  const time = new Float64Array(n).fill(Infinity);
  const nearest = new Int32Array(n).fill(-1);
  const state: WhatIfState = {
    adj,
    inv: inverseAdjacency(graph, direction),
    siteNodes: sites.map((s) => s.node),
    siteOffsets: sites.map((s) => quantizeMinutes(s.offset ?? 0)),
    time,
    nearest,
    heap: new IndexedHeap(n, time),
  };
  for (let s = 0; s < sites.length; s++) {
    if (state.siteNodes[s] >= 0) seed(state.heap, time, nearest, undefined, state.siteNodes[s], state.siteOffsets[s], s);
  }
  settle(adj, state.heap, time, nearest, undefined);
  return state;
}

/** Add a site: a search from it alone, expanding only where it improves a label. */
export function addSite(state: WhatIfState, site: SiteInput): UpdateStats {
  const index = state.siteNodes.length;
  const offset = quantizeMinutes(site.offset ?? 0);
  state.siteNodes.push(site.node);
  state.siteOffsets.push(offset);
  if (site.node < 0) return { index, touched: 0 };
  seed(state.heap, state.time, state.nearest, undefined, site.node, offset, index);
  const touched = settle(state.adj, state.heap, state.time, state.nearest, undefined);
  return { index, touched };
}

/** Remove a site: reset its catchment, reseed it from the neighbouring catchments, rerun there. */
export function removeSite(state: WhatIfState, index: number): UpdateStats {
  const { time, nearest, heap, inv, siteNodes, siteOffsets } = state;
  if (index < 0 || index >= siteNodes.length || siteNodes[index] < 0) return { index, touched: 0 };
  siteNodes[index] = -1;
  const n = time.length;
  const catchment: number[] = [];
  for (let v = 0; v < n; v++) {
    if (nearest[v] === index) {
      catchment.push(v);
      time[v] = Infinity;
      nearest[v] = -1;
    }
  }
  const { offsets, targets, weights } = inv;
  for (const v of catchment) {
    for (let e = offsets[v]; e < offsets[v + 1]; e++) {
      const u = targets[e];
      const su = nearest[u];
      if (su >= 0) seed(heap, time, nearest, undefined, v, time[u] + weights[e], su);
    }
  }
  for (let s = 0; s < siteNodes.length; s++) {
    const v = siteNodes[s];
    if (v >= 0) seed(heap, time, nearest, undefined, v, siteOffsets[s], s); // no-op unless v is in the catchment
  }
  settle(state.adj, heap, time, nearest, undefined);
  return { index, touched: catchment.length };
}

/** Source list equivalent to the state (for a full recomputation). */
export function stateSources(state: WhatIfState): { nodes: number[]; offsets: number[] } {
  return { nodes: [...state.siteNodes], offsets: [...state.siteOffsets] };
}
