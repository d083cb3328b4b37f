/**
 * The first screen: the map and the headline figures of the last analysis, kept so that the next
 * start draws them at once, while the database starts and the analysis runs again on the data
 * put back (several seconds). They are shown labelled as such ("aperçu"), and only as long as
 * the start lasts: every action (planning, exports, presentation) waits for the live results,
 * which then replace them.
 *   - The demo's first screen is made with the demo itself (data/generate_demo.ts), by the same
 *     pipeline, and served with it.
 *   - A real workspace's is saved in the browser after each analysis, and forgotten as soon as
 *     its data starts to change: one saved before the last change is never shown.
 */
import type { KeyFigures, CommuneRow, GridRow, HelpPointRow } from '../../data/queries/dashboard.ts';
import type { ZoneRow } from '../../data/queries/diagnosis.ts';
import type { AccessThreshold } from '../../data/queries/access.ts';
import type { HelpGroup } from '../../domain/types.ts';
import type { MapData } from '../../map/map_controller.ts';
import { toCommuneShapes } from '../../map/commune_shapes.ts';
import { analysisIsCurrent, type AccessSummary, type AnalysisState } from './analysis.ts';
import type { EstimateSettings } from './settings.ts';
import type { WorkspaceStore } from '../../data/persist.ts';

/** Format of a saved first screen; one of another format is ignored. */
export const FIRST_SCREEN_FORMAT = 1;

export interface FirstScreen {
  format: typeof FIRST_SCREEN_FORMAT;
  /** The build that computed it: a first screen of another build is not shown. */
  build: string;
  kind: 'demo' | 'real';
  /** When the analysis ended (ISO date-time); null for the demo's (made with its files). */
  computedAt: string | null;
  /** The header's title then. */
  title: string | null;
  /** What the figures depend on besides the data: shown only while the view asks the same. */
  choice: { group: HelpGroup; threshold: AccessThreshold; thresholdKmFs: number; thresholdKmPn: number };
  /** The road network's file and the straight-line estimate, for the method sentence. */
  network: string | null;
  estimate: EstimateSettings;
  figures: KeyFigures;
  access: AccessSummary | null;
  communes: CommuneRow[];
  helpPoints: HelpPointRow[];
  grid: GridRow[];
  /** Each commune's contour, GeoJSON text (as the database keeps them). */
  contours: { code: string; geom: string }[];
  gridMinutes: [string, number][];
  zones: ZoneRow[];
  robustZones: ZoneRow[];
}

/** What a first screen is made of, from the state once its analysis is current. */
export interface FirstScreenInput {
  build: string;
  kind: 'demo' | 'real';
  computedAt: string | null;
  title: string | null;
  choice: FirstScreen['choice'];
  network: string | null;
  estimate: EstimateSettings;
  analysis: Pick<AnalysisState, 'data' | 'figures' | 'access' | 'gridMinutes' | 'zones' | 'robustZones'>;
}

