import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../../src/data/import/errors.ts';
import { overpassRoadQuery, readOverpassJson } from '../../../src/data/import/osm_json.ts';
import { osmToSegments, readOsmPbf, scanOsmPbf, type OsmSink } from '../../../src/data/import/osm_pbf.ts';
import { KEY_CODES } from '../../../src/data/import/osm/tags.ts';
import { networkFormatOf } from '../../../src/data/network_format.ts';
import { adjacency, buildGraph, defaultSpeedProfile, multiSourceDijkstra, osmSpeedKmh, type RoadGraph } from '../../../src/domain/routing/index.ts';
import { createHandler } from '../../../workers/handlers.ts';
import { hasRaw, rawPath } from '../../helpers/fixtures.ts';

/** The handlers run in place, with their own engine. */
const handle = createHandler();

const encode = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const TIMESTAMP = '2026-11-20T10:00:00Z';
const overpass = (elements: unknown[], extra: Record<string, unknown> = {}) => ({
  version: 0.6,
  generator: 'Overpass API 0.7.62.1',
  osm3s: { timestamp_osm_base: TIMESTAMP, copyright: 'The data included in this document is from www.openstreetmap.org.' },
  ...extra,
  elements,
});
const node = (id: number, lon: number, lat: number) => ({ type: 'node', id, lat, lon });
const way = (id: number, nodes: number[], tags: Record<string, string>) => ({ type: 'way', id, nodes, tags });

/**
 * A square 1-2-3-4 near Maisons-Laffitte: 1→2→3 one-way primary (maxspeed 80), 3-4-1 residential
 * both ways, a roundabout 1-8-9-1, a private service road to 5, a reverse one-way 4←6, a footway to 7.
 */
const SMALL = overpass([
  way(10, [1, 2, 3], { highway: 'primary', oneway: 'yes', maxspeed: '80', name: 'Avenue de Longueil' }),
  way(11, [3, 4, 1], { highway: 'residential', name: 'Rue de la Muette' }),
  way(12, [4, 5], { highway: 'service', access: 'private' }),
  way(13, [4, 6], { highway: 'tertiary', oneway: '-1' }),
  way(14, [2, 7], { highway: 'footway' }),
  way(15, [1, 8, 9, 1], { highway: 'unclassified', junction: 'roundabout' }),
  node(1, 2.1, 48.94), node(2, 2.105, 48.94), node(3, 2.105, 48.943), node(4, 2.1, 48.943),
  node(5, 2.097, 48.943), node(6, 2.1, 48.946), node(7, 2.108, 48.94), node(8, 2.0995, 48.9395), node(9, 2.1005, 48.9395),
]);

describe('overpassRoadQuery', () => {
  it('asks for the drivable ways and their nodes, bbox in Overpass order rounded to 5 decimals', () => {
    expect(overpassRoadQuery([2.0812345678, 48.9300001, 2.1699999, 48.9600049])).toBe(
      '[out:json][timeout:300];way["highway"~"^(motorway|motorway_link|trunk|trunk_link|primary|primary_link|secondary|secondary_link|tertiary|tertiary_link|unclassified|residential|living_street)$"](48.93,2.08123,48.96,2.17);(._;>;);out body qt;',
    );
    expect(overpassRoadQuery([-1.5, -0.000001, 1.5, 0.5])).toContain('(0,-1.5,0.5,1.5)');
  });
  it.each([
    [[2.2, 48.9, 2.1, 49.0]],
    [[2.1, 49.0, 2.2, 48.9]],
    [[Number.NaN, 48.9, 2.2, 49.0]],
    [[-200, 48.9, 2.2, 49.0]],
  ] as [number, number, number, number][][])('rejects the box %j', (bbox) => {
    expect(() => overpassRoadQuery(bbox)).toThrow(/Emprise invalide/);
  });
});

