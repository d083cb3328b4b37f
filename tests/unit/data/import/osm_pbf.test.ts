import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { osmToSegments, parseMaxspeed, readOsmPbf } from '../../../../src/data/import/osm_pbf.ts';
import { UserError } from '../../../../src/data/import/errors.ts';
import { adjacency, buildGraph, defaultSpeedProfile, multiSourceDijkstra, osmSpeedKmh, routePolyline } from '../../../../src/domain/routing/index.ts';
import { hasRaw, rawPath } from '../../../helpers/fixtures.ts';
import { gridOsm, writeOsmPbf, zlibFrame } from '../../../helpers/pbf_writer.ts';
import { zlibBomb } from '../../../helpers/bombs.ts';
import { concatBytes } from '../../../../src/shared/bytes.ts';
import { inflateCappedStream } from '../../../../src/shared/inflate.ts';
import { referenceDijkstra } from '../../../helpers/reference_dijkstra.ts';

const inflate = (d: Uint8Array) => inflateSync(d);
const asyncInflate = async (d: Uint8Array) => inflateSync(d);

describe('maxspeed and profile', () => {
  it.each([
    ['50', 50], ['FR:urban', 50], ['FR:rural', 80], ['FR:motorway', 130], ['30 mph', 30 * 1.609344],
    ['none', 130], ['walk', 6], ['50;30', 50], ['signals', null], ['', null], [null, null],
  ] as const)('%s → %s', (raw, kmh) => {
    const v = parseMaxspeed(raw);
    if (kmh === null) expect(v).toBeNull();
    else expect(v).toBeCloseTo(kmh, 9);
  });
  it('profile is plain JSON and gives documented defaults', () => {
    const p = defaultSpeedProfile();
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    expect(osmSpeedKmh(p, 'motorway')).toBe(130);
    expect(osmSpeedKmh(p, 'primary', '50')).toBe(45);
    expect(osmSpeedKmh(p, 'footway')).toBeNull();
  });
});

describe('generated PBF file', () => {
  const grid = gridOsm(60, 40, 7);
  const bytes = writeOsmPbf(grid, { nodesPerBlock: 500, waysPerBlock: 100 });

  it('reads every node and keeps drivable ways (footway dropped)', async () => {
    const progress: number[] = [];
    const r = await readOsmPbf(bytes, { fileName: 'grid.osm.pbf', inflate, onProgress: (b) => progress.push(b) });
    expect(r.stats.nodesRead).toBe(2400);
    expect(r.stats.waysRead).toBe(grid.ways.length);
    expect(r.stats.waysKept).toBe(grid.ways.length - 1);
    expect(r.nodeIds.length).toBe(2400);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(Array.from(r.wayOneway).filter((o) => o === 1).length).toBe(grid.ways.filter((w) => w.tags.oneway === 'yes').length);
    const i = Array.from(r.nodeIds).indexOf(grid.nodeIds[61]);
    expect(r.lon[i]).toBeCloseTo(grid.lon[61], 7);
    expect(r.lat[i]).toBeCloseTo(grid.lat[61], 7);
  });

  it('streams from chunks with an async inflate and gives the same result', async () => {
    const a = await readOsmPbf(bytes, { fileName: 'grid.osm.pbf', inflate });
    async function* chunks() {
      for (let o = 0; o < bytes.length; o += 777) yield bytes.subarray(o, o + 777);
    }
    const b = await readOsmPbf(chunks(), { fileName: 'grid.osm.pbf', inflate: asyncInflate });
    expect(b.wayNodes).toEqual(a.wayNodes);
    expect(b.lon).toEqual(a.lon);
  });

  it('reads uncompressed blobs', async () => {
    const r = await readOsmPbf(writeOsmPbf(grid, { compress: false }), { fileName: 'raw.osm.pbf', inflate });
    expect(r.stats.nodesRead).toBe(2400);
  });

  it.each([
    { name: 'corrupt compressed block', mutate: (b: Uint8Array) => { const c = b.slice(); for (let i = 3000; i < 3060; i++) c[i] ^= 0x5a; return c; } },
    { name: 'truncated file', mutate: (b: Uint8Array) => b.slice(0, b.length - 10) },
    { name: 'bad header length', mutate: (b: Uint8Array) => { const c = b.slice(); c[0] = 0x7f; return c; } },
  ])('$name → French UserError naming the file and the offset', async ({ mutate }) => {
    const err = await readOsmPbf(mutate(bytes), { fileName: 'abime.osm.pbf', inflate }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).name).toBe('UserError');
    expect((err as Error).message).toMatch(/^Bloc PBF corrompu à l'octet \d+ de abime\.osm\.pbf : /);
  });

  it('rejects a file that is not PBF', async () => {
    await expect(readOsmPbf(new TextEncoder().encode('<osm version="0.6"></osm>'), { fileName: 'x.osm', inflate })).rejects.toThrow(/x\.osm/);
    await expect(readOsmPbf(new Uint8Array(0), { fileName: 'vide.osm.pbf', inflate })).rejects.toThrow(/vide\.osm\.pbf n’est pas un fichier OSM PBF/);
  });
});

