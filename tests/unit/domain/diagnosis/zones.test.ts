import { describe, expect, it } from 'vitest';
import {
  adjacencyFromLists,
  components,
  gridAdjacency,
  polygonAdjacency,
  type GridCellIndex,
  type PolygonCoords,
} from '../../../../src/domain/diagnosis/adjacency.ts';
import { signedArea, traceCellOutlines } from '../../../../src/domain/diagnosis/outline.ts';
import {
  buildZones,
  classifyRobust,
  classifyUnderserved,
  topCutoff,
  type UnderservedUnit,
} from '../../../../src/domain/diagnosis/underserved.ts';
import { gridZoneGeometry, polygonZoneGeometry } from '../../../../src/domain/diagnosis/zone_geometry.ts';
import { minutes } from '../../../../src/domain/units.ts';

/** Ring without its closing point, rotated to start at its lowest-then-leftmost vertex. */
function norm(ring: number[][]): number[][] {
  const open = ring.slice(0, -1);
  let k = 0;
  open.forEach((p, i) => {
    if (p[1] < open[k][1] || (p[1] === open[k][1] && p[0] < open[k][0])) k = i;
  });
  return [...open.slice(k), ...open.slice(0, k)];
}

const cell = (col: number, row: number): GridCellIndex => ({ col, row });
const grid = { x0: 1000, y0: 2000, size: 200 };

describe('traceCellOutlines', () => {
  it('an L of three cells → one counter-clockwise ring with 6 corners', () => {
    const out = traceCellOutlines([cell(0, 0), cell(1, 0), cell(0, 1)], { x0: 0, y0: 0, size: 1 });
    expect(out).toHaveLength(1);
    expect(out[0]).toHaveLength(1);
    expect(norm(out[0][0])).toEqual([
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
    ]);
    expect(signedArea(out[0][0])).toBe(3);
  });

  it('a ring of 8 cells → outer ring plus a clockwise hole', () => {
    const cells: GridCellIndex[] = [];
    for (let c = 0; c < 3; c++) for (let r = 0; r < 3; r++) if (c !== 1 || r !== 1) cells.push(cell(c, r));
    const out = traceCellOutlines(cells, { x0: 0, y0: 0, size: 1 });
    expect(out).toHaveLength(1);
    expect(out[0]).toHaveLength(2);
    expect(signedArea(out[0][0])).toBe(9);
    expect(signedArea(out[0][1])).toBe(-1);
    expect(norm(out[0][1])).toEqual([
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 1],
    ]);
  });

  it('cells touching at a corner stay separate polygons', () => {
    const out = traceCellOutlines([cell(0, 0), cell(1, 1)], { x0: 0, y0: 0, size: 1 });
    expect(out).toHaveLength(2);
    expect(out.map((p) => signedArea(p[0]))).toEqual([1, 1]);
  });
});

describe('grid zones', () => {
  // 6 × 4 grid, all cells are units. Two clusters of underserved cells:
  //   cluster 1: (0,0) (1,0) (0,1)        L shape, need 10 each
  //   cluster 2: (4,2) (5,2) (4,3) (5,3)  square, need 20 each
  const cells: GridCellIndex[] = [];
  for (let r = 0; r < 4; r++) for (let c = 0; c < 6; c++) cells.push(cell(c, r));
  const idx = (c: number, r: number) => r * 6 + c;
  const one = [idx(0, 0), idx(1, 0), idx(0, 1)];
  const two = [idx(4, 2), idx(5, 2), idx(4, 3), idx(5, 3)];
  const units: UnderservedUnit[] = cells.map((c, i) => ({
    id: `c${c.col}_${c.row}`,
    population: 100,
    older: 10,
    need: one.includes(i) ? 10 : two.includes(i) ? 20 : 1,
    fragility: null,
    minutes: one.includes(i) ? 40 + i : two.includes(i) ? 35 : 5,
  }));
  const flags = new Uint8Array(cells.length);
  for (const i of [...one, ...two]) flags[i] = 1;

  it('two clusters → two zones, ranked by need, with totals and outlines', () => {
    const zones = buildZones(units, flags, gridAdjacency(cells, 4), gridZoneGeometry(cells, grid));
    expect(zones).toHaveLength(2);
    const [a, b] = zones;
    expect(a.rank).toBe(1);
    expect(a.memberIds).toEqual(['c4_2', 'c5_2', 'c4_3', 'c5_3']);
    expect(a.need).toBe(80);
    expect(a.population).toBe(400);
    expect(a.older).toBe(40);
    expect(a.maxMinutes).toBe(35);
    expect(b.memberIds).toEqual(['c0_0', 'c1_0', 'c0_1']);
    expect(b.need).toBe(30);
    // minutes 40, 41, 46 with equal population: max 46, mean 127/3
    expect(b.maxMinutes).toBe(46);
    expect(b.meanMinutes).toBeCloseTo(127 / 3, 12);
    // Outlines in world coordinates (x0 = 1000, y0 = 2000, 200 m cells)
    expect(a.geometry).toHaveLength(1);
    expect(norm(a.geometry![0][0])).toEqual([
      [1800, 2400],
      [2200, 2400],
      [2200, 2800],
      [1800, 2800],
    ]);
    expect(norm(b.geometry![0][0])).toEqual([
      [1000, 2000],
      [1400, 2000],
      [1400, 2200],
      [1200, 2200],
      [1200, 2400],
      [1000, 2400],
    ]);
  });

  it('8-neighbourhood joins cells touching at a corner', () => {
    const f = new Uint8Array(cells.length);
    f[idx(2, 1)] = 1;
    f[idx(3, 2)] = 1;
    expect(components(gridAdjacency(cells, 4), f)).toHaveLength(2);
    const eight = buildZones(units, f, gridAdjacency(cells, 8), gridZoneGeometry(cells, grid));
    expect(eight).toHaveLength(1);
    expect(eight[0].geometry).toHaveLength(2); // two squares, one multipolygon
  });
});

