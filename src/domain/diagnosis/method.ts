/**
 * French method texts for the "Méthode" panel, built from the parameters actually in
 * use so that the text never disagrees with the figures. Vintages (millésimes) are
 * placeholders until the data layer fills them in.
 */
import type { DecayParams, SupplyParams } from './e2sfca.ts';
import { DEFAULT_DECAY, DEFAULT_SUPPLY } from './e2sfca.ts';
import type { ElderlyBasis, FragilityParams, IndicatorKey } from './fragility.ts';
import { DEFAULT_FRAGILITY_PARAMS, FRAGILITY_INDICATORS } from './fragility.ts';
import {
  fibreLabel, fibreSources, mobileLabelOf, mobileSources, NO_BASES, usesMobileProxy, type IndicatorBases,
} from './indicator_labels.ts';
import { DEFAULT_4G_RADIUS_M } from '../coverage.ts';
import type { HelpSplit, NeedRates } from './need.ts';
import { DEFAULT_HELP_SPLIT, INSEE_RATES_2021 } from './need.ts';
import type { UnderservedParams } from './underserved.ts';
import { DEFAULT_THRESHOLDS, DEFAULT_UNDERSERVED_PARAMS, ROBUST_THRESHOLDS } from './underserved.ts';

export interface Citation {
  label: string;
  producer: string;
  /** Vintage, or the placeholder "millésime à préciser". */
  vintage: string;
}

export interface MethodSection {
  id: 'fragility' | 'need' | 'underserved' | 'e2sfca';
  title: string;
  paragraphs: string[];
  sources: Citation[];
}

const VINTAGE_PLACEHOLDER = 'millésime à préciser';

const ELDERLY_LABEL: Readonly<Record<'auto' | ElderlyBasis, string>> = Object.freeze({
  auto: 'Part des personnes âgées (75 ans ou plus si disponible, sinon 65 ans ou plus)',
  '75+': 'Part des personnes âgées de 75 ans ou plus',
  '65+': 'Part des personnes âgées de 65 ans ou plus',
});

/**
 * The indicators' French labels, saying what is actually computed: the network indicators
 * follow the inputs used (indicator_labels.ts), the age indicator the basis chosen.
 */
export function indicatorLabels(bases: IndicatorBases = NO_BASES, elderly: 'auto' | ElderlyBasis = 'auto'): Record<IndicatorKey, string> {
  return {
    noFibre: fibreLabel(bases.noFibre),
    no4g: mobileLabelOf(bases.no4g, DEFAULT_4G_RADIUS_M / 1000),
    elderly: ELDERLY_LABEL[elderly],
    lowDiploma: 'Part des personnes peu ou pas diplômées',
    lowIncome: 'Part de la population à bas revenus (taux de pauvreté)',
  };
}

/** The labels before the inputs are known (the network indicators say their rule and its fallback). */
export const INDICATOR_LABELS: Readonly<Record<IndicatorKey, string>> = Object.freeze(indicatorLabels());

const OTHER_SOURCES: Readonly<Record<'elderly' | 'lowDiploma' | 'lowIncome', Omit<Citation, 'vintage'>>> = Object.freeze({
  elderly: { label: 'Recensement de la population, population par âge', producer: 'Insee' },
  lowDiploma: { label: 'Recensement de la population, diplôme le plus élevé', producer: 'Insee' },
  lowIncome: { label: 'Filosofi, taux de pauvreté', producer: 'Insee' },
});

const pct = (v: number, digits = 0) => `${(v * 100).toLocaleString('fr-FR', { maximumFractionDigits: digits })} %`;
const num = (v: number, digits = 2) => v.toLocaleString('fr-FR', { maximumFractionDigits: digits });

const referenceUnits = (reference: FragilityParams['reference']) =>
  reference === 'group' ? 'des communes chargées du même département' : 'des communes chargées';

/**
 * What the index's scale means, for the legend: relative to the loaded territory (or the
 * département), not to France, and so not comparable with the national portal's figures.
 */
export function fragilityScaleNote(params: Pick<FragilityParams, 'scaling' | 'reference'> = DEFAULT_FRAGILITY_PARAMS): string {
  const among = referenceUnits(params.reference);
  const ten =
    params.scaling === 'decile'
      ? `une note 10 place la commune parmi les 10 % ${among} les plus exposées sur cet indicateur ; un indice de 10, sur tous les indicateurs pondérés`
      : `la note 10 est celle de la commune la plus exposée ${among}, la note 1 celle de la moins exposée`;
  return `Approximation locale : chaque indicateur est noté de 1 à 10 par rapport ${among.replace(/^des /, 'aux ')} (${ten}). L’indice compare les communes entre elles ici ; il n’est pas comparable à l’indice national de fragilité numérique.`;
}

