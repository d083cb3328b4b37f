/**
 * OSM nodes and ways → the road network input, shared by every OSM reader (PBF, Overpass JSON).
 *
 * A reader feeds an `OsmRoadBuilder` (the `OsmSink`): node batches (ids, coordinates in 1e-7°)
 * and ways (id, node ids, tags), in any order. The builder keeps the drivable ways (tags.ts),
 * then `finish()` resolves node ids to the nodes the kept ways use. A way whose nodes are not
 * all in the file is cut where they are missing; pieces of fewer than two nodes are dropped.
 * `osmToSegments` turns the result into RoadSegments for buildGraph (speeds from the profile).
 */
import type { RoadSegments } from '../../../domain/routing/graph.ts';
import { haversine } from '../../../domain/geo.ts';
import type { SpeedProfile } from '../../../domain/routing/profile.ts';
import { defaultSpeedProfile, osmRoadClass, osmSpeedKmh } from '../../../domain/routing/profile.ts';
import { KEY_CODES, KEY_COUNT, K, wayDirection } from './tags.ts';

/** Way tags as tags.ts reads them: indexed by K, only the keys routing uses. */
export type WayTags = (string | undefined)[];

export interface OsmSink {
  /** A batch of nodes; coordinates in 1e-7 degrees. The arrays may be reused after the call. */
  nodes(ids: Float64Array, lat7: Int32Array, lon7: Int32Array): void;
  /** One way. `refs` and `tags` may be reused after the call. */
  way(id: number, refs: ArrayLike<number>, tags: WayTags): void;
}

export interface OsmRoadStats {
  nodesRead: number;
  waysRead: number;
  /** Drivable ways kept (with at least one piece of two nodes or more). */
  waysKept: number;
  /** Node references of drivable ways with no such node in the file. */
  missingRefs: number;
  /** Drivable ways with missing nodes: cut there, or dropped when no piece keeps two nodes. */
  waysCut: number;
  waysDropped: number;
}

export interface OsmRoads {
  /** Used nodes only. */
  nodeIds: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** One entry per way piece (a way cut at missing nodes repeats its id). */
  wayIds: Float64Array;
  /** Piece w uses nodes wayNodes[wayOffsets[w]..wayOffsets[w+1]) (indices into lon/lat). */
  wayOffsets: Uint32Array;
  wayNodes: Uint32Array;
  /** Index into highwayValues. */
  wayHighway: Uint8Array;
  highwayValues: string[];
  /** Raw maxspeed tag (null when absent). */
  wayMaxspeed: (string | null)[];
  wayOneway: Int8Array;
  stats: OsmRoadStats;
}

export class GrowF64 {
  a = new Float64Array(1024);
  n = 0;
  ensure(extra: number) {
    if (this.n + extra > this.a.length) {
      const b = new Float64Array(Math.max(this.a.length * 2, this.n + extra));
      b.set(this.a.subarray(0, this.n));
      this.a = b;
    }
  }
  push(v: number) {
    if (this.n === this.a.length) this.ensure(1);
    this.a[this.n++] = v;
  }
}

export class GrowI32 {
  a = new Int32Array(1024);
  n = 0;
  ensure(extra: number) {
    if (this.n + extra > this.a.length) {
      const b = new Int32Array(Math.max(this.a.length * 2, this.n + extra));
      b.set(this.a.subarray(0, this.n));
      this.a = b;
    }
  }
}

const KEY_ENTRIES = Object.entries(KEY_CODES);

/** Fills `out` (K-indexed) from a plain tag record; values that are not strings are ignored. */
export function wayTagsOf(record: Record<string, unknown> | null | undefined, out: WayTags = new Array(KEY_COUNT)): WayTags {
  out.fill(undefined);
  if (record) {
    for (const [key, code] of KEY_ENTRIES) {
      const v = record[key];
      if (typeof v === 'string') out[code] = v;
    }
  }
  return out;
}

export class OsmRoadBuilder implements OsmSink {
  private nodeIds = new GrowF64();
  private nodeLat = new GrowI32();
  private nodeLon = new GrowI32();
  private sorted = true;
  private lastId = -Infinity;
  private wayIds = new GrowF64();
  private wayRefs = new GrowF64();
  private wayOffsets: number[] = [0];
  private wayHighway: number[] = [];
  private wayMaxspeed: (string | null)[] = [];
  private wayOneway: number[] = [];
  private highwayValues: string[] = [];
  private highwayIndex = new Map<string, number>();

  constructor(readonly profile: SpeedProfile = defaultSpeedProfile()) {}

