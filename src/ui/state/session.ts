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
import { loadDemo, prepareSchema, type DemoManifest } from '../../data/workspace.ts';
import { HELP_GROUPS, HELP_KINDS, type HelpKind } from '../../domain/types.ts';
import type { MapData } from '../../map/map_controller.ts';
import { AbandonedError, AccessibilityClient } from '../../../workers/client.ts';

export type Phase = 'starting' | 'loading_data' | 'computing' | 'ready' | 'failed';

export interface SourceRow {
  file: string;
  format_label: string;
  source: string;
  vintage: string | null;
  fictional: boolean;
  rows: number;
  rejected: number;
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
}

const INITIAL: SessionState = {
  phase: 'starting', step: 'Démarrage de la base de données…', error: null, manifest: null, sources: [], data: null,
  figures: null, thresholdKmFs: 10, thresholdKmPn: 5,
};

export class Session {
  private state: SessionState = INITIAL;
  private listeners = new Set<() => void>();
  readonly db = new DatabaseOwner();
  private worker = new AccessibilityClient();

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
      this.set({ phase: 'loading_data', step: 'Chargement du territoire de démonstration…' });
      const fetchBytes = async (file: string) => {
        const res = await fetch(`${demoBase}${file}`);
        if (!res.ok) throw new Error(`Fichier de démonstration « ${file} » introuvable (HTTP ${res.status}).`);
        return new Uint8Array(await res.arrayBuffer());
      };
      const { manifest } = await loadDemo(db, fetchBytes, (done, total, file) =>
        this.set({ step: file ? `Chargement de ${file} (${done + 1}/${total})…` : 'Données chargées.' }),
      );
      this.set({ manifest });
      await this.refresh(db);
      this.set({ phase: 'computing', step: "Calcul des distances à vol d'oiseau…" });
      await this.computeNearest(db);
      await this.refresh(db);
      this.set({ phase: 'ready', step: '' });
    } catch (e) {
      if (e instanceof AbandonedError) return;
      const message = isUserError(e) ? e.message : `Erreur inattendue : ${(e as Error)?.message ?? String(e)}`;
      this.set({ phase: 'failed', error: message, step: '' });
    }
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

  private async refresh(db: SqlEngine): Promise<void> {
    const [communes, helpPoints, grid, [figures], sources] = await Promise.all([
      db.query<CommuneRow>(communesSql()),
      db.query<HelpPointRow>(helpPointsSql()),
      db.query<GridRow>(gridSql()),
      db.query<KeyFigures>(keyFiguresSql(this.state.thresholdKmFs, this.state.thresholdKmPn)),
      db.query<SourceRow>('SELECT file, format_label, source, vintage, fictional, rows, rejected FROM sources ORDER BY file'),
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
    const points = (rows: { lon: number; lat: number }[]) => ({
      lon: Float64Array.from(rows, (r) => r.lon),
      lat: Float64Array.from(rows, (r) => r.lat),
    });
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
  }
}
