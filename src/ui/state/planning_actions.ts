/**
 * Planning: the optimiser's proposals, the what-if scenario (sites added on the map or dragged,
 * existing sites removed, bus stops), two saved scenarios compared, and the préfecture's
 * labelling check. The computations run in the worker; the latest request wins.
 *
 * Every result is computed on one analysis basis (data version, group, threshold) and kept with
 * it. When the analysis moves to another basis, results of the old one are withdrawn: the
 * scenario is computed again on the new data, proposals, comparison and fiche are dropped with a
 * note saying why (the user asks again); none of them is ever shown, exported or presented on
 * data it was not computed from.
 */
import type { SqlEngine } from '../../data/sql_engine.ts';
import { cantonShapesSql, communePostcodesSql, ficheCommunesSql } from '../../data/queries/diagnosis.ts';
import type { OptimiseParams, ScenarioSiteInput } from '../../domain/access/planning_io.ts';
import { pointInPolygon, prefillProposedSite, candidateInputs, communeAt, type ProposedSite, type FranceServicesType } from '../../domain/planning/index.ts';
import { haversine } from '../../domain/geo.ts';
import type { Polygon, MultiPolygon } from 'geojson';
import { AbandonedError, isAbandoned, isStaleSession, type AccessibilityClient } from '../../../workers/client.ts';
import { UserError } from '../../data/import/errors.ts';
import { existingSites, INITIAL_PLANNING, planningDemand, type DemandUnit, type PlanningState, type ScenarioDraft } from './planning.ts';
import type { AnalysisBasis, AnalysisState } from './analysis.ts';
import type { EstimateSettings, Settings } from './settings.ts';
import type { Slice } from './store.ts';
import type { Prover, RunningProof } from '../../../workers/solver_client.ts';
import type { OptimiseResult } from '../../domain/planning/index.ts';

export interface PlanningDeps {
  analysis(): AnalysisState;
  /** Whether the analysis results describe the data and choices of now. */
  analysisCurrent(): boolean;
  worker: AccessibilityClient;
  engine(): Promise<SqlEngine>;
  settings: Settings;
  /** The straight-line estimate the user set (used where no road network reaches). */
  estimate(): EstimateSettings;
  /** Runs the exact solve of a proposal in its own worker; null: no proof offered. */
  prover?: Prover | null;
}

const NOT_READY = 'Les chiffres sont en cours de recalcul : réessayez dans un instant.';

export class Planning {
  /**
   * The worker's scenario session: the what-if engine built once for a basis (demand, existing
   * sites, threshold); each change of the scenario is an incremental update on it.
   */
  private session: { basis: AnalysisBasis; unit: DemandUnit | null; id: Promise<string>; communeOf: (string | null)[] } | null = null;
  /** The proof running for the proposals shown, if any. */
  private proving: RunningProof | null = null;
  /** The ranking of a better set the proof found, while it runs (stopped with the proof). */
  private ranking: { stop(): void } | null = null;

  constructor(private readonly slice: Slice<PlanningState>, private readonly deps: PlanningDeps) {}

  private get state(): PlanningState {
    return this.slice.get();
  }

  set(patch: Partial<PlanningState>): void {
    this.slice.set(patch);
  }

  /**
   * Counts people in grid cells or in communes from now on: proposals and the fiche computed in
   * the other unit are withdrawn (their figures would not add up with the new ones), the proof
   * stopped, and the scenario computed again in the new unit.
   */
  async setDemandUnit(demandUnit: DemandUnit): Promise<void> {
    this.stopProof(false);
    this.slice.set({ demandUnit, proposals: null, proof: null, fiche: null, comparison: null });
    await this.computeScenario();
  }

  async loadSettings(): Promise<void> {
    const saved = await this.deps.settings.load('scenarios');
    if (saved) this.slice.set({ saved });
  }

  /** The demo was replaced: nothing of its scenarios remains. */
  reset(): void {
    this.stopProof(false);
    this.closeSession();
    this.slice.set({ ...INITIAL_PLANNING, gained: new Set() });
  }

