import { describe, expect, it } from 'vitest';
import { nearestSites, nearestSitesBruteForce, subset, type Points } from '../../../src/domain/nearest.ts';
import { haversine } from '../../../src/domain/geo.ts';

/** Deterministic pseudo-random points in a box around the Nièvre. */
function randomPoints(n: number, seed: number): Points {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = 2.8 + rnd() * 1.4;
    lat[i] = 46.6 + rnd() * 0.9;
  }
  return { lon, lat };
}

describe('nearestSites', () => {
  it('equals the brute-force double loop on random data', () => {
    const sites = randomPoints(300, 1);
    const points = randomPoints(5000, 2);
    const fast = nearestSites(sites, points);
    const slow = nearestSitesBruteForce(sites, points);
    for (let i = 0; i < points.lon.length; i++) {
      // Same distance (ties could pick another index at equal distance).
      expect(fast.distanceM[i]).toBeCloseTo(slow.distanceM[i], 6);
      if (fast.site[i] !== slow.site[i]) expect(fast.distanceM[i]).toBe(slow.distanceM[i]);
    }
    expect(Array.from(fast.site).filter((s, i) => s !== slow.site[i])).toHaveLength(0);
  });

  it('gives 0 m for a point on a site and -1 when there is no site', () => {
    const sites = { lon: new Float64Array([3.5, 3.2]), lat: new Float64Array([47, 46.9]) };
    const r = nearestSites(sites, { lon: new Float64Array([3.2]), lat: new Float64Array([46.9]) });
    expect(r.site[0]).toBe(1);
    expect(r.distanceM[0]).toBe(0);
    const none = nearestSites({ lon: new Float64Array(), lat: new Float64Array() }, sites);
    expect(Array.from(none.site)).toEqual([-1, -1]);
    expect(Number.isNaN(none.distanceM[0])).toBe(true);
  });

  it('haversine: one degree of latitude is about 111.2 km', () => {
    expect(haversine(3, 47, 3, 48) / 1000).toBeCloseTo(111.19, 2);
  });

  it('subset keeps the mapping to original indices', () => {
    const sites = randomPoints(10, 3);
    const { points, original } = subset(sites, (i) => i % 3 === 0);
    expect(Array.from(original)).toEqual([0, 3, 6, 9]);
    expect(points.lon[2]).toBe(sites.lon[6]);
  });
});
