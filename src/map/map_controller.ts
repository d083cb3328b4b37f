/**
 * Owns the MapLibre map and the deck.gl overlay (interleaved). React feeds it state through
 * `update`; it rebuilds deck layers only when their inputs changed.
 */
import { FullscreenControl, Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Layer } from '@deck.gl/core';
import type { CommuneRow, GridRow, HelpPointRow } from '../shared/rows.ts';
import type { HelpKind } from '../domain/types.ts';
import { classesFor, gridBreaks, type ChoroplethVariable, type Classes } from './choropleth.ts';
import { communesLayers, type CommuneShape, type CommuneShapes } from './layers/communes_layer.ts';
import { gridLayer, toGridCells, type GridCell } from './layers/grid_layer.ts';
import { helpPointSize, helpPointsInDrawingOrder, helpPointsLayer } from './layers/help_points_layer.ts';
import { PointIndex, PolygonIndex, type Polygonal } from './hit_test.ts';
import { isochronesLayer, roadsLayer, routeLayer, scenarioSitesLayer, toZoneFeatures, zonesLayer, type ZoneFeature } from './layers/network_layers.ts';
import { ScenarioMarkers, type MarkerSite, type MoveHandler } from './scenario_markers.ts';
import type { IsochroneCollection } from '../domain/routing/index.ts';
import type { GridMode } from './layers/grid_layer.ts';
import { OFFLINE_STYLE } from './style.ts';
import { MAP_LOCALE_FR } from './locale_fr.ts';
import { boundsOf, type Bounds } from './bounds.ts';
import { proposalDiscsLayer, proposalRanksLayer, zoneFocusLayer, type ProposalMark } from './layers/marks_layers.ts';

setWorkerUrl(workerUrl);

export interface MapData {
  /** The communes' contours, parsed once per version of the data (null: none loaded). */
  shapes: CommuneShapes | null;
  /** Their figures (they change with the settings; the contours do not). */
  communes: CommuneRow[];
  helpPoints: HelpPointRow[];
  grid: GridRow[];
}

/** Results drawn over the base data; they change without refitting the view. */
export interface MapOverlays {
  roads: Float64Array | null;
  gridMinutes: ReadonlyMap<string, number> | null;
  route: [number, number][] | null;
  isochrones: IsochroneCollection | null;
  zones: readonly { rank: number; geom: string | null }[];
  scenarioSites?: readonly MarkerSite[];
  gained?: ReadonlySet<string>;
  /** The optimiser's current proposals, drawn with their rank (none when cleared or stale). */
  proposals?: readonly ProposalMark[];
}

export interface MapView {
  variable: ChoroplethVariable;
  showCommunes: boolean;
  showGrid: boolean;
  gridMode: GridMode;
  showRoads: boolean;
  showIsochrones: boolean;
  showZones: boolean;
  kinds: ReadonlySet<HelpKind>;
  highlighted: string | null;
}

const NO_OVERLAYS: MapOverlays = { roads: null, gridMinutes: null, route: null, isochrones: null, zones: [] };

export type Hovered = HoveredThing & { /** Map coordinate under the pointer. */ at: [number, number] | null };

type HoveredThing =
  | { type: 'commune'; x: number; y: number; commune: CommuneRow }
  | { type: 'help_point'; x: number; y: number; point: HelpPointRow }
  | { type: 'grid'; x: number; y: number; cell: GridRow }
  | { type: 'place'; x: number; y: number; lon: number; lat: number };

