/**
 * Detour factor (circuity) measured on the real road samples in ../shared/data/raw: network
 * distance ÷ straight-line (haversine) distance between random node pairs of the largest strongly
 * connected component, for pairs at least `minM` apart in a straight line. Prints JSON lines:
 * median, quartiles, p10/p90, mean, pair count, per sample, for
 *   - 'shortest': the shortest network distance (the usual circuity definition, Dijkstra on lengths);
 *   - 'fastest':  the length of the fastest route (Dijkstra on times, lengths summed along it),
 *                 i.e. the distance the drive times of this app actually follow;
 * and the mean speed along the fastest routes (network km ÷ hours) and its straight-line
 * equivalent (straight km ÷ hours). 'interior' repeats it for pairs whose two ends lie in the inner
 * 60 % of the sample's bounding box (the extracts are cut at their edges, which lengthens routes
 * near the border).
 *
 * The files are read, never copied; absent files are reported and skipped.
 * Run: npm run bench detour  (results are quoted in src/domain/routing/fallback.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { report, round } from './harness.ts';
import { osmToSegments, readOsmPbf } from '../src/data/import/osm_pbf.ts';
import { ignRowsToSegments } from '../src/data/import/ign_roads.ts';
import { adjacency, buildGraph, multiSourceDijkstra, type RoadGraph, type RoadSegments } from '../src/domain/routing/index.ts';
import { haversine } from '../src/domain/geo.ts';
import { rawPath } from '../tests/helpers/fixtures.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** Minimal pg_dump reader: CREATE TABLE column names + one INSERT row per line (as in tests/unit/data/import/ign_roads.test.ts). */
function readPgDump(text: string): Record<string, unknown>[] {
  const create = /CREATE TABLE \w+ \(([\s\S]*?)\n\);/.exec(text)![1];
  const columns = create.split('\n').map((l) => /^\s+(\w+)\s/.exec(l)?.[1]).filter((c): c is string => !!c);
  const rows: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('INSERT INTO')) continue;
    const body = line.slice(line.indexOf('VALUES (') + 8, line.lastIndexOf(');'));
    const values: unknown[] = [];
    let i = 0;
    while (i < body.length) {
      if (body[i] === "'") {
        let s = '';
        i++;
        for (;;) {
          if (body[i] === "'" && body[i + 1] === "'") { s += "'"; i += 2; }
          else if (body[i] === "'") { i++; break; }
          else s += body[i++];
        }
        values.push(s);
      } else {
        const j = body.indexOf(',', i);
        const tok = body.slice(i, j < 0 ? body.length : j).trim();
        values.push(tok === 'NULL' ? null : tok === 'true' ? true : tok === 'false' ? false : Number(tok));
        i = j < 0 ? body.length : j;
      }
      while (body[i] === ',' || body[i] === ' ') i++;
    }
    rows.push(Object.fromEntries(columns.map((c, k) => [c, values[k]])));
  }
  return rows;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return {
    pairs: s.length,
    p10: round(quantile(s, 0.1), 3),
    q1: round(quantile(s, 0.25), 3),
    median: round(quantile(s, 0.5), 3),
    q3: round(quantile(s, 0.75), 3),
    p90: round(quantile(s, 0.9), 3),
    mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length), 3),
  };
}

interface PairStats {
  shortest: number[];
  fastest: number[];
  kmh: number[];
  straightKmh: number[];
  straightM: number[];
}

