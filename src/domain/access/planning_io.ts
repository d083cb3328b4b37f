/**
 * The planning requests of the worker, in plain data: points with lon/lat are snapped to the
 * loaded road graph here, then handed to domain/planning (optimiser, scenarios, labelling check).
 */
import type { AccessEngine } from './engine.ts';
import {
  applyScenario, createScenarioEngine, labellingCheck, optimise,
  type Candidate, type CandidateOrigin, type Demand, type ExistingSite, type FixedSite, type FranceServicesType,
  type LabellingFiche, type LabellingParams, type Objective, type OptimiseResult, type ScenarioResult, type ScenarioSite, type SiteKind,
} from '../planning/index.ts';
import type { Weekday } from '../diagnosis/index.ts';

export interface DemandInput {
  lon: Float64Array;
  lat: Float64Array;
  population: Float64Array;
  pop75: Float64Array;
  need: Float64Array;
}

export interface PlacedSite {
  id: string;
  name?: string;
  lon: number;
  lat: number;
}

export interface OptimiseParams {
  objective: Objective;
  k: number;
  thresholdMinutes: number;
  demand: DemandInput;
  fixed: PlacedSite[];
  candidates: (PlacedSite & { origin: CandidateOrigin; commune: string; communeName?: string })[];
}

export interface ScenarioSiteInput extends PlacedSite {
  kind: SiteKind;
  fsType?: FranceServicesType;
  daysPerWeek?: number;
}

export interface ScenarioParams {
  thresholdMinutes: number;
  demand: DemandInput;
  base: ScenarioSiteInput[];
  added: ScenarioSiteInput[];
  removed: string[];
}

export interface LabellingParamsInput {
  demand: DemandInput;
  existing: (ScenarioSiteInput & { canton?: string })[];
  candidate: PlacedSite & { canton?: string; hours?: Partial<Record<Weekday, string | null>>; agents?: number };
  params?: Partial<LabellingParams>;
}

export const NO_NETWORK_MESSAGE = 'Chargez un réseau routier : les propositions et les scénarios se calculent en temps de trajet routier.';

function requireGraph(engine: AccessEngine) {
  const g = engine.roadGraph;
  if (!g) throw Object.assign(new Error(NO_NETWORK_MESSAGE), { name: 'UserError' });
  return g;
}

function points(sites: readonly PlacedSite[]) {
  return { lon: Float64Array.from(sites, (s) => s.lon), lat: Float64Array.from(sites, (s) => s.lat) };
}

function demandOf(engine: AccessEngine, d: DemandInput): Demand {
  const { node, legMinutes } = engine.snap({ lon: d.lon, lat: d.lat });
  return { node, legMinutes, population: d.population, pop75: d.pop75, need: d.need };
}

function placed<T extends PlacedSite>(engine: AccessEngine, sites: readonly T[]): (T & { node: number; legMinutes: number })[] {
  if (sites.length === 0) return [];
  const { node, legMinutes } = engine.snap(points(sites));
  return sites.map((s, i) => ({ ...s, node: node[i], legMinutes: legMinutes[i] }));
}

export function runOptimise(engine: AccessEngine, p: OptimiseParams): OptimiseResult {
  const graph = requireGraph(engine);
  const fixed: FixedSite[] = placed(engine, p.fixed).map((s) => ({ id: s.id, name: s.name, node: s.node, legMinutes: s.legMinutes }));
  const candidates: Candidate[] = placed(engine, p.candidates).map((c) => ({
    id: c.id, origin: c.origin, commune: c.commune, communeName: c.communeName, node: c.node, legMinutes: c.legMinutes,
  }));
  return optimise(graph, demandOf(engine, p.demand), fixed, candidates, {
    k: p.k, objective: p.objective, thresholdMinutes: p.thresholdMinutes,
  });
}

export function runScenario(engine: AccessEngine, p: ScenarioParams): ScenarioResult {
  const graph = requireGraph(engine);
  const toSite = (s: ScenarioSiteInput & { node: number; legMinutes: number }): ScenarioSite => ({
    id: s.id, name: s.name, kind: s.kind, fsType: s.fsType, node: s.node, legMinutes: s.legMinutes, lon: s.lon, lat: s.lat, daysPerWeek: s.daysPerWeek,
  });
  const scenarioEngine = createScenarioEngine(graph, demandOf(engine, p.demand), placed(engine, p.base).map(toSite), { thresholdMinutes: p.thresholdMinutes });
  return applyScenario(scenarioEngine, { added: placed(engine, p.added).map(toSite), removed: p.removed });
}

export function runLabelling(engine: AccessEngine, p: LabellingParamsInput): LabellingFiche {
  const graph = requireGraph(engine);
  const existing: ExistingSite[] = placed(engine, p.existing).map((s) => ({
    id: s.id, name: s.name, kind: s.kind, fsType: s.fsType, node: s.node, legMinutes: s.legMinutes, lon: s.lon, lat: s.lat, canton: s.canton,
  }));
  const [c] = placed(engine, [p.candidate]);
  return labellingCheck(graph, demandOf(engine, p.demand), existing, { ...c, id: c.id }, p.params ?? {});
}
