/**
 * Tiny OSM PBF writer for tests and benches (DenseNodes + Ways, zlib blobs).
 * Node-only (node:zlib). Not a general-purpose writer: no relations, no metadata.
 */
import { concatBytes } from '../../src/shared/bytes.ts';
import { PbfWriter } from 'pbf';
import { deflateSync } from 'node:zlib';

export interface PbfWay {
  id: number;
  refs: ArrayLike<number>;
  tags: Record<string, string>;
}

export interface PbfInput {
  nodeIds: ArrayLike<number>;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  ways: PbfWay[];
}

export interface WriteOptions {
  nodesPerBlock?: number;
  waysPerBlock?: number;
  compress?: boolean;
  /** HeaderBlock osmosis_replication_timestamp (field 32), seconds since 1970. */
  replicationTimestamp?: number;
}

function frame(type: string, payload: Uint8Array, compress: boolean): Uint8Array {
  const blob = new PbfWriter();
  if (compress) {
    blob.writeVarintField(2, payload.length);
    blob.writeBytesField(3, deflateSync(payload));
  } else blob.writeBytesField(1, payload);
  return blobFrame(type, blob.finish());
}

/** A frame holding zlib data as is, with the raw size it declares (0: none), true or not. */
export function zlibFrame(type: string, zlibData: Uint8Array, declaredRawSize: number): Uint8Array {
  const blob = new PbfWriter();
  if (declaredRawSize > 0) blob.writeVarintField(2, declaredRawSize);
  blob.writeBytesField(3, zlibData);
  return blobFrame(type, blob.finish());
}

function blobFrame(type: string, blobBytes: Uint8Array): Uint8Array {
  const header = new PbfWriter();
  header.writeStringField(1, type);
  header.writeVarintField(3, blobBytes.length);
  const h = header.finish();
  const out = new Uint8Array(4 + h.length + blobBytes.length);
  new DataView(out.buffer).setUint32(0, h.length);
  out.set(h, 4);
  out.set(blobBytes, 4 + h.length);
  return out;
}

function primitiveBlock(strings: string[], writeGroup: (pbf: PbfWriter) => void): Uint8Array {
  const pbf = new PbfWriter();
  pbf.writeMessage(1, (_: null, p: PbfWriter) => {
    for (const s of strings) p.writeBytesField(1, new TextEncoder().encode(s));
  }, null);
  pbf.writeMessage(2, (_: null, p: PbfWriter) => writeGroup(p), null);
  return pbf.finish();
}

function deltas(values: number[]): number[] {
  const out = new Array<number>(values.length);
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    out[i] = values[i] - prev;
    prev = values[i];
  }
  return out;
}

export function writeOsmPbf(input: PbfInput, options: WriteOptions = {}): Uint8Array {
  const compress = options.compress ?? true;
  const npb = options.nodesPerBlock ?? 8000;
  const wpb = options.waysPerBlock ?? 8000;
  const parts: Uint8Array[] = [];
  const header = new PbfWriter();
  header.writeStringField(4, 'OsmSchema-V0.6');
  header.writeStringField(4, 'DenseNodes');
  header.writeStringField(16, 'maillage-test-writer');
  if (options.replicationTimestamp !== undefined) header.writeVarintField(32, options.replicationTimestamp);
  parts.push(frame('OSMHeader', header.finish(), compress));
  const n = input.nodeIds.length;
  for (let s = 0; s < n; s += npb) {
    const e = Math.min(n, s + npb);
    const ids: number[] = [], lats: number[] = [], lons: number[] = [];
    for (let i = s; i < e; i++) {
      ids.push(input.nodeIds[i]);
      lats.push(Math.round(input.lat[i] * 1e7));
      lons.push(Math.round(input.lon[i] * 1e7));
    }
    parts.push(frame('OSMData', primitiveBlock([''], (g) => {
      g.writeMessage(2, (_: null, d: PbfWriter) => {
        d.writePackedSVarint(1, deltas(ids));
        d.writePackedSVarint(8, deltas(lats));
        d.writePackedSVarint(9, deltas(lons));
      }, null);
    }), compress));
  }
  for (let s = 0; s < input.ways.length; s += wpb) {
    const ways = input.ways.slice(s, s + wpb);
    const strings = [''];
    const index = new Map<string, number>();
    const sid = (v: string) => {
      let i = index.get(v);
      if (i === undefined) {
        i = strings.length;
        strings.push(v);
        index.set(v, i);
      }
      return i;
    };
    const encoded = ways.map((w) => {
      const keys: number[] = [], vals: number[] = [];
      for (const [k, v] of Object.entries(w.tags)) {
        keys.push(sid(k));
        vals.push(sid(v));
      }
      return { id: w.id, keys, vals, refs: deltas(Array.from(w.refs)) };
    });
    parts.push(frame('OSMData', primitiveBlock(strings, (g) => {
      for (const w of encoded) {
        g.writeMessage(3, (_: null, p: PbfWriter) => {
          p.writeVarintField(1, w.id);
          p.writePackedVarint(2, w.keys);
          p.writePackedVarint(3, w.vals);
          p.writePackedSVarint(8, w.refs);
        }, null);
      }
    }), compress));
  }
  return concatBytes(parts);
}

/**
 * A grid road network as OSM: cols × rows nodes around (lon0, lat0), ~111 m apart; each row and
 * column split into ways of `wayLength` nodes, classes and one-ways varied deterministically.
 */
export function gridOsm(cols: number, rows: number, wayLength = 10, lon0 = 2.0, lat0 = 46.0): PbfInput {
  const n = cols * rows;
  const nodeIds = new Float64Array(n), lon = new Float64Array(n), lat = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      nodeIds[i] = 1_000_000_000 + i * 3; // large, sparse ids like real OSM
      lon[i] = lon0 + c * 0.0014;
      lat[i] = lat0 + r * 0.001;
    }
  }
  const classes = ['residential', 'tertiary', 'secondary', 'unclassified', 'primary'];
  const ways: PbfWay[] = [];
  let wid = 1;
  const addLine = (idx: (k: number) => number, len: number, line: number) => {
    for (let s = 0; s + 1 < len; s += wayLength - 1) {
      const refs: number[] = [];
      for (let k = s; k < Math.min(len, s + wayLength); k++) refs.push(nodeIds[idx(k)]);
      const tags: Record<string, string> = { highway: classes[(line + s) % classes.length], name: `Rue ${line}` };
      if ((line + wid) % 17 === 0) tags.oneway = 'yes';
      if ((line + wid) % 29 === 0) tags.maxspeed = '30';
      ways.push({ id: wid++, refs, tags });
    }
  };
  for (let r = 0; r < rows; r++) addLine((k) => r * cols + k, cols, r);
  for (let c = 0; c < cols; c++) addLine((k) => k * cols + c, rows, c + rows);
  ways.push({ id: wid++, refs: [nodeIds[0], nodeIds[cols + 1]], tags: { highway: 'footway' } });
  return { nodeIds, lon, lat, ways };
}
