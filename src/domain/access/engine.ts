/**
 * Accessibility engine: road travel time from every population point to the nearest help point
 * of each group (France Services, any point numérique, any help point), on the loaded road
 * graph; or, with no graph, the straight-line estimate (distance × detour ÷ speed), flagged.
 *
 * Mixed mode: with a graph, a point or site farther than the snapping distance from it is never
 * left at Infinity: every pair with an end off the graph gets the straight-line estimate
 * (routing/fallback.ts), and each point says how its time was obtained (`GroupTimes.method`:
 * 0 = road, 1 = estimate; off-graph points are always 1). `tooFar` / `unsnappedSites` list what
 * did not snap, so the UI counts them apart. The estimate parameters come with each `compute`.
 *
 * Stateful but pure (no I/O): the worker keeps one instance; tests drive it directly.
 */
import type KDBush from 'kdbush';
import { HELP_KINDS, kindInGroup, type HelpGroup, type HelpKind } from '../types.ts';
import { nearestSites, type Points } from '../nearest.ts';
import { densifySegments } from './densify.ts';
import {
  accessLegMinutes, adjacency, buildGraph, buildNodeIndex, DEFAULT_ACCESS, DEFAULT_FALLBACK, estimateMinutesFromMeters, estimateParams,
  estimateRadiusMeters, isochrones, METHOD_ROUTE as METHOD_ROUTE_, METHOD_VOL_OISEAU as METHOD_VOL_OISEAU_, multiSourceDijkstra, PointIndex, routePolyline, snapPoints,
  type AccessOptions, type EstimateParams, type FallbackOptions, type GraphBuildReport, type IsochroneCollection, type RoadGraph,
  type RoadSegments, type SearchResult, type Snapped, type TimeMethod,
} from '../routing/index.ts';
import { haversine } from '../geo.ts';

/** Local copies: read in hot loops (an imported binding can be a getter once transpiled). */
const METHOD_ROUTE = METHOD_ROUTE_;
const METHOD_VOL_OISEAU = METHOD_VOL_OISEAU_;

export type Method = TimeMethod;

export interface SiteSet extends Points {
  /** Index into HELP_KINDS. */
  kind: Uint8Array;
}

export interface GroupTimes {
  /** Minutes to the nearest site of the group; Infinity when none is reachable. */
  minutes: Float64Array;
  /** Index of that site in the site set; -1 when none. */
  site: Int32Array;
  /** Per point: 0 = road time, 1 = straight-line estimate (point or its nearest site off the graph, or no graph). */
  method: Uint8Array;
}

export interface AccessResult {
  /** 'route' when a road graph is loaded (some points may still be estimated: see `GroupTimes.method`), else 'vol_oiseau'. */
  method: Method;
  /** Per population set, per group. */
  times: Record<string, Partial<Record<HelpGroup, GroupTimes>>>;
  /** Points farther than the snapping distance from any road, per set (indices): their times are estimates. */
  tooFar: Record<string, number[]>;
  /** Sites farther than the snapping distance from any road (indices): reached by estimate only. */
  unsnappedSites: number[];
  /** Detour factor and speed of the straight-line estimates. */
  estimate: EstimateParams;
}

export interface NetworkSummary {
  name: string;
  report: GraphBuildReport;
}

export interface EngineOptions {
  access?: AccessOptions;
  fallback?: FallbackOptions;
}

interface GroupSearch {
  sites: Int32Array; // original site indices of the group
  result: SearchResult;
}

export class AccessEngine {
  private graph: RoadGraph | null = null;
  private nodeIndex: KDBush | null = null;
  private networkName: string | null = null;
  private sites: SiteSet | null = null;
  private searches = new Map<HelpGroup, GroupSearch>();
  private populations: Record<string, Points> = {};
  private snappedSets = new Map<string, Snapped | null>();
  private siteSnap: Snapped | null = null;
  private estimate: EstimateParams;
  private version = 0;
  options: Required<EngineOptions>;

  constructor(options: EngineOptions = {}) {
    this.options = { access: { ...DEFAULT_ACCESS, ...options.access }, fallback: { ...DEFAULT_FALLBACK, ...options.fallback } };
    this.estimate = estimateParams(this.options.fallback);
  }

  /** Incremented each time the network is loaded or cleared (scenario sessions check it). */
  get networkVersion(): number {
    return this.version;
  }

  get hasNetwork(): boolean {
    return this.graph !== null;
  }

