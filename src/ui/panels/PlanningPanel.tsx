import { CANDIDATE_ORIGIN_LABELS, OBJECTIVE_LABELS, WEIGHT_LABELS, type OptimiseOutcome, type WeightChoice, FRANCE_SERVICES_TYPE_LABELS, PRESENCE_EXPLANATION, NO_NATIONAL_SPACING_RULE, CHARTER_SOURCE, checkSentence, type ProposedSite, type FranceServicesType, type KeyFigures, type SiteKind } from '../../domain/planning/index.ts';
import { fmtInt } from '../../shared/format.ts';
import { useMemo, useState } from 'react';
import { OPTION_CHARS, shortLabel } from '../../shared/short_label.ts';
import { exportFichePdf, exportFicheSummaryPdf } from '../../export/fiche_pdf.ts';
import { figureText } from '../../export/fiche_text.ts';
import { ficheInput } from '../fiche_input.ts';
import { ProposedSiteForm } from './ProposedSiteForm.tsx';
import { download, fileName } from '../export_files.ts';
import { analysisIsCurrent, type Session, type SessionState } from '../state/session.ts';
import { isFictional } from '../legend.ts';
import { fmtNeed } from '../missing.ts';
import { estimateText, scenarioMethodText } from '../method_text.ts';
import { GROUP_LABELS } from './AccessPanel.tsx';
import type { HelpPointRow } from '../../data/queries/dashboard.ts';
import { CommunePicker } from './CommunePicker.tsx';
import { ficheProposalText, NO_PROOF_TEXT, proofText } from '../proof_text.ts';
import { DEMAND_UNIT_LABELS, demandText, demandUnitOf, planningDemand, PROOF_BUDGETS, type DemandUnit } from '../state/planning.ts';
import { emptyProposalsText, meanTimeText, penaltyText } from '../planning_text.ts';

const KIND_LABELS: Record<SiteKind, string> = {
  france_services: 'France Services', point_numerique: 'Point numérique', mediatheque: 'Médiathèque', autre: 'Autre lieu',
};
const fmtMin = (m: number) => (Number.isFinite(m) ? `${Math.round(m)} min` : '—');

