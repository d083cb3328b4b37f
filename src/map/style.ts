/** Offline basemap style: a plain background, no glyphs, sprites or remote tiles. */
import type { StyleSpecification } from 'maplibre-gl';
import { BACKGROUND_COLOR, hex } from './palette.ts';

export const OFFLINE_STYLE: StyleSpecification = {
  version: 8,
  name: 'Maillage hors ligne',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': hex(BACKGROUND_COLOR) } }],
};
