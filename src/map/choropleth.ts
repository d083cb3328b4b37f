/** The variables the communes choropleth can show, with their classes and legend. */
import { accessMethodText } from '../domain/access_text.ts';
import { PEOPLE_PER_FTE_LABEL, PEOPLE_PER_FTE_SHORT, PEOPLE_PER_FTE_STATUS_FR, peoplePerFteStatusOf, type PeoplePerFteStatus } from '../domain/access/diagnose.ts';
import { fragilityScaleNote } from '../domain/diagnosis/method.ts';
import type { FragilityParams } from '../domain/diagnosis/fragility.ts';
import { classBreaks, classOf, summarizeClasses, type ClassMethod, type ClassSummary } from '../domain/classify.ts';
import type { CommuneRow, GridRow } from '../shared/rows.ts';
import { fmt1, fmtInt, fmtPct } from '../shared/format.ts';
import { fibreLabels, fibreLabelsOf, type FibreLabels } from '../domain/fixed_labels.ts';
import { MISSING_COLOR, SEQUENTIAL_PURPLES, SEQUENTIAL_YLGNBU, SEQUENTIAL_YLORRD, hex, type Rgb } from './palette.ts';

export type ChoroplethVariable = 'access_minutes' | 'fragility' | 'need_rate' | 'people_per_fte' | 'population' | 'share_75p' | 'ftth_rate' | 'no4g_share';

export interface VariableSpec {
  id: ChoroplethVariable;
  label: string;
  /** A few words for the indicator's select (the full label in its title and the legend). */
  short: string;
  value: (c: CommuneRow) => number | null;
  format: (v: number) => string;
  /** Where the figure comes from, shown in the legend (see variableSource for the travel times). */
  source: string;
  /** Fixed class breaks and colours; otherwise classes computed on the values by `method`. */
  fixed?: Classes;
  /** How classes are computed on the values (default quantiles). */
  method?: ClassMethod;
  /**
   * For a figure that can be "not a number" for a stated reason (no helper in reach, no demand…):
   * the commune's status. A status with a `STATUS_STYLE` colour is drawn and listed apart from the
   * classes (its communes have no value, so they never enter the breaks); an outlined one keeps
   * its class colour and gets an outline.
   */
  status?: (c: CommuneRow) => PeoplePerFteStatus | null;
}

/** How the communes of each people-per-FTE status are drawn: their own fill, or their class's fill with an outline. */
export const STATUS_STYLE: Readonly<Partial<Record<PeoplePerFteStatus, { fill?: Rgb; outline?: Rgb; legend: string }>>> = Object.freeze({
  // The worst case: darker than the darkest class, and of another hue (brown, not blue).
  aucun_aidant: { fill: [102, 37, 6], legend: PEOPLE_PER_FTE_STATUS_FR.aucun_aidant },
  aucune_demande: { fill: [255, 255, 255], legend: 'aucune demande (aucune personne ayant besoin d’aide estimée)' },
  demande_inconnue: { fill: [110, 110, 110], legend: 'non calculé : demande inconnue à portée (population manquante)' },
  estime: { outline: [230, 97, 1], legend: 'contour orange : chiffre estimé (âges manquants, demande estimée d’après la population)' },
});

/** The people-per-FTE value drawn in classes: finite figures only (Infinity is a status, not the top of the scale). */
const peoplePerFteValue = (c: CommuneRow) => (c.people_per_fte !== null && Number.isFinite(c.people_per_fte) ? c.people_per_fte : null);

/** Travel-time classes: under 15, 15–20, 20–30, 30–45, 45 min and more (the thresholds users reason with). */
export const ACCESS_CLASSES: Classes = { breaks: [15, 20, 30, 45], colors: SEQUENTIAL_YLORRD, method: 'fixed' };

export const NO_4G_LABEL = 'Population non couverte en 4G (moyenne des opérateurs, ARCEP)';

const fmtMinutes = (v: number) => `${Math.round(v)} min`;

