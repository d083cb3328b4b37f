/**
 * What an exported or presented map says about itself: its default title, the legend of every
 * visible layer, the sources with their vintages and the method notes for estimated figures.
 * Pure functions of the session state and the view, shared by the export panel and the
 * presentation mode.
 */
import type { HelpGroup } from '../domain/types.ts';
import { HELP_KINDS } from '../domain/types.ts';
import { DEFAULT_4G_RADIUS_M } from '../domain/coverage.ts';
import { ACCESS_CLASSES, VARIABLES, classesFor, gridBreaks, legendItems } from '../map/choropleth.ts';
import { HELP_STYLE, ISOCHRONE_COLORS, ROAD_COLOR, ROUTE_COLOR, SEQUENTIAL_PURPLES, ZONE_COLOR, hex } from '../map/palette.ts';
import type { LegendSection, SourceRef } from '../export/map_sheet.ts';
import { fmtInt } from '../shared/format.ts';
import type { ViewState } from './App.tsx';
import type { SessionState } from './state/session.ts';

const GROUP_TITLE: Record<HelpGroup, string> = {
  france_services: 'aux France Services',
  point_numerique: 'aux points numériques',
  any: "au point d'aide le plus proche",
};

/** "Temps d'accès aux France Services", or the label of the variable shown. */
export function defaultTitle(view: ViewState, state: SessionState): string {
  if (view.showCommunes && view.variable !== 'access_minutes') return VARIABLES[view.variable].label;
  return `Temps d'accès ${GROUP_TITLE[state.accessGroup]}`;
}

/** The territory's name, as in the header. */
export const territoryName = (state: SessionState) => state.manifest?.name ?? 'Mon territoire';

const accessLabel = (i: number, n: number) =>
  i === 0 ? `moins de ${ACCESS_CLASSES.breaks[0]} min`
  : i === n - 1 ? `${ACCESS_CLASSES.breaks[i - 1]} min et plus`
  : `de ${ACCESS_CLASSES.breaks[i - 1]} à moins de ${ACCESS_CLASSES.breaks[i]} min`;

/** One section per visible layer, in drawing order (top layers last). */
export function mapLegend(view: ViewState, state: SessionState): LegendSection[] {
  const sections: LegendSection[] = [];
  const communes = state.data?.communes ?? [];
  if (view.showCommunes) {
    const spec = VARIABLES[view.variable];
    sections.push({
      title: `${spec.label} (source : ${spec.source})`,
      items: legendItems(view.variable, classesFor(view.variable, communes)).map((i) => ({ ...i, symbol: 'fill' as const })),
    });
  }
  if (view.showGrid) {
    const items = view.gridMode === 'access'
      ? ACCESS_CLASSES.colors.map((rgb, i, all) => ({ color: hex(rgb), label: accessLabel(i, all.length), symbol: 'fill' as const }))
      : (() => {
          const b = gridBreaks(state.data?.grid ?? []);
          return SEQUENTIAL_PURPLES.slice(0, b.length + 1).map((rgb, i) => ({
            color: hex(rgb),
            symbol: 'fill' as const,
            label: i === 0 ? `moins de ${fmtInt(b[0])} hab.` : i === b.length ? `${fmtInt(b[i - 1])} hab. et plus` : `${fmtInt(b[i - 1])} à ${fmtInt(b[i] - 1)} hab.`,
          }));
        })();
    sections.push({ title: view.gridMode === 'access' ? "Carreaux de 1 km : temps d'accès" : 'Carreaux de 1 km : habitants (INSEE Filosofi)', items });
  }
  if (view.showIsochrones && state.isochrones) {
    sections.push({
      title: 'Isochrones (temps de trajet routier)',
      items: Object.entries(ISOCHRONE_COLORS).map(([m, rgb]) => ({ color: hex(rgb), label: `à moins de ${m} min`, symbol: 'line' as const })),
    });
  }
  const zones = view.robustZones ? state.robustZones : state.zones;
  if (view.showZones && zones.length > 0) {
    sections.push({
      title: 'Diagnostic',
      items: [{ color: hex(ZONE_COLOR), label: view.robustZones ? 'Zones mal desservies à 20, 30 et 45 min (robustes)' : `Zones mal desservies (plus de ${state.threshold} min)`, symbol: 'fill' }],
    });
  }
  const lines = [];
  if (view.showRoads && state.roads) lines.push({ color: hex(ROAD_COLOR), label: `Routes (${state.network?.name ?? 'réseau chargé'})`, symbol: 'line' as const });
  if (state.route) lines.push({ color: hex(ROUTE_COLOR), label: 'Itinéraire de la commune sélectionnée', symbol: 'line' as const });
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
  for (const s of state.sources) {
    const producer = (s.source || s.format_label).split(' – ')[0].trim();
    const label = s.fictional && !allFictional ? `${producer} (fictif)` : producer;
    const vintages = byProducer.get(label) ?? new Set<string>();
    vintages.add(s.vintage ?? 'millésime inconnu');
    byProducer.set(label, vintages);
  }
  const refs = [...byProducer].map(([label, v]) => ({ label, vintage: [...v].sort().join(', ') }));
  if (state.network) refs.push({ label: `Réseau routier « ${state.network.name} »`, vintage: 'fichier chargé' });
  return refs;
}

/** One short line: "Sources : A (2025) ; B (2024)". */
export const sourcesLine = (state: SessionState) =>
  `Sources : ${sourceRefs(state).map((s) => `${s.label} (${s.vintage})`).join(' ; ') || 'aucune donnée chargée'}`;

/** The estimates behind the figures shown, said plainly. */
export function methodNotes(view: ViewState, state: SessionState): string[] {
  const notes: string[] = [];
  const straight = state.access?.method === 'vol_oiseau' || state.diagnosisMethod === 'vol_oiseau';
  if (straight) {
    notes.push("Temps d'accès estimés à vol d'oiseau (distance en ligne droite × 1,3 à 50 km/h), faute de réseau routier : ce sont des estimations.");
  } else if (state.network) {
    notes.push(`Temps de trajet routiers calculés sur « ${state.network.name} » ; moyenne des habitants par carreau de 1 km.`);
  }
  notes.push("Les 75 ans et plus au-delà du seuil sont estimés en leur appliquant la part de la population de leur commune au-delà du seuil.");
  if (view.showZones || ['need_rate', 'people_per_fte', 'fragility'].includes(view.variable)) {
    notes.push("Besoin d'aide : estimation (population par âge × taux d'illectronisme, INSEE Première n° 1953), arrondie à la dizaine.");
  }
  if (view.showZones || view.variable === 'fragility') {
    notes.push(`Couverture 4G : approximation par la présence d'antennes à moins de ${fmtInt(DEFAULT_4G_RADIUS_M / 1000)} km, pas une mesure.`);
  }
  return notes;
}

export const isFictional = (state: SessionState) => state.manifest?.fictional ?? false;
