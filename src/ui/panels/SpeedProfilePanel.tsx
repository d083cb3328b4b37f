import { useState } from 'react';
import { defaultSpeedProfile, type SpeedProfile } from '../../domain/routing/index.ts';
import type { Session, SessionState } from '../state/session.ts';

const OSM_LABELS: Record<string, string> = {
  motorway: 'Autoroute', trunk: 'Voie express', primary: 'Route principale', secondary: 'Route secondaire',
  tertiary: 'Route tertiaire', unclassified: 'Route non classée', residential: 'Rue résidentielle',
  living_street: 'Zone de rencontre', service: 'Voie de desserte', road: 'Route (type inconnu)', track: 'Chemin carrossable',
};
const IGN_LABELS: Record<string, string> = {
  '1': 'Importance 1 (liaisons nationales)', '2': 'Importance 2 (liaisons régionales)', '3': 'Importance 3 (liaisons départementales)',
  '4': 'Importance 4 (liaisons locales)', '5': 'Importance 5 (desserte)', '6': 'Importance 6 (voies secondaires)',
};

/** The speeds used to turn roads into travel times: visible, editable, applied by reading the network again. */
export function SpeedProfilePanel({ state, session }: { state: SessionState; session: Session }) {
  const [draft, setDraft] = useState<SpeedProfile>(state.workspace.profile);
  const edit = (fn: (p: SpeedProfile) => void) => {
    const next = structuredClone(draft);
    fn(next);
    setDraft(next);
  };
  const num = (v: string) => Math.max(1, Math.min(130, Number(v) || 1));
  const row = (label: string, value: { rural: number; urban: number }, onChange: (col: 'rural' | 'urban', v: number) => void) => (
    <tr key={label}>
      <th scope="row">{label}</th>
      {(['rural', 'urban'] as const).map((col) => (
        <td key={col}>
          <input type="number" min={1} max={130} value={value[col]} aria-label={`${label}, ${col === 'rural' ? 'hors agglomération' : 'en agglomération'} (km/h)`} onChange={(e) => onChange(col, num(e.target.value))} />
        </td>
      ))}
    </tr>
  );
  return (
    <details className="speed-profile" data-testid="speed-profile">
      <summary>Vitesses utilisées (modifiables)</summary>
      <p className="muted">
        Vitesses moyennes de trajet, en km/h. OpenStreetMap : la vitesse limite indiquée (maxspeed) × {draft.osm.maxspeedFactor.toLocaleString('fr-FR')} quand elle existe,
        sinon la vitesse de la classe de route. IGN : la vitesse moyenne de l'IGN (vitesse_moyenne_vl) quand elle existe, sinon celle de l'importance.
      </p>
      <label className="toggle">
        <input type="checkbox" checked={draft.ign.useVitesseMoyenne} onChange={(e) => edit((p) => void (p.ign.useVitesseMoyenne = e.target.checked))} />
        Utiliser la vitesse moyenne IGN quand elle existe
      </label>
      <label className="select-label" htmlFor="osm-context">Routes OpenStreetMap sans indication : vitesses</label>
      <select id="osm-context" value={draft.osm.context} onChange={(e) => edit((p) => void (p.osm.context = e.target.value as 'rural' | 'urban'))}>
        <option value="rural">hors agglomération</option>
        <option value="urban">en agglomération</option>
      </select>
      <table className="speeds">
        <thead><tr><th scope="col">Classe</th><th scope="col">Hors agglo.</th><th scope="col">En agglo.</th></tr></thead>
        <tbody>
          {Object.entries(draft.osm.highway).filter(([k]) => OSM_LABELS[k]).map(([k, v]) => row(OSM_LABELS[k], v, (col, x) => edit((p) => void (p.osm.highway[k][col] = x))))}
          {Object.entries(draft.ign.importance).map(([k, v]) => row(IGN_LABELS[k] ?? `Importance ${k}`, v, (col, x) => edit((p) => void (p.ign.importance[k][col] = x))))}
        </tbody>
      </table>
      <div className="data-actions">
        <button type="button" disabled={!state.workspace.network || state.workspace.networkProgress !== null} onClick={() => void session.workspace.setProfile(draft).catch((e) => session.notify(e))}>Appliquer et recalculer</button>
        <button type="button" onClick={() => setDraft(defaultSpeedProfile())}>Valeurs par défaut</button>
      </div>
    </details>
  );
}
