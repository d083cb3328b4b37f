/**
 * Scenario sessions (issue #15): time of one `scenarioUpdate` that moves one site (a drag tick:
 * removeSite + addSite on the open engine, then the key figures) against a full rebuild of the
 * what-if engine for the same scenario (what each request did before sessions).
 *   1. demo territory (Nièvre generator: its road network, commune centres, France Services),
 *      through planning_io as the worker runs it (snapping included), road and no network;
 *   2. synthetic département (~200k-node graph of planning.bench.ts, 50,000 demand units,
 *      25 base sites), domain calls, road and straight line only.
 * Worker compute only: the message round trip adds a few ms in the browser.
 * Run: npm run bench scenario_session (the machine is shared: read medians, not single runs).
 * Result (2 vCPUs shared by 5 engineers, load 9–12; median over 3 runs of the per-run medians):
 *   demo (170 communes, 7 FS, 5,220 nodes)  road: update 0.6 ms vs rebuild 11.6 ms;
 *                                           straight line: 0.14 ms vs 0.34 ms
 *   synthetic (195k nodes, 50k units, 25)   road: update 14 ms vs rebuild 264 ms (×11–32);
 *                                           straight line: 14 ms vs 341 ms (×16–33)
 * The update is O(units) for the figures (unit times, key figures, gained/lost) plus the
 * incremental engine work; the rebuild is one full search per presence level.
 */
import { bench, report, round } from './harness.ts';
import { departementSegments, rng } from './planning.bench.ts';
import { generateDemoTerritory } from '../data/generate_demo.ts';
import { ignGeoJsonToSegments } from '../src/data/import/ign_roads.ts';
import { AccessEngine } from '../src/domain/access/engine.ts';
import { ScenarioSessions, runScenario, type DemandInput, type ScenarioSiteInput } from '../src/domain/access/planning_io.ts';
import { buildGraph, type RoadGraph } from '../src/domain/routing/index.ts';
import { ScenarioSession, applyScenario, createScenarioEngine, type Demand, type ScenarioSite } from '../src/domain/planning/index.ts';

function csvRows(files: Map<string, string>, name: string, sep: ',' | ';'): string[][] {
  const cell = new RegExp(`("[^"]*"|[^${sep}]*)(${sep}|$)`, 'g');
  return files.get(name)!.trim().split('\n').slice(1).map((l) => [...l.matchAll(cell)].map((m) => m[1].replace(/^"|"$/g, '')));
}

async function demo(): Promise<void> {
  const files = generateDemoTerritory(58);
  const { segments } = ignGeoJsonToSegments(JSON.parse(files.get('troncons_routes.geojson')!), { fileName: 'routes' });
  const fs: ScenarioSiteInput[] = csvRows(files, 'liste-fs.csv', ',').map((c) => ({ id: c[0], lat: Number(c[8]), lon: Number(c[9]), kind: 'france_services' }));
  const pop = new Map(csvRows(files, 'Communes.csv', ';').map((c) => [c[0], Number(c[2])]));
  const centres = csvRows(files, 'laposte_hexasmal.csv', ';').filter((c, i, all) => all.findIndex((d) => d[0] === c[0]) === i);
  const demand: DemandInput = {
    lon: Float64Array.from(centres, (c) => Number(c[5].split(',')[1])),
    lat: Float64Array.from(centres, (c) => Number(c[5].split(',')[0])),
    population: Float64Array.from(centres, (c) => pop.get(c[0]) ?? NaN),
    pop75: new Float64Array(centres.length).fill(NaN),
    need: new Float64Array(centres.length).fill(NaN),
  };
  for (const withNetwork of [true, false]) {
    const engine = new AccessEngine();
    if (withNetwork) engine.loadNetwork('routes', segments);
    const label = withNetwork ? 'road' : 'straight line';
    report({ bench: 'scenario_session.demo instance', mode: label, communes: centres.length, base_sites: fs.length, graph_nodes: engine.roadGraph?.nodeCount ?? 0 });
    const sessions = new ScenarioSessions(engine);
    const { sessionId } = sessions.open({ thresholdMinutes: 30, demand, base: fs });
    // A drag: the new site moves ~300 m per tick around the centre of the territory.
    let tick = 0;
    const at = () => ({ id: 'drag', kind: 'france_services' as const, lon: 3.5 + 0.004 * (tick % 40), lat: 47.1 + 0.002 * (tick++ % 7) });
    const others = new ScenarioSessions(engine);
    await bench(`scenario_session.demo open (engine build) ${label}`, () => others.close(others.open({ thresholdMinutes: 30, demand, base: fs }).sessionId), { runs: 7 });
    await bench(`scenario_session.demo update, one site moved ${label}`, () => sessions.update({ sessionId, draft: { added: [at()], removed: [] } }), { runs: 41 });
    await bench(`scenario_session.demo full rebuild per request (old 'scenario') ${label}`, () => runScenario(engine, { thresholdMinutes: 30, demand, base: fs, added: [at()], removed: [] }), { runs: 11 });
  }
}

