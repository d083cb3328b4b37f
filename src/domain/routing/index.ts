/**
 * Travel-time engine (pure: typed arrays in, typed arrays out; no DOM, no I/O).
 *
 * Typical call sequence (in the worker):
 *   1. segments ← data/import/osm_pbf.ts (`readOsmPbf` + `osmToSegments`) or data/import/ign_roads.ts
 *      (speeds come from a `SpeedProfile`, see `defaultSpeedProfile()`; editable, JSON-serialisable).
 *   2. graph = buildGraph(segments)            → CSR + reverse CSR, largest SCC, contracted chains;
 *      graph.report = { nodesIn, edgesIn, nodesKept, edgesKept, droppedComponents, droppedNodes, kmOfRoad }.
 *   3. index = buildNodeIndex(graph.lon, graph.lat) (reuse it);
 *      sites = snapPoints(graph, helpPoints, access, index); pop = snapPoints(graph, popPoints, access, index)
 *      (points farther than 2 km are listed in `tooFar`, never silently snapped).
 *   4. per help-point group: result = multiSourceDijkstra(adjacency(graph, 'to_sources'),
 *      { nodes: sites.node (subset), offsets: sites.legMinutes }, { cutoff?, withPred? })
 *      → result.time (minutes per node), result.nearest (source index per node).
 *   5. times = pointTimes(result, pop, directLegMinutes(popPoints, groupSites)); aggregate(times, population)
 *      or aggregateByGroup(times, population, communeCodes) → mean, population beyond 15/20/30/45 min.
 *   What-if: state = createWhatIf(graph, 'to_sources', sites); addSite(state, {node, offset});
 *      removeSite(state, index) → state.time / state.nearest equal a full recomputation exactly.
 *   Isochrones: isochrones(graph.lon, graph.lat, result.time, { thresholds: [15, 30, 45] }) → GeoJSON.
 *   Route: search with withPred, then routePolyline(graph, result, 'to_sources', node).
 *   No graph, or a point/site off it: the straight-line estimate of fallback.ts (distance × detour
 *      ÷ speed; EstimateParams per request, DEFAULT_FALLBACK measured there, DETOUR_METHOD_FR for
 *      the method panel), flagged 'vol_oiseau' (TimeMethod; METHOD_* codes in typed arrays).
 *
 * Units: all times are minutes; edge times are quantised to 2^-20 min so sums are exact.
 * Direction: 'to_sources' = time from each node to its nearest site (residents going to a help
 * point; one-way streets respected in that direction). Ties: equal times → smaller source index.
 */
export * from './graph.ts';
export * from './profile.ts';
export * from './dijkstra.ts';
export * from './incremental.ts';
export * from './snap.ts';
export * from './aggregate.ts';
export * from './isochrones.ts';
export * from './fallback.ts';
export * from './route.ts';
