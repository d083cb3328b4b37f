import { useRef, useState } from 'react';
import { networkFormatOf } from '../../data/network_format.ts';
import { fmt1, fmtInt } from '../../shared/format.ts';
import type { Session, SessionState } from '../state/session.ts';
import { SpeedProfilePanel } from './SpeedProfilePanel.tsx';
import { EstimatePanel } from './EstimatePanel.tsx';
import { estimateText } from '../method_text.ts';

/** The road network in use, its summary, and the import of another one (file picker or drop). */
export function NetworkPanel({ state, session }: { state: SessionState; session: Session }) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [formatError, setFormatError] = useState<string | null>(null);
  const ws = state.workspace;
  const r = ws.network?.report;

  const open = async (file: File | undefined) => {
    if (!file) return;
    // A .json file is either IGN GeoJSON or an Overpass answer: its first bytes tell which.
    const format = networkFormatOf(file.name, new Uint8Array(await file.slice(0, 4096).arrayBuffer()));
    if (!format) {
      setFormatError(`« ${file.name} » : format non pris en charge. Fichiers acceptés : OpenStreetMap .osm.pbf ou réponse JSON de l'API Overpass, tronçons IGN (BD TOPO) en GeoJSON ou en CSV avec géométrie WKT/EWKB.`);
      return;
    }
    setFormatError(null);
    await session.workspace.loadNetwork(file.name, format, new Uint8Array(await file.arrayBuffer()));
  };

  return (
    <fieldset
      className={`network ${dragging ? 'dragging' : ''}`}
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => { e.preventDefault(); setDragging(false); void open(e.dataTransfer.files[0]); }}
      data-testid="network-panel"
    >
      <legend>Réseau routier</legend>
      {r ? (
        <p className="muted" data-testid="network-summary">
          « {ws.network!.name} » : {fmtInt(r.nodesKept)} nœuds, {fmtInt(r.edgesKept)} arcs, {fmt1(r.kmOfRoad)} km de routes
          {r.droppedComponents > 0 ? `, ${fmtInt(r.droppedComponents)} morceaux isolés écartés (${fmtInt(r.droppedNodes)} nœuds)` : ', aucun morceau isolé'}.
        </p>
      ) : (
        <p className="muted">Aucun réseau : les temps sont estimés à vol d'oiseau ({estimateText(ws.estimate)}).</p>
      )}
      <button type="button" onClick={() => input.current?.click()} disabled={ws.networkProgress !== null}>
        Importer un réseau (.osm.pbf, JSON Overpass, tronçons IGN GeoJSON ou CSV)
      </button>
      <input ref={input} type="file" accept=".pbf,.geojson,.json,.csv" hidden data-testid="network-input" onChange={(e) => void open(e.target.files?.[0])} />
      <p className="muted">ou déposez le fichier ici.</p>
      {ws.networkProgress && (
        <div className="progress" role="status">
          <span>{ws.networkProgress.stage}…</span>
          <progress max={1} value={ws.networkProgress.fraction} aria-label="Avancement de l'import du réseau" />
        </div>
      )}
      {(formatError ?? ws.networkError) && <p className="error" role="alert">{formatError ?? ws.networkError}</p>}
      <EstimatePanel state={state} session={session} />
      <SpeedProfilePanel state={state} session={session} />
    </fieldset>
  );
}
