/**
 * The slides a presentation can show, the map view each one sets and the key figures it states.
 * Pure: the Presentation component renders them.
 */
import { GROUP_LABELS } from '../panels/AccessPanel.tsx';
import { MISSING, fmtInt, fmtPct } from '../../shared/format.ts';
import type { ViewState } from '../App.tsx';
import { analysisIsCurrent, territoryTitle, type SessionState } from '../state/session.ts';

export type SlideKind = 'territoire' | 'acces' | 'zones' | 'scenario';

export const SLIDE_KINDS: readonly SlideKind[] = ['territoire', 'acces', 'zones', 'scenario'];

export const SLIDE_LABELS: Record<SlideKind, string> = {
  territoire: 'Le territoire (population)',
  acces: "Les temps d'accès",
  zones: 'Les zones mal desservies',
  scenario: 'Un scénario avant / après',
};

/** What the slides read of the session. */
export type SlideState = Pick<SessionState, 'analysis' | 'workspace' | 'view' | 'planning'>;

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
  /** The scenario slide: its figures are before → after, and it shows a pair of maps. */
  pair: boolean;
}

/** The slides a presentation shows, in order, and those left out with why (French). */
export interface SlidePlan {
  kinds: SlideKind[];
  leftOut: { kind: SlideKind; why: string }[];
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

/** A scenario's before/after as a slide states it: only the figures known on both sides. */
export function scenarioSummary(state: SlideState): ScenarioSummary | null {
  const p = state.planning;
  const r = p.scenarioResult;
  if (!r || !analysisIsCurrent(state) || p.basis !== state.analysis.basis) return null;
  const min = (m: number) => (Number.isFinite(m) ? `${Math.round(m)} min` : MISSING);
  const figures = [
    { label: `habitants à plus de ${r.before.thresholdMinutes} min`, before: fmtInt(r.before.populationBeyond), after: fmtInt(r.after.populationBeyond) },
    { label: 'dont 75 ans et plus', before: fmtInt(r.before.pop75Beyond), after: fmtInt(r.after.pop75Beyond) },
    { label: 'temps moyen', before: min(r.before.meanMinutes), after: min(r.after.meanMinutes) },
  ].filter((f) => f.before !== MISSING && f.after !== MISSING);
  return { name: p.scenario.name, figures };
}

const known = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);
const zonesOf = (state: SlideState, robust: boolean) => (robust ? state.analysis.robustZones : state.analysis.zones);
/** "≈ 1 230": a need rounded to the ten; null when it rounds to nothing. */
const roundedNeed = (need: number | null) => (need === null || !(Math.round(need / 10) * 10 > 0) ? null : Math.round(need / 10) * 10);

/**
 * Why a slide cannot be shown now (null: it can). A slide is built from what exists: a slide whose
 * key figure is unavailable is left out, never shown with "non disponible", a "0" or an empty map.
 */
export function slideUnavailable(kind: SlideKind, state: SlideState, robust = state.view.map.robustZones): string | null {
  if (!analysisIsCurrent(state)) return 'les chiffres sont en cours de recalcul';
  const a = state.analysis;
  const population = a.figures?.population;
  const noPopulation = "population non disponible (ajoutez les populations légales de l'INSEE)";
  switch (kind) {
    case 'territoire':
      return known(population) && population > 0 ? null : noPopulation;
    case 'acces':
      if (!a.access) return "temps d'accès non calculés (aucune commune ou aucun point d'aide chargé)";
      return known(population) && population > 0 && known(a.access.pop_beyond) ? null : `${noPopulation} : les habitants éloignés ne peuvent être comptés`;
    case 'zones': {
      if (zonesOf(state, robust).length > 0) return null;
      return robust ? 'aucune zone mal desservie à 20, 30 et 45 min' : `aucune zone mal desservie à plus de ${a.basis?.threshold ?? state.view.threshold} min`;
    }
    case 'scenario':
      return scenarioSummary(state) ? null : 'aucun scénario : ajoutez un lieu dans « Où ouvrir un nouveau lieu ? »';
  }
}

