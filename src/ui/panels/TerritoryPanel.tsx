import { fmtInt } from '../../shared/format.ts';
import { OPTION_CHARS, shortLabel } from '../../shared/short_label.ts';
import type { Session, SessionState } from '../state/session.ts';
import type { TerritoryChoice } from '../state/settings.ts';
import { departementName } from '../../data/territory_name.ts';

/** The territory studied: all loaded communes, a département or an EPCI, plus the buffer. */
export function TerritoryPanel({ state, session }: { state: SessionState; session: Session }) {
  const { selection, bufferKm } = state.workspace.territory;
  const { territoryOptions, territorySummary } = state.analysis;
  const value = selection.type === 'all' ? 'all' : selection.type === 'departement' ? `dep:${selection.code}` : selection.type === 'epci' ? `epci:${selection.siren}` : 'all';
  const choose = (v: string) => {
    const next: TerritoryChoice['selection'] = v.startsWith('dep:') ? { type: 'departement', code: v.slice(4) } : v.startsWith('epci:') ? { type: 'epci', siren: v.slice(5) } : { type: 'all' };
    void session.workspace.setTerritory({ selection: next, bufferKm });
  };
  const t = territorySummary;
  return (
    <fieldset className="territory-panel" data-testid="territory-panel">
      <legend>Territoire étudié</legend>
      <label className="mapping-row">
        <span>Territoire</span>
        <select value={value} onChange={(e) => choose(e.target.value)} aria-label="Territoire étudié">
          <option value="all">Toutes les communes chargées</option>
          {territoryOptions.departements.map((d) => <option key={d} value={`dep:${d}`}>{departementName(d) ? `${departementName(d)} (${d})` : `Département ${d}`}</option>)}
          {territoryOptions.epcis.map((e) => <option key={e.siren} value={`epci:${e.siren}`} title={e.nom}>{shortLabel(e.nom, OPTION_CHARS)}</option>)}
        </select>
      </label>
      <label className="mapping-row">
        <span>Zone tampon (km)</span>
        <input type="number" min={0} max={50} value={bufferKm} aria-label="Zone tampon en kilomètres"
          onChange={(e) => void session.workspace.setTerritory({ selection, bufferKm: Math.max(0, Math.min(50, Number(e.target.value) || 0)) })} />
      </label>
      {t && (
        <p className="muted" data-testid="territory-summary">
          {fmtInt(t.communesInside)} communes ; {fmtInt(t.helpPointsInside)} points d'aide dans le territoire et{' '}
          {fmtInt(t.helpPointsInBuffer)} à moins de {bufferKm} km au-delà, pris en compte dans les calculs
          (une France Services voisine sert aussi nos habitants).
        </p>
      )}
    </fieldset>
  );
}
