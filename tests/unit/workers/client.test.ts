/**
 * The worker protocol end to end in Node: the real worker module runs against a fake
 * message channel (as maplibre's web_worker_mock does), the real client talks to it.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AbandonedError, AccessibilityClient } from '../../../workers/client.ts';
import { createHandler } from '../../../workers/handlers.ts';
import type { NearestStraightParams } from '../../../workers/protocol.ts';
import { isUserError } from '../../../src/data/import/errors.ts';

/** The handlers run in place, with their own engine. */
const handle = createHandler();

/** A fake Worker whose other side is the real worker module, loaded with `self` = its scope. */
class FakeWorker {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  scope = {
    onmessage: null as ((e: MessageEvent) => void) | null,
    postMessage: (data: unknown) => setTimeout(() => this.onmessage?.({ data: structuredClone(data) } as MessageEvent), 0),
  };
  postMessage(data: unknown) {
    setTimeout(() => this.scope.onmessage?.({ data: structuredClone(data) } as MessageEvent), 0);
  }
  terminated = false;
  terminate() {
    this.terminated = true;
  }
}

let fake: FakeWorker;
let client: AccessibilityClient;

beforeAll(async () => {
  fake = new FakeWorker();
  (globalThis as unknown as { self: unknown }).self = fake.scope;
  // The worker module binds its `self` when it is evaluated: evaluated again for this file (the
  // unit files share their worker's module registry, isolate: false).
  vi.resetModules();
  await import('../../../workers/accessibility.worker.ts');
  client = new AccessibilityClient(() => fake as unknown as Worker);
});

const params: NearestStraightParams = {
  sites: { lon: new Float64Array([3.0, 3.5, 3.2]), lat: new Float64Array([47.0, 47.0, 46.9]), kind: new Uint8Array([0, 1, 3]) },
  targets: { communes: { lon: new Float64Array([3.01, 3.49]), lat: new Float64Array([47.0, 47.0]) } },
  groups: ['france_services', 'point_numerique', 'any'],
};

describe('AccessibilityClient ↔ accessibility.worker', () => {
  it('round-trips a request and gets the same result as the direct handler', async () => {
    const viaWorker = await client.request('nearestStraight', structuredClone(params));
    const direct = handle('nearestStraight', structuredClone(params), { progress: () => {} });
    expect(viaWorker).toEqual(direct);
    // France Services = site 0 only; points numériques = sites 1 and 2 (original indices).
    expect(Array.from(viaWorker.communes.france_services.site)).toEqual([0, 0]);
    expect(Array.from(viaWorker.communes.point_numerique.site)).toEqual([2, 1]);
  });

  it('rebuilds errors thrown in the worker as real errors, keeping a user error a user error', async () => {
    // An empty file is not a road network: the PBF reader throws a French UserError naming the file.
    const rejection = (p: Promise<unknown>) => p.then(() => new Error('no error'), (e: unknown) => e as Error);
    const direct = await rejection(
      Promise.resolve().then(() => handle('loadNetwork', { name: 'vide.osm.pbf', format: 'osm_pbf', bytes: new Uint8Array(0) }, { progress: () => {} })),
    );
    const viaWorker = await rejection(client.request('loadNetwork', { name: 'vide.osm.pbf', format: 'osm_pbf', bytes: new Uint8Array(0) }));
    expect(direct).toBeInstanceOf(Error);
    expect(direct.message).toMatch(/vide\.osm\.pbf/);
    expect(viaWorker).toBeInstanceOf(Error);
    expect({ name: viaWorker.name, message: viaWorker.message }).toEqual({ name: direct.name, message: direct.message });
    expect(isUserError(viaWorker)).toBe(true);
  });

  it('the latest request wins: superseded requests come back abandoned', async () => {
    const first = client.latest('slider', 'nearestStraight', structuredClone(params));
    const second = client.latest('slider', 'nearestStraight', structuredClone(params));
    await expect(first).rejects.toBeInstanceOf(AbandonedError);
    await expect(second).resolves.toHaveProperty('communes');
  });

  it('falls back to the main thread when no worker can be created', async () => {
    const fallback = new AccessibilityClient(() => {
      throw new Error('Worker indisponible');
    });
    expect(fallback.usesWorker).toBe(false);
    const r = await fallback.request('nearestStraight', structuredClone(params));
    expect(Array.from(r.communes.any.site)).toEqual([0, 1]);
  });
});

describe('a worker that dies', () => {
  it('fails the pending request with a French message, then a new worker serves the next one', async () => {
    let created = 0;
    const workers: FakeWorker[] = [];
    const c = new AccessibilityClient(() => {
      created++;
      const w = new FakeWorker();
      workers.push(w);
      // This fake never answers by itself: the test decides.
      return w as unknown as Worker;
    });
    const pending = c.request('nearestStraight', structuredClone(params));
    // What the browser does when a worker throws outside its handlers: an error event on the Worker.
    let prevented = false;
    workers[0].onerror?.({ message: 'Uncaught RangeError: Array buffer allocation failed', preventDefault: () => (prevented = true) } as unknown as ErrorEvent);
    await expect(pending).rejects.toThrow("Le calcul en arrière-plan s'est interrompu (Uncaught RangeError: Array buffer allocation failed). Relancez le calcul.");
    expect(prevented, 'the error is handled, not reported again on the page').toBe(true);
    expect(workers[0].terminated).toBe(true);
    // The next request starts a fresh worker.
    void c.request('nearestStraight', structuredClone(params)).catch(() => undefined);
    expect(created).toBe(2);
    c.terminate();
  });
});

describe('loadNetwork from an IGN tronçons CSV (WKT in Lambert-93)', () => {
  it('reads the rows, builds the graph and reports it', async () => {
    // Two segments of a 1 km road in Lambert-93 near Nevers, one of them one-way.
    const csv = [
      'cleabs;nature;importance;sens_de_circulation;vitesse_moyenne_vl;acces_vehicule_leger;geometrie',
      'TRONROUT0000000000000001;Route à 1 chaussée;4;Double sens;60;Libre;LINESTRING(720000 6650000, 720500 6650000)',
      'TRONROUT0000000000000002;Route à 1 chaussée;4;Double sens;60;Libre;LINESTRING(720500 6650000, 721000 6650000)',
    ].join('\n');
    const r = await handle('loadNetwork', { name: 'troncons.csv', format: 'ign_csv', bytes: new TextEncoder().encode(csv) }, { progress: () => {} });
    expect(r.summary.name).toBe('troncons.csv');
    expect(r.summary.report.kmOfRoad).toBeCloseTo(1, 2);
    expect(r.lines.length).toBeGreaterThan(0);
  });
});
