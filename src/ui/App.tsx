import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { AccessPanel } from './panels/AccessPanel.tsx';
import { DataPanel, filesToLoad } from './panels/DataPanel.tsx';
import { MappingDialog } from './panels/MappingDialog.tsx';
import { DiagnosisPanel } from './panels/DiagnosisPanel.tsx';
import { PlanningPanel } from './panels/PlanningPanel.tsx';
import { CommuneTable } from './panels/CommuneTable.tsx';
import type { Hovered, MapController } from '../map/map_controller.ts';
import { MapControllerContext } from './map_context.ts';
import { FictionBanner } from './panels/FictionBanner.tsx';
import { KeyFiguresPanel } from './panels/KeyFiguresPanel.tsx';
import { LayerPanel } from './panels/LayerPanel.tsx';
import { MapPanel } from './panels/MapPanel.tsx';
import { SourcesPanel } from './panels/SourcesPanel.tsx';
import { Tooltip } from './panels/Tooltip.tsx';
import { ExportPanel } from './panels/ExportPanel.tsx';
import { LinkNotice, LiveFigures } from './panels/Announcements.tsx';
import { ReplaceDemoDialog } from './panels/ReplaceDemoDialog.tsx';
import { TerritoryTitle } from './panels/TerritoryTitle.tsx';
import { Presentation } from './presentation/Presentation.tsx';
import { PresentSetup } from './presentation/PresentSetup.tsx';
import type { SlideKind } from './presentation/slides.ts';
import { useShareLink } from './state/link.ts';
import type { Session } from './state/session.ts';
import { computedAtText, screenOf } from './state/first_screen.ts';
import type { MapViewState } from './state/view.ts';
import { TerritoryFetcher } from './state/territory_fetch.ts';
import { TerritoryFetchDialog } from './panels/TerritoryFetchDialog.tsx';
import { layerOfFile } from '../data/fetch/sources.ts';
import { PanelBoundary } from './PanelBoundary.tsx';

/** What the user chose to see on the map (kept by the session's View). */
export type ViewState = MapViewState;

