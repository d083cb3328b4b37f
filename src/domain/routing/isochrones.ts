/**
 * Isochrone polygons from a node-time array.
 *
 * The node times are rasterised onto a regular lon/lat grid (default 250 m cells): the time of
 * a cell = min over nodes within `offRoadM` (default 750 m) of node time + off-road leg
 * (straight line × 1.3 at 20 km/h, the same access rule as snapping). d3-contour then traces
 * the cells with time ≤ threshold, and the rings are mapped back to lon/lat.
 */
import { contours } from 'd3-contour';
import { accessLegMinutes, DEFAULT_ACCESS, type AccessOptions } from './snap.ts';

export interface IsochroneOptions extends AccessOptions {
  thresholds?: number[];
  cellM?: number;
  offRoadM?: number;
}

export interface IsochroneFeature {
  type: 'Feature';
  properties: { minutes: number };
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
}

export interface IsochroneCollection {
  type: 'FeatureCollection';
  features: IsochroneFeature[];
}

const M_PER_DEG = 111_320;
const FAR = 1e9;

export function isochrones(lon: Float64Array, lat: Float64Array, time: Float64Array, options: IsochroneOptions = {}): IsochroneCollection {
  const thresholds = [...(options.thresholds ?? [15, 30, 45])].sort((a, b) => a - b);
  const cellM = options.cellM ?? 250;
  const offRoadM = options.offRoadM ?? 750;
  const access = { ...DEFAULT_ACCESS, ...options };
  const maxT = thresholds[thresholds.length - 1];
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
  for (let i = 0; i < time.length; i++) {
    if (!(time[i] <= maxT)) continue;
    if (lon[i] < minLon) minLon = lon[i];
    if (lon[i] > maxLon) maxLon = lon[i];
    if (lat[i] < minLat) minLat = lat[i];
    if (lat[i] > maxLat) maxLat = lat[i];
  }
  if (minLon > maxLon) return { type: 'FeatureCollection', features: thresholds.map((m) => feature(m, [])) };
  const midLat = (minLat + maxLat) / 2;
  const dLat = cellM / M_PER_DEG;
  const dLon = cellM / (M_PER_DEG * Math.cos((midLat * Math.PI) / 180));
  const r = Math.ceil(offRoadM / cellM);
  // One empty ring of cells around the data keeps every polygon closed.
  const x0 = minLon - (r + 1) * dLon;
  const y0 = minLat - (r + 1) * dLat;
  const nx = Math.ceil((maxLon - x0) / dLon) + r + 2;
  const ny = Math.ceil((maxLat - y0) / dLat) + r + 2;
  const grid = new Float64Array(nx * ny).fill(FAR);
  const legPerM = accessLegMinutes(1000, access) / 1000;
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (!(t <= maxT)) continue;
    const cx = (lon[i] - x0) / dLon;
    const cy = (lat[i] - y0) / dLat;
    const ix = Math.floor(cx), iy = Math.floor(cy);
    for (let y = iy - r; y <= iy + r; y++) {
      for (let x = ix - r; x <= ix + r; x++) {
        const dx = (x + 0.5 - cx) * cellM;
        const dy = (y + 0.5 - cy) * cellM;
        const d = Math.sqrt(dx * dx + dy * dy);
        if (d > offRoadM) continue;
        const ct = t + d * legPerM;
        const k = y * nx + x;
        if (ct < grid[k]) grid[k] = ct;
      }
    }
  }
  // d3-contour keeps values >= threshold: contour the negated times.
  const neg = new Float64Array(grid.length);
  for (let k = 0; k < grid.length; k++) neg[k] = -grid[k];
  const gen = contours().size([nx, ny]).smooth(true);
  const features = thresholds.map((m) => {
    const c = gen.contour(neg as unknown as number[], -m);
    const coords = c.coordinates.map((poly) => poly.map((ring) => ring.map(([gx, gy]) => [x0 + gx * dLon, y0 + gy * dLat])));
    return feature(m, coords);
  });
  return { type: 'FeatureCollection', features };
}

function feature(minutes: number, coordinates: number[][][][]): IsochroneFeature {
  return { type: 'Feature', properties: { minutes }, geometry: { type: 'MultiPolygon', coordinates } };
}
