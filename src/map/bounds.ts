/**
 * Bounding boxes of GeoJSON geometries, in lon/lat: the territory the map fits to, the zone a
 * button zooms to. Pure: coordinates in, a box out.
 */

/** [west, south, east, north] in degrees. */
export type Bounds = readonly [number, number, number, number];

/** Calls `fn` on every position of a GeoJSON geometry (collections included); other values are skipped. */
export function walkPositions(geometry: unknown, fn: (lon: number, lat: number) => void): void {
  if (geometry === null || typeof geometry !== 'object') return;
  const g = geometry as { coordinates?: unknown; geometries?: unknown };
  if (Array.isArray(g.geometries)) {
    for (const child of g.geometries) walkPositions(child, fn);
    return;
  }
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      if (Number.isFinite(c[0]) && Number.isFinite(c[1])) fn(c[0], c[1]);
    } else c.forEach(visit);
  };
  visit(g.coordinates);
}

/** The box around every position of the geometries, or null when they have none. */
export function boundsOf(geometries: Iterable<unknown>): Bounds | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const g of geometries) {
    walkPositions(g, (lon, lat) => {
      if (lon < w) w = lon;
      if (lon > e) e = lon;
      if (lat < s) s = lat;
      if (lat > n) n = lat;
    });
  }
  return w <= e && s <= n ? [w, s, e, n] : null;
}

/** Whether `inner` lies inside `outer`, give or take `tolerance` degrees. */
export function containsBounds(outer: Bounds, inner: Bounds, tolerance = 0): boolean {
  return inner[0] >= outer[0] - tolerance && inner[1] >= outer[1] - tolerance && inner[2] <= outer[2] + tolerance && inner[3] <= outer[3] + tolerance;
}