  /**
   * Builds the routable graph. Degree-2 chains are NOT contracted here: points snap to graph
   * nodes, and contraction would remove the shape points a village sits on (it would then snap
   * kilometres away). For the same reason long segments are split every 250 m (densifySegments).
   * The search on the full graph stays well within budget (see npm run bench).
   */
  loadNetwork(name: string, segments: RoadSegments): NetworkSummary {
    this.graph = buildGraph(densifySegments(segments), { contract: false });
    this.nodeIndex = buildNodeIndex(this.graph.lon, this.graph.lat);
    this.networkName = name;
    this.searches.clear();
    this.version++;
    return { name, report: this.graph.report };
  }

  clearNetwork(): void {
    this.graph = null;
    this.nodeIndex = null;
    this.networkName = null;
    this.searches.clear();
    this.version++;
  }

  get network(): NetworkSummary | null {
    return this.graph && this.networkName ? { name: this.networkName, report: this.graph.report } : null;
  }

  /** The routable graph (null without a network), for the planning computations. */
  get roadGraph(): RoadGraph | null {
    return this.graph;
  }

  /** Snaps points to the graph: node (-1 when too far) and access-leg minutes. */
  snap(points: Points): { node: Int32Array; legMinutes: Float64Array } {
    if (!this.graph) throw new Error('no network');
    const s = snapPoints(this.graph, toLonLat(points), this.options.access, this.nodeIndex!);
    return { node: s.node, legMinutes: Float64Array.from(s.legMinutes, (m) => (Number.isFinite(m) ? m : 0)) };
  }

  /** Road edges as flat [lon0, lat0, lon1, lat1, …] for drawing (one entry per kept directed pair, geometry expanded). */
  roadLines(): Float64Array {
    const g = this.graph;
    if (!g) return new Float64Array();
    const out: number[] = [];
    for (let u = 0; u < g.nodeCount; u++) {
      for (let e = g.offsets[u]; e < g.offsets[u + 1]; e++) {
        const v = g.targets[e];
        if (v < u && hasEdge(g, v, u)) continue; // draw two-way roads once
        let px = g.lon[u];
        let py = g.lat[u];
        for (let k = g.geomOffsets[e]; k < g.geomOffsets[e + 1]; k++) {
          const n = g.geomNodes[k];
          out.push(px, py, g.inputLon[n], g.inputLat[n]);
          px = g.inputLon[n];
          py = g.inputLat[n];
        }
        out.push(px, py, g.lon[v], g.lat[v]);
      }
    }
    return Float64Array.from(out);
  }

  /** Times from every point of every set to the nearest site of each group (estimate params: default DEFAULT_FALLBACK). */
  compute(sites: SiteSet, populations: Record<string, Points>, groups: readonly HelpGroup[], estimate?: Partial<EstimateParams>): AccessResult {
    this.estimate = estimateParams(estimate ?? this.options.fallback);
    this.sites = sites;
    this.populations = populations;
    this.snappedSets.clear();
    this.searches.clear();
    const g = this.graph;
    this.siteSnap = g ? snapPoints(g, toLonLat(sites), this.options.access, this.nodeIndex!) : null;
    const times: AccessResult['times'] = {};
    const tooFar: AccessResult['tooFar'] = {};
    const groupSites = new Map(groups.map((gr) => [gr, siteIndices(sites, gr)] as const));
    for (const [name, points] of Object.entries(populations)) {
      times[name] = {};
      tooFar[name] = [];
      const snapped = g ? snapPoints(g, toLonLat(points), this.options.access, this.nodeIndex!) : null;
      this.snappedSets.set(name, snapped);
      if (snapped) tooFar[name] = snapped.tooFar;
      for (const group of groups) {
        const idx = groupSites.get(group)!;
        times[name][group] = g ? this.routeTimes(group, idx, points, snapped!) : this.straightTimes(idx, points);
      }
    }
    return { method: g ? 'route' : 'vol_oiseau', times, tooFar, unsnappedSites: this.siteSnap?.tooFar ?? [], estimate: this.estimate };
  }