/** Which slides exist for this state, in the fixed order, and which are left out and why. */
export function planSlides(state: SlideState, robust = state.view.map.robustZones): SlidePlan {
  const plan: SlidePlan = { kinds: [], leftOut: [] };
  for (const kind of SLIDE_KINDS) {
    const why = slideUnavailable(kind, state, robust);
    if (why === null) plan.kinds.push(kind);
    else plan.leftOut.push({ kind, why });
  }
  return plan;
}

/** The slide's title and figures; every figure shown is a known, non-empty value. */
export function buildSlide(kind: SlideKind, state: SlideState, robust: boolean): Slide {
  const a = state.analysis;
  const group = GROUP_LABELS[a.basis?.group ?? state.view.group];
  const slide = (title: string, figures: KeyFigure[], ranking: string[] = []): Slide => ({ kind, title, figures, ranking, pair: kind === 'scenario' });
  switch (kind) {
    case 'territoire': {
      const f = a.figures;
      const figures: KeyFigure[] = [];
      if (known(f?.population) && f.population > 0) figures.push({ value: fmtInt(f.population), label: 'habitants' });
      if (f && f.communes > 0) figures.push({ value: fmtInt(f.communes), label: f.communes > 1 ? 'communes' : 'commune' });
      if (known(f?.share_75p) && f.share_75p > 0) figures.push({ value: fmtPct(f.share_75p), label: 'de 75 ans et plus' });
      return slide(territoryTitle(state) ?? 'Territoire sans nom', figures);
    }
    case 'acces': {
      const x = a.access;
      const estimate = x?.method === 'vol_oiseau' ? " (estimation à vol d'oiseau)" : '';
      const figures: KeyFigure[] = [];
      if (x && known(x.pop_beyond)) {
        const beyond = `à plus de ${x.threshold} min ${group.phrase}${estimate}`;
        // Nobody beyond the threshold is said in words, not as a giant "0".
        figures.push(x.pop_beyond >= 1 ? { value: fmtInt(x.pop_beyond), label: `habitants ${beyond}` } : { value: 'Aucun habitant', label: beyond });
        if (x.pop_beyond >= 1 && known(x.pop75_beyond) && x.pop75_beyond >= 1) figures.push({ value: fmtInt(x.pop75_beyond), label: 'dont de 75 ans et plus (estimation)' });
        if (known(x.mean_minutes)) figures.push({ value: `${Math.round(x.mean_minutes)} min`, label: "temps d'accès moyen" });
      }
      return slide(`Temps d'accès ${group.phrase}`, figures);
    }
    case 'zones': {
      const zones = zonesOf(state, robust);
      const threshold = a.basis?.threshold ?? state.view.threshold;
      const figures: KeyFigure[] = zones.length ? [{ value: fmtInt(zones.length), label: zones.length > 1 ? 'zones mal desservies' : 'zone mal desservie' }] : [];
      const withNeed = zones.filter((z) => z.need !== null);
      const total = roundedNeed(withNeed.reduce((n, z) => n + (z.need ?? 0), 0));
      if (withNeed.length > 0 && total !== null) {
        const complete = zones.every((z) => z.need_complete);
        figures.push({ value: `${complete ? '' : 'au moins '}${fmtInt(total)}`, label: "personnes y ayant besoin d'aide (estimation)" });
      }
      const ranking = zones.slice(0, 3).map((z) => {
        const need = roundedNeed(z.need);
        return `${z.names} : ${fmtInt(z.population)} habitants${need !== null ? `, ≈ ${fmtInt(need)} personnes ayant besoin d'aide` : ''}`;
      });
      return slide(robust ? 'Zones mal desservies à 20, 30 et 45 min' : `Zones mal desservies (plus de ${threshold} min)`, figures, ranking);
    }
    case 'scenario': {
      const scenario = scenarioSummary(state);
      return slide(
        scenario ? `Scénario : ${scenario.name}` : 'Scénario',
        scenario ? scenario.figures.map((f) => ({ value: `${f.before} → ${f.after}`, label: f.label })) : [],
      );
    }
  }
}