export function App({ session, onMapController }: { session: Session; /** Told of the live map (the e2e build's test hook). */ onMapController?: (c: MapController | null) => void }) {
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const [controller, setController] = useState<MapController | null>(null);
  const onController = useCallback((c: MapController | null) => {
    setController(c);
    onMapController?.(c);
  }, [onMapController]);
  const view = state.view.map;
  const fetcher = useMemo(() => new TerritoryFetcher(session), [session]);
  const [fetchDialog, setFetchDialog] = useState<{ code: string } | null>(null);
  /** "Mettre à jour" a fetched layer: the same source asked again, progress shown in the dialog. */
  const refreshLayer = (file: string) => {
    const layer = layerOfFile(file);
    if (!layer) return;
    setFetchDialog({ code: layer.request.code });
    void fetcher.run(layer.request.code, fetcher.mirror, [layer.id]);
  };
  const [hovered, setHovered] = useState<Hovered | null>(null);
  const [selected, setSelected] = useState<Hovered | null>(null);
  const setView = useCallback((v: ViewState) => session.view.setMap(v), [session]);
  const select = (h: Hovered | null) => {
    if (state.planning.clickMode && h?.at) {
      void session.planner.addScenarioSite({ lon: h.at[0], lat: h.at[1] }).catch((e) => session.notify(e));
      return;
    }
    setSelected(h);
    void session.view.selectCommune(h?.type === 'commune' ? h.commune.code : null).catch((e) => session.notify(e));
  };
  const { workspace, analysis } = state;
  const preview = screenOf(state).preview;
  // The demo's first screen is the fictional territory's too: said before its files are loaded.
  const fictional = (workspace.kind === 'demo' && (workspace.manifest?.fictional ?? false)) || preview?.kind === 'demo';
  const link = useShareLink(session, state, view, setView, controller);
  const [presenting, setPresenting] = useState<{ setup: boolean; kinds: SlideKind[]; base: ViewState; title: string } | null>(null);
  // The scenario slide's "before" map is drawn without the scenario's sites.
  const [scenarioHidden, setScenarioHidden] = useState(false);
  const startPresentation = (kinds: SlideKind[], title: string) => {
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
    setPresenting({ setup: false, kinds, base: view, title });
  };
  const busy = state.phase !== 'ready';

  return (
    <MapControllerContext.Provider value={controller}>
    <div className={presenting && !presenting.setup ? 'app presenting' : 'app'}>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">Maillage</span>
          <span className="brand-tagline">Où manque l'aide au numérique</span>
        </div>
        <PanelBoundary name="Nom du territoire"><TerritoryTitle state={state} session={session} /></PanelBoundary>
        <button type="button" disabled={busy || workspace.importing} onClick={() => setFetchDialog({ code: '' })}>Charger mon territoire</button>
        <button type="button" className="primary" disabled={busy} onClick={() => setPresenting({ setup: true, kinds: [], base: view, title: '' })}>Présenter</button>
        {/* Outside every panel's boundary: reachable whatever fails to draw. */}
        <button
          type="button"
          onClick={() => {
            if (window.confirm('Réinitialiser : tous les fichiers importés et réglages enregistrés dans ce navigateur seront effacés. Continuer ?')) void session.workspace.reset().catch((e) => session.notify(e));
          }}
        >
          Réinitialiser
        </button>
      </header>
      {state.aside && (
        <div className="notice" role="status" data-testid="aside-notice">
          Espace de travail enregistré mis de côté : le territoire de démonstration est ouvert, et rien n'est enregistré pendant cette visite.
          L'espace enregistré reste intact dans ce navigateur (« Réinitialiser » l'efface).
          <button type="button" onClick={() => session.openSaved()}>Revenir à l'espace enregistré</button>
        </div>
      )}
      {fetchDialog && <PanelBoundary name="Charger mon territoire"><TerritoryFetchDialog fetcher={fetcher} initialCode={fetchDialog.code} onClose={() => setFetchDialog(null)} /></PanelBoundary>}
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
        <PanelBoundary name="Couches"><LayerPanel view={view} onChange={setView} state={state} session={session} /></PanelBoundary>
        <section
          className="map-area"
          aria-label="Carte"
          onDragOver={(e) => e.preventDefault()}
          onDrop={async (e) => {
            e.preventDefault();
            if (e.dataTransfer.files.length) await session.workspace.importFiles(await filesToLoad(e.dataTransfer.files));
          }}
        >
          <div className="view-tabs" role="group" aria-label="Affichage">
            <button type="button" aria-pressed={state.view.mode === 'map'} onClick={() => session.view.setMode('map')}>Carte</button>
            <button type="button" aria-pressed={state.view.mode === 'table'} onClick={() => session.view.setMode('table')}>Tableau</button>
          </div>
          <PanelBoundary name="Carte">
            <MapPanel
              state={state}
              view={view}
              onHover={setHovered}
              onClick={select}
              onMoveSite={(id, lon, lat) => void session.planner.moveScenarioSite(id, lon, lat).catch((e) => session.notify(e))}
              onController={onController}
              hideScenario={scenarioHidden}
            />
          </PanelBoundary>
          {state.view.mode === 'table' && <PanelBoundary name="Tableau des communes"><CommuneTable state={state} /></PanelBoundary>}
          {hovered && <PanelBoundary name="Infobulle"><Tooltip hovered={hovered} territoryNeedRate={state.analysis.territoryNeedRate} /></PanelBoundary>}
          {(busy || analysis.status !== 'ready') && (
            <div className={`status ${state.phase === 'failed' || analysis.status === 'failed' ? 'status-error' : ''}`} role={state.phase === 'failed' || analysis.status === 'failed' ? 'alert' : 'status'} data-testid="status">
              {state.phase === 'failed' ? state.error : busy ? state.step : analysis.status === 'failed' ? analysis.error : analysis.step || 'Recalcul en cours…'}
              {preview && (
                <p data-testid="first-screen-note">
                  Aperçu : carte et chiffres {preview.kind === 'demo' ? 'préparés avec le territoire de démonstration' : `de la dernière analyse (${computedAtText(preview.computedAt)})`},
                  affichés pendant le démarrage. Ils sont recalculés sur les données rechargées ; les outils s'activent ensuite.
                </p>
              )}
              {state.phase === 'failed' && !state.aside && (
                <p>
                  Si l'erreur revient à chaque ouverture, l'espace de travail enregistré peut être mis de côté le temps d'une visite (il n'est ni lu ni effacé) :{' '}
                  <button type="button" onClick={() => session.openWithoutSaved()}>Ouvrir sans l'espace enregistré</button>
                </p>
              )}
            </div>
          )}
        </section>
        <aside className="side-panel">
          <PanelBoundary name="Accès aux lieux d'aide">
            <AccessPanel state={state} session={session} />
          </PanelBoundary>
          <PanelBoundary name="Planification">
            <PlanningPanel state={state} session={session} selectedPoint={selected?.type === 'help_point' ? selected.point : null} />
          </PanelBoundary>
          <PanelBoundary name="Diagnostic">
            <DiagnosisPanel
              state={state}
              session={session}
              robust={view.robustZones}
              onRobust={(robustZones) => setView({ ...view, robustZones, showZones: true })}
            />
          </PanelBoundary>
          <PanelBoundary name="Chiffres clés">
            <KeyFiguresPanel state={state} session={session} />
          </PanelBoundary>
          <PanelBoundary name="Exports">
            <ExportPanel state={state} view={view} />
          </PanelBoundary>
          <PanelBoundary name="Mes fichiers">
            <DataPanel state={state} session={session} />
          </PanelBoundary>
          <PanelBoundary name="Sources des données">
            <SourcesPanel
              sources={analysis.sources}
              manifest={workspace.kind === 'demo' ? workspace.manifest : null}
              network={workspace.network ? { name: workspace.network.name, origin: Object.hasOwn(workspace.origins, workspace.network.name) ? workspace.origins[workspace.network.name] : null, dropped: workspace.kind === 'real' ? workspace.networkSource : null } : null}
              onRefresh={workspace.importing ? undefined : refreshLayer}
            />
          </PanelBoundary>
        </aside>
      </main>
      <PanelBoundary name="Présentation">
        {presenting?.setup && <PresentSetup state={state} onStart={startPresentation} onCancel={() => setPresenting(null)} />}
        {presenting && !presenting.setup && (
          <Presentation state={state} baseView={presenting.base} kinds={presenting.kinds} title={presenting.title} onView={setView} onScenarioHidden={setScenarioHidden}
            onExit={() => { setScenarioHidden(false); setPresenting(null); }} />
        )}
      </PanelBoundary>
      {workspace.pendingMapping && (
        // Keyed by request: the next queued file gets a fresh dialog, not the previous one's choices.
        <MappingDialog key={workspace.pendingMapping.id} result={workspace.pendingMapping.result} waiting={workspace.mappingWaiting} onDone={(m) => void session.workspace.confirmMapping(m)} />
      )}
      {workspace.confirmReplace && <ReplaceDemoDialog what={workspace.confirmReplace.what} onAnswer={(yes) => session.workspace.answerReplace(yes)} />}
    </div>
    </MapControllerContext.Provider>
  );
}
