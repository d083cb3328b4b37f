/**
 * 4G coverage proxy from the ARCEP mobile-site list (not from coverage maps): a point counts
 * as covered by an operator when one of its 4G sites is within `radiusM` (default 5 km, a
 * typical rural 4G cell range). The proxy is the share of operators NOT covering the point,
 * 0 (all four) to 1 (none). It is an estimate and is labelled so.
 */
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { Points } from './nearest.ts';

export const DEFAULT_4G_RADIUS_M = 5000;

export interface OperatorSites extends Points {
  /** Operator index 0…operatorCount-1 per site (4G sites only). */
  operator: Uint8Array;
}

export function uncovered4gShare(points: Points, sites: OperatorSites, operatorCount: number, radiusM = DEFAULT_4G_RADIUS_M): Float32Array {
  const out = new Float32Array(points.lon.length).fill(1);
  if (operatorCount === 0) return out;
  const indexes: { index: KDBush | null }[] = [];
  for (let op = 0; op < operatorCount; op++) {
    const ids: number[] = [];
    for (let i = 0; i < sites.operator.length; i++) if (sites.operator[i] === op) ids.push(i);
    if (ids.length === 0) {
      indexes.push({ index: null });
      continue;
    }
    const index = new KDBush(ids.length, 64, Float64Array);
    for (const i of ids) index.add(sites.lon[i], sites.lat[i]);
    index.finish();
    indexes.push({ index });
  }
  for (let i = 0; i < points.lon.length; i++) {
    let missing = 0;
    for (const { index } of indexes) {
      if (!index || around(index, points.lon[i], points.lat[i], 1, radiusM / 1000).length === 0) missing++;
    }
    out[i] = missing / operatorCount;
  }
  return out;
}