  nodes(ids: Float64Array, lat7: Int32Array, lon7: Int32Array) {
    const count = ids.length;
    this.nodeIds.ensure(count);
    this.nodeLat.ensure(count);
    this.nodeLon.ensure(count);
    const base = this.nodeIds.n;
    this.nodeIds.a.set(ids, base);
    this.nodeLat.a.set(lat7.subarray(0, count), base);
    this.nodeLon.a.set(lon7.subarray(0, count), base);
    this.nodeIds.n = this.nodeLat.n = this.nodeLon.n = base + count;
    let last = this.lastId;
    let sorted = this.sorted;
    for (let i = 0; i < count; i++) {
      if (ids[i] <= last) sorted = false;
      last = ids[i];
    }
    this.lastId = last;
    this.sorted = sorted;
  }

  way(id: number, refs: ArrayLike<number>, tags: WayTags) {
    const dir = wayDirection(tags, this.profile);
    if (dir === null || refs.length < 2) return;
    const r = this.wayRefs;
    r.ensure(refs.length);
    for (let i = 0; i < refs.length; i++) r.a[r.n++] = refs[i];
    this.wayOffsets.push(r.n);
    this.wayIds.push(id);
    const hw = tags[K.highway] as string;
    let hi = this.highwayIndex.get(hw);
    if (hi === undefined) {
      hi = this.highwayValues.length;
      this.highwayValues.push(hw);
      this.highwayIndex.set(hw, hi);
    }
    this.wayHighway.push(hi);
    this.wayMaxspeed.push(tags[K.maxspeed] ?? null);
    this.wayOneway.push(dir);
  }

  /** Resolves way node ids to the used nodes; `waysRead` is the reader's count of every way seen. */
  finish({ waysRead }: { waysRead: number }): OsmRoads {
    const nNodes = this.nodeIds.n;
    let ids = this.nodeIds.a.subarray(0, nNodes);
    let perm: Uint32Array | null = null;
    if (!this.sorted) {
      perm = new Uint32Array(nNodes);
      for (let i = 0; i < nNodes; i++) perm[i] = i;
      const src = ids;
      perm.sort((a, b) => src[a] - src[b]);
      ids = Float64Array.from(perm, (i) => src[i]);
    }
    const slot = this.slots(ids);
    let missingRefs = 0;
    for (let r = 0; r < slot.length; r++) if (slot[r] < 0) missingRefs++;
    // Pieces: maximal runs of resolved refs within a way, of two nodes or more.
    const nWays = this.wayIds.n;
    const offs = this.wayOffsets;
    const maxPieces = nWays + missingRefs;
    const pieceWay = new Uint32Array(maxPieces), pieceStart = new Uint32Array(maxPieces), pieceEnd = new Uint32Array(maxPieces);
    let nPieces = 0, waysCut = 0, waysDropped = 0, pieceRefs = 0;
    for (let w = 0; w < nWays; w++) {
      const end = offs[w + 1];
      let start = -1, pieces = 0, cut = false;
      for (let r = offs[w]; r <= end; r++) {
        if (r < end && slot[r] >= 0) {
          if (start < 0) start = r;
          continue;
        }
        if (r < end) cut = true;
        if (start >= 0 && r - start >= 2) {
          pieceWay[nPieces] = w;
          pieceStart[nPieces] = start;
          pieceEnd[nPieces++] = r;
          pieceRefs += r - start;
          pieces++;
        }
        start = -1;
      }
      if (cut) waysCut++;
      if (pieces === 0) waysDropped++;
    }
    const compact = new Int32Array(nNodes).fill(-1);
    let used = 0;
    for (let p = 0; p < nPieces; p++) {
      for (let r = pieceStart[p]; r < pieceEnd[p]; r++) if (compact[slot[r]] < 0) compact[slot[r]] = used++;
    }
    const lon = new Float64Array(used), lat = new Float64Array(used), nodeIds = new Float64Array(used);
    const la = this.nodeLat.a, lo = this.nodeLon.a;
    for (let s = 0; s < nNodes; s++) {
      const c = compact[s];
      if (c < 0) continue;
      const orig = perm ? perm[s] : s;
      nodeIds[c] = ids[s];
      lat[c] = la[orig] / 1e7;
      lon[c] = lo[orig] / 1e7;
    }
    const wayOffsets = new Uint32Array(nPieces + 1);
    const wayNodes = new Uint32Array(pieceRefs);
    const wayIds = new Float64Array(nPieces), wayHighway = new Uint8Array(nPieces), wayOneway = new Int8Array(nPieces);
    const wayMaxspeed = new Array<string | null>(nPieces);
    let k = 0;
    for (let p = 0; p < nPieces; p++) {
      for (let r = pieceStart[p]; r < pieceEnd[p]; r++) wayNodes[k++] = compact[slot[r]];
      wayOffsets[p + 1] = k;
      const w = pieceWay[p];
      wayIds[p] = this.wayIds.a[w];
      wayHighway[p] = this.wayHighway[w];
      wayOneway[p] = this.wayOneway[w];
      wayMaxspeed[p] = this.wayMaxspeed[w];
    }
    return {
      nodeIds, lon, lat, wayIds, wayOffsets, wayNodes, wayHighway,
      highwayValues: this.highwayValues,
      wayMaxspeed, wayOneway,
      stats: { nodesRead: nNodes, waysRead, waysKept: nWays - waysDropped, missingRefs, waysCut, waysDropped },
    };
  }

