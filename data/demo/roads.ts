/**
 * Road network: main roads (routes départementales) between the town and the bourgs, local roads
 * reaching every village centre, and a few urban streets (one-way ring) in the main town.
 * Every commune centre is a road node; segments meet at identical rounded coordinates.
 */
import type { Rng } from './prng.ts';
import { dist, pointInRing, toLonLat, type Pt } from './geo.ts';
import { STREET_NAMES } from './names.ts';
import type { Territory } from './territory.ts';

export type Sens = 'Double sens' | 'Sens direct' | 'Sens inverse';

export interface RoadSegment {
  id: string;
  coords: Pt[]; // rounded lon/lat
  nature: 'Route à 1 chaussée' | 'Route à 2 chaussées';
  importance: '1' | '2' | '3' | '4' | '5';
  sens: Sens;
  speed: number;
  urbain: boolean;
  name: string;
  communeLeft: string;
  communeRight: string;
}

interface Edge {
  a: number; // node index
  b: number;
  importance: 2 | 3 | 4 | 5;
  speed: number;
  name: string;
  nature: RoadSegment['nature'];
}

export interface RoadNetwork {
  segments: RoadSegment[];
  /** Road node (rounded lon/lat) of each commune centre, by commune index. */
  centreNodes: Pt[];
}

