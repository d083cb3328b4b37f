/** Shared input types of the planning module (struct-of-arrays for the large inputs). */
import type { Minutes } from '../units.ts';

/**
 * Demand units (communes or grid cells), struct of arrays so a worker can transfer them.
 * `node` is the snapped graph node (-1 = not snapped: never reached), `legMinutes` the access leg
 * from the unit to that node (see routing/snap.ts).
 */
export interface Demand {
  node: Int32Array;
  legMinutes: Float64Array;
  population: Float64Array;
  /** Population aged 75 and over. */
  pop75: Float64Array;
  /** People needing help (diagnosis/need.ts `estimateNeed(...).needing`). */
  need: Float64Array;
  /** Objective weight of each unit; default = `need` (need-weighted population). */
  weight?: Float64Array;
}

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
  /** Snapped graph node (-1 = not snapped: never selected). */
  node: number;
  /** Access leg from the node to the site, minutes (default 0). */
  legMinutes?: number;
}

/** A site already in place (fixed) for the optimiser. */
export interface FixedSite {
  id: string;
  name?: string;
  node: number;
  legMinutes?: number;
}

export type { Minutes };
