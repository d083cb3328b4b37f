/**
 * Which slides a presentation has for a given state (hand-built states, no database): a slide
 * whose key figure is unavailable is left out with a French reason; no figure shows
 * "non disponible" or a bare "0"; the scenario slide exists only with a scenario, as a pair.
 */
import { describe, expect, it, vi } from 'vitest';

// The slides read the session's state only; the browser database module behind the session is never opened here.
vi.mock('../../../../src/data/duckdb_browser.ts', () => ({ openBrowserDuckDB: () => Promise.reject(new Error('no database in this test')) }));
import { INITIAL_ANALYSIS, type AnalysisState } from '../../../../src/ui/state/analysis.ts';
import { INITIAL_PLANNING, type PlanningState } from '../../../../src/ui/state/planning.ts';
import { INITIAL_VIEW } from '../../../../src/ui/state/view.ts';
import { INITIAL_WORKSPACE } from '../../../../src/ui/state/workspace.ts';
import { buildSlide, planSlides, type SlideState } from '../../../../src/ui/presentation/slides.ts';
import type { KeyFigures } from '../../../../src/data/queries/dashboard.ts';
import type { ZoneRow } from '../../../../src/data/queries/diagnosis.ts';
import type { ScenarioResult } from '../../../../src/domain/planning/index.ts';

const basis = { version: 0, group: INITIAL_VIEW.group, threshold: INITIAL_VIEW.threshold, diagnosis: INITIAL_ANALYSIS.diagnosisParams };
const figures = (over: Partial<KeyFigures>) => ({ communes: 3, epcis: null, population: 600, area_km2: 10, pop_75p: 60, share_75p: 0.1, ftth_rate: null, france_services: 1, mediation: 0, conseillers: 0, mediatheques: 0, distinct_points: 1, ...over }) as KeyFigures;
const access = (over: object = {}) => ({ method: 'route', population: 600, pop_beyond: 250, pop75_beyond: 40, pop_unknown: 0, pop_estimated: 0, mean_minutes: 22.4, communes_beyond: 1, group: basis.group, threshold: basis.threshold, ...over });
const zone = (over: Partial<ZoneRow> = {}): ZoneRow => ({ kind: 'underserved', rank: 1, codes: '58002', names: 'Beta', population: 200, pop_75p: 20, need: 34, need_complete: true, max_minutes: 40, mean_minutes: 35, geom: null, ...over });

function state(a: Partial<AnalysisState> = {}, p: Partial<PlanningState> = {}): SlideState {
  const analysis = { ...INITIAL_ANALYSIS, status: 'ready' as const, basis, figures: figures({}), access: access(), zones: [zone()], ...a } as AnalysisState;
  return { analysis, workspace: { ...INITIAL_WORKSPACE, manifest: { name: 'Val-Test' } } as SlideState['workspace'], view: INITIAL_VIEW, planning: { ...INITIAL_PLANNING, ...p } };
}

const keyFigures = (thresholdMinutes: number, populationBeyond: number, pop75Beyond: number, meanMinutes: number) =>
  ({ thresholdMinutes, population: 600, populationBeyond, pop75Beyond, needBeyond: NaN, meanMinutes, unreachedPopulation: 0, estimatedUnits: 0 }) as unknown as ScenarioResult['before'];
const scenario = (s: SlideState, pop75 = 40): Partial<PlanningState> => ({
  scenario: { name: 'Mairie de Beta', added: [], removed: [] },
  scenarioResult: { before: keyFigures(30, 250, pop75, 22.4), after: keyFigures(30, 50, pop75 / 2, 12.6), gained: [], lost: [], unknownIds: [] } as unknown as ScenarioResult,
  basis: s.analysis.basis,
});