  /**
   * The analysis moved to a new basis: results of the old one go. The scenario is recomputed on
   * the new one; the rest is dropped, and said.
   */
  async analysisChanged(basis: AnalysisBasis | null): Promise<void> {
    const p = this.state;
    if (p.basis === basis) return;
    const dropped = [p.proposals && 'les propositions', p.comparison && 'la comparaison', p.fiche && 'la fiche de labellisation'].filter(Boolean);
    this.stopProof(false);
    this.slice.set({
      basis,
      proposals: null,
      proof: null,
      comparison: null,
      fiche: null,
      scenarioResult: null,
      gained: new Set(),
      note: dropped.length ? `Les données ou les réglages ont changé : ${dropped.join(', ')} ${dropped.length > 1 ? 'ont été retirées' : 'a été retirée'} (calculées sur les anciennes). Relancez-les.` : p.note,
    });
    if (basis) await this.computeScenario().catch((e: unknown) => {
      if (!isAbandoned(e)) throw e;
    });
  }

  /** The analysis the next computation starts from; refused while it is being recomputed. */
  private current(): { basis: AnalysisBasis; analysis: AnalysisState & { data: NonNullable<AnalysisState['data']> } } {
    const analysis = this.deps.analysis();
    if (!analysis.basis || !analysis.data || !this.deps.analysisCurrent()) throw new UserError(NOT_READY);
    return { basis: analysis.basis, analysis: analysis as AnalysisState & { data: NonNullable<AnalysisState['data']> } };
  }

  /** Throws if the analysis moved on while a computation ran: its result is not kept. */
  private still(basis: AnalysisBasis): void {
    if (this.deps.analysis().basis !== basis) throw new AbandonedError();
  }

  /** Proposes where to open k new sites of the chosen kind, among commune centres, médiathèques and points numériques. */
  async runOptimiser(): Promise<void> {
    const { basis, analysis } = this.current();
    const { data } = analysis;
    const planning = this.state;
    this.slice.set({ optimising: true, note: null });
    try {
      const existing = existingSites(data.helpPoints, basis.group);
      const clicked = planning.scenario.added.map((s) => ({ ...s, origin: 'clic' as const, commune: '' }));
      const candidates = [
        ...data.communes.map((c) => ({ id: `commune:${c.code}`, name: c.nom, lon: c.lon, lat: c.lat, origin: 'chef_lieu' as const, commune: c.code, communeName: c.nom })),
        ...data.helpPoints
          .filter((p) => p.inside !== false && (p.kind === 'mediatheque' || (basis.group === 'france_services' && p.kind !== 'france_services')))
          .map((p) => ({ id: p.id, name: p.name, lon: p.lon, lat: p.lat, origin: (p.kind === 'mediatheque' ? 'mediatheque' : 'point_numerique') as 'mediatheque' | 'point_numerique', commune: '', communeName: p.commune_name ?? undefined })),
        ...clicked,
      ];
      this.stopProof(false);
      const params = {
        objective: planning.objective, k: planning.k, weight: planning.weight, thresholdMinutes: basis.threshold, demand: planningDemand(planning.demandUnit, data).demand,
        fixed: existing, candidates, estimate: this.deps.estimate(),
      };
      const prove = this.deps.prover != null && planning.proofSeconds > 0;
      const outcome = await this.deps.worker.latest('optimise', 'optimise', { ...params, prove });
      this.still(basis);
      if (outcome.status === 'ok' && outcome.proofInput && prove) {
        const { proofInput, ...proposals } = outcome;
        this.slice.set({ proposals, basis, proof: null });
        if (proposals.proposals.length > 0) this.startProof(proofInput, proposals, basis, params);
      } else if (outcome.status === 'ok' && outcome.proofTooLarge) {
        const { entries, max } = outcome.proofTooLarge;
        const gain = outcome.totalGain;
        this.slice.set({
          proposals: outcome, basis,
          proof: { status: 'too_large', seconds: planning.proofSeconds, gain, bound: Infinity, improved: false, heuristicGain: gain, ms: null, entries, maxEntries: max },
        });
      } else {
        this.slice.set({ proposals: outcome, basis, proof: null });
      }
    } finally {
      this.slice.set({ optimising: false });
    }
  }

