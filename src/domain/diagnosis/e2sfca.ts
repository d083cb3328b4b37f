/**
 * Enhanced two-step floating catchment area (E2SFCA) of Luo & Qi (2009), the family of the DREES
 * "accessibilité potentielle localisée" (APL) indicator; the default weights and 30-min reach are
 * Luo & Qi's, the APL's are an option (DECAY_PRESETS).
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
 *   its accessibility A_i is still computed;
 * - a unit whose demand is unknown (NaN, or quality UNKNOWN) is not counted as 0: every site
 *   it reaches (W > 0) has an unknown denominator, so R_j = NaN (listed in `unknownSites`)
 *   and every unit reaching such a site gets status 'unknown_demand' (peoplePerFte NaN);
 * - a unit whose demand is an estimate (quality ESTIMATED), or that reaches a site whose
 *   catchment holds an estimated demand, is flagged in `estimated`.
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

/** The step decay of the E2SFCA, as one parameter object. */
export interface DecayParams {
  /** Bands in increasing `upTo`; beyond the last one the weight is 0. */
  bands: readonly DecayBand[];
  /**
   * A time within this many minutes above a band's upper edge still counts in that band.
   * Travel times are stored as float32 (about 7 significant digits: 10.0000001 is stored as
   * exactly 10), so a strict `t <= upTo` would put a time just past an edge in a different
   * band depending on whether it went through a Float32Array. With a tolerance far above the
   * float32 step (≈ 2·10⁻⁶ min at 30 min) and far below any meaningful time (10⁻⁴ min = 6 ms),
   * float64 and float32 copies of the same time always get the same weight.
   */
  edgeToleranceMinutes: number;
  /** Where the weights come from (French, shown in the method text). */
  source: string;
  /** Short French name of the bands, as in the settings' select ("Luo et Qi (2009)"). */
  name?: string;
}

/**
 * Luo W., Qi Y. (2009), « An enhanced two-step floating catchment area (E2SFCA) method for
 * measuring spatial accessibility to primary care physicians », Health & Place 15(4),
 * 1100–1107: three travel-time zones 0–10, 10–20, 20–30 min weighted 1, 0.68 and 0.22
 * (Gaussian weights). Read in pysal/access, access/access.py, `enhanced_two_stage_fca`:
 * "the weight function from the original paper, weights.step_fn({10 : 1, 20 : 0.68,
 * 30 : 0.22})". The 30-minute reach is also the national target of a France Services
 * within 30 minutes. Used by default.
 */
export const LUO_QI_2009_DECAY: Readonly<DecayParams> = Object.freeze({
  bands: Object.freeze([
    { upTo: minutes(10), weight: 1 },
    { upTo: minutes(20), weight: 0.68 },
    { upTo: minutes(30), weight: 0.22 },
  ]),
  edgeToleranceMinutes: 1e-4,
  source: 'Luo W. et Qi Y. (2009), « An enhanced two-step floating catchment area (E2SFCA) method for measuring spatial accessibility to primary care physicians », Health & Place 15(4) : pondérations 1 ; 0,68 ; 0,22 pour 0–10, 10–20 et 20–30 min (valeurs lues dans la bibliothèque pysal/access, fonction enhanced_two_stage_fca, « the weight function from the original paper »)',
  name: 'Luo et Qi (2009)',
});

/**
 * The first DREES/Irdes APL for general practitioners (Barlet, Coldefy, Collin, Lucas-Gabrielli,
 * 2012, DREES Études et résultats n° 795 and Irdes DT n° 51): accessibility 1 under 5 min, reduced
 * by 70 % from 5 to 10 min and by 90 % from 10 to 15 min, none beyond 15 min. Read in a summary of
 * that method (Mines ParisTech, « Accessibilité potentielle localisée », controverses promo 14,
 * controverses.mines-paristech.fr), not in the DREES text itself: the search tool holds only the
 * first page of ER n° 795 and of DT n° 124 / Irdes DT n° 51. The DREES page on the APL
 * (drees.solidarites-sante.gouv.fr, « L’indicateur d’accessibilité potentielle localisée (APL) »)
 * says the distance thresholds are given in those 2012 publications and that the method was
 * recast in 2015; the 2015 bands were not found in any text read, so they are not offered.
 * An alternative, not the default: its 15-minute reach suits a doctor's practice more than a
 * France Services.
 */