export function buildRoads(rng: Rng, t: Territory): RoadNetwork {
  const { communes, delaunay, outlineKm } = t;
  const n = communes.length;
  const pts = communes.map((c) => c.centre);

  // Candidate edges: the Delaunay triangulation of commune centres.
  const cand: { i: number; j: number; len: number; valid: boolean }[] = [];
  const { halfedges, triangles } = delaunay;
  for (let e = 0; e < halfedges.length; e++) {
    if (halfedges[e] > e) continue;
    const i = triangles[e];
    const j = triangles[e % 3 === 2 ? e - 2 : e + 1];
    const len = dist(pts[i], pts[j]);
    let valid = true;
    for (let k = 1; k < 10 && valid; k++) {
      const q: Pt = [pts[i][0] + ((pts[j][0] - pts[i][0]) * k) / 10, pts[i][1] + ((pts[j][1] - pts[i][1]) * k) / 10];
      if (!pointInRing(q, outlineKm)) valid = false;
    }
    cand.push({ i: Math.min(i, j), j: Math.max(i, j), len, valid });
  }
  cand.sort((x, y) => x.i - y.i || x.j - y.j);
  const key = (i: number, j: number) => (i < j ? i * 100000 + j : j * 100000 + i);
  const adj: { to: number; w: number }[][] = pts.map(() => []);
  for (const c of cand) {
    const w = c.len * (c.valid ? 1 : 25);
    adj[c.i].push({ to: c.j, w });
    adj[c.j].push({ to: c.i, w });
  }

  const chosen = new Map<number, Edge>();
  const setEdge = (i: number, j: number, e: Omit<Edge, 'a' | 'b'>) => {
    const k = key(i, j);
    const old = chosen.get(k);
    if (!old || old.importance > e.importance) chosen.set(k, { a: Math.min(i, j), b: Math.max(i, j), ...e });
  };

  // Main roads: shortest paths on the triangulation between hubs.
  const shortestPath = (s: number, g: number): number[] => {
    const d = new Float64Array(n).fill(Infinity);
    const prev = new Int32Array(n).fill(-1);
    const done = new Uint8Array(n);
    d[s] = 0;
    for (;;) {
      let u = -1;
      for (let v = 0; v < n; v++) if (!done[v] && (u === -1 || d[v] < d[u])) u = v;
      if (u === -1 || d[u] === Infinity || u === g) break;
      done[u] = 1;
      for (const { to, w } of adj[u]) {
        // Prefer passing through larger villages, as departmental roads do.
        const wt = w / (1 + 0.12 * Math.log10(Math.max(50, communes[to].pop) / 50));
        if (d[u] + wt < d[to]) {
          d[to] = d[u] + wt;
          prev[to] = u;
        }
      }
    }
    const path = [g];
    while (path[path.length - 1] !== s && prev[path[path.length - 1]] !== -1) path.push(prev[path[path.length - 1]]);
    return path.reverse();
  };
  const mrng = rng.fork('main');
  const usedNumbers = new Set<number>();
  const roadNumber = (lo: number, hi: number) => {
    let v: number;
    do v = mrng.int(lo, hi); while (usedNumbers.has(v));
    usedNumbers.add(v);
    return v;
  };
  const hubs = [t.town, ...t.bourgs];
  const routes: { from: number; to: number; importance: 2 | 3 }[] = t.bourgs.map((b) => ({ from: t.town, to: b, importance: 2 }));
  for (const b of t.bourgs) {
    const other = hubs.filter((h) => h !== b && h !== t.town).sort((x, y) => dist(pts[b], pts[x]) - dist(pts[b], pts[y]))[0];
    if (other !== undefined) routes.push({ from: b, to: other, importance: 3 });
  }
  for (const c of communes) {
    if (c.kind !== 'village' || c.pop < 700) continue;
    const hub = hubs.slice().sort((x, y) => dist(c.centre, pts[x]) - dist(c.centre, pts[y]))[0];
    routes.push({ from: hub, to: c.index, importance: 3 });
  }
  // The two longest town–bourg routes are the fast ones (90 km/h).
  const fast = new Set(t.bourgs.slice().sort((x, y) => dist(pts[y], pts[t.town]) - dist(pts[x], pts[t.town])).slice(0, 2));
  for (const r of routes) {
    const path = shortestPath(r.from, r.to);
    const num = r.importance === 2 ? roadNumber(900, 999) : roadNumber(10, 199);
    const speed = r.importance === 2 ? (fast.has(r.to) ? 90 : 80) : mrng.pick([70, 80, 80]);
    for (let k = 0; k + 1 < path.length; k++) {
      const nearTown = path[k] === t.town || path[k + 1] === t.town;
      setEdge(path[k], path[k + 1], {
        importance: r.importance,
        speed,
        name: `D ${num}`,
        nature: speed === 90 && nearTown ? 'Route à 2 chaussées' : 'Route à 1 chaussée',
      });
    }
  }

  // Local roads: a spanning tree (every village reached) plus some loops.
  const lrng = rng.fork('local');
  const parent = pts.map((_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  const byLen = cand.slice().sort((x, y) => x.len * (x.valid ? 1 : 25) - y.len * (y.valid ? 1 : 25) || x.i - y.i || x.j - y.j);
  const lens = cand.filter((c) => c.valid).map((c) => c.len).sort((a, b) => a - b);
  const medianLen = lens[Math.floor(lens.length / 2)];
  const localEdge = (i: number, j: number, inTree: boolean) => {
    const big = Math.max(communes[i].pop, communes[j].pop);
    const remote = Math.max(communes[i].remote, communes[j].remote);
    const imp: 4 | 5 = big >= 400 || (inTree && lrng.chance(0.4)) ? 4 : 5;
    const speed = imp === 4 ? (remote > 0.55 ? 50 : lrng.pick([60, 60, 50])) : remote > 0.55 ? 40 : lrng.pick([50, 50, 40]);
    const name = imp === 4 ? `D ${roadNumber(200, 699)}` : `C ${lrng.int(1, 14)}`;
    return { importance: imp, speed, name, nature: 'Route à 1 chaussée' as const };
  };
  for (const c of byLen) {
    const ri = find(c.i);
    const rj = find(c.j);
    if (ri !== rj) {
      parent[ri] = rj;
      if (!chosen.has(key(c.i, c.j))) setEdge(c.i, c.j, localEdge(c.i, c.j, true));
    } else if (c.valid && c.len < 1.3 * medianLen && !chosen.has(key(c.i, c.j))) {
      const remote = Math.max(communes[c.i].remote, communes[c.j].remote);
      if (lrng.chance(remote > 0.55 ? 0.2 : 0.38)) setEdge(c.i, c.j, localEdge(c.i, c.j, false));
    }
  }

  // Node positions (km). Commune centres first; the town gets a ring of urban nodes around its centre.
  const nodeKm: Pt[] = pts.slice();
  const town = t.town;
  const ringN = 8;
  const ringR = 0.7;
  const ringNodes: number[] = [];
  const rot = rng.fork('town').uniform(0, Math.PI / 4);
  for (let k = 0; k < ringN; k++) {
    const th = rot + (2 * Math.PI * k) / ringN;
    ringNodes.push(nodeKm.length);
    nodeKm.push([pts[town][0] + ringR * Math.cos(th), pts[town][1] + ringR * Math.sin(th)]);
  }
  const attach = (other: number) => {
    const th = Math.atan2(pts[other][1] - pts[town][1], pts[other][0] - pts[town][0]);
    let best = 0;
    let bestD = Infinity;
    for (let k = 0; k < ringN; k++) {
      const p = nodeKm[ringNodes[k]];
      const a = Math.atan2(p[1] - pts[town][1], p[0] - pts[town][0]);
      let d = Math.abs(a - th) % (2 * Math.PI);
      if (d > Math.PI) d = 2 * Math.PI - d;
      if (d < bestD) {
        bestD = d;
        best = ringNodes[k];
      }
    }
    return best;
  };

  const nodeLonLat = nodeKm.map(toLonLat);
  const segments: RoadSegment[] = [];
  const srng = rng.fork('segments');
  let seq = 0;
  const cleabs = () => `TRONROUT${String(224400000 + ++seq * 17 + srng.int(0, 16)).padStart(16, '0')}`;
  const communeAt = (p: Pt) => communes[delaunay.find(p[0], p[1])].code;

  const curve = (a: Pt, b: Pt, pieces: number, amp: number, amp2: number): Pt[] => {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const L = Math.hypot(dx, dy);
    const nx = -dy / L;
    const ny = dx / L;
    const out: Pt[] = [];
    for (let k = 0; k <= pieces; k++) {
      const s = k / pieces;
      const off = L * (amp * Math.sin(Math.PI * s) + amp2 * Math.sin(2 * Math.PI * s));
      out.push([a[0] + dx * s + nx * off, a[1] + dy * s + ny * off]);
    }
    return out;
  };
  const emit = (km: Pt[], startNode: number | Pt, endNode: number | Pt, e: Omit<Edge, 'a' | 'b'>, extra: { sens?: Sens; urbain?: boolean } = {}) => {
    const first = typeof startNode === 'number' ? nodeLonLat[startNode] : startNode;
    const last = typeof endNode === 'number' ? nodeLonLat[endNode] : endNode;
    const coords: Pt[] = [first];
    for (let k = 1; k < km.length - 1; k++) {
      const q = toLonLat(km[k]);
      const prev = coords[coords.length - 1];
      if (q[0] !== prev[0] || q[1] !== prev[1]) coords.push(q);
    }
    const prev = coords[coords.length - 1];
    if (prev[0] === last[0] && prev[1] === last[1] && coords.length > 1) coords.pop();
    coords.push(last);
    const mid = km[Math.floor(km.length / 2)];
    const code = communeAt(mid);
    segments.push({
      id: cleabs(),
      coords,
      nature: e.nature,
      importance: String(e.importance) as RoadSegment['importance'],
      sens: extra.sens ?? 'Double sens',
      speed: e.speed,
      urbain: extra.urbain ?? false,
      name: e.name,
      communeLeft: code,
      communeRight: code,
    });
  };

  const edges = [...chosen.values()].sort((x, y) => x.a - y.a || x.b - y.b);
  for (const e of edges) {
    const a = e.a === town ? attach(e.b) : e.a;
    const b = e.b === town ? attach(e.a) : e.b;
    const pa = nodeKm[a];
    const pb = nodeKm[b];
    const L = dist(pa, pb);
    const half = Math.max(1, Math.min(4, Math.round(L / 1.8)));
    const amp = srng.uniform(-0.05, 0.05);
    const amp2 = srng.uniform(-0.015, 0.015);
    const line = curve(pa, pb, half * 2, amp, amp2);
    const midKm = line[half];
    const ca = communeAt(line[Math.max(1, Math.floor(half / 2))]);
    const cb = communeAt(line[Math.min(line.length - 2, half + Math.ceil(half / 2))]);
    const { a: _a, b: _b, ...attrs } = e;
    if (ca !== cb) {
      // Split at the commune limit (approximately the middle), as BD TOPO does.
      const midNode = toLonLat(midKm);
      emit(line.slice(0, half + 1), a, midNode, attrs);
      emit(line.slice(half), midNode, b, attrs);
    } else {
      emit(line, a, b, attrs);
    }
  }

  // Urban streets of the main town: a one-way ring (counter-clockwise) and spokes to the centre.
  const urng = rng.fork('urban');
  const streets = urng.shuffle(STREET_NAMES.slice());
  const ringName = `Boulevard ${urng.pick(['Carnot', 'de la Loue', 'Gambetta', 'des Remparts'])}`;
  for (let k = 0; k < ringN; k++) {
    const a = ringNodes[k];
    const b = ringNodes[(k + 1) % ringN];
    const line = curve(nodeKm[a], nodeKm[b], 3, 0.08, 0);
    const attrs = { importance: 4 as const, speed: 50, name: ringName, nature: 'Route à 1 chaussée' as const };
    if (k % 2 === 0) emit(line, a, b, attrs, { sens: 'Sens direct', urbain: true });
    else emit(line.slice().reverse(), b, a, attrs, { sens: 'Sens inverse', urbain: true });
  }
  for (let k = 0; k < ringN; k++) {
    const r = ringNodes[k];
    const line = curve(nodeKm[town], nodeKm[r], 3, urng.uniform(-0.06, 0.06), 0);
    const attrs = { importance: (k % 2 === 0 ? 4 : 5) as 4 | 5, speed: k % 2 === 0 ? 50 : 30, name: streets[k], nature: 'Route à 1 chaussée' as const };
    if (k % 2 === 0) emit(line, town, r, attrs, { urbain: true });
    else if (k % 4 === 1) emit(line, town, r, attrs, { sens: 'Sens direct', urbain: true }); // outbound one-way
    else emit(line, town, r, attrs, { sens: 'Sens inverse', urbain: true }); // inbound one-way
  }

  return { segments, centreNodes: communes.map((c) => nodeLonLat[c.index]) };
}