describe('hand-written Overpass answer', () => {
  const roads = readOverpassJson(encode(SMALL), { fileName: 'routes.json' });
  const p = defaultSpeedProfile();
  const seg = osmToSegments(roads, p);
  const id = (osmId: number) => Array.from(roads.nodeIds).indexOf(osmId);
  const speedOf = (a: number, b: number) => {
    for (let k = 0; k < seg.from.length; k++) if (seg.from[k] === id(a) && seg.to[k] === id(b)) return seg.speedKmh[k];
    return null;
  };

  it('keeps the drivable ways with their direction, drops private and footways', () => {
    expect(Array.from(roads.wayIds)).toEqual([10, 11, 13, 15]);
    expect(Array.from(roads.wayOneway)).toEqual([1, 0, -1, 1]);
    expect(id(5)).toBe(-1);
    expect(id(7)).toBe(-1);
    expect(roads.nodeIds.length).toBe(7);
    expect(roads.stats).toMatchObject({ nodesRead: 9, waysRead: 6, waysKept: 4, missingRefs: 0 });
    expect(roads.timestamp).toBe(TIMESTAMP);
    expect(roads.warnings).toEqual([]);
    expect(roads.lon[id(3)]).toBe(2.105);
    expect(roads.lat[id(3)]).toBe(48.943);
  });

  it('takes speeds from maxspeed (× factor) and from the profile', () => {
    expect(speedOf(1, 2)).toBe(72); // maxspeed 80 × 0.9
    expect(speedOf(3, 4)).toBe(50); // residential, rural default
    expect(speedOf(3, 4)).toBe(osmSpeedKmh(p, 'residential'));
  });

  it('respects one-way streets in the graph', () => {
    const g = buildGraph(seg, { contract: false });
    const at = (osmId: number) => Array.from(g.inputNode).indexOf(id(osmId));
    expect(at(6)).toBe(-1); // 6 → 4 only: not in the strongly connected core
    expect(g.nodeCount).toBe(6);
    const from1 = multiSourceDijkstra(adjacency(g, 'from_sources'), { nodes: [at(1)] });
    const to1 = multiSourceDijkstra(adjacency(g, 'to_sources'), { nodes: [at(1)] });
    // 1 → 2 is direct; 2 → 1 goes round by 3 and 4.
    expect(from1.time[at(2)]).toBeLessThan(to1.time[at(2)]);
  });
});

describe('handler: loadNetwork accepts osm_json', () => {
  it('builds the graph and returns the OSM date and the warnings', async () => {
    const r = await handle('loadNetwork', { name: 'routes.json', format: 'osm_json', bytes: encode(SMALL) }, { progress: () => {} });
    expect(r.summary.name).toBe('routes.json');
    expect(r.summary.report.nodesKept).toBeGreaterThan(0);
    expect(r.osmTimestamp).toBe(TIMESTAMP);
    expect(r.warnings).toEqual([]);
  });
  it('reads an Overpass file sent as ign_geojson (a .json named without its content in view)', async () => {
    const r = await handle('loadNetwork', { name: 'routes.json', format: 'ign_geojson', bytes: encode(SMALL) }, { progress: () => {} });
    expect(r.osmTimestamp).toBe(TIMESTAMP);
  });
  it('tells an Overpass .json from a GeoJSON by its content', () => {
    expect(networkFormatOf('routes.json', encode(SMALL))).toBe('osm_json');
    expect(networkFormatOf('routes-58.osm.json')).toBe('osm_json');
    expect(networkFormatOf('troncons.json', encode({ type: 'FeatureCollection', features: [] }))).toBe('ign_geojson');
    expect(networkFormatOf('troncons.json')).toBe('ign_geojson');
  });
});

describe('missing nodes: ways are cut, with a warning', () => {
  it('splits a way at a missing node and drops pieces of one node', () => {
    const doc = overpass([
      way(20, [1, 2, 99, 3, 4], { highway: 'secondary' }),
      way(21, [1, 98], { highway: 'secondary' }),
      node(1, 2.1, 48.94), node(2, 2.101, 48.94), node(3, 2.102, 48.94), node(4, 2.103, 48.94),
    ]);
    const r = readOverpassJson(encode(doc), { fileName: 'coupe.json' });
    expect(Array.from(r.wayIds)).toEqual([20, 20]);
    expect(osmToSegments(r).from.length).toBe(2); // 1-2 and 3-4, never 2-3
    expect(r.stats).toMatchObject({ missingRefs: 2, waysCut: 2, waysDropped: 1, waysKept: 1 });
    expect(r.warnings).toEqual(['2 nœud(s) de voies absents du fichier : 2 voie(s) coupée(s) à ces endroits, 1 écartée(s) faute de deux nœuds consécutifs présents.']);
  });

  it('reads `out geom` answers (coordinates beside the node ids)', () => {
    const doc = overpass([{ type: 'way', id: 30, nodes: [1, 2], tags: { highway: 'primary' }, geometry: [{ lat: 48.94, lon: 2.1 }, { lat: 48.95, lon: 2.1 }] }]);
    const r = readOverpassJson(encode(doc), { fileName: 'geom.json' });
    expect(Array.from(r.lat)).toEqual([48.94, 48.95]);
  });
});

