/** Communes choropleth (deck.gl GeoJsonLayer). */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, Geometry } from 'geojson';
import type { CommuneRow } from '../../data/queries/dashboard.ts';
import { VARIABLES, colorOf, type ChoroplethVariable, type Classes } from '../choropleth.ts';

export type CommuneFeature = Feature<Geometry, CommuneRow>;

export function toCommuneFeatures(rows: readonly CommuneRow[]): CommuneFeature[] {
  return rows.map((r) => ({ type: 'Feature', geometry: JSON.parse(r.geom) as Geometry, properties: r }));
}

export interface CommunesLayerProps {
  features: CommuneFeature[];
  variable: ChoroplethVariable;
  classes: Classes;
  visible: boolean;
  highlighted: string | null;
  /** Communes that gained in the current scenario: outlined. */
  gained?: ReadonlySet<string>;
}

export function communesLayer({ features, variable, classes, visible, highlighted, gained }: CommunesLayerProps) {
  const spec = VARIABLES[variable];
  return new GeoJsonLayer<CommuneRow>({
    id: 'communes',
    data: features,
    visible,
    pickable: false, // hit testing on the CPU (../hit_test.ts)
    stroked: true,
    filled: true,
    getFillColor: (f) => [...colorOf(spec.value(f.properties), classes), 230],
    getLineColor: (f) => (f.properties.code === highlighted ? [0, 0, 0, 255] : gained?.has(f.properties.code) ? [0, 0, 145, 255] : [90, 90, 90, 160]),
    getLineWidth: (f) => (f.properties.code === highlighted ? 3 : gained?.has(f.properties.code) ? 3 : 1),
    lineWidthUnits: 'pixels',
    updateTriggers: { getFillColor: [variable, classes], getLineColor: [highlighted, gained], getLineWidth: [highlighted, gained] },
  });
}