  /**
   * The exact solve of the proposals shown, in the solver worker, within the chosen budget. Its
   * progress (the bound) is shown as it comes; a better set replaces the proposals (ranked by the
   * accessibility worker on the same data); a change of data or settings stops it.
   */
  private startProof(
    input: NonNullable<OptimiseResult['proofInput']>,
    shown: OptimiseResult,
    basis: AnalysisBasis,
    params: OptimiseParams,
  ): void {
    const prover = this.deps.prover;
    if (!prover) return;
    const seconds = this.state.proofSeconds;
    const proof = { status: 'running' as const, seconds, gain: shown.totalGain, bound: Infinity, improved: false, heuristicGain: shown.totalGain, ms: null };
    this.slice.set({ proof });
    const running = prover(input, seconds, (progress) => {
      if (this.proving !== running) return;
      this.slice.set({ proof: { ...proof, bound: progress.bound } });
    });
    this.proving = running;
    void running.result.then(
      async (r) => {
        if (this.proving !== running) return;
        this.proving = null;
        const bound = Math.max(r.bound, shown.totalGain);
        const done = { status: r.status, seconds, gain: shown.totalGain, bound, improved: false, heuristicGain: shown.totalGain, ms: r.ms };
        if (!(r.best > shown.totalGain * (1 + 1e-9) + 1e-9) || r.status === 'interrupted') {
          this.slice.set({ proof: done });
          return;
        }
        // A better set: ranked by the accessibility worker before it replaces the proposals. The
        // proof still says "en cours" meanwhile; « Arrêter » then keeps the proposals shown and
        // says that a better set was found.
        const notShown = { proof: { ...done, bestFound: r.best } };
        const ranking = { stop: () => {
          if (this.ranking !== ranking) return;
          this.ranking = null;
          this.slice.set(notShown);
        } };
        this.ranking = ranking;
        const better = await this.deps.worker.latest('optimise', 'optimise', { ...params, set: r.set }).catch(() => null);
        if (this.ranking !== ranking) return;
        this.ranking = null;
        if (this.deps.analysis().basis !== basis) return;
        if (!better || better.status !== 'ok') {
          this.slice.set(notShown);
          return;
        }
        this.slice.set({
          proposals: better,
          proof: { ...done, gain: better.totalGain, bound: Math.max(r.bound, better.totalGain), improved: true },
        });
      },
      () => {
        if (this.proving !== running) return;
        this.proving = null;
        this.slice.set({ proof: { ...proof, status: 'failed', ms: null } });
      },
    );
  }

  /** Stops the running proof; `say` keeps what it reached on screen (the user pressed "Arrêter"). */
  stopProof(say = true): void {
    const ranking = this.ranking;
    if (ranking) {
      if (say) ranking.stop();
      else this.ranking = null;
    }
    const running = this.proving;
    if (!running) return;
    if (!say) {
      this.proving = null;
      running.stop();
      return;
    }
    running.stop();
  }

  /** Adds a site to the scenario (a click on the map, a commune of the list, or a proposal) and recomputes it. */
  async addScenarioSite(site: { lon: number; lat: number; name?: string }): Promise<void> {
    const p = this.state;
    const n = p.scenario.added.length + 1;
    const added: ScenarioSiteInput = {
      id: `scenario-${Date.now().toString(36)}-${n}`,
      name: site.name ?? `Nouveau site ${n}`,
      lon: site.lon,
      lat: site.lat,
      kind: p.newSiteKind,
      fsType: p.newSiteKind === 'france_services' ? p.newSiteFsType : undefined,
      daysPerWeek: p.newSiteKind === 'france_services' && p.newSiteFsType === 'bus' ? p.newSiteDays : 5,
    };
    await this.setScenario({ ...p.scenario, added: [...p.scenario.added, added] });
  }

