/**
 * Shader priming. Each kind of deck.gl layer links its WebGL programs the first time it is drawn,
 * and luma.gl then reads the program back at once: a blocking round trip to the GPU process,
 * which has to finish every frame queued before it. When data arrives, the map is busy drawing,
 * and that wait blocked the page for up to a second (software rendering). So every layer kind is
 * drawn once while the map has nothing else to do, with one degenerate object (no area, beyond
 * the poles of the view): its programs are linked then, and the real layers reuse them (luma.gl
 * caches programs by shader source, parameters and buffer layout, which are the same here).
 * The primers stay in the layer list so that the cached programs are never released.
 */
import type { Layer } from '@deck.gl/core';
import type { GridRow, HelpPointRow } from '../shared/rows.ts';
import type { IsochroneCollection } from '../domain/routing/index.ts';
import type { HelpKind } from '../domain/types.ts';
import { classesFor } from './choropleth.ts';
import { communesLayer, toCommuneShapes } from './layers/communes_layer.ts';
import { gridLayer } from './layers/grid_layer.ts';
import { helpPointsLayer } from './layers/help_points_layer.ts';
import { isochronesLayer, roadsLayer, routeLayer, scenarioSitesLayer, toZoneFeatures, zonesLayer } from './layers/network_layers.ts';

/** A point no view of France shows (beyond the Web Mercator limit); shapes built on it have no area. */
const NOWHERE: [number, number] = [0, -89.9];
const FLAT_RING = [NOWHERE, NOWHERE, NOWHERE, NOWHERE];

const POINT = { id: '', kind: 'france_services', name: '', lon: NOWHERE[0], lat: NOWHERE[1], inside: true } as unknown as HelpPointRow;

/** One degenerate copy of every layer the map draws, ids prefixed with "amorce-". */
export function primingLayers(): Layer[] {
  const shapes = toCommuneShapes([{ code: '', geom: JSON.stringify({ type: 'Polygon', coordinates: [FLAT_RING] }) }]);
  const isochrones: IsochroneCollection = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { minutes: 15 }, geometry: { type: 'MultiPolygon', coordinates: [[FLAT_RING]] } }],
  };
  const layers: Layer[] = [
    communesLayer({ shapes, rows: new Map(), variable: 'population', classes: classesFor('population', []), visible: true, highlighted: null }),
    gridLayer([{ row: { id: '', pop: 0 } as GridRow, polygon: FLAT_RING }], [], true),
    isochronesLayer(isochrones, true),
    zonesLayer(toZoneFeatures([{ rank: 1, geom: JSON.stringify({ type: 'Polygon', coordinates: [FLAT_RING] }) }]), true),
    roadsLayer(new Float64Array([...NOWHERE, ...NOWHERE]), true),
    routeLayer([NOWHERE, NOWHERE]),
    helpPointsLayer([POINT], new Set<HelpKind>(['france_services'])),
    scenarioSitesLayer([{ lon: NOWHERE[0], lat: NOWHERE[1] }]),
  ];
  return layers.map((l) => l.clone({ id: `amorce-${l.id}`, pickable: false }));
}
