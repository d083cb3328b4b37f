import type { HelpGroup } from '../../domain/types.ts';
import { ACCESS_THRESHOLDS, type AccessThreshold } from '../../data/queries/access.ts';
import { fmtInt, fmtKm, fmtPct } from '../../shared/format.ts';
import type { Session, SessionState } from '../state/session.ts';

export const GROUP_LABELS: Record<HelpGroup, { short: string; phrase: string }> = {
  france_services: { short: 'France Services', phrase: "d'une France Services" },
  point_numerique: { short: 'Point numérique', phrase: "d'un point numérique (médiation, conseiller, médiathèque)" },
  any: { short: "Tout point d'aide", phrase: "d'un point d'aide, quel qu'il soit" },
};

const fmtMin = (m: number | null | undefined) => (m === null || m === undefined ? 'non calculé' : Number.isFinite(m) ? `${Math.round(m)} min` : 'inaccessible');

/** Travel-time settings, the headline figure and the selected commune's access. */
export function AccessPanel({ state, session }: { state: SessionState; session: Session }) {
  const a = state.access;
  const estimate = a?.method === 'vol_oiseau';
  const selected = state.selectedCommune ? state.data?.communes.find((c) => c.code === state.selectedCommune) : null;
  return (
    <section className="access" aria-labelledby="access-title" data-testid="access-panel">
      <h2 id="access-title">Temps d'accès</h2>
      <div className="controls">
        <label>
          Vers
          <select aria-label="Type de point d'aide" value={state.accessGroup} onChange={(e) => void session.setAccess(e.target.value as HelpGroup, state.threshold)}>
            {Object.entries(GROUP_LABELS).map(([g, l]) => <option key={g} value={g}>{l.short}</option>)}
          </select>
        </label>
        <fieldset className="threshold" aria-label="Seuil de temps">
          <legend>Seuil</legend>
          {ACCESS_THRESHOLDS.map((t) => (
            <label key={t} className="chip">
              <input type="radio" name="threshold" value={t} checked={state.threshold === t} onChange={() => void session.setAccess(state.accessGroup, t as AccessThreshold)} />
              {t} min
            </label>
          ))}
        </fieldset>
      </div>
      {!a ? (
        <p className="muted">Calcul des temps de trajet…</p>
      ) : (
        <>
          <p className="headline" data-testid="access-headline">
            <strong data-testid="access-pop">{fmtInt(a.pop_beyond)}</strong> habitants (dont{' '}
            <strong data-testid="access-pop75">{fmtInt(a.pop75_beyond)}</strong> de 75 ans et plus) à plus de {a.threshold} min{' '}
            {GROUP_LABELS[a.group].phrase}
            {estimate ? ' (estimation à vol d\'oiseau)' : ''}.
          </p>
          <p className="muted">
            Soit {fmtPct(a.population ? (a.pop_beyond ?? 0) / a.population : null)} de la population ; temps moyen {fmtMin(a.mean_minutes)}.{' '}
            {estimate
              ? "Sans réseau routier : distance en ligne droite × 1,3 à 50 km/h. C'est une estimation."
              : `Trajet routier calculé sur « ${state.network?.name ?? ''} ». Le nombre de 75 ans et plus au-delà du seuil est estimé en leur appliquant la part de la population de leur commune au-delà du seuil.`}
            {(a.pop_unknown ?? 0) >= 1 && (
              <span data-testid="access-unknown">
                {' '}Environ {fmtInt(a.pop_unknown)} habitants vivent à plus de 2 km de toute route du réseau chargé : ils n'ont pas de
                temps calculé et ne sont comptés ni proches ni loin (la part au-delà du seuil de leur commune leur est appliquée).
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
            {selected.access_basis === 'centre' ? ' (depuis le centre de la commune)' : ''}. Depuis le centre :{' '}
            {fmtMin(selected.access_centre_minutes)} jusqu'à {selected.access_help_name ?? '—'}
            {state.route ? `, ${fmtKm(state.route.lengthM)} par la route` : ''}.
          </p>
          {selected.access_share_beyond !== null && (
            <p className="muted">{fmtPct(selected.access_share_beyond)} des habitants de la commune sont à plus de {state.threshold} min.</p>
          )}
        </div>
      )}
    </section>
  );
}
