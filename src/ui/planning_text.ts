/**
 * What the planning panel says about the optimiser's answer beyond the proof: why a list is
 * empty, the p-median's cap on times, and its weighted mean time before and after.
 */
import type { OptimiseResult } from '../domain/planning/index.ts';
import { fmt1, fmtInt } from '../shared/format.ts';

/**
 * The list is empty: under coverage, because nobody is beyond T, because no candidate brings
 * those beyond T within it, or because the ones a candidate would bring weigh nothing; under
 * p-median, because no candidate lowers the capped mean time. `of`: "d'une France Services".
 */
export function emptyProposalsText(outcome: Pick<OptimiseResult, 'objective' | 'threshold' | 'penalty' | 'beyond'>, of: string): string {
  const T = outcome.threshold;
  if (outcome.objective === 'p_median') {
    return `Aucun emplacement ne réduit le temps moyen pondéré (chaque temps compté au plus ${outcome.penalty} min) : aucun candidat n'est plus proche des habitants pondérés que les lieux existants.`;
  }
  const b = outcome.beyond;
  if (!(b.population > 0)) return `Tous les habitants sont déjà à moins de ${T} min ${of} : aucun emplacement n'est à proposer.`;
  const people = `${fmtInt(b.population)} habitant${b.population >= 2 ? 's' : ''}`;
  if (!(b.reachablePopulation > 0)) {
    return `Aucun candidat ne met à moins de ${T} min ${of} les ${people} qui en sont au-delà : ils sont trop loin de tous les lieux candidats.`;
  }
  if (!(b.reachableWeight > 0)) {
    return `Aucun emplacement ne fait passer de personnes pondérées sous ${T} min ${of} : les ${fmtInt(b.reachablePopulation)} habitants qu'un candidat y mettrait ne pèsent rien avec ce poids.`;
  }
  return `Aucun emplacement ne fait passer de personnes pondérées sous ${T} min ${of}.`;
}

/** The p-median's cap, said in the method text. */
export const penaltyText = (penalty: number) =>
  `Temps moyen pondéré : chaque temps compte au plus ${penalty} min (un habitant plus loin, ou qu'aucun lieu ne dessert, compte pour ${penalty} min).`;

/** The p-median's weighted mean time (capped) today and with the proposals; '' without proposals. */
export function meanTimeText(outcome: Pick<OptimiseResult, 'penalty' | 'proposals'>): string {
  const list = outcome.proposals;
  if (list.length === 0) return '';
  const before = list[0].meanMinutesBefore;
  const after = list[list.length - 1].meanMinutesAfter;
  if (before === null || after === null) return '';
  const withThem = list.length === 1 ? "avec l'emplacement proposé" : `avec les ${list.length} emplacements proposés`;
  return `Temps moyen pondéré (chaque temps compté au plus ${outcome.penalty} min) : ${fmt1(before)} min aujourd'hui, ${fmt1(after)} min ${withThem}.`;
}