export function fragilityMethod(
  params: FragilityParams = DEFAULT_FRAGILITY_PARAMS,
  vintages: Partial<Record<IndicatorKey, string>> = {},
  bases: IndicatorBases = NO_BASES,
): MethodSection {
  const labels = indicatorLabels(bases, params.elderlyBasis);
  const scaling =
    params.scaling === 'decile'
      ? 'Chaque indicateur est converti en note de 1 à 10 selon le rang de l’unité parmi les unités de référence : note = arrondi supérieur de 10 × F(x), où F(x) est la part des unités de référence ayant une valeur inférieure, les ex æquo comptant pour moitié (F(x) = (nb < x + nb ≤ x) / 2n). La note 10 correspond aux 10 % d’unités de référence les plus exposées, pas aux 10 % les plus exposées de France.'
      : 'Chaque indicateur est converti en note de 1 à 10 par interpolation linéaire entre le minimum (note 1) et le maximum (note 10) observés sur les unités de référence : note = 1 + 9 × (x − min) / (max − min). Si toutes les valeurs sont égales, la note vaut 5,5.';
  const reference =
    params.reference === 'group'
      ? 'Unités de référence : les communes chargées du même département (réglage « Notes de 1 à 10 calculées par rapport à »).'
      : 'Unités de référence : l’ensemble des communes chargées (réglage « Notes de 1 à 10 calculées par rapport à »).';
  const weights = FRAGILITY_INDICATORS.map((k) => `${labels[k]} : poids ${num(params.weights[k])}`);
  const mobileProxy = usesMobileProxy(bases.no4g)
    ? ` Là où les statistiques de couverture de l’Arcep ne sont pas chargées, la 4G est approchée par la part des opérateurs sans antenne 4G à moins de ${num(DEFAULT_4G_RADIUS_M / 1000)} km (du centre de la commune, ou de ses carreaux habités pondérés par leur population) : c’est une approximation, pas une mesure de couverture.`
    : '';
  const fibre =
    (bases.noFibre.thd30 ?? 0) > 0 || Object.keys(bases.noFibre).length === 0
      ? ' Sans le fichier des locaux raccordables à la fibre (FttH), l’indicateur fixe est la part des locaux non éligibles à 30 Mbit/s ou plus, toutes technologies confondues (cuivre, câble, radio, fibre) : ce n’est pas la part des locaux non raccordables à la fibre.'
      : '';
  return {
    id: 'fragility',
    title: 'Indice local de fragilité numérique (approximation)',
    paragraphs: [
      'L’indice reprend les familles d’indicateurs de l’indice national de fragilité numérique : accès au réseau (fixe, 4G), âge, diplôme et revenu. Chaque indicateur est une part de la population, des locaux ou des opérateurs ; plus elle est élevée, plus l’unité est fragile. Les notes sont relatives au territoire chargé : c’est une approximation locale, qui classe les communes entre elles, non un chiffre comparable à ceux du portail national.',
      `Indicateurs calculés : ${FRAGILITY_INDICATORS.map((k) => labels[k]).join(' ; ')}.${fibre}${mobileProxy}`,
      scaling,
      reference,
      `Indice = Σ (poids × note) / Σ poids, calculé sur les indicateurs disponibles. Poids utilisés (1 pour chacun par défaut ; modifiables dans « Paramètres du diagnostic » et transmis par le lien de partage) : ${weights.join(' ; ')}.`,
      fragilityScaleNote(params),
      `Un indicateur manquant n’est jamais remplacé par 0. Il est affiché « secret statistique » quand l’Insee ne le diffuse pas, « non disponible » sinon. Les poids sont alors répartis sur les indicateurs disponibles et l’unité est signalée comme « indice partiel ». En dessous de ${params.minIndicators} indicateurs disponibles, l’indice n’est pas calculé.`,
      'Les pondérations exactes de l’indice national de fragilité numérique ne sont pas publiées : cet indice en est une approximation transparente, non une reproduction.',
    ],
    sources: [
      ...fibreSources(bases.noFibre).map((label) => ({ label, producer: 'Arcep', vintage: vintages.noFibre ?? VINTAGE_PLACEHOLDER })),
      ...mobileSources(bases.no4g).map((label) => ({ label, producer: 'Arcep', vintage: vintages.no4g ?? VINTAGE_PLACEHOLDER })),
      ...(['elderly', 'lowDiploma', 'lowIncome'] as const).map((k) => ({ ...OTHER_SOURCES[k], vintage: vintages[k] ?? VINTAGE_PLACEHOLDER })),
    ],
  };
}

