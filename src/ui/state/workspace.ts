/**
 * The workspace: what data is loaded, and how it got there. Either the fictional demo territory
 * or the user's own territory — never both: the first real file, bundle or fetched territory
 * asks to replace the demo, and replacing it leaves nothing of it (tables, road network,
 * scenarios, link). Files are parsed in the import worker, loaded all-or-nothing, saved in the
 * browser with the tables they made (restored as they are on the next start), big CSV files read
 * as a stream. Every change of the loaded data bumps `version` (the analysis keys its results on
 * it) and tells the session once, at the end of the action.
 * Storage: what is to be saved is checked against the room the browser leaves this site before
 * anything is loaded, and saved BEFORE its rows are committed: a save that fails (storage full
 * midway) rolls the load back, so that nothing is on the map that a reload would lose.
 */
import { contourOverlapNotices } from '../../data/contour_overlap.ts';
import { isUserError, UserError } from '../../data/import/errors.ts';
import { createAllTables, replaceDatasetIpc, rowsToIpc, streamDataset, type IpcTables } from '../../data/insert.ts';
import { TABLES, type TableName } from '../../data/schema.ts';
import type { Row } from '../../data/import/format.ts';
import type { SqlEngine } from '../../data/sql_engine.ts';
import {
  loadDemoTables, prepareSchema, sourceRow, storePrepared, type DemoManifest, type FileToLoad, type PrepareFn,
} from '../../data/workspace.ts';
import type { ImportResultOf } from '../../../workers/import_protocol.ts';
import type { ImportClient } from '../../../workers/import_client.ts';
import type { StoredFile, Workspace as SavedWorkspace, WorkspaceStore } from '../../data/persist.ts';
import { IMPORT_SIGNATURE, signatureMatches } from '../../data/import/signature.ts';
import { isOsmNetwork, networkFormatOf, networkVintage } from '../../data/network_format.ts';
import { applyOrigins, checkOrigin, type LayerOrigin, type Origins } from '../../data/origins.ts';
import type { ImportResult, MappingNeeded } from '../../data/import/import_file.ts';
import type { ColumnMapping } from '../../data/import/mapping.ts';
import type { TerritorySelection } from '../../data/territory.ts';
import { DEFAULT_BUFFER_KM } from '../../data/territory.ts';
import { defaultSpeedProfile, type SpeedProfile } from '../../domain/routing/index.ts';
import { DEFAULT_FALLBACK } from '../../domain/routing/fallback.ts';
import type { NetworkSummary } from '../../domain/access/engine.ts';
import { userFileName } from '../../domain/outside.ts';
import { isAbandoned, type AccessibilityClient } from '../../../workers/client.ts';
import type { NetworkFormat, Progress } from '../../../workers/protocol.ts';
import type { StorageRoom } from '../../data/storage_room.ts';
import { bytesToSave, notSavedMessage, refusedMessage, roomLeft, saveFailureReason, type Refused, type StorageStatus } from '../../domain/storage.ts';
import type { Slice } from './store.ts';
import { withoutAside } from './aside.ts';
import type { EstimateSettings, Settings, TerritoryChoice } from './settings.ts';

export interface ImportProgress {
  file: string;
  bytesRead: number;
  size: number;
  rows: number;
}

export interface ImportRecord {
  file: string;
  ok: boolean;
  /** French: what happened (format recognised and rows, or the error). */
  message: string;
  rows: number;
  rejected: number;
  warnings: string[];
  /** CSV of the rejected rows with their reason, when there are some. */
  rejectedCsv: string | null;
}

/** An unknown file waiting for the user to say what its columns hold. */
export interface PendingMapping {
  /** Distinct for each file asked, so that the dialog starts afresh for the next one. */
  id: number;
  file: FileToLoad;
  result: MappingNeeded;
}

export interface WorkspaceState {
  /** 'demo': the fictional territory, shown at first start; 'real': the user's own data. */
  kind: 'demo' | 'real';
  /** Bumped at every change of what the analysis reads: files, road network, speeds, territory, estimate. */
  version: number;
  manifest: DemoManifest | null;
  territory: TerritoryChoice;
  /** The name the user gave the territory (null: named from the data). */
  customName: string | null;
  /** Files the user imported in this session, newest first. */
  imports: ImportRecord[];
  /** A file of unknown format waiting for the user's column mapping. */
  pendingMapping: PendingMapping | null;
  /** Unknown files waiting for their own column mapping after the one shown. */
  mappingWaiting: number;
  importing: boolean;
  /** A big file being read as a stream: how far (bytes read over the size), and the rows loaded so far. */
  importProgress: ImportProgress | null;
  /** The saved workspace could not be read or written. */
  storeError: string | null;
  /** Origin of each layer fetched from an official source or a bundle, by file name. */
  origins: Origins;
  network: NetworkSummary | null;
  /** The network file in use: OpenStreetMap data or not, and its vintage as read from the file (null: not said). */
  networkSource: { osm: boolean; vintage: string | null } | null;
  /** Road lines for drawing, flat [lon0, lat0, lon1, lat1, …]. */
  roads: Float64Array | null;
  networkProgress: Progress | null;
  networkError: string | null;
  /** Speeds used to read road networks (visible and editable). */
  profile: SpeedProfile;
  /** Straight-line estimate where no road network reaches (visible and editable). */
  estimate: EstimateSettings;
  /** Waiting for the user's answer: replace the demo territory with their own data? */
  confirmReplace: { what: string } | null;
  /** The browser's storage for this site: room used and left, persistence (null: the browser does not say). */
  storage: StorageStatus | null;
}

