/**
 * The sites of the what-if scenario as draggable map markers (MapLibre's own Marker: a DOM
 * element the user can grab with the mouse, or move with the keyboard arrows once focused).
 * While a marker is dragged, `onMove` is called continuously (the caller computes the scenario,
 * the latest request winning); once more on release with `final = true`.
 */
import { Marker, type Map as MapLibreMap } from 'maplibre-gl';

export interface MarkerSite {
  id: string;
  name?: string;
  lon: number;
  lat: number;
}

export type MoveHandler = (id: string, lon: number, lat: number, final: boolean) => void;

export class ScenarioMarkers {
  private markers = new Map<string, Marker>();

  constructor(private readonly map: MapLibreMap, private readonly onMove: () => MoveHandler) {}

  set(sites: readonly MarkerSite[]): void {
    const wanted = new Set(sites.map((s) => s.id));
    for (const [id, m] of this.markers) {
      if (!wanted.has(id)) {
        m.remove();
        this.markers.delete(id);
      }
    }
    for (const s of sites) {
      const existing = this.markers.get(s.id);
      if (existing) {
        const at = existing.getLngLat();
        if (at.lng !== s.lon || at.lat !== s.lat) existing.setLngLat([s.lon, s.lat]);
        continue;
      }
      const el = document.createElement('button');
      el.type = 'button';
      el.className = 'scenario-marker';
      el.setAttribute('aria-label', `${s.name ?? 'Lieu du scénario'} : faire glisser pour le déplacer`);
      el.dataset.testid = 'scenario-marker';
      const marker = new Marker({ element: el, draggable: true }).setLngLat([s.lon, s.lat]).addTo(this.map);
      marker.on('drag', () => {
        const p = marker.getLngLat();
        this.onMove()(s.id, p.lng, p.lat, false);
      });
      marker.on('dragend', () => {
        const p = marker.getLngLat();
        this.onMove()(s.id, p.lng, p.lat, true);
      });
      this.markers.set(s.id, marker);
    }
  }

  destroy(): void {
    for (const m of this.markers.values()) m.remove();
    this.markers.clear();
  }
}
