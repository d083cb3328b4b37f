import { useEffect, useMemo, useRef, useState } from 'react';
import type { Hovered, MapController, MapData } from '../../map/map_controller.ts';
// With the page's styles (not with the map code, loaded later), so that the app's own rules come after it.
import 'maplibre-gl/dist/maplibre-gl.css';
import type { ViewState } from '../App.tsx';
import { analysisIsCurrent, type SessionState } from '../state/session.ts';
import { screenOf } from '../state/first_screen.ts';
import { proposalMarks } from '../../map/layers/marks_layers.ts';

interface Props {
  state: SessionState;
  onMoveSite: (id: string, lon: number, lat: number, final: boolean) => void;
  view: ViewState;
  onHover: (h: Hovered | null) => void;
  onClick: (h: Hovered | null) => void;
  /** The controller once the map exists (null when it is gone). */
  onController: (c: MapController | null) => void;
  /** Draw the map without the scenario's sites and gains (the presentation's "before" map). */
  hideScenario?: boolean;
}

const NO_SITES: readonly never[] = [];
const NO_GAINS: ReadonlySet<string> = new Set();
const NO_MARKS: readonly never[] = [];

const NO_DATA: MapData = { shapes: null, communes: [], helpPoints: [], grid: [] };

/** Hosts the imperative map controller; React only feeds it data and view. */
export function MapPanel({ state, view, onHover, onClick, onMoveSite, onController, hideScenario = false }: Props) {
  const { analysis, workspace } = state;
  const { selectedCommune: highlighted, route, isochrones } = state.view;
  // The live results, or the last analysis's first screen while the dashboard starts.
  const screen = screenOf(state);
  const { data, gridMinutes } = screen;
  const roads = workspace.roads;
  const zones = view.robustZones ? screen.robustZones : screen.zones;
  // The proposals of the analysis on screen only (as the planning panel lists them): none once stale.
  const outcome = analysisIsCurrent(state) && state.planning.basis === analysis.basis ? state.planning.proposals : null;
  const proposals = useMemo(() => proposalMarks(outcome), [outcome]);
  const container = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<MapController | null>(null);
  const handlers = useRef({ onHover, onClick, onMoveSite, onController });
  handlers.current = { onHover, onClick, onMoveSite, onController };

  useEffect(() => {
    let c: MapController | null = null;
    let unmounted = false;
    // The map code (MapLibre, deck.gl) is loaded apart from the page's first script. The map is made as
    // soon as it is there: a WebGL context started first in a worker (to spare the main thread its
    // creation) delayed the map by 0.6-1.5 s on software WebGL, and the map's own context still paid.
    void import('../../map/map_controller.ts').then(({ MapController }) => {
      if (unmounted) return;
      c = new MapController(
        container.current!,
        (h) => handlers.current.onHover(h),
        (h) => handlers.current.onClick(h),
      );
      c.onMoveSite = (id, lon, lat, final) => handlers.current.onMoveSite(id, lon, lat, final);
      handlers.current.onController(c);
      setController(c);
    });
    return () => {
      unmounted = true;
      if (!c) return;
      handlers.current.onController(null);
      c.destroy();
      setController(null);
    };
  }, []);

  useEffect(() => {
    // No data (being recomputed, or nothing loaded): the map is emptied, never left showing older data.
    if (controller) {
      void controller.update(data ?? NO_DATA, { ...view, highlighted }, {
        roads, gridMinutes, route: route?.coordinates ?? null, isochrones, zones,
        scenarioSites: hideScenario ? NO_SITES : state.planning.scenario.added, gained: hideScenario ? NO_GAINS : state.planning.gained,
        proposals: hideScenario ? NO_MARKS : proposals,
      });
    }
  }, [controller, data, view, highlighted, roads, gridMinutes, route, isochrones, zones, state.planning.scenario.added, state.planning.gained, hideScenario, proposals]);

  return <div ref={container} className="map" role="region" aria-roledescription="carte" aria-label="Carte du territoire : communes, carreaux et points d'aide (le tableau des communes en donne les mêmes chiffres)" />;
}
