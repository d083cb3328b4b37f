/**
 * The diagnosis of a territory, commune by commune: fragility index, estimated people needing
 * help, supply–demand ratio (E2SFCA), underserved communes merged into zones, and the "zones
 * robustes" underserved at 20, 30 and 45 min. Composes the pure functions of domain/diagnosis.
 */
import {
  classifyRobust, classifyUnderserved, computeE2sfca, DEFAULT_DECAY, DEFAULT_FRAGILITY_PARAMS, DEFAULT_SUPPLY,
  DEFAULT_UNDERSERVED_PARAMS, DEMAND_QUALITY, E2SFCA_STATUS, estimateNeed, fromInseeAges, placeSupply, polygonAdjacency,
  polygonZoneGeometry, siteSupplyFte, buildZones, computeFragility,
  type DecayParams, type FragilityParamsInput, type HighCriterion, type InseeAgeRow, type IndicatorInput,
  type MultiPolygonCoords, type NeedEstimate, type PolygonCoords, type SupplyParams, type SupplySite,
  type UnderservedUnit, type Zone,
} from '../diagnosis/index.ts';
import { minutes } from '../units.ts';

export interface CommuneFacts {
  id: string;
  name: string;
  /** Total population; null = unknown (never read as 0). */
  population: number | null;
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
  decay: DecayParams;
  supply: SupplyParams;
}

/** A supply site as read from the help points: `duplicateOf` is the id of the listing kept for the same place. */
export type DiagnosisSite = SupplySite & { id?: string; duplicateOf?: string | null };

/** How each commune's "personnes à accompagner par ETP d'aidant" was obtained. */
export type PeoplePerFteStatus = 'calcule' | 'estime' | 'aucun_aidant' | 'aucune_demande' | 'demande_inconnue';

/** French words for each status, the same in the tooltip, the table and the exports. */
export const PEOPLE_PER_FTE_STATUS_FR: Readonly<Record<PeoplePerFteStatus, string>> = Object.freeze({
  calcule: 'calculé',
  estime: 'estimé (âges manquants : demande estimée d’après la population)',
  aucun_aidant: 'aucun aidant à portée',
  aucune_demande: 'aucune demande',
  demande_inconnue: 'non calculé : demande inconnue à portée (population manquante)',
});

export const PEOPLE_PER_FTE_LABEL = "Personnes à accompagner par ETP d'aidant";
/** The same words, cut to fit a 20-character menu (the full label goes in its title). */
export const PEOPLE_PER_FTE_SHORT = 'À accompagner / ETP';

const isStatus = (s: string | null): s is PeoplePerFteStatus => s !== null && s in PEOPLE_PER_FTE_STATUS_FR;

/** The status of a stored figure; an old row without status is read from its value. */
export function peoplePerFteStatusOf(value: number | null, status: string | null): PeoplePerFteStatus | null {
  if (isStatus(status)) return status;
  if (value === null) return null;
  return Number.isFinite(value) ? 'calcule' : 'aucun_aidant';
}

/**
 * The figure as shown in the tooltip and the table: "1 230", "1 230 (estimé)", "aucun aidant à portée"…
 * With the territory's rate, an estimated figure says it: "1 230 (estimé : demande = population × 12,3 %, taux du territoire)".
 */
export function peoplePerFteText(value: number | null, status: string | null, formatInt: (v: number) => string, territoryNeedRate: number | null = null): string {
  const s = peoplePerFteStatusOf(value, status);
  if (s === null) return '—';
  if ((s === 'calcule' || s === 'estime') && value !== null && Number.isFinite(value)) {
    if (s === 'calcule') return formatInt(value);
    return territoryNeedRate !== null && Number.isFinite(territoryNeedRate)
      ? `${formatInt(value)} (estimé : demande = population × ${estimateRateText(territoryNeedRate)}, taux du territoire)`
      : `${formatInt(value)} (estimé)`;
  }
  return s === 'estime' || s === 'calcule' ? PEOPLE_PER_FTE_STATUS_FR.aucun_aidant : PEOPLE_PER_FTE_STATUS_FR[s];
}

/** "12,3 %": the territory's rate with one decimal, French style. */
export const estimateRateText = (rate: number) => `${(Math.round(rate * 1000) / 10).toLocaleString('fr-FR')} %`;

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
  /** People needing help per FTE of helper reachable (E2SFCA); Infinity = no supply within reach, null = no demand or unknown. */
  peoplePerFte: number | null;
  peoplePerFteStatus: PeoplePerFteStatus;
  underserved: boolean;
  robust: boolean;
  zone: number | null;
}

