/**
 * The line mesh the map draws roads and commune contours with (segment_mesh_layer.ts): every
 * segment becomes 6 vertices carrying its two endpoints, its colour and its width; the contours of
 * a commune give one segment per edge of each of its rings.
 */
import { describe, expect, it } from 'vitest';
import { segmentMesh, styledMesh, VERTICES_PER_SEGMENT } from '../../../src/map/layers/segment_mesh_layer.ts';
import { communeContours, toCommuneShapes } from '../../../src/map/layers/communes_layer.ts';

describe('segmentMesh', () => {
  it('repeats each segment on its 6 vertices, in double precision', () => {
    const mesh = segmentMesh([3.5, 47, 3.6, 47.1, 3.6, 47.1, 3.7, 47.05]);
    expect(VERTICES_PER_SEGMENT).toBe(6);
    expect(mesh.length).toBe(12);
    const source = [...mesh.attributes.getSourcePosition.value];
    const target = [...mesh.attributes.getTargetPosition.value];
    for (let v = 0; v < 6; v++) {
      expect(source.slice(v * 2, v * 2 + 2)).toEqual([3.5, 47]);
      expect(target.slice(v * 2, v * 2 + 2)).toEqual([3.6, 47.1]);
      expect(source.slice(12 + v * 2, 12 + v * 2 + 2)).toEqual([3.6, 47.1]);
      expect(target.slice(12 + v * 2, 12 + v * 2 + 2)).toEqual([3.7, 47.05]);
    }
  });

  it('an empty network gives an empty mesh; a trailing partial segment is left out', () => {
    expect(segmentMesh([]).length).toBe(0);
    expect(segmentMesh([1, 2, 3, 4, 5, 6]).length).toBe(6);
  });

  it('styledMesh gives each vertex its segment\'s colour and width, and shares the positions', () => {
    const mesh = segmentMesh([0, 0, 1, 1, 1, 1, 2, 0]);
    const styled = styledMesh(mesh, { colors: Uint8Array.from([1, 2, 3, 4, 250, 251, 252, 253]), widths: Float32Array.from([1, 2.5]) });
    expect(styled.attributes.getSourcePosition).toBe(mesh.attributes.getSourcePosition);
    expect(styled.attributes.getColor).toMatchObject({ size: 4, normalized: true });
    const colors = [...styled.attributes.getColor!.value];
    const widths = [...styled.attributes.getWidth!.value];
    expect(colors).toEqual([...Array(6).fill([1, 2, 3, 4]).flat(), ...Array(6).fill([250, 251, 252, 253]).flat()]);
    expect(widths).toEqual([...Array(6).fill(1), ...Array(6).fill(2.5)]);
  });
});

describe('communeContours', () => {
  const square = JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] });
  // Two islands, the second with a hole: 3 + 4 + 4 edges.
  const islands = JSON.stringify({
    type: 'MultiPolygon',
    coordinates: [
      [[[2, 0], [3, 0], [2, 1], [2, 0]]],
      [[[4, 0], [6, 0], [6, 2], [4, 2], [4, 0]], [[4.5, 0.5], [5, 0.5], [5, 1], [4.5, 1], [4.5, 0.5]]],
    ],
  });

  it('one segment per edge of every ring, each with its commune', () => {
    const shapes = toCommuneShapes([{ code: '58001', geom: square }, { code: '58002', geom: null }, { code: '58003', geom: islands }]);
    const { mesh, commune } = communeContours(shapes);
    expect([...commune]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(mesh.length).toBe(15 * 6);
    // The 5th segment (the second commune's first edge) goes from (2, 0) to (3, 0).
    const at = 4 * 6 * 2;
    expect([...mesh.attributes.getSourcePosition.value.slice(at, at + 2)]).toEqual([2, 0]);
    expect([...mesh.attributes.getTargetPosition.value.slice(at, at + 2)]).toEqual([3, 0]);
  });

  it('cut once per version of the shapes; the same contour text gives the same shapes', () => {
    const shapes = toCommuneShapes([{ code: '58001', geom: square }]);
    expect(communeContours(shapes)).toBe(communeContours(shapes));
    expect(toCommuneShapes([{ code: '58001', geom: `${square}` }])).toBe(shapes);
    const other = toCommuneShapes([{ code: '58001', geom: islands }]);
    expect(other).not.toBe(shapes);
    expect(communeContours(other)).not.toBe(communeContours(shapes));
    expect(toCommuneShapes([{ code: '58002', geom: square }])).not.toBe(shapes);
  });
});