  /** A scenario site dragged on the map: recomputed as it moves; stale computations are cancelled. */
  async moveScenarioSite(id: string, lon: number, lat: number): Promise<void> {
    const { scenario } = this.state;
    try {
      await this.setScenario({ ...scenario, added: scenario.added.map((s) => (s.id === id ? { ...s, lon, lat } : s)) });
    } catch (e) {
      if (!isAbandoned(e)) throw e;
    }
  }

  /** Removes an existing help point in the scenario (or puts it back). */
  async toggleRemovedSite(id: string): Promise<void> {
    const { scenario } = this.state;
    const removed = scenario.removed.includes(id) ? scenario.removed.filter((r) => r !== id) : [...scenario.removed, id];
    await this.setScenario({ ...scenario, removed });
  }

  async setScenario(scenario: ScenarioDraft): Promise<void> {
    this.slice.set({ scenario });
    await this.computeScenario();
  }

  /** Computes two saved scenarios against the same base, to show them side by side. */
  async compareScenarios(a: string, b: string): Promise<void> {
    const { basis, analysis } = this.current();
    const pick = this.state.saved.filter((s) => s.name === a || s.name === b).sort((x) => (x.name === a ? -1 : 1));
    const results = [];
    for (const s of pick) {
      const result = await this.deps.worker.request('scenario', {
        thresholdMinutes: basis.threshold, demand: planningDemand(this.state.demandUnit, analysis.data).demand, base: existingSites(analysis.data.helpPoints, basis.group),
        added: s.added, removed: s.removed, estimate: this.deps.estimate(),
      });
      results.push({ name: s.name, result });
    }
    this.still(basis);
    this.slice.set({ comparison: results, basis });
  }

  /** Saves the scenario under its name with the workspace (replacing one of the same name). */
  async saveScenario(): Promise<void> {
    const { scenario, saved } = this.state;
    const next = [...saved.filter((s) => s.name !== scenario.name), scenario];
    this.slice.set({ saved: next });
    await this.deps.settings.save('scenarios', next);
  }

  /** The scenario against the current base (also after the data, the group or the threshold changed). */
  async computeScenario(): Promise<void> {
    const { scenario } = this.state;
    if (scenario.added.length === 0 && scenario.removed.length === 0) {
      this.slice.set({ scenarioResult: null, gained: new Set() });
      return;
    }
    if (!this.deps.analysisCurrent()) return; // computed when the analysis is ready (analysisChanged)
    const { basis, analysis } = this.current();
    const draft = { added: scenario.added, removed: scenario.removed };
    let answer;
    try {
      // One request in flight at a time: a drag at 60 Hz sends the latest position whenever the previous answer is in.
      answer = await this.deps.worker.coalesce('scenario', 'scenarioUpdate', { sessionId: await this.sessionFor(basis, analysis), draft });
    } catch (e) {
      if (!isStaleSession(e)) throw e;
      this.session = null; // the worker dropped it (new network, evicted): open it again
      answer = await this.deps.worker.coalesce('scenario', 'scenarioUpdate', { sessionId: await this.sessionFor(basis, analysis), draft });
    }
    this.still(basis);
    const { result, timing } = answer;
    const communeOf = this.session?.communeOf ?? [];
    const gained = new Set(result.gained.map((g) => communeOf[g.unit]).filter((code): code is string => code != null));
    this.slice.set({ scenarioResult: result, basis, scenarioLatencyMs: timing.latencyMs, gained });
  }

  /** The worker's session for this basis, opened once (the previous one is closed). */
  private sessionFor(basis: AnalysisBasis, analysis: AnalysisState & { data: NonNullable<AnalysisState['data']> }): Promise<string> {
    const unit = this.state.demandUnit;
    if (this.session?.basis === basis && this.session.unit === unit) return this.session.id;
    this.closeSession();
    const { data } = analysis;
    const planned = planningDemand(unit, data);
    const id = this.deps.worker.request('scenarioOpen', {
      thresholdMinutes: basis.threshold,
      demand: planned.demand,
      base: existingSites(data.helpPoints, basis.group),
      estimate: this.deps.estimate(),
    }, { transfer: true }).then((r) => r.sessionId);
    this.session = { basis, unit, id, communeOf: planned.communeOf };
    id.catch(() => {
      if (this.session?.id === id) this.session = null;
    });
    return id;
  }

