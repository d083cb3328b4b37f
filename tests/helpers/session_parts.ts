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
import type { StartRecord, StoredFile, Workspace as SavedWorkspace, WorkspaceStore } from '../../src/data/persist.ts';
import type { SqlEngine } from '../../src/data/sql_engine.ts';
import type { IpcBatch } from '../../src/data/insert.ts';
import { prepareSchema } from '../../src/data/workspace.ts';
import { NO_STORAGE, type StorageRoom } from '../../src/data/storage_room.ts';

type StoreMethods = 'load' | 'saveFile' | 'deleteFile' | 'setting' | 'getSetting' | 'clear' | 'clearFiles' | 'saveChunk' | 'readChunk' | 'deleteChunks'
  | 'saveFirstScreen' | 'forgetFirstScreen' | 'markKind' | 'readStart';

/** As src/data/persist.ts: the settings whose writes keep the first screen. */
const KEEP_FIRST_SCREEN = new Set(['scenarios', 'proposedSites']);

/**
 * What IndexedDB keeps, in memory, with the same rules as src/data/persist.ts (a file's record
 * replaced drops the batches it pointed to; batches of no file are dropped at load).
 * `failWrites` makes every write fail (a full disk); `quota` makes a write fail with a
 * QuotaExceededError when what is kept would pass that many bytes (a write that fails leaves the
 * store as it was, as an aborted IndexedDB transaction does); `chunkRoom` refuses batches past that many.
 * A write of a file, or of a setting the figures depend on, deletes the kept first screen
 * (`start`: what src/data/persist.ts keeps in Cache Storage for the next start).
 */
export class MemoryStore implements Pick<WorkspaceStore, StoreMethods> {
  files = new Map<string, StoredFile>();
  settings = new Map<string, unknown>();
  /** The start cache: the workspace the next start opens, and the kept first screen (JSON). */
  start: StartRecord = { kind: undefined, firstScreen: null, settingsChanged: false };
  /** Batches of big files' tables, by `${id}\u0000${index}`. */
  chunks = new Map<string, IpcBatch>();
  failWrites = false;
  chunkRoom = Infinity;
  quota = Infinity;
  /** Files written (puts that succeeded). */
  writes = 0;
  readonly available = true;

  private dropChunks(id: string): void {
    for (const k of [...this.chunks.keys()]) if (k.startsWith(`${id}\u0000`)) this.chunks.delete(k);
  }

  /** Bytes held by the saved files: their bytes, Blobs, saved tables and batches. */
  usage(): number {
    let n = 0;
    for (const f of this.files.values()) {
      n += f.bytes.byteLength + (f.blob?.size ?? 0);
      for (const batches of Object.values(f.prepared?.tables ?? {})) for (const b of batches ?? []) n += b.byteLength;
    }
    for (const batch of this.chunks.values()) for (const b of Object.values(batch)) n += b?.byteLength ?? 0;
    return n;
  }