export function needMethod(rates: NeedRates = INSEE_RATES_2021, split: HelpSplit = DEFAULT_HELP_SPLIT): MethodSection {
  const bandLines = rates.bands.map(
    (b) => `${b.label} : ${pct(b.rate, 1)}${b.caveat ? ` (${b.caveat})` : ''}`,
  );
  const sources = [...new Map(rates.bands.map((b) => [b.source, b.producer ?? 'Insee'])).entries()];
  return {
    id: 'need',
    title: 'Personnes ayant besoin d’aide (estimation)',
    paragraphs: [
      'Estimation = Σ (population de la tranche d’âge × taux d’illectronisme de la tranche). L’illectronisme (Insee) désigne le fait de ne pas utiliser Internet ou de ne pas posséder les compétences numériques de base.',
      `Taux utilisés (fixes dans cette version) : ${bandLines.join(' ; ')}.`,
      'Champ : l’enquête de l’Insee porte sur les personnes de 15 ans ou plus vivant en logement ordinaire ; les personnes vivant en établissement (maisons de retraite, EHPAD, foyers…) n’en font pas partie. Les taux sont pourtant appliqués à toute la population du recensement, établissements compris, car aucun fichier chargé ne donne la population hors logement ordinaire par commune : dans une commune qui accueille une maison de retraite, le besoin des plus âgés est estimé avec le taux des personnes âgées vivant chez elles.',
      `Répartition des personnes concernées (fixe dans cette version) : ${pct(split.assisted, 1)} à accompagner en faisant avec elles (assistance), ${pct(split.trained, 1)} à former, ${pct(split.occasional, 1)} ayant besoin d’une aide ponctuelle. ${split.source}.`,
      'Ces chiffres sont des estimations : les taux nationaux par âge ne tiennent compte ni du diplôme, ni du revenu, ni du territoire. Les effectifs sont arrondis à la dizaine à l’affichage.',
    ],
    sources: [
      ...sources.map(([label, producer]) => ({ label, producer, vintage: '2021' })),
      { label: split.source, producer: 'Hypothèse Maillage, d’après Les Bons Clics / WeTechCare', vintage: '2017–2021' },
    ],
  };
}

const CRITERION_FR: Readonly<Record<UnderservedParams['criterion'], string>> = Object.freeze({
  need: 'le besoin estimé',
  fragility: 'l’indice de fragilité',
  either: 'le besoin estimé ou l’indice de fragilité',
  both: 'le besoin estimé et l’indice de fragilité',
});

/** "le besoin estimé ou l’indice de fragilité est parmi les 30 % les plus élevés", from the settings. */
export const highCriterionText = (p: Pick<UnderservedParams, 'criterion' | 'topShare'>) =>
  `${CRITERION_FR[p.criterion]} ${p.criterion === 'both' ? 'sont' : 'est'} parmi les ${pct(p.topShare)} les plus élevés`;

export function underservedMethod(params: UnderservedParams = DEFAULT_UNDERSERVED_PARAMS): MethodSection {
  return {
    id: 'underserved',
    title: 'Zones peu desservies',
    paragraphs: [
      `Une unité est peu desservie si le temps d’accès au lieu d’aide le plus proche du type choisi dépasse le seuil (${num(params.threshold, 0)} min ; par défaut ${DEFAULT_THRESHOLDS.france_services} min pour une France Services, ${DEFAULT_THRESHOLDS.point_numerique} min pour tout point numérique) et si ${highCriterionText(params)}${params.needMeasure === 'rate' ? ' (besoin rapporté à la population)' : ''}. Le seuil se choisit avec le temps d’accès ; le critère et la part (par défaut ${pct(DEFAULT_UNDERSERVED_PARAMS.topShare)}) dans « Paramètres du diagnostic ».`,
      'Les unités peu desservies contiguës sont regroupées en zones : frontière commune pour les communes, cellules voisines pour les carreaux. Les zones sont classées par nombre estimé de personnes ayant besoin d’aide.',
      `Zones robustes : unités peu desservies pour chacun des seuils ${ROBUST_THRESHOLDS.map((t) => `${t} min`).join(', ')}.`,
    ],
    sources: [],
  };
}