const SAMPLE = 'osm-osmnx-graphml-sample/maisons_laffitte.osm.pbf';
describe.skipIf(!hasRaw(SAMPLE))('real sample: Maisons-Laffitte (OSMnx drive/all → PBF)', () => {
  // Read in beforeAll, not in the describe body: a skipped describe still runs its body to collect its tests.
  let roads: Awaited<ReturnType<typeof readOsmPbf>>;
  let seg: ReturnType<typeof osmToSegments>;
  let g: ReturnType<typeof buildGraph>;
  beforeAll(async () => {
    roads = await readOsmPbf(new Uint8Array(readFileSync(rawPath(SAMPLE))), { fileName: 'maisons_laffitte.osm.pbf', inflate });
    seg = osmToSegments(roads);
    g = buildGraph(seg);
  });

  it('counts nodes and ways (osmium fileinfo: 2,856 nodes, 1,503 ways)', () => {
    expect(roads.stats.nodesRead).toBe(2856);
    expect(roads.stats.waysRead).toBe(1503);
    // footway 268, cycleway 59, path 34, pedestrian 12, steps 8 are not drivable
    expect(roads.stats.waysKept).toBe(1503 - 268 - 59 - 34 - 12 - 8);
    expect(roads.stats.missingRefs).toBe(0);
  });

  it('has one-way streets (and roundabouts) and a connected core', () => {
    const oneways = Array.from(roads.wayOneway).filter((o) => o !== 0).length;
    expect(oneways).toBeGreaterThan(100);
    expect(g.report.nodesKept).toBeGreaterThan(300);
    expect(g.report.droppedNodes).toBeLessThan(0.1 * g.report.nodesIn);
    expect(g.report.kmOfRoad).toBeGreaterThan(40);
  });

  it('route times equal the reference Dijkstra (uncontracted), both directions', () => {
    const src = [0, 100, 400].filter((k) => k < g.nodeCount);
    for (const direction of ['to_sources', 'from_sources'] as const) {
      const res = multiSourceDijkstra(adjacency(g, direction), { nodes: src }, { withPred: true });
      const ref = referenceDijkstra(seg, direction, src.map((k) => ({ node: g.inputNode[k] })));
      for (let v = 0; v < g.nodeCount; v++) expect(Math.abs(res.time[v] - ref[g.inputNode[v]])).toBeLessThan(1e-6);
      const far = res.time.indexOf(Math.max(...res.time));
      const route = routePolyline(g, res, direction, far)!;
      expect(route.minutes).toBe(res.time[far]);
      expect(route.coordinates.length).toBeGreaterThanOrEqual(route.nodes.length);
    }
  });

  it('one-ways make some trips asymmetric', () => {
    const a = multiSourceDijkstra(adjacency(g, 'to_sources'), { nodes: [0] });
    const b = multiSourceDijkstra(adjacency(g, 'from_sources'), { nodes: [0] });
    let asym = 0;
    for (let v = 0; v < g.nodeCount; v++) if (a.time[v] !== b.time[v]) asym++;
    expect(asym).toBeGreaterThan(0);
  });
});

describe('PBF decompression bomb (issue 18, item 6)', () => {
  const MIB = 1024 * 1024;
  const valid = writeOsmPbf(gridOsm(3, 3, 3));
  const withBomb = (declaredRawSize: number, mebibytes = 1024) => concatBytes([valid, zlibFrame('OSMData', zlibBomb(mebibytes), declaredRawSize)]);

  it.each([
    { name: 'default inflate (fflate)', inflate: undefined },
    { name: 'DecompressionStream, as the worker does', inflate: inflateCappedStream },
  ])('refuses a blob that inflates past its declared raw size, with a French message ($name)', async ({ inflate: inflater }) => {
    const bytes = withBomb(4096);
    expect(bytes.length).toBeLessThan(1.2 * MIB); // 1 GiB once inflated
    const started = performance.now();
    const err = await readOsmPbf(bytes, { fileName: 'piege.osm.pbf', inflate: inflater }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(new RegExp(`^piege\\.osm\\.pbf refusé : le bloc à l'octet ${valid.length} se décompresse en plus des 4096 octets qu’il annonce .*bombe de décompression`));
    expect(performance.now() - started).toBeLessThan(20_000); // 1 GiB inflated would take far longer; a guard, not a measure
  });

  it('caps a blob that declares no raw size at the format’s 32 MiB', async () => {
    const err = await readOsmPbf(withBomb(0, 64), { fileName: 'sans-taille.osm.pbf' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/se décompresse en plus des 33554432 octets permis par le format/);
  });

  it('refuses a declared raw size above 32 MiB without inflating anything', async () => {
    const calls: number[] = [];
    const err = await readOsmPbf(withBomb(64 * MIB, 64), { fileName: 'gros.osm.pbf', inflate: (d, cap) => (calls.push(cap), inflateSync(d)) }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/gros\.osm\.pbf : taille décompressée annoncée de 67108864 octets, au-delà des 32 Mio/);
    expect(calls.every((cap) => cap < 32 * MIB)).toBe(true);
  });

  it('refuses an injected inflate that ignores the cap and returns more', async () => {
    const err = await readOsmPbf(withBomb(4096, 8), { fileName: 'x.osm.pbf', inflate: (d) => inflateSync(d) }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/x\.osm\.pbf refusé : .*4096 octets/);
  });

  it('passes each blob its declared raw size as the cap', async () => {
    const caps: number[] = [];
    await readOsmPbf(valid, { fileName: 'ok.osm.pbf', inflate: (d, cap) => (caps.push(cap), inflateSync(d)) });
    expect(caps.length).toBeGreaterThan(1);
    expect(caps.every((c) => c > 0 && c < 1 * MIB)).toBe(true);
  });
});
