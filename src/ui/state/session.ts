/**
 * The dashboard session: opens the database, loads the demo territory, runs the worker jobs
 * and keeps what the panels and the map show. A small external store (subscribe/getSnapshot)
 * read by React with useSyncExternalStore; effects live here, not in components.
 */
import { DatabaseOwner } from '../../data/db.ts';
import { isUserError } from '../../data/import/errors.ts';
import { replaceDataset } from '../../data/insert.ts';
import {
  communePointsSql, communesSql, gridPointsSql, gridSql, helpPointsSql, keyFiguresSql, siteCoordinatesSql,
  type CommuneRow, type GridRow, type HelpPointRow, type KeyFigures,
} from '../../data/queries/dashboard.ts';
import type { SqlEngine } from '../../data/sql_engine.ts';
import { loadDemo, prepareSchema, removeDemo, sourceRow, storePrepared, type DemoManifest, type FileToLoad, type PrepareFn } from '../../data/workspace.ts';
import { streamDataset } from '../../data/insert.ts';
import { ImportClient } from '../../../workers/import_client.ts';
import type { ImportResultOf } from '../../../workers/import_protocol.ts';
import { WorkspaceStore, type Workspace } from '../../data/persist.ts';
import { INITIAL_PLANNING, type PlanningState, type ScenarioDraft } from './planning.ts';
import { PlanningActions } from './planning_actions.ts';
import { findDuplicates } from '../../domain/dedup.ts';
import { applyTerritory, DEFAULT_BUFFER_KM, TERRITORY_DATASET, type TerritorySelection, type TerritorySummary } from '../../data/territory.ts';
import { networkFormatOf } from '../../data/network_format.ts';
import { applyOrigins, type LayerOrigin, type Origins } from '../../data/origins.ts';
import { readBundle } from '../../data/fetch/bundle.ts';
import type { ImportResult, MappingNeeded } from '../../data/import/import_file.ts';
import type { ColumnMapping } from '../../data/import/mapping.ts';
import { communeFactsSql, epciFiguresSql, supplySitesSql, zonesSql, type CommuneFactsRow, type EpciFiguresRow, type ZoneRow } from '../../data/queries/diagnosis.ts';
import { diagnosisRows, factsFromRows } from '../../data/diagnosis_io.ts';
import { DEFAULT_4G_RADIUS_M } from '../../domain/coverage.ts';
import {
  DEFAULT_FRAGILITY_PARAMS, DEFAULT_UNDERSERVED_PARAMS, type HighCriterion, type IndicatorKey, type SupplySite,
} from '../../domain/diagnosis/index.ts';
import { HELP_GROUPS, HELP_KINDS, type HelpKind } from '../../domain/types.ts';
import type { MapData } from '../../map/map_controller.ts';
import { AbandonedError, AccessibilityClient, isAbandoned } from '../../../workers/client.ts';
import type { NetworkFormat, Progress, RouteResult } from '../../../workers/protocol.ts';
import type { NetworkSummary } from '../../domain/access/engine.ts';
import type { HelpGroup } from '../../domain/types.ts';
import { defaultSpeedProfile, type IsochroneCollection, type SpeedProfile } from '../../domain/routing/index.ts';
import { accessResultRows } from '../../data/access_results.ts';
import { accessFiguresSql, gridAccessSql, type AccessFigures, type AccessThreshold, type GridAccessRow } from '../../data/queries/access.ts';

export type Phase = 'starting' | 'loading_data' | 'computing' | 'ready' | 'failed';

export interface SourceRow {
  file: string;
  format_label: string;
  source: string;
  vintage: string | null;
  fictional: boolean;
  rows: number;
  rejected: number;
  /** For layers fetched from an official source: the address and the retrieval date-time. */
  url: string | null;
  retrieved_at: string | null;
}

