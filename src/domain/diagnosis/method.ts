/**
 * French method texts for the "Méthode" panel, built from the parameters actually in
 * use so that the text never disagrees with the figures. Vintages (millésimes) are
 * placeholders until the data layer fills them in.
 */
import type { DecayParams, SupplyParams } from './e2sfca.ts';
import { DEFAULT_DECAY, DEFAULT_SUPPLY } from './e2sfca.ts';
import type { FragilityParams, IndicatorKey } from './fragility.ts';
import { DEFAULT_FRAGILITY_PARAMS, FRAGILITY_INDICATORS } from './fragility.ts';
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

export const INDICATOR_LABELS: Readonly<Record<IndicatorKey, string>> = Object.freeze({
  noFibre: 'Part des locaux non raccordables à la fibre (très haut débit)',
  no4g: 'Part de la population non couverte en 4G',
  elderly: 'Part des personnes âgées (75 ans ou plus si disponible, sinon 65 ans ou plus)',
  lowDiploma: 'Part des personnes peu ou pas diplômées',
  lowIncome: 'Part de la population à bas revenus (taux de pauvreté)',
});

const INDICATOR_SOURCES: Readonly<Record<IndicatorKey, Omit<Citation, 'vintage'>>> = Object.freeze({
  noFibre: { label: 'Observatoire du haut et très haut débit, locaux raccordables FttH', producer: 'Arcep' },
  no4g: { label: 'Couverture mobile 4G (« Mon réseau mobile »)', producer: 'Arcep' },
  elderly: { label: 'Recensement de la population, population par âge', producer: 'Insee' },
  lowDiploma: { label: 'Recensement de la population, diplôme le plus élevé', producer: 'Insee' },
  lowIncome: { label: 'Filosofi, taux de pauvreté', producer: 'Insee' },
});

const pct = (v: number, digits = 0) => `${(v * 100).toLocaleString('fr-FR', { maximumFractionDigits: digits })} %`;
const num = (v: number, digits = 2) => v.toLocaleString('fr-FR', { maximumFractionDigits: digits });

export function fragilityMethod(
  params: FragilityParams = DEFAULT_FRAGILITY_PARAMS,
  vintages: Partial<Record<IndicatorKey, string>> = {},
): MethodSection {
  const scaling =
    params.scaling === 'decile'
      ? 'Chaque indicateur est converti en note de 1 à 10 selon le rang de l’unité parmi les unités de référence : note = arrondi supérieur de 10 × F(x), où F(x) est la part des unités de référence ayant une valeur inférieure, les ex æquo comptant pour moitié (F(x) = (nb < x + nb ≤ x) / 2n). La note 10 correspond aux 10 % d’unités les plus exposées.'
      : 'Chaque indicateur est converti en note de 1 à 10 par interpolation linéaire entre le minimum (note 1) et le maximum (note 10) observés sur les unités de référence : note = 1 + 9 × (x − min) / (max − min). Si toutes les valeurs sont égales, la note vaut 5,5.';
  const reference =
    params.reference === 'group'
      ? 'Unités de référence : les unités du même département.'
      : 'Unités de référence : l’ensemble des unités chargées.';
  const weights = FRAGILITY_INDICATORS.map((k) => `${INDICATOR_LABELS[k]} : poids ${num(params.weights[k])}`);
  return {
    id: 'fragility',
    title: 'Indice de fragilité numérique',
    paragraphs: [
      'L’indice reprend les familles d’indicateurs de l’indice national de fragilité numérique : accès au réseau (fibre, 4G), âge, diplôme et revenu. Chaque indicateur est une part de la population ou des locaux ; plus elle est élevée, plus l’unité est fragile.',
      scaling,
      reference,
      `Indice = Σ (poids × note) / Σ poids, calculé sur les indicateurs disponibles. Poids utilisés (égaux par défaut, modifiables) : ${weights.join(' ; ')}.`,
      `Un indicateur manquant n’est jamais remplacé par 0. Il est affiché « secret statistique » quand l’Insee ne le diffuse pas, « non disponible » sinon. Les poids sont alors répartis sur les indicateurs disponibles et l’unité est signalée comme « indice partiel ». En dessous de ${params.minIndicators} indicateurs disponibles, l’indice n’est pas calculé.`,
      'Les pondérations exactes de l’indice national de fragilité numérique ne sont pas publiées : cet indice en est une approximation transparente, non une reproduction.',
    ],
    sources: FRAGILITY_INDICATORS.map((k) => ({ ...INDICATOR_SOURCES[k], vintage: vintages[k] ?? VINTAGE_PLACEHOLDER })),
  };
}

export function needMethod(rates: NeedRates = INSEE_RATES_2021, split: HelpSplit = DEFAULT_HELP_SPLIT): MethodSection {
  const bandLines = rates.bands.map(
    (b) => `${b.label} : ${pct(b.rate)}${b.caveat ? ` (${b.caveat})` : ''}`,
  );
  const sources = [...new Set(rates.bands.map((b) => b.source))];
  return {
    id: 'need',
    title: 'Personnes ayant besoin d’aide (estimation)',
    paragraphs: [
      'Estimation = Σ (population de la tranche d’âge × taux d’illectronisme de la tranche). L’illectronisme (Insee) désigne le fait de ne pas utiliser Internet ou de ne pas posséder les compétences numériques de base.',
      `Taux utilisés (modifiables) : ${bandLines.join(' ; ')}.`,
      `Répartition des personnes concernées (ordres de grandeur, modifiables) : ${pct(split.assisted, 1)} à accompagner en faisant avec elles (assistance), ${pct(split.trained, 1)} à former, ${pct(split.occasional, 1)} ayant besoin d’une aide ponctuelle. Source : ${split.source}.`,
      'Ces chiffres sont des estimations : les taux nationaux par âge ne tiennent compte ni du diplôme, ni du revenu, ni du territoire. Les effectifs sont arrondis à la dizaine à l’affichage.',
    ],
    sources: [
      ...sources.map((label) => ({ label, producer: 'Insee', vintage: '2021' })),
      { label: split.source, producer: 'Les Bons Clics / WeTechCare', vintage: '2017–2021' },
    ],
  };
}

