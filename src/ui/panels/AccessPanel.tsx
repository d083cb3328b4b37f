import type { HelpGroup } from '../../domain/types.ts';
import { ACCESS_THRESHOLDS, type AccessThreshold } from '../../data/queries/access.ts';
import { fmtInt, fmtKm, fmtPct } from '../../shared/format.ts';
import { analysisIsCurrent, type Session, type SessionState } from '../state/session.ts';
import { screenOf } from '../state/first_screen.ts';
import { accessMethodSentence, estimateText } from '../method_text.ts';
import { MISSING_HINT } from '../missing.ts';
import { DEFAULT_ACCESS } from '../../domain/routing/snap.ts';

export const GROUP_LABELS: Record<HelpGroup, { short: string; phrase: string }> = {
  france_services: { short: 'France Services', phrase: "d'une France Services" },
  point_numerique: { short: 'Point numérique', phrase: "d'un point numérique (médiation, conseiller, médiathèque)" },
  any: { short: "Tout point d'aide", phrase: "d'un point d'aide, quel qu'il soit" },
};

const fmtMin = (m: number | null | undefined) => (m === null || m === undefined ? 'non calculé' : Number.isFinite(m) ? `${Math.round(m)} min` : 'inaccessible');

/** Travel-time settings, the headline figure and the selected commune's access. */
export function AccessPanel({ state, session }: { state: SessionState; session: Session }) {
  const { view, analysis } = state;
  const current = analysisIsCurrent(state);
  // The live headline, or the first screen's while the dashboard starts.
  const screen = screenOf(state);
  const a = screen.access;
  const selected = view.selectedCommune && current ? analysis.data?.communes.find((c) => c.code === view.selectedCommune) : null;
  // Everyone's time estimated (no network), or only some inhabitants' (far from every road).
  const estimated = a?.pop_estimated ?? 0;
  const estimate = a !== null && a.population > 0 && estimated >= a.population - 0.5;
  const ages = screen.figures?.pop_75p !== null && screen.figures?.pop_75p !== undefined;
  return (
    <section className="access" aria-labelledby="access-title" data-testid="access-panel">
      <h2 id="access-title">Temps d'accès</h2>
      <div className="controls">
        <label>
          Vers
          <select aria-label="Type de point d'aide" value={view.group} onChange={(e) => session.view.setAccess(e.target.value as HelpGroup, view.threshold)}>
            {Object.entries(GROUP_LABELS).map(([g, l]) => <option key={g} value={g}>{l.short}</option>)}
          </select>
        </label>
        <fieldset className="threshold" aria-label="Seuil de temps">
          <legend>Seuil</legend>
          {ACCESS_THRESHOLDS.map((t) => (
            <label key={t} className="chip">
              <input type="radio" name="threshold" value={t} checked={view.threshold === t} onChange={() => session.view.setAccess(view.group, t as AccessThreshold)} />
              {t} min
            </label>
          ))}
        </fieldset>
      </div>
      {!a ? (
        <p className="muted" data-testid="access-pending">
          {analysis.status === 'failed' ? analysis.error : current && analysis.data?.communes.length === 0 ? 'Aucune commune chargée.' : 'Recalcul en cours…'}
        </p>
      ) : (
        <>
          <p className="headline" data-testid="access-headline">
            <strong data-testid="access-pop">{fmtInt(a.pop_beyond)}</strong> habitants
            {ages && <> (dont <strong data-testid="access-pop75">{fmtInt(a.pop75_beyond)}</strong> de 75 ans et plus)</>} à plus de {a.threshold} min{' '}
            {GROUP_LABELS[a.group].phrase}
            {estimate ? " (estimation à vol d'oiseau)" : ''}.
          </p>
          <p className="muted" data-testid="access-method">
            Soit {fmtPct(a.population ? (a.pop_beyond ?? 0) / a.population : null)} de la population ; temps moyen {fmtMin(a.mean_minutes)}.{' '}
            {accessMethodSentence({ network: screen.network, estimate: screen.estimate, communes: screen.data?.communes ?? [] })}
            {!ages && <> Les 75 ans et plus ne sont pas disponibles : {MISSING_HINT.ages}</>}
            {!estimate && estimated >= 1 && (
              <span data-testid="access-off-network">
                {' '}Environ {fmtInt(estimated)} habitants ({fmtPct(estimated / a.population)}) vivent à plus de {fmtKm(DEFAULT_ACCESS.maxSnapM)} de toute route du réseau
                chargé : leur temps est une {estimateText(screen.estimate)}.
              </span>
            )}
            {(a.pop_unknown ?? 0) >= 1 && (
              <span data-testid="access-unknown">
                {' '}Environ {fmtInt(a.pop_unknown)} habitants n'ont pas de temps calculé (aucun point d'aide du groupe atteignable) :
                ils ne sont comptés ni proches ni loin.
              </span>
            )}
          </p>
        </>
      )}
      {selected && (
        <div className="selection" data-testid="commune-access">
          <h3>{selected.nom}</h3>
          <p>
            Temps moyen des habitants : <strong>{fmtMin(selected.access_minutes)}</strong>
            {selected.access_basis === 'centre' ? ' (depuis le centre de la commune)' : ' (moyenne des carreaux de 1 km habités)'}
            {selected.access_method === 'vol_oiseau' ? ", estimation à vol d'oiseau" : ''}. Depuis le centre :{' '}
            {fmtMin(selected.access_centre_minutes)} jusqu'à {selected.access_help_name ?? '—'}
            {view.route ? `, ${fmtKm(view.route.lengthM)} par la route` : ''}.
          </p>
          {selected.access_share_beyond !== null && (
            <p className="muted">{fmtPct(selected.access_share_beyond)} des habitants de la commune sont à plus de {view.threshold} min.</p>
          )}
        </div>
      )}
    </section>
  );
}