export interface SessionState {
  phase: Phase;
  step: string;
  error: string | null;
  manifest: DemoManifest | null;
  sources: SourceRow[];
  data: MapData | null;
  figures: KeyFigures | null;
  /** Straight-line thresholds used by the key figures, in km. */
  thresholdKmFs: number;
  thresholdKmPn: number;
  /** Travel times: chosen help-point group and threshold. */
  accessGroup: HelpGroup;
  threshold: AccessThreshold;
  /** Travel-time figures, with the group and threshold they were computed for. */
  access: (AccessFigures & { group: HelpGroup; threshold: AccessThreshold }) | null;
  gridMinutes: ReadonlyMap<string, number> | null;
  network: NetworkSummary | null;
  roads: Float64Array | null;
  networkProgress: Progress | null;
  networkError: string | null;
  /** Points farther than the snapping distance from any road (communes and cells). */
  unsnapped: number;
  selectedCommune: string | null;
  route: RouteResult | null;
  isochrones: IsochroneCollection | null;
  /** Files the user imported in this session, newest first. */
  imports: ImportRecord[];
  /** Underserved zones for the chosen group and threshold, and the robust ones (20, 30 and 45 min). */
  zones: ZoneRow[];
  robustZones: ZoneRow[];
  epciFigures: EpciFiguresRow[];
  /** How the E2SFCA catchments were computed ('route' or 'vol_oiseau'). */
  diagnosisMethod: string | null;
  /** A file of unknown format waiting for the user's column mapping. */
  pendingMapping: { file: FileToLoad; result: MappingNeeded } | null;
  importing: boolean;
  /** A big file being read as a stream: how far (bytes read over the size), and the rows loaded so far. */
  importProgress: ImportProgress | null;
  /** The saved workspace could not be read or written. */
  storeError: string | null;
  /** Speeds used to read road networks (visible and editable). */
  profile: SpeedProfile;
  /** A failed action, in French, shown until dismissed; the dashboard keeps working. */
  notice: string | null;
  /** Origin of each layer fetched from an official source or a bundle, by file name (tables and road network). */
  origins: Origins;
  /** Name of the real territory loaded from the official sources or a bundle ("Nièvre (58)"). */
  territoryName: string | null;
  /** Diagnosis settings (weights, top share, criterion, reference area). */
  diagnosisParams: DiagnosisSettings;
  /** The territory studied, its buffer, and what was found in it. */
  territory: TerritoryChoice;
  territorySummary: TerritorySummary | null;
  /** Départements and EPCIs present in the loaded communes, to choose from. */
  territoryOptions: { departements: string[]; epcis: { siren: string; nom: string }[] };
  planning: PlanningState;
  /** Duplicates found across files (same place): shown to the user. */
  merges: { kept: string; merged: string; distanceM: number }[];
}

/** 'all' = every commune whose contour is loaded. */
export type TerritoryChoice = { selection: { type: 'all' } | TerritorySelection; bufferKm: number };

export interface DiagnosisSettings {
  weights: Record<IndicatorKey, number>;
  topShare: number;
  criterion: HighCriterion;
  reference: 'all' | 'group';
}

export const DEFAULT_DIAGNOSIS_SETTINGS: DiagnosisSettings = {
  weights: { ...DEFAULT_FRAGILITY_PARAMS.weights },
  topShare: DEFAULT_UNDERSERVED_PARAMS.topShare,
  criterion: DEFAULT_UNDERSERVED_PARAMS.criterion,
  reference: 'all',
};

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

const INITIAL: SessionState = {
  phase: 'starting', step: 'Démarrage de la base de données…', error: null, manifest: null, sources: [], data: null,
  figures: null, thresholdKmFs: 10, thresholdKmPn: 5,
  accessGroup: 'france_services', threshold: 30, access: null, gridMinutes: null, network: null, roads: null,
  networkProgress: null, networkError: null, unsnapped: 0, selectedCommune: null, route: null, isochrones: null,
  imports: [], pendingMapping: null, importing: false, importProgress: null, storeError: null, profile: defaultSpeedProfile(), notice: null, origins: {}, territoryName: null, diagnosisParams: DEFAULT_DIAGNOSIS_SETTINGS,
  territory: { selection: { type: 'all' }, bufferKm: DEFAULT_BUFFER_KM }, territorySummary: null, territoryOptions: { departements: [], epcis: [] }, planning: INITIAL_PLANNING, merges: [], zones: [], robustZones: [], epciFigures: [], diagnosisMethod: null,
};

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

const COG_MISSING = "La table des communes actuelles n'a pas pu être chargée : les codes commune sont gardés tels quels.";

const ROAD_FILE = 'troncons_routes.geojson';

