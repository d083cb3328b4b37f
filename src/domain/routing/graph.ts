/**
 * Road graph in CSR typed arrays.
 *
 * Input: `RoadSegments` (one entry per straight piece of road between two input nodes).
 * Build: directed edges (respecting `oneway`) → keep the largest strongly connected component
 * (iterative Tarjan) → contract degree-2 chains (one-way semantics kept) → forward + reverse CSR.
 *
 * Times are minutes, QUANTISED per input segment to multiples of 2^-20 min (≈ 57 µs): every
 * sum of edge times is then exact in float64, so results do not depend on summation order.
 * Contracted edges, incremental updates and the reference Dijkstra agree bit for bit.
 */

export interface RoadSegments {
  /** Coordinates of the input nodes (WGS84 degrees). Nodes no segment uses are ignored. */
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  /** Segment endpoints, indices into nodeLon/nodeLat. */
  from: Uint32Array;
  to: Uint32Array;
  lengthM: Float64Array;
  speedKmh: Float32Array | Float64Array;
  /** 0 both ways, 1 from→to only, -1 to→from only. */
  oneway: Int8Array;
  /** Road class code (see profile.ts ROAD_CLASSES). */
  roadClass: Uint8Array;
}

export const TIME_QUANTUM = 2 ** -20; // minutes
const Q = 2 ** 20;

/** Quantise a time in minutes (exact addition afterwards). */
export function quantizeMinutes(t: number): number {
  return Math.round(t * Q) / Q;
}

/** Time of one input segment in minutes, quantised, at least one quantum (strictly positive). */
export function segmentMinutes(lengthM: number, speedKmh: number): number {
  return Math.max(1, Math.round((lengthM / 1000 / speedKmh) * 60 * Q)) / Q;
}

export interface GraphBuildReport {
  /** Input nodes used by at least one segment. */
  nodesIn: number;
  /** Directed edges derived from the segments (self-loops excluded). */
  edgesIn: number;
  nodesKept: number;
  edgesKept: number;
  /** Strongly connected components other than the largest one. */
  droppedComponents: number;
  droppedNodes: number;
  /** Nodes removed by degree-2 chain contraction. */
  contractedNodes: number;
  /** Road length in the kept component, each segment counted once. */
  kmOfRoad: number;
}

export interface RoadGraph {
  nodeCount: number;
  lon: Float64Array;
  lat: Float64Array;
  /** Kept node → input node index. */
  inputNode: Uint32Array;
  offsets: Uint32Array;
  targets: Uint32Array;
  /** Minutes (quantised). */
  weights: Float64Array;
  lengths: Float64Array;
  /** Reverse CSR: for node v, rTargets are the tails u of edges u→v; rEdge the forward edge id. */
  rOffsets: Uint32Array;
  rTargets: Uint32Array;
  rWeights: Float64Array;
  rEdge: Uint32Array;
  /** Interior input nodes of each (contracted) edge, in travel order: geomNodes[geomOffsets[e]..geomOffsets[e+1]). */
  geomOffsets: Uint32Array;
  geomNodes: Uint32Array;
  inputLon: Float64Array;
  inputLat: Float64Array;
  report: GraphBuildReport;
}

export interface BuildOptions {
  /** Contract degree-2 chains (default true). */
  contract?: boolean;
  /** Keep only the largest strongly connected component (default true). */
  largestComponent?: boolean;
}

interface Csr {
  off: Uint32Array;
  to: Uint32Array;
  /** edge id in the original edge list */
  id: Uint32Array;
}

function csr(n: number, from: Uint32Array, to: Uint32Array, m: number): Csr {
  const off = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) off[from[e] + 1]++;
  for (let i = 0; i < n; i++) off[i + 1] += off[i];
  const pos = off.slice(0, n);
  const outTo = new Uint32Array(m);
  const id = new Uint32Array(m);
  for (let e = 0; e < m; e++) {
    const p = pos[from[e]]++;
    outTo[p] = to[e];
    id[p] = e;
  }
  return { off, to: outTo, id };
}

/** Iterative Tarjan. Returns the component id of each node (-1 for nodes not in `active`) and sizes. */
export function stronglyConnectedComponents(n: number, off: Uint32Array, to: Uint32Array, active: Uint8Array) {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const csNode = new Int32Array(n);
  const csEdge = new Uint32Array(n);
  const sizes: number[] = [];
  let sp = 0;
  let idx = 0;
  for (let r = 0; r < n; r++) {
    if (!active[r] || index[r] !== -1) continue;
    let cs = 0;
    index[r] = low[r] = idx++;
    stack[sp++] = r;
    onStack[r] = 1;
    csNode[cs] = r;
    csEdge[cs++] = off[r];
    while (cs > 0) {
      const v = csNode[cs - 1];
      const e = csEdge[cs - 1];
      if (e < off[v + 1]) {
        csEdge[cs - 1] = e + 1;
        const w = to[e];
        if (index[w] === -1) {
          index[w] = low[w] = idx++;
          stack[sp++] = w;
          onStack[w] = 1;
          csNode[cs] = w;
          csEdge[cs++] = off[w];
        } else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
      } else {
        cs--;
        if (low[v] === index[v]) {
          const c = sizes.length;
          let size = 0;
          let w: number;
          do {
            w = stack[--sp];
            onStack[w] = 0;
            comp[w] = c;
            size++;
          } while (w !== v);
          sizes.push(size);
        }
        if (cs > 0) {
          const u = csNode[cs - 1];
          if (low[v] < low[u]) low[u] = low[v];
        }
      }
    }
  }
  return { comp, sizes };
}

