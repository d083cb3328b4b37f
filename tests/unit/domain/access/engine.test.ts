/**
 * The accessibility engine on the demo territory's road network (generated in memory):
 * times equal a plain reference Dijkstra on the uncontracted segments, respect the
 * 130 km/h bound, give ≈ 0 on a help point, and fall back to the labelled straight-line estimate.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoTerritory } from '../../../../data/generate_demo.ts';
import { ignGeoJsonToSegments } from '../../../../src/data/import/ign_roads.ts';
import { AccessEngine, type SiteSet } from '../../../../src/domain/access/engine.ts';
import { densifySegments } from '../../../../src/domain/access/densify.ts';
import { haversine } from '../../../../src/domain/geo.ts';
import { HELP_KINDS, type HelpKind } from '../../../../src/domain/types.ts';
import { accessLegMinutes, buildNodeIndex, snapPoints, buildGraph, DEFAULT_ACCESS } from '../../../../src/domain/routing/index.ts';
import { referenceDijkstra } from '../../../helpers/reference_dijkstra.ts';

const files = generateDemoTerritory(58);
const { segments: raw } = ignGeoJsonToSegments(JSON.parse(files.get('troncons_routes.geojson')!), { fileName: 'troncons_routes.geojson' });

// The engine splits long segments every 250 m; the reference runs on the same split segments.
const segments = densifySegments(raw);

function demoSites(): SiteSet {
  const lines = files.get('liste-fs.csv')!.trim().split('\n').slice(1);
  const fs = lines.map((l) => {
    const cells = l.match(/("([^"]*)"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    return { lat: Number(cells[8]), lon: Number(cells[9]) };
  });
  const lmn = (JSON.parse(files.get('lieux-mediation-numerique.json')!) as { latitude: number; longitude: number }[]).map((p) => ({ lat: p.latitude, lon: p.longitude }));
  const all = [...fs.map((p) => ({ ...p, kind: 'france_services' as HelpKind })), ...lmn.map((p) => ({ ...p, kind: 'mediation' as HelpKind }))];
  return {
    lon: Float64Array.from(all, (p) => p.lon),
    lat: Float64Array.from(all, (p) => p.lat),
    kind: Uint8Array.from(all, (p) => HELP_KINDS.indexOf(p.kind)),
  };
}

function communeCentres() {
  const lines = files.get('laposte_hexasmal.csv')!.trim().split('\n').slice(1);
  const pts = lines.map((l) => l.split(';')[5].split(',').map(Number));
  return { lon: Float64Array.from(pts, (p) => p[1]), lat: Float64Array.from(pts, (p) => p[0]) };
}

describe('AccessEngine on the demo road network', () => {
  const engine = new AccessEngine();
  const summary = engine.loadNetwork('troncons_routes.geojson', raw);
  const sites = demoSites();
  const centres = communeCentres();
  const result = engine.compute(sites, { communes: centres }, ['france_services', 'point_numerique', 'any']);

  it('builds one strongly connected network and reports it', () => {
    expect(summary.report.droppedComponents).toBe(0);
    expect(summary.report.kmOfRoad).toBeGreaterThan(500);
    expect(result.method).toBe('route');
    expect(result.tooFar.communes).toEqual([]);
  });

  it('commune times equal a plain reference Dijkstra on the uncontracted segments', () => {
    // Reference: snap on the uncontracted graph, run the O(n²) Dijkstra from the France Services.
    const plain = buildGraph(segments, { contract: false, largestComponent: false });
    const index = buildNodeIndex(plain.lon, plain.lat);
    const fsIdx = [...sites.kind.keys()].filter((i) => sites.kind[i] === 0);
    const fsPoints = fsIdx.map((i) => ({ lon: sites.lon[i], lat: sites.lat[i] }));
    const snappedSites = snapPoints(plain, fsPoints, {}, index);
    const ref = referenceDijkstra(segments, 'to_sources', fsIdx.map((_, k) => ({
      node: plain.inputNode[snappedSites.node[k]], offset: snappedSites.legMinutes[k],
    })));
    const pts = Array.from(centres.lon, (lon, i) => ({ lon, lat: centres.lat[i] }));
    const snappedPts = snapPoints(plain, pts, {}, index);
    const got = result.times.communes.france_services!;
    for (let i = 0; i < pts.length; i++) {
      let expected = ref[plain.inputNode[snappedPts.node[i]]] + snappedPts.legMinutes[i];
      for (const p of fsPoints) {
        const d = haversine(pts[i].lon, pts[i].lat, p.lon, p.lat);
        if (d <= DEFAULT_ACCESS.maxSnapM) expected = Math.min(expected, accessLegMinutes(d));
      }
      expect(Math.abs(got.minutes[i] - expected)).toBeLessThan(1e-6);
    }
  });

  it('no time is below the straight-line distance at 130 km/h', () => {
    const t = result.times.communes.any!;
    for (let i = 0; i < centres.lon.length; i++) {
      const s = t.site[i];
      const d = haversine(centres.lon[i], centres.lat[i], sites.lon[s], sites.lat[s]);
      expect(t.minutes[i]).toBeGreaterThanOrEqual((d / 1000 / 130) * 60 - 1e-9);
    }
  });

  it('a population point on a help point gets ≈ 0 min, and the nearest site is that one', () => {
    const r = engine.compute(sites, { here: { lon: Float64Array.of(sites.lon[0]), lat: Float64Array.of(sites.lat[0]) } }, ['any']);
    expect(r.times.here.any!.minutes[0]).toBeLessThan(1e-9);
    expect(r.times.here.any!.site[0]).toBe(0);
  });

  it('the route to the nearest France Services ends at that site and lasts the computed time', () => {
    engine.compute(sites, { communes: centres }, ['france_services']);
    const i = 5;
    const route = engine.route('france_services', centres.lon[i], centres.lat[i])!;
    expect(route.site).toBe(result.times.communes.france_services!.site[i]);
    const t = result.times.communes.france_services!.minutes[i];
    if (route.minutes > t + 1e-9) {
      // Only when the direct walk beats the road (a point beside its site).
      expect(t).toBeLessThan(accessLegMinutes(DEFAULT_ACCESS.maxSnapM) + 1e-9);
    } else expect(route.minutes).toBeCloseTo(t, 6);
    expect(route.coordinates.length).toBeGreaterThan(1);
  });

  it('draws isochrones for 15/30/45 min', () => {
    const iso = engine.isochrones('france_services', [15, 30, 45])!;
    expect(iso.features.map((f) => f.properties.minutes)).toEqual([15, 30, 45]);
    expect(iso.features[0].geometry.coordinates.length).toBeGreaterThan(0);
  });
});

describe('AccessEngine without a road network', () => {
  it('falls back to straight line × the default detour (1.5) at 50 km/h, flagged vol_oiseau per point', () => {
    const engine = new AccessEngine();
    const sites: SiteSet = { lon: Float64Array.of(3.0), lat: Float64Array.of(47.0), kind: Uint8Array.of(0) };
    const r = engine.compute(sites, { p: { lon: Float64Array.of(3.0), lat: Float64Array.of(47.1) } }, ['france_services']);
    expect(r.method).toBe('vol_oiseau');
    expect(r.estimate).toEqual({ detour: 1.5, speedKmh: 50 });
    const d = haversine(3, 47.1, 3, 47);
    expect(r.times.p.france_services!.minutes[0]).toBeCloseTo(((d * 1.5) / 1000 / 50) * 60, 9);
    expect(Array.from(r.times.p.france_services!.method)).toEqual([1]);
  });

  it('takes the detour and speed of the request', () => {
    const engine = new AccessEngine();
    const sites: SiteSet = { lon: Float64Array.of(3.0), lat: Float64Array.of(47.0), kind: Uint8Array.of(0) };
    const r = engine.compute(sites, { p: { lon: Float64Array.of(3.0), lat: Float64Array.of(47.1) } }, ['france_services'], { detour: 1.3, speedKmh: 60 });
    const d = haversine(3, 47.1, 3, 47);
    expect(r.times.p.france_services!.minutes[0]).toBeCloseTo(((d * 1.3) / 1000 / 60) * 60, 9);
    expect(() => engine.compute(sites, {}, ['france_services'], { detour: 0.8 })).toThrow(RangeError);
  });
});

describe('densifySegments', () => {
  it('splits long segments into equal pieces, keeping length, direction and speed', () => {
    const seg = {
      nodeLon: Float64Array.of(3, 3.01), nodeLat: Float64Array.of(47, 47),
      from: Uint32Array.of(0), to: Uint32Array.of(1), lengthM: Float64Array.of(760),
      speedKmh: Float64Array.of(50), oneway: Int8Array.of(1), roadClass: Uint8Array.of(4),
    };
    const d = densifySegments(seg, 250);
    expect(Array.from(d.from)).toEqual([0, 2, 3, 4]);
    expect(Array.from(d.to)).toEqual([2, 3, 4, 1]);
    expect(Array.from(d.lengthM)).toEqual([190, 190, 190, 190]);
    expect(Array.from(d.oneway)).toEqual([1, 1, 1, 1]);
    expect(d.nodeLon[3]).toBeCloseTo(3.005, 12);
    const short = { ...seg, lengthM: Float64Array.of(200) };
    expect(densifySegments(short, 250)).toBe(short); // nothing to split: the same segments
  });
});

describe('AccessEngine with a network that does not cover every point (mixed mode)', () => {
  const engine = new AccessEngine();
  engine.loadNetwork('troncons_routes.geojson', raw);
  const sites = demoSites();
  const centres = communeCentres();
  // Ten points 40–80 km east of the Nièvre network (Côte-d'Or), and one France Services there.
  const farPts = { lon: Float64Array.from({ length: 10 }, (_, i) => 4.6 + i * 0.05), lat: new Float64Array(10).fill(47.2) };
  const farSite = { lon: 4.75, lat: 47.25 };
  const withFar: SiteSet = {
    lon: Float64Array.from([...sites.lon, farSite.lon]),
    lat: Float64Array.from([...sites.lat, farSite.lat]),
    kind: Uint8Array.from([...sites.kind, 0]),
  };
  const E = { detour: 1.4, speedKmh: 55 };
  const est = (lon1: number, lat1: number, lon2: number, lat2: number) => ((haversine(lon1, lat1, lon2, lat2) * E.detour) / 1000 / E.speedKmh) * 60;
  const roadOnly = engine.compute(sites, { communes: centres }, ['france_services']).times.communes.france_services!;
  const r = engine.compute(withFar, { communes: centres, far: farPts }, ['france_services'], E);
  const fsIdx = [...withFar.kind.keys()].filter((i) => withFar.kind[i] === 0);

  it('points off the network get the labelled estimate to the nearest site, never Infinity, and are listed', () => {
    expect(r.method).toBe('route');
    expect(r.tooFar.far).toEqual([...Array(10).keys()]);
    expect(r.unsnappedSites).toEqual([withFar.lon.length - 1]);
    const t = r.times.far.france_services!;
    for (let i = 0; i < 10; i++) {
      const ref = Math.min(...fsIdx.map((j) => est(farPts.lon[i], farPts.lat[i], withFar.lon[j], withFar.lat[j])));
      expect(t.minutes[i]).toBeCloseTo(ref, 9);
      expect(t.method[i]).toBe(1);
      expect(t.site[i]).toBe(withFar.lon.length - 1);
    }
  });

  it('points on the network keep their road time unless the site off the network is nearer by estimate', () => {
    const t = r.times.communes.france_services!;
    let estimated = 0;
    for (let i = 0; i < centres.lon.length; i++) {
      const toFar = est(centres.lon[i], centres.lat[i], farSite.lon, farSite.lat);
      expect(t.minutes[i]).toBeCloseTo(Math.min(roadOnly.minutes[i], toFar), 9);
      expect(t.method[i]).toBe(toFar < roadOnly.minutes[i] ? 1 : 0);
      estimated += t.method[i];
    }
    expect(estimated).toBe(0); // the Côte-d'Or site is far from every Nièvre commune
  });

  it('catchments: estimated pairs for the points off the network, flagged per entry', () => {
    const c = engine.catchments('far', 60);
    for (let i = 0; i < 10; i++) {
      const expected = [...withFar.kind.keys()]
        .map((j) => [j, est(farPts.lon[i], farPts.lat[i], withFar.lon[j], withFar.lat[j])] as const)
        .filter(([, m]) => m <= 60);
      const got = [...Array(c.offsets[i + 1] - c.offsets[i]).keys()].map((k) => c.offsets[i] + k);
      expect(got.map((q) => c.site[q])).toEqual(expected.map(([j]) => j));
      got.forEach((q, k) => expect(c.minutes[q]).toBeCloseTo(expected[k][1], 4));
      expect(got.every((q) => c.pairMethod[q] === 1)).toBe(true);
    }
  });
});
