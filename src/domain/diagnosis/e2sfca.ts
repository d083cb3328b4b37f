/**
 * Enhanced two-step floating catchment area (E2SFCA), as in the DREES "accessibilité
 * potentielle localisée" (APL) indicator.
 *
 *   Step 1, per site j:  R_j = S_j / Σ_i D_i · W(t_ij)
 *   Step 2, per unit i:  A_i = Σ_j R_j · W(t_ij)
 *
 * S_j: supply in FTE of helpers (ETP d'aidant); D_i: people needing help; W: step decay
 * by travel-time band. A_i is in FTE per person needing help; the displayed figure is
 * its inverse, "personnes à accompagner par ETP d'aidant" = 1 / A_i, i.e. the unit's
 * demand divided by the FTE it can reach (D_i / (D_i · A_i)).
 *
 * Edge cases, handled explicitly:
 * - a site whose catchment holds no demand (Σ D·W = 0) gets R_j = 0 and is reported in
 *   `idleSites` (its supply serves nobody, so it adds nothing to any unit);
 * - a unit with demand > 0 and A_i = 0 (no site within the last band, or only sites with
 *   zero supply) gets peoplePerFte = Infinity, status 'no_supply';
 * - a unit with demand 0 gets peoplePerFte = NaN (read as null), status 'no_demand';
 *   its accessibility A_i is still computed.
 */
import type { HelpKind } from '../types.ts';
import { minutes, type Minutes } from '../units.ts';

/**
 * Sparse travel times, CSR by demand unit: the sites reachable from unit i are
 * `sites[offsets[i] .. offsets[i + 1])`, with their times in `minutes` (same positions).
 */
export interface SparseTravelTimes {
  nUnits: number;
  nSites: number;
  offsets: Uint32Array;
  sites: Uint32Array;
  minutes: Float32Array;
}

/** Build from per-unit lists of [site index, minutes]; entries above `maxMinutes` are dropped. */
export function sparseFromLists(
  nSites: number,
  lists: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
  maxMinutes = Infinity,
): SparseTravelTimes {
  const offsets = new Uint32Array(lists.length + 1);
  const sites: number[] = [];
  const times: number[] = [];
  lists.forEach((list, i) => {
    for (const [j, t] of list) {
      if (t <= maxMinutes) {
        sites.push(j);
        times.push(t);
      }
    }
    offsets[i + 1] = sites.length;
  });
  const m = { nUnits: lists.length, nSites, offsets, sites: Uint32Array.from(sites), minutes: Float32Array.from(times) };
  const problem = validateSparse(m);
  if (problem) throw new RangeError(problem);
  return m;
}

/** Structural check; returns a description of the first problem, or null. */
export function validateSparse(m: SparseTravelTimes): string | null {
  if (m.offsets.length !== m.nUnits + 1) return 'offsets length must be nUnits + 1';
  if (m.offsets[0] !== 0 || m.offsets[m.nUnits] !== m.sites.length) return 'offsets must start at 0 and end at nnz';
  if (m.sites.length !== m.minutes.length) return 'sites and minutes must have the same length';
  for (let i = 0; i < m.nUnits; i++) if (m.offsets[i + 1] < m.offsets[i]) return `offsets decrease at unit ${i}`;
  for (let k = 0; k < m.sites.length; k++) {
    if (m.sites[k] >= m.nSites) return `site index out of range at entry ${k}`;
    if (!(m.minutes[k] >= 0)) return `negative or NaN time at entry ${k}`;
  }
  return null;
}

/** A decay band covers (previous upTo, upTo]; the first band starts at 0 included. */
export interface DecayBand {
  upTo: Minutes;
  weight: number;
}

/**
 * Default decay: the APL thirds (1, 2/3, 1/3) stretched to 30 minutes, the national
 * target of a France Services within 30 minutes. Beyond 30 min the weight is 0.
 */
export const DEFAULT_DECAY: readonly DecayBand[] = Object.freeze([
  { upTo: minutes(10), weight: 1 },
  { upTo: minutes(20), weight: 2 / 3 },
  { upTo: minutes(30), weight: 1 / 3 },
]);

export function decayWeight(t: number, bands: readonly DecayBand[] = DEFAULT_DECAY): number {
  for (const b of bands) if (t <= b.upTo) return b.weight;
  return 0;
}

export interface SupplySite {
  kind: HelpKind;
  /** Weekly opening hours (France Services); null = unknown. */
  hoursPerWeek?: number | null;
  /** Agents on site (France Services); null = unknown. */
  agents?: number | null;
  /** Conseillers numériques: number of posts. */
  staff?: number | null;
}

export interface SupplyParams {
  /** Agents per France Services when unknown. The charter requires at least 2. */
  fsAgents: number;
  /** Weekly hours per France Services when unknown: the charter's minimum of 24 h. */
  fsDefaultHours: number;
  /** Hours of one full-time equivalent. */
  fullTimeHours: number;
  /** FTE per conseiller numérique post. */
  conseillerFte: number;
  /** FTE credited to any other point numérique (médiation, médiathèque). Arbitrary; edit. */
  otherPointFte: number;
}