export function buildGraph(seg: RoadSegments, options: BuildOptions = {}): RoadGraph {
  const contract = options.contract ?? true;
  const largest = options.largestComponent ?? true;
  const n = seg.nodeLon.length;
  const ns = seg.from.length;

  // 1. Directed edges.
  const used = new Uint8Array(n);
  let m = 0;
  for (let i = 0; i < ns; i++) {
    used[seg.from[i]] = 1;
    used[seg.to[i]] = 1;
    if (seg.from[i] === seg.to[i]) continue;
    m += seg.oneway[i] === 0 ? 2 : 1;
  }
  const eFrom = new Uint32Array(m);
  const eTo = new Uint32Array(m);
  const eW = new Float64Array(m);
  const eSeg = new Uint32Array(m);
  let k = 0;
  for (let i = 0; i < ns; i++) {
    const a = seg.from[i];
    const b = seg.to[i];
    if (a === b) continue;
    const w = segmentMinutes(seg.lengthM[i], seg.speedKmh[i]);
    const ow = seg.oneway[i];
    if (ow >= 0) {
      eFrom[k] = a; eTo[k] = b; eW[k] = w; eSeg[k++] = i;
    }
    if (ow <= 0) {
      eFrom[k] = b; eTo[k] = a; eW[k] = w; eSeg[k++] = i;
    }
  }
  let nodesIn = 0;
  for (let v = 0; v < n; v++) nodesIn += used[v];

  // 2. Largest strongly connected component.
  const keep = used.slice();
  let droppedComponents = 0;
  let droppedNodes = 0;
  if (largest) {
    const g = csr(n, eFrom, eTo, m);
    const { comp, sizes } = stronglyConnectedComponents(n, g.off, g.to, used);
    let best = -1;
    for (let c = 0; c < sizes.length; c++) if (best < 0 || sizes[c] > sizes[best]) best = c;
    droppedComponents = Math.max(0, sizes.length - 1);
    for (let v = 0; v < n; v++) {
      if (used[v] && comp[v] !== best) {
        keep[v] = 0;
        droppedNodes++;
      }
    }
  }
  let mk = 0;
  for (let e = 0; e < m; e++) if (keep[eFrom[e]] && keep[eTo[e]]) mk++;
  const kFrom = new Uint32Array(mk);
  const kTo = new Uint32Array(mk);
  const kW = new Float64Array(mk);
  const kSeg = new Uint32Array(mk);
  for (let e = 0, j = 0; e < m; e++) {
    if (!(keep[eFrom[e]] && keep[eTo[e]])) continue;
    kFrom[j] = eFrom[e]; kTo[j] = eTo[e]; kW[j] = eW[e]; kSeg[j++] = eSeg[e];
  }
  let km = 0;
  for (let i = 0; i < ns; i++) if (keep[seg.from[i]] && keep[seg.to[i]] && seg.from[i] !== seg.to[i]) km += seg.lengthM[i];

  // 3. Degree-2 chain contraction.
  const out = csr(n, kFrom, kTo, mk);
  const inn = csr(n, kTo, kFrom, mk);
  const through = new Uint8Array(n); // 1 = contractible
  if (contract) {
    for (let v = 0; v < n; v++) {
      if (!keep[v]) continue;
      const o0 = out.off[v], od = out.off[v + 1] - o0;
      const i0 = inn.off[v], id = inn.off[v + 1] - i0;
      if (od === 1 && id === 1) {
        if (out.to[o0] !== inn.to[i0]) through[v] = 1;
      } else if (od === 2 && id === 2) {
        const a = out.to[o0], b = out.to[o0 + 1];
        const c = inn.to[i0], d = inn.to[i0 + 1];
        if (a !== b && ((a === c && b === d) || (a === d && b === c))) through[v] = 1;
      }
    }
  }
  // Renumber kept endpoints lazily (pure cycles of through nodes get one node promoted).
  const newId = new Int32Array(n).fill(-1);
  const visited = new Uint8Array(n);
  let nodeCount = 0;
  for (let v = 0; v < n; v++) if (keep[v] && !through[v]) newId[v] = nodeCount++;
  const fFrom: number[] = [];
  const fTo: number[] = [];
  const fW: number[] = [];
  const fLen: number[] = [];
  const geomOff: number[] = [0];
  const geom: number[] = [];
  const walkFrom = (s: number) => {
    for (let p = out.off[s]; p < out.off[s + 1]; p++) {
      let e = out.id[p];
      let prev = s;
      let cur = kTo[e];
      let w = kW[e];
      let len = seg.lengthM[kSeg[e]];
      const start = geom.length;
      while (through[cur] && cur !== s) {
        visited[cur] = 1;
        geom.push(cur);
        const o0 = out.off[cur];
        let q = o0;
        if (out.off[cur + 1] - o0 === 2 && out.to[o0] === prev) q = o0 + 1;
        e = out.id[q];
        prev = cur;
        cur = kTo[e];
        w += kW[e];
        len += seg.lengthM[kSeg[e]];
      }
      if (cur === s && geom.length === start) continue; // self loop
      if (cur === s) {
        geom.length = start; // loop back to itself: useless for shortest paths
        continue;
      }
      fFrom.push(newId[s]);
      fTo.push(cur);
      fW.push(w);
      fLen.push(len);
      geomOff.push(geom.length);
    }
  };
  for (let v = 0; v < n; v++) if (newId[v] >= 0) walkFrom(v);
  for (let v = 0; v < n; v++) {
    if (through[v] && !visited[v]) {
      through[v] = 0; // isolated cycle: promote one node
      newId[v] = nodeCount++;
      walkFrom(v);
    }
  }
  const E = fFrom.length;
  const from32 = Uint32Array.from(fFrom);
  const to32 = new Uint32Array(E);
  for (let e = 0; e < E; e++) to32[e] = newId[fTo[e]];

  const fwd = csr(nodeCount, from32, to32, E);
  const weights = new Float64Array(E);
  const lengths = new Float64Array(E);
  const geomOffsets = new Uint32Array(E + 1);
  const geomCount = geom.length;
  const geomNodes = new Uint32Array(geomCount);
  let gpos = 0;
  for (let p = 0; p < E; p++) {
    const e = fwd.id[p];
    weights[p] = fW[e];
    lengths[p] = fLen[e];
    geomOffsets[p] = gpos;
    for (let g = geomOff[e]; g < geomOff[e + 1]; g++) geomNodes[gpos++] = geom[g];
  }
  geomOffsets[E] = gpos;
  // Reverse CSR over the final forward edges.
  const tails = new Uint32Array(E);
  for (let v = 0; v < nodeCount; v++) for (let p = fwd.off[v]; p < fwd.off[v + 1]; p++) tails[p] = v;
  const rev = csr(nodeCount, fwd.to, tails, E);
  const rWeights = new Float64Array(E);
  for (let p = 0; p < E; p++) rWeights[p] = weights[rev.id[p]];

  const inputNode = new Uint32Array(nodeCount);
  const lon = new Float64Array(nodeCount);
  const lat = new Float64Array(nodeCount);
  for (let v = 0; v < n; v++) {
    const id = newId[v];
    if (id < 0) continue;
    inputNode[id] = v;
    lon[id] = seg.nodeLon[v];
    lat[id] = seg.nodeLat[v];
  }
  return {
    nodeCount,
    lon,
    lat,
    inputNode,
    offsets: fwd.off,
    targets: fwd.to,
    weights,
    lengths,
    rOffsets: rev.off,
    rTargets: rev.to,
    rWeights,
    rEdge: rev.id,
    geomOffsets,
    geomNodes,
    inputLon: seg.nodeLon,
    inputLat: seg.nodeLat,
    report: {
      nodesIn,
      edgesIn: m,
      nodesKept: nodeCount,
      edgesKept: E,
      droppedComponents,
      droppedNodes,
      contractedNodes: nodesIn - droppedNodes - nodeCount,
      kmOfRoad: km / 1000,
    },
  };
}

/** A directed adjacency view used by the searches. */
export interface Adjacency {
  offsets: Uint32Array;
  targets: Uint32Array;
  weights: Float64Array;
}

/**
 * 'to_sources': times FROM each node TO the nearest source (residents driving to a help point;
 * searches the reversed graph). 'from_sources': times from the sources to each node.
 */
export type Direction = 'to_sources' | 'from_sources';

export function adjacency(g: RoadGraph, direction: Direction): Adjacency {
  return direction === 'from_sources'
    ? { offsets: g.offsets, targets: g.targets, weights: g.weights }
    : { offsets: g.rOffsets, targets: g.rTargets, weights: g.rWeights };
}

/** The opposite direction (the in-edges of the searched adjacency). */
export function inverseAdjacency(g: RoadGraph, direction: Direction): Adjacency {
  return adjacency(g, direction === 'from_sources' ? 'to_sources' : 'from_sources');
}

