import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { HELP_KINDS } from '../domain/types.ts';
import { AccessPanel } from './panels/AccessPanel.tsx';
import { DataPanel, filesToLoad } from './panels/DataPanel.tsx';
import { MappingDialog } from './panels/MappingDialog.tsx';
import { DiagnosisPanel } from './panels/DiagnosisPanel.tsx';
import { PlanningPanel } from './panels/PlanningPanel.tsx';
import { CommuneTable } from './panels/CommuneTable.tsx';
import type { Hovered, MapView } from '../map/map_controller.ts';
import { FictionBanner } from './panels/FictionBanner.tsx';
import { KeyFiguresPanel } from './panels/KeyFiguresPanel.tsx';
import { LayerPanel } from './panels/LayerPanel.tsx';
import { MapPanel } from './panels/MapPanel.tsx';
import { SourcesPanel } from './panels/SourcesPanel.tsx';
import { Tooltip } from './panels/Tooltip.tsx';
import { ExportPanel } from './panels/ExportPanel.tsx';
import { LinkNotice, LiveFigures } from './panels/Announcements.tsx';
import { Presentation } from './presentation/Presentation.tsx';
import { PresentSetup } from './presentation/PresentSetup.tsx';
import type { SlideKind } from './presentation/slides.ts';
import { useShareLink } from './state/link.ts';
import type { Session } from './state/session.ts';
import { TerritoryFetcher } from './state/territory_fetch.ts';
import { TerritoryFetchDialog } from './panels/TerritoryFetchDialog.tsx';
import { layerOfFile } from '../data/fetch/sources.ts';

/** What the user chose to see: the map's view (less the selection) and which zones to draw. */
export type ViewState = Omit<MapView, 'highlighted'> & {
  /** Draw the zones underserved at 20, 30 and 45 min instead of the chosen threshold. */
  robustZones: boolean;
};

