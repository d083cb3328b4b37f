/**
 * The analysis pipeline: from the loaded data to every derived figure, in one fixed order —
 * territory → duplicates → straight-line nearest → travel times (and the 4G proxy) → diagnosis —
 * then ONE read of everything the panels and the map show. Each run carries a generation token:
 * a run overtaken by a newer one (the data or a setting changed meanwhile) stops at its next step
 * and publishes nothing. Results are published with the basis they were computed on (workspace
 * version, group, threshold, diagnosis settings): a view shows them only while that basis is
 * still the current one, and says "recalcul en cours" otherwise.
 */
import { columnsToIpc, replaceDataset, replaceDatasetIpc } from '../../data/insert.ts';
import {
  communePointsSql, communeShapesSql, snapshotTerritory, communesSql, epciOptionsSql, gridPointsSql, gridSql, helpPointsSql, keyFiguresSql, siteCoordinatesSql,
  type KeyFigures,
} from '../../data/queries/dashboard.ts';
import type { SqlEngine } from '../../data/sql_engine.ts';
import { findDuplicates } from '../../domain/dedup.ts';
import { applyTerritory, TERRITORY_DATASET, type TerritorySelection, type TerritorySummary } from '../../data/territory.ts';
import { soleEpci, territoryNameOf } from '../../data/territory_name.ts';
import {
  communeFactsSql, epciFiguresSql, fragilityInputsSql, supplySitesSql, zonesSql,
  type CommuneFactsRow, type FragilityInputRow, type SupplySiteRow, type EpciFiguresRow, type ZoneRow,
} from '../../data/queries/diagnosis.ts';
import { diagnosisRows, factsFromRows, indicatorBases } from '../../data/diagnosis_io.ts';
import { diagnosisParamsOf } from './diagnosis_params.ts';
import { accessResultTables } from '../../data/access_results.ts';
import { accessFiguresSql, gridAccessSql, snapshotAccess, type AccessFigures, type AccessThreshold, type GridAccessRow } from '../../data/queries/access.ts';
import { DEFAULT_4G_RADIUS_M } from '../../domain/coverage.ts';
import { DEFAULT_DECAY_PRESET, DEFAULT_FRAGILITY_PARAMS, DEFAULT_UNDERSERVED_PARAMS, NO_BASES, type IndicatorBases } from '../../domain/diagnosis/index.ts';
import { HELP_GROUPS, HELP_KINDS, type HelpGroup, type HelpKind } from '../../domain/types.ts';
import type { CommuneRow, GridRow, HelpPointRow } from '../../data/queries/dashboard.ts';
import type { MapData } from '../../map/map_controller.ts';
import { toCommuneShapes, type CommuneShapes } from '../../map/commune_shapes.ts';
import type { MultiPolygonCoords, PolygonCoords } from '../../domain/diagnosis/index.ts';
import { AbandonedError, isAbandoned, type AccessibilityClient } from '../../../workers/client.ts';
import { isUserError } from '../../data/import/errors.ts';
import type { Slice } from './store.ts';
import type { DiagnosisSettings, Settings } from './settings.ts';
import type { WorkspaceState } from './workspace.ts';

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
  /** For layers fetched from data.gouv.fr: the dataset and the resource read (« title » (slug, id …)). */
  origin_dataset: string | null;
  origin_resource: string | null;
}

/** What the map draws: the communes' contours and figures, the help points and the grid cells. */
export type { MapData };

/** What a set of results was computed on. */
export interface AnalysisBasis {
  /** Workspace version (files, network, speeds, territory, estimate). */
  version: number;
  group: HelpGroup;
  threshold: AccessThreshold;
  diagnosis: DiagnosisSettings;
}

export interface AccessSummary extends AccessFigures {
  group: HelpGroup;
  threshold: AccessThreshold;
}

