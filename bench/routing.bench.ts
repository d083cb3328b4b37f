/** Routing engine benches: graph build, full multi-source Dijkstra, what-if add-site, OSM PBF parsing. */
import { inflateSync } from 'node:zlib';
import { bench, median, report, round } from './harness.ts';
import type { RoadSegments } from '../src/domain/routing/graph.ts';
import { adjacency, addSite, buildGraph, createWhatIf, multiSourceDijkstra, removeSite } from '../src/domain/routing/index.ts';
import { osmToSegments, readOsmPbf } from '../src/data/import/osm_pbf.ts';
import { gridOsm, writeOsmPbf } from '../tests/helpers/pbf_writer.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** cols × rows grid, each grid link kept with probability p (two-way, 10 % one-way). */
function gridSegments(cols: number, rows: number, p: number, seed = 1): RoadSegments {
  const r = rng(seed);
  const n = cols * rows;
  const nodeLon = new Float64Array(n), nodeLat = new Float64Array(n);
  for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) {
    nodeLon[y * cols + x] = 2 + x * 0.0014 + r() * 0.0003;
    nodeLat[y * cols + x] = 46 + y * 0.001 + r() * 0.0003;
  }
  const from: number[] = [], to: number[] = [], ow: number[] = [], sp: number[] = [], len: number[] = [];
  const add = (a: number, b: number) => {
    if (r() > p) return;
    from.push(a); to.push(b);
    ow.push(r() < 0.1 ? 1 : 0);
    sp.push([30, 50, 80][Math.floor(r() * 3)]);
    len.push(100 + r() * 60);
  };
  for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) {
    const i = y * cols + x;
    if (x + 1 < cols) add(i, i + 1);
    if (y + 1 < rows) add(i, i + cols);
  }
  return {
    nodeLon, nodeLat, from: Uint32Array.from(from), to: Uint32Array.from(to), lengthM: Float64Array.from(len),
    speedKmh: Float32Array.from(sp), oneway: Int8Array.from(ow), roadClass: new Uint8Array(from.length),
  };
}

/** Baseline: textbook Dijkstra with a JS-array binary heap of [time, node, source] and lazy deletion. */
function baselineDijkstra(off: Uint32Array, tgt: Uint32Array, w: Float64Array, sources: number[]) {
  const n = off.length - 1;
  const time = new Float64Array(n).fill(Infinity);
  const heap: [number, number][] = [];
  const push = (e: [number, number]) => {
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) { const p = (i - 1) >> 1; if (heap[p][0] <= e[0]) break; heap[i] = heap[p]; i = p; }
    heap[i] = e;
  };
  const pop = () => {
    const top = heap[0]; const last = heap.pop()!;
    if (heap.length) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1; if (c >= heap.length) break;
        if (c + 1 < heap.length && heap[c + 1][0] < heap[c][0]) c++;
        if (heap[c][0] >= last[0]) break;
        heap[i] = heap[c]; i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  for (const s of sources) { time[s] = 0; push([0, s]); }
  while (heap.length) {
    const [t, u] = pop();
    if (t > time[u]) continue;
    for (let e = off[u]; e < off[u + 1]; e++) {
      const nt = t + w[e];
      if (nt < time[tgt[e]]) { time[tgt[e]] = nt; push([nt, tgt[e]]); }
    }
  }
  return time;
}

