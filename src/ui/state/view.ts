/**
 * What the user looks at: the map's layers and variable, the table or the map, the help-point
 * group and the time threshold the figures are given for, the straight-line distance thresholds,
 * the selected commune with its route, and the isochrones. The route and the isochrones are
 * results of the worker's current data: they are dropped whenever the data changes.
 */
import { HELP_KINDS, type HelpGroup, type HelpKind } from '../../domain/types.ts';
import type { ChoroplethVariable } from '../../map/choropleth.ts';
import type { GridMode } from '../../map/layers/grid_layer.ts';
import type { IsochroneCollection } from '../../domain/routing/index.ts';
import type { AccessThreshold } from '../../data/queries/access.ts';
import { isAbandoned, type AccessibilityClient } from '../../../workers/client.ts';
import type { RouteResult } from '../../../workers/protocol.ts';
import type { Slice } from './store.ts';

/** The map's layers and variable (what a shared link and an export carry). */
export interface MapViewState {
  variable: ChoroplethVariable;
  showCommunes: boolean;
  showGrid: boolean;
  gridMode: GridMode;
  showRoads: boolean;
  showIsochrones: boolean;
  showZones: boolean;
  /** Draw the zones underserved at 20, 30 and 45 min instead of the chosen threshold. */
  robustZones: boolean;
  kinds: ReadonlySet<HelpKind>;
}

export interface ViewModel {
  map: MapViewState;
  mode: 'map' | 'table';
  group: HelpGroup;
  threshold: AccessThreshold;
  /** Straight-line thresholds used by the key figures, in km. */
  thresholdKmFs: number;
  thresholdKmPn: number;
  selectedCommune: string | null;
  route: RouteResult | null;
  isochrones: IsochroneCollection | null;
}

export const INITIAL_VIEW: ViewModel = {
  map: {
    variable: 'access_minutes', showCommunes: true, showGrid: false, gridMode: 'access', showRoads: true,
    showIsochrones: false, showZones: true, robustZones: false, kinds: new Set(HELP_KINDS),
  },
  mode: 'map', group: 'france_services', threshold: 30, thresholdKmFs: 10, thresholdKmPn: 5,
  selectedCommune: null, route: null, isochrones: null,
};

export interface ViewDeps {
  worker: AccessibilityClient;
  /** Whether the worker has a road network (routes and isochrones need one). */
  hasNetwork(): boolean;
  /** The commune's reference point, from the current analysis. */
  communePoint(code: string): { lon: number; lat: number } | null;
  /** The group or threshold changed: the analysis and planning follow. */
  onChoiceChanged(): void;
  /** The straight-line distance thresholds changed. */
  onDistanceChanged(): void;
}

export class View {
  constructor(private readonly slice: Slice<ViewModel>, private readonly deps: ViewDeps) {}

  private get state(): ViewModel {
    return this.slice.get();
  }

  setMap(map: MapViewState): void {
    const before = this.state.map.showIsochrones;
    this.slice.set({ map });
    if (map.showIsochrones !== before) void this.refreshIsochrones();
  }

  setMode(mode: 'map' | 'table'): void {
    this.slice.set({ mode });
  }

  setAccess(group: HelpGroup, threshold: AccessThreshold): void {
    if (group === this.state.group && threshold === this.state.threshold) return;
    const groupChanged = group !== this.state.group;
    this.slice.set({ group, threshold, ...(groupChanged ? { route: null, isochrones: null } : {}) });
    this.deps.onChoiceChanged();
    if (groupChanged) {
      void this.refreshIsochrones();
      void this.selectCommune(this.state.selectedCommune);
    }
  }

  setDistances(thresholdKmFs: number, thresholdKmPn: number): void {
    this.slice.set({ thresholdKmFs, thresholdKmPn });
    this.deps.onDistanceChanged();
  }

  /** The data changed: the worker's route and isochrones are gone with it, and so is the selection. */
  dataChanged(): void {
    this.slice.set({ route: null, isochrones: null, selectedCommune: null });
  }

  /** The worker has its new data: isochrones drawn again if they are shown. */
  dataReady(): void {
    if (this.state.map.showIsochrones) void this.refreshIsochrones();
  }

  /** Click on a commune: its road route to the nearest site of the chosen group. */
  async selectCommune(code: string | null): Promise<void> {
    this.slice.set({ selectedCommune: code, route: null });
    const at = code ? this.deps.communePoint(code) : null;
    if (!at || !this.deps.hasNetwork()) return;
    try {
      const route = await this.deps.worker.latest('route', 'route', { group: this.state.group, lon: at.lon, lat: at.lat });
      if (this.state.selectedCommune === code) this.slice.set({ route });
    } catch (e) {
      if (!isAbandoned(e)) throw e;
    }
  }

  private async refreshIsochrones(): Promise<void> {
    if (!this.state.map.showIsochrones || !this.deps.hasNetwork()) {
      this.slice.set({ isochrones: null });
      return;
    }
    try {
      const isochrones = await this.deps.worker.latest('isochrones', 'isochrones', { group: this.state.group, thresholds: [15, 30, 45], siteIndex: null });
      this.slice.set({ isochrones });
    } catch (e) {
      if (!isAbandoned(e)) throw e;
    }
  }
}
