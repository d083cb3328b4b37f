import { useState } from 'react';
import { highCriterionText } from '../../domain/diagnosis/index.ts';
import { diagnosisMethodSections } from '../../domain/access/diagnosis_method.ts';
import { shownDiagnosisParams } from '../state/diagnosis_params.ts';
import { fmtInt } from '../../shared/format.ts';
import { detourMethodFr } from '../../domain/routing/fallback.ts';
import { accessMethodSentence } from '../method_text.ts';
import { fmtNeed } from '../missing.ts';
import { analysisIsCurrent, type Session, type SessionState } from '../state/session.ts';
import { DiagnosisSettingsPanel, EpciTable } from './DiagnosisSettings.tsx';
import { GROUP_LABELS } from './AccessPanel.tsx';
import { useMapController } from '../map_context.ts';

const fmtMin = (m: number | null) => (m === null || !Number.isFinite(m) ? '—' : `${Math.round(m)} min`);

interface Props {
  state: SessionState;
  session: Session;
  robust: boolean;
  onRobust: (on: boolean) => void;
}

/** Underserved zones ranked by people needing help, the robust ones, and the method. */
export function DiagnosisPanel({ state, session, robust, onRobust }: Props) {
  const [showMethod, setShowMethod] = useState(false);
  const current = analysisIsCurrent(state);
  const { analysis, view } = state;
  const zones = robust ? analysis.robustZones : analysis.zones;
  const controller = useMapController();
  // The zone shown on the map, for this list only: a new list (new data, robust or not) has none.
  const [focus, setFocus] = useState<{ zones: typeof zones; rank: number } | null>(null);
  const focused = focus?.zones === zones ? focus.rank : null;
  const showZone = (rank: number) => {
    if (state.view.mode !== 'map') session.view.setMode('map');
    if (!controller?.focusZone(rank)) return;
    setFocus({ zones, rank });
    // Where the map is above the panels (tablet, phone), bring it into view.
    controller.map.getContainer().scrollIntoView?.({ block: 'nearest' });
  };
  return (
    <section className="diagnosis" aria-labelledby="diag-title" data-testid="diagnosis-panel">
      <h2 id="diag-title">Zones mal desservies</h2>
      <p className="muted">
        Communes à plus de {robust ? '20, 30 et 45' : view.threshold} min {GROUP_LABELS[view.group].phrase}
        {' '}<strong>et</strong> dont {highCriterionText(analysis.basis?.diagnosis ?? analysis.diagnosisParams)}, regroupées
        quand elles se touchent. Classées par nombre estimé de personnes ayant besoin d'aide.
        {analysis.diagnosisMethod === 'vol_oiseau' && " Temps estimés à vol d'oiseau."}
      </p>
      <label className="toggle">
        <input type="checkbox" checked={robust} onChange={(e) => onRobust(e.target.checked)} />
        Zones robustes : mal desservies à 20, 30 et 45 min
      </label>
      {!current ? (
        <p className="muted" data-testid="zones-pending">{analysis.status === 'failed' ? analysis.error : 'Recalcul en cours…'}</p>
      ) : zones.length === 0 ? (
        <p data-testid="zones-empty">Aucune zone ne remplit ces conditions.</p>
      ) : (
        <ol className="zones" data-testid="zones">
          {zones.map((z) => (
            <li key={z.rank}>
              <button
                type="button"
                className="zone-button"
                aria-pressed={focused === z.rank}
                title="Centrer la carte sur cette zone et l'entourer"
                disabled={!z.geom || !controller}
                onClick={() => showZone(z.rank)}
                data-testid={`zone-button-${z.rank}`}
              >
                Zone {z.rank}
              </button>{' '}: {z.names}
              <div className="muted">
                {fmtInt(z.population)} habitants{z.pop_75p !== null && <>, dont {fmtInt(z.pop_75p)} de 75 ans et plus</>} ; personnes
                ayant besoin d'aide (estimation) : {fmtNeed(z.need, z.need_complete)} ; jusqu'à {fmtMin(z.max_minutes)}, {fmtMin(z.mean_minutes)} en moyenne.
              </div>
            </li>
          ))}
        </ol>
      )}
      <EpciTable state={state} />
      <DiagnosisSettingsPanel state={state} session={session} />
      <button type="button" onClick={() => setShowMethod(true)}>Méthode et sources</button>
      {showMethod && <MethodDialog state={state} onClose={() => setShowMethod(false)} />}
    </section>
  );
}

function MethodDialog({ state, onClose }: { state: SessionState; onClose: () => void }) {
  const { workspace, analysis } = state;
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="method-title" data-testid="method-dialog">
        <h2 id="method-title">Méthode</h2>
        <section data-testid="method-access">
          <h3>Temps d'accès</h3>
          <p>
            Avec un réseau routier chargé : temps de trajet du plus rapide chemin (Dijkstra exact, vitesses par classe de route,
            modifiables) depuis le centre de chaque commune et depuis chaque carreau de 1 km habité jusqu'au point d'aide le plus
            proche ; le temps d'une commune est la moyenne de ses habitants quand ses carreaux sont chargés.
          </p>
          <p>{detourMethodFr(workspace.estimate)}</p>
          <p>
            Un point ou un lieu à plus de 2 km de toute route du réseau chargé reçoit cette estimation à la place d'un temps routier,
            et il est compté à part. Sur les données chargées : {analysis.data ? accessMethodSentence({ network: workspace.network?.name ?? null, estimate: workspace.estimate, communes: analysis.data.communes }) : 'pas encore calculé.'}
          </p>
        </section>
        {/* The settings the figures shown were computed with (the last run's), not the ones just applied. */}
        {diagnosisMethodSections(
          shownDiagnosisParams(analysis.basis, { diagnosis: analysis.diagnosisParams, threshold: state.view.threshold }),
          analysis.fragilityInputs,
          analysis.territoryNeedRate,
        ).map((s) => (
          <section key={s.id}>
            <h3>{s.title}</h3>
            {s.paragraphs.map((p) => <p key={p}>{p}</p>)}
            <ul className="muted">
              {s.sources.map((c) => <li key={c.label}>{c.label} — {c.producer} ({c.vintage})</li>)}
            </ul>
          </section>
        ))}
        <div className="modal-actions">
          <button type="button" className="primary" onClick={onClose} autoFocus>Fermer</button>
        </div>
      </div>
    </div>
  );
}