export const INITIAL_WORKSPACE: WorkspaceState = {
  kind: 'demo', version: 0, manifest: null,
  territory: { selection: { type: 'all' }, bufferKm: DEFAULT_BUFFER_KM }, customName: null,
  imports: [], pendingMapping: null, mappingWaiting: 0, importing: false, importProgress: null, storeError: null, origins: {},
  network: null, networkSource: null, roads: null, networkProgress: null, networkError: null,
  profile: defaultSpeedProfile(), estimate: { detour: DEFAULT_FALLBACK.detour, speedKmh: DEFAULT_FALLBACK.speedKmh },
  confirmReplace: null, storage: null,
};

export interface WorkspaceDeps {
  engine(): Promise<SqlEngine>;
  /** A file of the generated demo territory (served with the app). */
  fetchDemo(file: string): Promise<Uint8Array>;
  store: WorkspaceStore;
  /** The browser's storage manager: room left, persistence. */
  storage: StorageRoom;
  settings: Settings;
  importer: ImportClient;
  worker: AccessibilityClient;
  /** A failed action or a warning, in French, shown until dismissed. */
  notify(message: string): void;
  /** The loaded data is about to change: results of the current version are stale from now on. */
  onChanging(): void;
  /** The loaded data changed (once per action, at its end). */
  onChanged(): void;
  /** The demo was replaced by the user's own territory: forget what belonged to it. */
  onReplaced(): void;
}

/** File name of the demo's road network (IGN BD TOPO-like tronçons). */
export const DEMO_ROAD_FILE = 'troncons_routes.geojson';

const COG_MISSING = "La table des communes actuelles n'a pas pu être chargée : les codes commune sont gardés tels quels.";

/** What the data panel says about a loaded file (rows and rejects counted by the import worker). */
function recordOf(loaded: { result: ImportResult; rows: number; rejected: number; rejectedCsv: string | null }): ImportRecord {
  const { result, rows, rejected } = loaded;
  const fr = (n: number) => n.toLocaleString('fr-FR');
  return {
    file: result.file,
    ok: true,
    message: `${result.format.label} : ${fr(rows)} ligne(s) chargée(s)${rejected ? `, ${fr(rejected)} rejetée(s)` : ''}.`,
    rows,
    rejected,
    warnings: result.output.warnings,
    rejectedCsv: loaded.rejectedCsv,
  };
}

const failure = (file: string, message: string): ImportRecord => ({ file, ok: false, message, rows: 0, rejected: 0, warnings: [], rejectedCsv: null });

/** Bytes of a file as given (a big file's Blob, else its bytes). */
const sizeOf = (f: FileToLoad) => f.blob?.size ?? f.bytes.length;

/** Bytes a saved file takes: its own bytes and the tables saved with it. */
const storedBytes = (f: StoredFile) =>
  f.bytes.length + (f.blob?.size ?? 0) + Object.values(f.prepared?.tables ?? {}).reduce((n, batches) => n + (batches ?? []).reduce((m, b) => m + b.length, 0), 0);

const fileWhat = (name: string) => `Le fichier « ${name} »`;

/**
 * How an import is saved. 'new': a file the user adds (checked against the room left, saved
 * before its rows are committed, not loaded if it cannot be saved). 'restore': a saved file
 * imported again at start by this build's importers (its saved copy stays valid: loaded even if
 * the fresh copy cannot be written).
 */
type SaveMode = 'new' | 'restore';

/** Copies of the IPC buffers (DuckDB takes the originals: they are transferred to its worker). */
const copyTables = (tables: IpcTables): IpcTables =>
  Object.fromEntries(Object.entries(tables).map(([t, batches]) => [t, batches?.map((b) => b.slice())]));

export class Workspace {
  /** The road network file in use, kept to read it again with other speeds. */
  private networkFile: { name: string; format: NetworkFormat; bytes: Uint8Array } | null = null;
  /** Cancels the streamed import in progress ("Annuler"). */
  private importAbort: AbortController | null = null;
  /** Unknown files behind `pendingMapping`, first come first asked. */
  private readonly mappingQueue: PendingMapping[] = [];
  private mappingAsked = 0;
  /** Whether a running action has announced a change (one announcement until the actions end). */
  private changing = false;
  /**
   * Actions running, nested or concurrent (an import may start while another action awaits). The
   * change is announced as done when the last one ends: with a flag read at each action's start
   * instead, an action that began inside another's change and changed data after that one ended
   * never announced its end, and the analysis, invalidated, was never run again (the app stayed
   * « loading »).
   */
  private actions = 0;
  private replaceAnswer: ((yes: boolean) => void) | null = null;

  constructor(private readonly slice: Slice<WorkspaceState>, private readonly deps: WorkspaceDeps) {}

  private get state(): WorkspaceState {
    return this.slice.get();
  }

  private set(patch: Partial<WorkspaceState>): void {
    this.slice.set(patch);
  }

  /** Called right before the first write of an action: the version moves on, older results become stale. */
  private touch(): void {
    if (this.changing) return;
    this.changing = true;
    this.set({ version: this.state.version + 1 });
    this.deps.onChanging();
  }

