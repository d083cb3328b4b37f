/**
 * The session's parts wired as the browser wires them, in Node: DuckDB-WASM (blocking bindings),
 * the accessibility handlers run in place of the worker (the client's main-thread fallback), the
 * import handlers likewise, and an in-memory stand-in for the browser store (IndexedDB).
 */
import { openNodeDuckDB } from './duckdb_node.ts';
import { AccessibilityClient } from '../../workers/client.ts';
import { ImportClient } from '../../workers/import_client.ts';
import { Store } from '../../src/ui/state/store.ts';
import { Settings } from '../../src/ui/state/settings.ts';
import { AnalysisPipeline, INITIAL_ANALYSIS, type AnalysisState } from '../../src/ui/state/analysis.ts';
import { INITIAL_WORKSPACE, Workspace, type WorkspaceState } from '../../src/ui/state/workspace.ts';
import { INITIAL_VIEW, type ViewModel } from '../../src/ui/state/view.ts';
import { INITIAL_PLANNING, type PlanningState } from '../../src/ui/state/planning.ts';
import { Planning } from '../../src/ui/state/planning_actions.ts';
import type { StoredFile, Workspace as SavedWorkspace, WorkspaceStore } from '../../src/data/persist.ts';
import type { SqlEngine } from '../../src/data/sql_engine.ts';
import type { IpcBatch } from '../../src/data/insert.ts';
import { prepareSchema } from '../../src/data/workspace.ts';

type StoreMethods = 'load' | 'saveFile' | 'setting' | 'getSetting' | 'clear' | 'clearFiles' | 'saveChunk' | 'readChunk' | 'deleteChunks';

/**
 * What IndexedDB keeps, in memory, with the same rules as src/data/persist.ts (a file's record
 * replaced drops the batches it pointed to; batches of no file are dropped at load).
 * `failWrites` makes every write fail (a full disk); `chunkRoom` refuses batches past that many.
 */
export class MemoryStore implements Pick<WorkspaceStore, StoreMethods> {
  files = new Map<string, StoredFile>();
  settings = new Map<string, unknown>();
  /** Batches of big files' tables, by `${id}\u0000${index}`. */
  chunks = new Map<string, IpcBatch>();
  failWrites = false;
  chunkRoom = Infinity;
  readonly available = true;

  private dropChunks(id: string): void {
    for (const k of [...this.chunks.keys()]) if (k.startsWith(`${id}\u0000`)) this.chunks.delete(k);
  }
  async load(): Promise<SavedWorkspace> {
    const kept = new Set([...this.files.values()].flatMap((f) => (f.chunks ? [f.chunks.id] : [])));
    for (const k of [...this.chunks.keys()]) if (!kept.has(k.split('\u0000')[0])) this.chunks.delete(k);
    return { demoRemoved: this.settings.get('demoRemoved') === true, files: [...this.files.values()].sort((a, b) => a.addedAt.localeCompare(b.addedAt)) };
  }
  async saveFile(file: StoredFile): Promise<void> {
    if (this.failWrites) throw new Error('QuotaExceededError');
    const previous = this.files.get(file.name)?.chunks;
    if (previous && previous.id !== file.chunks?.id) this.dropChunks(previous.id);
    this.files.set(file.name, structuredClone(file));
  }
  async saveChunk(id: string, index: number, batch: IpcBatch): Promise<void> {
    if (this.failWrites || this.chunks.size >= this.chunkRoom) throw new Error('QuotaExceededError');
    this.chunks.set(`${id}\u0000${index}`, structuredClone(batch));
  }
  async readChunk(id: string, index: number): Promise<IpcBatch | undefined> {
    return structuredClone(this.chunks.get(`${id}\u0000${index}`));
  }
  async deleteChunks(id: string): Promise<void> {
    this.dropChunks(id);
  }
  async setting<T>(key: string, value: T): Promise<void> {
    if (this.failWrites) throw new Error('QuotaExceededError');
    this.settings.set(key, structuredClone(value));
  }
  async getSetting<T>(key: string): Promise<T | undefined> {
    return structuredClone(this.settings.get(key)) as T | undefined;
  }
  async clear(): Promise<void> {
    this.files.clear();
    this.settings.clear();
    this.chunks.clear();
  }
  async clearFiles(): Promise<void> {
    this.files.clear();
    this.chunks.clear();
  }
}

export interface Parts {
  db: SqlEngine;
  store: Store<{ workspace: WorkspaceState; analysis: AnalysisState; planning: PlanningState; view: ViewModel }>;
  memory: MemoryStore;
  settings: Settings;
  worker: AccessibilityClient;
  importer: ImportClient & { prepared: number };
  workspace: Workspace;
  analysis: AnalysisPipeline;
  planning: Planning;
  notices: string[];
  /** The analysis run started by the last data change. */
  computing: () => Promise<void>;
}

/**
 * The parts with the same order of effects as src/ui/state/session.ts: a data change withdraws
 * the results (invalidate), then one run follows; a new basis goes to the planning.
 */
export async function openParts(options: { memory?: MemoryStore; fetchDemo?: (file: string) => Promise<Uint8Array>; db?: SqlEngine } = {}): Promise<Parts> {
  const db = options.db ?? (await openNodeDuckDB());
  await prepareSchema(db);
  const memory = options.memory ?? new MemoryStore();
  const notices: string[] = [];
  const settings = new Settings(memory as unknown as WorkspaceStore, (m) => notices.push(m));
  const worker = new AccessibilityClient(null);
  const importer = Object.assign(new ImportClient(null), { prepared: 0 });
  const request = importer.request.bind(importer);
  importer.request = ((type, params) => {
    if (type === 'prepare') importer.prepared++;
    return request(type, params);
  }) as typeof importer.request;
  const store = new Store({ workspace: INITIAL_WORKSPACE, analysis: INITIAL_ANALYSIS, planning: INITIAL_PLANNING, view: INITIAL_VIEW });
  const engine = async () => db;
  let computing: Promise<void> = Promise.resolve();
  const analysis = new AnalysisPipeline(store.slice('analysis'), {
    engine, worker, settings, workspace: () => store.getSnapshot().workspace, choice: () => store.getSnapshot().view,
  });
  const planning = new Planning(store.slice('planning'), {
    analysis: () => store.getSnapshot().analysis,
    analysisCurrent: () => {
      const s = store.getSnapshot();
      const b = s.analysis.basis;
      return s.analysis.status === 'ready' && b !== null && b.version === s.workspace.version && b.group === s.view.group && b.threshold === s.view.threshold;
    },
    worker, engine, settings,
    estimate: () => store.getSnapshot().workspace.estimate,
  });
  const workspace = new Workspace(store.slice('workspace'), {
    engine,
    fetchDemo: options.fetchDemo ?? (async (f) => {
      throw new Error(`no demo here (${f})`);
    }),
    store: memory as unknown as WorkspaceStore,
    settings,
    importer,
    worker,
    notify: (m) => notices.push(m),
    onChanging: () => analysis.invalidate(),
    onChanged: () => {
      computing = analysis.run();
    },
    onReplaced: () => planning.reset(),
  });
  let lastBasis: unknown = null;
  store.subscribe(() => {
    const basis = store.getSnapshot().analysis.basis;
    if (basis === lastBasis) return;
    lastBasis = basis;
    void planning.analysisChanged(basis).catch(() => undefined);
  });
  return { db, store, memory, settings, worker, importer, workspace, analysis, planning, notices, computing: () => computing };
}