export const APL_DREES_2012_DECAY: Readonly<DecayParams> = Object.freeze({
  bands: Object.freeze([
    { upTo: minutes(5), weight: 1 },
    { upTo: minutes(10), weight: 0.3 },
    { upTo: minutes(15), weight: 0.1 },
  ]),
  edgeToleranceMinutes: 1e-4,
  source: 'APL de la DREES et de l’Irdes pour les médecins généralistes (Barlet, Coldefy, Collin, Lucas-Gabrielli, 2012, DREES Études et résultats n° 795 et Irdes DT n° 51) : 1 ; 0,3 ; 0,1 pour 0–5, 5–10 et 10–15 min, lues dans un résumé de la méthode (Mines ParisTech, « Accessibilité potentielle localisée », controverses promo 14), non dans le texte de la DREES ; la méthode refondue en 2015 n’est pas reprise ici',
  name: 'APL DREES/Irdes (2012)',
});

export const DEFAULT_DECAY: Readonly<DecayParams> = LUO_QI_2009_DECAY;

/** The decay bands the settings offer, by the id kept in the settings and the share link. */
export const DECAY_PRESET_IDS = ['luo_qi_2009', 'apl_drees_2012'] as const;
export type DecayPreset = (typeof DECAY_PRESET_IDS)[number];
export const DEFAULT_DECAY_PRESET: DecayPreset = 'luo_qi_2009';
export const DECAY_PRESETS: Readonly<Record<DecayPreset, Readonly<DecayParams>>> = Object.freeze({
  luo_qi_2009: LUO_QI_2009_DECAY,
  apl_drees_2012: APL_DREES_2012_DECAY,
});
export const isDecayPreset = (v: unknown): v is DecayPreset => (DECAY_PRESET_IDS as readonly unknown[]).includes(v);

const decimal = (v: number) => String(v).replace('.', ',');

/** "Luo et Qi (2009) : 1 / 0,68 / 0,22 (0–10, 10–20, 20–30 min)", from the bands themselves. */
export function decayLabel(decay: DecayParams): string {
  let prev = 0;
  const edges = decay.bands.map((b) => {
    const s = `${prev}–${b.upTo}`;
    prev = b.upTo;
    return s;
  });
  return `${decay.name ?? 'Tranches'} : ${decay.bands.map((b) => decimal(b.weight)).join(' / ')} (${edges.join(', ')} min)`;
}

/** Weight of a travel time; a band covers (previous upTo, upTo + tolerance]. */
export function decayWeight(t: number, decay: DecayParams = DEFAULT_DECAY): number {
  for (const b of decay.bands) if (t <= b.upTo + decay.edgeToleranceMinutes) return b.weight;
  return 0;
}

/** The longest time with a positive weight, tolerance included (the catchment radius). */
export function decayReach(decay: DecayParams = DEFAULT_DECAY): number {
  let reach = 0;
  for (const b of decay.bands) if (b.weight > 0) reach = Math.max(reach, b.upTo);
  return reach + decay.edgeToleranceMinutes;
}