export function underservedMethod(params: UnderservedParams = DEFAULT_UNDERSERVED_PARAMS): MethodSection {
  const crit = {
    need: 'le besoin estimé',
    fragility: 'l’indice de fragilité',
    either: 'le besoin estimé ou l’indice de fragilité',
    both: 'le besoin estimé et l’indice de fragilité',
  }[params.criterion];
  return {
    id: 'underserved',
    title: 'Zones peu desservies',
    paragraphs: [
      `Une unité est peu desservie si le temps d’accès au lieu d’aide le plus proche du type choisi dépasse le seuil (${num(params.threshold, 0)} min ; par défaut ${DEFAULT_THRESHOLDS.france_services} min pour une France Services, ${DEFAULT_THRESHOLDS.point_numerique} min pour tout point numérique) et si ${crit} ${params.criterion === 'both' ? 'sont' : 'est'} parmi les ${pct(params.topShare)} les plus élevés${params.needMeasure === 'rate' ? ' (besoin rapporté à la population)' : ''}.`,
      'Les unités peu desservies contiguës sont regroupées en zones : frontière commune pour les communes, cellules voisines pour les carreaux. Les zones sont classées par nombre estimé de personnes ayant besoin d’aide.',
      `Zones robustes : unités peu desservies pour chacun des seuils ${ROBUST_THRESHOLDS.map((t) => `${t} min`).join(', ')}.`,
    ],
    sources: [],
  };
}

export function e2sfcaMethod(
  decay: DecayParams = DEFAULT_DECAY,
  supply: SupplyParams = DEFAULT_SUPPLY,
): MethodSection {
  let prev = 0;
  const bands = decay.bands.map((b) => {
    const s = `${prev}–${b.upTo} min : ${num(b.weight)}`;
    prev = b.upTo;
    return s;
  });
  return {
    id: 'e2sfca',
    title: 'Offre et demande d’accompagnement (APL, E2SFCA)',
    paragraphs: [
      'Méthode des aires flottantes à deux étapes, améliorée (E2SFCA, Luo et Qi 2009), celle de l’accessibilité potentielle localisée (APL) de la DREES. Étape 1 : pour chaque lieu, offre / Σ (demande × pondération) des unités qui y accèdent. Étape 2 : pour chaque unité, Σ (ratio du lieu × pondération) des lieux accessibles.',
      `Pondération selon le temps d’accès : ${bands.join(' ; ')} ; au-delà, 0. Source : ${decay.source}. Un temps situé exactement sur une borne (à ${num(decay.edgeToleranceMinutes * 60, 3)} s près) compte dans la tranche la plus proche.`,
      `Offre en équivalents temps plein (ETP) d’aidant : France Services = agents × heures d’ouverture hebdomadaires / ${supply.fullTimeHours} h (par défaut ${supply.fsAgents} agents et ${supply.fsDefaultHours} h, minimum de la charte France Services ; aucun fichier chargé ne donne le nombre d’agents, la valeur par défaut est signalée lieu par lieu) ; conseiller numérique = ${num(supply.conseillerFte)} ETP par poste ; autre point numérique = ${num(supply.otherPointFte)} ETP (valeur conventionnelle). Un même lieu présent dans plusieurs fichiers (doublon à moins de 50 m au nom proche) compte une seule fois, avec l’offre la plus élevée de ses fiches.`,
      'Demande : personnes estimées ayant besoin d’aide. Quand les âges d’une commune manquent, sa demande est estimée d’après sa population totale et la structure par âge du territoire, et les chiffres qui en dépendent sont dits « estimés » ; si sa population manque aussi, les lieux qu’elle atteint et les communes qui atteignent ces lieux sont exclus du calcul (« demande inconnue à portée »), plutôt que de compter une demande nulle.',
      'Résultat : personnes à accompagner par ETP d’aidant. Sans lieu accessible, le ratio est infini (« aucun aidant à portée ») ; sans demande, il n’est pas calculé (« aucune demande »).',
    ],
    sources: [
      { label: 'Accessibilité potentielle localisée (APL), méthodologie', producer: 'DREES', vintage: VINTAGE_PLACEHOLDER },
      { label: 'Liste des France Services (horaires, adresses)', producer: 'ANCT', vintage: VINTAGE_PLACEHOLDER },
    ],
  };
}

export function methodSections(options: {
  fragility?: FragilityParams;
  vintages?: Partial<Record<IndicatorKey, string>>;
  rates?: NeedRates;
  split?: HelpSplit;
  underserved?: UnderservedParams;
  decay?: DecayParams;
  supply?: SupplyParams;
} = {}): MethodSection[] {
  return [
    fragilityMethod(options.fragility, options.vintages),
    needMethod(options.rates, options.split),
    underservedMethod(options.underserved),
    e2sfcaMethod(options.decay, options.supply),
  ];
}
