/** CPU hit testing: point in polygon (holes, multipolygons), the polygon index and the closest symbol on screen. */
import { describe, expect, it } from 'vitest';
import { PointIndex, PolygonIndex, pointInPolygonal, type Polygonal } from '../../../src/map/hit_test.ts';

const square = (x0: number, y0: number, s: number) => [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]];
const withHole: Polygonal = { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] };
const multi: Polygonal = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] };

describe('pointInPolygonal', () => {
  it.each([
    { name: 'inside the outer ring', g: withHole, p: [1, 1], inside: true },
    { name: 'in the hole', g: withHole, p: [5, 5], inside: false },
    { name: 'outside', g: withHole, p: [11, 5], inside: false },
    { name: 'second part of a multipolygon', g: multi, p: [5.5, 5.5], inside: true },
    { name: 'between the parts', g: multi, p: [3, 3], inside: false },
    { name: 'an open ring (not closed) still works', g: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2]]] } as Polygonal, p: [1, 1], inside: true },
    { name: 'a point geometry is never hit', g: { type: 'Point', coordinates: [1, 1] } as Polygonal, p: [1, 1], inside: false },
  ])('$name', ({ g, p, inside }) => {
    expect(pointInPolygonal(p[0], p[1], g)).toBe(inside);
  });
});

describe('PolygonIndex', () => {
  const items = [
    { id: 'a', g: { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] } as Polygonal },
    { id: 'b', g: { type: 'Polygon', coordinates: [square(4, 4, 2)] } as Polygonal }, // fills a's hole
    { id: 'c', g: { type: 'Polygon', coordinates: [square(20, 0, 5)] } as Polygonal },
    { id: 'empty', g: { type: 'Polygon', coordinates: [] } as Polygonal },
  ];
  const index = new PolygonIndex(items, (i) => i.g);

  it.each([
    { p: [1, 1], id: 'a' },
    { p: [5, 5], id: 'b' },
    { p: [22, 2], id: 'c' },
    { p: [15, 2], id: null },
  ])('($p.0, $p.1) → $id', ({ p, id }) => {
    expect(index.at(p[0], p[1])?.id ?? null).toBe(id);
  });

  it('skips geometries without coordinates and answers null when empty', () => {
    expect(index.size).toBe(3);
    expect(new PolygonIndex([], (i: { g: Polygonal }) => i.g).at(0, 0)).toBeNull();
  });

  it('the last polygon in drawing order wins where two overlap', () => {
    const overlapping = new PolygonIndex([{ id: 'under', g: withHole }, { id: 'over', g: { type: 'Polygon', coordinates: [square(0, 0, 3)] } as Polygonal }], (i) => i.g);
    expect(overlapping.at(1, 1)?.id).toBe('over');
  });
});

describe('PointIndex.closest', () => {
  // A screen 1 px per 0.01 degree, y down.
  const project = (lon: number, lat: number) => ({ x: lon * 100, y: -lat * 100 });
  const pts = [
    { id: 'pn', lon: 1, lat: 1, r: 9 },
    { id: 'fs', lon: 1, lat: 1, r: 13 }, // same place, drawn after: wins the tie
    { id: 'far', lon: 1.3, lat: 1, r: 9 },
  ];
  const index = new PointIndex(pts, (p) => [p.lon, p.lat]);
  const box = (x: number, y: number, r = 15) => [(x - r) / 100, -(y + r) / 100, (x + r) / 100, -(y - r) / 100] as const;

  it.each([
    { name: 'on two co-located symbols: the one drawn last', x: 100, y: -100, id: 'fs' },
    { name: 'within the larger symbol only', x: 111, y: -100, id: 'fs' },
    { name: 'near the other symbol', x: 125, y: -100, id: 'far' },
    { name: 'beyond every radius', x: 118, y: -100, id: null },
  ])('$name', ({ x, y, id }) => {
    expect(index.closest(x, y, box(x, y), project, (p) => p.r)?.id ?? null).toBe(id);
  });

  it('only accepted items (e.g. of a shown kind) are hit', () => {
    expect(index.closest(100, -100, box(100, -100), project, (p) => p.r, (p) => p.id === 'pn')?.id).toBe('pn');
  });
});
