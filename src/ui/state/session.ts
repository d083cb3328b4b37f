/**
 * The dashboard session: puts the parts together and orders their effects. It owns the database,
 * the browser store and the two workers, and gives each part its slice of one store:
 *   - Workspace: what data is loaded (demo or the user's territory), imports, bundles, network;
 *   - AnalysisPipeline: every derived figure, keyed on the data version and the choices;
 *   - Planning: proposals, scenarios, labelling check, keyed on the analysis they used;
 *   - View: what the user looks at (layers, group, threshold, selection).
 * The order is explicit here: a data change withdraws the results at once (onChanging), then one
 * analysis run follows (onChanged); a new analysis basis withdraws or recomputes the planning.
 */
import { workerProver } from '../../../workers/solver_client.ts';
import { DatabaseOwner } from '../../data/db.ts';
import { isUserError } from '../../data/import/errors.ts';
import { AsideStore, WorkspaceStore } from '../../data/persist.ts';
import { browserStorage, NO_STORAGE } from '../../data/storage_room.ts';
import { ImportClient } from '../../../workers/import_client.ts';
import { AccessibilityClient, isAbandoned } from '../../../workers/client.ts';
import { Store } from './store.ts';
import { withAside, withoutAside } from './aside.ts';
import { Settings } from './settings.ts';
import { demoFetcher, INITIAL_WORKSPACE, Workspace, type WorkspaceState } from './workspace.ts';
import { AnalysisPipeline, analysisIsCurrent, INITIAL_ANALYSIS, type AnalysisBasis, type AnalysisState } from './analysis.ts';
import { INITIAL_PLANNING, type PlanningState } from './planning.ts';
import { Planning } from './planning_actions.ts';
import { INITIAL_VIEW, View, type ViewModel } from './view.ts';
import { answersChoice, firstScreenOf, FirstScreens, type FirstScreen } from './first_screen.ts';

export type Phase = 'starting' | 'loading_data' | 'ready' | 'failed';

export interface SessionState {
  phase: Phase;
  step: string;
  /** Why the dashboard could not start (French). */
  error: string | null;
  /** A failed action or a message, in French, shown until dismissed; the dashboard keeps working. */
  notice: string | null;
  /** Safe mode: the saved workspace is set aside for this visit (nothing read from it or written to it). */
  aside: boolean;
  workspace: WorkspaceState;
  analysis: AnalysisState;
  planning: PlanningState;
  view: ViewModel;
  /** While the dashboard starts: the last analysis's map and headline figures, shown as a preview. */
  firstScreen: FirstScreen | null;
}

const INITIAL: SessionState = {
  phase: 'starting', step: 'Démarrage de la base de données…', error: null, notice: null, aside: false,
  workspace: INITIAL_WORKSPACE, analysis: INITIAL_ANALYSIS, planning: INITIAL_PLANNING, view: INITIAL_VIEW, firstScreen: null,
};

/** This build's stamp: the main script's address, which changes with any of the code (hashed names). */
const BUILD = new URL(import.meta.url).pathname;

export { analysisIsCurrent } from './analysis.ts';

/** The territory's name in the header, exports and slides: the user's, else the data's. */
export function territoryTitle(s: Pick<SessionState, 'workspace' | 'analysis'>): string | null {
  const w = s.workspace;
  if (w.kind === 'demo') return w.manifest?.name ?? null;
  return w.customName ?? s.analysis.dataName;
}

/** Whether the analysis on screen is worth keeping as the next start's first screen: the user's own data, current, settled. */
function worthKeeping(s: SessionState): boolean {
  return s.phase === 'ready' && !s.aside && s.workspace.kind === 'real' && !s.workspace.importing && s.analysis.basis !== null && analysisIsCurrent(s)
    // What the next start will ask (the view's choices are not saved): a first screen for others would not be shown.
    && answersChoice(s.view, INITIAL_VIEW);
}

/** Why the start failed, in French (the message of a user error, else the fault's). */
export function startFailure(e: unknown): string {
  if (isUserError(e)) return e.message;
  const message = e instanceof Error ? e.message : String(e);
  return `Erreur inattendue : ${message.slice(0, 300)}`;
}

export class Session {
  private readonly store: Store<SessionState>;
  readonly db = new DatabaseOwner();
  private readonly persist: WorkspaceStore;
  readonly settings: Settings;
  private readonly worker = new AccessibilityClient();
  private readonly importer = new ImportClient();
  readonly workspace: Workspace;
  readonly analysis: AnalysisPipeline;
  readonly planner: Planning;
  readonly view: View;
  /** The analysis run following the last data change. */
  private computing: Promise<void> = Promise.resolve();
  private lastBasis: AnalysisBasis | null = null;
  private readonly firstScreens: FirstScreens;
  /** The basis whose first screen was last kept (one write per analysis), and whether a write waits for idle. */
  private keptBasis: AnalysisBasis | null = null;
  private keeping = false;

