/**
 * Adjacency between units, as a CSR structure over unit indices: the neighbours of
 * unit i are `neighbours[offsets[i] .. offsets[i + 1])`. Symmetric, no self-loops,
 * no duplicates.
 */

export interface Adjacency {
  offsets: Uint32Array;
  neighbours: Uint32Array;
}

/** Build from undirected pairs of unit indices (duplicates and self-pairs are dropped). */
export function adjacencyFromPairs(n: number, pairs: Iterable<readonly [number, number]>): Adjacency {
  const lists: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (const [a, b] of pairs) {
    if (a === b) continue;
    if (a < 0 || b < 0 || a >= n || b >= n) throw new RangeError(`adjacency pair out of range: ${a}, ${b}`);
    lists[a].add(b);
    lists[b].add(a);
  }
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + lists[i].size;
  const neighbours = new Uint32Array(offsets[n]);
  for (let i = 0; i < n; i++) {
    const sorted = [...lists[i]].sort((x, y) => x - y);
    neighbours.set(sorted, offsets[i]);
  }
  return { offsets, neighbours };
}

/**
 * Build from a precomputed list keyed by unit id (e.g. commune code → neighbouring codes).
 * Ids absent from `ids` are ignored (neighbours outside the loaded territory).
 */
export function adjacencyFromLists(ids: readonly string[], lists: Readonly<Record<string, readonly string[]>>): Adjacency {
  const index = new Map(ids.map((id, i) => [id, i] as const));
  const pairs: [number, number][] = [];
  ids.forEach((id, i) => {
    for (const other of lists[id] ?? []) {
      const j = index.get(other);
      if (j !== undefined) pairs.push([i, j]);
    }
  });
  return adjacencyFromPairs(ids.length, pairs);
}

export interface GridCellIndex {
  col: number;
  row: number;
}

/** Grid adjacency on cell indices: 4-neighbourhood (shared edge) or 8 (edge or corner). */
export function gridAdjacency(cells: readonly GridCellIndex[], connectivity: 4 | 8 = 4): Adjacency {
  const key = (c: number, r: number) => `${c},${r}`;
  const index = new Map<string, number>();
  cells.forEach((c, i) => index.set(key(c.col, c.row), i));
  const offsets4 = [
    [1, 0],
    [0, 1],
  ];
  const offsets8 = [...offsets4, [1, 1], [1, -1]];
  const deltas = connectivity === 8 ? offsets8 : offsets4;
  const pairs: [number, number][] = [];
  cells.forEach((c, i) => {
    for (const [dc, dr] of deltas) {
      const j = index.get(key(c.col + dc, c.row + dr));
      if (j !== undefined) pairs.push([i, j]);
    }
  });
  return adjacencyFromPairs(cells.length, pairs);
}

/** GeoJSON-like polygon coordinates: rings of [x, y]. */
export type PolygonCoords = number[][][];
export type MultiPolygonCoords = number[][][][];

export interface PolygonAdjacencyOptions {
  /** Coordinates are rounded to this many decimals before comparison. Default 6 (≈ 0.1 m in degrees). */
  decimals?: number;
  /** 'edge' (default): neighbours share at least one boundary segment; 'vertex': one vertex is enough. */
  mode?: 'edge' | 'vertex';
}

/**
 * Adjacency of polygons by shared vertices or edges after rounding. This relies on a
 * topologically clean source (shared borders digitised with the same vertices, as in
 * IGN Admin Express); borders digitised independently will not be detected.
 */
export function polygonAdjacency(
  polygons: ReadonlyArray<PolygonCoords | MultiPolygonCoords>,
  options: PolygonAdjacencyOptions = {},
): Adjacency {
  const f = 10 ** (options.decimals ?? 6);
  const mode = options.mode ?? 'edge';
  const pt = (p: number[]) => `${Math.round(p[0] * f)},${Math.round(p[1] * f)}`;
  const owners = new Map<string, number[]>();
  const addOwner = (k: string, i: number) => {
    const list = owners.get(k);
    if (!list) owners.set(k, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  polygons.forEach((geom, i) => {
    const polys = isMulti(geom) ? geom : [geom];
    for (const poly of polys) {
      for (const ring of poly) {
        for (let k = 0; k < ring.length; k++) {
          const a = pt(ring[k]);
          if (mode === 'vertex') {
            addOwner(a, i);
            continue;
          }
          if (k + 1 >= ring.length) break;
          const b = pt(ring[k + 1]);
          if (a === b) continue;
          addOwner(a < b ? `${a};${b}` : `${b};${a}`, i);
        }
      }
    }
  });
  const pairs: [number, number][] = [];
  for (const list of owners.values()) {
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) pairs.push([list[x], list[y]]);
  }
  return adjacencyFromPairs(polygons.length, pairs);
}

function isMulti(g: PolygonCoords | MultiPolygonCoords): g is MultiPolygonCoords {
  return Array.isArray(g[0]?.[0]?.[0]);
}

/**
 * Connected components of the units where `keep[i]` is set, through the adjacency.
 * Returns lists of unit indices, each sorted ascending, in order of their smallest index.
 */
export function components(adjacency: Adjacency, keep: ArrayLike<boolean | number>): number[][] {
  const n = adjacency.offsets.length - 1;
  const seen = new Uint8Array(n);
  const out: number[][] = [];
  const stack: number[] = [];
  for (let s = 0; s < n; s++) {
    if (!keep[s] || seen[s]) continue;
    const comp: number[] = [];
    seen[s] = 1;
    stack.push(s);
    while (stack.length) {
      const i = stack.pop()!;
      comp.push(i);
      for (let k = adjacency.offsets[i]; k < adjacency.offsets[i + 1]; k++) {
        const j = adjacency.neighbours[k];
        if (keep[j] && !seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    out.push(comp.sort((a, b) => a - b));
  }
  return out;
}
