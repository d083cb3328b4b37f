/**
 * The slides a presentation can show, the map view each one sets and the key figures it states.
 * Pure: the Presentation component renders them.
 */
import { GROUP_LABELS } from '../panels/AccessPanel.tsx';
import { fmtInt, fmtPct } from '../../shared/format.ts';
import type { ViewState } from '../App.tsx';
import { analysisIsCurrent, type SessionState } from '../state/session.ts';
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

/** A scenario's before/after as a slide states it. */
export function scenarioSummary(state: SessionState): ScenarioSummary | null {
  const p = state.planning;
  const r = p.scenarioResult;
  if (!r || !analysisIsCurrent(state) || p.basis !== state.analysis.basis) return null;
  const min = (m: number) => (Number.isFinite(m) ? `${Math.round(m)} min` : 'non calculé');
  const figures = [
    { label: `habitants à plus de ${r.before.thresholdMinutes} min`, before: fmtInt(r.before.populationBeyond), after: fmtInt(r.after.populationBeyond) },
    { label: 'temps moyen', before: min(r.before.meanMinutes), after: min(r.after.meanMinutes) },
  ];
  if (state.analysis.figures?.pop_75p !== null) {
    figures.splice(1, 0, { label: 'dont 75 ans et plus', before: fmtInt(r.before.pop75Beyond), after: fmtInt(r.after.pop75Beyond) });
  }
  return { name: p.scenario.name, figures };
}

/**
 * Why a slide cannot be shown now (null: it can). A slide is built from what exists: no slide
 * prints a figure that is not available, nor a scenario that was not made.
 */
export function slideUnavailable(kind: SlideKind, state: SessionState): string | null {
  if (!analysisIsCurrent(state)) return 'les chiffres sont en cours de recalcul';
  const a = state.analysis;
  switch (kind) {
    case 'territoire':
      return a.figures?.population === null || a.figures?.population === undefined ? "population non disponible (ajoutez les populations légales de l'INSEE)" : null;
    case 'acces':
      return a.access ? null : "temps d'accès non calculés (aucune commune ou aucun point d'aide chargé)";
    case 'zones':
      return null;
    case 'scenario':
      return scenarioSummary(state) ? null : "aucun scénario : ajoutez un lieu dans « Où ouvrir un nouveau lieu ? »";
  }
}

export function buildSlide(kind: SlideKind, state: SessionState, robust: boolean): Slide {
  const a = state.analysis;
  const group = GROUP_LABELS[a.basis?.group ?? state.view.group];
  switch (kind) {
    case 'territoire': {
      const f = a.figures;
      const figures: KeyFigure[] = [];
      if (f?.population !== null && f?.population !== undefined) figures.push({ value: fmtInt(f.population), label: 'habitants' });
      if (f) figures.push({ value: fmtInt(f.communes), label: 'communes' });
      if (f?.share_75p !== null && f?.share_75p !== undefined) figures.push({ value: fmtPct(f.share_75p), label: 'de 75 ans et plus' });
      return { kind, title: territoryName(state), figures, ranking: [], empty: figures.length ? null : 'Chiffres non disponibles.' };
    }
    case 'acces': {
      const x = a.access;
      const estimate = x?.method === 'vol_oiseau' ? " (estimation à vol d'oiseau)" : '';
      const figures: KeyFigure[] = [];
      if (x) {
        figures.push({ value: fmtInt(x.pop_beyond), label: `habitants à plus de ${x.threshold} min ${group.phrase}${estimate}` });
        if (x.pop75_beyond !== null) figures.push({ value: fmtInt(x.pop75_beyond), label: 'dont de 75 ans et plus (estimation)' });
        if (x.mean_minutes !== null) figures.push({ value: `${Math.round(x.mean_minutes)} min`, label: "temps d'accès moyen" });
      }
      return { kind, title: `Temps d'accès ${group.phrase}`, figures, ranking: [], empty: x ? null : 'Temps de trajet non calculés.' };
    }
    case 'zones': {
      const zones = robust ? a.robustZones : a.zones;
      const threshold = a.basis?.threshold ?? state.view.threshold;
      const figures: KeyFigure[] = [{ value: fmtInt(zones.length), label: zones.length > 1 ? 'zones mal desservies' : 'zone mal desservie' }];
      const known = zones.filter((z) => z.need !== null);
      if (known.length > 0) {
        const complete = zones.every((z) => z.need_complete);
        const total = Math.round(known.reduce((n, z) => n + (z.need ?? 0), 0) / 10) * 10;
        figures.push({ value: `${complete ? '' : 'au moins '}${fmtInt(total)}`, label: "personnes y ayant besoin d'aide (estimation)" });
      }
      return {
        kind,
        title: robust ? 'Zones mal desservies à 20, 30 et 45 min' : `Zones mal desservies (plus de ${threshold} min)`,
        figures: zones.length ? figures : [],
        ranking: zones.slice(0, 3).map((z) => `${z.names} : ${fmtInt(z.population)} habitants${z.need !== null ? `, ≈ ${fmtInt(Math.round(z.need / 10) * 10)} personnes ayant besoin d'aide` : ''}`),
        empty: zones.length ? null : `Aucune zone ne remplit les conditions ${robust ? 'aux trois seuils' : `à ${threshold} min`}.`,
      };
    }
    case 'scenario': {
      const scenario = scenarioSummary(state);
      return {
        kind,
        title: scenario ? `Scénario : ${scenario.name}` : 'Scénario',
        figures: scenario ? scenario.figures.map((f) => ({ value: `${f.before} → ${f.after}`, label: f.label })) : [],
        ranking: [],
        empty: scenario ? null : 'Aucun scénario.',
      };
    }
  }
}
