/**
 * The shareable link: the view (map position, visible layers, variable, access settings, the
 * datasets it was made with — never the data) kept in the URL fragment with viewStateToHash.
 * On start, a link's view is applied once the data is ready; files it names that are not loaded
 * here are reported in French. Then every change rewrites the fragment (debounced).
 */
import { useEffect, useRef, useState } from 'react';
import { HELP_KINDS, type HelpKind } from '../../domain/types.ts';
import { VARIABLES, type ChoroplethVariable } from '../../map/choropleth.ts';
import { ownKey } from '../../domain/outside.ts';
import { missingData, viewStateFromHash, viewStateToHash, type ViewState as LinkView } from '../../export/link_state.ts';
import type { ViewState } from '../App.tsx';
import type { MapController } from '../../map/map_controller.ts';
import type { Session, SessionState } from './session.ts';
import type { DiagnosisSettings } from './settings.ts';
import { DEFAULT_DECAY_PRESET } from '../../domain/diagnosis/e2sfca.ts';

const KIND_PREFIX = 'points:';

/** The App's view as link layers ("communes", "grille", "points:mediation"…). */
export function layersOf(view: ViewState): string[] {
  const layers: string[] = [];
  if (view.showCommunes) layers.push('communes');
  if (view.showGrid) layers.push(view.gridMode === 'access' ? 'grille' : 'grille:habitants');
  if (view.showRoads) layers.push('routes');
  if (view.showIsochrones) layers.push('isochrones');
  if (view.showZones) layers.push(view.robustZones ? 'zones:robustes' : 'zones');
  for (const k of HELP_KINDS) if (view.kinds.has(k)) layers.push(`${KIND_PREFIX}${k}`);
  return layers;
}

/** The App's view from a link (unknown layer names are ignored). */
export function viewFromLink(link: LinkView, current: ViewState): ViewState {
  const l = new Set(link.visibleLayers);
  // Own keys only: "constructor", "__proto__" or "toString" from a link are not variables.
  const variable: ChoroplethVariable = ownKey(VARIABLES, link.choroplethVariable) ? link.choroplethVariable : current.variable;
  return {
    ...current,
    variable,
    showCommunes: l.has('communes'),
    showGrid: l.has('grille') || l.has('grille:habitants'),
    gridMode: l.has('grille:habitants') ? 'population' : 'access',
    showRoads: l.has('routes'),
    showIsochrones: l.has('isochrones'),
    showZones: l.has('zones') || l.has('zones:robustes'),
    robustZones: l.has('zones:robustes'),
    kinds: new Set(HELP_KINDS.filter((k) => l.has(`${KIND_PREFIX}${k}`)) as HelpKind[]),
  };
}

/**
 * The diagnosis settings a link asks for: its weights (own keys only) and, when the link carries
 * them, the reference, share, criterion and decay bands. The same object when nothing changes.
 */
export function diagnosisFromLink(link: Pick<LinkView, 'weights' | 'diagnosis'>, current: DiagnosisSettings): DiagnosisSettings {
  const weights = { ...current.weights };
  let changed = false;
  for (const [k, v] of Object.entries(link.weights)) {
    if (ownKey(weights, k) && weights[k] !== v) {
      weights[k] = v;
      changed = true;
    }
  }
  const d = link.diagnosis;
  if (d && (d.reference !== current.reference || d.topShare !== current.topShare || d.criterion !== current.criterion)) changed = true;
  if (d?.decay !== undefined && d.decay !== (current.decay ?? DEFAULT_DECAY_PRESET)) changed = true;
  return changed ? { ...current, ...(d ?? {}), weights } : current;
}