export interface DiagnosisResult {
  communes: CommuneDiagnosis[];
  zones: Zone[];
  robustZones: Zone[];
  elderlyBasis: '65+' | '75+';
  /** Supply per site after merging duplicate listings (FTE), in the sites' order. */
  siteFte: number[];
  /** Demand estimation: people needing help per inhabitant in the communes whose ages are known. */
  territoryNeedRate: number | null;
}

/**
 * Demand of each commune for the E2SFCA, with its quality (DEMAND_QUALITY):
 * - the estimated people needing help when its ages are known;
 * - else, when its total population is known, that population × the territory's rate (people
 *   needing help per inhabitant over the communes whose ages are known), i.e. its population
 *   given the territory's age structure: ESTIMATED;
 * - else (or when no commune has its ages) NaN: UNKNOWN. Never 0, which would drop the commune
 *   from the step-1 denominators and make its neighbours look better served.
 */
export function accessDemand(
  units: readonly { needing: number | null; agePopulation: number | null; population: number | null }[],
): { demand: Float64Array; quality: Uint8Array; territoryRate: number | null } {
  let need = 0;
  let pop = 0;
  for (const u of units) {
    if (u.needing !== null && u.agePopulation !== null && u.agePopulation > 0) {
      need += u.needing;
      pop += u.agePopulation;
    }
  }
  const territoryRate = pop > 0 ? need / pop : null;
  const demand = new Float64Array(units.length);
  const quality = new Uint8Array(units.length);
  units.forEach((u, i) => {
    if (u.needing !== null) {
      demand[i] = u.needing;
    } else if (u.population !== null && Number.isFinite(u.population) && territoryRate !== null) {
      demand[i] = u.population * territoryRate;
      quality[i] = DEMAND_QUALITY.estimated;
    } else {
      demand[i] = NaN;
      quality[i] = DEMAND_QUALITY.unknown;
    }
  });
  return { demand, quality, territoryRate };
}

/** Index of the kept listing for each site (null when kept or alone), from the ids. */
export function duplicateIndices(sites: readonly DiagnosisSite[]): (number | null)[] {
  const index = new Map<string, number>();
  sites.forEach((s, j) => {
    if (s.id !== undefined) index.set(s.id, j);
  });
  return sites.map((s) => (s.duplicateOf ? (index.get(s.duplicateOf) ?? null) : null));
}

export function diagnose(
  facts: readonly CommuneFacts[],
  sites: readonly DiagnosisSite[],
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

  const supply = placeSupply(sites.map((s) => siteSupplyFte(s, p.supply)), duplicateIndices(sites));
  const { demand, quality, territoryRate } = accessDemand(
    facts.map((f, i) => ({ needing: needs[i].needing, agePopulation: needs[i].population, population: f.population })),
  );
  const e2sfca = computeE2sfca(
    { nUnits: facts.length, nSites: sites.length, offsets: catchments.offsets, sites: catchments.site, minutes: catchments.minutes },
    demand,
    supply,
    p.decay,
    quality,
  );

  const units: UnderservedUnit[] = facts.map((f, i) => ({
    id: f.id,
    name: f.name,
    population: f.population ?? 0,
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
        peoplePerFteStatus: statusOf(e2sfca.status[i], e2sfca.estimated[i] === 1),
        underserved: underserved[i] === 1,
        robust: robust[i] === 1,
        zone: zoneOf.get(i) ?? null,
      };
    }),
    zones,
    robustZones,
    elderlyBasis: fragility.elderlyBasis,
    siteFte: [...supply],
    territoryNeedRate: territoryRate,
  };
}

function statusOf(status: number, estimated: boolean): PeoplePerFteStatus {
  if (status === E2SFCA_STATUS.unknown_demand) return 'demande_inconnue';
  if (status === E2SFCA_STATUS.no_demand) return 'aucune_demande';
  if (status === E2SFCA_STATUS.no_supply) return 'aucun_aidant';
  return estimated ? 'estime' : 'calcule';
}

/** Département of an INSEE commune code (3 characters overseas). */
export function departementOf(code: string): string {
  return code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
}
