/** Deterministic random road networks for tests. */
import type { RoadSegments } from '../../../../src/domain/routing/graph.ts';
import { haversine } from '../../../../src/domain/geo.ts';
import { mulberry32 } from '../../../../src/shared/random.ts';

/** Seeded generator (mulberry32, src/shared/random.ts). */
export const rng = mulberry32;

/** Random planar-ish network: points in a ~10 km box, each joined to a few near neighbours. */
export function randomSegments(n: number, seed: number, onewayShare = 0.2): RoadSegments {
  const r = rng(seed);
  const nodeLon = new Float64Array(n), nodeLat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    nodeLon[i] = 2 + r() * 0.12;
    nodeLat[i] = 46 + r() * 0.09;
  }
  const from: number[] = [], to: number[] = [], ow: number[] = [], sp: number[] = [];
  for (let i = 1; i < n; i++) {
    const links = 1 + Math.floor(r() * 2);
    for (let l = 0; l < links; l++) {
      // join to a random earlier node among a few candidates, the nearest one
      let best = -1, bd = Infinity;
      for (let c = 0; c < 6; c++) {
        const j = Math.floor(r() * i);
        const d = haversine(nodeLon[i], nodeLat[i], nodeLon[j], nodeLat[j]);
        if (d < bd) { bd = d; best = j; }
      }
      from.push(best);
      to.push(i);
      const x = r();
      ow.push(x < onewayShare / 2 ? 1 : x < onewayShare ? -1 : 0);
      sp.push([20, 30, 50, 80, 110][Math.floor(r() * 5)]);
    }
  }
  const m = from.length;
  const lengthM = new Float64Array(m);
  for (let k = 0; k < m; k++) lengthM[k] = haversine(nodeLon[from[k]], nodeLat[from[k]], nodeLon[to[k]], nodeLat[to[k]]);
  return {
    nodeLon, nodeLat,
    from: Uint32Array.from(from), to: Uint32Array.from(to), lengthM,
    speedKmh: Float32Array.from(sp), oneway: Int8Array.from(ow), roadClass: new Uint8Array(m),
  };
}

/** Segments from a compact description: nodes [lon, lat][], edges [a, b, lengthM, speed, oneway]. */
export function segments(nodes: [number, number][], edges: [number, number, number, number, number][]): RoadSegments {
  return {
    nodeLon: Float64Array.from(nodes, (p) => p[0]),
    nodeLat: Float64Array.from(nodes, (p) => p[1]),
    from: Uint32Array.from(edges, (e) => e[0]),
    to: Uint32Array.from(edges, (e) => e[1]),
    lengthM: Float64Array.from(edges, (e) => e[2]),
    speedKmh: Float32Array.from(edges, (e) => e[3]),
    oneway: Int8Array.from(edges, (e) => e[4]),
    roadClass: new Uint8Array(edges.length),
  };
}
