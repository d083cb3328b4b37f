/**
 * What the network indicators of the fragility index actually measure, in French. The data
 * layer picks, per commune, the best input it has (data/queries/diagnosis.ts) and says which
 * one (`FibreBasis`, `MobileBasis`); the labels, the sources and the method text are read from
 * that choice, so that a proxy is never called a measure:
 * - fibre: premises that cannot be connected to fibre (FttH) when a file gives them, else
 *   premises below 30 Mbit/s, all technologies (copper, cable, radio, fibre);
 * - 4G: ARCEP's per-commune coverage statistics (share of the population not covered, averaged
 *   over the operators) when loaded, else the share of operators with no 4G site within 5 km
 *   (domain/coverage.ts), over the inhabited 1 km cells or at the commune centre.
 */
export type FibreBasis = 'ftth' | 'thd30';
export type MobileBasis = 'coverage' | 'sitesGrid' | 'sitesCentre';

/** Communes per input actually used; an empty record when nothing is known (before a run). */
export interface IndicatorBases {
  noFibre: Partial<Record<FibreBasis, number>>;
  no4g: Partial<Record<MobileBasis, number>>;
}

export const NO_BASES: Readonly<IndicatorBases> = Object.freeze({ noFibre: {}, no4g: {} });

const FIBRE_LABEL: Readonly<Record<FibreBasis, string>> = Object.freeze({
  ftth: 'Part des locaux non raccordables à la fibre (FttH)',
  thd30: 'Part des locaux non éligibles à 30 Mbit/s ou plus (toutes technologies)',
});

/** `radiusKm`: the radius of the site proxy (5 km by default). */
const mobileLabel = (basis: MobileBasis, radiusKm: number) =>
  basis === 'coverage'
    ? 'Part de la population non couverte en 4G (moyenne des opérateurs)'
    : `Part des opérateurs sans antenne 4G à moins de ${radiusKm} km (approximation de la couverture)`;

const FIBRE_SOURCE: Readonly<Record<FibreBasis, string>> = Object.freeze({
  ftth: 'Ma connexion internet, locaux raccordables à la fibre (FttH) par commune',
  thd30: 'Ma connexion internet, locaux éligibles à 30 Mbit/s ou plus par commune (toutes technologies)',
});

const MOBILE_SOURCE: Readonly<Record<MobileBasis, string>> = Object.freeze({
  coverage: 'Mon réseau mobile, statistiques de couverture 4G par commune et par opérateur',
  sitesGrid: 'Liste des sites mobiles 4G (antennes), distance aux carreaux habités de 1 km',
  sitesCentre: 'Liste des sites mobiles 4G (antennes), distance au centre de la commune',
});

/** Bases present, most communes first (ties in a fixed order). */
function used<K extends string>(counts: Partial<Record<K, number>>, order: readonly K[]): K[] {
  return order.filter((k) => (counts[k] ?? 0) > 0).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0));
}

const FIBRE_ORDER: readonly FibreBasis[] = ['ftth', 'thd30'];
const MOBILE_ORDER: readonly MobileBasis[] = ['coverage', 'sitesGrid', 'sitesCentre'];

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const communes = (n: number) => `${n.toLocaleString('fr-FR')} commune${n > 1 ? 's' : ''}`;

/**
 * The fixed-network indicator's label: what was computed when one input was used everywhere,
 * both phrases with their communes when mixed (no semicolon: the label sits in lists that use
 * them), and the rule when nothing is known yet.
 */
export function fibreLabel(counts: IndicatorBases['noFibre'] = {}): string {
  const bases = used(counts, FIBRE_ORDER);
  if (bases.length === 1) return FIBRE_LABEL[bases[0]];
  if (bases.length === 0) return 'Part des locaux non raccordables à la fibre (FttH) ou, à défaut de ce fichier, non éligibles à 30 Mbit/s ou plus';
  return bases.map((b, i) => `${i === 0 ? FIBRE_LABEL[b] : lowerFirst(FIBRE_LABEL[b])} pour ${communes(counts[b]!)}`).join(', ');
}

/** The 4G indicator's label, read the same way; the site proxy is always called an approximation. */
export function mobileLabelOf(counts: IndicatorBases['no4g'] = {}, radiusKm = 5): string {
  const bases = used(counts, MOBILE_ORDER);
  const proxy = bases.every((b) => b !== 'coverage');
  if (bases.length === 1 || (bases.length === 2 && proxy)) return mobileLabel(bases[0], radiusKm);
  if (bases.length === 0) {
    return `Part de la population non couverte en 4G ou, à défaut de ces statistiques, part des opérateurs sans antenne 4G à moins de ${radiusKm} km (approximation)`;
  }
  const coverage = counts.coverage ?? 0;
  const sites = (counts.sitesGrid ?? 0) + (counts.sitesCentre ?? 0);
  return `${mobileLabel('coverage', radiusKm)} pour ${communes(coverage)}, ${lowerFirst(mobileLabel('sitesGrid', radiusKm))} pour ${communes(sites)}`;
}

/** The sources of each indicator as used (one line per input). */
export const fibreSources = (counts: IndicatorBases['noFibre'] = {}): string[] =>
  (used(counts, FIBRE_ORDER).length ? used(counts, FIBRE_ORDER) : FIBRE_ORDER).map((b) => FIBRE_SOURCE[b]);

export const mobileSources = (counts: IndicatorBases['no4g'] = {}): string[] =>
  used(counts, MOBILE_ORDER).length
    ? used(counts, MOBILE_ORDER).map((b) => MOBILE_SOURCE[b])
    : [MOBILE_SOURCE.coverage, 'Liste des sites mobiles 4G (antennes), à défaut des statistiques de couverture'];

/** True when some communes' 4G figure is the antenna proxy (or when nothing is known yet). */
export const usesMobileProxy = (counts: IndicatorBases['no4g'] = {}): boolean =>
  used(counts, MOBILE_ORDER).length === 0 || (counts.sitesGrid ?? 0) + (counts.sitesCentre ?? 0) > 0;

const FIBRE_SHORT: Readonly<Record<FibreBasis, string>> = Object.freeze({
  ftth: 'locaux non raccordables à la fibre (FttH)',
  thd30: 'locaux non éligibles à 30 Mbit/s ou plus',
});

/**
 * The note printed under a map showing the index: what its network indicators measured, in one
 * short sentence (it shares the side column of the printed sheet with the legend and the
 * sources; with one input each, it takes as many lines on the A4 sheet as the 4G note it replaced).
 */
export function networkNote(bases: IndicatorBases, radiusKm = 5): string {
  const fibre = used(bases.noFibre, FIBRE_ORDER);
  const mobile = used(bases.no4g, MOBILE_ORDER);
  const fixed = fibre.length === 1 ? FIBRE_SHORT[fibre[0]] : `${FIBRE_SHORT.ftth} ou, à défaut, ${FIBRE_SHORT.thd30.replace(/^locaux /, '')}`;
  const proxy = `opérateurs sans antenne à moins de ${radiusKm} km (approximation)`;
  const g4 = !usesMobileProxy(bases.no4g) ? 'population non couverte (Arcep)'
    : mobile.length > 0 && (bases.no4g.coverage ?? 0) === 0 ? proxy
    : `population non couverte ou, à défaut, ${proxy}`;
  return `Fragilité : fixe = ${fixed} ; 4G = ${g4}.`;
}