export interface AnalysisState {
  status: 'idle' | 'computing' | 'ready' | 'failed';
  /** French: the step being computed. */
  step: string;
  error: string | null;
  /** What the results below were computed on; null before the first run ends. */
  basis: AnalysisBasis | null;
  diagnosisParams: DiagnosisSettings;
  data: MapData | null;
  figures: KeyFigures | null;
  access: AccessSummary | null;
  gridMinutes: ReadonlyMap<string, number> | null;
  /** Underserved zones for the basis's group and threshold, and the robust ones (20, 30 and 45 min). */
  zones: ZoneRow[];
  robustZones: ZoneRow[];
  epciFigures: EpciFiguresRow[];
  /** How the E2SFCA catchments were computed ('route' or 'vol_oiseau'). */
  diagnosisMethod: string | null;
  /** People needing help per inhabitant (communes with known ages) used for the estimated demands; null when none. */
  territoryNeedRate: number | null;
  territorySummary: TerritorySummary | null;
  /** Départements and EPCIs present in the loaded communes, to choose from. */
  territoryOptions: { departements: string[]; epcis: { siren: string; nom: string }[] };
  /** The territory's name from the data ("Nièvre (58)"); null when nothing is loaded. */
  dataName: string | null;
  /** Points farther than the snapping distance from any road (communes and cells). */
  unsnapped: number;
  /** Duplicates found across files (same place), shown to the user. */
  merges: { kept: string; merged: string; distanceM: number }[];
  sources: SourceRow[];
  /** Which network inputs the fragility index used (communes per input), for its labels and method. */
  fragilityInputs: IndicatorBases;
}

export const DEFAULT_DIAGNOSIS_SETTINGS: DiagnosisSettings = {
  weights: { ...DEFAULT_FRAGILITY_PARAMS.weights },
  topShare: DEFAULT_UNDERSERVED_PARAMS.topShare,
  criterion: DEFAULT_UNDERSERVED_PARAMS.criterion,
  reference: 'all',
  decay: DEFAULT_DECAY_PRESET,
};

const EMPTY_RESULTS = {
  basis: null, data: null, figures: null, access: null, gridMinutes: null, zones: [], robustZones: [], epciFigures: [],
  diagnosisMethod: null, territoryNeedRate: null, territorySummary: null, territoryOptions: { departements: [], epcis: [] }, dataName: null,
  unsnapped: 0, merges: [], sources: [], fragilityInputs: NO_BASES,
} satisfies Partial<AnalysisState>;

export const INITIAL_ANALYSIS: AnalysisState = {
  status: 'idle', step: '', error: null, diagnosisParams: DEFAULT_DIAGNOSIS_SETTINGS, ...EMPTY_RESULTS,
};

export interface AnalysisDeps {
  engine(): Promise<SqlEngine>;
  worker: AccessibilityClient;
  settings: Settings;
  workspace(): WorkspaceState;
  /** The view's choices the results depend on. */
  choice(): { group: HelpGroup; threshold: AccessThreshold; thresholdKmFs: number; thresholdKmPn: number };
}

/** True when results computed on `basis` still describe what is loaded and chosen now. */
export function isCurrent(basis: AnalysisBasis | null, version: number, group: HelpGroup, threshold: AccessThreshold, diagnosis?: DiagnosisSettings): boolean {
  return basis !== null && basis.version === version && basis.group === group && basis.threshold === threshold && (diagnosis === undefined || basis.diagnosis === diagnosis);
}

/** Whether the analysis results describe what is loaded and chosen now (and are not being recomputed). */
export function analysisIsCurrent(s: { workspace: { version: number }; analysis: AnalysisState; view: { group: HelpGroup; threshold: AccessThreshold } }): boolean {
  const a = s.analysis;
  return a.status === 'ready' && isCurrent(a.basis, s.workspace.version, s.view.group, s.view.threshold, a.diagnosisParams);
}

type Points = { id: string; lon: number; lat: number }[];