/** Where to open the next site: proposals, a what-if scenario on the map, and the labelling check. */
export function PlanningPanel({ state, session, selectedPoint }: { state: SessionState; session: Session; selectedPoint: HelpPointRow | null }) {
  const p = state.planning;
  const { analysis, workspace, view } = state;
  const current = analysisIsCurrent(state) && p.basis === analysis.basis;
  const proposals = current ? p.proposals : null;
  const scenarioResult = current ? p.scenarioResult : null;
  const run = (fn: () => Promise<void>) => void fn().catch((e) => session.notify(e));
  const grid = analysis.data?.grid ?? [];
  const communes = analysis.data?.communes ?? [];
  const hasGrid = demandUnitOf(null, grid, communes) === 'grid';
  const unit = demandUnitOf(p.demandUnit, grid, communes);
  return (
    <section className="planning" aria-labelledby="planning-title" data-testid="planning-panel">
      <h2 id="planning-title">Où ouvrir un nouveau lieu ?</h2>
      {/* Said once the start is over (the saved network is read during it). */}
      {!workspace.network && state.phase === 'ready' && (
        <p className="muted" data-testid="planning-estimate">
          Sans réseau routier, propositions, scénarios et fiche se calculent en estimation à vol d'oiseau ({estimateText(workspace.estimate)}).
        </p>
      )}
      {p.note && <p className="muted" role="status" data-testid="planning-note">{p.note}</p>}
      <div className="controls">
        <label>
          Objectif
          <select value={p.objective} title={OBJECTIVE_LABELS[p.objective]} onChange={(e) => session.planner.set({ objective: e.target.value as typeof p.objective })}>
            {Object.entries(OBJECTIVE_LABELS).map(([k, l]) => <option key={k} value={k} title={l}>{shortLabel(l, OPTION_CHARS)}</option>)}
          </select>
        </label>
        <label>
          Compter les habitants par
          <select value={unit} onChange={(e) => run(() => session.planner.setDemandUnit(e.target.value as DemandUnit))} data-testid="planning-unit">
            <option value="grid" disabled={!hasGrid}>{DEMAND_UNIT_LABELS.grid}{hasGrid ? '' : ' (aucun carroyage chargé)'}</option>
            <option value="commune">{DEMAND_UNIT_LABELS.commune}</option>
          </select>
        </label>
        <label>
          {unit === 'grid' ? 'Chaque carreau compte pour' : 'Chaque commune compte pour'}
          <select value={p.weight} title={WEIGHT_LABELS[p.weight]} onChange={(e) => session.planner.set({ weight: e.target.value as WeightChoice })} data-testid="planning-weight">
            {Object.entries(WEIGHT_LABELS).map(([k, l]) => <option key={k} value={k} title={l}>{shortLabel(l, OPTION_CHARS)}</option>)}
          </select>
        </label>
        <label>
          Nombre de lieux
          <input type="number" min={1} max={10} value={p.k} step={1} onChange={(e) => session.planner.set({ k: Math.max(1, Math.min(10, Math.round(Number(e.target.value)) || 1)) })} />
        </label>
        <label>
          Vérification exacte
          <select value={p.proofSeconds} onChange={(e) => session.planner.set({ proofSeconds: Number(e.target.value) })} data-testid="proof-budget">
            {PROOF_BUDGETS.map((b) => <option key={b} value={b}>{b} s au plus</option>)}
            <option value={0}>aucune</option>
          </select>
        </label>
        <button type="button" disabled={p.optimising || !analysisIsCurrent(state)} onClick={() => run(() => session.planner.runOptimiser())}>
          {p.optimising ? 'Calcul…' : 'Proposer des emplacements'}
        </button>
      </div>
      <p className="muted">
        Candidats : centres de commune, médiathèques et points numériques à renforcer, et les sites ajoutés sur la carte. Lieux
        existants ({GROUP_LABELS[view.group].short}) conservés ; seuil {view.threshold} min.
      </p>
      {proposals && <Proposals state={state} session={session} outcome={proposals} />}

      <h3>Scénario : « {p.scenario.name} »</h3>
      <div className="controls">
        <label className="toggle">
          <input type="checkbox" checked={p.clickMode} onChange={(e) => session.planner.set({ clickMode: e.target.checked })} />
          Ajouter un lieu en cliquant sur la carte
        </label>
        <label>
          Type
          <select value={p.newSiteKind} onChange={(e) => session.planner.set({ newSiteKind: e.target.value as SiteKind })}>
            {(['france_services', 'point_numerique', 'mediatheque'] as const).map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
          </select>
        </label>
        {p.newSiteKind === 'france_services' && (
          <label>
            Forme
            <select value={p.newSiteFsType} onChange={(e) => session.planner.set({ newSiteFsType: e.target.value as FranceServicesType })}>
              {Object.entries(FRANCE_SERVICES_TYPE_LABELS).map(([k, l]) => <option key={k} value={k} title={l}>{shortLabel(l, OPTION_CHARS)}</option>)}
            </select>
          </label>
        )}
        {p.newSiteKind === 'france_services' && p.newSiteFsType === 'bus' && (
          <label>
            Jours de présence par semaine (par arrêt)
            <input type="number" min={1} max={5} value={p.newSiteDays} onChange={(e) => session.planner.set({ newSiteDays: Math.max(1, Math.min(5, Number(e.target.value) || 1)) })} />
          </label>
        )}
      </div>
      {p.newSiteFsType === 'bus' && p.newSiteKind === 'france_services' && <p className="muted">{PRESENCE_EXPLANATION}</p>}
      <CommunePicker communes={analysis.data?.communes ?? []} onPick={(c) => run(() => session.planner.addScenarioSite({ lon: c.lon, lat: c.lat, name: `Nouveau lieu à ${c.nom}` }))} />
      {p.scenario.added.length > 0 && (
        <ul className="scenario-sites" data-testid="scenario-sites">
          {p.scenario.added.map((s) => (
            <li key={s.id}>
              {s.name} — {KIND_LABELS[s.kind]}{s.fsType === 'bus' ? `, bus ${s.daysPerWeek} j/sem.` : ''}
              <button type="button" className="link" onClick={() => run(() => session.planner.setScenario({ ...p.scenario, added: p.scenario.added.filter((x) => x.id !== s.id) }))}>Retirer</button>
              {s.kind === 'france_services' && (
                <button type="button" className="link" onClick={() => run(() => session.planner.labellingCheck({ id: s.id, name: s.name ?? 'Projet', lon: s.lon, lat: s.lat, fsType: s.fsType }))}>Fiche de labellisation</button>
              )}
            </li>
          ))}
        </ul>
      )}
      {selectedPoint && (
        <p className="selected-point" data-testid="selected-point">
          Lieu sélectionné : {selectedPoint.name}.{' '}
          <button type="button" className="link" onClick={() => run(() => session.planner.toggleRemovedSite(selectedPoint.id))}>
            {p.scenario.removed.includes(selectedPoint.id) ? 'Le remettre dans le scénario' : 'Le retirer dans le scénario'}
          </button>
        </p>
      )}
      {p.scenario.removed.length > 0 && (
        <p className="muted" data-testid="removed-sites">{p.scenario.removed.length} lieu(x) existant(s) retiré(s) dans ce scénario.</p>
      )}
      <p className="muted">Les lieux ajoutés se déplacent en les faisant glisser sur la carte ; les chiffres suivent.</p>
      {scenarioResult && <BeforeAfter before={scenarioResult.before} after={scenarioResult.after} gained={p.gained.size} ages={analysis.figures?.pop_75p !== null} method={scenarioMethodText(scenarioResult)} />}
      {!scenarioResult && (p.scenario.added.length > 0 || p.scenario.removed.length > 0) && <p className="muted" data-testid="scenario-pending">Calcul du scénario…</p>}
      <div className="data-actions">
        <label>
          Nom
          <input type="text" value={p.scenario.name} onChange={(e) => session.planner.set({ scenario: { ...p.scenario, name: e.target.value } })} />
        </label>
        <button type="button" onClick={() => run(() => session.planner.saveScenario())}>Enregistrer le scénario</button>
        {p.saved.length > 0 && (
          <select aria-label="Ouvrir un scénario enregistré" value="" onChange={(e) => {
            const s = p.saved.find((x) => x.name === e.target.value);
            if (s) run(() => session.planner.setScenario(s));
          }}>
            <option value="">Ouvrir un scénario…</option>
            {p.saved.map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
          </select>
        )}
      </div>
      {p.saved.length >= 2 && <CompareScenarios state={state} session={session} />}
      {p.fiche && current && <FicheDialog state={state} session={session} onClose={() => session.planner.set({ fiche: null })} />}
    </section>
  );
}

/** The optimiser's answer: its proposals with how they were computed, or why it could not weigh the communes. */
function Proposals({ state, session, outcome }: { state: SessionState; session: Session; outcome: OptimiseOutcome }) {
  const { analysis, view } = state;
  const p = state.planning;
  const run = (fn: () => Promise<void>) => void fn().catch((e) => session.notify(e));
  const data = analysis.data;
  const planned = useMemo(() => planningDemand(p.demandUnit, { communes: data?.communes ?? [], grid: data?.grid ?? [] }), [p.demandUnit, data]);
  const byPopulation = () => {
    session.planner.set({ weight: 'population' });
    run(() => session.planner.runOptimiser());
  };
  if (outcome.status === 'weight_missing') {
    return (
      <div className="proposals-refused" role="alert" data-testid="proposals-refused">
        <p>{outcome.message}</p>
        {outcome.alternatives.map((w) => (
          <button key={w} type="button" onClick={() => {
            session.planner.set({ weight: w });
            run(() => session.planner.runOptimiser());
          }}>Pondérer par : {WEIGHT_LABELS[w].toLowerCase()}</button>
        ))}
      </div>
    );
  }
  const straight = outcome.method === 'vol_oiseau';
  const weight = outcome.weight.choice === 'custom' ? p.weight : outcome.weight.choice;
  const ages = analysis.figures?.pop_75p !== null;
  return (
    <>
      <p className="muted" data-testid="proposals-method">
        {straight ? `Estimation à vol d'oiseau (${estimateText(outcome.estimate)}).` : 'Temps de trajet routiers.'}
        {!straight && outcome.estimated.units > 0 && ` ${fmtInt(outcome.estimated.population)} habitants hors du réseau routier sont comptés en estimation à vol d'oiseau.`}
        {' '}{demandText(planned, weight)}
        {' '}Pondération : {WEIGHT_LABELS[weight].toLowerCase()}.
        {outcome.objective === 'p_median' && <> {penaltyText(outcome.penalty)}</>}
        {outcome.weight.warning && <> {outcome.weight.warning}</>}
      </p>
      {outcome.weight.warning && weight !== 'population' && (
        <p className="data-actions"><button type="button" onClick={byPopulation} data-testid="weight-population">Pondérer par la population</button></p>
      )}
      {outcome.objective === 'p_median' && outcome.proposals.length > 0 && <p data-testid="proposals-mean">{meanTimeText(outcome)}</p>}
      <ol className="proposals" data-testid="proposals">
        {outcome.proposals.map((pr) => (
          <li key={pr.index}>
            <strong>{pr.candidate.communeName ?? pr.candidate.id}</strong> <span className="muted">({CANDIDATE_ORIGIN_LABELS[pr.candidate.origin]})</span>
            <div>
              +{fmtInt(pr.newlyWithin.population)} habitants à moins de {outcome.threshold} min
              {ages && <>, dont {fmtInt(pr.newlyWithin.pop75)} de 75 ans et plus et {fmtNeed(pr.newlyWithin.need)} personnes ayant besoin d'aide (estimation)</>}
              {straight ? " (estimation à vol d'oiseau)" : ''}.
            </div>
            {pr.nearestExisting && (
              <div className="muted">
                Lieu existant le plus proche : {pr.nearestExisting.name ?? pr.nearestExisting.id}, à {fmtMin(pr.nearestExisting.minutes)}
                {pr.nearestExisting.method === 'vol_oiseau' ? " (estimation à vol d'oiseau)" : ''}.
              </div>
            )}
            <div className="data-actions">
              <button type="button" onClick={() => run(() => {
                const c = analysis.data?.communes.find((x) => `commune:${x.code}` === pr.candidate.id);
                const hp = analysis.data?.helpPoints.find((x) => x.id === pr.candidate.id);
                const where = c ? { lon: c.lon, lat: c.lat, name: `Nouveau lieu à ${c.nom}` } : hp ? { lon: hp.lon, lat: hp.lat, name: hp.name } : null;
                return where ? session.planner.addScenarioSite(where) : Promise.resolve();
              })}>Ajouter au scénario</button>
            </div>
          </li>
        ))}
        {outcome.proposals.length === 0 && <li data-testid="proposals-empty">{emptyProposalsText(outcome, view.group === 'france_services' ? "d'une France Services" : "d'un point d'aide")}</li>}
      </ol>
      {!p.proof && outcome.proposals.length > 0 && <p className="muted" data-testid="proposals-proof" data-status="none">{NO_PROOF_TEXT}</p>}
      {p.proof && (
        <p className={p.proof.status === 'optimal' ? '' : 'muted'} role="status" data-testid="proposals-proof" data-status={p.proof.status}>
          {proofText(p.proof, outcome.objective, weight)}
          {p.proof.status === 'running' && (
            <> <button type="button" onClick={() => session.planner.stopProof()}>Arrêter</button></>
          )}
        </p>
      )}
      {outcome.proposals.length > 0 && outcome.proposals.length < p.k && (
        <p className="muted" data-testid="proposals-note">
          {outcome.proposals.length} emplacement(s) proposé(s) : au-delà, aucun lieu supplémentaire {outcome.objective === 'p_median' ? 'ne réduit le temps moyen pondéré' : "n'ajoute de personnes pondérées sous le seuil"}.
        </p>
      )}
    </>
  );
}

function CompareScenarios({ state, session }: { state: SessionState; session: Session }) {
  const p = state.planning;
  const names = p.saved.map((s) => s.name);
  const [a, b] = p.comparison?.map((c) => c.name) ?? [names[0], names[1]];
  const choose = (x: string, y: string) => void session.planner.compareScenarios(x, y).catch((e) => session.notify(e));
  const rows: [string, (k: KeyFigures) => string][] = [
    [`Habitants à plus de ${state.view.threshold} min`, (k) => fmtInt(k.populationBeyond)],
    ['dont 75 ans et plus', (k) => fmtInt(k.pop75Beyond)],
    ["Personnes ayant besoin d'aide au-delà (estimation)", (k) => fmtNeed(k.needBeyond)],
    ['Temps moyen', (k) => fmtMin(k.meanMinutes)],
  ];
  return (
    <div className="compare" data-testid="compare">
      <h3>Comparer deux scénarios</h3>
      <div className="controls">
        <select aria-label="Premier scénario" value={a} onChange={(e) => choose(e.target.value, b)}>{names.map((n) => <option key={n}>{n}</option>)}</select>
        <select aria-label="Second scénario" value={b} onChange={(e) => choose(a, e.target.value)}>{names.map((n) => <option key={n}>{n}</option>)}</select>
        <button type="button" onClick={() => choose(a, b)}>Comparer</button>
      </div>
      {p.comparison && (
        <table className="sources-table" data-testid="compare-table">
          <caption className="muted" data-testid="compare-method">
            {new Set(p.comparison.map((c) => scenarioMethodText(c.result))).size === 1
              ? scenarioMethodText(p.comparison[0].result)
              : p.comparison.map((c) => `« ${c.name} » : ${scenarioMethodText(c.result)}`).join(' ')}
          </caption>
          <thead><tr><th scope="col">Indicateur</th><th scope="col">Aujourd'hui</th>{p.comparison.map((c) => <th key={c.name} scope="col">{c.name}</th>)}</tr></thead>
          <tbody>
            {rows.map(([label, f]) => (
              <tr key={label}><th scope="row">{label}</th><td>{f(p.comparison![0].result.before)}</td>{p.comparison!.map((c) => <td key={c.name}>{f(c.result.after)}</td>)}</tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function BeforeAfter({ before, after, gained, ages, method }: { before: KeyFigures; after: KeyFigures; gained: number; ages: boolean; method: string }) {
  const rows: [string, number, number, (v: number) => string][] = [
    [`Habitants à plus de ${before.thresholdMinutes} min`, before.populationBeyond, after.populationBeyond, (v) => fmtInt(v)],
    ...(ages ? [
      ['dont 75 ans et plus', before.pop75Beyond, after.pop75Beyond, (v: number) => fmtInt(v)],
      ["Personnes ayant besoin d'aide au-delà (estimation)", before.needBeyond, after.needBeyond, (v: number) => fmtNeed(v)],
    ] as [string, number, number, (v: number) => string][] : []),
    ['Temps moyen', before.meanMinutes, after.meanMinutes, fmtMin],
  ];
  return (
    <table className="sources-table before-after" data-testid="before-after">
      <caption className="muted">
        Avant / après le scénario ; {fmtInt(gained)} commune(s) gagnent du temps (entourées sur la carte).{' '}
        <span data-testid="before-after-method">{method}</span>
      </caption>
      <thead><tr><th scope="col">Indicateur</th><th scope="col">Avant</th><th scope="col">Après</th></tr></thead>
      <tbody>
        {rows.map(([label, b, a, f]) => (
          <tr key={label}><th scope="row">{label}</th><td>{f(b)}</td><td>{f(a)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

function FicheDialog({ state, session, onClose }: { state: SessionState; session: Session; onClose: () => void }) {
  const f = state.planning.fiche!;
  const [busy, setBusy] = useState(false);
  const proposal = ficheProposalText(state.planning.proposals, state.planning.proof, f.candidate, state.planning.weight);
  const input = () => ficheInput(f, {
    others: (state.analysis.data?.helpPoints ?? []).filter((h) => h.kind === 'france_services').map((h) => ({ lon: h.lon, lat: h.lat })),
    date: new Date(),
    sources: state.analysis.sources.map((s) => ({ label: s.format_label, vintage: s.vintage ?? 'millésime non précisé' })),
    proposal,
    fictional: isFictional(state),
    thresholdMinutes: state.view.threshold,
  });
  const name = f.form.name || f.candidate.name || 'projet';
  const exportPdf = async (summary: boolean) => {
    const bytes = await (summary ? exportFicheSummaryPdf : exportFichePdf)(input());
    download(bytes, 'application/pdf', fileName(`${summary ? 'synthese' : 'fiche'}-labellisation-${name}`, new Date(), 'pdf'));
  };
  const update = (form: ProposedSite) => {
    setBusy(true);
    session.planner.labellingCheck({ ...f.candidate, name: f.candidate.name ?? 'Projet' }, form).catch((e) => session.notify(e)).finally(() => setBusy(false));
  };
  const nearest = f.fiche.nearestThree;
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="fiche-title" data-testid="fiche-dialog">
        <h2 id="fiche-title">{f.fiche.title}</h2>
        <ProposedSiteForm key={f.candidate.id} initial={f.form} onSubmit={update} busy={busy} />
        <h3>Les trois France services les plus proches</h3>
        <ol data-testid="fiche-nearest">
          {nearest.map((n) => (
            <li key={n.siteId}>{n.name ?? n.siteId} : {figureText(n.minutes, 'min')}, {figureText(n.meters / 1000, 'km')}{n.method === 'vol_oiseau' ? " (estimation à vol d'oiseau)" : ' par la route'}</li>
          ))}
          {nearest.length === 0 && <li>Aucune France services existante n'est chargée.</li>}
        </ol>
        <table className="sources-table">
          <tbody>
            {f.fiche.figures.filter((x) => !x.key.startsWith('proche_')).map((x) => (
              <tr key={x.key}><th scope="row">{x.label}</th><td>{figureText(x.value, x.unit)}</td></tr>
            ))}
          </tbody>
        </table>
        <ul className="checks" data-testid="fiche-checks">
          {f.fiche.checks.map((c) => (
            <li key={c.key} className={`check-${c.status}`} data-status={c.status}><strong>{c.label}</strong> : {checkSentence(c)}</li>
          ))}
        </ul>
        {proposal && <p data-testid="fiche-proposal">{proposal}</p>}
        <p className="muted">{CHARTER_SOURCE} {NO_NATIONAL_SPACING_RULE}</p>
        <div className="modal-actions">
          <button type="button" onClick={() => void exportPdf(false).catch((e) => session.notify(e))}>Exporter la fiche (PDF)</button>
          <button type="button" onClick={() => void exportPdf(true).catch((e) => session.notify(e))}>Exporter la synthèse CDAC (PDF, 1 page)</button>
          <button type="button" className="primary" onClick={onClose} autoFocus>Fermer</button>
        </div>
      </div>
    </div>
  );
}