describe('hostile input: a French UserError naming the file, nothing else', () => {
  const FRENCH = /[éèàçô«»’]|\b(le|la|les|de|du|des|pas|aucun|aucune)\b/i;
  const failure = (bytes: Uint8Array): Error => {
    try {
      readOverpassJson(bytes, { fileName: 'mauvais.json' });
    } catch (e) {
      return e as Error;
    }
    throw new Error('no error thrown');
  };
  const text = JSON.stringify(SMALL);

  it.each([
    { name: 'truncated JSON', bytes: encode(text.slice(0, text.length / 2)), message: /JSON invalide ou tronqué/ },
    { name: 'empty file', bytes: new Uint8Array(0), message: /vide/ },
    { name: '{}', bytes: encode({}), message: /pas de tableau « elements »/ },
    { name: 'an array', bytes: encode([]), message: /pas de tableau « elements »/ },
    { name: 'GeoJSON', bytes: encode({ type: 'FeatureCollection', features: [] }), message: /GeoJSON/ },
    { name: 'Overpass XML', bytes: encode('<?xml version="1.0"?><osm version="0.6"></osm>'), message: /\[out:json\]/ },
    { name: 'not UTF-8', bytes: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), message: /UTF-8/ },
    { name: 'a literal NaN', bytes: encode('{"elements":[{"type":"node","id":1,"lat":NaN,"lon":2}]}'), message: /JSON invalide/ },
    { name: 'NaN as a string', bytes: encode(overpass([node(1, 2.1, 48.9), { type: 'node', id: 2, lat: 'NaN', lon: 2 }])), message: /nœud 2 : coordonnées invalides \(lat "NaN", lon 2\)/ },
    { name: 'null coordinates', bytes: encode(overpass([{ type: 'node', id: 3, lat: null, lon: null }])), message: /nœud 3 : coordonnées invalides/ },
    { name: 'out of range', bytes: encode(overpass([node(4, 2.1, 91)])), message: /nœud 4 : coordonnées invalides/ },
    { name: 'missing lat', bytes: encode(overpass([{ type: 'node', id: 5, lon: 2 }])), message: /lat absente/ },
    { name: 'node without id', bytes: encode(overpass([{ type: 'node', lat: 48, lon: 2 }])), message: /nœud sans identifiant/ },
    { name: 'null element', bytes: encode(overpass([null])), message: /n° 1 .* n’est pas un objet/ },
    { name: 'bad out geom point', bytes: encode(overpass([{ type: 'way', id: 7, nodes: [1, 2], tags: { highway: 'primary' }, geometry: [{ lat: 48, lon: 2 }, { lat: 'x' }] }])), message: /voie 7, point n° 2/ },
    { name: 'ways without nodes', bytes: encode(overpass([way(1, [1, 2], { highway: 'primary' })])), message: /aucun nœud.*\(\._;>;\);/ },
    { name: 'only missing nodes', bytes: encode(overpass([way(1, [1, 2], { highway: 'primary' }), node(3, 2, 48)])), message: /aucune voie routière circulable.*2 nœud\(s\) de voies absents/ },
    { name: 'no drivable way', bytes: encode(overpass([way(1, [1, 2], { highway: 'footway' }), node(1, 2, 48), node(2, 2.1, 48)])), message: /aucune voie routière circulable/ },
    { name: 'no elements at all', bytes: encode(overpass([])), message: /aucune voie routière circulable/ },
    { name: 'server timeout', bytes: encode(overpass([], { remark: 'runtime error: Query timed out in "query" at line 1 after 181 seconds.' })), message: /le serveur Overpass a signalé : « runtime error: Query timed out/ },
  ])('$name', ({ bytes, message }) => {
    const e = failure(bytes);
    expect(isUserError(e)).toBe(true);
    expect(e.message).toMatch(/^fichier « mauvais\.json » : /);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(FRENCH);
  });

  it('every truncation and random byte damage gives a result or a UserError, never another exception', () => {
    const bytes = encode(text);
    for (let cut = 0; cut < bytes.length; cut += 3) {
      try {
        readOverpassJson(bytes.subarray(0, cut), { fileName: 'coupe.json' });
      } catch (e) {
        expect(isUserError(e), String(e)).toBe(true);
      }
    }
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 300; trial++) {
      const damaged = bytes.slice();
      for (let k = 0; k < 3; k++) damaged[Math.floor(rand() * damaged.length)] = 32 + Math.floor(rand() * 95);
      try {
        readOverpassJson(damaged, { fileName: 'abime.json' });
      } catch (e) {
        expect(isUserError(e), String(e)).toBe(true);
      }
    }
  });

  it('a partial answer (server remark) is read, with a warning', () => {
    const r = readOverpassJson(encode({ ...SMALL, remark: 'runtime error: Query run out of memory using about 2048 MB of RAM.' }), { fileName: 'partiel.json' });
    expect(r.wayIds.length).toBe(4);
    expect(r.warnings).toEqual(['Réponse peut-être incomplète : le serveur Overpass a signalé : « runtime error: Query run out of memory using about 2048 MB of RAM. ».']);
  });
});