  /**
   * Every (point, site) pair within `maxMinutes`, for the supply–demand (E2SFCA) computation:
   * one search bounded by `maxMinutes` per site on the graph; straight-line estimates for the
   * pairs with an end off the graph, or all pairs without a graph (a kd-tree radius query per
   * site). Returned CSR by point: sites of point i are site[offsets[i] .. offsets[i + 1]);
   * `pairMethod` says per entry 0 = road, 1 = estimate.
   */
  catchments(set: string, maxMinutes: number): {
    offsets: Uint32Array; site: Uint32Array; minutes: Float32Array; pairMethod: Uint8Array; method: Method;
  } {
    const points = this.populations[set];
    const sites = this.sites;
    if (!points || !sites) throw new Error(`catchments: compute() was not run for "${set}"`);
    const n = points.lon.length;
    const lists: [number, number, number][][] = Array.from({ length: n }, () => []);
    const g = this.graph;
    const snapped = this.snappedSets.get(set) ?? null;
    const siteSnap = this.siteSnap;
    const est = this.estimate;
    const radius = estimateRadiusMeters(maxMinutes, est);
    let allPoints: PointIndex | null = null;
    let offPoints: PointIndex | null = null;
    const maxSnapM = this.options.access.maxSnapM!;
    for (let j = 0; j < sites.lon.length; j++) {
      const slon = sites.lon[j];
      const slat = sites.lat[j];
      const siteOn = !!(g && snapped && siteSnap && siteSnap.node[j] >= 0);
      if (siteOn) {
        const r = multiSourceDijkstra(adjacency(g!, 'to_sources'), { nodes: [siteSnap!.node[j]], offsets: [siteSnap!.legMinutes[j]] }, { cutoff: maxMinutes });
        for (let i = 0; i < n; i++) {
          const v = snapped!.node[i];
          if (v < 0) continue;
          let t = r.time[v] + snapped!.legMinutes[i];
          const direct = haversine(points.lon[i], points.lat[i], slon, slat);
          if (direct <= maxSnapM) t = Math.min(t, accessLegMinutes(direct, this.options.access));
          if (t <= maxMinutes) lists[i].push([j, t, METHOD_ROUTE]);
        }
      }
      // Estimated pairs: a site off the graph (or no graph) with every point, a site on it with the points off it.
      const index = siteOn
        ? (offPoints ??= new PointIndex(points.lon, points.lat, (i) => snapped!.node[i] < 0))
        : (allPoints ??= new PointIndex(points.lon, points.lat));
      index.within(slon, slat, radius, (i, m) => {
        const t = estimateMinutesFromMeters(m, est);
        if (t <= maxMinutes) lists[i].push([j, t, METHOD_VOL_OISEAU]);
      });
    }
    const offsets = new Uint32Array(n + 1);
    lists.forEach((l, i) => {
      l.sort((a, b) => a[0] - b[0]);
      offsets[i + 1] = offsets[i] + l.length;
    });
    const site = new Uint32Array(offsets[n]);
    const minutes = new Float32Array(offsets[n]);
    const pairMethod = new Uint8Array(offsets[n]);
    lists.forEach((l, i) => l.forEach(([j, t, m], k) => {
      site[offsets[i] + k] = j;
      minutes[offsets[i] + k] = t;
      pairMethod[offsets[i] + k] = m;
    }));
    return { offsets, site, minutes, pairMethod, method: g ? 'route' : 'vol_oiseau' };
  }

  /** Road route from a point to the nearest site of a group (after compute). */
  route(group: HelpGroup, lon: number, lat: number): { coordinates: [number, number][]; minutes: number; lengthM: number; site: number } | null {
    const g = this.graph;
    const s = this.searches.get(group);
    if (!g || !s) return null;
    const snapped = snapPoints(g, [{ lon, lat }], this.options.access, this.nodeIndex!);
    const node = snapped.node[0];
    if (node < 0) return null;
    if (!s.result.pred) s.result = multiSourceDijkstra(adjacency(g, 'to_sources'), this.sourcesOf(s.sites), { withPred: true });
    const r = routePolyline(g, s.result, 'to_sources', node);
    if (!r) return null;
    return {
      coordinates: [[lon, lat], ...r.coordinates],
      minutes: r.minutes + snapped.legMinutes[0],
      lengthM: r.lengthM + snapped.distanceM[0],
      site: s.sites[r.source],
    };
  }

  /** Isochrone polygons around the sites of a group (or one site), after compute. */
  isochrones(group: HelpGroup, thresholds: number[], siteIndex: number | null = null): IsochroneCollection | null {
    const g = this.graph;
    if (!g || !this.sites) return null;
    const idx = siteIndex === null ? siteIndices(this.sites, group) : Int32Array.of(siteIndex);
    const result = siteIndex === null && this.searches.get(group)
      ? this.searches.get(group)!.result
      : multiSourceDijkstra(adjacency(g, 'to_sources'), this.sourcesOf(idx), { cutoff: Math.max(...thresholds) });
    return isochrones(g.lon, g.lat, result.time, { ...this.options.access, thresholds });
  }