export const VARIABLES: Record<ChoroplethVariable, VariableSpec> = {
  access_minutes: {
    id: 'access_minutes', label: "Temps d'accès au point d'aide le plus proche", short: "Temps d'accès", value: (c) => c.access_minutes, format: fmtMinutes,
    // Said from the rows shown (road or straight line, grid cells or commune centre): variableSource().
    source: 'Calcul Maillage',
    fixed: ACCESS_CLASSES,
  },
  fragility: {
    id: 'fragility', label: 'Indice local de fragilité numérique (approximation, 1 à 10)', short: 'Fragilité numérique', value: (c) => c.fragility, format: (v) => fmt1(v),
    // What 10 means depends on the reference set: variableNote().
    source: 'Calcul Maillage : accès fixe, 4G, âge, diplôme, revenus, notés par rapport aux communes chargées — voir « Méthode »',
    fixed: { breaks: [3, 4.5, 6, 7.5], colors: SEQUENTIAL_PURPLES, method: 'fixed' },
  },
  need_rate: {
    id: 'need_rate', label: "Part estimée d'habitants ayant besoin d'aide", short: "Besoin d'aide (part)", value: (c) => c.need_rate, format: fmtPct,
    source: 'Estimation Maillage : population par âge × taux d’illectronisme par âge (INSEE Première n° 1953 ; taux des 45–59 ans déduit par Maillage, non publié)',
  },
  people_per_fte: {
    id: 'people_per_fte', label: PEOPLE_PER_FTE_LABEL, short: PEOPLE_PER_FTE_SHORT, value: peoplePerFteValue, format: fmtInt,
    status: (c) => peoplePerFteStatusOf(c.people_per_fte, c.people_per_fte_status),
    source: 'Estimation Maillage : méthode E2SFCA de Luo et Qi (2009), de la même famille que l’APL de la DREES, voir « Méthode »',
  },
  population: {
    id: 'population', label: 'Population municipale', short: 'Population', value: (c) => c.population, format: fmtInt,
    source: 'Populations légales (INSEE)',
  },
  share_75p: {
    id: 'share_75p', label: 'Part des 75 ans et plus', short: 'Part des 75 ans et +', value: (c) => c.share_75p, format: fmtPct,
    source: "Population par tranche d'âge (INSEE, recensement)",
  },
  ftth_rate: {
    // Named after what the loaded files measure: variableSpec() (fibre FTTH, or ≥ 1 Gbit/s with cable).
    id: 'ftth_rate', ...menuLabels(fibreLabels([])), value: (c) => c.ftth_rate, format: fmtPct,
    source: 'Ma connexion internet (ARCEP)',
    // Rates with a heavy tie at 0 and a few spread values: natural breaks show the gaps.
    method: 'jenks',
  },
  no4g_share: {
    id: 'no4g_share', label: NO_4G_LABEL, short: 'Population sans 4G', value: (c) => c.no4g_share, format: fmtPct,
    // With the vintage of the file read: variableSource().
    source: 'Mon réseau mobile, couverture 4G par commune (ARCEP)',
    method: 'jenks',
  },
};

/**
 * The variable as shown for these communes: the fibre figure is named after what it measures
 * (domain/fixed_labels.ts); the others as declared.
 */
export function variableSpec(variable: ChoroplethVariable, communes: readonly CommuneRow[]): VariableSpec {
  const spec = VARIABLES[variable];
  return variable === 'ftth_rate' ? { ...spec, ...menuLabels(fibreLabelsOf(communes)) } : spec;
}

/** A variable's label and its menu entry from the fibre labels. */
function menuLabels(l: FibreLabels): { label: string; short: string } {
  return { label: l.label, short: l.menu };
}

export interface Classes {
  breaks: number[];
  colors: Rgb[];
  /** 'fixed' for the thresholds users reason with; otherwise how the breaks were computed on the values. */
  method?: ClassMethod | 'fixed';
  /** Per class: count, smallest and largest value of the communes shown; and the communes with no value. */
  summary?: ClassSummary[];
  missing?: number;
  /** Communes per status drawn apart (STATUS_STYLE), for the variables that have statuses; they are not in `missing`. */
  statuses?: Partial<Record<PeoplePerFteStatus, number>>;
}

/** Communes per status (those with a STATUS_STYLE), and the communes with neither a value nor such a status. */
function statusCounts(spec: VariableSpec, communes: readonly CommuneRow[], values: readonly (number | null)[]) {
  if (!spec.status) return { missing: values.filter((v) => v === null || !Number.isFinite(v)).length };
  const statuses: Partial<Record<PeoplePerFteStatus, number>> = {};
  let missing = 0;
  communes.forEach((c, i) => {
    const s = spec.status!(c);
    if (s !== null && STATUS_STYLE[s]) statuses[s] = (statuses[s] ?? 0) + 1;
    else if (values[i] === null || !Number.isFinite(values[i])) missing++;
  });
  return { missing, statuses };
}

export function classesFor(variable: ChoroplethVariable, communes: readonly CommuneRow[]): Classes {
  const spec = VARIABLES[variable];
  const values = communes.map(spec.value);
  const counts = statusCounts(spec, communes, values);
  if (spec.fixed) return { ...spec.fixed, summary: summarizeClasses(values, spec.fixed.breaks), ...counts };
  const method = spec.method ?? 'quantiles';
  const breaks = classBreaks(values, SEQUENTIAL_YLGNBU.length, method);
  // Colours spread over the whole scale when there are fewer classes than colours.
  const colors = breaks.length + 1 >= SEQUENTIAL_YLGNBU.length ? SEQUENTIAL_YLGNBU
    : Array.from({ length: breaks.length + 1 }, (_, i) => SEQUENTIAL_YLGNBU[breaks.length === 0 ? 0 : Math.round((i * (SEQUENTIAL_YLGNBU.length - 1)) / breaks.length)]);
  return { breaks, colors, method, summary: summarizeClasses(values, breaks), ...counts };
}

export function colorOf(value: number | null, classes: Classes): Rgb {
  const c = classOf(value, classes.breaks);
  return c === null ? MISSING_COLOR : classes.colors[c];
}

