/**
 * Estimated number of people needing help with digital tools: population by age band ×
 * age-specific illectronisme rate, then split into people to be assisted, trained, or
 * given occasional help. Every figure is an estimation: keep full precision for sums,
 * round only for display (`roundEstimate`, `formatEstimate`).
 */

export interface AgeBandRate {
  /** Column name of the input (INSEE or Filosofi). */
  band: string;
  /** French label, e.g. "15–29 ans". */
  label: string;
  /** Share of the band in illectronisme, in [0, 1]. Editable. */
  rate: number;
  /** French citation shown next to the rate. */
  source: string;
  /** Set when the rate is not a figure read directly from the source (French). */
  caveat?: string;
}

export type OlderBasis = '75+' | '80+';

export interface NeedRates {
  scheme: 'insee' | 'filosofi';
  bands: AgeBandRate[];
  /** Bands summed into "older people" (75+ for INSEE, 80+ for Filosofi). */
  olderBands: string[];
  olderBasis: OlderBasis;
}

/** Shares of the people needing help (sum to 1). */
export interface HelpSplit {
  assisted: number;
  trained: number;
  occasional: number;
  source: string;
}

const SRC_1953 =
  'Insee Première n° 1953 (juin 2023), « 15 % de la population est en situation d’illectronisme en 2021 », S. Legleye, A. Rolland ; enquête TIC ménages 2021';
const SRC_PRESS_AGE =
  'taux par âge relayé par la presse à partir des publications Insee (45–59 ans : 9 %) — chiffre non vérifié dans la publication elle-même, probablement de millésime 2019 (Insee Première n° 1780)';

/**
 * Default rates by INSEE census band. Figures read from Insee Première n° 1953 (2021 data):
 * 15–24 ans 2 %, 25–39 ans 4 %, 60–74 ans 24 %, 75 ans ou plus 62 %, ensemble 15,4 %.
 * The publication's bands do not match the census bands, so some rates are mapped or
 * approximated; each such case carries a caveat. Children (0–14) are outside the survey
 * field (15 ans ou plus) and count as 0.
 */
export const INSEE_RATES_2021: Readonly<NeedRates> = Object.freeze({
  scheme: 'insee',
  olderBands: ['P_POP7589', 'P_POP90P'],
  olderBasis: '75+',
  bands: [
    { band: 'P_POP0014', label: '0–14 ans', rate: 0, source: SRC_1953, caveat: 'Hors champ de l’enquête (15 ans ou plus) : compté 0.' },
    { band: 'P_POP1529', label: '15–29 ans', rate: 0.03, source: SRC_1953, caveat: 'Entre 15–24 ans (2 %) et 25–39 ans (4 %) : arrondi à 3 %.' },
    { band: 'P_POP3044', label: '30–44 ans', rate: 0.04, source: SRC_1953, caveat: 'Taux des 25–39 ans (4 %) appliqué aux 30–44 ans.' },
    { band: 'P_POP4559', label: '45–59 ans', rate: 0.09, source: SRC_PRESS_AGE, caveat: 'Taux 2021 pour cette tranche non retrouvé : valeur à vérifier.' },
    { band: 'P_POP6074', label: '60–74 ans', rate: 0.24, source: SRC_1953 },
    { band: 'P_POP7589', label: '75–89 ans', rate: 0.62, source: SRC_1953, caveat: 'Taux des 75 ans ou plus.' },
    { band: 'P_POP90P', label: '90 ans ou plus', rate: 0.62, source: SRC_1953, caveat: 'Taux des 75 ans ou plus, sans doute sous-estimé pour les 90 ans ou plus.' },
  ],
});

/**
 * Default rates for Filosofi grid cells (bands Ind, Ind_65_79, Ind_80p). Derived from the
 * INSEE rates above weighted by the national age pyramid (approximate, about 2021):
 * under 65 ≈ 5 % (children at 0), 65–79 ≈ 33 % (65–74 at 24 %, 75–79 at 62 %),
 * 80+ = 62 % (75+ rate, likely an underestimate).
 */
export const FILOSOFI_RATES_2021: Readonly<NeedRates> = Object.freeze({
  scheme: 'filosofi',
  olderBands: ['Ind_80p'],
  olderBasis: '80+',
  bands: [
    { band: 'Ind_0_64', label: 'moins de 65 ans', rate: 0.05, source: SRC_1953, caveat: 'Moyenne des taux par âge pondérée par la pyramide des âges nationale (ordre de grandeur).' },
    { band: 'Ind_65_79', label: '65–79 ans', rate: 0.33, source: SRC_1953, caveat: '65–74 ans à 24 % et 75–79 ans à 62 %, pondérés par la pyramide des âges nationale.' },
    { band: 'Ind_80p', label: '80 ans ou plus', rate: 0.62, source: SRC_1953, caveat: 'Taux des 75 ans ou plus, sans doute sous-estimé pour les 80 ans ou plus.' },
  ],
});