export function e2sfcaMethod(
  decay: DecayParams = DEFAULT_DECAY,
  supply: SupplyParams = DEFAULT_SUPPLY,
  territoryNeedRate: number | null = null,
): MethodSection {
  let prev = 0;
  const bands = decay.bands.map((b) => {
    const s = `${prev}–${b.upTo} min : ${num(b.weight)}`;
    prev = b.upTo;
    return s;
  });
  const reach = decay.bands.length ? decay.bands[decay.bands.length - 1].upTo : 0;
  const tolerance = num(decay.edgeToleranceMinutes * 60, 3);
  const rate = territoryNeedRate !== null && Number.isFinite(territoryNeedRate)
    ? ` Taux du territoire utilisé pour ces estimations : ${pct(territoryNeedRate, 1)} de la population (personnes ayant besoin d’aide par habitant, sur les communes dont les âges sont connus).`
    : '';
  return {
    id: 'e2sfca',
    title: 'Offre et demande d’accompagnement (E2SFCA)',
    paragraphs: [
      'Méthode des aires flottantes à deux étapes, améliorée (E2SFCA) de Luo et Qi (2009). L’accessibilité potentielle localisée (APL) de la DREES et de l’Irdes est de la même famille de méthodes, avec ses propres tranches et pondérations. Étape 1 : pour chaque lieu, offre / Σ (demande × pondération) des unités qui y accèdent. Étape 2 : pour chaque unité, Σ (ratio du lieu × pondération) des lieux accessibles.',
      `Pondération selon le temps d’accès (modifiable dans « Paramètres du diagnostic » et transmise par le lien de partage), en vigueur : ${decay.name ? `${decay.name}, ` : ''}${bands.join(' ; ')} ; au-delà de ${reach} min, 0. Source : ${decay.source}. Une tranche comprend sa borne supérieure : un temps exactement sur une borne, ou qui la dépasse de moins de ${tolerance} s, compte dans la tranche inférieure (la plus courte, à la pondération la plus forte) ; cette marge évite qu’un même temps change de tranche selon l’arrondi de son stockage.`,
      `Offre en équivalents temps plein (ETP) d’aidant : France Services = agents × heures d’ouverture hebdomadaires / ${supply.fullTimeHours} h (par défaut ${supply.fsAgents} agents et ${supply.fsDefaultHours} h, minimum de la charte France Services ; les agents sont lus quand un fichier importé les donne, par la correspondance des colonnes ; sinon la valeur par défaut est utilisée et signalée lieu par lieu, de même pour les horaires) ; conseiller numérique = ${num(supply.conseillerFte)} ETP par poste ; autre point numérique = ${num(supply.otherPointFte)} ETP (valeur conventionnelle) ; ces valeurs sont fixes dans cette version. Un même lieu présent dans plusieurs fichiers (doublon à moins de 50 m au nom proche) compte une seule fois, avec l’offre la plus élevée de ses fiches.`,
      `Demande : personnes estimées ayant besoin d’aide. Quand les âges d’une commune manquent, sa demande est estimée d’après sa population totale et la structure par âge du territoire, et les chiffres qui en dépendent sont dits « estimés » ;${rate} Si sa population manque aussi, les lieux qu’elle atteint et les communes qui atteignent ces lieux sont exclus du calcul (« demande inconnue à portée »), plutôt que de compter une demande nulle.`,
      'Résultat : personnes à accompagner par ETP d’aidant. Sans lieu accessible, le ratio est infini (« aucun aidant à portée ») ; sans demande, il n’est pas calculé (« aucune demande »). Sur la carte, chacun de ces cas a sa propre couleur, hors des classes.',
    ],
    sources: [
      { label: 'Luo et Qi (2009), méthode E2SFCA, Health & Place 15(4)', producer: 'Luo W., Qi Y.', vintage: '2009' },
      { label: 'Accessibilité potentielle localisée (APL), méthodologie (même famille de méthodes)', producer: 'DREES, Irdes', vintage: '2012' },
      { label: 'Liste des France Services (horaires, adresses)', producer: 'ANCT', vintage: VINTAGE_PLACEHOLDER },
    ],
  };
}

/** Everything the method text is built from: the parameters in force, and the inputs used. */
export interface MethodOptions {
  fragility?: FragilityParams;
  vintages?: Partial<Record<IndicatorKey, string>>;
  /** Which network inputs the fragility index used (communes per input). */
  bases?: IndicatorBases;
  rates?: NeedRates;
  split?: HelpSplit;
  underserved?: UnderservedParams;
  decay?: DecayParams;
  supply?: SupplyParams;
  /** People needing help per inhabitant used for the estimated demands (diagnose's territoryNeedRate). */
  territoryNeedRate?: number | null;
}

export function methodSections(options: MethodOptions = {}): MethodSection[] {
  return [
    fragilityMethod(options.fragility, options.vintages, options.bases),
    needMethod(options.rates, options.split),
    underservedMethod(options.underserved),
    e2sfcaMethod(options.decay, options.supply, options.territoryNeedRate ?? null),
  ];
}