  /** Position of each way ref in the sorted node ids, -1 when the node is not in the file. */
  private slots(ids: Float64Array): Int32Array {
    const nNodes = ids.length;
    const refs = this.wayRefs.a;
    const nRefs = this.wayRefs.n;
    const slot = new Int32Array(nRefs);
    // Bucket index over the sorted ids: bucket b covers ids in [min + b·span/B, min + (b+1)·span/B).
    const B = Math.max(1, nNodes);
    const minId = nNodes ? ids[0] : 0;
    const scale = nNodes ? B / (ids[nNodes - 1] - minId + 1) : 0;
    const bucketStart = new Uint32Array(B + 1);
    for (let i = 0, b = 0; b <= B; b++) {
      while (i < nNodes && Math.floor((ids[i] - minId) * scale) < b) i++;
      bucketStart[b] = i;
    }
    for (let r = 0; r < nRefs; r++) {
      const id = refs[r];
      const b = Math.floor((id - minId) * scale);
      if (!(b >= 0 && b < B)) {
        slot[r] = -1;
        continue;
      }
      let lo = bucketStart[b], hi = bucketStart[b + 1] - 1, found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = ids[mid];
        if (v < id) lo = mid + 1;
        else if (v > id) hi = mid - 1;
        else {
          found = mid;
          break;
        }
      }
      slot[r] = found;
    }
    return slot;
  }
}

/** French warnings about the ways read (missing nodes), for the import report. */
export function osmRoadWarnings(stats: OsmRoadStats): string[] {
  if (stats.missingRefs === 0) return [];
  const dropped = stats.waysDropped > 0 ? `, ${stats.waysDropped} écartée(s) faute de deux nœuds consécutifs présents` : '';
  return [
    `${stats.missingRefs} nœud(s) de voies absents du fichier : ${stats.waysCut} voie(s) coupée(s) à ces endroits${dropped}.`,
  ];
}

/** Turn drivable ways into RoadSegments (one per consecutive node pair), speeds from the profile. */
export function osmToSegments(roads: OsmRoads, profile: SpeedProfile = defaultSpeedProfile()): RoadSegments {
  const nWays = roads.wayIds.length;
  let ns = 0;
  for (let w = 0; w < nWays; w++) ns += Math.max(0, roads.wayOffsets[w + 1] - roads.wayOffsets[w] - 1);
  const from = new Uint32Array(ns), to = new Uint32Array(ns), lengthM = new Float64Array(ns);
  const speedKmh = new Float32Array(ns), oneway = new Int8Array(ns), roadClass = new Uint8Array(ns);
  let k = 0;
  for (let w = 0; w < nWays; w++) {
    const hw = roads.highwayValues[roads.wayHighway[w]];
    const speed = osmSpeedKmh(profile, hw, roads.wayMaxspeed[w]) ?? profile.minKmh;
    const cls = osmRoadClass(hw);
    for (let r = roads.wayOffsets[w]; r + 1 < roads.wayOffsets[w + 1]; r++) {
      const a = roads.wayNodes[r], b = roads.wayNodes[r + 1];
      from[k] = a;
      to[k] = b;
      lengthM[k] = haversine(roads.lon[a], roads.lat[a], roads.lon[b], roads.lat[b]);
      speedKmh[k] = speed;
      oneway[k] = roads.wayOneway[w];
      roadClass[k++] = cls;
    }
  }
  return { nodeLon: roads.lon, nodeLat: roads.lat, from, to, lengthM, speedKmh, oneway, roadClass };
}