export interface SupplySite {
  kind: HelpKind;
  /** Weekly opening hours (France Services); null = unknown. */
  hoursPerWeek?: number | null;
  /**
   * Agents on site (France Services); null = unknown. No file format read today gives it (the
   * ANCT liste-fs CSV and the 2020 GeoJSON have no agents or FTE column), so the default applies.
   */
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

/** Which defaults `siteSupplyFte` used for a site (said per site in the UI and the exports). */
export function supplyDefaultsUsed(site: SupplySite): { agents: boolean; hours: boolean } {
  const fs = site.kind === 'france_services';
  return { agents: fs && (site.agents === null || site.agents === undefined), hours: fs && (site.hoursPerWeek === null || site.hoursPerWeek === undefined) };
}

/**
 * One supply per place when a place is listed several times (a France Services also listed as a
 * lieu de médiation, see domain/dedup.ts): `duplicateOf[j]` is the index of the listing kept
 * for the place of site j (null when j is kept or alone). The kept listing gets the highest
 * supply of the place's listings, the others 0, so the place counts once. A `duplicateOf`
 * pointing at a listing that is itself a duplicate or out of range is a caller bug: throws.
 */
export function placeSupply(fte: ArrayLike<number>, duplicateOf: ArrayLike<number | null>): Float64Array {
  if (fte.length !== duplicateOf.length) throw new RangeError('fte and duplicateOf must have the same length');
  const out = Float64Array.from(fte as ArrayLike<number>);
  for (let j = 0; j < out.length; j++) {
    const k = duplicateOf[j];
    if (k === null) continue;
    if (!(k >= 0 && k < out.length) || duplicateOf[k] !== null) throw new RangeError(`site ${j}: duplicateOf must point at a kept listing`);
    out[k] = Math.max(out[k], fte[k], fte[j]);
    out[j] = 0;
  }
  return out;
}

export const E2SFCA_STATUS = { ok: 0, no_supply: 1, no_demand: 2, unknown_demand: 3 } as const;

/** How a unit's demand is known. */
export const DEMAND_QUALITY = { known: 0, estimated: 1, unknown: 2 } as const;

export interface E2sfcaResult {
  /** A_i, FTE per person needing help; NaN when a site in reach has an unknown demand. */
  accessibility: Float64Array;
  /** 1 / A_i; Infinity when no supply is reachable, NaN (null) when demand is 0 or unknown in reach. */
  peoplePerFte: Float64Array;
  /** E2SFCA_STATUS per unit. */
  status: Uint8Array;
  /** 1 when the unit's figure rests on an estimated demand (its own, or in a catchment it reaches). */
  estimated: Uint8Array;
  /** R_j, FTE per weighted person in the site's catchment; NaN when that catchment holds an unknown demand. */
  siteRatio: Float64Array;
  /** Sites with no demand in their catchment. */
  idleSites: number[];
  /** Sites whose catchment holds a unit of unknown demand (excluded from the indicator). */
  unknownSites: number[];
}

/**
 * `demand[i]` NaN is read as unknown; `quality` (DEMAND_QUALITY per unit, optional) marks
 * estimated and unknown demands explicitly.
 */
export function computeE2sfca(
  matrix: SparseTravelTimes,
  demand: ArrayLike<number>,
  supply: ArrayLike<number>,
  decay: DecayParams = DEFAULT_DECAY,
  quality?: ArrayLike<number>,
): E2sfcaResult {
  const { nUnits, nSites, offsets, sites, minutes: times } = matrix;
  if (demand.length !== nUnits) throw new RangeError('demand length must equal matrix.nUnits');
  if (supply.length !== nSites) throw new RangeError('supply length must equal matrix.nSites');
  if (quality && quality.length !== nUnits) throw new RangeError('quality length must equal matrix.nUnits');
  const w = new Float32Array(times.length);
  for (let k = 0; k < times.length; k++) w[k] = decayWeight(times[k], decay);
  const q = (i: number) => (Number.isNaN(demand[i]) ? DEMAND_QUALITY.unknown : (quality?.[i] ?? DEMAND_QUALITY.known));

  const weightedDemand = new Float64Array(nSites);
  /** Worst demand quality in each site's catchment. */
  const siteQuality = new Uint8Array(nSites);
  for (let i = 0; i < nUnits; i++) {
    const qi = q(i);
    const d = demand[i];
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      if (w[k] === 0) continue;
      if (qi > siteQuality[sites[k]] && (qi === DEMAND_QUALITY.unknown || d > 0)) siteQuality[sites[k]] = qi;
      if (qi !== DEMAND_QUALITY.unknown && d > 0) weightedDemand[sites[k]] += d * w[k];
    }
  }
  const siteRatio = new Float64Array(nSites);
  const idleSites: number[] = [];
  const unknownSites: number[] = [];
  for (let j = 0; j < nSites; j++) {
    if (siteQuality[j] === DEMAND_QUALITY.unknown) {
      siteRatio[j] = NaN;
      unknownSites.push(j);
    } else if (weightedDemand[j] > 0) siteRatio[j] = supply[j] / weightedDemand[j];
    else idleSites.push(j);
  }

  const accessibility = new Float64Array(nUnits);
  const peoplePerFte = new Float64Array(nUnits);
  const status = new Uint8Array(nUnits);
  const estimated = new Uint8Array(nUnits);
  for (let i = 0; i < nUnits; i++) {
    let a = 0;
    let worst: number = q(i);
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      if (w[k] === 0) continue;
      worst = Math.max(worst, siteQuality[sites[k]]);
      a += siteRatio[sites[k]] * w[k];
    }
    accessibility[i] = worst === DEMAND_QUALITY.unknown ? NaN : a;
    if (worst === DEMAND_QUALITY.unknown) {
      peoplePerFte[i] = NaN;
      status[i] = E2SFCA_STATUS.unknown_demand;
      continue;
    }
    estimated[i] = worst === DEMAND_QUALITY.estimated ? 1 : 0;
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
  return { accessibility, peoplePerFte, status, estimated, siteRatio, idleSites, unknownSites };
}

/** peoplePerFte as number | null (null for no demand), for display. */
export const peoplePerFteAt = (r: E2sfcaResult, i: number): number | null =>
  Number.isNaN(r.peoplePerFte[i]) ? null : r.peoplePerFte[i];

/**
 * The `count` units with the most people per FTE (no supply first, then by ratio, ties
 * by demand), among units with a known, non-zero demand in reach.
 */
export function worstUnits(r: E2sfcaResult, demand: ArrayLike<number>, count = 10): number[] {
  const idx: number[] = [];
  for (let i = 0; i < r.peoplePerFte.length; i++) {
    if (r.status[i] === E2SFCA_STATUS.ok || r.status[i] === E2SFCA_STATUS.no_supply) idx.push(i);
  }
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
