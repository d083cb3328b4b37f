/**
 * What the proof says next to the proposals (and in the fiche): optimal, or how much better the
 * best possible choice could at most be, in the objective's own units.
 */
import type { Objective, OptimiseOutcome, WeightChoice } from '../domain/planning/index.ts';
import type { ProofState } from './state/planning.ts';
import { fmt1, fmtInt, fmtPct } from '../shared/format.ts';

const PEOPLE: Record<WeightChoice, string> = {
  need: "personnes ayant besoin d'aide (estimation)",
  pop75: 'personnes de 75 ans ou plus',
  population: 'habitants',
};

const seconds = (ms: number | null) => (ms === null ? '' : ` en ${fmt1(ms / 1000)} s`);

/** How the proposals are found when no exact solve vouches for them (the list, the fiche, every proof status). */
export const QUICK_SEARCH = 'la recherche rapide (glouton, échanges et perturbations)';

/** Said next to proposals that no exact solve checked (budget « aucune », or no solver in this browser). */
export const NO_PROOF_TEXT = `Choix de ${QUICK_SEARCH}, non vérifié par un calcul exact.`;

/**
 * "au plus 120 habitants de mieux possible, soit 3,1 % de plus que les propositions" for coverage;
 * "au plus 3,1 % de gain de temps pondéré en plus possible" for the mean time.
 */
function gapText(proof: ProofState, objective: Objective, weight: WeightChoice): string {
  const gap = Math.max(0, proof.bound - proof.gain);
  const share = proof.gain > 0 ? gap / proof.gain : NaN;
  if (objective === 'coverage') {
    const pct = Number.isFinite(share) ? `, soit ${fmtPct(share)} de plus que les propositions` : '';
    return `au plus ${fmtInt(Math.ceil(gap))} ${PEOPLE[weight]} de mieux possible${pct}`;
  }
  return `au plus ${Number.isFinite(share) ? fmtPct(share) : 'un écart inconnu'} de gain de temps pondéré en plus possible`;
}

/** "+50 personnes de 75 ans ou plus, +5,0 %" (coverage) or "+5,0 % de gain de temps pondéré" (p-median). */
function more(gain: number, from: number, objective: Objective, weight: WeightChoice): string {
  const share = from > 0 ? fmtPct((gain - from) / from) : '';
  return objective === 'coverage' ? `+${fmtInt(Math.round(gain - from))} ${PEOPLE[weight]}${share ? `, +${share}` : ''}` : `+${share} de gain de temps pondéré`;
}

/** What the exact solve found beyond the quick search: a better set shown, or one it could not detail (then ''). */
function found(proof: ProofState, objective: Objective, weight: WeightChoice): string {
  if (proof.improved) {
    return `Le calcul exact (HiGHS) a trouvé mieux que ${QUICK_SEARCH} (${more(proof.gain, proof.heuristicGain, objective, weight)}) : les propositions ci-dessus sont ce meilleur choix trouvé. `;
  }
  if (proof.bestFound !== undefined && proof.bestFound > proof.gain) {
    return `Le calcul exact (HiGHS) a trouvé un meilleur choix (${more(proof.bestFound, proof.gain, objective, weight)}), qui n'a pas pu être détaillé : les propositions ci-dessus restent celles de ${QUICK_SEARCH}. `;
  }
  return '';
}

export function proofText(proof: ProofState, objective: Objective, weight: WeightChoice): string {
  switch (proof.status) {
    case 'running':
      return `Vérification par un calcul exact (HiGHS) en cours, ${proof.seconds} s au plus${Number.isFinite(proof.bound) ? ` : pour l'instant, ${gapText(proof, objective, weight)}` : ''}…`;
    case 'optimal': {
      if (proof.improved) {
        return `Optimal, prouvé par un calcul exact (HiGHS)${seconds(proof.ms)}, qui a trouvé mieux que ${QUICK_SEARCH} (${more(proof.gain, proof.heuristicGain, objective, weight)}) : les propositions ci-dessus sont ce choix optimal.`;
      }
      const other = found(proof, objective, weight);
      return other
        ? `${other}Non prouvé optimal : ${gapText(proof, objective, weight)}, d'après l'optimum du calcul exact${seconds(proof.ms)}.`
        : `Optimal, prouvé par un calcul exact (HiGHS)${seconds(proof.ms)} : aucun autre choix parmi les candidats ne fait mieux.`;
    }
    case 'time_limit':
    case 'interrupted': {
      const why = proof.status === 'time_limit' ? `à la limite de ${proof.seconds} s` : 'à votre demande';
      return found(proof, objective, weight) + (Number.isFinite(proof.bound)
        ? `Non prouvé optimal : ${gapText(proof, objective, weight)}, d'après la borne atteinte par le calcul exact (HiGHS), arrêté ${why}.`
        : `Non prouvé optimal : le calcul exact (HiGHS), arrêté ${why}, n'a pas encore donné de borne.`);
    }
    case 'too_large':
      return `Pas de vérification exacte : le problème (${fmtInt(proof.entries ?? 0)} liens entre lieux candidats et habitants) dépasse ce qu'un navigateur peut résoudre exactement (${fmtInt(proof.maxEntries ?? 0)} au plus). Les propositions viennent de ${QUICK_SEARCH}, sans garantie d'optimalité.`;
    case 'failed':
      return `Pas de vérification exacte : le calcul exact n'a pas pu être mené. Les propositions viennent de ${QUICK_SEARCH}, sans garantie d'optimalité.`;
  }
}

/** Same place: coordinates within about 1 cm (a site added to the scenario from a proposal keeps them). */
const samePlace = (a: { lon?: number; lat?: number }, lon: number, lat: number) =>
  a.lon !== undefined && a.lat !== undefined && Math.abs(a.lon - lon) < 1e-7 && Math.abs(a.lat - lat) < 1e-7;

/**
 * The fiche's sentence for a candidate that is one of the proposals: its rank, and the proof's
 * verdict when the exact solve has finished (or that none was run). Null when the candidate is
 * not a proposal, or while the proof runs.
 */
export function ficheProposalText(
  proposals: OptimiseOutcome | null,
  proof: ProofState | null,
  place: { lon: number; lat: number },
  weight: WeightChoice,
): string | null {
  if (!proposals || proposals.status !== 'ok') return null;
  const hit = proposals.proposals.find((x) => samePlace(x.candidate, place.lon, place.lat));
  if (!hit) return null;
  const n = proposals.proposals.length;
  const which = n === 1 ? "Ce lieu est l'emplacement proposé par l'optimiseur." : `Ce lieu est le n° ${hit.rank} des ${n} emplacements proposés par l'optimiseur.`;
  if (!proof) return `${which} ${NO_PROOF_TEXT}`;
  if (proof.status === 'running') return null;
  return `${which} ${proofText(proof, proposals.objective, proposals.weight.choice === 'custom' ? weight : proposals.weight.choice)}`;
}