describe('commune adjacency and zones', () => {
  const square = (x: number, y: number, noise = 0): PolygonCoords => [
    [
      [x + noise, y],
      [x + 1, y],
      [x + 1, y + 1],
      [x, y + 1],
      [x + noise, y],
    ],
  ];
  // A [0,1]², B [1,2]×[0,1] shares A's east edge (with 1e-9 noise), C far away,
  // D [2,3]×[1,2] touches B only at the corner (2, 1).
  const polygons = [square(0, 0), square(1, 0, 1e-9), square(5, 0), square(2, 1)];

  it('shared edges after rounding; corners only in vertex mode', () => {
    const edge = polygonAdjacency(polygons);
    expect(components(edge, [1, 1, 1, 1])).toEqual([[0, 1], [2], [3]]);
    const vertex = polygonAdjacency(polygons, { mode: 'vertex' });
    expect(components(vertex, [1, 1, 1, 1])).toEqual([[0, 1, 3], [2]]);
  });

  it('precomputed lists: merged zones with names and a unioned outline', () => {
    const ids = ['01001', '01002', '01003'];
    const adjacency = adjacencyFromLists(ids, { '01001': ['01002', '99999'], '01002': ['01001'] });
    const units: UnderservedUnit[] = [
      { id: '01001', name: 'Aval', population: 300, older: 40, need: 50, fragility: 7, minutes: 35 },
      { id: '01002', name: 'Amont', population: 100, older: 20, need: 30, fragility: 8, minutes: null },
      { id: '01003', name: 'Loin', population: 50, older: null, need: 10, fragility: 9, minutes: 50 },
    ];
    const zones = buildZones(units, [1, 1, 1], adjacency, polygonZoneGeometry([square(0, 0), square(1, 0), square(5, 0)]));
    expect(zones.map((z) => z.memberIds)).toEqual([['01001', '01002'], ['01003']]);
    const [z] = zones;
    expect(z.names).toEqual(['Aval', 'Amont']);
    expect(z.need).toBe(80);
    expect(z.unreachablePopulation).toBe(100);
    expect(z.maxMinutes).toBe(35);
    expect(z.meanMinutes).toBe(35);
    expect(zones[1].olderComplete).toBe(false);
    // A ∪ B = [0, 2] × [0, 1]: one polygon of area 2
    expect(z.geometry).toHaveLength(1);
    expect(Math.abs(signedArea(z.geometry![0][0]))).toBeCloseTo(2, 6);
  });
});

describe('classifyUnderserved', () => {
  // Need rates 0.1 … 0.5; top 40 % of 5 → k = 2 → cut-off 0.4.
  const units: UnderservedUnit[] = [10, 20, 30, 40, 50].map((need, i) => ({
    id: `u${i}`,
    population: 100,
    older: 0,
    need,
    fragility: null,
    minutes: [40, 40, 10, 40, null][i],
  }));

  it('far AND high need', () => {
    const r = classifyUnderserved(units, { threshold: minutes(30), topShare: 0.4, criterion: 'need' });
    expect(r.needCutoff).toBeCloseTo(0.4, 12);
    expect([...r.underserved]).toEqual([0, 0, 0, 1, 1]);
  });

  it('no fragility known → nobody is high on fragility', () => {
    const r = classifyUnderserved(units, { threshold: minutes(30), topShare: 0.4, criterion: 'fragility' });
    expect([...r.underserved]).toEqual([0, 0, 0, 0, 0]);
  });

  it('robust: underserved at 20, 30 and 45 min', () => {
    expect([...classifyRobust(units, { topShare: 0.4, criterion: 'need' })]).toEqual([0, 0, 0, 0, 1]);
  });

  it('top 30 % of 10 values takes exactly 3', () => {
    expect(topCutoff([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.3)).toBe(8);
    expect(topCutoff([null, null], 0.3)).toBeNull();
  });

  it('empty units are never underserved', () => {
    const r = classifyUnderserved([{ ...units[4], population: 0 }], { topShare: 1 });
    expect([...r.underserved]).toEqual([0]);
  });
});
