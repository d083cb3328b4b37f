/** Boxes of GeoJSON geometries (the territory the map fits, the zone a button zooms to), counted by hand. */
import { describe, expect, it } from 'vitest';
import { boundsOf, containsBounds, type Bounds } from '../../../src/map/bounds.ts';

const square = (x: number, y: number, side: number) => [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]];

describe('boundsOf', () => {
  it.each([
    { name: 'one polygon', geometries: [{ type: 'Polygon', coordinates: square(3, 47, 0.5) }], want: [3, 47, 3.5, 47.5] },
    {
      name: 'a multipolygon of two squares apart (a zone of two separate communes)',
      geometries: [{ type: 'MultiPolygon', coordinates: [square(3, 47, 0.1), square(3.8, 46.6, 0.2)] }],
      want: [3, 46.6, 4, 47.1],
    },
    {
      name: 'several geometries, a hole inside changes nothing',
      geometries: [
        { type: 'Polygon', coordinates: [...square(2, 46, 1), [[2.2, 46.2], [2.4, 46.2], [2.4, 46.4], [2.2, 46.2]]] },
        { type: 'Point', coordinates: [4.5, 45.9] },
      ],
      want: [2, 45.9, 4.5, 47],
    },
    {
      name: 'a geometry collection',
      geometries: [{ type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [[-1, 43], [1, 44]] }, { type: 'Point', coordinates: [0, 42.5] }] }],
      want: [-1, 42.5, 1, 44],
    },
    { name: 'positions with a third value (altitude)', geometries: [{ type: 'LineString', coordinates: [[5, 45, 300], [6, 46, 900]] }], want: [5, 45, 6, 46] },
  ])('$name', ({ geometries, want }) => {
    expect(boundsOf(geometries)).toEqual(want);
  });

  it.each([
    { name: 'no geometry', geometries: [] },
    { name: 'null and garbage', geometries: [null, 'Polygon', 42, { type: 'Polygon' }, { coordinates: 'x' }] },
    { name: 'empty coordinates', geometries: [{ type: 'MultiPolygon', coordinates: [] }] },
    { name: 'positions that are not finite numbers', geometries: [{ type: 'Point', coordinates: [Number.NaN, 47] }, { type: 'Point', coordinates: ['3', '47'] }] },
  ])('$name: no box, no throw', ({ geometries }) => {
    expect(boundsOf(geometries)).toBeNull();
  });

  it('skips non-finite positions among good ones', () => {
    expect(boundsOf([{ type: 'LineString', coordinates: [[3, 47], [Number.POSITIVE_INFINITY, 50], [4, 48]] }])).toEqual([3, 47, 4, 48]);
  });
});

describe('containsBounds', () => {
  const view: Bounds = [2, 46, 5, 48];
  it.each([
    { inner: [3, 47, 4, 47.5] as Bounds, want: true },
    { inner: [2, 46, 5, 48] as Bounds, want: true },
    { inner: [1.9, 47, 4, 47.5] as Bounds, want: false },
    { inner: [3, 47, 5.01, 47.5] as Bounds, want: false },
    { inner: [3, 45, 4, 47] as Bounds, want: false },
  ])('$inner in [2, 46, 5, 48]: $want', ({ inner, want }) => {
    expect(containsBounds(view, inner)).toBe(want);
  });
  it('with a tolerance', () => {
    expect(containsBounds(view, [1.95, 46, 5, 48], 0.1)).toBe(true);
  });
});