  /** Runs an action; if it changed the data, the session hears it once at the end. */
  private async action<T>(fn: () => Promise<T>): Promise<T> {
    this.actions++;
    try {
      return await fn();
    } finally {
      this.actions--;
      if (this.actions === 0) void this.refreshStorage();
      if (this.actions === 0 && this.changing) {
        this.changing = false;
        this.deps.onChanged();
      }
    }
  }

  private prepare: PrepareFn = async (file, mapping) => {
    const ready = await this.deps.importer.request('prepare', {
      name: file.name, bytes: file.bytes.slice(), dataset: file.dataset ?? file.name, mapping, cog: !file.fictional,
    });
    if (ready.cogUnavailable) this.deps.notify(COG_MISSING);
    return ready;
  };

  // ---- Storage ----

  /** Whether persistent storage was asked for in this session (asked once, at the first real import). */
  private persistAsked = false;

  /** Reads again the room used and left, and whether the storage is persistent (for the data panel). */
  async refreshStorage(): Promise<void> {
    const { storage } = this.deps;
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted()]).catch(() => [null, null] as const);
    this.set({ storage: estimate ? { ...estimate, persisted } : null });
  }

  /**
   * Asks the browser, once, to keep this site's storage (not evicted when the disk runs short):
   * at the first import of the user's own data. Not awaited: a browser may show a prompt.
   */
  private askPersistOnce(): void {
    if (this.persistAsked) return;
    this.persistAsked = true;
    const { storage } = this.deps;
    void storage.persisted()
      .then((kept) => (kept ? kept : storage.persist()))
      .catch(() => null)
      .then(() => this.refreshStorage());
  }

  /** Bytes still free for this site; null where the browser does not say (or nothing is saved). */
  private async room(): Promise<number | null> {
    if (!this.deps.store.available) return null;
    const estimate = await this.deps.storage.estimate();
    return estimate ? roomLeft(estimate) : null;
  }

  /** The French refusal when `r` will not fit in the room left; null when it fits or the browser does not say. */
  private async refusal(r: Refused): Promise<string | null> {
    const room = await this.room();
    return room !== null && bytesToSave(r) > room ? refusedMessage(r, room) : null;
  }

  /** Saves a file the user adds; a failure throws the French reason (the caller undoes the load). */
  private async saveOrThrow(file: StoredFile, what: string): Promise<void> {
    try {
      await this.deps.store.saveFile(file);
    } catch (e) {
      // The room is said when it explains the failure (an estimate that claims room enough would contradict it).
      const room = await this.room().catch(() => null);
      const needed = storedBytes(file);
      throw new UserError(notSavedMessage(what, saveFailureReason(e), needed, room !== null && room < needed ? room : null));
    }
  }

  // ---- Start ----

  /**
   * Opens the saved workspace: the user's territory (tables put back as saved, or files imported
   * again when this build's importers differ), or the demo when there is none. Ends with one
   * `onChanged`.
   */
  async start(onStep: (step: string) => void): Promise<void> {
    const db = await this.deps.engine();
    await prepareSchema(db);
    const { settings } = this.deps;
    const saved = await this.deps.store.load().catch((e: unknown): SavedWorkspace => {
      this.set({ storeError: `L'espace de travail enregistré n'a pas pu être lu (${(e as Error)?.message ?? e}) : le territoire de démonstration est ouvert à la place.` });
      return { demoRemoved: false, files: [] };
    });
    const kind = (await settings.load('workspaceKind')) ?? (saved.demoRemoved || saved.files.length > 0 ? 'real' : 'demo');
    const [profile, territory, customName, origins, estimate] = await Promise.all([
      settings.load('profile'), settings.load('territory'), settings.load('territoryName'), settings.load('origins'), settings.load('estimate'),
    ]);
    this.set({
      kind,
      ...(profile ? { profile } : {}),
      ...(territory ? { territory } : {}),
      ...(estimate ? { estimate } : {}),
      customName: customName ?? null,
      origins: origins ?? {},
    });
    await this.action(async () => {
      this.touch();
      if (kind === 'demo') {
        onStep('Chargement du territoire de démonstration…');
        const fetchBytes = (file: string) => this.deps.fetchDemo(file);
        const { manifest } = await loadDemoTables(db, fetchBytes, this.prepare, (done, total) => onStep(`Chargement du territoire de démonstration (${done}/${total})…`));
        this.set({ manifest });
        onStep('Chargement du réseau routier de démonstration…');
        await this.readNetwork(DEMO_ROAD_FILE, 'ign_geojson', await fetchBytes(DEMO_ROAD_FILE), false);
        return;
      }
      const data = saved.files.filter((f) => f.kind === 'data');
      for (const [i, f] of data.entries()) {
        onStep(`Restauration de ${f.name} (${i + 1}/${data.length})…`);
        await this.restore(db, f, onStep);
      }
      // The origins only describe the layers: if they cannot be written, the data still opens.
      await applyOrigins(db, this.state.origins).catch((e: unknown) =>
        this.deps.notify(`La provenance des couches n'a pas pu être relue (${(e as Error)?.message ?? e}) : les données s'ouvrent sans elle.`));
      const network = saved.files.filter((f) => f.kind === 'network').at(-1);
      if (network) {
        onStep('Lecture du réseau routier…');
        await this.readNetwork(network.name, networkFormatOf(network.name, network.bytes) ?? 'ign_geojson', network.bytes, false);
      }
    });
  }

  /**
   * One saved data file back in the tables: as saved when this build made the same tables (a big
   * file's batch by batch, never parsed again), else imported again.
   */
  private async restore(db: SqlEngine, f: StoredFile, onStep: (step: string) => void): Promise<void> {
    try {
      if (f.prepared && signatureMatches(f.prepared.signature)) {
        await replaceDatasetIpc(db, f.prepared.dataset, f.prepared.tables);
      } else if (f.chunks && signatureMatches(f.chunks.signature) && f.record) {
        const { id, count, dataset, finish } = f.chunks;
        let next = 0;
        await streamDataset(db, dataset, async () => {
          if (next === count) return null;
          const batch = await this.deps.store.readChunk(id, next);
          if (!batch) throw new Error(`lot ${next} manquant`);
          onStep(`Restauration de ${f.name} (lot ${++next} sur ${count})…`);
          return batch;
        }, { finish: async () => finish });
      } else {
        throw new Error('tables à refaire');
      }
      if (f.record) this.set({ imports: [await this.withOverlaps(db, f.prepared?.dataset ?? f.chunks?.dataset ?? f.name, { file: f.name, ok: true, ...f.record }), ...this.state.imports] });
      return;
    } catch {
      // Made by other importers, or damaged: the file is imported again below.
    }
    await this.importOne(db, { name: f.name, bytes: f.bytes, blob: f.blob }, f.mapping ?? null, 'restore');
  }

  // ---- Demo or real ----

  /**
   * Before the user's own data goes in: on the demo, asks whether to replace it (and does);
   * elsewhere, yes at once. Resolves false when the user keeps the demo.
   */
  async ensureReal(what: string): Promise<boolean> {
    const yes = await this.askReplace(what);
    if (yes && this.state.kind === 'demo') await this.replaceDemo();
    return yes;
  }

  /**
   * Only asks (on the demo) whether the user's data may replace it; the demo stays until it is
   * actually replaced (e.g. when a fetched territory arrives: a cancelled download keeps the demo).
   */
  askReplace(what: string): Promise<boolean> {
    if (this.state.kind === 'real') return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      this.replaceAnswer?.(false);
      this.replaceAnswer = resolve;
      this.set({ confirmReplace: { what } });
    });
  }

  /** The user's answer to "Remplacer le territoire de démonstration ?". */
  answerReplace(yes: boolean): void {
    const answer = this.replaceAnswer;
    this.replaceAnswer = null;
    this.set({ confirmReplace: null });
    answer?.(yes);
  }

  /**
   * Leaves the demo for good: every table emptied, the road network dropped, the territory back
   * to "all loaded communes"; the session forgets the demo's scenarios, selection and link.
   */
  async replaceDemo(): Promise<void> {
    await this.action(async () => {
      this.touch();
      const db = await this.deps.engine();
      await db.exclusive(async (tx) => {
        await tx.query('BEGIN TRANSACTION');
        try {
          for (const t of Object.values(TABLES)) await tx.query(`DELETE FROM ${t.name}`);
          await tx.query('COMMIT');
        } catch (e) {
          await tx.query('ROLLBACK');
          throw e;
        }
      });
      await createAllTables(db);
      await this.deps.worker.request('clearNetwork', {});
      this.networkFile = null;
      const territory: TerritoryChoice = { selection: { type: 'all' }, bufferKm: this.state.territory.bufferKm };
      this.set({ kind: 'real', manifest: null, network: null, networkSource: null, roads: null, networkError: null, territory, customName: null, origins: {} });
      await this.deps.store.clearFiles().catch(() => undefined);
      await Promise.all([
        this.deps.settings.save('workspaceKind', 'real'),
        this.deps.settings.save('territory', territory),
        this.deps.settings.save('territoryName', null),
        this.deps.settings.save('origins', {}),
        this.deps.settings.save('scenarios', []),
        this.deps.settings.save('proposedSites', {}),
      ]);
      this.deps.onReplaced();
    });
  }

  /** Forgets everything saved in this browser (after the UI asked), then starts again on the demo. */
  async reset(): Promise<void> {
    await this.deps.store.clear();
    // Opens again without any parameter (safe mode included): the demo, on an empty workspace.
    location.replace(withoutAside(location.href));
  }

  // ---- Settings that change what the analysis reads ----

  async setTerritory(territory: TerritoryChoice): Promise<void> {
    await this.action(async () => {
      this.touch();
      this.set({ territory });
      await this.deps.settings.save('territory', territory);
    });
  }

  /** The name shown in the header, exports and slides (empty: named from the data again). */
  async rename(name: string): Promise<void> {
    const customName = name.trim().slice(0, 120) || null;
    this.set({ customName });
    await this.deps.settings.save('territoryName', customName);
  }

  async setEstimate(estimate: EstimateSettings): Promise<void> {
    await this.action(async () => {
      this.touch();
      this.set({ estimate });
      await this.deps.settings.save('estimate', estimate);
    });
  }

  /** New speeds: saved, then the current network is read again with them. */
  async setProfile(profile: SpeedProfile): Promise<void> {
    this.set({ profile });
    await this.deps.settings.save('profile', profile);
    const f = this.networkFile;
    if (f) await this.loadNetwork(f.name, f.format, f.bytes, false);
  }

  // ---- Files ----

  /**
   * Files the user dropped or picked. Each file is loaded all-or-nothing; a bad file is reported
   * (French message naming file, line, column) and the others still load. A .zip is a territory
   * bundle, a .pbf a road network. On the demo, the user is first asked to replace it.
   */
  async importFiles(given: FileToLoad[]): Promise<void> {
    if (given.length === 0) return;
    // Names as shown and stored: no bidirectional or invisible characters, out of the demo's namespace.
    const files = given.map((f) => ({ ...f, name: userFileName(f.name) }));
    const renamed = files.filter((f, i) => f.name !== given[i].name);
    if (renamed.length) {
      this.deps.notify(`Nom de fichier modifié : ${renamed.map((f) => `« ${f.name} »`).join(', ')} (caractères invisibles ou d'inversion du sens d'écriture retirés, ou préfixe « demo: » réservé au territoire de démonstration).`);
    }
    // A file that cannot fit in the room left is refused before anything is read or replaced.
    const room = await this.room();
    const refused = files.filter((f) => room !== null && sizeOf(f) > room);
    if (refused.length) {
      this.set({ imports: [...refused.map((f) => failure(f.name, refusedMessage({ what: fileWhat(f.name), size: sizeOf(f) }, room!))), ...this.state.imports] });
    }
    const kept = files.filter((f) => !refused.includes(f));
    if (kept.length === 0) return;
    const names = kept.map((f) => `« ${f.name} »`).join(', ');
    if (!(await this.ensureReal(kept.length > 1 ? `les fichiers ${names}` : `le fichier ${names}`))) return;
    this.askPersistOnce();
    await this.action(async () => {
      this.set({ importing: true });
      try {
        const db = await this.deps.engine();
        for (const file of kept) {
          const lower = file.name.toLowerCase();
          if (lower.endsWith('.zip')) await this.openBundle(file);
          else if (lower.endsWith('.pbf')) await this.loadNetwork(file.name, 'osm_pbf', file.bytes);
          else await this.importOne(db, file, null, 'new');
        }
      } finally {
        this.set({ importing: false });
      }
    });
  }

  /**
   * An unknown file needs its columns described: shown at once, or queued behind the one shown
   * (several unknown files dropped together each get their turn).
   */
  private askMapping(asked: Omit<PendingMapping, 'id'>): void {
    const pending = { ...asked, id: ++this.mappingAsked };
    if (this.state.pendingMapping) this.mappingQueue.push(pending);
    else this.set({ pendingMapping: pending });
    this.set({ mappingWaiting: this.mappingQueue.length });
  }

  /**
   * The user confirmed (or cancelled, with null) the column mapping of an unknown file; the next
   * queued file, if any, is asked next. A cancelled file is listed as not loaded.
   */
  async confirmMapping(mapping: ColumnMapping | null): Promise<void> {
    const pending = this.state.pendingMapping;
    this.set({ pendingMapping: this.mappingQueue.shift() ?? null, mappingWaiting: this.mappingQueue.length });
    if (!pending) return;
    if (!mapping) {
      this.set({ imports: [failure(pending.file.name, `fichier « ${pending.file.name} » non chargé : correspondance des colonnes annulée.`), ...this.state.imports] });
      return;
    }
    await this.action(async () => {
      await this.importOne(await this.deps.engine(), pending.file, mapping, 'new');
    });
  }

  /** "Annuler": stops the streamed import; what it had inserted is rolled back. */
  cancelImport(): void {
    this.importAbort?.abort(new DOMException('Import annulé', 'AbortError'));
  }

  /**
   * Imports one data file (with a column mapping when given) and records the outcome; it is saved
   * with the tables it made (see SaveMode). Returns true if data changed. A new file is refused
   * when it will not fit in the room left (before it is read, then with its tables once made),
   * and saved before its rows are committed: if the save fails, the load is rolled back.
   * A big file (`file.blob`) is read as a stream, with a progress bar and a cancel button.
   */
  private async importOne(db: SqlEngine, file: FileToLoad, mapping: ColumnMapping | null, mode: SaveMode): Promise<boolean> {
    try {
      if (mode === 'new') {
        const refused = await this.refusal({ what: fileWhat(file.name), size: sizeOf(file) });
        if (refused) throw new UserError(refused);
      }
      if (file.blob) return await this.importStreamed(db, file as FileToLoad & { blob: Blob }, mapping, mode);
      const ready = await this.prepare(file, mapping);
      if (ready.result.needsMapping) {
        this.askMapping({ file, result: ready.result });
        return false;
      }
      const dataset = file.dataset ?? file.name;
      const record = recordOf(ready);
      // The sources row too: written the same way storePrepared writes it.
      const sources = rowsToIpc('sources', [sourceRow(file, ready.result, ready.rows, ready.rejected)], dataset);
      const stored: StoredFile = {
        name: file.name, bytes: file.bytes, kind: 'data', mapping, addedAt: new Date().toISOString(),
        prepared: { signature: IMPORT_SIGNATURE, dataset, tables: { ...copyTables(ready.tables), sources: [sources] } },
        record: { message: record.message, rows: record.rows, rejected: record.rejected, warnings: record.warnings, rejectedCsv: record.rejectedCsv },
      };
      if (mode === 'new') {
        // Now that its tables are made: the file and its tables must fit.
        const refused = await this.refusal({ what: fileWhat(file.name), size: file.bytes.length, toSave: storedBytes(stored) });
        if (refused) throw new UserError(refused);
      }
      this.touch();
      if (mode === 'new') {
        let saved = false;
        try {
          await storePrepared(db, file, ready, async () => {
            await this.saveOrThrow(stored, fileWhat(file.name));
            saved = true;
          });
        } catch (e) {
          // Saved, then the commit failed: the saved copy goes too (else a reload would show it).
          if (saved) await this.deps.store.deleteFile(file.name).catch(() => undefined);
          throw e;
        }
      } else {
        await storePrepared(db, file, ready);
        await this.save(stored);
      }
      this.set({ imports: [await this.withOverlaps(db, dataset, record), ...this.state.imports] });
      return true;
    } catch (e) {
      const message = isUserError(e) ? e.message
        : (e as Error)?.name === 'AbortError' ? `fichier « ${file.name} » : import annulé ; les données déjà chargées sont inchangées.`
        : `fichier « ${file.name} » : erreur inattendue (${(e as Error).message}).`;
      this.set({ imports: [failure(file.name, message), ...this.state.imports] });
      return false;
    }
  }

  /** The record, with a warning for each commune whose contour another loaded file also gives (see contour_overlap.ts). */
  private async withOverlaps(db: SqlEngine, dataset: string, record: ImportRecord): Promise<ImportRecord> {
    const notices = await contourOverlapNotices(db, dataset).catch(() => []);
    return notices.length ? { ...record, warnings: [...record.warnings, ...notices] } : record;
  }

  /**
   * Saves anew a file restored at start through this build's importers; a failure is said (its
   * earlier saved copy stays, and is read again at the next start). Whether it was saved.
   */
  private async save(file: StoredFile): Promise<boolean> {
    try {
      await this.deps.store.saveFile(file);
      return true;
    } catch (e) {
      this.set({
        storeError: `« ${file.name} » est chargé, mais sa copie mise à jour n'a pas pu être enregistrée dans ce navigateur (${saveFailureReason(e)}) : ` +
          "l'ancienne copie est gardée et sera relue au prochain démarrage.",
      });
      return false;
    }
  }

  /**
   * A big CSV read as a stream by the import worker, batch after batch, into ONE transaction:
   * cancelled or failed, it is rolled back whole and the workspace is as it was. The page only
   * ever holds one batch. A new file is saved (the File itself, as a Blob) before the rows are
   * committed, and the load rolled back if that fails. Its tables are written batch by batch
   * while they are read: the next start puts the batches back without parsing the file again
   * (the Blob is replayed only for another build's importers, or a batch lost).
   */
  private async importStreamed(db: SqlEngine, file: FileToLoad & { blob: Blob }, mapping: ColumnMapping | null, mode: SaveMode): Promise<boolean> {
    const dataset = file.dataset ?? file.name;
    const size = file.blob.size;
    const controller = new AbortController();
    this.importAbort = controller;
    this.set({ importProgress: { file: file.name, bytesRead: 0, size, rows: 0 } });
    const { importer } = this.deps;
    let stream: number | null = null;
    // The tables are saved batch by batch as they are read: a reload puts them back without parsing.
    // count -1: the store refused a batch (the Blob is then replayed on the next start).
    const chunks = { id: `${file.name}#${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, count: 0 };
    let chunksKept = false;
    try {
      const opened = await importer.request('streamOpen', { name: file.name, file: file.blob, dataset, mapping, cog: true });
      if (opened.cogUnavailable) this.deps.notify(COG_MISSING);
      if (opened.head.kind === 'json') {
        // JSON is not read as a stream: read whole, as smaller files are.
        return await this.importOne(db, { ...file, blob: undefined, bytes: new Uint8Array(await file.blob.arrayBuffer()) }, mapping, mode);
      }
      if (opened.head.kind === 'mapping') {
        this.askMapping({ file, result: opened.head.result });
        return false;
      }
      stream = opened.stream;
      const id = stream;
      let rows = 0;
      let summary: ImportResultOf<'streamEnd'> | null = null;
      let finish: Partial<Record<TableName, Row[]>> = {};
      // The worker reads the next batch while the database inserts this one (one batch ahead, no more).
      const ask = () => importer.request('streamNext', { stream: id });
      let ahead: ReturnType<typeof ask> | null = null;
      this.touch();
      let saved = false;
      /** The file's record: the Blob, what the import said, and its batches when all were kept. */
      const savedRecord = (): StoredFile => {
        const record = recordOf(summary!);
        return {
          name: file.name, bytes: new Uint8Array(0), blob: file.blob, kind: 'data', mapping, addedAt: new Date().toISOString(),
          record: { message: record.message, rows: record.rows, rejected: record.rejected, warnings: record.warnings, rejectedCsv: record.rejectedCsv },
          // Batches not all kept (the store refused one): the Blob is replayed on the next start instead.
          ...(chunks.count >= 0 ? { chunks: { id: chunks.id, count: chunks.count, signature: IMPORT_SIGNATURE, dataset, finish } } : {}),
        };
      };
      await streamDataset(db, dataset, async () => {
        const batch = await (ahead ?? ask());
        ahead = batch ? ask() : null;
        ahead?.catch(() => undefined); // awaited at the next call; a failure then is reported there
        if (!batch) return null;
        rows += batch.rows;
        this.set({ importProgress: { file: file.name, bytesRead: batch.bytesRead, size, rows } });
        // Written (structured-cloned) before DuckDB takes the buffers.
        if (chunks.count >= 0) {
          const kept = await this.deps.store.saveChunk(chunks.id, chunks.count, batch.tables).then(() => true, () => false);
          chunks.count = kept ? chunks.count + 1 : -1;
        }
        return batch.tables;
      }, {
        signal: controller.signal,
        finish: async () => {
          summary = await importer.request('streamEnd', { stream: id });
          stream = null;
          finish = { sources: [sourceRow(file, summary.result, summary.rows, summary.rejected)] };
          return finish;
        },
        // A restored file is saved already (as this same Blob): only a new one is written.
        beforeCommit: mode === 'new' ? async () => {
          await this.saveOrThrow(savedRecord(), fileWhat(file.name));
          saved = true;
          chunksKept = chunks.count >= 0;
        } : undefined,
      }).catch(async (e: unknown) => {
        // Saved, then the commit failed: the saved copy goes too (else a reload would show it).
        if (saved) await this.deps.store.deleteFile(file.name).catch(() => undefined);
        chunksKept = false;
        throw e;
      });
      const done = summary!;
      const record = recordOf(done);
      if (mode === 'restore') {
        // Replayed at start (its batches lost, or made by another build): saved anew with its batches.
        chunksKept = (await this.save(savedRecord())) && chunks.count >= 0;
      }
      this.set({ imports: [record, ...this.state.imports] });
      return true;
    } finally {
      if (!chunksKept) await this.deps.store.deleteChunks(chunks.id).catch(() => undefined);
      if (stream !== null) await importer.request('streamClose', { stream }).catch(() => undefined);
      if (this.importAbort === controller) this.importAbort = null;
      this.set({ importProgress: null });
    }
  }

  // ---- Official sources and bundles ----

  /**
   * Layers fetched from the official sources ("Charger mon territoire") or read from a territory
   * bundle: each data layer goes through the importers like a dropped file and is saved with its
   * origin (address, retrieval date, vintage); the road network goes to the travel-time engine.
   * When the communes came, the territory becomes the one asked. On the demo, the user is asked
   * first (`ensureReal`, done by the caller before downloading). One recomputation at the end.
   */
  async installLayers(
    layers: readonly { file: string; bytes: Uint8Array; network: boolean; origin: LayerOrigin }[],
    territory: TerritorySelection | null,
    /** The user already said yes to replacing the demo (before the download). */
    approved = false,
  ): Promise<{ file: string; ok: boolean; message: string | null }[]> {
    // All the layers must fit in the room left: refused together, before anything (the demo included) is replaced.
    const refused = await this.layersRefusal(layers, `Le territoire « ${layers[0]?.origin.territory ?? ''} »`);
    if (refused) {
      this.set({ imports: [failure(layers[0]?.origin.territory ?? '', refused), ...this.state.imports] });
      return layers.map((l) => ({ file: l.file, ok: false, message: refused }));
    }
    if (approved && this.state.kind === 'demo') await this.replaceDemo();
    else if (!(await this.ensureReal(`le territoire ${layers[0]?.origin.territory ?? ''}`.trim()))) {
      return layers.map((l) => ({ file: l.file, ok: false, message: 'territoire de démonstration conservé' }));
    }
    this.askPersistOnce();
    return this.action(async () => {
      const db = await this.deps.engine();
      const outcomes: { file: string; ok: boolean; message: string | null }[] = [];
      const origins = { ...this.state.origins };
      this.set({ importing: true });
      try {
        for (const l of layers.filter((x) => !x.network)) {
          const ok = await this.importOne(db, { name: l.file, bytes: l.bytes, vintage: l.origin.vintage }, null, 'new');
          const record = this.state.imports[0];
          outcomes.push({ file: l.file, ok, message: ok ? null : record?.file === l.file ? record.message ?? null : 'format non reconnu' });
          if (ok) this.keepOrigin(origins, l.file, l.origin);
        }
        const communesLoaded = layers.some((l) => l.origin.sourceId === 'communes' && outcomes.some((o) => o.file === l.file && o.ok));
        if (territory && communesLoaded) {
          const choice: TerritoryChoice = { ...this.state.territory, selection: territory };
          this.set({ territory: choice });
          await this.deps.settings.save('territory', choice);
        }
        for (const l of layers.filter((x) => x.network)) {
          await this.loadNetwork(l.file, 'osm_json', l.bytes);
          const ok = this.state.network?.name === l.file;
          outcomes.push({ file: l.file, ok, message: ok ? null : this.state.networkError });
          if (ok) this.keepOrigin(origins, l.file, l.origin);
        }
        this.set({ origins });
        await this.deps.settings.save('origins', origins);
        await applyOrigins(db, origins);
      } finally {
        this.set({ importing: false });
      }
      return outcomes;
    });
  }

  /** The French refusal when the layers together will not fit in the room left (null: they fit, or unknown). */
  private layersRefusal(layers: readonly { bytes: Uint8Array }[], what: string): Promise<string | null> {
    return this.refusal({ what, size: layers.reduce((n, l) => n + l.bytes.length, 0) });
  }

  /**
   * Records a layer's origin once checked (labels cleaned of control characters, addresses that
   * parse): a remote title or a bundle label is outside data, saved and then written into SQL.
   */
  private keepOrigin(origins: Origins, file: string, origin: LayerOrigin): void {
    const checked = checkOrigin(origin);
    if (checked && checked.file === file) origins[file] = checked;
    else this.deps.notify(`La provenance de « ${file} » est illisible (adresse ou date invalide) : la couche est chargée sans elle.`);
  }

  /**
   * A territory bundle (the zip written by `npm run data:fetch`): its layers are installed with
   * the origins recorded when it was made, and the territory becomes the one of the bundle.
   */
  async openBundle(file: FileToLoad): Promise<void> {
    try {
      // Unzipped in the import worker (bounded by the bytes actually inflated), not on the page.
      const read = await this.deps.importer.request('readBundle', { name: file.name, bytes: file.bytes.slice() });
      const { manifest } = read;
      const files = new Map(read.files);
      const t = manifest.territory;
      const territory = `${t.kind === 'departement' ? 'département' : 'EPCI'} ${t.code}`;
      const layers = manifest.layers.map((l) => ({
        file: l.file, bytes: files.get(l.file)!, network: l.network,
        origin: { file: l.file, sourceId: l.sourceId, label: l.label, url: l.url, page: l.page, retrievedAt: l.retrievedAt, vintage: l.vintage, territory, via: 'bundle' as const, dataset: l.dataset ?? null, resource: l.resource ?? null },
      }));
      const name = t.name ? `${t.name} (${territory})` : territory;
      const refused = await this.layersRefusal(layers, `Le lot « ${file.name} »`);
      if (refused) {
        this.set({ imports: [failure(file.name, refused), ...this.state.imports] });
        return;
      }
      const outcomes = await this.installLayers(layers, t.kind === 'departement' ? { type: 'departement', code: t.code } : { type: 'epci', siren: t.code });
      const failed = outcomes.filter((o) => !o.ok);
      this.deps.notify(
        `Lot « ${file.name} » ouvert : ${name}, ${outcomes.length - failed.length} couche(s) chargée(s)` +
          (failed.length ? `, ${failed.length} en échec (${failed.map((f) => f.file).join(', ')}).` : '.') +
          (manifest.failures.length ? ` Absentes du lot : ${manifest.failures.map((f) => f.label).join(', ')}.` : ''),
      );
    } catch (e) {
      const message = isUserError(e) ? e.message : `fichier « ${file.name} » : erreur inattendue (${(e as Error).message}).`;
      this.set({ imports: [failure(file.name, message), ...this.state.imports] });
    }
  }

  // ---- Road network ----

  /**
   * Reads a road network (IGN tronçons GeoJSON or CSV, OpenStreetMap .osm.pbf or Overpass JSON)
   * in the worker and builds the graph. A bad file leaves the current network in place.
   */
  async loadNetwork(name: string, format: NetworkFormat, bytes: Uint8Array, save = true): Promise<void> {
    if (save) {
      // Refused before anything is read (or the demo replaced) when it cannot be saved.
      const refused = await this.refusal({ what: `Le réseau routier « ${name} »`, size: bytes.length });
      if (refused) return this.set({ networkError: refused });
      if (!(await this.ensureReal(`le réseau routier « ${name} »`))) return;
      this.askPersistOnce();
    }
    await this.action(() => this.readNetwork(name, format, bytes, save));
  }

  /**
   * Reads a road network into the travel-time engine. A new one (`save`) is saved before it is
   * shown: if the save fails, the engine goes back to the previous network (or to none).
   */
  private async readNetwork(name: string, format: NetworkFormat, bytes: Uint8Array, save: boolean): Promise<void> {
    this.set({ networkError: null, networkProgress: { stage: 'Lecture du fichier', fraction: 0 } });
    try {
      // The worker takes ownership of the buffer it is sent: keep ours for the saved workspace.
      const { summary, lines, osmTimestamp } = await this.deps.worker.latest('network', 'loadNetwork', { name, format, bytes: bytes.slice(), profile: this.state.profile }, (p) => this.set({ networkProgress: p }));
      this.touch();
      if (save) {
        try {
          await this.saveOrThrow({ name, bytes, kind: 'network', addedAt: new Date().toISOString() }, `Le réseau routier « ${name} »`);
        } catch (e) {
          await this.revertNetwork();
          throw e;
        }
      }
      this.networkFile = { name, format, bytes };
      this.set({ network: summary, networkSource: { osm: isOsmNetwork(format), vintage: networkVintage(format, name, osmTimestamp) }, roads: lines, networkProgress: null });
    } catch (e) {
      this.set({ networkProgress: null });
      if (isAbandoned(e)) return;
      this.set({ networkError: isUserError(e) ? e.message : `Réseau routier non chargé : ${(e as Error).message}` });
    }
  }

  /** The travel-time engine back on the network in use before (the one shown and saved), or on none. */
  private async revertNetwork(): Promise<void> {
    const f = this.networkFile;
    try {
      if (f) await this.deps.worker.latest('network', 'loadNetwork', { name: f.name, format: f.format, bytes: f.bytes.slice(), profile: this.state.profile }, () => undefined);
      else await this.deps.worker.request('clearNetwork', {});
    } catch (e) {
      if (isAbandoned(e)) return;
      // The engine holds a network no longer shown: drop it rather than compute with it.
      await this.deps.worker.request('clearNetwork', {}).catch(() => undefined);
      this.set({ network: null, networkSource: null, roads: null });
      this.networkFile = null;
    }
  }
}

/** Reads the files of the generated demo territory served with the app under `base`. */
export function demoFetcher(base: string): (file: string) => Promise<Uint8Array> {
  return async (file) => {
    const res = await fetch(`${base}${file}`);
    if (!res.ok) throw new Error(`Fichier de démonstration « ${file} » introuvable (HTTP ${res.status}).`);
    return new Uint8Array(await res.arrayBuffer());
  };
}