  /**
   * `demoBase`: where the generated demo territory is served (its files and prepared tables);
   * `aside`: safe mode, the saved workspace set aside for this visit (the demo opens).
   */
  constructor(demoBase: string, options: { aside?: boolean } = {}) {
    const aside = options.aside ?? false;
    this.store = new Store<SessionState>({ ...INITIAL, aside });
    this.persist = aside ? new AsideStore() : new WorkspaceStore();
    this.settings = new Settings(this.persist, (message) => this.notify(message));
    this.firstScreens = new FirstScreens({ store: this.persist, fetchDemo: demoFetcher(demoBase), build: BUILD });
    const engine = () => this.db.engine();
    this.analysis = new AnalysisPipeline(this.store.slice('analysis'), {
      engine,
      worker: this.worker,
      settings: this.settings,
      workspace: () => this.state.workspace,
      choice: () => this.state.view,
    });
    this.workspace = new Workspace(this.store.slice('workspace'), {
      engine,
      fetchDemo: demoFetcher(demoBase),
      store: this.persist,
      // Safe mode saves nothing: no room to check, no persistence to ask for.
      storage: aside ? NO_STORAGE : browserStorage(),
      settings: this.settings,
      importer: this.importer,
      worker: this.worker,
      notify: (message) => this.notify(message),
      onChanging: () => {
        this.analysis.invalidate();
        this.view.dataChanged();
      },
      onChanged: () => {
        this.computing = this.analysis.run();
      },
      onReplaced: () => {
        this.planner.reset();
        // The demo's shared-link state (view, scenario) goes with it.
        if (typeof history !== 'undefined' && location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
      },
    });
    this.planner = new Planning(this.store.slice('planning'), {
      analysis: () => this.state.analysis,
      analysisCurrent: () => analysisIsCurrent(this.state),
      worker: this.worker,
      engine,
      settings: this.settings,
      estimate: () => this.state.workspace.estimate,
      prover: workerProver(),
    });
    this.view = new View(this.store.slice('view'), {
      worker: this.worker,
      hasNetwork: () => this.state.workspace.network !== null,
      communePoint: (code) => this.state.analysis.data?.communes.find((c) => c.code === code) ?? null,
      onChoiceChanged: () => void this.analysis.rerun(),
      onDistanceChanged: () => void this.analysis.refreshFigures().catch((e: unknown) => this.notify(e)),
    });
    // A new analysis basis: the planning follows (results of the old one withdrawn or recomputed).
    this.store.subscribe(() => {
      const basis = this.state.analysis.basis;
      if (basis === this.lastBasis) return;
      this.lastBasis = basis;
      void this.planner.analysisChanged(basis).catch((e: unknown) => this.notify(e));
      if (basis) this.view.dataReady();
    });
    this.store.subscribe(() => this.keepFirstScreen());
  }

  subscribe = (fn: () => void) => this.store.subscribe(fn);

  getSnapshot = (): SessionState => this.store.getSnapshot();

  private get state(): SessionState {
    return this.store.getSnapshot();
  }

  private set(patch: Partial<SessionState>): void {
    this.store.set(patch);
  }

  async start(): Promise<void> {
    // Read while the database starts: drawn at once, replaced by the live results when the start ends.
    void this.showFirstScreen();
    try {
      await this.db.engine();
      await Promise.all([this.analysis.loadSettings(), this.planner.loadSettings()]);
      this.set({ phase: 'loading_data' });
      await this.workspace.start((step) => this.set({ step }));
      // For the next start's first screen (a workspace saved by an older build has not said it yet).
      void this.persist.markKind(this.state.workspace.kind);
      this.set({ step: 'Calcul des indicateurs…' });
      await this.computing;
      this.set({ phase: 'ready', step: '', firstScreen: null });
    } catch (e) {
      if (isAbandoned(e)) return;
      this.set({ phase: 'failed', error: startFailure(e), step: '', firstScreen: null });
    }
  }

  private async showFirstScreen(): Promise<void> {
    // Safe mode opens the demo whatever is saved.
    const fs = await this.firstScreens.read({ demo: this.state.aside }).catch(() => null);
    if (fs && (this.state.phase === 'starting' || this.state.phase === 'loading_data')) this.set({ firstScreen: fs });
  }

  /**
   * After each analysis of the user's own data, its first screen is kept for the next start, once
   * the page is idle. Checked again just before the write: still current (a data change after it
   * writes after it, and deletes it).
   */
  private keepFirstScreen(): void {
    const basis = this.state.analysis.basis;
    if (this.keeping || basis === this.keptBasis || !worthKeeping(this.state)) return;
    this.keeping = true;
    const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 200));
    idle(() => {
      this.keeping = false;
      const now = this.state;
      // Else the next change of state asks again.
      if (!worthKeeping(now) || now.analysis.basis === this.keptBasis) return;
      this.keptBasis = now.analysis.basis;
      const fs = firstScreenOf({
        build: BUILD, kind: 'real', computedAt: new Date().toISOString(), title: territoryTitle(now),
        choice: { group: now.view.group, threshold: now.view.threshold, thresholdKmFs: now.view.thresholdKmFs, thresholdKmPn: now.view.thresholdKmPn },
        network: now.workspace.network?.name ?? null, estimate: now.workspace.estimate, analysis: now.analysis,
      });
      if (fs) void this.firstScreens.save(fs);
    }, { timeout: 2000 });
  }

  /**
   * Safe mode, after a start that failed: the page opens again on the demo with the saved
   * workspace set aside (read-only and untouched), instead of failing again at every reload.
   */
  openWithoutSaved(): void {
    location.assign(withAside(location.href));
  }

  /** Leaves safe mode: the page opens again on the saved workspace. */
  openSaved(): void {
    location.assign(withoutAside(location.href));
  }

  /** Reports an action that failed, or a message (a superseded computation is not a failure). */
  notify(error: unknown): void {
    if (isAbandoned(error)) return;
    const message = typeof error === 'string' ? error
      : isUserError(error) ? error.message
      : `L'opération a échoué : ${(error as Error)?.message ?? String(error)}. Vous pouvez réessayer.`;
    this.set({ notice: message });
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  /** Read-only SQL on the local database (test hook and exports). */
  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    return (await this.db.engine()).query<T>(sql);
  }

}