const SAMPLE = 'osm-osmnx-graphml-sample/maisons_laffitte.osm.pbf';
describe.skipIf(!hasRaw(SAMPLE))('real sample: the same data as PBF and as Overpass JSON give the same graph', () => {
  // Read in beforeAll, not in the describe body: a skipped describe still runs its body to collect its tests.
  let nodes: unknown[];
  let fromPbf: Awaited<ReturnType<typeof readOsmPbf>>;
  let fromJson: ReturnType<typeof readOverpassJson>;
  let gPbf: RoadGraph;
  let gJson: RoadGraph;
  const totalMinutes = (g: RoadGraph) => g.weights.reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    const inflate = (d: Uint8Array) => inflateSync(d);
    const bytes = new Uint8Array(readFileSync(rawPath(SAMPLE)));
    // Every node and every highway way of the PBF, written out as Overpass would (ways first).
    nodes = [];
    const ways: unknown[] = [];
    const keys = Object.entries(KEY_CODES);
    const recorder: OsmSink = {
      nodes(ids, lat7, lon7) {
        for (let i = 0; i < ids.length; i++) nodes.push(node(ids[i], lon7[i] / 1e7, lat7[i] / 1e7));
      },
      way(id, refs, tags) {
        const t: Record<string, string> = {};
        for (const [key, code] of keys) if (tags[code] !== undefined) t[key] = tags[code]!;
        ways.push(way(id, Array.from(refs), t));
      },
    };
    await scanOsmPbf(bytes, { fileName: 'maisons_laffitte.osm.pbf', inflate }, recorder);
    nodes.reverse(); // node order must not matter
    const json = encode(overpass([...ways, ...nodes]));

    fromPbf = await readOsmPbf(bytes, { fileName: 'maisons_laffitte.osm.pbf', inflate });
    fromJson = readOverpassJson(json, { fileName: 'maisons_laffitte.json' });
    gPbf = buildGraph(osmToSegments(fromPbf));
    gJson = buildGraph(osmToSegments(fromJson));
  });

  it('reads every element (osmium fileinfo: 2,856 nodes; 1,122 drivable ways)', () => {
    expect(nodes.length).toBe(2856);
    expect(fromJson.stats).toMatchObject({ nodesRead: 2856, waysKept: 1122, missingRefs: 0 });
    expect(fromJson.stats.waysKept).toBe(fromPbf.stats.waysKept);
  });

  it('gives identical road input and graphs', () => {
    expect(fromJson.nodeIds).toEqual(fromPbf.nodeIds);
    expect(fromJson.lon).toEqual(fromPbf.lon);
    expect(fromJson.lat).toEqual(fromPbf.lat);
    expect(fromJson.wayNodes).toEqual(fromPbf.wayNodes);
    expect(fromJson.wayOneway).toEqual(fromPbf.wayOneway);
    expect(gJson.nodeCount).toBe(gPbf.nodeCount);
    expect(gJson.report).toEqual(gPbf.report);
    expect(gJson.weights.length).toBe(gPbf.weights.length);
    expect(Math.abs(totalMinutes(gJson) - totalMinutes(gPbf))).toBeLessThan(1e-9);
    expect(totalMinutes(gPbf)).toBeGreaterThan(0);
  });
});
