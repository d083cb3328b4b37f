/**
 * Planning actions of the session: the optimiser's proposals, the what-if scenario (sites added
 * on the map or dragged, existing sites removed, bus stops), two saved scenarios compared, and
 * the préfecture's labelling check. The computations run in the worker; the latest request wins.
 * The session gives what they need (its state, the worker, the database, the saved settings).
 */
import type { SqlEngine } from '../../data/sql_engine.ts';
import type { ScenarioSiteInput } from '../../domain/access/planning_io.ts';
import { pointInPolygon } from '../../domain/planning/index.ts';
import { isAbandoned, type AccessibilityClient } from '../../../workers/client.ts';
import { communeDemand, existingSites, type PlanningState, type ScenarioDraft } from './planning.ts';
import type { SessionState } from './session.ts';

export interface PlanningContext {
  state(): SessionState;
  setPlanning(patch: Partial<PlanningState>): void;
  worker: AccessibilityClient;
  engine(): Promise<SqlEngine>;
  saveSetting(key: string, value: unknown): Promise<void>;
}

export class PlanningActions {
  constructor(private readonly ctx: PlanningContext) {}

  /** Proposes where to open k new sites of the chosen kind, among commune centres, médiathèques and points numériques. */
  async runOptimiser(): Promise<void> {
    const { data, accessGroup, threshold, planning } = this.ctx.state();
    if (!data) return;
    this.ctx.setPlanning({ optimising: true });
    try {
      const existing = existingSites(data.helpPoints, accessGroup);
      const clicked = planning.scenario.added.map((s) => ({ ...s, origin: 'clic' as const, commune: '' }));
      const candidates = [
        ...data.communes.map((c) => ({ id: `commune:${c.code}`, name: c.nom, lon: c.lon, lat: c.lat, origin: 'chef_lieu' as const, commune: c.code, communeName: c.nom })),
        ...data.helpPoints
          .filter((p) => p.inside !== false && (p.kind === 'mediatheque' || (accessGroup === 'france_services' && p.kind !== 'france_services')))
          .map((p) => ({ id: p.id, name: p.name, lon: p.lon, lat: p.lat, origin: (p.kind === 'mediatheque' ? 'mediatheque' : 'point_numerique') as 'mediatheque' | 'point_numerique', commune: '', communeName: p.commune_name ?? undefined })),
        ...clicked,
      ];
      const proposals = await this.ctx.worker.latest('optimise', 'optimise', {
        objective: planning.objective, k: planning.k, thresholdMinutes: threshold, demand: communeDemand(data.communes),
        fixed: existing, candidates,
      });
      // Minimal fix (planning branch): the optimiser now refuses a weight unknown everywhere.
      if (proposals.status !== 'ok') throw Object.assign(new Error(proposals.message), { name: 'UserError' });
      this.ctx.setPlanning({ proposals, optimising: false });
    } catch (e) {
      this.ctx.setPlanning({ optimising: false });
      throw e;
    }
  }

  /** Adds a site to the scenario (a click on the map, or a proposal) and recomputes it. */
  async addScenarioSite(site: { lon: number; lat: number; name?: string }): Promise<void> {
    const p = this.ctx.state().planning;
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
    const { scenario } = this.ctx.state().planning;
    try {
      await this.setScenario({ ...scenario, added: scenario.added.map((s) => (s.id === id ? { ...s, lon, lat } : s)) });
    } catch (e) {
      if (!isAbandoned(e)) throw e;
    }
  }

  /** Removes an existing help point in the scenario (or puts it back). */
  async toggleRemovedSite(id: string): Promise<void> {
    const { scenario } = this.ctx.state().planning;
    const removed = scenario.removed.includes(id) ? scenario.removed.filter((r) => r !== id) : [...scenario.removed, id];
    await this.setScenario({ ...scenario, removed });
  }

  async setScenario(scenario: ScenarioDraft): Promise<void> {
    this.ctx.setPlanning({ scenario });
    await this.computeScenario();
  }

  /** Computes two saved scenarios against the same base, to show them side by side. */
  async compareScenarios(a: string, b: string): Promise<void> {
    const { data, accessGroup, threshold, planning } = this.ctx.state();
    if (!data) return;
    const pick = planning.saved.filter((s) => s.name === a || s.name === b).sort((x) => (x.name === a ? -1 : 1));
    const results = [];
    for (const s of pick) {
      const result = await this.ctx.worker.request('scenario', {
        thresholdMinutes: threshold, demand: communeDemand(data.communes), base: existingSites(data.helpPoints, accessGroup),
        added: s.added, removed: s.removed,
      });
      results.push({ name: s.name, result });
    }
    this.ctx.setPlanning({ comparison: results });
  }

  /** Saves the scenario under its name with the workspace (replacing one of the same name). */
  async saveScenario(): Promise<void> {
    const { scenario, saved } = this.ctx.state().planning;
    const next = [...saved.filter((s) => s.name !== scenario.name), scenario];
    this.ctx.setPlanning({ saved: next });
    await this.ctx.saveSetting('scenarios', next);
  }

  /** The scenario against the current base (also after the access group or threshold changed). */
  async computeScenario(): Promise<void> {
    const { data, accessGroup, threshold, planning } = this.ctx.state();
    if (!data) return;
    if (planning.scenario.added.length === 0 && planning.scenario.removed.length === 0) {
      this.ctx.setPlanning({ scenarioResult: null, gained: new Set() });
      return;
    }
    const result = await this.ctx.worker.latest('scenario', 'scenario', {
      thresholdMinutes: threshold,
      demand: communeDemand(data.communes),
      base: existingSites(data.helpPoints, accessGroup),
      added: planning.scenario.added,
      removed: planning.scenario.removed,
    });
    this.ctx.setPlanning({ scenarioResult: result, gained: new Set(result.gained.map((g) => data.communes[g.unit].code)) });
  }

  /** The préfecture's labelling check for a candidate France Services at a place. */
  async labellingCheck(candidate: { id: string; name: string; lon: number; lat: number; communeName?: string }): Promise<void> {
    const { data, threshold } = this.ctx.state();
    if (!data) return;
    const db = await this.ctx.engine();
    const cantons = await db.query<{ code: string; geom: string }>('SELECT code, geom FROM cantons');
    const cantonOf = (lon: number, lat: number) => containingCode(cantons, lon, lat);
    const fiche = await this.ctx.worker.latest('labelling', 'labelling', {
      demand: communeDemand(data.communes),
      existing: existingSites(data.helpPoints, 'france_services').map((s) => ({ ...s, canton: cantonOf(s.lon, s.lat) })),
      candidate: { ...candidate, canton: cantonOf(candidate.lon, candidate.lat) },
      params: { thresholdMinutes: threshold },
    });
    this.ctx.setPlanning({ fiche: { candidate, fiche } });
  }
}

/** Code of the polygon (canton) containing a point, if any. */
function containingCode(features: readonly { code: string; geom: string }[], lon: number, lat: number): string | undefined {
  for (const f of features) {
    if (pointInPolygon(lon, lat, JSON.parse(f.geom))) return f.code;
  }
  return undefined;
}
