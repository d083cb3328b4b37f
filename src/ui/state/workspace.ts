/**
 * The workspace: what data is loaded, and how it got there. Either the fictional demo territory
 * or the user's own territory — never both: the first real file, bundle or fetched territory
 * asks to replace the demo, and replacing it leaves nothing of it (tables, road network,
 * scenarios, link). Files are parsed in the import worker, loaded all-or-nothing, saved in the
 * browser with the tables they made (restored as they are on the next start), big CSV files read
 * as a stream. Every change of the loaded data bumps `version` (the analysis keys its results on
 * it) and tells the session once, at the end of the action.
 */
import { isUserError } from '../../data/import/errors.ts';
import { createAllTables, replaceDatasetIpc, rowsToIpc, streamDataset, type IpcTables } from '../../data/insert.ts';
import { TABLES } from '../../data/schema.ts';
import type { SqlEngine } from '../../data/sql_engine.ts';
import {
  loadDemoTables, prepareSchema, sourceRow, storePrepared, type DemoManifest, type FileToLoad, type PrepareFn,
} from '../../data/workspace.ts';
import type { ImportResultOf } from '../../../workers/import_protocol.ts';
import type { ImportClient } from '../../../workers/import_client.ts';
import type { StoredFile, Workspace as SavedWorkspace, WorkspaceStore } from '../../data/persist.ts';
import { IMPORT_SIGNATURE, signatureMatches } from '../../data/import/signature.ts';
import { networkFormatOf } from '../../data/network_format.ts';
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
}

export const INITIAL_WORKSPACE: WorkspaceState = {
  kind: 'demo', version: 0, manifest: null,
  territory: { selection: { type: 'all' }, bufferKm: DEFAULT_BUFFER_KM }, customName: null,
  imports: [], pendingMapping: null, mappingWaiting: 0, importing: false, importProgress: null, storeError: null, origins: {},
  network: null, roads: null, networkProgress: null, networkError: null,
  profile: defaultSpeedProfile(), estimate: { detour: DEFAULT_FALLBACK.detour, speedKmh: DEFAULT_FALLBACK.speedKmh },
  confirmReplace: null,
};

export interface WorkspaceDeps {
  engine(): Promise<SqlEngine>;
  /** A file of the generated demo territory (served with the app). */
  fetchDemo(file: string): Promise<Uint8Array>;
  store: WorkspaceStore;
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
        await this.restore(db, f);
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