export class MapController {
  readonly map: MapLibreMap;
  private overlay: MapLibreOverlay;
  private data: MapData | null = null;
  private shapes: CommuneShapes | null = null;
  private rows: ReadonlyMap<string, CommuneRow> = new Map();
  private zoneFeatures: { zones: MapOverlays['zones']; features: ZoneFeature[] } = { zones: [], features: [] };
  private cells: GridCell[] = [];
  private gridBreaks: number[] = [];
  private classesCache = new Map<ChoroplethVariable, Classes>();
  private view: MapView | null = null;
  private overlays: MapOverlays = NO_OVERLAYS;
  private ready: Promise<void>;
  private markers: ScenarioMarkers;
  /** Ids of the data layers drawn at least once (their shaders are compiled). */
  private drawn = new Set<string>();
  private nextLayer = 0;
  /** The map's WebGL context, as deck.gl shares it (for fences). */
  private gl: WebGL2RenderingContext | null = null;
  /** Whether layers are still waiting for their frame; `admitted` resolves when none is. */
  private waiting = true;
  /** How many layers the overlay was last given. */
  private shown = 0;
  private admitted: Promise<void>;
  private onAdmitted: () => void = () => {};
  private communeHits = new PolygonIndex<CommuneShape>([], (f) => f.geometry as Polygonal);
  private cellHits = new PolygonIndex<GridCell>([], (c) => ({ type: 'Polygon', coordinates: [c.polygon] }));
  private pointHits = new PointIndex<HelpPointRow>([], (p) => [p.lon, p.lat]);
  private hoverFrame = 0;
  /** Called while a scenario site is dragged, and on release. */
  onMoveSite: MoveHandler = () => {};
  /** The zone outlined after its button in the underserved list (cleared when the zone list changes). */
  private focusedZone: number | null = null;
  /** The camera as the last fit to the territory left it: a resize refits only while it is still there. */
  private fitted: { lng: number; lat: number; zoom: number } | null = null;

  constructor(container: HTMLElement, private onHover: (h: Hovered | null) => void, private onClick: (h: Hovered | null) => void) {
    this.map = new MapLibreMap({
      container,
      style: OFFLINE_STYLE,
      center: [3.5, 47],
      zoom: 8,
      attributionControl: false,
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
      locale: MAP_LOCALE_FR,
      // On touch screens the map sits in a scrolling page: one finger scrolls the page, two move the map.
      cooperativeGestures: typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches,
    });
    this.map.addControl(new NavigationControl({ showCompass: true, visualizePitch: false }), 'top-right');
    this.map.addControl(new FullscreenControl({ container: container.parentElement ?? container }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    // MapLibre follows its container's size (its own ResizeObserver); the territory is fitted again
    // to the new size unless the user (or a shared link, or a zone) has moved the map since.
    this.map.on('resize', () => {
      if (this.fitted && this.atFittedCamera()) this.fitToData();
    });
    // Hover and click come from MapLibre's own events and are resolved on the CPU (hit_test.ts):
    // no layer is pickable by deck.gl, whose synchronous GPU picking dropped every click on real
    // contours with software WebGL (see hit_test.ts). MapLibre's click has no time limit.
    this.map.on('mousemove', (e) => this.hover(e.point.x, e.point.y));
    this.map.on('mouseout', () => {
      cancelAnimationFrame(this.hoverFrame);
      this.setCursor(false);
      this.onHover(null);
    });
    this.map.on('click', (e) => {
      // A click on a scenario site's marker (a DOM element over the map) is that marker's own.
      if ((e.originalEvent.target as Element | null)?.closest?.('.maplibregl-marker')) return;
      this.onClick(this.hitAt(e.point.x, e.point.y));
    });
    this.overlay = new MapLibreOverlay({
      interleaved: true,
      layers: [],
      // Asked once now, while the GPU is idle: luma.gl asks it (a blocking GPU round trip) the first
      // time a texture gets mipmaps, which would otherwise wait behind the first layers' shaders.
      onDeviceInitialized: (device) => {
        device.isTextureFormatRenderable('rgba8unorm');
        device.isTextureFormatFilterable('rgba8unorm');
        this.gl = (device as unknown as { gl?: WebGL2RenderingContext }).gl ?? null;
      },
    });
    this.admitted = new Promise((resolve) => (this.onAdmitted = resolve));
    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()));
    // No layer is drawn before there is data: layer kinds compile their shaders when first shown.
    // (Drawing a degenerate copy of every kind while the map waited for data used to link them
    // early; with software WebGL that cost the GPU process seconds, on the CPUs the data load
    // needs, and the real layers still waited on program checks when they came.)
    void this.ready.then(() => this.render());
    this.markers = new ScenarioMarkers(this.map, () => this.onMoveSite);
    this.map.addControl(this.overlay);
  }