  private sourcesOf(idx: Int32Array) {
    const sites = this.sites!;
    const snapped = snapPoints(this.graph!, Array.from(idx, (i) => ({ lon: sites.lon[i], lat: sites.lat[i] })), this.options.access, this.nodeIndex!);
    return { nodes: snapped.node, offsets: Array.from(snapped.legMinutes, (m) => (Number.isFinite(m) ? m : 0)) };
  }

  private routeTimes(group: HelpGroup, idx: Int32Array, points: Points, snapped: Snapped): GroupTimes {
    const n = points.lon.length;
    const minutes = new Float64Array(n).fill(Infinity);
    const site = new Int32Array(n).fill(-1);
    const method = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (snapped.node[i] < 0) method[i] = METHOD_VOL_OISEAU;
    if (idx.length === 0) return { minutes, site, method };
    const result = multiSourceDijkstra(adjacency(this.graph!, 'to_sources'), this.sourcesOf(idx));
    this.searches.set(group, { sites: idx, result });
    for (let i = 0; i < n; i++) {
      const v = snapped.node[i];
      if (v >= 0 && result.nearest[v] >= 0) {
        minutes[i] = result.time[v] + snapped.legMinutes[i];
        site[i] = idx[result.nearest[v]];
      }
    }
    // A point right next to a help point walks there directly (same access rule as snapping).
    const sites = this.sites!;
    const groupPoints = { lon: Float64Array.from(idx, (i) => sites.lon[i]), lat: Float64Array.from(idx, (i) => sites.lat[i]) };
    const direct = nearestSites(groupPoints, points);
    for (let i = 0; i < n; i++) {
      if (direct.site[i] < 0 || direct.distanceM[i] > this.options.access.maxSnapM!) continue;
      const leg = accessLegMinutes(direct.distanceM[i], this.options.access);
      if (leg < minutes[i]) {
        minutes[i] = leg;
        site[i] = idx[direct.site[i]];
      }
    }
    // Estimated pairs: points off the graph with every site of the group, points on it with the sites off it.
    const siteOff = this.siteSnap!;
    const offLocal: number[] = [];
    idx.forEach((j, k) => {
      if (siteOff.node[j] < 0) offLocal.push(k);
    });
    const fill = (pointIds: number[], local: number[]) => {
      if (pointIds.length === 0 || local.length === 0) return;
      const r = nearestSites(
        { lon: Float64Array.from(local, (k) => groupPoints.lon[k]), lat: Float64Array.from(local, (k) => groupPoints.lat[k]) },
        { lon: Float64Array.from(pointIds, (i) => points.lon[i]), lat: Float64Array.from(pointIds, (i) => points.lat[i]) },
      );
      pointIds.forEach((i, q) => {
        if (r.site[q] < 0) return;
        const t = estimateMinutesFromMeters(r.distanceM[q], this.estimate);
        if (t < minutes[i]) {
          minutes[i] = t;
          site[i] = idx[local[r.site[q]]];
          method[i] = METHOD_VOL_OISEAU;
        }
      });
    };
    const off: number[] = [];
    const on: number[] = [];
    for (let i = 0; i < n; i++) (snapped.node[i] < 0 ? off : on).push(i);
    fill(off, Array.from(idx, (_, k) => k));
    fill(on, offLocal);
    return { minutes, site, method };
  }

  private straightTimes(idx: Int32Array, points: Points): GroupTimes {
    const sites = this.sites!;
    const { site: local, distanceM } = nearestSites(
      { lon: Float64Array.from(idx, (i) => sites.lon[i]), lat: Float64Array.from(idx, (i) => sites.lat[i]) },
      points,
    );
    const minutes = Float64Array.from(distanceM, (d) => (Number.isFinite(d) ? estimateMinutesFromMeters(d, this.estimate) : Infinity));
    const site = Int32Array.from(local, (j) => (j >= 0 ? idx[j] : -1));
    return { minutes, site, method: new Uint8Array(points.lon.length).fill(METHOD_VOL_OISEAU) };
  }
}

function siteIndices(sites: SiteSet, group: HelpGroup): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < sites.kind.length; i++) if (kindInGroup(HELP_KINDS[sites.kind[i]] as HelpKind, group)) out.push(i);
  return Int32Array.from(out);
}

function toLonLat(p: Points): { lon: number; lat: number }[] {
  return Array.from(p.lon, (lon, i) => ({ lon, lat: p.lat[i] }));
}

function hasEdge(g: RoadGraph, u: number, v: number): boolean {
  for (let e = g.offsets[u]; e < g.offsets[u + 1]; e++) if (g.targets[e] === v) return true;
  return false;
}