/** A commune's fill: its status's colour when it has one (STATUS_STYLE), else its class's colour. */
export function communeFill(variable: ChoroplethVariable, row: CommuneRow | undefined, classes: Classes): Rgb {
  if (!row) return MISSING_COLOR;
  const spec = VARIABLES[variable];
  const fill = spec.status ? statusStyleOf(spec, row)?.fill : undefined;
  return fill ?? colorOf(spec.value(row), classes);
}

/** A commune's status outline (an estimated figure), or null. */
export function communeOutline(variable: ChoroplethVariable, row: CommuneRow | undefined): Rgb | null {
  const spec = VARIABLES[variable];
  return (row && spec.status ? statusStyleOf(spec, row)?.outline : undefined) ?? null;
}

function statusStyleOf(spec: VariableSpec, row: CommuneRow) {
  const s = spec.status!(row);
  return s === null ? undefined : STATUS_STYLE[s];
}

/** How the classes were made, for the legend: "classes : quantiles (effectifs égaux)", "classes : seuils naturels (Jenks)", "classes fixes". */
export function classMethodText(classes: Classes): string {
  switch (classes.method) {
    case 'fixed': return 'classes fixes';
    case 'jenks': return 'classes : seuils naturels (Jenks)';
    case 'quantiles': return 'classes : quantiles (effectifs égaux)';
    default: return '';
  }
}

/**
 * Where the variable's figures come from. For travel times, said from the rows shown: by road or
 * estimated as the crow flies, from the 1 km grid cells or the commune centre (with counts when mixed).
 */
export function variableSource(variable: ChoroplethVariable, communes: readonly CommuneRow[]): string {
  const spec = VARIABLES[variable];
  if (variable === 'access_minutes') return `${spec.source} : ${accessMethodText(communes)}`;
  if (variable === 'no4g_share') {
    const vintages = [...new Set(communes.filter((c) => c.no4g_share !== null).map((c) => c.no4g_vintage ?? 'non précisé'))].sort();
    return vintages.length === 0 ? `${spec.source}, non chargée` : `${spec.source}, millésime ${vintages.join(' et ')}`;
  }
  return spec.source;
}

/** What the scale means, for the variables whose figures are relative to the loaded territory; null for the others. */
export function variableNote(variable: ChoroplethVariable, fragility: Pick<FragilityParams, 'scaling' | 'reference'>): string | null {
  return variable === 'fragility' ? fragilityScaleNote(fragility) : null;
}

export interface LegendItem {
  color: string;
  label: string;
  /** 'line': an outline, not a fill (default 'fill'). */
  symbol?: 'fill' | 'line';
}

const communesCount = (n: number) => `${fmtInt(n)} commune${n > 1 ? 's' : ''}`;

/**
 * One item per class, with its communes counted when known: "moins de 15 min (120 communes)";
 * a class that holds a single value is named by it ("0,0 % (212 communes)"); then the communes
 * with no value.
 */
export function legendItems(variable: ChoroplethVariable, classes: Classes): LegendItem[] {
  const { format } = VARIABLES[variable];
  const { breaks, colors, summary } = classes;
  const items = colors.slice(0, breaks.length + 1).map((rgb, i) => {
    const s = summary?.[i];
    const range =
      s && s.count > 0 && s.min === s.max && classes.method !== 'fixed' ? format(s.min!)
      : breaks.length === 0 ? (s && s.min !== null ? (s.min === s.max ? format(s.min) : `de ${format(s.min)} à ${format(s.max!)}`) : 'toutes les communes')
      : i === 0 ? `moins de ${format(breaks[0])}`
      : i === breaks.length ? `${format(breaks[i - 1])} et plus`
      : `de ${format(breaks[i - 1])} à moins de ${format(breaks[i])}`;
    return { color: hex(rgb), label: s ? `${range} (${communesCount(s.count)})` : range };
  });
  // Each status its own entry, in STATUS_STYLE's order, when some commune has it.
  const statuses: LegendItem[] = [];
  for (const [s, style] of Object.entries(STATUS_STYLE) as [PeoplePerFteStatus, NonNullable<(typeof STATUS_STYLE)[PeoplePerFteStatus]>][]) {
    const n = classes.statuses?.[s] ?? 0;
    if (n === 0) continue;
    const label = `${style.legend} (${communesCount(n)})`;
    statuses.push(style.fill ? { color: hex(style.fill), label } : { color: hex(style.outline!), label, symbol: 'line' });
  }
  const missing = classes.missing === undefined ? 'donnée manquante' : `donnée manquante (${communesCount(classes.missing)})`;
  return [...items, ...statuses, { color: hex(MISSING_COLOR), label: missing }];
}

/** Quantile class breaks of the grid cells' population (one per colour of the purple scale). */
export function gridBreaks(rows: readonly Pick<GridRow, 'pop'>[]): number[] {
  return classBreaks(rows.map((r) => r.pop), SEQUENTIAL_PURPLES.length, 'quantiles');
}

/** The grid's population classes are quantiles of the cells shown. */
export const GRID_CLASS_METHOD: ClassMethod = 'quantiles';