export const DEFAULT_SUPPLY: Readonly<SupplyParams> = Object.freeze({
  fsAgents: 2,
  fsDefaultHours: 24,
  fullTimeHours: 35,
  conseillerFte: 1,
  otherPointFte: 0.25,
});

/** Supply of one site in FTE of helpers. */
export function siteSupplyFte(site: SupplySite, params: Partial<SupplyParams> = {}): number {
  const p = { ...DEFAULT_SUPPLY, ...params };
  switch (site.kind) {
    case 'france_services': {
      const hours = site.hoursPerWeek ?? p.fsDefaultHours;
      const agents = site.agents ?? p.fsAgents;
      return (agents * hours) / p.fullTimeHours;
    }
    case 'conseiller':
      return (site.staff ?? 1) * p.conseillerFte;
    default:
      return p.otherPointFte;
  }
}

export const E2SFCA_STATUS = { ok: 0, no_supply: 1, no_demand: 2 } as const;

export interface E2sfcaResult {
  /** A_i, FTE per person needing help. */
  accessibility: Float64Array;
  /** 1 / A_i; Infinity when no supply is reachable, NaN (null) when demand is 0. */
  peoplePerFte: Float64Array;
  /** E2SFCA_STATUS per unit. */
  status: Uint8Array;
  /** R_j, FTE per weighted person in the site's catchment. */
  siteRatio: Float64Array;
  /** Sites with no demand in their catchment. */
  idleSites: number[];
}

export function computeE2sfca(
  matrix: SparseTravelTimes,
  demand: ArrayLike<number>,
  supply: ArrayLike<number>,
  decay: readonly DecayBand[] = DEFAULT_DECAY,
): E2sfcaResult {
  const { nUnits, nSites, offsets, sites, minutes: times } = matrix;
  if (demand.length !== nUnits) throw new RangeError('demand length must equal matrix.nUnits');
  if (supply.length !== nSites) throw new RangeError('supply length must equal matrix.nSites');
  const w = new Float32Array(times.length);
  for (let k = 0; k < times.length; k++) w[k] = decayWeight(times[k], decay);

  const weightedDemand = new Float64Array(nSites);
  for (let i = 0; i < nUnits; i++) {
    const d = demand[i];
    if (!(d > 0)) continue;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) weightedDemand[sites[k]] += d * w[k];
  }
  const siteRatio = new Float64Array(nSites);
  const idleSites: number[] = [];
  for (let j = 0; j < nSites; j++) {
    if (weightedDemand[j] > 0) siteRatio[j] = supply[j] / weightedDemand[j];
    else idleSites.push(j);
  }

  const accessibility = new Float64Array(nUnits);
  const peoplePerFte = new Float64Array(nUnits);
  const status = new Uint8Array(nUnits);
  for (let i = 0; i < nUnits; i++) {
    let a = 0;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) a += siteRatio[sites[k]] * w[k];
    accessibility[i] = a;
    if (!(demand[i] > 0)) {
      peoplePerFte[i] = NaN;
      status[i] = E2SFCA_STATUS.no_demand;
    } else if (a === 0) {
      peoplePerFte[i] = Infinity;
      status[i] = E2SFCA_STATUS.no_supply;
    } else {
      peoplePerFte[i] = 1 / a;
    }
  }
  return { accessibility, peoplePerFte, status, siteRatio, idleSites };
}

/** peoplePerFte as number | null (null for no demand), for display. */
export const peoplePerFteAt = (r: E2sfcaResult, i: number): number | null =>
  Number.isNaN(r.peoplePerFte[i]) ? null : r.peoplePerFte[i];

/**
 * The `count` units with the most people per FTE (no supply first, then by ratio, ties
 * by demand), among units with demand.
 */
export function worstUnits(r: E2sfcaResult, demand: ArrayLike<number>, count = 10): number[] {
  const idx: number[] = [];
  for (let i = 0; i < r.peoplePerFte.length; i++) if (r.status[i] !== E2SFCA_STATUS.no_demand) idx.push(i);
  idx.sort((a, b) => {
    const x = r.peoplePerFte[a];
    const y = r.peoplePerFte[b];
    if (x !== y) return x === Infinity ? -1 : y === Infinity ? 1 : y - x;
    return demand[b] - demand[a];
  });
  return idx.slice(0, count);
}

/** Minutes to the nearest site per unit (optionally among `keep` sites); Infinity if none. */
export function nearestMinutes(matrix: SparseTravelTimes, keep?: (site: number) => boolean): Float64Array {
  const out = new Float64Array(matrix.nUnits).fill(Infinity);
  for (let i = 0; i < matrix.nUnits; i++) {
    for (let k = matrix.offsets[i]; k < matrix.offsets[i + 1]; k++) {
      if (keep && !keep(matrix.sites[k])) continue;
      if (matrix.minutes[k] < out[i]) out[i] = matrix.minutes[k];
    }
  }
  return out;
}
