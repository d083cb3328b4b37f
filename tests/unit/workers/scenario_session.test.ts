/**
 * Scenario sessions through the real worker module on a fake message channel (as client.test.ts):
 * open / update / close, the stale-session error after a network change, transferred params,
 * and latest-wins coalescing of a drag (one request per answer, never a queue).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AbandonedError, AccessibilityClient, LatestWins, isAbandoned, isStaleSession } from '../../../workers/client.ts';
import type { ScenarioSiteInput } from '../../../src/domain/access/planning_io.ts';

/** A fake Worker whose other side is the real worker module; honours transfer lists like postMessage. */
class FakeWorker {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  posted = 0;
  scope = {
    onmessage: null as ((e: MessageEvent) => void) | null,
    postMessage: (data: unknown, transfer: Transferable[] = []) => {
      const copy = structuredClone(data, { transfer });
      setTimeout(() => this.onmessage?.({ data: copy } as MessageEvent), 0);
    },
  };
  postMessage(data: unknown, transfer: Transferable[] = []) {
    this.posted++;
    const copy = structuredClone(data, { transfer });
    setTimeout(() => this.scope.onmessage?.({ data: copy } as MessageEvent), 0);
  }
  terminate() {}
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

// Ten communes along a meridian, 2 km apart, 100 people each; a France services at the first one.
const demand = () => ({
  lon: new Float64Array(10).fill(3),
  lat: Float64Array.from({ length: 10 }, (_, i) => 47 + (2 * i) / 111.19492664455873),
  population: new Float64Array(10).fill(100),
  pop75: new Float64Array(10).fill(NaN),
  need: new Float64Array(10).fill(NaN),
});
const base: ScenarioSiteInput[] = [{ id: 'fs', lon: 3, lat: 47, kind: 'france_services' }];
const site = (km: number): ScenarioSiteInput => ({ id: 'new', lon: 3, lat: 47 + km / 111.19492664455873, kind: 'france_services' });

describe('scenario sessions in the worker (no road network: straight-line estimates)', () => {
  it('open → update (incremental) → close; an unknown session fails with ScenarioSessionError', async () => {
    const open = await client.request('scenarioOpen', { thresholdMinutes: 10, demand: demand(), base });
    expect(open.method).toBe('vol_oiseau');
    // 2 km × 1.5 at 50 km/h = 3.6 min per step: units 0–2 within 10 min (0, 3.6, 7.2), 7 beyond.
    expect(open.before.populationBeyond).toBe(700);
    const u1 = await client.request('scenarioUpdate', { sessionId: open.sessionId, draft: { added: [site(18)], removed: [] } });
    // New site at unit 9 (18 km): units 7–9 within 10 min of it (5.56 km of straight line), units 3–6 still beyond.
    expect(u1.after.populationBeyond).toBe(400);
    expect(u1.stats).toMatchObject({ addedSites: 1, removedSites: 0 });
    expect(u1.computeMs).toBeGreaterThanOrEqual(0);
    const u2 = await client.request('scenarioUpdate', { sessionId: open.sessionId, draft: { added: [site(16)], removed: [] } });
    expect(u2.stats).toMatchObject({ addedSites: 1, removedSites: 1 }); // a move
    expect(await client.request('scenarioClose', { sessionId: open.sessionId })).toEqual({ closed: true });
    const stale = client.request('scenarioUpdate', { sessionId: open.sessionId, draft: { added: [], removed: [] } });
    await expect(stale).rejects.toMatchObject({ name: 'ScenarioSessionError' });
    await stale.catch((e) => expect(isStaleSession(e)).toBe(true));
  });

  it('a network change drops the sessions: the update fails, the client re-opens', async () => {
    const open = await client.request('scenarioOpen', { thresholdMinutes: 10, demand: demand(), base });
    await client.request('clearNetwork', {});
    await expect(client.request('scenarioUpdate', { sessionId: open.sessionId, draft: { added: [], removed: [] } })).rejects.toSatisfy(isStaleSession);
    const again = await client.request('scenarioOpen', { thresholdMinutes: 10, demand: demand(), base });
    await expect(client.request('scenarioUpdate', { sessionId: again.sessionId, draft: { added: [site(18)], removed: [] } })).resolves.toHaveProperty('after');
  });

  it('params are copied by default, transferred (detached here) on request', async () => {
    const kept = demand();
    await client.request('scenarioOpen', { thresholdMinutes: 10, demand: kept, base });
    expect(kept.lon.length).toBe(10);
    const given = demand();
    const r = await client.request('scenarioOpen', { thresholdMinutes: 10, demand: given, base }, { transfer: true });
    expect(given.lon.length).toBe(0); // the buffer went to the worker
    expect(given.population.byteLength).toBe(0);
    expect(r.before.populationBeyond).toBe(700);
  });

  it('a drag at 60 Hz: one request per answer, the latest wins, the others abandoned without being sent', async () => {
    const open = await client.request('scenarioOpen', { thresholdMinutes: 10, demand: demand(), base });
    const postedBefore = fake.posted;
    const calls = Array.from({ length: 30 }, (_, i) =>
      client.coalesce('drag', 'scenarioUpdate', { sessionId: open.sessionId, draft: { added: [site(10 + i * 0.2)], removed: [] } }));
    const settled = await Promise.allSettled(calls);
    const done = settled.filter((s) => s.status === 'fulfilled');
    // The first is sent at once; the 28 in between are replaced while it is in flight; the last is sent when it answers.
    expect(done.length).toBe(2);
    expect(settled[0].status).toBe('fulfilled');
    expect(settled[29].status).toBe('fulfilled');
    for (const s of settled.slice(1, 29)) expect(s.status === 'rejected' && isAbandoned(s.reason)).toBe(true);
    expect(fake.posted - postedBefore).toBe(2);
    const last = (settled[29] as PromiseFulfilledResult<Awaited<(typeof calls)[number]>>).value;
    expect(last.timing.dropped).toBe(28);
    expect(last.timing.latencyMs).toBeGreaterThanOrEqual(last.timing.answeredAt - last.timing.sentAt);
    // The figures are those of the last position.
    const direct = await client.request('scenarioUpdate', { sessionId: open.sessionId, draft: { added: [site(10 + 29 * 0.2)], removed: [] } });
    expect(last.result.after).toEqual(direct.after);
  });
});

describe('LatestWins (coalescing, no worker)', () => {
  it('keeps at most one in flight and one waiting; timings on a fake clock', async () => {
    let clock = 0;
    const sent: number[] = [];
    const answers: ((v: string) => void)[] = [];
    const c = new LatestWins<number, string>((p) => {
      sent.push(p);
      return new Promise((resolve) => answers.push(resolve));
    }, { now: () => clock });
    const a = c.submit(1);
    clock = 16;
    const b = c.submit(2);
    clock = 32;
    const d = c.submit(3);
    expect(sent).toEqual([1]);
    await expect(b).rejects.toBeInstanceOf(AbandonedError);
    clock = 40;
    answers[0]('one');
    expect(await a).toEqual({ result: 'one', timing: { submittedAt: 0, sentAt: 0, answeredAt: 40, latencyMs: 40, dropped: 0 } });
    expect(sent).toEqual([1, 3]);
    clock = 50;
    answers[1]('three');
    expect(await d).toEqual({ result: 'three', timing: { submittedAt: 32, sentAt: 40, answeredAt: 50, latencyMs: 18, dropped: 1 } });
    expect(c.inFlight).toBe(false);
  });

  it('an error answers its own submission and the next one is still sent', async () => {
    let n = 0;
    const c = new LatestWins<number, number>(async (p) => {
      n++;
      if (p === 1) throw new Error('boom');
      return p;
    });
    const a = c.submit(1);
    const b = c.submit(2);
    await expect(a).rejects.toThrow('boom');
    await expect(b).resolves.toMatchObject({ result: 2 });
    expect(n).toBe(2);
  });
});
