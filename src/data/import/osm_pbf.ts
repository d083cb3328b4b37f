/**
 * Streaming OSM PBF reader for car routing (no Node imports: inflate is injected).
 *
 * Default: inflateCapped (fflate, synchronous, Node and browser)
 * Worker:  inflate = inflateCappedStream (the platform's DecompressionStream)
 *
 * Every compressed blob is inflated with a hard cap: the raw size it declares (at most 32 MiB,
 * the format's ceiling). A blob that inflates past it is refused as soon as the output passes
 * the cap ("decompression bomb"), never inflated whole and checked after.
 *
 * `scanOsmPbf` reads blob after blob (from one Uint8Array or an async iterable of chunks) and
 * hands every node (id + coordinates, Int32 1e-7°) and every way with a highway tag to a sink.
 * `readOsmPbf` uses the shared OsmRoadBuilder (osm/roads.ts) as that sink: it keeps the drivable
 * ways (tags/tags.ts), then only the nodes they use. `osmToSegments` turns the result into
 * RoadSegments for buildGraph; speeds come from the profile at that step.
 */
import { PbfReader } from 'pbf';
import { InflateCapError, inflateCapped } from '../../shared/inflate.ts';
import { UserError } from './errors.ts';
import { KEY_CODES, KEY_COUNT, K } from './osm/tags.ts';
import { GrowF64, GrowI32, OsmRoadBuilder, type OsmRoads, type OsmRoadStats, type OsmSink, type WayTags } from './osm/roads.ts';
import type { SpeedProfile } from '../../domain/routing/profile.ts';
import { parseMaxspeed } from '../../domain/routing/profile.ts';

export { osmRoadWarnings, osmToSegments, type OsmRoads, type OsmRoadStats, type OsmSink, type WayTags } from './osm/roads.ts';

/**
 * Inflates a zlib blob. It must stop, throwing InflateCapError, as soon as the output passes
 * `cap` bytes (see shared/inflate.ts); an output longer than `cap` is refused all the same.
 */
export type InflateFn = (data: Uint8Array, cap: number) => Uint8Array | Promise<Uint8Array>;

export interface ScanOsmOptions {
  fileName: string;
  /** Default: inflateCapped. */
  inflate?: InflateFn;
  /** Called after each blob with bytes read so far and the total (0 when unknown). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  totalBytes?: number;
}

export interface ReadOsmOptions extends ScanOsmOptions {
  profile?: SpeedProfile;
}

export interface PbfScanStats {
  blobs: number;
  bytes: number;
  nodesRead: number;
  waysRead: number;
  /** The header's osmosis_replication_timestamp (ISO, UTC), or null. */
  replicationTimestamp: string | null;
}

export type OsmPbfRoads = OsmRoads & {
  stats: OsmRoadStats & { blobs: number; bytes: number };
  /** The header's osmosis_replication_timestamp (ISO, UTC), or null when the file has none. */
  replicationTimestamp: string | null;
};

const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);
const MAX_HEADER = 64 * 1024;
const MAX_BLOB = 32 * 1024 * 1024;
/** A blob's inflated size: "must be less than 32 MiB" (OSM wiki, PBF Format, File format). */
const MAX_RAW = 32 * 1024 * 1024;
const decoder = new TextDecoder();

/** Count varints in buf[pos, end). */
function countVarints(buf: Uint8Array, pos: number, end: number): number {
  let c = 0;
  for (let i = pos; i < end; i++) if (buf[i] < 0x80) c++;
  return c;
}

/** Shared cursor for the hand-written varint decoders. */
let cur = 0;

/** Read a varint (up to 2^53) at `cur`. */
function varint(buf: Uint8Array): number {
  let b = buf[cur++];
  if (b < 0x80) return b;
  let v = b & 0x7f;
  b = buf[cur++];
  v |= (b & 0x7f) << 7;
  if (b < 0x80) return v;
  b = buf[cur++];
  v |= (b & 0x7f) << 14;
  if (b < 0x80) return v;
  b = buf[cur++];
  v |= (b & 0x7f) << 21;
  if (b < 0x80) return v;
  let hi = v + 0; // 28 bits, unsigned
  let mul = 2 ** 28;
  for (let i = 0; i < 6; i++) {
    b = buf[cur++];
    if (b === undefined) throw new Error('varint tronqué');
    hi += (b & 0x7f) * mul;
    if (b < 0x80) return hi;
    mul *= 128;
  }
  throw new Error('varint invalide');
}

