/**
 * Communes choropleth (deck.gl GeoJsonLayer). The contours are parsed once per version of the
 * data (CommuneShapes) and stay the layer's data; the figures change through the fill accessor
 * and its update triggers, so a new threshold or variable recolours without re-reading a contour.
 */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { CommuneRow } from '../../shared/rows.ts';
import { VARIABLES, colorOf, type ChoroplethVariable, type Classes } from '../choropleth.ts';

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
  const spec = VARIABLES[variable];
  const value = (code: string) => {
    const r = rows.get(code);
    return r ? spec.value(r) : null;
  };
  return new GeoJsonLayer<{ code: string }>({
    id: 'communes',
    data: shapes.features as CommuneShape[],
    visible,
    pickable: false, // hit testing on the CPU (../hit_test.ts)
    stroked: true,
    filled: true,
    getFillColor: (f) => [...colorOf(value(f.properties.code), classes), 230],
    getLineColor: (f) => (f.properties.code === highlighted ? [0, 0, 0, 255] : gained?.has(f.properties.code) ? [0, 0, 145, 255] : [90, 90, 90, 160]),
    getLineWidth: (f) => (f.properties.code === highlighted ? 3 : gained?.has(f.properties.code) ? 3 : 1),
    lineWidthUnits: 'pixels',
    updateTriggers: { getFillColor: [variable, classes, rows], getLineColor: [highlighted, gained], getLineWidth: [highlighted, gained] },
  });
}