export default async function run(): Promise<void> {
  // 1. Graph build + full multi-source Dijkstra, ~500k nodes / ~1.2M directed edges.
  const seg = gridSegments(1000, 500, 0.66);
  let g = buildGraph(seg, { contract: false });
  await bench('routing.graph_build_500k', () => { g = buildGraph(seg, { contract: false }); }, {
    runs: 3, extra: { segments: seg.from.length, nodes: g.nodeCount, edges: g.report.edgesKept },
  });
  await bench('routing.graph_build_500k_contracted', () => buildGraph(seg), { runs: 3, extra: { nodesKept: buildGraph(seg).nodeCount } });
  const r = rng(7);
  const sites = Array.from({ length: 2000 }, () => Math.floor(r() * g.nodeCount));
  const adj = adjacency(g, 'to_sources');
  const full = await bench('routing.multi_source_dijkstra_500k', () => multiSourceDijkstra(adj, { nodes: sites }), {
    runs: 7, extra: { nodes: g.nodeCount, edges: g.report.edgesKept, sources: sites.length, target_ms: 120 },
  });
  const engineTimes = multiSourceDijkstra(adj, { nodes: sites }).time;
  const baseTimes = baselineDijkstra(adj.offsets, adj.targets, adj.weights, sites);
  const bitExact = engineTimes.every((t, v) => Object.is(t, baseTimes[v]));
  await bench('routing.baseline_js_heap_dijkstra_500k', () => baselineDijkstra(adj.offsets, adj.targets, adj.weights, sites), {
    runs: 5,
    extra: { note: 'same graph and sources, array-of-tuples lazy heap', engine_median_ms: full.median_ms, target_ms: 120, bit_exact: bitExact },
  });
  const contracted = buildGraph(seg);
  const cadj = adjacency(contracted, 'to_sources');
  const csites = sites.map((s) => s % contracted.nodeCount);
  await bench('routing.multi_source_dijkstra_500k_contracted', () => multiSourceDijkstra(cadj, { nodes: csites }), {
    runs: 7, extra: { nodes: contracted.nodeCount, edges: contracted.report.edgesKept },
  });

  // 2. What-if: add one candidate site (then remove it), 50 random candidates, 2,000 existing sites.
  const state = createWhatIf(g, 'to_sources', sites.map((node) => ({ node })));
  const addTimes: number[] = [], removeTimes: number[] = [], touched: number[] = [];
  for (let i = 0; i < 50; i++) {
    const node = Math.floor(r() * g.nodeCount);
    let t0 = performance.now();
    const st = addSite(state, { node });
    addTimes.push(performance.now() - t0);
    touched.push(st.touched);
    t0 = performance.now();
    removeSite(state, st.index);
    removeTimes.push(performance.now() - t0);
  }
  report({ bench: 'routing.whatif_add_site_500k', median_ms: round(median(addTimes)), runs: 50, max_ms: round(Math.max(...addTimes)), median_touched: median(touched), target_ms: 10 });
  report({ bench: 'routing.whatif_remove_site_500k', median_ms: round(median(removeTimes)), runs: 50, max_ms: round(Math.max(...removeTimes)) });

  // 3. OSM PBF parsing on a generated 1M-node file.
  const bytes = writeOsmPbf(gridOsm(1000, 1000));
  let nodesRead = 0;
  const inflate = (d: Uint8Array) => inflateSync(d);
  const pbf = await bench('routing.osm_pbf_read_1M_nodes', async () => {
    nodesRead = (await readOsmPbf(bytes, { fileName: 'grid.osm.pbf', inflate })).stats.nodesRead;
  }, { runs: 5, extra: { bytes: bytes.length } });
  report({ bench: 'routing.osm_pbf_nodes_per_s', nodes: nodesRead, median_ms: pbf.median_ms, nodes_per_s: Math.round(nodesRead / (pbf.median_ms / 1000)), target: 3_000_000 });
  const nodesOnly = writeOsmPbf({ ...gridOsm(1000, 1000), ways: [] });
  const pbfNodes = await bench('routing.osm_pbf_read_1M_nodes_no_ways', () => readOsmPbf(nodesOnly, { fileName: 'nodes.osm.pbf', inflate }), { runs: 5 });
  report({ bench: 'routing.osm_pbf_nodes_per_s_no_ways', nodes_per_s: Math.round(1e6 / (pbfNodes.median_ms / 1000)) });
  const roads = await readOsmPbf(bytes, { fileName: 'grid.osm.pbf', inflate });
  await bench('routing.osm_segments_and_graph_1M', () => buildGraph(osmToSegments(roads)), { runs: 3 });
}