/**
 * Rough split from the background reading (Les Bons Clics, after WeTechCare on the
 * Capacity survey and the 2017 Baromètre du numérique): 7 % of the French are excluded
 * (to assist), 19 % are distant (to train), 14 % almost autonomous (occasional help),
 * i.e. 40 % in all. Applied as proportions of the estimate: 7/40, 19/40, 14/40.
 */
export const DEFAULT_HELP_SPLIT: Readonly<HelpSplit> = Object.freeze({
  assisted: 7 / 40,
  trained: 19 / 40,
  occasional: 14 / 40,
  source:
    'Ordres de grandeur cités par Les Bons Clics (WeTechCare, d’après l’enquête Capacity de M@rsouin et le Baromètre du numérique 2017) : 7 % à assister, 19 % à former, 14 % à aider ponctuellement, rapportés à 40 %',
});

/** Population by band; null marks a withheld or unavailable figure. */
export type BandPopulation = Record<string, number | null>;

export interface NeedEstimate {
  kind: 'estimation';
  population: number | null;
  /** People needing help; null if a band with a non-zero rate is missing. */
  needing: number | null;
  assisted: number | null;
  trained: number | null;
  occasional: number | null;
  older: number | null;
  olderBasis: OlderBasis;
  missingBands: string[];
}

export interface InseeAgeRow {
  P_POP0014: number | null;
  P_POP1529: number | null;
  P_POP3044: number | null;
  P_POP4559: number | null;
  P_POP6074: number | null;
  P_POP7589: number | null;
  P_POP90P: number | null;
}

export const fromInseeAges = (row: InseeAgeRow): BandPopulation => ({ ...row });

export interface FilosofiAgeRow {
  Ind: number | null;
  Ind_65_79: number | null;
  Ind_80p: number | null;
}

/** Filosofi cell → bands; Ind_0_64 = Ind − Ind_65_79 − Ind_80p (≥ 0: Filosofi counts are imputed). */
export function fromFilosofi(row: FilosofiAgeRow): BandPopulation {
  const { Ind, Ind_65_79, Ind_80p } = row;
  const under = Ind === null || Ind_65_79 === null || Ind_80p === null ? null : Math.max(0, Ind - Ind_65_79 - Ind_80p);
  return { Ind_0_64: under, Ind_65_79, Ind_80p };
}

export function estimateNeed(
  pop: BandPopulation,
  rates: NeedRates = INSEE_RATES_2021,
  split: HelpSplit = DEFAULT_HELP_SPLIT,
): NeedEstimate {
  let population = 0;
  let needing = 0;
  const missingBands: string[] = [];
  let blocking = false;
  for (const b of rates.bands) {
    const n = pop[b.band];
    if (n === null || n === undefined || !Number.isFinite(n)) {
      missingBands.push(b.band);
      if (b.rate > 0) blocking = true;
      continue;
    }
    population += n;
    needing += n * b.rate;
  }
  let older: number | null = 0;
  for (const band of rates.olderBands) {
    const n = pop[band];
    if (n === null || n === undefined || !Number.isFinite(n)) older = null;
    else if (older !== null) older += n;
  }
  const total = blocking ? null : needing;
  return {
    kind: 'estimation',
    population: missingBands.length ? null : population,
    needing: total,
    assisted: total === null ? null : total * split.assisted,
    trained: total === null ? null : total * split.trained,
    occasional: total === null ? null : total * split.occasional,
    older,
    olderBasis: rates.olderBasis,
    missingBands,
  };
}

/** Round an estimate for display: to `step` (default 10), never below step unless 0. */
export function roundEstimate(value: number, step = 10): number {
  return Math.round(value / step) * step;
}

/** "≈ 1 230 (estimation)"; "non disponible" for null. */
export function formatEstimate(value: number | null, step = 10): string {
  if (value === null || !Number.isFinite(value)) return 'non disponible';
  const r = roundEstimate(value, step);
  const text = r === 0 && value > 0 ? `moins de ${step / 2}` : r.toLocaleString('fr-FR');
  return `≈ ${text} (estimation)`;
}