async function synthetic(): Promise<void> {
  const graph: RoadGraph = buildGraph(departementSegments(448));
  const r = rng(21);
  const pick = () => Math.floor(r() * graph.nodeCount);
  const U = 50_000;
  const node = Int32Array.from({ length: U }, pick);
  const demand: Demand = {
    node,
    legMinutes: Float64Array.from({ length: U }, () => r() * 2),
    lon: Float64Array.from(node, (v) => graph.lon[v]),
    lat: Float64Array.from(node, (v) => graph.lat[v]),
    population: Float64Array.from({ length: U }, () => Math.round(r() * 200)),
    pop75: Float64Array.from({ length: U }, () => Math.round(r() * 20)),
    need: Float64Array.from({ length: U }, () => Math.round(r() * 30)),
  };
  const straightDemand: Demand = { ...demand, node: new Int32Array(U).fill(-1) };
  const site = (id: string, v: number, road: boolean): ScenarioSite => ({
    id, kind: 'france_services', node: road ? v : -1, legMinutes: 0.5, lon: graph.lon[v], lat: graph.lat[v],
  });
  const baseNodes = Array.from({ length: 25 }, pick);
  /** Nodes a few edges away from the previous one: a drag. */
  let cur = pick();
  const step = () => {
    for (let k = 0; k < 3; k++) {
      const a = graph.offsets[cur], b = graph.offsets[cur + 1];
      if (b > a) cur = graph.targets[a + Math.floor(r() * (b - a))];
    }
    return cur;
  };
  report({ bench: 'scenario_session.synthetic instance', graph_nodes: graph.nodeCount, units: U, base_sites: baseNodes.length });
  for (const road of [true, false]) {
    const label = road ? 'road' : 'straight line';
    const d = road ? demand : straightDemand;
    const g = road ? graph : null;
    const base = baseNodes.map((v, i) => site(`b${i}`, v, road));
    const t0 = performance.now();
    const session = new ScenarioSession(g, d, base, { thresholdMinutes: 20 });
    report({ bench: `scenario_session.synthetic open (engine build) ${label}`, ms: round(performance.now() - t0) });
    const line = await bench(`scenario_session.synthetic update, one site moved ${label}`, () => session.update({ added: [site('drag', step(), road)] }), {
      runs: 41,
    });
    const full = await bench(`scenario_session.synthetic full rebuild per request ${label}`, () => {
      const e = createScenarioEngine(g, d, base, { thresholdMinutes: 20 });
      return applyScenario(e, { added: [site('drag', step(), road)] });
    }, { runs: 5 });
    report({ bench: `scenario_session.synthetic speed-up ${label}`, rebuild_over_update: round(full.median_ms / line.median_ms, 1) });
  }
}

export default async function run(): Promise<void> {
  await demo();
  await synthetic();
}