export function App({ session }: { session: Session }) {
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const [view, setView] = useState<ViewState>({
    variable: 'access_minutes',
    showCommunes: true,
    showGrid: false,
    gridMode: 'access',
    showRoads: true,
    showIsochrones: false,
    showZones: true,
    robustZones: false,
    kinds: new Set(HELP_KINDS),
  });
  const [mode, setMode] = useState<'map' | 'table'>('map');
  const fetcher = useMemo(() => new TerritoryFetcher(session), [session]);
  const [fetchDialog, setFetchDialog] = useState<{ code: string } | null>(null);
  /** "Mettre à jour" a fetched layer: the same source asked again, progress shown in the dialog. */
  const refreshLayer = (file: string) => {
    const layer = layerOfFile(file);
    if (!layer) return;
    setFetchDialog({ code: layer.request.code });
    void fetcher.run(layer.request.code, fetcher.mirror, [layer.id]);
  };
  const [, setHighlightZone] = useState<number | null>(null);
  const [hovered, setHovered] = useState<Hovered | null>(null);
  const [selected, setSelected] = useState<Hovered | null>(null);
  const changeView = (v: ViewState) => {
    if (v.showIsochrones !== view.showIsochrones) void session.toggleIsochrones(v.showIsochrones);
    setView(v);
  };
  const select = (h: Hovered | null) => {
    if (state.planning.clickMode && h?.at) {
      void session.planner.addScenarioSite({ lon: h.at[0], lat: h.at[1] }).catch((e) => session.notify(e));
      return;
    }
    setSelected(h);
    void session.selectCommune(h?.type === 'commune' ? h.commune.code : null);
  };
  const fictional = state.manifest?.fictional ?? false;
  const link = useShareLink(session, state, view, useCallback((v: ViewState) => setView(v), []));
  const [presenting, setPresenting] = useState<{ setup: boolean; kinds: SlideKind[]; base: ViewState } | null>(null);
  const startPresentation = (kinds: SlideKind[]) => {
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
    setPresenting({ setup: false, kinds, base: view });
  };

  return (
    <div className={presenting && !presenting.setup ? 'app presenting' : 'app'}>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">Maillage</span>
          <span className="brand-tagline">Où manque l'aide au numérique</span>
        </div>
        <div className="territory" data-testid="territory-name">{state.manifest?.name ?? state.territoryName ?? (state.phase === 'ready' ? 'Mon territoire' : 'Chargement…')}</div>
        <button type="button" disabled={state.phase !== 'ready' || state.importing} onClick={() => setFetchDialog({ code: '' })}>Charger mon territoire</button>
        <button type="button" className="primary" disabled={state.phase !== 'ready'} onClick={() => setPresenting({ setup: true, kinds: [], base: view })}>Présenter</button>
      </header>
      {fetchDialog && <TerritoryFetchDialog fetcher={fetcher} initialCode={fetchDialog.code} onClose={() => setFetchDialog(null)} />}
      {fictional && <FictionBanner />}
      <LinkNotice messages={link.messages} onDismiss={link.dismiss} />
      <LiveFigures state={state} />
      {state.notice && (
        <div className="notice" role="alert">
          {state.notice}
          <button type="button" onClick={() => session.dismissNotice()}>Fermer</button>
        </div>
      )}
      <main className="app-main">
        <LayerPanel view={view} onChange={changeView} state={state} session={session} />
        <section
          className="map-area"
          aria-label="Carte"
          onDragOver={(e) => e.preventDefault()}
          onDrop={async (e) => {
            e.preventDefault();
            if (e.dataTransfer.files.length) await session.importFiles(await filesToLoad(e.dataTransfer.files));
          }}
        >
          <div className="view-tabs" role="group" aria-label="Affichage">
            <button type="button" aria-pressed={mode === 'map'} onClick={() => setMode('map')}>Carte</button>
            <button type="button" aria-pressed={mode === 'table'} onClick={() => setMode('table')}>Tableau</button>
          </div>
          <MapPanel
            state={state}
            view={view}
            onHover={setHovered}
            onClick={select}
            onMoveSite={(id, lon, lat) => void session.planner.moveScenarioSite(id, lon, lat).catch((e) => session.notify(e))}
          />
          {mode === 'table' && <CommuneTable state={state} />}
          {hovered && <Tooltip hovered={hovered} />}
          {state.phase !== 'ready' && (
            <div className={`status ${state.phase === 'failed' ? 'status-error' : ''}`} role={state.phase === 'failed' ? 'alert' : 'status'}>
              {state.phase === 'failed' ? state.error : state.step}
            </div>
          )}
        </section>
        <aside className="side-panel">
          <AccessPanel state={state} session={session} />
          <PlanningPanel state={state} session={session} selectedPoint={selected?.type === 'help_point' ? selected.point : null} />
          <DiagnosisPanel
            state={state}
            session={session}
            robust={view.robustZones}
            onRobust={(robustZones) => setView({ ...view, robustZones, showZones: true })}
            onSelectZone={(z) => setHighlightZone(z.rank)}
          />
          <KeyFiguresPanel state={state} session={session} />
          <ExportPanel state={state} view={view} />
          <DataPanel state={state} session={session} />
          <SourcesPanel
            sources={state.sources}
            manifest={state.manifest}
            network={state.network ? { name: state.network.name, origin: state.origins[state.network.name] ?? null } : null}
            onRefresh={state.importing ? undefined : refreshLayer}
          />
        </aside>
      </main>
      {presenting?.setup && <PresentSetup onStart={startPresentation} onCancel={() => setPresenting(null)} />}
      {presenting && !presenting.setup && (
        <Presentation state={state} baseView={presenting.base} kinds={presenting.kinds} scenario={null} onView={setView} onExit={() => setPresenting(null)} />
      )}
      {state.pendingMapping && <MappingDialog result={state.pendingMapping.result} onDone={(m) => void session.confirmMapping(m)} />}
    </div>
  );
}
