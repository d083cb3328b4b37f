/**
 * The diagnosis of a territory, commune by commune: fragility index, estimated people needing
 * help, supply–demand ratio (E2SFCA), underserved communes merged into zones, and the "zones
 * robustes" underserved at 20, 30 and 45 min. Composes the pure functions of domain/diagnosis.
 */
import {
  classifyRobust, classifyUnderserved, computeE2sfca, DEFAULT_DECAY, DEFAULT_FRAGILITY_PARAMS, DEFAULT_SUPPLY,
  DEFAULT_UNDERSERVED_PARAMS, estimateNeed, fromInseeAges, polygonAdjacency, polygonZoneGeometry, siteSupplyFte,
  buildZones, computeFragility,
  type DecayBand, type FragilityParamsInput, type HighCriterion, type InseeAgeRow, type IndicatorInput,
  type MultiPolygonCoords, type NeedEstimate, type PolygonCoords, type SupplyParams, type SupplySite,
  type UnderservedUnit, type Zone,
} from '../diagnosis/index.ts';
import { minutes } from '../units.ts';

export interface CommuneFacts {
  id: string;
  name: string;
  population: number;
  pop75: number | null;
  ages: InseeAgeRow | null;
  noFibre: IndicatorInput;
  no4g: IndicatorInput;
  /** Share aged 75+ (preferred) … */
  elderly75: IndicatorInput;
  /** … or 65+ when 75+ is not known anywhere. */
  elderly65: IndicatorInput;
  lowDiploma: IndicatorInput;
  lowIncome: IndicatorInput;
  /** Population-weighted travel time to the chosen kind of help point; null = unknown. */
  minutes: number | null;
  polygon: PolygonCoords | MultiPolygonCoords | null;
}

export interface Catchments {
  offsets: Uint32Array;
  site: Uint32Array;
  minutes: Float32Array;
}

export interface DiagnosisParams {
  fragility: FragilityParamsInput;
  threshold: number;
  topShare: number;
  criterion: HighCriterion;
  decay: readonly DecayBand[];
  supply: SupplyParams;
}

export const DEFAULT_DIAGNOSIS_PARAMS: DiagnosisParams = {
  fragility: DEFAULT_FRAGILITY_PARAMS,
  threshold: DEFAULT_UNDERSERVED_PARAMS.threshold,
  topShare: DEFAULT_UNDERSERVED_PARAMS.topShare,
  criterion: DEFAULT_UNDERSERVED_PARAMS.criterion,
  decay: DEFAULT_DECAY,
  supply: DEFAULT_SUPPLY,
};

export interface CommuneDiagnosis {
  id: string;
  fragility: number | null;
  fragilityPartial: boolean;
  need: NeedEstimate;
  /** People needing help per FTE of helper reachable (E2SFCA); Infinity = no supply within reach, null = no demand. */
  peoplePerFte: number | null;
  underserved: boolean;
  robust: boolean;
  zone: number | null;
}

export interface DiagnosisResult {
  communes: CommuneDiagnosis[];
  zones: Zone[];
  robustZones: Zone[];
  elderlyBasis: '65+' | '75+';
}

export function diagnose(
  facts: readonly CommuneFacts[],
  sites: readonly SupplySite[],
  catchments: Catchments,
  params: Partial<DiagnosisParams> = {},
): DiagnosisResult {
  const p = { ...DEFAULT_DIAGNOSIS_PARAMS, ...params };
  const fragility = computeFragility(
    facts.map((f) => ({
      id: f.id,
      group: departementOf(f.id),
      noFibre: f.noFibre,
      no4g: f.no4g,
      share75p: f.elderly75,
      share65p: f.elderly65,
      lowDiploma: f.lowDiploma,
      lowIncome: f.lowIncome,
    })),
    p.fragility,
  );
  const needs = facts.map((f) => estimateNeed(f.ages ? fromInseeAges(f.ages) : {}));

  const supply = sites.map((s) => siteSupplyFte(s, p.supply));
  const demand = needs.map((n) => n.needing ?? 0);
  const e2sfca = computeE2sfca(
    { nUnits: facts.length, nSites: sites.length, offsets: catchments.offsets, sites: catchments.site, minutes: catchments.minutes },
    demand,
    supply,
    p.decay,
  );

  const units: UnderservedUnit[] = facts.map((f, i) => ({
    id: f.id,
    name: f.name,
    population: f.population,
    older: f.pop75,
    need: needs[i].needing,
    fragility: fragility.units[i].index,
    minutes: f.minutes,
  }));
  const classifyParams = { topShare: p.topShare, criterion: p.criterion };
  const { underserved } = classifyUnderserved(units, { ...classifyParams, threshold: minutes(p.threshold) });
  const robust = classifyRobust(units, classifyParams);
  const polygons = facts.map((f) => f.polygon ?? []);
  const adjacency = polygonAdjacency(polygons as (PolygonCoords | MultiPolygonCoords)[]);
  const geometry = polygonZoneGeometry(facts.map((f) => f.polygon));
  const zones = buildZones(units, underserved, adjacency, geometry);
  const robustZones = buildZones(units, robust, adjacency, geometry);
  const zoneOf = new Map<number, number>();
  for (const z of zones) for (const i of z.memberIndices) zoneOf.set(i, z.rank);

  return {
    communes: facts.map((f, i) => {
      const ppf = e2sfca.peoplePerFte[i];
      return {
        id: f.id,
        fragility: fragility.units[i].index,
        fragilityPartial: fragility.units[i].partial,
        need: needs[i],
        peoplePerFte: Number.isNaN(ppf) ? null : ppf,
        underserved: underserved[i] === 1,
        robust: robust[i] === 1,
        zone: zoneOf.get(i) ?? null,
      };
    }),
    zones,
    robustZones,
    elderlyBasis: fragility.elderlyBasis,
  };
}

/** Département of an INSEE commune code (3 characters overseas). */
export function departementOf(code: string): string {
  return code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
}