  private closeSession(): void {
    const s = this.session;
    this.session = null;
    void s?.id.then((sessionId) => this.deps.worker.request('scenarioClose', { sessionId })).catch(() => undefined);
  }

  /**
   * The préfecture's labelling check for a candidate France Services at a place, with the site's
   * form: the one given (then kept in the settings), else the one kept for this site (by id, or
   * within 50 m), else prefilled from the point (its commune, the nearest address).
   */
  async labellingCheck(candidate: { id: string; name: string; lon: number; lat: number; communeName?: string; fsType?: FranceServicesType }, given?: ProposedSite): Promise<void> {
    const { basis, analysis } = this.current();
    const db = await this.deps.engine();
    const shapes = (rows: { code: string; nom: string | null; geom: string }[]) =>
      rows.flatMap((r) => {
        try {
          return [{ code: r.code, nom: r.nom ?? '', geometry: JSON.parse(r.geom) as Polygon | MultiPolygon }];
        } catch {
          return []; // a damaged contour is left out, not a failed fiche
        }
      });
    const cantons = shapes(await db.query<{ code: string; nom: string | null; geom: string }>(cantonShapesSql()));
    const communes = shapes(await db.query<{ code: string; nom: string | null; geom: string }>(ficheCommunesSql()));
    const cantonOf = (lon: number, lat: number) => cantons.find((c) => pointInPolygon(lon, lat, c.geometry));
    const stored = (await this.deps.settings.load('proposedSites')) ?? {};
    const kept = stored[candidate.id] ?? Object.values(stored).find((f) => haversine(f.lon, f.lat, candidate.lon, candidate.lat) <= 50);
    const places = analysis.data.helpPoints.map((h) => ({ name: h.name, address: h.address, lon: h.lon, lat: h.lat }));
    const postcodes = kept || given ? new Map<string, string>() : new Map((await db.query<{ code: string; cp: string }>(communePostcodesSql())).map((r) => [r.code, r.cp]));
    const form: ProposedSite = given ?? (kept ? { ...kept } : prefillProposedSite(candidate, communes, places, postcodes));
    if (given) await this.deps.settings.save('proposedSites', { ...stored, [candidate.id]: { ...given, lon: candidate.lon, lat: candidate.lat } });
    const canton = cantonOf(candidate.lon, candidate.lat);
    const fiche = await this.deps.worker.latest('labelling', 'labelling', {
      demand: planningDemand(this.state.demandUnit, analysis.data).demand,
      existing: existingSites(analysis.data.helpPoints, 'france_services').map((s) => ({ ...s, canton: cantonOf(s.lon, s.lat)?.code })),
      candidate: { ...candidate, name: form.name || candidate.name, ...(canton ? { canton: canton.code, cantonName: canton.nom } : {}), ...candidateInputs(form) },
      params: { thresholdMinutes: basis.threshold },
      estimate: this.deps.estimate(),
    });
    this.still(basis);
    // Outlines for the fiche's map: the communes within about 60 km.
    const own = communeAt(candidate.lon, candidate.lat, communes)?.code ?? null;
    const near = (g: Polygon | MultiPolygon) => {
      const first = g.type === 'Polygon' ? g.coordinates[0]?.[0] : g.coordinates[0]?.[0]?.[0];
      return first !== undefined && haversine(first[0], first[1], candidate.lon, candidate.lat) <= 60_000;
    };
    const outlines = communes.filter((c) => near(c.geometry)).map((c) => ({
      own: c.code === own,
      rings: (c.geometry.type === 'Polygon' ? [c.geometry.coordinates[0]] : c.geometry.coordinates.map((poly) => poly[0])) as [number, number][][],
    }));
    this.slice.set({ fiche: { candidate, form, fiche, communes: outlines }, basis });
  }
}