/** The current link view; null before the map exists. */
export function currentLink(view: ViewState, state: SessionState, controller: MapController | null): LinkView | null {
  const map = controller?.map;
  if (!map) return null;
  const c = map.getCenter();
  return {
    center: [c.lng, c.lat],
    zoom: map.getZoom(),
    visibleLayers: layersOf(view),
    choroplethVariable: view.variable,
    accessGroup: state.view.group,
    threshold: state.view.threshold,
    weights: { ...state.analysis.diagnosisParams.weights },
    diagnosis: {
      reference: state.analysis.diagnosisParams.reference,
      topShare: state.analysis.diagnosisParams.topShare,
      criterion: state.analysis.diagnosisParams.criterion,
      decay: state.analysis.diagnosisParams.decay ?? DEFAULT_DECAY_PRESET,
    },
    scenario: state.planning.scenario.added.length === 0
      ? null
      : {
          name: state.planning.scenario.name,
          sites: state.planning.scenario.added.map((a) => ({
            lon: a.lon, lat: a.lat, kind: a.kind, ...(a.fsType ? { typeFs: a.fsType } : {}),
          })),
        },
    datasets: state.analysis.sources.map((s) => ({ file: s.file, rows: s.rows })),
  };
}

/** Rewrites the fragment now (e.g. before copying the link); returns the full URL. */
export function writeHash(view: ViewState, state: SessionState, controller: MapController | null): string {
  const link = currentLink(view, state, controller);
  if (link) history.replaceState(history.state, '', `${location.pathname}${location.search}${viewStateToHash(link)}`);
  return location.href;
}

export interface LinkNotice {
  /** French messages: invalid link or data missing here. */
  messages: string[];
  dismiss: () => void;
}

const DEBOUNCE_MS = 400;

/**
 * Applies the link found in the URL at start (once the data is ready), then keeps the URL in
 * step with the view. `applyView` sets the App's view state.
 */
export function useShareLink(session: Session, state: SessionState, view: ViewState, applyView: (v: ViewState) => void, controller: MapController | null): LinkNotice {
  const [pending, setPending] = useState(() => viewStateFromHash(location.hash));
  const [messages, setMessages] = useState<string[]>([]);
  const ready = state.phase === 'ready' && state.analysis.data !== null;
  const latest = useRef({ view, state, controller });
  latest.current = { view, state, controller };

  // Apply the shared view once, when the data is there.
  useEffect(() => {
    if (!ready || !pending) return;
    setPending(null);
    if (!pending.ok) {
      setMessages([pending.reason]);
      return;
    }
    const link = pending.state;
    applyView(viewFromLink(link, latest.current.view));
    const s = latest.current.state;
    session.view.setAccess(link.accessGroup, link.threshold);
    const diagnosis = diagnosisFromLink(link, s.analysis.diagnosisParams);
    if (diagnosis !== s.analysis.diagnosisParams) void session.analysis.setDiagnosisParams(diagnosis).catch((e: unknown) => session.notify(e));
    if (link.scenario) {
      const sites = link.scenario.sites.map((p, i) => ({
        id: `lien-${i + 1}`, name: `Lieu ${i + 1} du lien`, lon: p.lon, lat: p.lat, kind: p.kind,
        ...(p.typeFs ? { fsType: p.typeFs } : {}), daysPerWeek: 5,
      }));
      void session.planner.setScenario({ name: link.scenario.name, added: sites, removed: [] }).catch((e) => session.notify(e));
    }
    const { controller } = latest.current;
    if (controller) void controller.whenIdle().then(() => controller.map.jumpTo({ center: link.center, zoom: link.zoom }));
    const missing = missingData(link, s.analysis.sources.map((d) => ({ file: d.file, rows: d.rows })));
    if (missing.length) setMessages(missing);
  }, [ready, pending, session, applyView]);

  // Keep the fragment in step with the view (not before the shared view is applied).
  const canWrite = ready && pending === null;
  useEffect(() => {
    if (!canWrite) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => writeHash(latest.current.view, latest.current.state, latest.current.controller), DEBOUNCE_MS);
    };
    schedule();
    const map = controller?.map;
    map?.on('moveend', schedule);
    return () => {
      clearTimeout(timer);
      map?.off('moveend', schedule);
    };
  }, [canWrite, controller, view, state.view.group, state.view.threshold, state.analysis.sources, state.analysis.diagnosisParams, state.planning.scenario]);

  return { messages, dismiss: () => setMessages([]) };
}
