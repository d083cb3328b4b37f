import { useMemo, useState } from 'react';
import type { CommuneRow } from '../../data/queries/dashboard.ts';
import { fmt1, fmtInt, fmtPct } from '../../shared/format.ts';
import { analysisIsCurrent, type SessionState } from '../state/session.ts';
import { GROUP_LABELS } from './AccessPanel.tsx';
import { PEOPLE_PER_FTE_LABEL, peoplePerFteText } from '../../domain/access/diagnose.ts';
import { fibreLabelsOf } from '../../domain/fixed_labels.ts';
import { NO_4G_LABEL } from '../../map/choropleth.ts';

type Key = 'nom' | 'epci_nom' | 'population' | 'pop_75p' | 'access_minutes' | 'fragility' | 'need' | 'people_per_fte' | 'ftth_rate' | 'no4g_share';

const COLUMNS: { key: Key; label: string; numeric: boolean; format: (c: CommuneRow) => string }[] = [
  { key: 'nom', label: 'Commune', numeric: false, format: (c) => c.nom },
  { key: 'epci_nom', label: 'EPCI', numeric: false, format: (c) => c.epci_nom ?? (c.epci ? `EPCI ${c.epci} (nom inconnu)` : '—') },
  { key: 'population', label: 'Population', numeric: true, format: (c) => fmtInt(c.population) },
  { key: 'pop_75p', label: '75 ans et plus', numeric: true, format: (c) => fmtInt(c.pop_75p) },
  { key: 'access_minutes', label: "Temps d'accès moyen (min)", numeric: true, format: (c) => (c.access_minutes === null ? '—' : fmtInt(c.access_minutes)) },
  { key: 'fragility', label: 'Indice local de fragilité (1–10)', numeric: true, format: (c) => (c.fragility === null ? '—' : fmt1(c.fragility)) },
  { key: 'need', label: "Besoin d'aide (estimation)", numeric: true, format: (c) => (c.need === null ? '—' : fmtInt(Math.round(c.need / 10) * 10)) },
  { key: 'people_per_fte', label: PEOPLE_PER_FTE_LABEL, numeric: true, format: (c) => peoplePerFteText(c.people_per_fte, c.people_per_fte_status, fmtInt) },
  // Its header is named after what the loaded files measure (fibre FTTH, or ≥ 1 Gbit/s with cable).
  { key: 'ftth_rate', label: 'Fibre', numeric: true, format: (c) => fmtPct(c.ftth_rate) },
  { key: 'no4g_share', label: NO_4G_LABEL, numeric: true, format: (c) => fmtPct(c.no4g_share) },
];

/** One sentence per commune, for screen readers and exports. */
export function communeSentence(c: CommuneRow, threshold: number, phrase: string): string {
  const beyond = c.access_share_beyond !== null && c.pop_75p !== null ? Math.round(c.pop_75p * c.access_share_beyond) : null;
  if (beyond === null) return `À ${c.nom}, le temps d'accès n'est pas calculé.`;
  return `À ${c.nom}, ${fmtInt(beyond)} habitant${beyond > 1 ? 's' : ''} de 75 ans et plus ${beyond > 1 ? 'vivent' : 'vit'} à plus de ${threshold} minutes ${phrase}.`;
}

/** The commune table, sortable from its headers: the same figures as the map. */
export function CommuneTable({ state }: { state: SessionState }) {
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'need', desc: true });
  const rows = useMemo(() => {
    const list = [...((analysisIsCurrent(state) ? state.analysis.data?.communes : null) ?? [])];
    const v = (c: CommuneRow) => c[sort.key];
    list.sort((a, b) => {
      const x = v(a);
      const y = v(b);
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const cmp = typeof x === 'string' ? x.localeCompare(String(y), 'fr') : (x as number) - (y as number);
      return sort.desc ? -cmp : cmp;
    });
    return list;
  }, [state, sort]);
  const phrase = GROUP_LABELS[state.view.group].phrase;
  const fibre = fibreLabelsOf(rows);
  return (
    <div className="table-view" data-testid="commune-table">
      <table className="commune-table">
        <caption>
          Communes du territoire ({fmtInt(rows.length)}). Temps vers le point le plus proche : {GROUP_LABELS[state.view.group].short}.
          Cliquez sur un en-tête pour trier.
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((col) => (
              <th key={col.key} scope="col" aria-sort={sort.key === col.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button type="button" onClick={() => setSort({ key: col.key, desc: sort.key === col.key ? !sort.desc : col.numeric })}>
                  {col.key === 'ftth_rate' ? fibre.short : col.label}
                  {sort.key === col.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.code} className={c.underserved ? 'underserved' : undefined}>
              {COLUMNS.map((col, i) =>
                i === 0 ? (
                  <th key={col.key} scope="row">
                    {col.format(c)}
                    <span className="sr-only"> {communeSentence(c, state.view.threshold, phrase)}</span>
                  </th>
                ) : (
                  <td key={col.key} className={col.numeric ? 'num' : undefined}>{col.format(c)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