export class Session {
  private state: SessionState = INITIAL;
  private listeners = new Set<() => void>();
  readonly db = new DatabaseOwner();
  private store = new WorkspaceStore();
  /** The road network file in use, kept to read it again with another speed profile. */
  private networkFile: { name: string; format: NetworkFormat; bytes: Uint8Array } | null = null;
  private diagnosisSeq = 0;
  /**
   * Files are parsed, and turned into Arrow, in the import worker, never on the page. For the
   * user's files it also brings codes of older years to today's communes (COG table, loaded there
   * once, only when the user imports a file) and reports the rest.
   */
  private importer = new ImportClient();
  /** Cancels the streamed import in progress ("Annuler"). */
  private importAbort: AbortController | null = null;
  private prepareInWorker: PrepareFn = async (file, mapping) => {
    const ready = await this.importer.request('prepare', {
      name: file.name, bytes: file.bytes.slice(), dataset: file.dataset ?? file.name, mapping, cog: !file.fictional,
    });
    if (ready.cogUnavailable) this.set({ notice: COG_MISSING });
    return ready;
  };
  private worker = new AccessibilityClient();
  /** Optimiser, what-if scenario and labelling check (planning_actions.ts). */
  readonly planner = new PlanningActions({
    state: () => this.state,
    setPlanning: (patch) => this.setPlanning(patch),
    worker: this.worker,
    engine: () => this.db.engine(),
    saveSetting: (key, value) => this.store.setting(key, value),
  });

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = () => this.state;

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  async start(demoBase: string): Promise<void> {
    try {
      const db = await this.db.engine();
      await prepareSchema(db);
      const profile = await this.store.getSetting<SpeedProfile>('profile').catch(() => undefined);
      if (profile?.version === 1) this.set({ profile });
      const territory = await this.store.getSetting<TerritoryChoice>('territory').catch(() => undefined);
      if (territory?.selection) this.set({ territory });
      const scenarios = await this.store.getSetting<ScenarioDraft[]>('scenarios').catch(() => undefined);
      if (Array.isArray(scenarios)) this.setPlanning({ saved: scenarios });
      const diagnosis = await this.store.getSetting<DiagnosisSettings>('diagnosis').catch(() => undefined);
      if (diagnosis?.weights) this.set({ diagnosisParams: { ...DEFAULT_DIAGNOSIS_SETTINGS, ...diagnosis } });
      const workspace = await this.store.load().catch((e: unknown) => {
        this.set({ storeError: `L'espace de travail enregistré n'a pas pu être lu (${(e as Error)?.message ?? e}) : seules les données de démonstration sont chargées.` });
        return { demoRemoved: false, files: [] } as Workspace;
      });
      const fetchBytes = async (file: string) => {
        const res = await fetch(`${demoBase}${file}`);
        if (!res.ok) throw new Error(`Fichier de démonstration « ${file} » introuvable (HTTP ${res.status}).`);
        return new Uint8Array(await res.arrayBuffer());
      };
      if (!workspace.demoRemoved) {
        this.set({ phase: 'loading_data', step: 'Chargement du territoire de démonstration…' });
        const { manifest } = await loadDemo(db, fetchBytes, (done, total, file) =>
          this.set({ step: file ? `Chargement de ${file} (${done + 1}/${total})…` : 'Données chargées.' }),
          this.prepareInWorker,
        );
        this.set({ manifest });
      }
      // The user's own files, imported again in the order they were first imported.
      const data = workspace.files.filter((f) => f.kind === 'data');
      for (const [i, f] of data.entries()) {
        this.set({ phase: 'loading_data', step: `Restauration de ${f.name} (${i + 1}/${data.length})…` });
        await this.importOne(db, { name: f.name, bytes: f.bytes, blob: f.blob }, f.mapping ?? null, false);
      }
      const origins = (await this.store.getSetting<Origins>('origins').catch(() => undefined)) ?? {};
      const territoryName = (await this.store.getSetting<string>('territoryName').catch(() => undefined)) ?? null;
      this.set({ origins, territoryName });
      await applyOrigins(db, origins);
      await this.computeTerritory(db);
      await this.computeDuplicates(db);
      await this.refresh(db);
      this.set({ phase: 'computing', step: "Calcul des distances à vol d'oiseau…" });
      await this.computeNearest(db);
      this.set({ step: 'Chargement du réseau routier…' });
      const network = workspace.files.filter((f) => f.kind === 'network').at(-1);
      if (network) await this.loadNetwork(network.name, networkFormatOf(network.name) ?? 'ign_geojson', network.bytes, false);
      else if (!workspace.demoRemoved) await this.loadNetwork(ROAD_FILE, 'ign_geojson', await fetchBytes(ROAD_FILE), false);
      else await this.computeAccess();
      this.set({ phase: 'ready', step: '' });
    } catch (e) {
      if (isAbandoned(e)) return;
      const message = isUserError(e) ? e.message : `Erreur inattendue : ${(e as Error)?.message ?? String(e)}`;
      this.set({ phase: 'failed', error: message, step: '' });
    }
  }

  /** Removes the fictional demo territory; the user's own files stay. Remembered across reloads. */
  async removeDemo(): Promise<void> {
    const db = await this.db.engine();
    await removeDemo(db);
    await this.store.setting('demoRemoved', true);
    const demoNetwork = this.state.network?.name === ROAD_FILE;
    this.set({ manifest: null, sources: [] });
    if (demoNetwork) {
      await this.worker.request('clearNetwork', {});
      this.set({ network: null, roads: null });
    }
    await this.recomputeAll(db);
  }

  /** Forgets everything the user imported (after the UI asked for confirmation), then starts again. */
  async reset(): Promise<void> {
    await this.store.clear();
    location.reload();
  }

  /** Reports an action that failed (a superseded computation is not a failure). */
  notify(error: unknown): void {
    if (isAbandoned(error)) return;
    const message = isUserError(error) ? error.message : `L'opération a échoué : ${(error as Error)?.message ?? String(error)}. Vous pouvez réessayer.`;
    this.set({ notice: message });
  }

  /** Test hook: the computation worker dies in the middle of the next computation. */
  crashWorkerOnNextRequest(): void {
    this.worker.crashOnNextRequest();
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    return (await this.db.engine()).query<T>(sql);
  }