/** The first screen of a current analysis; null when it has nothing to show (no data, no figures). */
export function firstScreenOf(input: FirstScreenInput): FirstScreen | null {
  const { analysis: a } = input;
  if (!a.data || !a.figures || a.figures.communes === 0) return null;
  return {
    format: FIRST_SCREEN_FORMAT,
    build: input.build,
    kind: input.kind,
    computedAt: input.computedAt,
    title: input.title,
    choice: { ...input.choice },
    network: input.network,
    estimate: { ...input.estimate },
    figures: a.figures,
    access: a.access,
    communes: a.data.communes,
    helpPoints: a.data.helpPoints,
    grid: a.data.grid,
    contours: (a.data.shapes?.features ?? []).map((f) => ({ code: f.properties.code, geom: JSON.stringify(f.geometry) })),
    gridMinutes: [...(a.gridMinutes ?? new Map<string, number>())],
    zones: a.zones,
    robustZones: a.robustZones,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A first screen read back (from the browser store or the demo's file), usable when it is of this
 * format and this build and has all its parts; undefined otherwise (it is then simply not shown).
 */
export function checkFirstScreen(v: unknown, build: string, kind: 'demo' | 'real'): FirstScreen | undefined {
  if (!isObject(v) || v.format !== FIRST_SCREEN_FORMAT || v.build !== build || v.kind !== kind) return undefined;
  if (!isObject(v.choice) || !isObject(v.figures) || !isObject(v.estimate) || (typeof v.computedAt !== 'string' && v.computedAt !== null)) return undefined;
  const arrays = ['communes', 'helpPoints', 'grid', 'contours', 'gridMinutes', 'zones', 'robustZones'] as const;
  if (!arrays.every((k) => Array.isArray(v[k]))) return undefined;
  return v as unknown as FirstScreen;
}

/** A first screen as JSON text (the demo's file): infinite numbers (no helper within reach) kept. */
export function firstScreenToJson(fs: FirstScreen): string {
  return JSON.stringify(fs, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { nonFinite: String(v) } : v));
}

/** The JSON text of a first screen read back (unchecked: see checkFirstScreen). */
export function firstScreenFromJson(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => (isObject(v) && typeof v.nonFinite === 'string' && Object.keys(v).length === 1 ? Number(v.nonFinite) : v));
}

/** The view's choices the figures depend on. */
export interface ScreenChoice {
  group: HelpGroup;
  threshold: AccessThreshold;
  thresholdKmFs: number;
  thresholdKmPn: number;
}

/** Whether two sets of choices are the same (a first screen is shown only for the choices it was made with). */
export function answersChoice(k: ScreenChoice, c: ScreenChoice): boolean {
  return k.group === c.group && k.threshold === c.threshold && k.thresholdKmFs === c.thresholdKmFs && k.thresholdKmPn === c.thresholdKmPn;
}

const parsed = new WeakMap<FirstScreen, { data: MapData; gridMinutes: ReadonlyMap<string, number> }>();

/** The map's data and cell times of a first screen, made once per first screen (the same objects at every render). */
function drawn(fs: FirstScreen): { data: MapData; gridMinutes: ReadonlyMap<string, number> } {
  let d = parsed.get(fs);
  if (!d) {
    d = { data: { shapes: toCommuneShapes(fs.contours), communes: fs.communes, helpPoints: fs.helpPoints, grid: fs.grid }, gridMinutes: new Map(fs.gridMinutes) };
    parsed.set(fs, d);
  }
  return d;
}

/** What the map and the headline panels show. */
export interface Screen {
  /** The first screen shown in place of live results while the dashboard starts (null: the live results). */
  preview: FirstScreen | null;
  /** The map's data (live: withdrawn while stale). */
  data: MapData | null;
  gridMinutes: ReadonlyMap<string, number> | null;
  zones: ZoneRow[];
  robustZones: ZoneRow[];
  /** Figures and headline: only current ones (or the preview's). */
  figures: KeyFigures | null;
  access: AnalysisState['access'];
  network: string | null;
  estimate: EstimateSettings;
}

/**
 * The live results, or, while the dashboard starts and before they are current, the first screen
 * kept from the last analysis when it answers the view's choices (labelled "aperçu" on screen).
 */
export function screenOf(s: {
  phase: string;
  workspace: { kind: 'demo' | 'real'; version: number; network: { name: string } | null; estimate: EstimateSettings };
  analysis: AnalysisState;
  view: ScreenChoice;
  firstScreen: FirstScreen | null;
}): Screen {
  const a = s.analysis;
  const current = analysisIsCurrent(s);
  const fs = s.firstScreen;
  // The demo's is withdrawn as soon as the start finds the user's own data (saved by an older build, which said nothing to the start cache).
  const contradicted = fs?.kind === 'demo' && s.workspace.kind === 'real';
  if (fs && !current && !contradicted && (s.phase === 'starting' || s.phase === 'loading_data') && answersChoice(fs.choice, s.view)) {
    return {
      preview: fs, ...drawn(fs), zones: fs.zones, robustZones: fs.robustZones,
      figures: fs.figures, access: fs.access, network: fs.network, estimate: fs.estimate,
    };
  }
  return {
    preview: null, data: a.data, gridMinutes: a.gridMinutes, zones: a.zones, robustZones: a.robustZones,
    figures: current ? a.figures : null, access: current ? a.access : null, network: s.workspace.network?.name ?? null, estimate: s.workspace.estimate,
  };
}

/** "le 3 décembre 2026 à 18 h 50" ('' when unknown). */
export function computedAtText(iso: string | null): string {
  if (iso === null) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const day = d.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
  return `le ${day} à ${d.getHours()} h ${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The demo's first screen, served with its files (made by data/generate_demo.ts). */
export const DEMO_FIRST_SCREEN_FILE = 'first_screen.json';
/** The build stamp of the demo's first screen: made with the demo's files, by the same build. */
export const DEMO_BUILD = 'demo';

export interface FirstScreenDeps {
  store: Pick<WorkspaceStore, 'readStart' | 'saveFirstScreen'>;
  fetchDemo(file: string): Promise<Uint8Array>;
  /** This build's stamp (a real workspace's first screen of another build is not shown). */
  build: string;
}

/** Reads and keeps the first screen; a failure only means no first screen (the start goes on). */
export class FirstScreens {
  constructor(private readonly deps: FirstScreenDeps) {}

  /**
   * The first screen of the workspace the start opens, or null. Nothing said yet (a first visit):
   * the demo's, which the start opens then, unless a setting it was not made with was saved.
   * `demo`: safe mode, the demo with the default settings whatever is saved.
   */
  async read(options: { demo?: boolean } = {}): Promise<FirstScreen | null> {
    const { kind, firstScreen, settingsChanged } = options.demo ? { kind: 'demo' as const, firstScreen: null, settingsChanged: false } : await this.deps.store.readStart();
    if (kind === 'real') return firstScreen === null ? null : checkFirstScreen(firstScreenFromJson(firstScreen), this.deps.build, 'real') ?? null;
    if (settingsChanged) return null;
    const text = new TextDecoder().decode(await this.deps.fetchDemo(DEMO_FIRST_SCREEN_FILE));
    return checkFirstScreen(firstScreenFromJson(text), DEMO_BUILD, 'demo') ?? null;
  }

  /** Keeps a real workspace's first screen (a failure loses nothing but the next start's preview). */
  async save(fs: FirstScreen): Promise<void> {
    await this.deps.store.saveFirstScreen(firstScreenToJson(fs)).catch(() => undefined);
  }
}
