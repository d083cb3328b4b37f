/**
 * Communes choropleth: the fill (deck.gl GeoJsonLayer) and the contours (one segment mesh, see
 * segment_mesh_layer.ts). The contours are parsed once per version of the data (CommuneShapes)
 * and their segments cut once per version too; the figures change through the fill accessor, the
 * contour colours and widths, and their update triggers, so a new threshold or variable recolours
 * without re-reading a contour.
 */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { CommuneRow } from '../../shared/rows.ts';
import { communeFill, communeOutline, type ChoroplethVariable, type Classes } from '../choropleth.ts';
import { SegmentMeshLayer, segmentMesh, styledMesh, type SegmentMesh } from './segment_mesh_layer.ts';

export { toCommuneShapes, type CommuneShape, type CommuneShapes } from '../commune_shapes.ts';
import type { CommuneShape, CommuneShapes } from '../commune_shapes.ts';

export interface CommunesLayerProps {
  shapes: CommuneShapes;
  /** The figures of each commune, by code. */
  rows: ReadonlyMap<string, CommuneRow>;
  variable: ChoroplethVariable;
  classes: Classes;
  visible: boolean;
  highlighted: string | null;
  /** Communes that gained in the current scenario: outlined. */
  gained?: ReadonlySet<string>;
}

/** The fill, then the contours over it. */
export function communesLayers(props: CommunesLayerProps) {
  return [communesFillLayer(props), communeContoursLayer(props)];
}

function communesFillLayer({ shapes, rows, variable, classes, visible }: CommunesLayerProps) {
  return new GeoJsonLayer<{ code: string }>({
    id: 'communes',
    data: shapes.features as CommuneShape[],
    visible,
    pickable: false, // hit testing on the CPU (../hit_test.ts)
    stroked: false,
    filled: true,
    getFillColor: (f) => [...communeFill(variable, rows.get(f.properties.code), classes), 230],
    updateTriggers: { getFillColor: [variable, classes, rows] },
  });
}

/** Every ring of every commune as flat segments [lon0, lat0, lon1, lat1, …], with the commune of each. */
export interface CommuneContours {
  mesh: SegmentMesh;
  /** Index in `shapes.features` of each segment's commune. */
  commune: Uint32Array;
}

const contoursOf = new WeakMap<CommuneShapes, CommuneContours>();

/** The contours' segments, cut once per version of the shapes. */
export function communeContours(shapes: CommuneShapes): CommuneContours {
  let c = contoursOf.get(shapes);
  if (c) return c;
  const segments: number[] = [];
  const commune: number[] = [];
  shapes.features.forEach((f, i) => {
    for (const ring of rings(f.geometry)) {
      for (let k = 1; k < ring.length; k++) {
        segments.push(ring[k - 1][0], ring[k - 1][1], ring[k][0], ring[k][1]);
        commune.push(i);
      }
    }
  });
  c = { mesh: segmentMesh(segments), commune: Uint32Array.from(commune) };
  contoursOf.set(shapes, c);
  return c;
}

function rings(g: CommuneShape['geometry']): number[][][] {
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

/** The last styled contours, kept while what styles them is the same (the map renders often). */
let lastStyled: { key: readonly unknown[]; mesh: SegmentMesh } | null = null;

function communeContoursLayer({ shapes, rows, variable, visible, highlighted, gained }: CommunesLayerProps) {
  const key = [shapes, rows, variable, highlighted, gained];
  if (!lastStyled || lastStyled.key.some((k, i) => k !== key[i])) lastStyled = { key, mesh: styledContours(shapes, rows, variable, highlighted, gained) };
  return new SegmentMeshLayer({
    id: 'commune-contours',
    data: lastStyled.mesh,
    visible,
    widthUnits: 'pixels',
  });
}

function styledContours(shapes: CommuneShapes, rows: CommunesLayerProps['rows'], variable: ChoroplethVariable, highlighted: string | null, gained: ReadonlySet<string> | undefined): SegmentMesh {
  const { mesh, commune } = communeContours(shapes);
  // A status (no helper in reach, no demand…) has its own fill; an estimated figure an outline.
  const styles = shapes.features.map((f) => {
    const code = f.properties.code;
    if (code === highlighted) return { color: [0, 0, 0, 255], width: 3 };
    if (gained?.has(code)) return { color: [0, 0, 145, 255], width: 3 };
    const o = communeOutline(variable, rows.get(code));
    return o ? { color: [...o, 255], width: 2.5 } : { color: [90, 90, 90, 160], width: 1 };
  });
  const colors = new Uint8Array(commune.length * 4);
  const widths = new Float32Array(commune.length);
  for (let s = 0; s < commune.length; s++) {
    const { color, width } = styles[commune[s]];
    colors.set(color, s * 4);
    widths[s] = width;
  }
  return styledMesh(mesh, { colors, widths });
}