  async setThresholds(thresholdKmFs: number, thresholdKmPn: number): Promise<void> {
    this.set({ thresholdKmFs, thresholdKmPn });
    const db = await this.db.engine();
    const [figures] = await db.query<KeyFigures>(keyFiguresSql(thresholdKmFs, thresholdKmPn));
    this.set({ figures });
  }

  /**
   * Imports files the user dropped or picked. Each file is loaded all-or-nothing; a bad file is
   * reported (French message naming file, line, column) and the others still load. Road
   * networks go to the travel-time engine. Then every computed figure is refreshed.
   */
  async importFiles(files: FileToLoad[]): Promise<void> {
    this.set({ importing: true });
    const db = await this.db.engine();
    let changed = false;
    for (const file of files) {
      if (file.name.toLowerCase().endsWith('.zip')) {
        this.set({ importing: false });
        await this.openBundle(file);
        this.set({ importing: true });
        continue;
      }
      if (file.name.toLowerCase().endsWith('.pbf')) {
        await this.loadNetwork(file.name, 'osm_pbf', file.bytes);
        continue;
      }
      changed = (await this.importOne(db, file, null, true)) || changed;
    }
    if (changed) await this.recomputeAll(db);
    this.set({ importing: false });
  }

  /**
   * Imports one data file (with a column mapping when given) and records the outcome. When
   * `save`, a successful import is added to the saved workspace. Returns true if data changed.
   * A big file (`file.blob`) is read as a stream, with a progress bar and a cancel button.
   */
  private async importOne(db: SqlEngine, file: FileToLoad, mapping: ColumnMapping | null, save: boolean): Promise<boolean> {
    try {
      if (file.blob) return await this.importStreamed(db, file as FileToLoad & { blob: Blob }, mapping, save);
      const ready = await this.prepareInWorker(file, mapping);
      if (ready.result.needsMapping) {
        this.set({ pendingMapping: { file, result: ready.result } });
        return false;
      }
      await storePrepared(db, file, ready);
      if (save) await this.store.saveFile({ name: file.name, bytes: file.bytes, kind: 'data', mapping, addedAt: new Date().toISOString() });
      this.set({ imports: [recordOf(ready), ...this.state.imports] });
      return true;
    } catch (e) {
      const message = isUserError(e) ? e.message
        : (e as Error)?.name === 'AbortError' ? `fichier « ${file.name} » : import annulé ; les données déjà chargées sont inchangées.`
        : `fichier « ${file.name} » : erreur inattendue (${(e as Error).message}).`;
      this.set({ imports: [{ file: file.name, ok: false, message, rows: 0, rejected: 0, warnings: [], rejectedCsv: null }, ...this.state.imports] });
      return false;
    }
  }

