/**
 * `window.__maillage`: a read-only view of the session for end-to-end tests (state, error,
 * key figures, a SQL entry point, map idle). It exposes nothing that is not already on screen
 * or in the local database; no data leaves the browser.
 */
import type { Session } from './state/session.ts';
import type { MapController } from '../map/map_controller.ts';

export interface TestHook {
  state: 'loading' | 'ready' | 'failed';
  error: string | null;
  figures: unknown;
  query: (sql: string) => Promise<unknown[]>;
  mapIdle: () => Promise<boolean>;
  /** Screen position (in the map element) of a lon/lat, to click a place in tests. */
  project: (lon: number, lat: number) => { x: number; y: number } | null;
  /** Moves the map (no animation) and waits until it has drawn. */
  flyTo: (lon: number, lat: number, zoom: number) => Promise<void>;
  /** The map's centre and zoom (to check a restored view). */
  camera: () => { lon: number; lat: number; zoom: number } | null;
}

let controller: MapController | null = null;
export const registerMapController = (c: MapController | null) => {
  controller = c;
};
/** The live map controller (exports and presentation reuse the one map). */
export const getMapController = (): MapController | null => controller;

export function installTestHook(session: Session): void {
  const hook: TestHook = {
    state: 'loading',
    error: null,
    figures: null,
    query: (sql) => session.query(sql),
    project: (lon, lat) => {
      if (!controller) return null;
      const p = controller.map.project([lon, lat]);
      return { x: p.x, y: p.y };
    },
    flyTo: async (lon, lat, zoom) => {
      if (!controller) return;
      controller.map.jumpTo({ center: [lon, lat], zoom });
      await controller.whenIdle();
    },
    camera: () => {
      if (!controller) return null;
      const c = controller.map.getCenter();
      return { lon: c.lng, lat: c.lat, zoom: controller.map.getZoom() };
    },
    mapIdle: async () => {
      if (!controller) return false;
      await controller.whenIdle();
      return true;
    },
  };
  const sync = () => {
    const s = session.getSnapshot();
    hook.state = s.phase === 'ready' ? 'ready' : s.phase === 'failed' ? 'failed' : 'loading';
    hook.error = s.error;
    hook.figures = s.figures;
  };
  session.subscribe(sync);
  sync();
  (window as unknown as { __maillage: TestHook }).__maillage = hook;
}
