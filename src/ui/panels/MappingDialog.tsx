import { useState } from 'react';
import type { MappingNeeded } from '../../data/import/import_file.ts';
import { CRS_LABEL_FR, type ColumnMapping, type Crs } from '../../data/import/mapping.ts';
import { HELP_KINDS, type HelpKind } from '../../domain/types.ts';
import { HELP_STYLE } from '../../map/palette.ts';
import { columnOptions, MAX_COLUMN_OPTIONS, previewColumns, shortText } from '../mapping_view.ts';

/** Column mapping for a file whose format is not recognised: the import is not refused. */
export function MappingDialog({ result, waiting = 0, onDone }: { result: MappingNeeded; waiting?: number; onDone: (m: ColumnMapping | null) => void }) {
  const g = result.guesses;
  const [target, setTarget] = useState<'help_points' | 'custom_indicators'>(g.target ?? 'help_points');
  const [x, setX] = useState(g.x ?? '');
  const [y, setY] = useState(g.y ?? '');
  const [crs, setCrs] = useState<Crs>(g.crs ?? 'wgs84');
  const [useGeometry, setUseGeometry] = useState(g.hasPointGeometry);
  const [name, setName] = useState(g.name ?? '');
  const [code, setCode] = useState(g.communeCode ?? '');
  const [agents, setAgents] = useState(g.agents ?? '');
  const [kind, setKind] = useState<HelpKind>(g.kind ?? 'mediation');
  const [values, setValues] = useState<string[]>(g.numericColumns.slice(0, 1));
  const [filter, setFilter] = useState('');
  const columns = result.columns;
  const many = columns.length > MAX_COLUMN_OPTIONS;
  const chosen = [x, y, name, code, agents, ...values];
  const offered = columnOptions(columns, filter, chosen);
  const Select = ({ id, label, value, onChange, optional }: { id: string; label: string; value: string; onChange: (v: string) => void; optional?: boolean }) => (
    <label htmlFor={id} className="mapping-row">
      <span>{label}</span>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {optional && <option value="">(aucune)</option>}
        {!optional && value === '' && <option value="">— choisir —</option>}
        {offered.options.map((c) => <option key={c} value={c}>{shortText(c)}</option>)}
      </select>
    </label>
  );
  const shown = previewColumns(columns, chosen);
  const valid = target === 'help_points' ? useGeometry || (x !== '' && y !== '') : code !== '' && values.length > 0;
  const submit = () => {
    if (!valid) return;
    onDone(
      target === 'help_points'
        ? { target, kind, name: name || null, communeCode: code || null, agents: kind === 'france_services' ? agents || null : null, coordinates: useGeometry ? { type: 'geometry' } : { type: 'columns', x, y, crs } }
        : { target, code, values: values.map((column) => ({ column })) },
    );
  };
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="mapping-title" data-testid="mapping-dialog">
        <h2 id="mapping-title">Préciser les colonnes de « {result.file} »</h2>
        <p>{result.reason} Indiquez ce que contient le fichier ; rien n'est importé avant votre validation.</p>
        {waiting > 0 && <p className="muted" data-testid="mapping-waiting">Ensuite : {waiting} autre(s) fichier(s) à préciser.</p>}
        {g.notes.map((n) => <p key={n} className="muted">{n}</p>)}
        {many && (
          <label htmlFor="map-filter" className="mapping-row" data-testid="mapping-filter">
            <span>Chercher une colonne ({columns.length.toLocaleString('fr-FR')} colonnes)</span>
            <input id="map-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
            {offered.hidden > 0 && (
              <span className="muted">
                {MAX_COLUMN_OPTIONS} premières colonnes proposées sur {offered.matching.toLocaleString('fr-FR')} ; tapez une partie du nom pour trouver les autres.
              </span>
            )}
          </label>
        )}
        <fieldset>
          <legend>Le fichier contient</legend>
          <label className="toggle"><input type="radio" name="target" checked={target === 'help_points'} onChange={() => setTarget('help_points')} /> des points d'aide (un lieu par ligne)</label>
          <label className="toggle"><input type="radio" name="target" checked={target === 'custom_indicators'} onChange={() => setTarget('custom_indicators')} /> un indicateur par commune</label>
        </fieldset>
        {target === 'help_points' ? (
          <>
            <label htmlFor="map-kind" className="mapping-row">
              <span>Type de point</span>
              <select id="map-kind" value={kind} onChange={(e) => setKind(e.target.value as HelpKind)}>
                {HELP_KINDS.map((k) => <option key={k} value={k}>{HELP_STYLE[k].label}</option>)}
              </select>
            </label>
            {g.hasPointGeometry && (
              <label className="toggle"><input type="checkbox" checked={useGeometry} onChange={(e) => setUseGeometry(e.target.checked)} /> Utiliser la géométrie des points</label>
            )}
            {!useGeometry && (
              <>
                <Select id="map-x" label="Longitude ou X" value={x} onChange={setX} />
                <Select id="map-y" label="Latitude ou Y" value={y} onChange={setY} />
                <label htmlFor="map-crs" className="mapping-row">
                  <span>Système de coordonnées</span>
                  <select id="map-crs" value={crs} onChange={(e) => setCrs(e.target.value as Crs)}>
                    {Object.entries(CRS_LABEL_FR).map(([c, l]) => <option key={c} value={c}>{l}</option>)}
                  </select>
                </label>
              </>
            )}
            <Select id="map-name" label="Nom du lieu" value={name} onChange={setName} optional />
            <Select id="map-code" label="Code commune INSEE" value={code} onChange={setCode} optional />
            {kind === 'france_services' && (
              <Select id="map-agents" label="Nombre d'agents (sinon 2 par défaut, signalé lieu par lieu)" value={agents} onChange={setAgents} optional />
            )}
          </>
        ) : (
          <>
            <Select id="map-commune" label="Code commune INSEE" value={code} onChange={setCode} />
            <label htmlFor="map-values" className="mapping-row">
              <span>Indicateur(s)</span>
              <select id="map-values" multiple value={values} onChange={(e) => setValues(Array.from(e.target.selectedOptions, (o) => o.value))}>
                {offered.options.map((c) => <option key={c} value={c}>{shortText(c)}</option>)}
              </select>
            </label>
          </>
        )}
        <details>
          <summary>Aperçu des premières lignes</summary>
          <table className="sample">
            <thead><tr>{shown.map((c) => <th key={c} scope="col">{shortText(c)}</th>)}</tr></thead>
            <tbody>{result.sample.slice(0, 5).map((r) => <tr key={r.line}>{shown.map((c) => <td key={c}>{shortText(String(r.values[c] ?? ''))}</td>)}</tr>)}</tbody>
          </table>
          {shown.length < columns.length && (
            <p className="muted">{shown.length} colonnes sur {columns.length.toLocaleString('fr-FR')} montrées (les colonnes choisies d'abord) ; les cellules longues sont coupées.</p>
          )}
        </details>
        <div className="modal-actions">
          <button type="button" onClick={() => onDone(null)}>Annuler</button>
          <button type="button" className="primary" disabled={!valid} onClick={submit}>Importer</button>
        </div>
      </div>
    </div>
  );
}