  async load(): Promise<SavedWorkspace> {
    const kept = new Set([...this.files.values()].flatMap((f) => (f.chunks ? [f.chunks.id] : [])));
    for (const k of [...this.chunks.keys()]) if (!kept.has(k.split('\u0000')[0])) this.chunks.delete(k);
    return { demoRemoved: this.settings.get('demoRemoved') === true, files: [...this.files.values()].sort((a, b) => a.addedAt.localeCompare(b.addedAt)) };
  }
  async saveFile(file: StoredFile): Promise<void> {
    if (this.failWrites) throw new Error('QuotaExceededError');
    const before = this.files.get(file.name);
    this.files.set(file.name, structuredClone(file));
    if (this.usage() > this.quota) {
      if (before) this.files.set(file.name, before);
      else this.files.delete(file.name);
      throw new DOMException('', 'QuotaExceededError');
    }
    if (before?.chunks && before.chunks.id !== file.chunks?.id) this.dropChunks(before.chunks.id);
    this.start.firstScreen = null;
    this.writes++;
  }
  async deleteFile(name: string): Promise<void> {
    const chunks = this.files.get(name)?.chunks;
    if (chunks) this.dropChunks(chunks.id);
    this.files.delete(name);
    this.start.firstScreen = null;
  }
  async saveChunk(id: string, index: number, batch: IpcBatch): Promise<void> {
    if (this.failWrites || this.chunks.size >= this.chunkRoom) throw new Error('QuotaExceededError');
    const key = `${id}\u0000${index}`;
    this.chunks.set(key, structuredClone(batch));
    if (this.usage() > this.quota) {
      this.chunks.delete(key);
      throw new DOMException('', 'QuotaExceededError');
    }
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
    if (!KEEP_FIRST_SCREEN.has(key)) this.start = { ...this.start, firstScreen: null, settingsChanged: true };
    if (key === 'workspaceKind' && (value === 'demo' || value === 'real')) this.start.kind = value as 'demo' | 'real';
  }
  async saveFirstScreen(json: string): Promise<void> {
    this.start.firstScreen = json;
  }
  async forgetFirstScreen(): Promise<void> {
    this.start.firstScreen = null;
  }
  async markKind(kind: 'demo' | 'real'): Promise<void> {
    this.start.kind = kind;
  }
  async readStart(): Promise<StartRecord> {
    return { ...this.start };
  }
  async getSetting<T>(key: string): Promise<T | undefined> {
    return structuredClone(this.settings.get(key)) as T | undefined;
  }
  async clear(): Promise<void> {
    this.files.clear();
    this.settings.clear();
    this.chunks.clear();
    this.start = { kind: undefined, firstScreen: null, settingsChanged: false };
  }
  async clearFiles(): Promise<void> {
    this.files.clear();
    this.chunks.clear();
    this.start.firstScreen = null;
  }
}

/**
 * A browser storage manager for tests: `estimate` gives `quota` and the store's usage plus
 * `otherUsage` (what the rest of the site takes); `persist` is counted and granted or not.
 */
export class FakeStorage implements StorageRoom {
  persistCalls = 0;
  kept = false;
  /** null: the browser has no estimate (the import goes on unchecked). */
  quota: number | null;
  constructor(private readonly memory: MemoryStore, quota: number | null, public otherUsage = 0, private readonly grant = true) {
    this.quota = quota;
  }
  async estimate() {
    return this.quota === null ? null : { quota: this.quota, usage: this.memory.usage() + this.otherUsage };
  }
  async persisted() {
    return this.kept;
  }
  async persist() {
    this.persistCalls++;
    this.kept = this.grant;
    return this.kept;
  }
}

export interface Parts {
  db: SqlEngine;
  store: Store<{ workspace: WorkspaceState; analysis: AnalysisState; planning: PlanningState; view: ViewModel }>;
  memory: MemoryStore;
  settings: Settings;
  worker: AccessibilityClient;
  /** `prepared`: files parsed whole; `asked`: requests made, by type (e.g. `streamOpen`: files read as a stream). */
  importer: ImportClient & { prepared: number; asked: Partial<Record<string, number>> };
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
export async function openParts(options: {
  memory?: MemoryStore; fetchDemo?: (file: string) => Promise<Uint8Array>; db?: SqlEngine; storage?: StorageRoom;
  /** false: a data change withdraws the results but runs no analysis (tests of the import path alone). */
  analyse?: boolean;
} = {}): Promise<Parts> {
  const db = options.db ?? (await openNodeDuckDB());
  await prepareSchema(db);
  const memory = options.memory ?? new MemoryStore();
  const notices: string[] = [];
  const settings = new Settings(memory as unknown as WorkspaceStore, (m) => notices.push(m));
  const worker = new AccessibilityClient(null);
  const importer = Object.assign(new ImportClient(null), { prepared: 0, asked: {} as Partial<Record<string, number>> });
  const request = importer.request.bind(importer);
  importer.request = ((type, params) => {
    if (type === 'prepare') importer.prepared++;
    importer.asked[type] = (importer.asked[type] ?? 0) + 1;
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
    storage: options.storage ?? NO_STORAGE,
    settings,
    importer,
    worker,
    notify: (m) => notices.push(m),
    onChanging: () => analysis.invalidate(),
    onChanged: () => {
      if (options.analyse !== false) computing = analysis.run();
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

/** Polls `cond` every 5 ms until it holds (the session's parts change state between awaits); throws after `ms`. */
export async function waitUntil(cond: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}
