/**
 * Route polyline from a node back to its nearest source, using `pred` from a search run with
 * `withPred: true`. Contracted chains are expanded back to their input-node geometry, so the
 * polyline follows the road shape points the import kept (OSM way nodes, IGN vertices).
 */
import type { Direction, RoadGraph } from './graph.ts';
import type { SearchResult } from './dijkstra.ts';

export interface RoutePolyline {
  /** [lon, lat] pairs, in travel order. */
  coordinates: [number, number][];
  /** Graph nodes along the route, in travel order. */
  nodes: number[];
  minutes: number;
  lengthM: number;
  source: number;
}

/** Tail node of a CSR edge (binary search over offsets). */
function edgeTail(offsets: Uint32Array, e: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function routePolyline(graph: RoadGraph, result: SearchResult, direction: Direction, node: number): RoutePolyline | null {
  const pred = result.pred;
  if (!pred) throw new Error('routePolyline needs a search run with withPred: true');
  if (!(result.nearest[node] >= 0)) return null;
  // Collect forward-graph edges walking back from `node` to the source.
  const offs = direction === 'from_sources' ? graph.offsets : graph.rOffsets;
  const edges: number[] = [];
  const nodes: number[] = [node];
  let v = node;
  let lengthM = 0;
  for (let guard = 0; pred[v] >= 0 && guard <= graph.nodeCount; guard++) {
    const e = pred[v];
    const fe = direction === 'from_sources' ? e : graph.rEdge[e];
    edges.push(fe);
    lengthM += graph.lengths[fe];
    v = edgeTail(offs, e);
    nodes.push(v);
  }
  // For 'from_sources' the walk is target→source: reverse to travel order (source → node).
  // For 'to_sources' the walk already runs node → source, i.e. travel order on forward edges.
  const coordinates: [number, number][] = [];
  const push = (inputNode: number) => coordinates.push([graph.inputLon[inputNode], graph.inputLat[inputNode]]);
  const ordered = direction === 'from_sources' ? [...edges].reverse() : edges;
  const orderedNodes = direction === 'from_sources' ? [...nodes].reverse() : nodes;
  push(graph.inputNode[orderedNodes[0]]);
  for (let i = 0; i < ordered.length; i++) {
    const fe = ordered[i];
    for (let g = graph.geomOffsets[fe]; g < graph.geomOffsets[fe + 1]; g++) push(graph.geomNodes[g]);
    push(graph.inputNode[orderedNodes[i + 1]]);
  }
  return { coordinates, nodes: orderedNodes, minutes: result.time[node], lengthM, source: result.nearest[node] };
}
