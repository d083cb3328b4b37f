/**
 * `window.__maillage`: a read-only view of the session for end-to-end tests (state, error,
 * key figures, a SQL entry point, map idle). Only in the e2e build (`vite build --mode e2e`):
 * main.tsx loads it behind `import.meta.env.MODE === 'e2e'`, so the production build has none of
 * it. It exposes nothing that is not already on screen or in the local database.
 */
import { analysisIsCurrent, type Session } from './state/session.ts';
import { screenOf } from './state/first_screen.ts';
import type { MapController } from '../map/map_controller.ts';

export interface TestHook {
  state: 'loading' | 'ready' | 'failed';
  error: string | null;
  figures: unknown;
  /** The last scenario request, from its submission to the worker's answer (ms; bench/browser_drag.bench.ts). */
  scenarioLatencyMs: number | null;
  /** Where the app is while 'loading' (start phase, analysis status and step, importing), for timeout messages. */
  progress: string;
  query: (sql: string) => Promise<unknown[]>;
  mapIdle: () => Promise<boolean>;
  /** Screen position (in the map element) of a lon/lat, to click a place in tests. */
  project: (lon: number, lat: number) => { x: number; y: number } | null;
  /** Moves the map (no animation) and waits until it has drawn. */
  flyTo: (lon: number, lat: number, zoom: number) => Promise<void>;
  /** The map's centre and zoom (to check a restored view). */
  camera: () => { lon: number; lat: number; zoom: number } | null;
  /** The map's box, [west, south, east, north] (to check what a fit shows). */
  bounds: () => readonly [number, number, number, number] | null;
  /** What the map marks: the outlined zone's rank and the proposals drawn, with their rank. */
  marks: () => { zone: number | null; proposals: { rank: number; lon: number; lat: number }[] } | null;
}

/** Installs the hook; returns the function that tells it about the live map. */
export function installTestHook(session: Session): (c: MapController | null) => void {
  let controller: MapController | null = null;
  const hook: TestHook = {
    state: 'loading',
    error: null,
    figures: null,
    scenarioLatencyMs: null,
    progress: '',
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
    bounds: () => controller?.bounds() ?? null,
    marks: () => controller?.marks() ?? null,
    mapIdle: async () => {
      if (!controller) return false;
      await controller.whenIdle();
      return true;
    },
  };
  const sync = () => {
    const s = session.getSnapshot();
    // 'ready': started, and the figures on screen describe the data loaded now.
    hook.state = s.phase === 'failed' ? 'failed' : s.phase === 'ready' && (analysisIsCurrent(s) || s.analysis.status === 'failed') ? 'ready' : 'loading';
    hook.error = s.error ?? (s.analysis.status === 'failed' ? s.analysis.error : null);
    hook.figures = s.analysis.figures;
    hook.scenarioLatencyMs = s.planning.scenarioLatencyMs;
    hook.progress = `phase ${s.phase}; analysis ${s.analysis.status}${s.analysis.step ? ` (${s.analysis.step})` : ''}; current ${analysisIsCurrent(s)}; importing ${s.workspace.importing}`;
    // The first moment the figures are on screen, for the start-up benchmark (bench/browser_start.bench.ts).
    if (hook.state === 'ready' && performance.getEntriesByName('maillage-ready').length === 0) performance.mark('maillage-ready');
    // The first moment the headline figure is on screen, live or from the first screen (the same benchmark).
    if ((screenOf(s).access !== null || hook.state === 'ready') && performance.getEntriesByName('maillage-first-screen').length === 0) performance.mark('maillage-first-screen');
  };
  session.subscribe(sync);
  sync();
  (window as unknown as { __maillage: TestHook }).__maillage = hook;
  return (c) => {
    controller = c;
  };
}