export class AnalysisPipeline {
  private token = 0;
  /** Whether the data changed since the last full run ended (a settings-only run is then not enough). */
  private needsFull = true;
  /** The run in progress (runs never overlap: a new one waits for the old one to stop). */
  private running: Promise<void> = Promise.resolve();
  private abort: AbortController | null = null;
  /** The communes' contours, parsed once per full run (settings runs reuse them). */
  private shapes: CommuneShapes | null = null;

  constructor(private readonly slice: Slice<AnalysisState>, private readonly deps: AnalysisDeps) {}

  private get state(): AnalysisState {
    return this.slice.get();
  }

  /** Token of the latest request (tests). */
  get generation(): number {
    return this.token;
  }

  async loadSettings(): Promise<void> {
    const diagnosis = await this.deps.settings.load('diagnosis');
    if (diagnosis) this.slice.set({ diagnosisParams: { ...DEFAULT_DIAGNOSIS_SETTINGS, ...diagnosis } });
  }

  /**
   * The data is changing: every result becomes stale at once. They are withdrawn (nothing of the
   * old data stays on screen or in an export), and the run in progress stops at its next step.
   */
  invalidate(): void {
    this.token++;
    this.needsFull = true;
    this.abort?.abort();
    this.slice.set({ ...EMPTY_RESULTS, status: 'computing', step: 'Les données ont changé : recalcul en cours…', error: null });
  }

  /** Everything from the loaded data. Resolves when this run (or a newer one that overtook it) ends. */
  run(): Promise<void> {
    return this.schedule('full');
  }

  /** The group, threshold or diagnosis settings changed: the diagnosis and the figures again (all, if the data changed too). */
  rerun(): Promise<void> {
    return this.schedule(this.needsFull ? 'full' : 'settings');
  }

  async setDiagnosisParams(diagnosisParams: DiagnosisSettings): Promise<void> {
    this.slice.set({ diagnosisParams });
    await this.deps.settings.save('diagnosis', diagnosisParams);
    await this.rerun();
  }

  /** The straight-line key figures for other distance thresholds (a query, no computation). */
  async refreshFigures(): Promise<void> {
    const { thresholdKmFs, thresholdKmPn } = this.deps.choice();
    const token = this.token;
    const [figures] = await (await this.deps.engine()).query<KeyFigures>(keyFiguresSql(thresholdKmFs, thresholdKmPn));
    if (token === this.token && this.state.figures) this.slice.set({ figures });
  }

