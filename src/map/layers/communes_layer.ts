/**
 * Communes choropleth (deck.gl GeoJsonLayer). The contours are parsed once per version of the
 * data (CommuneShapes) and stay the layer's data; the figures change through the fill accessor
 * and its update triggers, so a new threshold or variable recolours without re-reading a contour.
 */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { CommuneRow } from '../../shared/rows.ts';
import { communeFill, communeOutline, type ChoroplethVariable, type Classes } from '../choropleth.ts';

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

export function communesLayer({ shapes, rows, variable, classes, visible, highlighted, gained }: CommunesLayerProps) {
  // A status (no helper in reach, no demand…) has its own fill; an estimated figure an outline.
  const outline = (code: string) => communeOutline(variable, rows.get(code));
  return new GeoJsonLayer<{ code: string }>({
    id: 'communes',
    data: shapes.features as CommuneShape[],
    visible,
    pickable: false, // hit testing on the CPU (../hit_test.ts)
    stroked: true,
    filled: true,
    getFillColor: (f) => [...communeFill(variable, rows.get(f.properties.code), classes), 230],
    getLineColor: (f) => {
      const code = f.properties.code;
      if (code === highlighted) return [0, 0, 0, 255];
      if (gained?.has(code)) return [0, 0, 145, 255];
      const o = outline(code);
      return o ? [...o, 255] : [90, 90, 90, 160];
    },
    getLineWidth: (f) => (f.properties.code === highlighted || gained?.has(f.properties.code) ? 3 : outline(f.properties.code) ? 2.5 : 1),
    lineWidthUnits: 'pixels',
    updateTriggers: { getFillColor: [variable, classes, rows], getLineColor: [highlighted, gained, variable, rows], getLineWidth: [highlighted, gained, variable, rows] },
  });
}
