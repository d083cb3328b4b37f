/**
 * The one live map controller, given to the panels that need the map itself (exports capture it,
 * the presentation and the shared link move it) through React context.
 */
import { createContext, useContext } from 'react';
import type { MapController } from '../map/map_controller.ts';

export const MapControllerContext = createContext<MapController | null>(null);

/** The map controller, or null until the map exists. */
export const useMapController = (): MapController | null => useContext(MapControllerContext);