  private schedule(kind: 'full' | 'settings'): Promise<void> {
    const token = ++this.token;
    if (kind === 'full') this.needsFull = true;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.slice.set({ status: 'computing', step: kind === 'full' ? 'Calcul des indicateurs…' : 'Recalcul en cours…', error: null });
    const previous = this.running;
    const run = previous.then(() => this.execute(kind, token, abort.signal));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async execute(kind: 'full' | 'settings', token: number, signal: AbortSignal): Promise<void> {
    const check = () => {
      if (token !== this.token) throw new AbandonedError();
    };
    const step = (text: string) => {
      check();
      this.slice.set({ step: text });
    };
    try {
      check();
      const db = await this.deps.engine();
      const ws = this.deps.workspace();
      const { group, threshold } = this.deps.choice();
      const diagnosis = this.state.diagnosisParams;
      const basis: AnalysisBasis = { version: ws.version, group, threshold, diagnosis };
      let extra: Partial<AnalysisState> = {};
      if (kind === 'full') {
        step('Territoire étudié…');
        const territorySummary = await this.computeTerritory(db, ws.territory.selection, ws.territory.bufferKm);
        // Every read below works on the communes and cells of this version of the data.
        await snapshotTerritory(db);
        step('Doublons entre fichiers…');
        const merges = await this.computeDuplicates(db);
        this.shapes = toCommuneShapes(await db.query<{ code: string; geom: string | null }>(communeShapesSql()));
        step("Distances à vol d'oiseau…");
        await this.computeNearest(db, signal);
        step('Temps de trajet…');
        const unsnapped = await this.computeAccess(db, ws, signal);
        check();
        extra = { territorySummary, merges, unsnapped };
      }
      step('Diagnostic…');
      const { method: diagnosisMethod, territoryNeedRate } = await this.computeDiagnosis(db, basis, signal);
      step('Lecture des résultats…');
      const results = await this.read(db, basis, ws);
      check();
      if (kind === 'full') this.needsFull = false;
      this.slice.set({ ...extra, ...results, diagnosisMethod, territoryNeedRate, basis, status: 'ready', step: '', error: null });
    } catch (e) {
      if (isAbandoned(e) || token !== this.token) return;
      const message = isUserError(e) ? e.message : `Le calcul a échoué : ${(e as Error)?.message ?? String(e)}. Modifiez un réglage ou rechargez la page pour réessayer.`;
      this.slice.set({ status: 'failed', step: '', error: message });
    }
  }

  /**
   * Restricts the analysis to the chosen territory; help points within the buffer stay in the
   * computations (a France Services across the border serves our inhabitants too).
   */
  private async computeTerritory(db: SqlEngine, selection: { type: 'all' } | TerritorySelection, bufferKm: number): Promise<TerritorySummary | null> {
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*) AS n FROM communes');
    if (n === 0) {
      await db.exclusive(async (tx) => {
        await tx.query(`DELETE FROM territory_communes WHERE dataset = '${TERRITORY_DATASET}'`);
        await tx.query(`DELETE FROM territory_help_points WHERE dataset = '${TERRITORY_DATASET}'`);
        await tx.query(`DELETE FROM territory_grid WHERE dataset = '${TERRITORY_DATASET}'`);
      });
      return null;
    }
    const sel: TerritorySelection = selection.type === 'all'
      ? { type: 'communes', codes: (await db.query<{ code: string }>('SELECT DISTINCT code FROM communes')).map((r) => r.code) }
      : selection;
    return applyTerritory(db, sel, { bufferKm });
  }

  /**
   * The same place listed in two files (a France Services that is also a lieu de médiation):
   * within 50 m with a similar name. The merges are listed; each kind keeps its own record
   * (the place is both), and the count of distinct places removes the duplicates.
   */
  private async computeDuplicates(db: SqlEngine): Promise<AnalysisState['merges']> {
    const points = await db.query<{ uid: string; name: string; lon: number; lat: number; kind: string; dataset: string }>(
      'SELECT uid, name, lon, lat, kind, dataset FROM active_help_points ORDER BY uid',
    );
    const { merges } = findDuplicates(points.map((p) => ({ id: p.uid, name: p.name, lon: p.lon, lat: p.lat, kind: p.kind, source: p.dataset })));
    const rows = merges.map((m) => ({
      kept_uid: m.keptId, merged_uid: m.mergedId, kept_name: m.keptName, merged_name: m.mergedName, distance_m: m.distanceM, similarity: m.similarity,
    }));
    await db.exclusive((tx) => tx.query("DELETE FROM help_point_merges WHERE dataset = 'calcul:doublons'"));
    if (rows.length > 0) await replaceDataset(db, 'calcul:doublons', { help_point_merges: rows });
    return rows.map((r) => ({ kept: r.kept_name, merged: r.merged_name, distanceM: r.distance_m }));
  }

  private async positions(db: SqlEngine): Promise<{ sites: { id: string; kind: HelpKind; lon: number; lat: number }[]; communes: Points; cells: Points }> {
    const [sites, communes, cells] = await Promise.all([
      db.query<{ id: string; kind: HelpKind; lon: number; lat: number }>(siteCoordinatesSql()),
      db.query<{ id: string; lon: number; lat: number }>(communePointsSql()),
      db.query<{ id: string; lon: number; lat: number }>(gridPointsSql()),
    ]);
    return { sites, communes, cells };
  }

