import { useState } from 'react';
import { OPTION_CHARS, shortLabel } from '../../shared/short_label.ts';
import {
  DECAY_PRESET_IDS, DECAY_PRESETS, DEFAULT_DECAY_PRESET, FRAGILITY_INDICATORS, decayLabel, indicatorLabels, type DecayPreset, type HighCriterion,
} from '../../domain/diagnosis/index.ts';
import { fmtInt } from '../../shared/format.ts';
import { analysisIsCurrent, type Session, type SessionState } from '../state/session.ts';
import { DEFAULT_DIAGNOSIS_SETTINGS } from '../state/analysis.ts';
import type { DiagnosisSettings } from '../state/settings.ts';

const CRITERIA: Record<HighCriterion, string> = {
  either: "besoin d'aide ou fragilité élevés",
  need: "besoin d'aide élevé",
  fragility: 'fragilité élevée',
  both: "besoin d'aide et fragilité élevés",
};

/** Editable settings of the diagnosis: index weights, reference area, what "high" means. */
export function DiagnosisSettingsPanel({ state, session }: { state: SessionState; session: Session }) {
  const [draft, setDraft] = useState<DiagnosisSettings>(state.analysis.diagnosisParams);
  const labels = indicatorLabels(state.analysis.fragilityInputs);
  return (
    <details className="diagnosis-settings" data-testid="diagnosis-settings">
      <summary>Paramètres du diagnostic</summary>
      <fieldset>
        <legend>Poids de l'indice local de fragilité (égaux par défaut)</legend>
        {FRAGILITY_INDICATORS.map((k) => (
          <label key={k} className="mapping-row">
            <span>{labels[k]}</span>
            <input type="number" min={0} max={5} step={0.5} value={draft.weights[k]}
              onChange={(e) => setDraft({ ...draft, weights: { ...draft.weights, [k]: Math.max(0, Math.min(5, Number(e.target.value) || 0)) } })} />
          </label>
        ))}
      </fieldset>
      <label className="mapping-row">
        <span>Notes de 1 à 10 calculées par rapport à</span>
        <select value={draft.reference} onChange={(e) => setDraft({ ...draft, reference: e.target.value as DiagnosisSettings['reference'] })}>
          <option value="all">toutes les communes chargées</option>
          <option value="group">les communes du même département</option>
        </select>
      </label>
      <label className="mapping-row">
        <span>Zone mal desservie si</span>
        <select value={draft.criterion} onChange={(e) => setDraft({ ...draft, criterion: e.target.value as HighCriterion })}>
          {Object.entries(CRITERIA).map(([k, l]) => <option key={k} value={k}>{l}</option>)}
        </select>
      </label>
      <label className="mapping-row">
        <span>« Élevé » = parmi les … % les plus hauts</span>
        <input type="number" min={5} max={60} step={5} value={Math.round(draft.topShare * 100)}
          onChange={(e) => setDraft({ ...draft, topShare: Math.max(0.05, Math.min(0.6, (Number(e.target.value) || 30) / 100)) })} />
      </label>
      <label className="mapping-row">
        <span>Pondération selon le temps d'accès (offre et demande d'accompagnement)</span>
        <select value={draft.decay ?? DEFAULT_DECAY_PRESET} data-testid="decay-select" onChange={(e) => setDraft({ ...draft, decay: e.target.value as DecayPreset })}>
          {DECAY_PRESET_IDS.map((id) => (
            // The panel is narrow: the option names the bands' source, its title and the line below give them.
            <option key={id} value={id} title={decayLabel(DECAY_PRESETS[id])}>
              {shortLabel(`${DECAY_PRESETS[id].name ?? id}${id === DEFAULT_DECAY_PRESET ? ', par défaut' : ''}`, OPTION_CHARS)}
            </option>
          ))}
        </select>
        <small data-testid="decay-bands">{decayLabel(DECAY_PRESETS[draft.decay ?? DEFAULT_DECAY_PRESET])}</small>
      </label>
      <div className="data-actions">
        <button type="button" onClick={() => void session.analysis.setDiagnosisParams(draft).catch((e) => session.notify(e))}>Appliquer</button>
        <button type="button" onClick={() => setDraft(DEFAULT_DIAGNOSIS_SETTINGS)}>Valeurs par défaut</button>
      </div>
    </details>
  );
}

/** Key figures per EPCI, for the chosen kind of help point and threshold. */
export function EpciTable({ state }: { state: SessionState }) {
  const figures = analysisIsCurrent(state) ? state.analysis.epciFigures : [];
  if (figures.length === 0) return null;
  return (
    <table className="sources-table epci-table" data-testid="epci-table">
      <caption className="muted">Par EPCI, à plus de {state.view.threshold} min (besoin d'aide : estimation)</caption>
      <thead>
        <tr><th scope="col">EPCI</th><th scope="col">Habitants</th><th scope="col">Au-delà du seuil</th><th scope="col">Besoin d'aide</th></tr>
      </thead>
      <tbody>
        {figures.map((e) => (
          <tr key={e.epci}>
            <th scope="row">{e.epci}</th>
            <td>{fmtInt(e.population)}</td>
            <td>{fmtInt(e.pop_beyond)}</td>
            <td>{e.need === null ? '—' : `≈ ${fmtInt(Math.round(e.need / 10) * 10)}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
