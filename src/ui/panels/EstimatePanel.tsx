import { useState } from 'react';
import { detourMethodFr } from '../../domain/routing/fallback.ts';
import type { Session, SessionState } from '../state/session.ts';
import type { EstimateSettings } from '../state/settings.ts';

/**
 * The straight-line estimate used where no road network reaches (or none is loaded): distance ×
 * detour factor ÷ speed. Visible and editable; its default is justified in the method note.
 */
export function EstimatePanel({ state, session }: { state: SessionState; session: Session }) {
  const [draft, setDraft] = useState<EstimateSettings>(state.workspace.estimate);
  const changed = draft.detour !== state.workspace.estimate.detour || draft.speedKmh !== state.workspace.estimate.speedKmh;
  return (
    <details className="estimate-settings" data-testid="estimate-settings">
      <summary>Estimation à vol d'oiseau (modifiable)</summary>
      <p className="muted">
        Là où aucun réseau routier n'est chargé ou ne passe, le temps est estimé. {detourMethodFr(state.workspace.estimate)}
      </p>
      <label className="mapping-row">
        <span>Facteur de détour</span>
        <input type="number" min={1} max={3} step={0.05} value={draft.detour} aria-label="Facteur de détour (distance routière ÷ distance en ligne droite)"
          onChange={(e) => setDraft({ ...draft, detour: Math.max(1, Math.min(3, Number(e.target.value) || 1)) })} />
      </label>
      <label className="mapping-row">
        <span>Vitesse moyenne (km/h)</span>
        <input type="number" min={5} max={130} step={5} value={draft.speedKmh} aria-label="Vitesse moyenne de l'estimation (km/h)"
          onChange={(e) => setDraft({ ...draft, speedKmh: Math.max(5, Math.min(130, Number(e.target.value) || 5)) })} />
      </label>
      <div className="data-actions">
        <button type="button" disabled={!changed} onClick={() => void session.workspace.setEstimate(draft).catch((e) => session.notify(e))}>Appliquer et recalculer</button>
      </div>
    </details>
  );
}
