import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeEwkbHex, decodeWkt, ignGeoJsonToSegments, ignRowsToSegments } from '../../../../src/data/import/ign_roads.ts';
import { adjacency, buildGraph, multiSourceDijkstra, segmentMinutes } from '../../../../src/domain/routing/index.ts';
import { haversine } from '../../../../src/domain/geo.ts';
import { hasRaw, rawPath } from '../../../helpers/fixtures.ts';
import { referenceDijkstra } from '../../../helpers/reference_dijkstra.ts';
import { generateDemoTerritory } from '../../../../data/generate_demo.ts';

const fixture = (name: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../fixtures/roads', name), 'utf8'));

/** Test-only reader of a pg_dump: CREATE TABLE columns + INSERT rows (values as JS primitives). */
function readPgDump(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8');
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

describe('WKT and EWKB decoders', () => {
  it.each([
    { wkt: 'LINESTRING (1 2, 3 4)', lines: [[[1, 2], [3, 4]]], srid: null },
    { wkt: 'SRID=2154;LINESTRING Z (700000 6600000 12, 700010 6600000 13)', lines: [[[700000, 6600000, 12], [700010, 6600000, 13]]], srid: 2154 },
    { wkt: 'MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))', lines: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]], srid: null },
  ])('$wkt', ({ wkt, lines, srid }) => {
    expect(decodeWkt(wkt)).toEqual({ lines, srid });
  });
  it('rejects unsupported WKT', () => expect(() => decodeWkt('POINT (1 2)')).toThrow(/non prise en charge/));
  it('decodes little-endian EWKB LineStringZ with SRID', () => {
    const buf = new ArrayBuffer(1 + 4 + 4 + 4 + 2 * 24);
    const dv = new DataView(buf);
    dv.setUint8(0, 1);
    dv.setUint32(1, 0xa0000002, true);
    dv.setUint32(5, 2154, true);
    dv.setUint32(9, 2, true);
    [700000, 6600000, 1, 700100, 6600050, 2].forEach((v, i) => dv.setFloat64(13 + i * 8, v, true));
    const hex = Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
    expect(decodeEwkbHex(hex)).toEqual({ lines: [[[700000, 6600000], [700100, 6600050]]], srid: 2154 });
    expect(() => decodeEwkbHex(hex.slice(0, 40))).toThrow(/tronqué/);
  });
});

describe('IGN GeoJSON (Lambert-93 fixture)', () => {
  const { segments, stats } = ignGeoJsonToSegments(fixture('troncons_l93.geojson'), { fileName: 'troncons_l93.geojson' });
  it('filters natures and access, reprojects, joins shared endpoints', () => {
    expect(stats).toMatchObject({ features: 5, kept: 3, excluded: { nature: 1, acces: 1, sens: 0, geometry: 0 }, reprojected: true });
    expect(segments.nodeLon[0]).toBeCloseTo(3, 6); // (700000, 6600000) is the L93 origin: 3°E 46.5°N
    expect(segments.nodeLat[0]).toBeCloseTo(46.5, 6);
    expect(segments.from.length).toBe(4);
    expect(Math.abs(segments.lengthM[0] - 500)).toBeLessThan(2); // L93 scale factor ≈ 0.999 here
  });
  it('uses vitesse_moyenne_vl, else importance (urban column), and one-ways', () => {
    expect(Array.from(segments.speedKmh)).toEqual([60, 60, 30, 30]);
    expect(Array.from(segments.oneway)).toEqual([0, 0, 1, -1]);
  });
  it('routes with one-way semantics', () => {
    const g = buildGraph(segments, { contract: false });
    const a = Array.from(g.inputNode).indexOf(0);
    const top = Array.from(g.inputNode).findIndex((i) => Math.abs(segments.nodeLat[i] - segments.nodeLat[0]) > 0.005);
    const fromA = multiSourceDijkstra(adjacency(g, 'from_sources'), { nodes: [a] });
    const toA = multiSourceDijkstra(adjacency(g, 'to_sources'), { nodes: [a] });
    // A → east (1 km @60) → north (1 km @30) = 1 + 2 min; back via the "Sens inverse" diagonal @30 ≈ 2.83 min.
    expect(fromA.time[top]).toBeCloseTo(3, 2);
    expect(toA.time[top]).toBeCloseTo((Math.SQRT2 * 1000 / 1000 / 30) * 60, 1);
  });
});

describe('IGN rows with WKT geometry', () => {
  it('reads WGS84 WKT rows and reports unreadable geometry in French', () => {
    const rows = [
      { cleabs: 'A', nature: 'Route à 2 chaussées', importance: '2', sens_de_circulation: 'Double sens', vitesse_moyenne_vl: '90', wkt: 'LINESTRING (5.4 43.3, 5.41 43.3)' },
      { cleabs: 'B', nature: 'Escalier', importance: '6', sens_de_circulation: 'Sans objet', wkt: 'LINESTRING (5.4 43.3, 5.4 43.31)' },
    ];
    const r = ignRowsToSegments(rows, { fileName: 'r.csv' });
    expect(r.stats.kept).toBe(1);
    expect(r.stats.reprojected).toBe(false);
    expect(r.segments.speedKmh[0]).toBe(90);
    expect(() => ignRowsToSegments([{ ...rows[0], wkt: 'LINESTRING (a b)' }], { fileName: 'r.csv' })).toThrow(/Géométrie illisible dans r\.csv \(objet n° 1, A\)/);
  });
});

