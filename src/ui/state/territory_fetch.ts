/**
 * State of the "Charger mon territoire" dialog: which territory, progress of each source,
 * cancel, then the layers handed to the session (same importers as a dropped file). Nothing is
 * fetched until the user clicks; what is sent is said in the dialog.
 */
import { fetchTerritory, type FetchedLayer, type FetchFailure, type SourceStatus } from '../../data/fetch/fetch_territory.ts';
import { browserMirrorError, mirrorEndpoints, OFFICIAL_ENDPOINTS, parseTerritoryRequest, territoryLabel, type SourceId, type TerritoryRequest } from '../../data/fetch/sources.ts';
import type { LayerOrigin } from '../../data/origins.ts';
import type { Session } from './session.ts';

export interface FetchDialogState {
  running: boolean;
  /** French: why nothing started (bad code, bad mirror address). */
  error: string | null;
  request: TerritoryRequest | null;
  territoryName: string | null;
  statuses: Partial<Record<SourceId, SourceStatus>>;
  /** After a run: what loaded and what failed (by source). */
  done: { loaded: string[]; failures: FetchFailure[]; cancelled: boolean } | null;
}

const INITIAL: FetchDialogState = { running: false, error: null, request: null, territoryName: null, statuses: {}, done: null };
const MIRROR_KEY = 'maillage.mirror';

/** "chargé · 2024-08-01 (…) · jeu « … » · ressource « … » — remarks": what loaded and from where (French). */
export function loadedText(l: FetchedLayer): string {
  const parts = [`chargé · ${l.vintage ?? 'millésime non précisé par la source'}`];
  if (l.origin.dataset) parts.push(`jeu ${l.origin.dataset}`);
  if (l.origin.resource) parts.push(`ressource ${l.origin.resource}`);
  return parts.join(' · ') + (l.notes.length ? ` — ${l.notes.join(' ')}` : '');
}

export class TerritoryFetcher {
  private state: FetchDialogState = INITIAL;
  private readonly listeners = new Set<() => void>();
  private controller: AbortController | null = null;

  constructor(private readonly session: Session, private readonly fetchFn: typeof fetch = (url, init) => fetch(url, init)) {}

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = () => this.state;

  private set(patch: Partial<FetchDialogState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** Address of a mirror of the services (empty: the official addresses). Kept in this browser. */
  get mirror(): string {
    try {
      return globalThis.localStorage?.getItem(MIRROR_KEY) ?? '';
    } catch {
      return '';
    }
  }

  set mirror(value: string) {
    try {
      if (value.trim()) globalThis.localStorage?.setItem(MIRROR_KEY, value.trim());
      else globalThis.localStorage?.removeItem(MIRROR_KEY);
    } catch {
      /* private mode: the mirror is simply not remembered */
    }
  }

  /** Fetches the territory typed by the user (all layers, or `only` for "Mettre à jour"). */
  async run(text: string, mirror: string, only?: SourceId[]): Promise<void> {
    if (this.state.running) return;
    const request = parseTerritoryRequest(text);
    if ('error' in request) return this.set({ error: request.error });
    const base = mirror.trim();
    const mirrorError = base ? browserMirrorError(base) : null;
    if (mirrorError) return this.set({ error: mirrorError });
    this.mirror = base;
    // The demo and a real territory never mix: asked before anything is downloaded; the demo is
    // replaced when the territory arrives (a cancelled download keeps it).
    if (!(await this.session.workspace.askReplace(`le territoire ${territoryLabel(request)}`))) {
      return this.set({ error: 'Chargement annulé : le territoire de démonstration est conservé.' });
    }
    const controller = new AbortController();
    this.controller = controller;
    this.set({ running: true, error: null, request, territoryName: null, statuses: {}, done: null });
    try {
      const outcome = await fetchTerritory(request, {
        endpoints: base ? mirrorEndpoints(base) : OFFICIAL_ENDPOINTS,
        fetch: (url, init) => this.fetchFn(url, init),
        signal: controller.signal,
        only,
        onStatus: (id, s) => this.status(id, s),
        onTerritory: (territoryName) => this.set({ territoryName }),
      });
      if (controller.signal.aborted) {
        // Nothing is installed: what had already arrived is dropped too, and shown so.
        const statuses = Object.fromEntries(Object.entries(this.state.statuses).map(([id, st]) => [id, st?.state === 'failed' ? st : { state: 'cancelled' as const }]));
        this.set({ statuses, done: { loaded: [], failures: outcome.failures, cancelled: true } });
        return;
      }
      const territory = territoryLabel(request);
      const layers = outcome.layers.map((l) => ({
        file: l.file, bytes: l.bytes, network: l.network,
        origin: {
          file: l.file, sourceId: l.sourceId, label: l.label, url: l.url, page: l.page, retrievedAt: l.retrievedAt, vintage: l.vintage, territory, via: 'fetch',
          dataset: l.origin.dataset, resource: l.origin.resource,
        } satisfies LayerOrigin,
      }));
      for (const l of outcome.layers) this.status(l.sourceId, { state: 'running', detail: 'Lecture par les importeurs', bytes: l.bytes.length });
      const selection = request.kind === 'departement' ? { type: 'departement' as const, code: request.code } : { type: 'epci' as const, siren: request.code };
      const installed = await this.session.workspace.installLayers(layers, selection, true);
      const failures = [...outcome.failures];
      for (const l of outcome.layers) {
        const r = installed.find((x) => x.file === l.file);
        if (r?.ok) this.status(l.sourceId, { state: 'done', detail: loadedText(l) });
        else {
          const message = `${l.label} : ${r?.message ?? 'non chargé'}`;
          failures.push({ sourceId: l.sourceId, label: l.label, message });
          this.status(l.sourceId, { state: 'failed', message });
        }
      }
      this.set({ done: { loaded: installed.filter((x) => x.ok).map((x) => x.file), failures, cancelled: false } });
    } finally {
      this.controller = null;
      this.set({ running: false });
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  reset(): void {
    if (!this.state.running) this.set(INITIAL);
  }

  private status(id: SourceId, s: SourceStatus) {
    this.set({ statuses: { ...this.state.statuses, [id]: s } });
  }
}