  /** Straight-line nearest help point of each group, for every commune and grid cell (in the worker). */
  private async computeNearest(db: SqlEngine, signal: AbortSignal): Promise<void> {
    const { sites, communes, cells } = await this.positions(db);
    const result = await this.deps.worker.request('nearestStraight', {
      sites: { ...points(sites), kind: Uint8Array.from(sites, (s) => HELP_KINDS.indexOf(s.kind)) },
      targets: { commune: points(communes), grid: points(cells) },
      groups: HELP_GROUPS,
    }, { signal });
    // Columns straight from the worker's typed arrays (one entry per point that has a nearest site).
    const target: string[] = [], targetId: string[] = [], grp: string[] = [], help: string[] = [], distance: number[] = [];
    for (const [set, ids] of [['commune', communes], ['grid', cells]] as const) {
      for (const group of HELP_GROUPS) {
        const { site, distanceM } = result[set][group];
        for (let i = 0; i < ids.length; i++) {
          if (site[i] < 0) continue;
          target.push(set);
          targetId.push(ids[i].id);
          grp.push(group);
          help.push(sites[site[i]].id);
          distance.push(distanceM[i]);
        }
      }
    }
    const dataset = 'calcul:vol_oiseau';
    const ipc = target.length ? [columnsToIpc('nearest_straight', { target, target_id: targetId, grp, help_id: help, distance_m: Float64Array.from(distance) }, target.length, dataset)] : [];
    await replaceDatasetIpc(db, dataset, { nearest_straight: ipc });
  }

  /** Travel times from every commune centre and 1 km cell to each help-point group; returns the points too far from any road. */
  private async computeAccess(db: SqlEngine, ws: WorkspaceState, signal: AbortSignal): Promise<number> {
    const { sites, communes, cells } = await this.positions(db);
    const result = await this.deps.worker.request('computeAccess', {
      sites: { ...points(sites), kind: Uint8Array.from(sites, (s) => HELP_KINDS.indexOf(s.kind)) },
      populations: { commune: points(communes), grid: points(cells) },
      groups: HELP_GROUPS,
      estimate: ws.estimate,
    }, { signal });
    const dataset = 'calcul:temps_acces';
    await replaceDatasetIpc(db, dataset, accessResultTables(result, { commune: communes.map((c) => c.id), grid: cells.map((c) => c.id) }, sites.map((s) => s.id), dataset));
    await snapshotAccess(db);
    await this.computeCoverage(db, [...communes, ...cells], communes.length, signal);
    return result.tooFar.commune.length + result.tooFar.grid.length;
  }

  /** 4G proxy for every commune centre and 1 km cell, from the ARCEP mobile sites (none: the proxy is left empty). */
  private async computeCoverage(db: SqlEngine, all: Points, communeCount: number, signal: AbortSignal): Promise<void> {
    const sites = await db.query<{ operator: string; lon: number; lat: number }>('SELECT operator, lon, lat FROM mobile_sites WHERE g4 ORDER BY operator, lon, lat');
    const operators = [...new Set(sites.map((s) => s.operator))];
    if (operators.length === 0) {
      await db.exclusive((tx) => tx.query("DELETE FROM mobile_proxy WHERE dataset = 'calcul:proxy_4g'"));
      return;
    }
    const uncovered = await this.deps.worker.request('coverage4g', {
      points: points(all),
      sites: { ...points(sites), operator: Uint8Array.from(sites, (s) => operators.indexOf(s.operator)) },
      operatorCount: Math.max(4, operators.length),
      radiusM: DEFAULT_4G_RADIUS_M,
    }, { signal });
    const dataset = 'calcul:proxy_4g';
    const target = all.map((_, i) => (i < communeCount ? 'commune' : 'grid'));
    await replaceDatasetIpc(db, dataset, { mobile_proxy: [columnsToIpc('mobile_proxy', { target, target_id: all.map((p) => p.id), uncovered }, all.length, dataset)] });
  }