/** Measures `origins` random origins × up to `perOrigin` random destinations ≥ minM apart. */
function measure(g: RoadGraph, { origins = 300, perOrigin = 15, minM = 1000, interiorOnly = false, seed = 7 } = {}): PairStats {
  const n = g.nodeCount;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let v = 0; v < n; v++) {
    x0 = Math.min(x0, g.lon[v]); x1 = Math.max(x1, g.lon[v]);
    y0 = Math.min(y0, g.lat[v]); y1 = Math.max(y1, g.lat[v]);
  }
  const inner = (v: number) =>
    !interiorOnly ||
    (g.lon[v] > x0 + 0.2 * (x1 - x0) && g.lon[v] < x1 - 0.2 * (x1 - x0) && g.lat[v] > y0 + 0.2 * (y1 - y0) && g.lat[v] < y1 - 0.2 * (y1 - y0));
  // Forward adjacency with lengths as weights (shortest distance), and with times (fastest route).
  const byLength = { offsets: g.offsets, targets: g.targets, weights: g.lengths };
  const byTime = adjacency(g, 'from_sources');
  const tail = new Uint32Array(g.targets.length);
  for (let u = 0; u < n; u++) for (let e = g.offsets[u]; e < g.offsets[u + 1]; e++) tail[e] = u;
  const r = rng(seed);
  const out: PairStats = { shortest: [], fastest: [], kmh: [], straightKmh: [], straightM: [] };
  for (let o = 0; o < origins; o++) {
    const a = Math.floor(r() * n);
    if (!inner(a)) continue;
    const dist = multiSourceDijkstra(byLength, { nodes: [a] }).time;
    const fast = multiSourceDijkstra(byTime, { nodes: [a] }, { withPred: true });
    let taken = 0;
    for (let t = 0; t < 20 * perOrigin && taken < perOrigin; t++) {
      const b = Math.floor(r() * n);
      if (!inner(b)) continue;
      const straight = haversine(g.lon[a], g.lat[a], g.lon[b], g.lat[b]);
      if (straight < minM || !Number.isFinite(dist[b])) continue;
      let len = 0;
      for (let v = b; v !== a; ) {
        const e = fast.pred![v];
        len += g.lengths[e];
        v = tail[e];
      }
      const hours = fast.time[b] / 60;
      out.shortest.push(dist[b] / straight);
      out.fastest.push(len / straight);
      out.kmh.push(len / 1000 / hours);
      out.straightKmh.push(straight / 1000 / hours);
      out.straightM.push(straight);
      taken++;
    }
  }
  return out;
}

/** Ratios of the main pair set (all pairs ≥ 1 km) of every sample, for the pooled line. */
const pooled = { shortest: [] as number[], fastest: [] as number[] };

function reportSample(sample: string, g: RoadGraph, kind: string): void {
  report({ bench: 'detour.sample', sample, kind, nodes: g.nodeCount, km_of_road: round(g.report.kmOfRoad, 1) });
  const main = measure(g, { minM: 1000 });
  pooled.shortest.push(...main.shortest);
  pooled.fastest.push(...main.fastest);
  for (const [label, opts] of [
    ['all pairs ≥ 1 km', { minM: 1000 }],
    ['interior pairs ≥ 1 km', { minM: 1000, interiorOnly: true, origins: 1200 }],
    ['all pairs ≥ 2 km', { minM: 2000, origins: 600 }],
    ['all pairs ≥ 0.5 km', { minM: 500 }],
  ] as const) {
    const m = measure(g, opts);
    if (m.shortest.length === 0) {
      report({ bench: 'detour.ratio', sample, pairs_set: label, pairs: 0 });
      continue;
    }
    report({ bench: 'detour.ratio', sample, pairs_set: label, measure: 'shortest', ...summary(m.shortest), straight_km_median: round(summary(m.straightM).median / 1000, 2) });
    report({ bench: 'detour.ratio', sample, pairs_set: label, measure: 'fastest', ...summary(m.fastest) });
    report({ bench: 'detour.speed', sample, pairs_set: label, fastest_route_kmh: summary(m.kmh), straight_line_equivalent_kmh: summary(m.straightKmh) });
  }
}

const OSM = 'osm-osmnx-graphml-sample/maisons_laffitte.osm.pbf';
const IGN = 'ign-bdtopo-troncon-route-fixture/troncon_route_marseille10.sql';

export default async function run(): Promise<void> {
  const osm = rawPath(OSM);
  if (existsSync(osm)) {
    const roads = await readOsmPbf(new Uint8Array(readFileSync(osm)), { fileName: 'maisons_laffitte.osm.pbf', inflate: (d) => inflateSync(d) });
    reportSample('Maisons-Laffitte (OSM, suburban)', buildGraph(osmToSegments(roads)), 'osm_pbf');
  } else report({ bench: 'detour.sample', sample: OSM, skipped: `missing ${osm}` });

  const ign = rawPath(IGN);
  if (existsSync(ign)) {
    const rows = readPgDump(readFileSync(ign, 'utf8'));
    const segments: RoadSegments = ignRowsToSegments(rows, { fileName: 'troncon_route_marseille10.sql' }).segments;
    reportSample('Marseille 10e (BD TOPO, urban)', buildGraph(segments), 'ign_bdtopo');
  } else report({ bench: 'detour.sample', sample: IGN, skipped: `missing ${ign}` });

  if (pooled.shortest.length > 0) {
    report({ bench: 'detour.ratio', sample: 'both samples pooled', pairs_set: 'all pairs ≥ 1 km', measure: 'shortest', ...summary(pooled.shortest) });
    report({ bench: 'detour.ratio', sample: 'both samples pooled', pairs_set: 'all pairs ≥ 1 km', measure: 'fastest', ...summary(pooled.fastest) });
  }
}