  /** Sets the data (only when it changed) and the view, then redraws the deck layers. */
  async update(data: MapData, view: MapView, overlays: MapOverlays = NO_OVERLAYS): Promise<void> {
    await this.ready;
    const previous = this.data;
    this.data = data;
    this.overlays = overlays;
    if (data.shapes !== this.shapes) {
      const before = this.shapes;
      this.shapes = data.shapes;
      this.communeHits = new PolygonIndex(data.shapes?.features ?? [], (f) => f.geometry as Polygonal);
      // Refit only when the territory changed, not when its figures did (e.g. new travel times).
      if (!sameCodes(before, data.shapes)) this.fitToData();
    }
    if (data.communes !== previous?.communes) {
      this.rows = new Map(data.communes.map((c) => [c.code, c]));
      this.classesCache.clear();
    }
    if (overlays.zones !== this.zoneFeatures.zones) {
      this.zoneFeatures = { zones: overlays.zones, features: toZoneFeatures(overlays.zones) };
      this.focusedZone = null;
    }
    if (data.grid !== previous?.grid) {
      this.cells = toGridCells(data.grid);
      this.cellHits = new PolygonIndex(this.cells, (c) => ({ type: 'Polygon', coordinates: [c.polygon] }));
      this.gridBreaks = gridBreaks(data.grid);
    }
    if (data.helpPoints !== previous?.helpPoints) this.pointHits = new PointIndex(helpPointsInDrawingOrder(data.helpPoints), (p) => [p.lon, p.lat]);
    this.view = view;
    this.markers.set(overlays.scenarioSites ?? []);
    this.render();
  }