  /** Fragility, need, E2SFCA, underserved and robust zones, for the basis's group and threshold. */
  private async computeDiagnosis(db: SqlEngine, basis: AnalysisBasis, signal: AbortSignal): Promise<{ method: string; territoryNeedRate: number | null }> {
    const [facts, sites] = await Promise.all([
      db.query<CommuneFactsRow>(communeFactsSql(basis.group)),
      db.query<SupplySiteRow>(supplySitesSql()),
    ]);
    const result = await this.deps.worker.request('diagnose', {
      facts: factsFromRows(facts, (code) => (this.shapes?.byCode.get(code)?.geometry as { coordinates?: PolygonCoords | MultiPolygonCoords } | undefined)?.coordinates ?? null),
      sites,
      params: diagnosisParamsOf(basis.diagnosis, basis.threshold),
    }, { signal });
    if (signal.aborted) throw new AbandonedError();
    await replaceDataset(db, 'calcul:diagnostic', diagnosisRows(result));
    return { method: result.catchmentMethod, territoryNeedRate: result.territoryNeedRate };
  }

  /** Everything the panels and the map show, read in one go. */
  private async read(db: SqlEngine, basis: AnalysisBasis, ws: WorkspaceState): Promise<Partial<AnalysisState>> {
    const { group, threshold } = basis;
    const { thresholdKmFs, thresholdKmPn } = this.deps.choice();
    const [departements, epcis, communes, helpPoints, grid, [figures], sources, [access], gridMinutes, zones, robustZones, epciFigures, inputs] = await Promise.all([
      db.query<{ code: string }>("SELECT DISTINCT CASE WHEN code LIKE '97%' THEN substr(code, 1, 3) ELSE substr(code, 1, 2) END AS code FROM communes ORDER BY 1"),
      db.query<{ siren: string; nom: string }>(epciOptionsSql()),
      db.query<CommuneRow>(communesSql(group, threshold)),
      db.query<HelpPointRow>(helpPointsSql()),
      db.query<GridRow>(gridSql()),
      db.query<KeyFigures>(keyFiguresSql(thresholdKmFs, thresholdKmPn)),
      db.query<SourceRow>('SELECT file, format_label, source, vintage, fictional, rows, rejected, url, retrieved_at, origin_dataset, origin_resource FROM sources ORDER BY file'),
      db.query<AccessFigures>(accessFiguresSql(group, threshold)),
      db.query<GridAccessRow>(gridAccessSql(group)),
      db.query<ZoneRow>(zonesSql('underserved')),
      db.query<ZoneRow>(zonesSql('robust')),
      db.query<EpciFiguresRow>(epciFiguresSql(group, threshold)),
      db.query<FragilityInputRow>(fragilityInputsSql()),
    ]);
    const sel = ws.territory.selection;
    const dataName = territoryNameOf(
      sel.type === 'departement' ? { type: 'departement', code: sel.code }
      : sel.type === 'epci' ? { type: 'epci', siren: sel.siren, nom: epcis.find((e) => e.siren === sel.siren && e.nom !== e.siren)?.nom ?? null }
      : { type: 'communes', departements: [...new Set(communes.map((c) => depOf(c.code)))].sort(), communes: communes.length, epci: soleEpci(communes) },
    );
    return {
      territoryOptions: { departements: departements.map((d) => d.code), epcis },
      data: { shapes: this.shapes, communes, helpPoints, grid },
      figures,
      sources,
      access: access.population ? { ...access, group, threshold } : null,
      gridMinutes: new Map(gridMinutes.map((g) => [g.id, g.minutes])),
      zones,
      robustZones,
      epciFigures,
      dataName,
      fragilityInputs: indicatorBases(inputs),
    };
  }
}

const depOf = (code: string) => (code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2));

const points = (rows: { lon: number; lat: number }[]) => ({
  lon: Float64Array.from(rows, (r) => r.lon),
  lat: Float64Array.from(rows, (r) => r.lat),
});
