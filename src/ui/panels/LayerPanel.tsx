import { useMemo } from 'react';
import { HELP_KINDS, type HelpKind } from '../../domain/types.ts';
import { DEFAULT_FRAGILITY_PARAMS } from '../../domain/diagnosis/fragility.ts';
import { GRID_CLASS_METHOD, VARIABLES, classMethodText, classesFor, gridBreaks, legendItems, variableNote, variableSource, variableSpec, type ChoroplethVariable } from '../../map/choropleth.ts';
import { HELP_STYLE, SEQUENTIAL_PURPLES, hex, symbolSvg } from '../../map/palette.ts';
import { fmtInt } from '../../shared/format.ts';
import type { ViewState } from '../App.tsx';
import type { Session, SessionState } from '../state/session.ts';
import { screenOf } from '../state/first_screen.ts';
import { NetworkPanel } from './NetworkPanel.tsx';
import { ACCESS_CLASSES } from '../../map/choropleth.ts';
import { ISOCHRONE_COLORS } from '../../map/palette.ts';

interface Props {
  view: ViewState;
  onChange: (v: ViewState) => void;
  state: SessionState;
  session: Session;
}

const ACCESS_LEGEND = ACCESS_CLASSES.colors.map((rgb, i, all) => ({
  color: hex(rgb),
  label: i === 0 ? `moins de ${ACCESS_CLASSES.breaks[0]} min` : i === all.length - 1 ? `${ACCESS_CLASSES.breaks[i - 1]} min et plus` : `${ACCESS_CLASSES.breaks[i - 1]} à ${ACCESS_CLASSES.breaks[i]} min`,
}));

export function LayerPanel({ view, onChange, state, session }: Props) {
  // What the map draws: the live results, or the first screen while the dashboard starts.
  const data = screenOf(state).data;
  const communes = useMemo(() => data?.communes ?? [], [data]);
  const grid = useMemo(() => data?.grid ?? [], [data]);
  const counts = useMemo(() => {
    const c = new Map<string, number>();
    for (const p of data?.helpPoints ?? []) c.set(p.kind, (c.get(p.kind) ?? 0) + 1);
    return c;
  }, [data]);
  const classes = useMemo(() => classesFor(view.variable, communes), [view.variable, communes]);
  const legend = useMemo(() => legendItems(view.variable, classes), [view.variable, classes]);
  const specs = useMemo(() => Object.values(VARIABLES).map((v) => variableSpec(v.id, communes)), [communes]);
  const spec = specs.find((v) => v.id === view.variable)!;
  const note = variableNote(view.variable, { ...DEFAULT_FRAGILITY_PARAMS, reference: state.analysis.diagnosisParams.reference });
  const gridLegend = useMemo(() => {
    const b = gridBreaks(grid);
    return SEQUENTIAL_PURPLES.slice(0, b.length + 1).map((rgb, i) => ({
      color: hex(rgb),
      label: i === 0 ? `moins de ${fmtInt(b[0])} hab.` : i === b.length ? `${fmtInt(b[i - 1])} hab. et plus` : `${fmtInt(b[i - 1])} à ${fmtInt(b[i] - 1)} hab.`,
    }));
  }, [grid]);

  const toggleKind = (k: HelpKind) => {
    const kinds = new Set(view.kinds);
    if (kinds.has(k)) kinds.delete(k);
    else kinds.add(k);
    onChange({ ...view, kinds });
  };

  return (
    <nav className="layer-panel" aria-label="Couches de la carte">
      <h2>Couches</h2>
      <fieldset>
        <legend>Communes</legend>
        <label className="toggle">
          <input type="checkbox" checked={view.showCommunes} onChange={(e) => onChange({ ...view, showCommunes: e.target.checked })} />
          Afficher les communes
        </label>
        <label className="select-label" htmlFor="variable">Indicateur</label>
        <select id="variable" value={view.variable} title={spec.label} onChange={(e) => onChange({ ...view, variable: e.target.value as ChoroplethVariable })}>
          {specs.map((v) => (
            <option key={v.id} value={v.id} title={v.label}>{v.short}</option>
          ))}
        </select>
        {view.showCommunes && (
          <ul className="legend" aria-label={`Légende : ${spec.label}`} data-testid="legend-communes">
            {legend.map((item) => (
              <li key={item.label}><span className="swatch" style={item.symbol === 'line' ? { background: 'transparent', boxShadow: `inset 0 0 0 3px ${item.color}` } : { background: item.color }} />{item.label}</li>
            ))}
            <li className="legend-source" data-testid="legend-source">Source : {variableSource(view.variable, communes)} ; {classMethodText(classes)}.</li>
            {note && <li className="legend-source" data-testid="legend-note">{note}</li>}
          </ul>
        )}
      </fieldset>
      <fieldset>
        <legend>Carreaux de 1 km</legend>
        <label className="toggle">
          <input type="checkbox" checked={view.showGrid} onChange={(e) => onChange({ ...view, showGrid: e.target.checked })} />
          Afficher les carreaux ({fmtInt(grid.length)})
        </label>
        <label className="select-label" htmlFor="grid-mode">Couleur</label>
        <select id="grid-mode" value={view.gridMode} onChange={(e) => onChange({ ...view, gridMode: e.target.value as ViewState['gridMode'] })}>
          <option value="access">Temps d'accès</option>
          <option value="population">Habitants</option>
        </select>
        {view.showGrid && (
          <ul className="legend" aria-label="Légende des carreaux" data-testid="legend-grid">
            {(view.gridMode === 'access' ? ACCESS_LEGEND : gridLegend).map((item) => (
              <li key={item.label}><span className="swatch" style={{ background: item.color }} />{item.label}</li>
            ))}
            <li className="legend-source">{view.gridMode === 'access' ? 'classes fixes' : classMethodText({ breaks: [], colors: [], method: GRID_CLASS_METHOD })}.</li>
          </ul>
        )}
      </fieldset>
      <fieldset>
        <legend>Trajets</legend>
        <label className="toggle">
          <input type="checkbox" checked={view.showRoads} onChange={(e) => onChange({ ...view, showRoads: e.target.checked })} />
          Routes
        </label>
        <label className="toggle">
          <input type="checkbox" checked={view.showZones} onChange={(e) => onChange({ ...view, showZones: e.target.checked })} />
          <span className="swatch" style={{ background: 'rgba(27,158,119,.35)', borderColor: 'rgb(27,158,119)' }} />
          Zones mal desservies
        </label>
        <label className="toggle">
          <input type="checkbox" checked={view.showIsochrones} disabled={!state.workspace.network} onChange={(e) => onChange({ ...view, showIsochrones: e.target.checked })} />
          Isochrones 15, 30 et 45 min
        </label>
        {view.showIsochrones && (
          <ul className="legend" aria-label="Légende des isochrones">
            {Object.entries(ISOCHRONE_COLORS).map(([m, rgb]) => (
              <li key={m}><span className="swatch" style={{ background: hex(rgb) }} />à moins de {m} min</li>
            ))}
          </ul>
        )}
      </fieldset>
      <NetworkPanel state={state} session={session} />
      <fieldset>
        <legend>Points d'aide</legend>
        {HELP_KINDS.map((k) => (
          <label key={k} className="toggle">
            <input type="checkbox" checked={view.kinds.has(k)} onChange={() => toggleKind(k)} />
            <img className="symbol" src={symbolSvg(k)} alt="" width={20} height={20} />
            {HELP_STYLE[k].label} ({fmtInt(counts.get(k) ?? 0)})
          </label>
        ))}
      </fieldset>
    </nav>
  );
}
