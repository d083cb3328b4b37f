/**
 * The slides a presentation can show, the map view each one sets and the key figures it states.
 * Pure: the Presentation component renders them.
 */
import { GROUP_LABELS } from '../panels/AccessPanel.tsx';
import { fmtInt, fmtPct } from '../../shared/format.ts';
import type { ViewState } from '../App.tsx';
import type { SessionState } from '../state/session.ts';
import { territoryName } from '../legend.ts';

export type SlideKind = 'territoire' | 'acces' | 'zones' | 'scenario';

export const SLIDE_KINDS: readonly SlideKind[] = ['territoire', 'acces', 'zones', 'scenario'];

export const SLIDE_LABELS: Record<SlideKind, string> = {
  territoire: 'Le territoire (population)',
  acces: "Les temps d'accès",
  zones: 'Les zones mal desservies',
  scenario: 'Un scénario avant / après',
};

/** A scenario's before/after, given by the planning feature (none yet: null). */
export interface ScenarioSummary {
  name: string;
  /** Three key figures, already formatted in French. */
  figures: { label: string; before: string; after: string }[];
}

export interface KeyFigure {
  value: string;
  label: string;
}

export interface Slide {
  kind: SlideKind;
  title: string;
  figures: KeyFigure[];
  /** Ranked items (top zones), if any. */
  ranking: string[];
  /** Shown instead of figures when there is nothing to show. */
  empty: string | null;
}

/** The map view of a slide, from the view the user had. */
export function slideView(kind: SlideKind, base: ViewState): ViewState {
  const common = { ...base, showCommunes: true, showGrid: false, showIsochrones: false };
  switch (kind) {
    case 'territoire':
      return { ...common, variable: 'population', showZones: false };
    case 'acces':
      return { ...common, variable: 'access_minutes', showZones: false };
    case 'zones':
      return { ...common, variable: 'access_minutes', showZones: true };
    case 'scenario':
      return { ...common, variable: 'access_minutes', showZones: false };
  }
}

export function buildSlide(kind: SlideKind, state: SessionState, robust: boolean, scenario: ScenarioSummary | null): Slide {
  const group = GROUP_LABELS[state.accessGroup];
  switch (kind) {
    case 'territoire': {
      const f = state.figures;
      return {
        kind,
        title: territoryName(state),
        figures: f
          ? [
              { value: fmtInt(f.population), label: 'habitants' },
              { value: fmtInt(f.communes), label: 'communes' },
              { value: fmtPct(f.share_75p), label: 'de 75 ans et plus' },
            ]
          : [],
        ranking: [],
        empty: f ? null : 'Chiffres en cours de calcul.',
      };
    }
    case 'acces': {
      const a = state.access;
      const estimate = a?.method === 'vol_oiseau' ? " (estimation à vol d'oiseau)" : '';
      return {
        kind,
        title: `Temps d'accès ${group.phrase}`,
        figures: a
          ? [
              { value: fmtInt(a.pop_beyond), label: `habitants à plus de ${state.threshold} min ${group.phrase}${estimate}` },
              { value: fmtInt(a.pop75_beyond), label: 'dont de 75 ans et plus (estimation)' },
              { value: a.mean_minutes === null ? '—' : `${Math.round(a.mean_minutes)} min`, label: "temps d'accès moyen" },
            ]
          : [],
        ranking: [],
        empty: a ? null : 'Temps de trajet en cours de calcul.',
      };
    }
    case 'zones': {
      const zones = robust ? state.robustZones : state.zones;
      return {
        kind,
        title: 'Zones mal desservies',
        figures: [
          { value: fmtInt(zones.length), label: zones.length > 1 ? 'zones mal desservies' : 'zone mal desservie' },
          { value: fmtInt(Math.round(zones.reduce((n, z) => n + (z.need ?? 0), 0) / 10) * 10), label: "personnes y ayant besoin d'aide (estimation)" },
        ],
        ranking: zones.slice(0, 3).map((z) => `${z.names} : ${fmtInt(z.population)} habitants, ≈ ${fmtInt(Math.round(z.need / 10) * 10)} personnes ayant besoin d'aide`),
        empty: zones.length ? null : 'Aucune zone ne remplit les conditions.',
      };
    }
    case 'scenario':
      return {
        kind,
        title: scenario ? `Scénario : ${scenario.name}` : 'Scénario',
        figures: scenario ? scenario.figures.slice(0, 3).map((f) => ({ value: `${f.before} → ${f.after}`, label: f.label })) : [],
        ranking: [],
        empty: scenario ? null : 'Aucun scénario',
      };
  }
}