  /** One saved data file back in the tables: as saved when this build made the same tables, else imported again. */
  private async restore(db: SqlEngine, f: StoredFile): Promise<void> {
    if (f.prepared && signatureMatches(f.prepared.signature)) {
      try {
        await replaceDatasetIpc(db, f.prepared.dataset, f.prepared.tables);
        if (f.record) this.set({ imports: [{ file: f.name, ok: true, ...f.record }, ...this.state.imports] });
        return;
      } catch {
        // A damaged record: the file is imported again below.
      }
    }
    await this.importOne(db, { name: f.name, bytes: f.bytes, blob: f.blob }, f.mapping ?? null, true);
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
      this.set({ kind: 'real', manifest: null, network: null, roads: null, networkError: null, territory, customName: null, origins: {} });
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
    const names = files.map((f) => `« ${f.name} »`).join(', ');
    if (!(await this.ensureReal(files.length > 1 ? `les fichiers ${names}` : `le fichier ${names}`))) return;
    await this.action(async () => {
      this.set({ importing: true });
      try {
        const db = await this.deps.engine();
        for (const file of files) {
          const lower = file.name.toLowerCase();
          if (lower.endsWith('.zip')) await this.openBundle(file);
          else if (lower.endsWith('.pbf')) await this.loadNetwork(file.name, 'osm_pbf', file.bytes);
          else await this.importOne(db, file, null, true);
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
      await this.importOne(await this.deps.engine(), pending.file, mapping, true);
    });
  }

  /** "Annuler": stops the streamed import; what it had inserted is rolled back. */
  cancelImport(): void {
    this.importAbort?.abort(new DOMException('Import annulé', 'AbortError'));
  }

  /**
   * Imports one data file (with a column mapping when given) and records the outcome. When
   * `save`, a successful import is saved with the tables it made. Returns true if data changed.
   * A big file (`file.blob`) is read as a stream, with a progress bar and a cancel button.
   */
  private async importOne(db: SqlEngine, file: FileToLoad, mapping: ColumnMapping | null, save: boolean): Promise<boolean> {
    try {
      if (file.blob) return await this.importStreamed(db, file as FileToLoad & { blob: Blob }, mapping, save);
      const ready = await this.prepare(file, mapping);
      if (ready.result.needsMapping) {
        this.askMapping({ file, result: ready.result });
        return false;
      }
      const dataset = file.dataset ?? file.name;
      const kept = save ? copyTables(ready.tables) : null;
      this.touch();
      await storePrepared(db, file, ready);
      const record = recordOf(ready);
      if (kept) {
        // The sources row too: written the same way storePrepared writes it.
        const sources = rowsToIpc('sources', [sourceRow(file, ready.result, ready.rows, ready.rejected)], dataset);
        await this.save({
          name: file.name, bytes: file.bytes, kind: 'data', mapping, addedAt: new Date().toISOString(),
          prepared: { signature: IMPORT_SIGNATURE, dataset, tables: { ...kept, sources: [sources] } },
          record: { message: record.message, rows: record.rows, rejected: record.rejected, warnings: record.warnings, rejectedCsv: record.rejectedCsv },
        });
      }
      this.set({ imports: [record, ...this.state.imports] });
      return true;
    } catch (e) {
      const message = isUserError(e) ? e.message
        : (e as Error)?.name === 'AbortError' ? `fichier « ${file.name} » : import annulé ; les données déjà chargées sont inchangées.`
        : `fichier « ${file.name} » : erreur inattendue (${(e as Error).message}).`;
      this.set({ imports: [failure(file.name, message), ...this.state.imports] });
      return false;
    }
  }

  /** Saves a file in the browser; a failure is said (the data stays loaded for this session). */
  private async save(file: StoredFile): Promise<void> {
    try {
      await this.deps.store.saveFile(file);
    } catch (e) {
      this.set({
        storeError: `« ${file.name} » est chargé mais n'a pas pu être enregistré dans ce navigateur (${(e as Error)?.message ?? e}) : ` +
          'il faudra le déposer à nouveau après un rechargement. Libérez de la place sur le disque ou exportez votre espace de travail.',
      });
    }
  }

  /**
   * A big CSV read as a stream by the import worker, batch after batch, into ONE transaction:
   * cancelled or failed, it is rolled back whole and the workspace is as it was. The page only
   * ever holds one batch. Saved (the File itself, as a Blob) once committed, and replayed as a
   * stream on the next start (its tables are too big to keep twice).
   */
  private async importStreamed(db: SqlEngine, file: FileToLoad & { blob: Blob }, mapping: ColumnMapping | null, save: boolean): Promise<boolean> {
    const dataset = file.dataset ?? file.name;
    const size = file.blob.size;
    const controller = new AbortController();
    this.importAbort = controller;
    this.set({ importProgress: { file: file.name, bytesRead: 0, size, rows: 0 } });
    const { importer } = this.deps;
    let stream: number | null = null;
    try {
      const opened = await importer.request('streamOpen', { name: file.name, file: file.blob, dataset, mapping, cog: true });
      if (opened.cogUnavailable) this.deps.notify(COG_MISSING);
      if (opened.head.kind === 'json') {
        // JSON is not read as a stream: read whole, as smaller files are.
        return await this.importOne(db, { ...file, blob: undefined, bytes: new Uint8Array(await file.blob.arrayBuffer()) }, mapping, save);
      }
      if (opened.head.kind === 'mapping') {
        this.askMapping({ file, result: opened.head.result });
        return false;
      }
      stream = opened.stream;
      const id = stream;
      let rows = 0;
      let summary: ImportResultOf<'streamEnd'> | null = null;
      // The worker reads the next batch while the database inserts this one (one batch ahead, no more).
      const ask = () => importer.request('streamNext', { stream: id });
      let ahead: ReturnType<typeof ask> | null = null;
      this.touch();
      await streamDataset(db, dataset, async () => {
        const batch = await (ahead ?? ask());
        ahead = batch ? ask() : null;
        ahead?.catch(() => undefined); // awaited at the next call; a failure then is reported there
        if (!batch) return null;
        rows += batch.rows;
        this.set({ importProgress: { file: file.name, bytesRead: batch.bytesRead, size, rows } });
        return batch.tables;
      }, {
        signal: controller.signal,
        finish: async () => {
          summary = await importer.request('streamEnd', { stream: id });
          stream = null;
          return { sources: [sourceRow(file, summary.result, summary.rows, summary.rejected)] };
        },
      });
      const done = summary!;
      if (save) await this.save({ name: file.name, bytes: new Uint8Array(0), blob: file.blob, kind: 'data', mapping, addedAt: new Date().toISOString() });
      this.set({ imports: [recordOf(done), ...this.state.imports] });
      return true;
    } finally {
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
    if (approved && this.state.kind === 'demo') await this.replaceDemo();
    else if (!(await this.ensureReal(`le territoire ${layers[0]?.origin.territory ?? ''}`.trim()))) {
      return layers.map((l) => ({ file: l.file, ok: false, message: 'territoire de démonstration conservé' }));
    }
    return this.action(async () => {
      const db = await this.deps.engine();
      const outcomes: { file: string; ok: boolean; message: string | null }[] = [];
      const origins = { ...this.state.origins };
      this.set({ importing: true });
      try {
        for (const l of layers.filter((x) => !x.network)) {
          const ok = await this.importOne(db, { name: l.file, bytes: l.bytes, vintage: l.origin.vintage }, null, true);
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
    if (save && !(await this.ensureReal(`le réseau routier « ${name} »`))) return;
    await this.action(() => this.readNetwork(name, format, bytes, save));
  }

  private async readNetwork(name: string, format: NetworkFormat, bytes: Uint8Array, save: boolean): Promise<void> {
    this.set({ networkError: null, networkProgress: { stage: 'Lecture du fichier', fraction: 0 } });
    try {
      // The worker takes ownership of the buffer it is sent: keep ours for the saved workspace.
      const { summary, lines } = await this.deps.worker.latest('network', 'loadNetwork', { name, format, bytes: bytes.slice(), profile: this.state.profile }, (p) => this.set({ networkProgress: p }));
      this.touch();
      this.networkFile = { name, format, bytes };
      if (save) await this.save({ name, bytes, kind: 'network', addedAt: new Date().toISOString() });
      this.set({ network: summary, roads: lines, networkProgress: null });
    } catch (e) {
      this.set({ networkProgress: null });
      if (isAbandoned(e)) return;
      this.set({ networkError: isUserError(e) ? e.message : `Réseau routier non chargé : ${(e as Error).message}` });
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
