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
  /** Who produced the figure, when not read as such from an Insee publication (French). */
  producer?: string;
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
  'Insee Première n° 1953 (juin 2023), « 15 % de la population est en situation d’illectronisme en 2021 », S. Legleye, A. Rolland ; enquête TIC ménages 2021, personnes de 15 ans ou plus vivant en logement ordinaire (https://www.insee.fr/fr/statistiques/7633654)';
const SRC_45_59 =
  'Déduit par Maillage (taux non publié) : taux d’ensemble 15,4 % et taux publiés par âge de l’Insee Première n° 1953, population de 15 ans ou plus par âge du recensement 2021, France entière (Insee, RP2021, tableau POP3, https://www.insee.fr/fr/statistiques/8200791?geo=FE-1&sommaire=8200811)';

/**
 * The 45–59 rate. Insee Première n° 1953 publishes 2 % (15–24), 4 % (25–39), 24 % (60–74),
 * 62 % (75+) and 15.4 % overall, but no figure for the 40–59 band in its text (searched: the
 * page https://www.insee.fr/fr/statistiques/7633654 and the press reports quoting it; the 9 %
 * used before came from a press figure of uncertain vintage). It is derived openly from the
 * published figures: the people in illectronisme (15.4 % of the 15+) minus those of the four
 * published bands, divided by the 40–59 population. Populations: RP2021, France entière, POP3
 * (15–19 4 164 063; 20–24 3 819 841; 25–39 12 108 410; 40–54 13 104 453; 55–64 8 538 467;
 * 65–79 9 722 536; 80+ 4 101 248), 55–64 split evenly between 55–59 and 60–64, 65–79 split
 * 2/3 (65–74) and 1/3 (75–79) by years of age. Result ≈ 4.49 %, kept as 4.5 %; the rounding of
 * the published rates (± 0.5 point) and the census counting care homes (the survey does not)
 * make it an order of magnitude, about 4 to 6 %. Applied to 45–59, the older part of the band,
 * it is probably a little low.
 */
const RATE_45_59 = 0.045;

export const INSEE_RATES_2021: Readonly<NeedRates> = Object.freeze({
  scheme: 'insee',
  olderBands: ['P_POP7589', 'P_POP90P'],
  olderBasis: '75+',
  bands: [
    { band: 'P_POP0014', label: '0–14 ans', rate: 0, source: SRC_1953, caveat: 'Hors champ de l’enquête (15 ans ou plus) : compté 0.' },
    { band: 'P_POP1529', label: '15–29 ans', rate: 0.03, source: SRC_1953, caveat: 'Entre 15–24 ans (2 %) et 25–39 ans (4 %) : arrondi à 3 %.' },
    { band: 'P_POP3044', label: '30–44 ans', rate: 0.04, source: SRC_1953, caveat: 'Taux des 25–39 ans (4 %) appliqué aux 30–44 ans.' },
    { band: 'P_POP4559', label: '45–59 ans', rate: RATE_45_59, source: SRC_45_59, producer: 'Calcul Maillage, d’après l’Insee', caveat: 'Taux non publié pour les 40–59 ans : déduit du taux d’ensemble (15,4 %) et des quatre taux publiés, avec la population par âge du recensement 2021 (≈ 4,5 %, ordre de grandeur de 4 à 6 %) ; sans doute un peu faible pour les 45–59 ans.' },
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
 * The project's assumption, not a published breakdown. Les Bons Clics (after WeTechCare, on the
 * Capacity survey and the 2017 Baromètre du numérique) give orders of magnitude for the whole
 * French population: 7 % excluded (to assist), 19 % distant (to train), 14 % almost autonomous
 * (occasional help), i.e. 40 % in all. Maillage rescales these shares of a broader group onto
 * the people in illectronisme (about 15 %): 7/40, 19/40, 14/40. No source publishes this split
 * for the people in illectronisme.
 */
export const DEFAULT_HELP_SPLIT: Readonly<HelpSplit> = Object.freeze({
  assisted: 7 / 40,
  trained: 19 / 40,
  occasional: 14 / 40,
  source:
    'Hypothèse de Maillage, non publiée : les ordres de grandeur cités par Les Bons Clics pour l’ensemble des Français (WeTechCare, d’après l’enquête Capacity de M@rsouin et le Baromètre du numérique 2017 : 7 % à assister, 19 % à former, 14 % à aider ponctuellement, soit 40 %) rapportés à 40 % et appliqués aux personnes en situation d’illectronisme (environ 15 %), un groupe plus restreint',
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
