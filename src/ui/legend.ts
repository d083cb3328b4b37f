/**
 * What an exported or presented map says about itself: its default title, the legend of every
 * visible layer, the sources with their vintages and the method notes for estimated figures.
 * Pure functions of the session state and the view, shared by the export panel and the
 * presentation mode.
 */
import type { HelpGroup } from '../domain/types.ts';
import { HELP_KINDS } from '../domain/types.ts';
import { DEFAULT_4G_RADIUS_M } from '../domain/coverage.ts';
import { DEFAULT_FRAGILITY_PARAMS } from '../domain/diagnosis/fragility.ts';
import { networkNote } from '../domain/diagnosis/indicator_labels.ts';
import { ACCESS_CLASSES, GRID_CLASS_METHOD, classMethodText, classesFor, gridBreaks, legendItems, variableNote, variableSource, variableSpec } from '../map/choropleth.ts';
import { accessMethodText } from '../domain/access_text.ts';
import { HELP_STYLE, ISOCHRONE_COLORS, ROAD_COLOR, ROUTE_COLOR, SEQUENTIAL_PURPLES, ZONE_COLOR, hex } from '../map/palette.ts';
import { UNKNOWN_VINTAGE, sourcesText, type LegendSection, type SourceRef } from '../export/map_sheet.ts';
import { fmtInt } from '../shared/format.ts';
import type { ViewState } from './App.tsx';
import { territoryTitle, type SessionState } from './state/session.ts';
import { accessMethodSentence } from './method_text.ts';
import { estimateRateText } from '../domain/access/diagnose.ts';

const GROUP_TITLE: Record<HelpGroup, string> = {
  france_services: 'aux France Services',
  point_numerique: 'aux points numériques',
  any: "au point d'aide le plus proche",
};

/** "Temps d'accès aux France Services", or the label of the variable shown. */
export function defaultTitle(view: ViewState, state: SessionState): string {
  if (view.showCommunes && view.variable !== 'access_minutes') return variableSpec(view.variable, state.analysis.data?.communes ?? []).label;
  return `Temps d'accès ${GROUP_TITLE[state.view.group]}`;
}

/** The territory's name, as in the header. */
export const territoryName = (state: SessionState) => territoryTitle(state) ?? 'Territoire sans nom';

const accessLabel = (i: number, n: number) =>
  i === 0 ? `moins de ${ACCESS_CLASSES.breaks[0]} min`
  : i === n - 1 ? `${ACCESS_CLASSES.breaks[i - 1]} min et plus`
  : `de ${ACCESS_CLASSES.breaks[i - 1]} à moins de ${ACCESS_CLASSES.breaks[i]} min`;

/** One section per visible layer, in drawing order (top layers last). */
export function mapLegend(view: ViewState, state: SessionState): LegendSection[] {
  const sections: LegendSection[] = [];
  const communes = state.analysis.data?.communes ?? [];
  if (view.showCommunes) {
    const spec = variableSpec(view.variable, communes);
    const classes = classesFor(view.variable, communes);
    const note = variableNote(view.variable, { ...DEFAULT_FRAGILITY_PARAMS, reference: state.analysis.diagnosisParams.reference });
    sections.push({
      title: `${spec.label} (source : ${variableSource(view.variable, communes)} ; ${classMethodText(classes)})${note ? `. ${note}` : ''}`,
      items: legendItems(view.variable, classes).map((i) => ({ ...i, symbol: i.symbol ?? ('fill' as const) })),
    });
  }
  if (view.showGrid) {
    const items = view.gridMode === 'access'
      ? ACCESS_CLASSES.colors.map((rgb, i, all) => ({ color: hex(rgb), label: accessLabel(i, all.length), symbol: 'fill' as const }))
      : (() => {
          const b = gridBreaks(state.analysis.data?.grid ?? []);
          return SEQUENTIAL_PURPLES.slice(0, b.length + 1).map((rgb, i) => ({
            color: hex(rgb),
            symbol: 'fill' as const,
            label: i === 0 ? `moins de ${fmtInt(b[0])} hab.` : i === b.length ? `${fmtInt(b[i - 1])} hab. et plus` : `${fmtInt(b[i - 1])} à ${fmtInt(b[i] - 1)} hab.`,
          }));
        })();
    sections.push({
      title: view.gridMode === 'access'
        ? `Carreaux de 1 km : temps d'accès (${accessMethodText(communes)} ; classes fixes)`
        : `Carreaux de 1 km : habitants (INSEE Filosofi ; ${classMethodText({ breaks: [], colors: [], method: GRID_CLASS_METHOD })})`,
      items,
    });
  }
  if (view.showIsochrones && state.view.isochrones) {
    sections.push({
      title: 'Isochrones (temps de trajet routier)',
      items: Object.entries(ISOCHRONE_COLORS).map(([m, rgb]) => ({ color: hex(rgb), label: `à moins de ${m} min`, symbol: 'line' as const })),
    });
  }
  const zones = view.robustZones ? state.analysis.robustZones : state.analysis.zones;
  if (view.showZones && zones.length > 0) {
    sections.push({
      title: 'Diagnostic',
      items: [{ color: hex(ZONE_COLOR), label: view.robustZones ? 'Zones mal desservies à 20, 30 et 45 min (robustes)' : `Zones mal desservies (plus de ${state.analysis.basis?.threshold ?? state.view.threshold} min)`, symbol: 'fill' }],
    });
  }
  const lines = [];
  if (view.showRoads && state.workspace.roads) lines.push({ color: hex(ROAD_COLOR), label: `Routes (${state.workspace.network?.name ?? 'réseau chargé'})`, symbol: 'line' as const });
  if (state.view.route) lines.push({ color: hex(ROUTE_COLOR), label: 'Itinéraire de la commune sélectionnée', symbol: 'line' as const });
  if (lines.length) sections.push({ title: 'Réseau', items: lines });
  const kinds = HELP_KINDS.filter((k) => view.kinds.has(k));
  if (kinds.length) {
    sections.push({
      title: "Points d'aide",
      items: kinds.map((k) => ({ color: hex(HELP_STYLE[k].color), label: HELP_STYLE[k].label, symbol: HELP_STYLE[k].shape })),
    });
  }
  return sections;
}

