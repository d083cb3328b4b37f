import { describe, expect, it } from 'vitest';
import { uncovered4gShare } from '../../../src/domain/coverage.ts';

describe('uncovered4gShare (4G proxy)', () => {
  // Two operators. Operator 0 has a site at (3, 47); operator 1 at (3.2, 47).
  const sites = { lon: Float64Array.of(3, 3.2), lat: Float64Array.of(47, 47), operator: Uint8Array.of(0, 1) };
  const cases = [
    { name: 'on operator 0 site, 14.6 km from operator 1', lon: 3, lat: 47, expected: 0.5 },
    { name: 'between both, 7.3 km from each (radius 8 km)', lon: 3.1, lat: 47, expected: 0, radius: 8000 },
    { name: 'between both, 7.3 km from each (radius 5 km)', lon: 3.1, lat: 47, expected: 1 },
    { name: 'far from everything', lon: 4, lat: 48, expected: 1 },
  ];
  it.each(cases)('$name', ({ lon, lat, expected, radius }) => {
    const r = uncovered4gShare({ lon: Float64Array.of(lon), lat: Float64Array.of(lat) }, sites, 2, radius);
    expect(r[0]).toBe(expected);
  });
  it('an operator with no site leaves every point uncovered for it', () => {
    const r = uncovered4gShare({ lon: Float64Array.of(3), lat: Float64Array.of(47) }, sites, 3);
    expect(r[0]).toBeCloseTo(2 / 3, 6);
  });
});
