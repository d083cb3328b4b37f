/** The variables the communes choropleth can show, with their classes and legend. */
import { classOf, quantileBreaks } from '../domain/classify.ts';
import type { CommuneRow, GridRow } from '../data/queries/dashboard.ts';
import { fmt1, fmtInt, fmtPct } from '../shared/format.ts';
import { MISSING_COLOR, SEQUENTIAL_PURPLES, SEQUENTIAL_YLGNBU, SEQUENTIAL_YLORRD, hex, type Rgb } from './palette.ts';

export type ChoroplethVariable = 'access_minutes' | 'fragility' | 'need_rate' | 'people_per_fte' | 'population' | 'share_75p' | 'ftth_rate';

export interface VariableSpec {
  id: ChoroplethVariable;
  label: string;
  value: (c: CommuneRow) => number | null;
  format: (v: number) => string;
  /** Where the figure comes from, shown in the legend. */
  source: string;
  /** Fixed class breaks and colours (otherwise quantiles over the communes). */
  fixed?: Classes;
}

/** Travel-time classes: under 15, 15–20, 20–30, 30–45, 45 min and more (the thresholds users reason with). */
export const ACCESS_CLASSES: Classes = { breaks: [15, 20, 30, 45], colors: SEQUENTIAL_YLORRD };

const fmtMinutes = (v: number) => `${Math.round(v)} min`;

export const VARIABLES: Record<ChoroplethVariable, VariableSpec> = {
  access_minutes: {
    id: 'access_minutes', label: "Temps d'accès au point d'aide le plus proche", value: (c) => c.access_minutes, format: fmtMinutes,
    source: 'Calcul Maillage : temps de trajet routier moyen des habitants (carreaux de 1 km)',
    fixed: ACCESS_CLASSES,
  },
  fragility: {
    id: 'fragility', label: 'Indice de fragilité numérique (1 à 10)', value: (c) => c.fragility, format: (v) => fmt1(v),
    source: 'Calcul Maillage : fibre, 4G (estimation), âge, diplôme, revenus — voir « Méthode »',
    fixed: { breaks: [3, 4.5, 6, 7.5], colors: SEQUENTIAL_PURPLES },
  },
  need_rate: {
    id: 'need_rate', label: "Part estimée d'habitants ayant besoin d'aide", value: (c) => c.need_rate, format: fmtPct,
    source: 'Estimation Maillage : population par âge × taux d’illectronisme (INSEE Première n° 1953)',
  },
  people_per_fte: {
    id: 'people_per_fte', label: "Personnes à accompagner par ETP d'aidant accessible", value: (c) => (c.people_per_fte === null ? null : Math.min(c.people_per_fte, 1e9)), format: (v) => (v >= 1e9 ? 'aucun aidant à 30 min' : fmtInt(v)),
    source: 'Estimation Maillage : méthode E2SFCA (comme l’APL de la DREES), voir « Méthode »',
  },
  population: {
    id: 'population', label: 'Population municipale', value: (c) => c.population, format: fmtInt,
    source: 'Populations légales (INSEE)',
  },
  share_75p: {
    id: 'share_75p', label: 'Part des 75 ans et plus', value: (c) => c.share_75p, format: fmtPct,
    source: "Population par tranche d'âge (INSEE, recensement)",
  },
  ftth_rate: {
    id: 'ftth_rate', label: 'Locaux éligibles à la fibre (FTTH)', value: (c) => c.ftth_rate, format: fmtPct,
    source: 'Ma connexion internet (ARCEP)',
  },
};

export interface Classes {
  breaks: number[];
  colors: Rgb[];
}

export function classesFor(variable: ChoroplethVariable, communes: readonly CommuneRow[]): Classes {
  const fixed = VARIABLES[variable].fixed;
  if (fixed) return fixed;
  const breaks = quantileBreaks(communes.map(VARIABLES[variable].value), SEQUENTIAL_YLGNBU.length);
  return { breaks, colors: SEQUENTIAL_YLGNBU.slice(0, breaks.length + 1) };
}

export function colorOf(value: number | null, classes: Classes): Rgb {
  const c = classOf(value, classes.breaks);
  return c === null ? MISSING_COLOR : classes.colors[c];
}

export interface LegendItem {
  color: string;
  label: string;
}

export function legendItems(variable: ChoroplethVariable, classes: Classes): LegendItem[] {
  const { format } = VARIABLES[variable];
  const { breaks, colors } = classes;
  const items = colors.map((rgb, i) => {
    const label =
      breaks.length === 0 ? 'toutes les communes'
      : i === 0 ? `moins de ${format(breaks[0])}`
      : i === breaks.length ? `${format(breaks[i - 1])} et plus`
      : `de ${format(breaks[i - 1])} à moins de ${format(breaks[i])}`;
    return { color: hex(rgb), label };
  });
  return [...items, { color: hex(MISSING_COLOR), label: 'donnée manquante' }];
}

/** Quantile class breaks of the grid cells' population (one per colour of the purple scale). */
export function gridBreaks(rows: readonly Pick<GridRow, 'pop'>[]): number[] {
  return quantileBreaks(rows.map((r) => r.pop), SEQUENTIAL_PURPLES.length);
}
