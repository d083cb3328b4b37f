/** Shared input types of the planning module (struct-of-arrays for the large inputs). */
import type { Minutes } from '../units.ts';

/**
 * Demand units (communes or grid cells), struct of arrays so a worker can transfer them.
 * `node` is the snapped graph node, `legMinutes` the access leg from the unit to that node (see
 * routing/snap.ts). A unit with node -1 is off the road graph (or there is no graph): with
 * `lon`/`lat` it gets the straight-line estimate (routing/fallback.ts), flagged; without them it
 * is never reached (Infinity).
 *
 * Missing values: `population`, `pop75` and `need` hold NaN where the value is unknown (no INSEE
 * age bands, diagnosis not run yet…), never 0. Sums skip NaN and the results count the units
 * concerned; a figure whose value is unknown for every unit is NaN, not 0.
 */
export interface Demand {
  node: Int32Array;
  legMinutes: Float64Array;
  /** Coordinates (WGS84), for the straight-line estimate of units off the graph. */
  lon?: Float64Array;
  lat?: Float64Array;
  population: Float64Array;
  /** Population aged 75 and over (NaN = unknown). */
  pop75: Float64Array;
  /** People needing help (diagnosis/need.ts `estimateNeed(...).needing`; NaN = unknown). */
  need: Float64Array;
  /** Explicit objective weight of each unit (NaN = unknown); overrides the `weight` choice. */
  weight?: Float64Array;
}

/** Which demand figure weighs a unit in the optimiser. */
export type WeightChoice = 'need' | 'pop75' | 'population';

export const WEIGHT_LABELS: Record<WeightChoice, string> = {
  need: "Personnes ayant besoin d'aide (estimation)",
  pop75: 'Personnes de 75 ans ou plus',
  population: 'Population',
};

/** Where a candidate site comes from. */
export type CandidateOrigin = 'chef_lieu' | 'mediatheque' | 'point_numerique' | 'clic' | 'autre';

export const CANDIDATE_ORIGIN_LABELS: Record<CandidateOrigin, string> = {
  chef_lieu: 'Centre de commune',
  mediatheque: 'Médiathèque à renforcer',
  point_numerique: 'Point numérique à renforcer',
  clic: 'Site choisi sur la carte',
  autre: 'Autre',
};

export interface Candidate {
  id: string;
  origin: CandidateOrigin;
  /** INSEE code of the commune. */
  commune: string;
  communeName?: string;
  /** Snapped graph node (-1 = off the graph: straight-line estimate from lon/lat, else never selected). */
  node: number;
  /** Access leg from the node to the site, minutes (default 0). */
  legMinutes?: number;
  lon?: number;
  lat?: number;
}

/** A site already in place (fixed) for the optimiser. */
export interface FixedSite {
  id: string;
  name?: string;
  /** Snapped graph node (-1 = off the graph: straight-line estimate from lon/lat, else ignored). */
  node: number;
  legMinutes?: number;
  lon?: number;
  lat?: number;
}

export type { Minutes };
