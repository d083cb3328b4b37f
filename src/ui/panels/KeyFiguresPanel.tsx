import { fmt1, fmtInt, fmtPct } from '../../shared/format.ts';
import type { Session, SessionState } from '../state/session.ts';
import { screenOf } from '../state/first_screen.ts';
import { MISSING_HINT } from '../missing.ts';
import { fibreLabelsOf } from '../../domain/fixed_labels.ts';

interface Props {
  state: SessionState;
  session: Session;
}

/** A figure, or "non disponible" with the file that provides it. */
function Figure({ label, value, hint, testId }: { label: string; value: string | null; hint?: string; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value ?? <span className="missing" title={hint}>non disponible</span>}</dd>
      {value === null && hint && <dd className="missing-hint">{hint}</dd>}
    </div>
  );
}

export function KeyFiguresPanel({ state, session }: Props) {
  const screen = screenOf(state);
  const f = screen.figures;
  const { view } = state;
  const density = f && f.population !== null && f.area_km2 > 0 ? f.population / f.area_km2 : null;
  // Named after what the loaded files measure: fibre (FTTH), or ≥ 1 Gbit/s with cable (2019 file).
  const fibre = fibreLabelsOf(screen.data?.communes ?? []);
  const or = (v: number | null, fmt: (v: number) => string) => (v === null ? null : fmt(v));
  return (
    <section className="key-figures" aria-labelledby="kf-title" data-testid="key-figures">
      <h2 id="kf-title">Chiffres clés du territoire</h2>
      {!f ? (
        <p className="muted">{state.analysis.status === 'failed' ? state.analysis.error : 'Calcul en cours…'}</p>
      ) : f.communes === 0 ? (
        <p className="muted">{MISSING_HINT.communes}</p>
      ) : (
        <>
          <dl className="figures">
            <Figure label="Population municipale" value={or(f.population, fmtInt)} hint={MISSING_HINT.population} testId="kf-population" />
            <Figure label="Communes" value={fmtInt(f.communes)} testId="kf-communes" />
            <Figure label="EPCI" value={or(f.epcis, fmtInt)} hint="Ajoutez un fichier qui rattache les communes à leur EPCI (table IRIS → EPCI de l'INSEE, ou « Charger mon territoire »)." />
            <Figure label="Densité" value={density === null ? null : `${fmt1(density)} hab./km²`} hint={MISSING_HINT.population} />
            <Figure label="75 ans et plus" value={f.pop_75p === null ? null : `${fmtInt(f.pop_75p)} (${fmtPct(f.share_75p)})`} hint={MISSING_HINT.ages} testId="kf-pop75" />
            <Figure label={fibre.label} value={or(f.ftth_rate, fmtPct)} hint={MISSING_HINT.fibre} testId="kf-fibre" />
            <Figure label="France Services" value={fmtInt(f.france_services)} testId="kf-fs" />
            <Figure label="Lieux de médiation numérique" value={fmtInt(f.mediation)} testId="kf-mediation" />
            <Figure label="Structures avec conseillers numériques" value={fmtInt(f.conseillers)} testId="kf-cnfs" />
            <Figure label="Médiathèques" value={fmtInt(f.mediatheques)} testId="kf-libraries" />
            <Figure label="Lieux d'aide distincts (doublons fusionnés)" value={fmtInt(f.distinct_points)} testId="kf-distinct" />
          </dl>
          <h3>Éloignement (estimation à vol d'oiseau)</h3>
          <p className="estimate" data-testid="kf-far-fs">
            {f.pop_far_fs === null ? (f.france_services === 0 ? 'Aucune France Services chargée.' : 'non disponible') : (
              <><strong>{fmtInt(f.pop_far_fs)}</strong> habitants vivent dans une commune dont le centre est à plus de{' '}
              <ThresholdSelect value={view.thresholdKmFs} options={[5, 10, 15, 20]} label="Seuil France Services" onChange={(v) => session.view.setDistances(v, view.thresholdKmPn)} />{' '}
              à vol d'oiseau d'une France Services.</>
            )}
          </p>
          <p className="estimate" data-testid="kf-far-pn">
            {f.pop_far_pn === null ? '' : (
              <><strong>{fmtInt(f.pop_far_pn)}</strong> habitants sont à plus de{' '}
              <ThresholdSelect value={view.thresholdKmPn} options={[2, 5, 10, 15]} label="Seuil point numérique" onChange={(v) => session.view.setDistances(view.thresholdKmFs, v)} />{' '}
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