const zigzag = (v: number) => (v % 2 === 1 ? -(v + 1) / 2 : v / 2);

interface BlockCtx {
  buf: Uint8Array;
  strStart: number[];
  strEnd: number[];
  keyCode: Int8Array;
  cache: (string | undefined)[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

function str(ctx: BlockCtx, i: number): string {
  let s = ctx.cache[i];
  if (s === undefined) {
    if (i >= ctx.strStart.length) throw new Error(`indice de chaîne ${i} hors table`);
    s = decoder.decode(ctx.buf.subarray(ctx.strStart[i], ctx.strEnd[i]));
    ctx.cache[i] = s;
  }
  return s;
}

function keyCodeOf(ctx: BlockCtx, i: number): number {
  let c = ctx.keyCode[i];
  if (c === -2) {
    c = KEY_CODES[str(ctx, i)] ?? -1;
    ctx.keyCode[i] = c;
  }
  return c;
}

/** Decodes primitive blocks and hands their nodes and highway ways to the sink. */
class BlockDecoder {
  ids = new GrowF64();
  lat = new GrowI32();
  lon = new GrowI32();
  refs = new GrowF64();
  nodesRead = 0;
  waysRead = 0;
  tags: WayTags = new Array(KEY_COUNT);
  constructor(readonly sink: OsmSink) {}

  dense(ctx: BlockCtx, pbf: PbfReader, end: number) {
    const buf = ctx.buf;
    let idS = 0, idE = 0, latS = 0, latE = 0, lonS = 0, lonE = 0;
    while (pbf.pos < end) {
      const tag = pbf.readVarint();
      const field = tag >> 3;
      if (field === 1 || field === 8 || field === 9) {
        const len = pbf.readVarint();
        const s = pbf.pos;
        pbf.pos += len;
        if (field === 1) { idS = s; idE = pbf.pos; }
        else if (field === 8) { latS = s; latE = pbf.pos; }
        else { lonS = s; lonE = pbf.pos; }
      } else pbf.skip(tag & 7);
    }
    const count = countVarints(buf, idS, idE);
    if (countVarints(buf, latS, latE) !== count || countVarints(buf, lonS, lonE) !== count) {
      throw new Error('DenseNodes : longueurs id/lat/lon incohérentes');
    }
    const ids = this.ids, lats = this.lat, lons = this.lon;
    ids.n = lats.n = lons.n = 0;
    ids.ensure(count);
    lats.ensure(count);
    lons.ensure(count);
    const ia = ids.a;
    cur = idS;
    let id = 0;
    for (let i = 0; i < count; i++) {
      id += zigzag(varint(buf));
      ia[i] = id;
    }
    const g = ctx.granularity / 100;
    const fast = g === 1 && ctx.latOffset === 0 && ctx.lonOffset === 0;
    for (const [s, arr, off] of [[latS, lats.a, ctx.latOffset], [lonS, lons.a, ctx.lonOffset]] as const) {
      cur = s;
      let v = 0;
      if (fast) {
        for (let i = 0; i < count; i++) {
          v += zigzag(varint(buf));
          arr[i] = v;
        }
      } else {
        for (let i = 0; i < count; i++) {
          v += zigzag(varint(buf));
          arr[i] = Math.round(v * g + off / 100);
        }
      }
    }
    this.nodesRead += count;
    this.sink.nodes(ia.subarray(0, count), lats.a.subarray(0, count), lons.a.subarray(0, count));
  }

  node(ctx: BlockCtx, pbf: PbfReader, end: number) {
    let id = 0, lat = 0, lon = 0;
    while (pbf.pos < end) {
      const tag = pbf.readVarint();
      const field = tag >> 3;
      if (field === 1) id = pbf.readSVarint();
      else if (field === 8) lat = pbf.readSVarint();
      else if (field === 9) lon = pbf.readSVarint();
      else pbf.skip(tag & 7);
    }
    const g = ctx.granularity / 100;
    this.ids.a[0] = id;
    this.lat.a[0] = Math.round(lat * g + ctx.latOffset / 100);
    this.lon.a[0] = Math.round(lon * g + ctx.lonOffset / 100);
    this.nodesRead++;
    this.sink.nodes(this.ids.a.subarray(0, 1), this.lat.a.subarray(0, 1), this.lon.a.subarray(0, 1));
  }

  way(ctx: BlockCtx, pbf: PbfReader, end: number) {
    this.waysRead++;
    const buf = ctx.buf;
    let id = 0, kS = 0, kE = 0, vS = 0, vE = 0, rS = 0, rE = 0;
    while (pbf.pos < end) {
      const tag = pbf.readVarint();
      const field = tag >> 3;
      if (field === 1) id = pbf.readVarint();
      else if (field === 2 || field === 3 || field === 8) {
        const len = pbf.readVarint();
        const s = pbf.pos;
        pbf.pos += len;
        if (field === 2) { kS = s; kE = pbf.pos; }
        else if (field === 3) { vS = s; vE = pbf.pos; }
        else { rS = s; rE = pbf.pos; }
      } else pbf.skip(tag & 7);
    }
    const tags = this.tags;
    tags.fill(undefined);
    let hasHighway = false;
    cur = kS;
    const keyIdx: number[] = [];
    while (cur < kE) keyIdx.push(varint(buf));
    cur = vS;
    for (let i = 0; i < keyIdx.length && cur < vE; i++) {
      const vi = varint(buf);
      const code = keyCodeOf(ctx, keyIdx[i]);
      if (code >= 0) {
        tags[code] = str(ctx, vi);
        if (code === K.highway) hasHighway = true;
      }
    }
    if (!hasHighway) return;
    const count = countVarints(buf, rS, rE);
    const refs = this.refs;
    refs.n = 0;
    refs.ensure(count);
    cur = rS;
    let ref = 0;
    for (let i = 0; i < count; i++) {
      ref += zigzag(varint(buf));
      refs.a[i] = ref;
    }
    this.sink.way(id, refs.a.subarray(0, count), tags);
  }

  block(buf: Uint8Array) {
    const pbf = new PbfReader(buf);
    const strStart: number[] = [];
    const strEnd: number[] = [];
    const groups: number[] = [];
    let granularity = 100, latOffset = 0, lonOffset = 0;
    const end = buf.length;
    while (pbf.pos < end) {
      const tag = pbf.readVarint();
      const field = tag >> 3;
      if (field === 1) {
        const len = pbf.readVarint();
        const stEnd = pbf.pos + len;
        while (pbf.pos < stEnd) {
          const t = pbf.readVarint();
          if (t >> 3 === 1) {
            const l = pbf.readVarint();
            strStart.push(pbf.pos);
            pbf.pos += l;
            strEnd.push(pbf.pos);
          } else pbf.skip(t & 7);
        }
      } else if (field === 2) {
        const len = pbf.readVarint();
        groups.push(pbf.pos, pbf.pos + len);
        pbf.pos += len;
      } else if (field === 17) granularity = pbf.readVarint();
      else if (field === 19) latOffset = pbf.readVarint(true);
      else if (field === 20) lonOffset = pbf.readVarint(true);
      else pbf.skip(tag & 7);
      if (pbf.pos > end) throw new Error('message tronqué');
    }
    const ctx: BlockCtx = {
      buf, strStart, strEnd, granularity, latOffset, lonOffset,
      keyCode: new Int8Array(strStart.length).fill(-2),
      cache: new Array(strStart.length),
    };
    for (let g = 0; g < groups.length; g += 2) {
      pbf.pos = groups[g];
      const gEnd = groups[g + 1];
      while (pbf.pos < gEnd) {
        const tag = pbf.readVarint();
        const field = tag >> 3;
        if (field >= 1 && field <= 3 && (tag & 7) === 2) {
          const len = pbf.readVarint();
          const mEnd = pbf.pos + len;
          if (mEnd > gEnd) throw new Error('message tronqué');
          if (field === 2) this.dense(ctx, pbf, mEnd);
          else if (field === 1) this.node(ctx, pbf, mEnd);
          else this.way(ctx, pbf, mEnd);
          pbf.pos = mEnd;
        } else pbf.skip(tag & 7);
      }
    }
  }
}

/**
 * Checks the HeaderBlock's required features and reads its replication timestamp
 * (`osmosis_replication_timestamp`, field 32, seconds since 1970, UTC): the date of the OSM data,
 * written by Osmosis, osmium and the Geofabrik extracts. Null when absent or absurd.
 */
function checkHeader(buf: Uint8Array): { replicationTimestamp: string | null } {
  const pbf = new PbfReader(buf);
  const missing: string[] = [];
  let seconds: number | null = null;
  pbf.readFields((tag, _r, p) => {
    if (tag === 4) {
      const f = p.readString();
      if (!SUPPORTED_FEATURES.has(f)) missing.push(f);
    } else if (tag === 32) seconds = p.readVarint(true);
  }, null);
  if (missing.length) throw new Error(`fonctionnalités requises non prises en charge : ${missing.join(', ')}`);
  return { replicationTimestamp: replicationDate(seconds) };
}

/** "2024-01-15T21:21:02Z" for seconds since 1970; null outside 2004 (OSM's start) to 2100. */
export function replicationDate(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds)) return null;
  const d = new Date(seconds * 1000);
  const y = d.getUTCFullYear();
  return y >= 2004 && y <= 2100 ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

interface BlobInfo {
  data: Uint8Array;
  rawSize: number;
  compressed: boolean;
}

function decodeBlob(buf: Uint8Array): BlobInfo {
  const pbf = new PbfReader(buf);
  let data: Uint8Array | null = null;
  let rawSize = 0;
  let compressed = false;
  let unsupported = '';
  pbf.readFields((tag, _r, p) => {
    if (tag === 1) data = p.readBytes();
    else if (tag === 2) rawSize = p.readVarint();
    else if (tag === 3) {
      data = p.readBytes();
      compressed = true;
    } else if (tag === 4) unsupported = 'lzma';
    else if (tag === 5) unsupported = 'bzip2';
    else if (tag === 6) unsupported = 'lz4';
    else if (tag === 7) unsupported = 'zstd';
  }, null);
  if (unsupported) throw new Error(`compression ${unsupported} non prise en charge`);
  if (!data) throw new Error('bloc sans données');
  return { data, rawSize, compressed };
}

/**
 * A compressed blob inflated with its declared raw size as the cap (32 MiB when it declares
 * none or more): refused as soon as it inflates past it.
 */
async function inflateBlob(inflate: InflateFn, b: BlobInfo, fileName: string, offset: number): Promise<Uint8Array> {
  if (b.rawSize > MAX_RAW) throw new Error(`taille décompressée annoncée de ${b.rawSize} octets, au-delà des 32 Mio que permet le format`);
  const cap = b.rawSize > 0 ? b.rawSize : MAX_RAW;
  const bomb = () => new UserError(
    `${fileName} refusé : le bloc à l'octet ${offset} se décompresse en plus des ${cap} octets ${b.rawSize > 0 ? 'qu’il annonce' : 'permis par le format'} ` +
      '(fichier piégé ou corrompu, « bombe de décompression »). Lecture arrêtée, rien n’a été chargé.',
  );
  let data: Uint8Array;
  try {
    data = await inflate(b.data, cap);
  } catch (e) {
    if (e instanceof InflateCapError) throw bomb();
    throw e;
  }
  if (data.length > cap) throw bomb();
  if (b.rawSize && data.length !== b.rawSize) throw new Error(`taille décompressée ${data.length} ≠ ${b.rawSize} annoncée`);
  return data;
}

/** Yields complete [header, blob] frames from chunks; `offset` is the frame's position in the file. */
async function* frames(input: Uint8Array | AsyncIterable<Uint8Array>, fileName: string) {
  const fail = (offset: number, what: string) =>
    new UserError(`Bloc PBF corrompu à l'octet ${offset} de ${fileName} : ${what}`);
  let buf: Uint8Array = input instanceof Uint8Array ? input : new Uint8Array(0);
  let pos = 0;
  let base = 0; // file offset of buf[0]
  const iter = input instanceof Uint8Array ? null : input[Symbol.asyncIterator]();
  let done = iter === null;
  const need = async (bytes: number): Promise<boolean> => {
    while (buf.length - pos < bytes && !done) {
      const r = await iter!.next();
      if (r.done) {
        done = true;
        break;
      }
      const rest = buf.subarray(pos);
      const merged = new Uint8Array(rest.length + r.value.length);
      merged.set(rest);
      merged.set(r.value, rest.length);
      base += pos;
      buf = merged;
      pos = 0;
    }
    return buf.length - pos >= bytes;
  };
  for (;;) {
    if (!(await need(1))) return;
    const offset = base + pos;
    if (!(await need(4))) throw fail(offset, 'fichier tronqué (longueur d’en-tête incomplète)');
    const hLen = ((buf[pos] << 24) | (buf[pos + 1] << 16) | (buf[pos + 2] << 8) | buf[pos + 3]) >>> 0;
    if (hLen === 0 || hLen > MAX_HEADER) throw fail(offset, `longueur d’en-tête invalide (${hLen})`);
    if (!(await need(4 + hLen))) throw fail(offset, 'fichier tronqué (en-tête de bloc incomplet)');
    let type = '';
    let dataSize = -1;
    try {
      new PbfReader(buf.subarray(pos + 4, pos + 4 + hLen)).readFields((tag, _r, p) => {
        if (tag === 1) type = p.readString();
        else if (tag === 3) dataSize = p.readVarint();
      }, null);
    } catch (e) {
      throw fail(offset, `en-tête illisible (${(e as Error).message})`);
    }
    if (!(dataSize >= 0 && dataSize <= MAX_BLOB)) throw fail(offset, `taille de bloc invalide (${dataSize})`);
    if (type !== 'OSMHeader' && type !== 'OSMData') throw fail(offset, `type de bloc inconnu « ${type.slice(0, 40)} »`);
    if (!(await need(4 + hLen + dataSize))) throw fail(offset, 'fichier tronqué (bloc incomplet)');
    const blob = buf.subarray(pos + 4 + hLen, pos + 4 + hLen + dataSize);
    pos += 4 + hLen + dataSize;
    yield { type, blob, offset, end: base + pos };
  }
}

/**
 * Reads a PBF file and hands every node and every way with a highway tag to `sink` (ways
 * without one are only counted). Throws a UserError (French, with the byte offset) on a
 * corrupt or non-PBF file.
 */
export async function scanOsmPbf(input: Uint8Array | AsyncIterable<Uint8Array>, options: ScanOsmOptions, sink: OsmSink): Promise<PbfScanStats> {
  const { fileName, inflate = inflateCapped } = options;
  const total = options.totalBytes ?? (input instanceof Uint8Array ? input.length : 0);
  const decoder = new BlockDecoder(sink);
  let blobs = 0;
  let bytes = 0;
  let sawHeader = false;
  let replicationTimestamp: string | null = null;
  for await (const f of frames(input, fileName)) {
    try {
      const b = decodeBlob(f.blob);
      let data = b.data;
      if (b.compressed) data = await inflateBlob(inflate, b, fileName, f.offset);
      if (f.type === 'OSMHeader') {
        ({ replicationTimestamp } = checkHeader(data));
        sawHeader = true;
      } else {
        if (!sawHeader) throw new Error('bloc de données avant l’en-tête OSMHeader');
        decoder.block(data);
      }
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`Bloc PBF corrompu à l'octet ${f.offset} de ${fileName} : ${(e as Error).message}`);
    }
    blobs++;
    bytes = f.end;
    options.onProgress?.(bytes, total);
  }
  if (!sawHeader) throw new UserError(`${fileName} n’est pas un fichier OSM PBF (aucun en-tête OSMHeader trouvé)`);
  return { blobs, bytes, nodesRead: decoder.nodesRead, waysRead: decoder.waysRead, replicationTimestamp };
}

/** Reads the drivable road network of a PBF file (see osm/roads.ts for the way rules). */
export async function readOsmPbf(input: Uint8Array | AsyncIterable<Uint8Array>, options: ReadOsmOptions): Promise<OsmPbfRoads> {
  const builder = new OsmRoadBuilder(options.profile);
  const scan = await scanOsmPbf(input, options, builder);
  const roads = builder.finish({ waysRead: scan.waysRead });
  return { ...roads, stats: { ...roads.stats, blobs: scan.blobs, bytes: scan.bytes }, replicationTimestamp: scan.replicationTimestamp };
}

/** Exposed for tests: the maxspeed parser used by the profile. */
export { parseMaxspeed };