  /**
   * Zooms to an underserved zone (its whole polygon in view) and outlines it; another zone moves
   * the outline. False when the zone is not among those drawn (nothing happens then).
   */
  focusZone(rank: number): boolean {
    const feature = this.zoneFeatures.features.find((f) => f.properties.rank === rank);
    const b = feature ? boundsOf([feature.geometry]) : null;
    if (!b) return false;
    this.focusedZone = rank;
    this.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: fitPadding(this.map.getContainer()), maxZoom: 13, duration: 500 });
    this.render();
    return true;
  }

  /** What the map marks now (for the test hook): the outlined zone and the proposals' ranks. */
  marks(): { zone: number | null; proposals: ProposalMark[] } {
    return { zone: this.focusedZone, proposals: [...(this.overlays.proposals ?? [])] };
  }

  classes(variable: ChoroplethVariable): Classes {
    let c = this.classesCache.get(variable);
    if (!c) this.classesCache.set(variable, (c = classesFor(variable, this.data?.communes ?? [])));
    return c;
  }

  get gridClassBreaks(): number[] {
    return this.gridBreaks;
  }

  /**
   * Resolves once the map has drawn everything it was given: new layers join one per frame (see
   * render), so the map's 'idle' only counts once none is waiting.
   */
  async whenIdle(): Promise<void> {
    await this.ready;
    for (;;) {
      await this.admitted;
      await new Promise<void>((resolve) => {
        this.map.once('idle', () => resolve());
        this.map.triggerRepaint();
      });
      if (!this.waiting) return;
    }
  }

  /**
   * What is drawn at a screen position of the map (CSS pixels from its top-left corner): a help
   * point of a shown kind, else a grid cell or a commune when their layer is shown, else the place.
   */
  hitAt(x: number, y: number): Hovered | null {
    const v = this.view;
    const at = this.map.unproject([x, y]);
    const place: Hovered = { type: 'place', x, y, lon: at.lng, lat: at.lat, at: [at.lng, at.lat] };
    if (!v || !this.data) return place;
    // The area around the pointer that the largest symbol can cover, as a lon/lat box.
    const r = helpPointSize({ kind: 'france_services', inside: true }) / 2 + 2;
    const a = this.map.unproject([x - r, y + r]);
    const b = this.map.unproject([x + r, y - r]);
    const point = this.pointHits.closest(
      x, y, [a.lng, a.lat, b.lng, b.lat],
      (lon, lat) => this.map.project([lon, lat]),
      (p) => helpPointSize(p) / 2 + 2,
      (p) => v.kinds.has(p.kind as HelpKind),
    );
    if (point) return { type: 'help_point', x, y, point, at: place.at };
    const cell = v.showGrid ? this.cellHits.at(at.lng, at.lat) : null;
    if (cell) return { type: 'grid', x, y, cell: cell.row, at: place.at };
    const shape = v.showCommunes ? this.communeHits.at(at.lng, at.lat) : null;
    const commune = shape ? this.rows.get(shape.properties.code) : undefined;
    if (commune) return { type: 'commune', x, y, commune, at: place.at };
    return place;
  }

  /** Hover, resolved once per frame at most; the pointer cursor over anything that has a tooltip. */
  private hover(x: number, y: number): void {
    cancelAnimationFrame(this.hoverFrame);
    this.hoverFrame = requestAnimationFrame(() => {
      if (this.map.isMoving()) return;
      const h = this.hitAt(x, y);
      this.setCursor(h !== null && h.type !== 'place');
      this.onHover(h);
    });
  }

  private setCursor(pointer: boolean): void {
    this.map.getCanvas().style.cursor = pointer ? 'pointer' : '';
  }

  destroy(): void {
    cancelAnimationFrame(this.hoverFrame);
    cancelAnimationFrame(this.nextLayer);
    this.markers.destroy();
    this.overlay.finalize();
    this.map.remove();
  }

  /**
   * Runs `fn` once the frame that draws the layers just set is drawn and the GPU has finished it:
   * a fence is put after that frame and its status looked at on each frame (a look that never
   * waits). The next new layer then links its shaders with nothing queued before it, so luma.gl's
   * blocking program checks return at once instead of waiting behind whole frames.
   */
  private nextFrame(fn: () => void): void {
    cancelAnimationFrame(this.nextLayer);
    this.nextLayer = requestAnimationFrame(() => {
      const gl = this.gl;
      const fence = gl?.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0) ?? null;
      gl?.flush();
      const poll = () => {
        if (fence && gl!.getSyncParameter(fence, gl!.SYNC_STATUS) !== gl!.SIGNALED) {
          this.nextLayer = requestAnimationFrame(poll);
          return;
        }
        if (fence) gl!.deleteSync(fence);
        fn();
      };
      this.nextLayer = requestAnimationFrame(poll);
    });
  }

  private render(): void {
    const wanted = this.data && this.view ? this.dataLayers(this.data, this.view, this.overlays) : [];
    // Layers never drawn before join one per frame: whatever they compile is compiled, and waited
    // for, one layer at a time.
    const fresh = wanted.filter((l) => !this.drawn.has(l.id));
    const admitted = fresh.slice(0, 1);
    const layers = wanted.filter((l) => this.drawn.has(l.id) || admitted.includes(l));
    for (const l of admitted) this.drawn.add(l.id);
    // An empty map stays as drawn: no new frame (a full-canvas pass with software WebGL) for nothing.
    if (layers.length > 0 || this.shown > 0) this.overlay.setProps({ layers });
    this.shown = layers.length;
    const waiting = fresh.length > admitted.length;
    if (waiting) this.nextFrame(() => this.render());
    if (waiting && !this.waiting) this.admitted = new Promise((resolve) => (this.onAdmitted = resolve));
    else if (!waiting && this.waiting) this.onAdmitted();
    this.waiting = waiting;
  }

  /** The layers with something to draw (a layer drawn once stays, hidden, so as not to rebuild it). */
  private dataLayers(data: MapData, v: MapView, o: MapOverlays): Layer[] {
    const keep = (id: string, shown: boolean) => shown || this.drawn.has(id);
    const focus = this.focusedZone === null ? undefined : this.zoneFeatures.features.find((f) => f.properties.rank === this.focusedZone);
    const proposals = o.proposals ?? [];
    const layers = [
      ...((keep('communes', v.showCommunes) && this.shapes !== null && this.shapes.features.length > 0 &&
        communesLayers({ shapes: this.shapes, rows: this.rows, variable: v.variable, classes: this.classes(v.variable), visible: v.showCommunes, highlighted: v.highlighted, gained: o.gained })) || []),
      keep('grid', v.showGrid) && this.cells.length > 0 && gridLayer(this.cells, this.gridBreaks, v.showGrid, v.gridMode, o.gridMinutes),
      keep('isochrones', v.showIsochrones) && o.isochrones !== null && isochronesLayer(o.isochrones, v.showIsochrones),
      keep('zones', v.showZones) && this.zoneFeatures.features.length > 0 && zonesLayer(this.zoneFeatures.features, v.showZones),
      keep('roads', v.showRoads) && o.roads !== null && o.roads.length > 0 && roadsLayer(o.roads, v.showRoads),
      o.route !== null && routeLayer(o.route),
      data.helpPoints.length > 0 && helpPointsLayer(data.helpPoints, v.kinds),
      (o.scenarioSites?.length ?? 0) > 0 && scenarioSitesLayer(o.scenarioSites ?? []),
      keep('zone-focus', focus !== undefined) && zoneFocusLayer(focus?.geometry ?? null, focus !== undefined),
      keep('proposal-discs', proposals.length > 0) && proposalDiscsLayer(proposals, proposals.length > 0),
      keep('proposal-ranks', proposals.length > 0) && proposalRanksLayer(proposals, proposals.length > 0),
    ];
    return layers.filter((l): l is Exclude<typeof l, false> => l !== false) as Layer[];
  }

  private fitToData(): void {
    const b = boundsOf((this.shapes?.features ?? []).map((f) => f.geometry));
    if (!b) return;
    this.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: fitPadding(this.map.getContainer()), duration: 0 });
    const c = this.map.getCenter();
    this.fitted = { lng: c.lng, lat: c.lat, zoom: this.map.getZoom() };
  }

  /** Whether the camera is still where the last fit put it (a resize keeps centre and zoom). */
  private atFittedCamera(): boolean {
    const f = this.fitted;
    if (!f) return false;
    const c = this.map.getCenter();
    return Math.abs(c.lng - f.lng) < 1e-6 && Math.abs(c.lat - f.lat) < 1e-6 && Math.abs(this.map.getZoom() - f.zoom) < 1e-6 && this.map.getBearing() === 0 && this.map.getPitch() === 0;
  }

  /** The map's box in lon/lat (west, south, east, north). */
  bounds(): Bounds {
    const b = this.map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
  }
}

/** Room kept around a fitted shape: 30 px, less on a small map (a phone) so the shape stays large. */
function fitPadding(container: HTMLElement): number {
  return Math.max(8, Math.min(30, Math.round(Math.min(container.clientWidth, container.clientHeight) * 0.05)));
}

function sameCodes(a: CommuneShapes | null, b: CommuneShapes | null): boolean {
  return a !== null && b !== null && a.features.length === b.features.length && a.features.every((c, i) => c.properties.code === b.features[i].properties.code);
}
