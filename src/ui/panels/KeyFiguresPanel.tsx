import { fmt1, fmtInt, fmtPct } from '../../shared/format.ts';
import type { Session, SessionState } from '../state/session.ts';

interface Props {
  state: SessionState;
  session: Session;
}

export function KeyFiguresPanel({ state, session }: Props) {
  const f = state.figures;
  const density = f && f.area_km2 > 0 ? f.population / f.area_km2 : null;
  return (
    <section className="key-figures" aria-labelledby="kf-title" data-testid="key-figures">
      <h2 id="kf-title">Chiffres clés du territoire</h2>
      {!f ? (
        <p className="muted">Calcul en cours…</p>
      ) : (
        <>
          <dl className="figures">
            <div><dt>Population municipale</dt><dd data-testid="kf-population">{fmtInt(f.population)}</dd></div>
            <div><dt>Communes</dt><dd data-testid="kf-communes">{fmtInt(f.communes)}</dd></div>
            <div><dt>EPCI</dt><dd>{fmtInt(f.epcis)}</dd></div>
            <div><dt>Densité</dt><dd>{fmt1(density)} hab./km²</dd></div>
            <div><dt>75 ans et plus</dt><dd>{fmtInt(f.pop_75p)} ({fmtPct(f.share_75p)})</dd></div>
            <div><dt>Locaux éligibles à la fibre</dt><dd>{fmtPct(f.ftth_rate)}</dd></div>
            <div><dt>France Services</dt><dd data-testid="kf-fs">{fmtInt(f.france_services)}</dd></div>
            <div><dt>Lieux de médiation numérique</dt><dd>{fmtInt(f.mediation)}</dd></div>
            <div><dt>Structures avec conseillers numériques</dt><dd>{fmtInt(f.conseillers)}</dd></div>
            <div><dt>Médiathèques</dt><dd>{fmtInt(f.mediatheques)}</dd></div>
            <div><dt>Lieux d'aide distincts (doublons fusionnés)</dt><dd data-testid="kf-distinct">{fmtInt(f.distinct_points)}</dd></div>
          </dl>
          <h3>Éloignement (estimation à vol d'oiseau)</h3>
          <p className="estimate" data-testid="kf-far-fs">
            {f.pop_far_fs === null ? 'Calcul en cours…' : (
              <><strong>{fmtInt(f.pop_far_fs)}</strong> habitants vivent dans une commune dont le centre est à plus de{' '}
              <ThresholdSelect value={state.thresholdKmFs} options={[5, 10, 15, 20]} label="Seuil France Services" onChange={(v) => void session.setThresholds(v, state.thresholdKmPn)} />{' '}
              à vol d'oiseau d'une France Services.</>
            )}
          </p>
          <p className="estimate" data-testid="kf-far-pn">
            {f.pop_far_pn === null ? '' : (
              <><strong>{fmtInt(f.pop_far_pn)}</strong> habitants sont à plus de{' '}
              <ThresholdSelect value={state.thresholdKmPn} options={[2, 5, 10, 15]} label="Seuil point numérique" onChange={(v) => void session.setThresholds(state.thresholdKmFs, v)} />{' '}
              à vol d'oiseau d'un point numérique (médiation, conseiller, médiathèque).</>
            )}
          </p>
          <p className="method-note">
            Distance en ligne droite du centre de la commune au point le plus proche, calculée dans le navigateur. Ce n'est
            pas un temps de trajet routier : c'est une estimation.
          </p>
        </>
      )}
    </section>
  );
}

function ThresholdSelect({ value, options, label, onChange }: { value: number; options: number[]; label: string; onChange: (v: number) => void }) {
  return (
    <select className="inline-select" aria-label={label} value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {options.map((o) => <option key={o} value={o}>{o} km</option>)}
    </select>
  );
}