describe('planSlides', () => {
  it.each([
    ['everything known, no scenario', {}, ['territoire', 'acces', 'zones'], { scenario: /aucun scénario/ }],
    ['no legal population', { figures: figures({ population: null, pop_75p: null, share_75p: null }), access: access({ pop_beyond: 0, pop75_beyond: null }) }, ['zones'], { territoire: /population non disponible/, acces: /habitants éloignés ne peuvent être comptés/, scenario: /aucun scénario/ }],
    ['no travel times', { access: null }, ['territoire', 'zones'], { acces: /temps d'accès non calculés/, scenario: /aucun scénario/ }],
    ['no underserved zone', { zones: [] }, ['territoire', 'acces'], { zones: /aucune zone mal desservie à plus de 30 min/, scenario: /aucun scénario/ }],
    ['being recomputed', { status: 'computing' as const }, [], { territoire: /recalcul/, acces: /recalcul/, zones: /recalcul/, scenario: /recalcul/ }],
  ])('%s', (_name, a, kinds, reasons) => {
    const plan = planSlides(state(a));
    expect(plan.kinds).toEqual(kinds);
    expect(plan.leftOut.map((l) => l.kind).sort()).toEqual(Object.keys(reasons).sort());
    for (const l of plan.leftOut) expect(l.why).toMatch((reasons as Record<string, RegExp>)[l.kind]);
  });

  it('robust zones are judged on the robust list', () => {
    const plan = planSlides(state({ zones: [zone()], robustZones: [] }), true);
    expect(plan.leftOut).toEqual([{ kind: 'zones', why: 'aucune zone mal desservie à 20, 30 et 45 min' }, expect.objectContaining({ kind: 'scenario' })]);
  });

  it('the scenario slide exists with a scenario of the current analysis, and shows a pair of maps', () => {
    const base = state();
    const s = { ...base, planning: { ...base.planning, ...scenario(base) } };
    expect(planSlides(s).kinds).toEqual(['territoire', 'acces', 'zones', 'scenario']);
    const slide = buildSlide('scenario', s, false);
    expect(slide.pair).toBe(true);
    expect(slide.title).toBe('Scénario : Mairie de Beta');
    expect(slide.figures).toEqual([
      { value: '250 → 50', label: 'habitants à plus de 30 min' },
      { value: '40 → 20', label: 'dont 75 ans et plus' },
      { value: '22 min → 13 min', label: 'temps moyen' },
    ]);
    // A scenario computed on an older analysis is not shown.
    const stale = { ...s, planning: { ...s.planning, basis: { ...basis } } };
    expect(planSlides(stale).kinds).not.toContain('scenario');
    // Unknown 75+ on both sides: that line is dropped, not printed "non disponible".
    const no75 = { ...base, planning: { ...base.planning, ...scenario(base, NaN) } };
    expect(buildSlide('scenario', no75, false).figures.map((f) => f.label)).toEqual(['habitants à plus de 30 min', 'temps moyen']);
  });
});

describe('buildSlide shows only known, non-empty figures', () => {
  const values = (s: SlideState, kind: Parameters<typeof buildSlide>[0]) => buildSlide(kind, s, false).figures.map((f) => f.value);

  it('territory: population, communes, share of 75+, and the territory name as title', () => {
    const s = state();
    expect(buildSlide('territoire', s, false).title).toBe('Val-Test');
    expect(values(s, 'territoire').map((v) => v.replace(/\s/g, ' '))).toEqual(['600', '3', '10,0 %']);
    expect(values(state({ figures: figures({ share_75p: null }) }), 'territoire')).toEqual(['600', '3']);
  });

  it('access: nobody beyond the threshold is said in words, never a giant "0"', () => {
    const s = state({ access: access({ pop_beyond: 0, pop75_beyond: 0, mean_minutes: null }) });
    const slide = buildSlide('acces', s, false);
    expect(slide.figures).toEqual([{ value: 'Aucun habitant', label: "à plus de 30 min d'une France Services" }]);
  });

  it('zones: no "≈ 0" need, in the figures or the ranking', () => {
    const s = state({ zones: [zone({ need: 3 }), zone({ rank: 2, names: 'Gamma', need: null, need_complete: false })] });
    const slide = buildSlide('zones', s, false);
    expect(slide.figures).toEqual([{ value: '2', label: 'zones mal desservies' }]);
    expect(slide.ranking).toEqual(['Beta : 200 habitants', 'Gamma : 200 habitants']);
    const counted = buildSlide('zones', state({ zones: [zone({ need: 34 }), zone({ rank: 2, need: 12 })] }), false);
    // 34 + 12 = 46 → 50 (to the ten); each zone alone: 34 → 30, 12 → 10.
    expect(counted.figures[1]).toEqual({ value: '50', label: "personnes y ayant besoin d'aide (estimation)" });
    expect(counted.ranking[1]).toContain("≈ 10 personnes ayant besoin d'aide");
  });

  it('no slide of any plan prints "non disponible"', () => {
    for (const a of [{}, { figures: figures({ population: null, share_75p: null }) }, { access: access({ pop75_beyond: null, mean_minutes: null }) }]) {
      const s = state(a);
      for (const kind of planSlides(s).kinds) {
        for (const f of buildSlide(kind, s, false).figures) expect(f.value).not.toMatch(/non disponible|^0$/);
      }
    }
  });
});