const MARSEILLE = 'ign-bdtopo-troncon-route-fixture/troncon_route_marseille10.sql';
describe.skipIf(!hasRaw(MARSEILLE))('IGN BD TOPO Marseille 10e (pg_dump, hex EWKB LineStringZ 2154)', () => {
  // Read in beforeAll, not in the describe body: a skipped describe still runs its body to collect its tests.
  let rows: Record<string, unknown>[];
  let segments: ReturnType<typeof ignRowsToSegments>['segments'];
  let stats: ReturnType<typeof ignRowsToSegments>['stats'];
  let g: ReturnType<typeof buildGraph>;
  beforeAll(() => {
    rows = readPgDump(rawPath(MARSEILLE));
    ({ segments, stats } = ignRowsToSegments(rows, { fileName: 'troncon_route_marseille10.sql' }));
    g = buildGraph(segments);
  });

  it('reads every row and keeps the drivable ones', () => {
    expect(rows.length).toBeGreaterThan(2800);
    expect(stats.features).toBe(rows.length);
    expect(stats.kept).toBeGreaterThan(1000);
    expect(stats.reprojected).toBe(true);
    // Marseille 10e: lon ≈ 5.4, lat ≈ 43.28
    expect(segments.nodeLon[0]).toBeGreaterThan(5.3);
    expect(segments.nodeLon[0]).toBeLessThan(5.5);
    expect(segments.nodeLat[0]).toBeGreaterThan(43.2);
    expect(segments.nodeLat[0]).toBeLessThan(43.35);
    expect(Array.from(segments.oneway).some((o) => o !== 0)).toBe(true);
    expect(g.report.nodesKept).toBeGreaterThan(500);
    expect(g.report.kmOfRoad).toBeGreaterThan(50);
  });

  it('times equal the reference Dijkstra on the uncontracted segments', () => {
    const src = [0, Math.floor(g.nodeCount / 2)];
    for (const direction of ['to_sources', 'from_sources'] as const) {
      const res = multiSourceDijkstra(adjacency(g, direction), { nodes: src });
      const ref = referenceDijkstra(segments, direction, src.map((k) => ({ node: g.inputNode[k] })));
      for (let v = 0; v < g.nodeCount; v++) expect(Math.abs(res.time[v] - ref[g.inputNode[v]])).toBeLessThan(1e-6);
    }
  });

  it('no time below straight line ÷ 130 km/h', () => {
    const res = multiSourceDijkstra(adjacency(g, 'from_sources'), { nodes: [0] });
    for (let v = 0; v < g.nodeCount; v++) {
      expect(res.time[v]).toBeGreaterThanOrEqual(segmentMinutes(haversine(g.lon[0], g.lat[0], g.lon[v], g.lat[v]), 130) - 1e-6);
    }
  });
});

describe('demo territory GeoJSON (generated in memory, seed 58)', () => {
  const text = generateDemoTerritory(58).get('troncons_routes.geojson')!;
  type Road = { properties: Record<string, unknown>; geometry: { type: string; coordinates: [number, number][] } };
  const file = JSON.parse(text) as { features: Road[] };

  it('reads every tronçon through the GeoJSON path into one strongly connected graph', () => {
    // Independent counts from the file itself: distinct vertices, one-way tronçons, length along the lines.
    const vertices = new Set(file.features.flatMap((f) => f.geometry.coordinates.map(([x, y]) => `${x},${y}`)));
    // One segment per pair of consecutive vertices.
    const pairs = (f: Road) => f.geometry.coordinates.length - 1;
    const pairCount = file.features.reduce((n, f) => n + pairs(f), 0);
    const oneWayPairs = file.features.filter((f) => f.properties.sens_de_circulation !== 'Double sens').reduce((n, f) => n + pairs(f), 0);
    const R = 6_371_000; // the Earth radius the app declares for every distance (src/domain/geo.ts, as geokdbush)
    const rad = Math.PI / 180;
    let metres = 0;
    for (const f of file.features) {
      const c = f.geometry.coordinates;
      for (let i = 1; i < c.length; i++) {
        const [x1, y1] = c[i - 1];
        const [x2, y2] = c[i];
        const h = Math.sin(((y2 - y1) * rad) / 2) ** 2 + Math.cos(y1 * rad) * Math.cos(y2 * rad) * Math.sin(((x2 - x1) * rad) / 2) ** 2;
        metres += 2 * R * Math.asin(Math.sqrt(h));
      }
    }

    const { segments, stats } = ignGeoJsonToSegments(file, { fileName: 'troncons_routes.geojson' });
    expect(stats).toEqual({ features: file.features.length, kept: file.features.length, excluded: { nature: 0, acces: 0, sens: 0, geometry: 0 }, reprojected: false });
    expect(segments.nodeLon.length).toBe(vertices.size);
    expect(segments.from.length).toBe(pairCount);
    expect(Array.from(segments.oneway).filter((o) => o !== 0).length).toBe(oneWayPairs);
    expect(oneWayPairs).toBeGreaterThan(0); // the town's one-way ring and streets
    const g = buildGraph(segments);
    expect(g.report.nodesIn).toBe(vertices.size);
    expect(g.report).toMatchObject({ droppedComponents: 0, droppedNodes: 0 });
    expect(g.report.kmOfRoad).toBeCloseTo(metres / 1000, 3);
  });
});
