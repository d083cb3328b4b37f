import { describe, expect, it } from 'vitest';
import { ficheProposalText, proofText } from '../../../src/ui/proof_text.ts';
import type { OptimiseOutcome } from '../../../src/domain/planning/index.ts';
import type { ProofState } from '../../../src/ui/state/planning.ts';

const base: ProofState = { status: 'optimal', seconds: 15, gain: 1000, bound: 1000, improved: false, heuristicGain: 1000, ms: 2400 };
// French formats put a narrow no-break space before "%" and as the thousands separator.
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('what the proof says', () => {
  it('optimal, with the time it took', () => {
    expect(plain(proofText(base, 'coverage', 'population'))).toBe(
      'Optimal, prouvé par un calcul exact (HiGHS) en 2,4 s : aucun autre choix parmi les candidats ne fait mieux.',
    );
  });

  it('optimal after an improvement: how much the exact solve added (1,050 vs 1,000 people: +50, +5,0 %)', () => {
    const t = plain(proofText({ ...base, gain: 1050, bound: 1050, heuristicGain: 1000, improved: true }, 'coverage', 'pop75'));
    expect(t).toContain('+50 personnes de 75 ans ou plus, +5,0 %');
    expect(t).toContain('ce choix optimal');
  });

  it('stopped at the budget: the gap to the bound, in people and as a share of the proposals\' gain (bound 1,031.2 − 1,000 → at most 32, 3,1 %)', () => {
    const t = plain(proofText({ ...base, status: 'time_limit', bound: 1031.2 }, 'coverage', 'need'));
    expect(t).toBe(
      "Non prouvé optimal : au plus 32 personnes ayant besoin d'aide (estimation) de mieux possible, soit 3,1 % de plus que les propositions, d'après la borne atteinte par le calcul exact (HiGHS), arrêté à la limite de 15 s.",
    );
  });

  it('stopped at the budget after the exact solve found a better set: the change is said before the gap (1,000 → 1,040, bound 1,100)', () => {
    const t = plain(proofText({ ...base, status: 'time_limit', gain: 1040, heuristicGain: 1000, bound: 1100, improved: true }, 'coverage', 'population'));
    expect(t).toMatch(/^Le calcul exact \(HiGHS\) a trouvé mieux que la recherche rapide \(glouton, échanges et perturbations\) \(\+40 habitants, \+4,0 %\) : les propositions ci-dessus sont ce meilleur choix trouvé\. Non prouvé optimal : au plus 60 habitants de mieux possible, soit 5,8 % de plus que les propositions/);
  });

  it('a better set found but not shown (its ranking failed): never "optimal" for the proposals, the gap to the optimum said', () => {
    const t = plain(proofText({ ...base, status: 'optimal', bound: 1080, bestFound: 1080 }, 'coverage', 'population'));
    expect(t).not.toContain('aucun autre choix');
    expect(t).toContain('a trouvé un meilleur choix (+80 habitants, +8,0 %), qui n\'a pas pu être détaillé');
    expect(t).toContain('Non prouvé optimal : au plus 80 habitants de mieux possible, soit 8,0 % de plus que les propositions');
  });

  it('p-median: the gap as a share only (its unit is weighted person-minutes)', () => {
    const t = plain(proofText({ ...base, status: 'interrupted', bound: 1100 }, 'p_median', 'population'));
    expect(t).toContain('au plus 10,0 % de gain de temps pondéré en plus possible');
    expect(t).toContain('arrêté à votre demande');
  });

  it('running, then without a bound yet; a failure says there is no guarantee', () => {
    expect(proofText({ ...base, status: 'running', bound: Infinity }, 'coverage', 'population')).toBe('Vérification par un calcul exact (HiGHS) en cours, 15 s au plus…');
    expect(proofText({ ...base, status: 'interrupted', bound: Infinity }, 'coverage', 'population')).toContain("n'a pas encore donné de borne");
    expect(proofText({ ...base, status: 'failed' }, 'coverage', 'population')).toContain("sans garantie d'optimalité");
  });

  it('failed and too large name the quick search the same way', () => {
    const failed = proofText({ ...base, status: 'failed' }, 'coverage', 'population');
    const large = proofText({ ...base, status: 'too_large', entries: 5, maxEntries: 4 }, 'coverage', 'population');
    const tail = "Les propositions viennent de la recherche rapide (glouton, échanges et perturbations), sans garantie d'optimalité.";
    expect(failed.endsWith(tail)).toBe(true);
    expect(large.endsWith(tail)).toBe(true);
  });
});

describe('a program too large for the browser', () => {
  it('says no exact check was run, with its size and the cap, and that there is no guarantee', () => {
    const proof: ProofState = { ...base, status: 'too_large', bound: Infinity, ms: null, entries: 9_643_969, maxEntries: 4_000_000 };
    expect(plain(proofText(proof, 'p_median', 'need'))).toBe(
      "Pas de vérification exacte : le problème (9 643 969 liens entre lieux candidats et habitants) dépasse ce qu'un navigateur peut résoudre exactement (4 000 000 au plus). Les propositions viennent de la recherche rapide (glouton, échanges et perturbations), sans garantie d'optimalité.",
    );
  });
});

describe('the fiche of a proposed place', () => {
  const at = (lon: number, lat: number, rank: number) => ({ rank, candidate: { id: `c${rank}`, origin: 'chef_lieu', commune: '58062', node: -1, lon, lat } });
  const proposals = {
    status: 'ok',
    objective: 'coverage',
    weight: { choice: 'population' },
    proposals: [at(3.9, 47.06, 1), at(3.7, 47.2, 2)],
  } as unknown as OptimiseOutcome;

  it('names its rank and the verdict, or says no exact check was run', () => {
    expect(plain(ficheProposalText(proposals, base, { lon: 3.7, lat: 47.2 }, 'population')!)).toBe(
      "Ce lieu est le n° 2 des 2 emplacements proposés par l'optimiseur. Optimal, prouvé par un calcul exact (HiGHS) en 2,4 s : aucun autre choix parmi les candidats ne fait mieux.",
    );
    expect(ficheProposalText(proposals, null, { lon: 3.9, lat: 47.06 }, 'population')).toBe(
      "Ce lieu est le n° 1 des 2 emplacements proposés par l'optimiseur. Choix de la recherche rapide (glouton, échanges et perturbations), non vérifié par un calcul exact.",
    );
  });

  it('says nothing for another place, while the proof runs, or without proposals', () => {
    expect(ficheProposalText(proposals, base, { lon: 3.8, lat: 47.2 }, 'population')).toBeNull();
    expect(ficheProposalText(proposals, { ...base, status: 'running' }, { lon: 3.7, lat: 47.2 }, 'population')).toBeNull();
    expect(ficheProposalText(null, base, { lon: 3.7, lat: 47.2 }, 'population')).toBeNull();
  });
});