  /**
   * A big CSV read as a stream by the import worker, batch after batch, into ONE transaction:
   * cancelled or failed, it is rolled back whole and the workspace is as it was. The page only
   * ever holds one batch. Saved (the File itself, as a Blob) once committed.
   */
  private async importStreamed(db: SqlEngine, file: FileToLoad & { blob: Blob }, mapping: ColumnMapping | null, save: boolean): Promise<boolean> {
    const dataset = file.dataset ?? file.name;
    const size = file.blob.size;
    const controller = new AbortController();
    this.importAbort = controller;
    this.set({ importProgress: { file: file.name, bytesRead: 0, size, rows: 0 } });
    let stream: number | null = null;
    try {
      const opened = await this.importer.request('streamOpen', { name: file.name, file: file.blob, dataset, mapping, cog: true });
      if (opened.cogUnavailable) this.set({ notice: COG_MISSING });
      if (opened.head.kind === 'json') {
        // JSON is not read as a stream: read whole, as smaller files are.
        return await this.importOne(db, { ...file, blob: undefined, bytes: new Uint8Array(await file.blob.arrayBuffer()) }, mapping, save);
      }
      if (opened.head.kind === 'mapping') {
        this.set({ pendingMapping: { file, result: opened.head.result } });
        return false;
      }
      stream = opened.stream;
      const id = stream;
      let rows = 0;
      let summary: ImportResultOf<'streamEnd'> | null = null;
      // The worker reads the next batch while the database inserts this one (one batch ahead, no more).
      const ask = () => this.importer.request('streamNext', { stream: id });
      let ahead: ReturnType<typeof ask> | null = null;
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
          summary = await this.importer.request('streamEnd', { stream: id });
          stream = null;
          return { sources: [sourceRow(file, summary.result, summary.rows, summary.rejected)] };
        },
      });
      const done = summary!;
      if (save) await this.store.saveFile({ name: file.name, bytes: new Uint8Array(0), blob: file.blob, kind: 'data', mapping, addedAt: new Date().toISOString() });
      this.set({ imports: [recordOf(done), ...this.state.imports] });
      return true;
    } finally {
      if (stream !== null) await this.importer.request('streamClose', { stream }).catch(() => undefined);
      if (this.importAbort === controller) this.importAbort = null;
      this.set({ importProgress: null });
    }
  }

  /** "Annuler": stops the streamed import; what it had inserted is rolled back. */
  cancelImport(): void {
    this.importAbort?.abort(new DOMException('Import annulé', 'AbortError'));
  }

  /**
   * Layers fetched from the official sources ("Charger mon territoire") or read from a territory
   * bundle: each data layer goes through the importers like a dropped file and is saved with
   * its origin (address, retrieval date, vintage); the road network goes to the travel-time
   * engine. When the communes came, the territory becomes the one asked and the fictional demo
   * is removed. One recomputation at the end. Returns, per layer, whether it loaded and why not.
   */
  async installLayers(
    layers: readonly { file: string; bytes: Uint8Array; network: boolean; origin: LayerOrigin }[],
    territory: TerritorySelection | null,
    territoryName: string | null = null,
  ): Promise<{ file: string; ok: boolean; message: string | null }[]> {
    const db = await this.db.engine();
    const outcomes: { file: string; ok: boolean; message: string | null }[] = [];
    const origins = { ...this.state.origins };
    this.set({ importing: true });
    try {
      for (const l of layers.filter((x) => !x.network)) {
        const ok = await this.importOne(db, { name: l.file, bytes: l.bytes, vintage: l.origin.vintage }, null, true);
        const record = this.state.imports[0];
        outcomes.push({ file: l.file, ok, message: ok ? null : record?.file === l.file ? record.message ?? null : 'format non reconnu' });
        if (ok) origins[l.file] = l.origin;
      }
      await this.store.setting('origins', origins).catch(() => undefined);
      this.set({ origins: { ...origins } });
      await applyOrigins(db, origins);
      const communesLoaded = layers.some((l) => l.origin.sourceId === 'communes' && outcomes.some((o) => o.file === l.file && o.ok));
      if (territory && communesLoaded) {
        const choice: TerritoryChoice = { ...this.state.territory, selection: territory };
        this.set({ territory: choice, territoryName });
        await this.store.setting('territory', choice).catch(() => undefined);
        await this.store.setting('territoryName', territoryName).catch(() => undefined);
      }
      // Real communes and the fictional territory never mix: the demo goes (removeDemo recomputes).
      if (communesLoaded && this.state.manifest) await this.removeDemo();
      else if (outcomes.some((o) => o.ok)) await this.recomputeAll(db);
    } finally {
      this.set({ importing: false });
    }
    for (const l of layers.filter((x) => x.network)) {
      await this.loadNetwork(l.file, 'osm_json', l.bytes);
      const ok = this.state.network?.name === l.file;
      outcomes.push({ file: l.file, ok, message: ok ? null : this.state.networkError });
      if (ok) {
        origins[l.file] = l.origin;
        await this.store.setting('origins', origins).catch(() => undefined);
        this.set({ origins: { ...origins } });
      }
    }
    return outcomes;
  }

  /**
   * A territory bundle (the zip written by `npm run data:fetch`): its layers are installed with
   * the origins recorded when it was made, and the territory becomes the one of the bundle.
   */
  async openBundle(file: FileToLoad): Promise<void> {
    try {
      const { manifest, files } = readBundle(file.name, file.bytes);
      const t = manifest.territory;
      const territory = `${t.kind === 'departement' ? 'département' : 'EPCI'} ${t.code}`;
      const layers = manifest.layers.map((l) => ({
        file: l.file, bytes: files.get(l.file)!, network: l.network,
        origin: { file: l.file, sourceId: l.sourceId, label: l.label, url: l.url, page: l.page, retrievedAt: l.retrievedAt, vintage: l.vintage, territory, via: 'bundle' as const, dataset: l.dataset ?? null, resource: l.resource ?? null },
      }));
      const name = t.name ? `${t.name} (${territory})` : territory;
      const outcomes = await this.installLayers(layers, t.kind === 'departement' ? { type: 'departement', code: t.code } : { type: 'epci', siren: t.code }, name);
      const failed = outcomes.filter((o) => !o.ok);
      this.set({
        notice: `Lot « ${file.name} » ouvert : ${name}, ${outcomes.length - failed.length} couche(s) chargée(s)` +
          (failed.length ? `, ${failed.length} en échec (${failed.map((f) => f.file).join(', ')}).` : '.') +
          (manifest.failures.length ? ` Absentes du lot : ${manifest.failures.map((f) => f.label).join(', ')}.` : ''),
      });
    } catch (e) {
      const message = isUserError(e) ? e.message : `fichier « ${file.name} » : erreur inattendue (${(e as Error).message}).`;
      this.set({ imports: [{ file: file.name, ok: false, message, rows: 0, rejected: 0, warnings: [], rejectedCsv: null }, ...this.state.imports] });
    }
  }

  /** The user confirmed (or cancelled, with null) the column mapping of an unknown file. */
  async confirmMapping(mapping: ColumnMapping | null): Promise<void> {
    const pending = this.state.pendingMapping;
    this.set({ pendingMapping: null });
    if (!pending || !mapping) return;
    const db = await this.db.engine();
    if (await this.importOne(db, pending.file, mapping, true)) await this.recomputeAll(db);
  }

  private async recomputeAll(db: SqlEngine): Promise<void> {
    await this.computeTerritory(db);
    await this.computeDuplicates(db);
    await this.refresh(db);
    await this.computeNearest(db);
    await this.computeAccess();
  }

  /**
   * Reads a road network (IGN tronçons GeoJSON or OpenStreetMap .osm.pbf) in the worker, builds
   * the graph, then recomputes every travel time. A bad file leaves the current network in place.
   */
  async loadNetwork(name: string, format: NetworkFormat, bytes: Uint8Array, save = true): Promise<void> {
    this.set({ networkError: null, networkProgress: { stage: 'Lecture du fichier', fraction: 0 } });
    try {
      // The worker takes ownership of the buffer it is sent: keep ours for the saved workspace.
      const { summary, lines } = await this.worker.latest('network', 'loadNetwork', { name, format, bytes: bytes.slice(), profile: this.state.profile }, (p) => this.set({ networkProgress: p }));
      this.networkFile = { name, format, bytes };
      if (save) await this.store.saveFile({ name, bytes, kind: 'network', addedAt: new Date().toISOString() });
      this.set({ network: summary, roads: lines, networkProgress: { stage: 'Calcul des temps de trajet', fraction: 0.9 } });
      await this.computeAccess();
      this.set({ networkProgress: null });
    } catch (e) {
      if (isAbandoned(e)) return;
      this.set({ networkProgress: null, networkError: isUserError(e) ? e.message : `Réseau routier non chargé : ${(e as Error).message}` });
      // Without any network, the travel times are still estimated (straight line), and labelled so.
      if (!this.state.network && !this.state.access) await this.computeAccess();
    }
  }

  /** New speeds: saved, then the current network is read again with them and every time recomputed. */
  async setProfile(profile: SpeedProfile): Promise<void> {
    this.set({ profile });
    await this.store.setting('profile', profile).catch(() => undefined);
    const f = this.networkFile;
    if (f) await this.loadNetwork(f.name, f.format, f.bytes, false);
  }

  setPlanning(patch: Partial<PlanningState>): void {
    this.set({ planning: { ...this.state.planning, ...patch } });
  }

  /** A new territory (département, EPCI or all loaded communes) and buffer: saved, then everything recomputed. */
  async setTerritory(territory: TerritoryChoice): Promise<void> {
    this.set({ territory });
    await this.store.setting('territory', territory).catch(() => undefined);
    await this.recomputeAll(await this.db.engine());
  }

  /**
   * Restricts the analysis to the chosen territory; help points within the buffer stay in the
   * computations (a France Services across the border serves our inhabitants too).
   */
  private async computeTerritory(db: SqlEngine): Promise<void> {
    const { selection, bufferKm } = this.state.territory;
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*) AS n FROM communes');
    if (n === 0) {
      await db.exclusive(async (tx) => {
        await tx.query(`DELETE FROM territory_communes WHERE dataset = '${TERRITORY_DATASET}'`);
        await tx.query(`DELETE FROM territory_help_points WHERE dataset = '${TERRITORY_DATASET}'`);
      });
      this.set({ territorySummary: null });
      return;
    }
    const sel: TerritorySelection = selection.type === 'all'
      ? { type: 'communes', codes: (await db.query<{ code: string }>('SELECT DISTINCT code FROM communes')).map((r) => r.code) }
      : selection;
    this.set({ territorySummary: await applyTerritory(db, sel, { bufferKm }) });
  }

  /**
   * The same place listed in two files (a France Services that is also a lieu de médiation):
   * within 50 m with a similar name. The merges are listed; each kind keeps its own record
   * (the place is both), and the count of distinct places removes the duplicates.
   */
  private async computeDuplicates(db: SqlEngine): Promise<void> {
    const points = await db.query<{ uid: string; name: string; lon: number; lat: number; kind: string; dataset: string }>(
      'SELECT uid, name, lon, lat, kind, dataset FROM active_help_points ORDER BY uid',
    );
    const { merges } = findDuplicates(points.map((p) => ({ id: p.uid, name: p.name, lon: p.lon, lat: p.lat, kind: p.kind, source: p.dataset })));
    const rows = merges.map((m) => ({
      kept_uid: m.keptId, merged_uid: m.mergedId, kept_name: m.keptName, merged_name: m.mergedName, distance_m: m.distanceM, similarity: m.similarity,
    }));
    await db.exclusive((tx) => tx.query("DELETE FROM help_point_merges WHERE dataset = 'calcul:doublons'"));
    if (rows.length > 0) await replaceDataset(db, 'calcul:doublons', { help_point_merges: rows });
    this.set({ merges: rows.map((r) => ({ kept: r.kept_name, merged: r.merged_name, distanceM: r.distance_m })) });
  }

  /** New diagnosis settings: saved, then the diagnosis is computed again. */
  async setDiagnosisParams(diagnosisParams: DiagnosisSettings): Promise<void> {
    this.set({ diagnosisParams });
    await this.store.setting('diagnosis', diagnosisParams).catch(() => undefined);
    const db = await this.db.engine();
    try {
      await this.computeDiagnosis(db);
    } catch (e) {
      if (isAbandoned(e)) return;
      throw e;
    }
    await this.refreshAccess(db);
  }

  async setAccess(accessGroup: HelpGroup, threshold: AccessThreshold): Promise<void> {
    this.set({ accessGroup, threshold, route: null, isochrones: null });
    const db = await this.db.engine();
    await this.refreshAccess(db); // the travel-time figures first: they are ready
    try {
      await this.computeDiagnosis(db);
    } catch (e) {
      if (isAbandoned(e)) return; // a newer choice is being computed
      throw e;
    }
    await this.refreshAccess(db);
    this.setPlanning({ proposals: null });
    await this.planner.computeScenario().catch((e: unknown) => {
      if (!isAbandoned(e)) throw e;
    });
  }

  /** Click on a commune: its route to the nearest site of the chosen group. */
  async selectCommune(code: string | null): Promise<void> {
    this.set({ selectedCommune: code, route: null });
    const c = code ? this.state.data?.communes.find((r) => r.code === code) : null;
    if (!c || !this.state.network) return;
    try {
      const route = await this.worker.latest('route', 'route', { group: this.state.accessGroup, lon: c.lon, lat: c.lat });
      if (this.state.selectedCommune === code) this.set({ route });
    } catch (e) {
      if (!isAbandoned(e)) throw e;
    }
  }

  async toggleIsochrones(on: boolean): Promise<void> {
    if (!on || !this.state.network) {
      this.set({ isochrones: null });
      return;
    }
    try {
      const isochrones = await this.worker.latest('isochrones', 'isochrones', { group: this.state.accessGroup, thresholds: [15, 30, 45], siteIndex: null });
      this.set({ isochrones });
    } catch (e) {
      if (!isAbandoned(e)) throw e;
    }
  }

  /** Road travel times from every commune centre and 1 km cell to each help-point group. */
  private async computeAccess(): Promise<void> {
    const db = await this.db.engine();
    const [sites, communes, cells] = await Promise.all([
      db.query<{ id: string; kind: HelpKind; lon: number; lat: number }>(siteCoordinatesSql()),
      db.query<{ id: string; lon: number; lat: number }>(communePointsSql()),
      db.query<{ id: string; lon: number; lat: number }>(gridPointsSql()),
    ]);
    const result = await this.worker.latest('access', 'computeAccess', {
      sites: { ...points(sites), kind: Uint8Array.from(sites, (s) => HELP_KINDS.indexOf(s.kind)) },
      populations: { commune: points(communes), grid: points(cells) },
      groups: HELP_GROUPS,
    });
    const rows = accessResultRows(result, { commune: communes.map((c) => c.id), grid: cells.map((c) => c.id) }, sites.map((s) => s.id));
    await replaceDataset(db, 'calcul:temps_acces', { access_times: rows });
    this.set({ unsnapped: result.tooFar.commune.length + result.tooFar.grid.length, isochrones: null, route: null });
    await this.computeCoverage(db, communes, cells);
    await this.computeDiagnosis(db);
    await this.refreshAccess(db);
  }

  /** 4G proxy for every commune centre and 1 km cell, from the ARCEP mobile sites. */
  private async computeCoverage(db: SqlEngine, communes: { id: string; lon: number; lat: number }[], cells: { id: string; lon: number; lat: number }[]): Promise<void> {
    const sites = await db.query<{ operator: string; lon: number; lat: number }>('SELECT operator, lon, lat FROM mobile_sites WHERE g4 ORDER BY operator, lon, lat');
    const operators = [...new Set(sites.map((s) => s.operator))];
    if (operators.length === 0) return;
    const all = [...communes, ...cells];
    const uncovered = await this.worker.latest('coverage', 'coverage4g', {
      points: points(all),
      sites: { ...points(sites), operator: Uint8Array.from(sites, (s) => operators.indexOf(s.operator)) },
      operatorCount: Math.max(4, operators.length),
      radiusM: DEFAULT_4G_RADIUS_M,
    });
    const rows = all.map((p, i) => ({ target: i < communes.length ? 'commune' : 'grid', target_id: p.id, uncovered: uncovered[i] }));
    await replaceDataset(db, 'calcul:proxy_4g', { mobile_proxy: rows });
  }

  /** Fragility, need, E2SFCA, underserved and robust zones, for the chosen group and threshold. */
  private async computeDiagnosis(db: SqlEngine): Promise<void> {
    // The latest request wins: an older computation that finishes later is dropped, not written.
    const seq = ++this.diagnosisSeq;
    const { accessGroup, threshold } = this.state;
    const [facts, sites] = await Promise.all([
      db.query<CommuneFactsRow>(communeFactsSql(accessGroup)),
      db.query<SupplySite>(supplySitesSql()),
    ]);
    const d = this.state.diagnosisParams;
    const result = await this.worker.latest('diagnose', 'diagnose', {
      facts: factsFromRows(facts),
      sites,
      params: { threshold, topShare: d.topShare, criterion: d.criterion, fragility: { weights: d.weights, reference: d.reference } },
    });
    if (seq !== this.diagnosisSeq) throw new AbandonedError();
    const rows = diagnosisRows(result);
    await replaceDataset(db, 'calcul:diagnostic', rows);
    this.set({ diagnosisMethod: result.catchmentMethod });
  }

  private async refreshAccess(db: SqlEngine): Promise<void> {
    const { accessGroup, threshold } = this.state;
    const [communes, [access], grid, zones, robustZones, epciFigures] = await Promise.all([
      db.query<CommuneRow>(communesSql(accessGroup, threshold)),
      db.query<AccessFigures>(accessFiguresSql(accessGroup, threshold)),
      db.query<GridAccessRow>(gridAccessSql(accessGroup)),
      db.query<ZoneRow>(zonesSql('underserved')),
      db.query<ZoneRow>(zonesSql('robust')),
      db.query<EpciFiguresRow>(epciFiguresSql(accessGroup, threshold)),
    ]);
    // Ignore a stale answer if the user changed the group or threshold meanwhile.
    if (accessGroup !== this.state.accessGroup || threshold !== this.state.threshold || !this.state.data) return;
    this.set({
      data: { ...this.state.data, communes },
      access: access.population ? { ...access, group: accessGroup, threshold } : null,
      gridMinutes: new Map(grid.map((g) => [g.id, g.minutes])),
      zones,
      robustZones,
      epciFigures,
    });
  }

  private async refresh(db: SqlEngine): Promise<void> {
    const [departements, epcis] = await Promise.all([
      db.query<{ code: string }>("SELECT DISTINCT CASE WHEN code LIKE '97%' THEN substr(code, 1, 3) ELSE substr(code, 1, 2) END AS code FROM communes ORDER BY 1"),
      db.query<{ siren: string; nom: string }>(
        'SELECT DISTINCT ce.epci AS siren, coalesce(e.nom, ce.epci) AS nom FROM commune_epci ce JOIN communes c ON c.code = ce.code LEFT JOIN epci e ON e.siren = ce.epci ORDER BY 2',
      ),
    ]);
    this.set({ territoryOptions: { departements: departements.map((d) => d.code), epcis } });
    const [communes, helpPoints, grid, [figures], sources] = await Promise.all([
      db.query<CommuneRow>(communesSql(this.state.accessGroup, this.state.threshold)),
      db.query<HelpPointRow>(helpPointsSql()),
      db.query<GridRow>(gridSql()),
      db.query<KeyFigures>(keyFiguresSql(this.state.thresholdKmFs, this.state.thresholdKmPn)),
      db.query<SourceRow>('SELECT file, format_label, source, vintage, fictional, rows, rejected, url, retrieved_at FROM sources ORDER BY file'),
    ]);
    this.set({ data: { communes, helpPoints, grid }, figures, sources });
  }

  /** Straight-line nearest help point of each group, for every commune and grid cell (in the worker). */
  private async computeNearest(db: SqlEngine): Promise<void> {
    const [sites, communes, cells] = await Promise.all([
      db.query<{ id: string; kind: HelpKind; lon: number; lat: number }>(siteCoordinatesSql()),
      db.query<{ id: string; lon: number; lat: number }>(communePointsSql()),
      db.query<{ id: string; lon: number; lat: number }>(gridPointsSql()),
    ]);
    const result = await this.worker.latest('nearest', 'nearestStraight', {
      sites: { ...points(sites), kind: Uint8Array.from(sites, (s) => HELP_KINDS.indexOf(s.kind)) },
      targets: { commune: points(communes), grid: points(cells) },
      groups: HELP_GROUPS,
    });
    const rows = [];
    for (const [target, ids] of [['commune', communes], ['grid', cells]] as const) {
      for (const group of HELP_GROUPS) {
        const { site, distanceM } = result[target][group];
        for (let i = 0; i < ids.length; i++) {
          if (site[i] < 0) continue;
          rows.push({ target, target_id: ids[i].id, grp: group, help_id: sites[site[i]].id, distance_m: distanceM[i] });
        }
      }
    }
    await replaceDataset(db, 'calcul:vol_oiseau', { nearest_straight: rows });
    await this.refresh(db);
  }
}

const points = (rows: { lon: number; lat: number }[]) => ({
  lon: Float64Array.from(rows, (r) => r.lon),
  lat: Float64Array.from(rows, (r) => r.lat),
});