/**
 * The loaded data, grouped by producer with their vintages ("INSEE (2019, 2021)"), so that the
 * list fits beside a printed map; the Sources panel keeps the file-by-file detail.
 */
export function sourceRefs(state: SessionState): SourceRef[] {
  const byProducer = new Map<string, Set<string>>();
  // The whole sheet is marked "données fictives" for the demo: no need to repeat it per source.
  const allFictional = isFictional(state);
  for (const s of state.analysis.sources) {
    const producer = (s.source || s.format_label).split(' – ')[0].trim();
    const label = s.fictional && !allFictional ? `${producer} (fictif)` : producer;
    const vintages = byProducer.get(label) ?? new Set<string>();
    vintages.add(s.vintage ?? UNKNOWN_VINTAGE);
    byProducer.set(label, vintages);
  }
  const refs = [...byProducer].map(([label, v]) => ({ label, vintage: [...v].sort().join(', ') }));
  const net = state.workspace.network;
  if (net) {
    const origin = state.workspace.origins[net.name];
    const dropped = state.workspace.networkSource;
    refs.push(origin
      ? { label: `${origin.label} (© les contributeurs d'OpenStreetMap, ODbL)`, vintage: origin.vintage ?? UNKNOWN_VINTAGE }
      : {
        label: dropped?.osm ? `OpenStreetMap, réseau routier « ${net.name} » (© les contributeurs d'OpenStreetMap, ODbL)` : `Réseau routier « ${net.name} »`,
        // The demo's network: the vintage its manifest gives (fictional, as the whole sheet says).
        vintage: dropped?.vintage ?? state.workspace.manifest?.files.find((f) => f.file === net.name)?.vintage ?? UNKNOWN_VINTAGE,
      });
  }
  return refs;
}

/** One short line: "Sources : A (2025) ; B (2024) ; C, D (millésime non précisé)". */
export const sourcesLine = (state: SessionState) => sourcesText(sourceRefs(state));

/** The estimates behind the figures shown, said plainly. */
export function methodNotes(view: ViewState, state: SessionState): string[] {
  const notes: string[] = [];
  const { analysis, workspace } = state;
  if (analysis.access) {
    notes.push(accessMethodSentence({ network: workspace.network?.name ?? null, estimate: workspace.estimate, communes: analysis.data?.communes ?? [] }));
    if (analysis.access.pop75_beyond !== null) {
      notes.push('Les 75 ans et plus au-delà du seuil sont estimés en leur appliquant la part de la population de leur commune au-delà du seuil.');
    }
  }
  if (view.showZones || ['need_rate', 'people_per_fte', 'fragility'].includes(view.variable)) {
    notes.push("Besoin d'aide : estimation (population par âge × taux d'illectronisme par âge de l'INSEE Première n° 1953 ; le taux des 45–59 ans, non publié, est déduit par Maillage), arrondie à la dizaine.");
  }
  const rate = analysis.territoryNeedRate;
  if (view.variable === 'people_per_fte' && rate !== null && (analysis.data?.communes ?? []).some((c) => c.people_per_fte_status === 'estime')) {
    notes.push(`Chiffres « estimés » (contour orange) : âges manquants, demande = population × ${estimateRateText(rate)} (taux du territoire).`);
  }
  if (view.showZones || view.variable === 'fragility') {
    notes.push(networkNote(analysis.fragilityInputs, DEFAULT_4G_RADIUS_M / 1000));
  }
  return notes;
}

export const isFictional = (state: SessionState) => state.workspace.kind === 'demo' && (state.workspace.manifest?.fictional ?? false);
