import { describe, expect, it } from 'vitest';
import { emptyProposalsText, meanTimeText, penaltyText } from '../../../src/ui/planning_text.ts';
import type { OptimiseResult } from '../../../src/domain/planning/index.ts';

const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const FS = "d'une France Services";
const empty = (beyond: OptimiseResult['beyond'], objective: OptimiseResult['objective'] = 'coverage') =>
  plain(emptyProposalsText({ objective, threshold: 30 as OptimiseResult['threshold'], penalty: 90 as OptimiseResult['penalty'], beyond }, FS));

describe('why the list of proposals is empty', () => {
  const cases = [
    { name: 'nobody beyond T', beyond: { population: 0, weight: 0, reachablePopulation: 0, reachableWeight: 0 }, text: "Tous les habitants sont déjà à moins de 30 min d'une France Services : aucun emplacement n'est à proposer." },
    { name: 'beyond T but no candidate brings them within it', beyond: { population: 1660, weight: 83, reachablePopulation: 0, reachableWeight: 0 }, text: "Aucun candidat ne met à moins de 30 min d'une France Services les 1 660 habitants qui en sont au-delà : ils sont trop loin de tous les lieux candidats." },
    { name: 'those a candidate would bring within T weigh nothing', beyond: { population: 1660, weight: 0, reachablePopulation: 400, reachableWeight: 0 }, text: "Aucun emplacement ne fait passer de personnes pondérées sous 30 min d'une France Services : les 400 habitants qu'un candidat y mettrait ne pèsent rien avec ce poids." },
  ];
  it.each(cases)('$name', ({ beyond, text }) => expect(empty(beyond)).toBe(text));

  it('never says « tous les habitants pondérés y sont déjà » when people remain beyond T', () => {
    for (const c of cases.slice(1)) expect(empty(c.beyond)).not.toMatch(/y sont déjà/);
  });

  it('p-median: speaks of the capped mean time, not of the threshold', () => {
    const t = empty({ population: 500, weight: 500, reachablePopulation: 500, reachableWeight: 500 }, 'p_median');
    expect(t).toBe("Aucun emplacement ne réduit le temps moyen pondéré (chaque temps compté au plus 90 min) : aucun candidat n'est plus proche des habitants pondérés que les lieux existants.");
    expect(t).not.toContain('30 min');
  });
});

describe('p-median figures', () => {
  it('says the 90-min cap', () => {
    expect(penaltyText(90)).toBe("Temps moyen pondéré : chaque temps compte au plus 90 min (un habitant plus loin, ou qu'aucun lieu ne dessert, compte pour 90 min).");
  });

  it('weighted mean time before the first proposal and after the last', () => {
    const proposals = [
      { meanMinutesBefore: 24.26, meanMinutesAfter: 21.5 },
      { meanMinutesBefore: 21.5, meanMinutesAfter: 19.04 },
    ] as unknown as OptimiseResult['proposals'];
    expect(meanTimeText({ penalty: 90 as OptimiseResult['penalty'], proposals })).toBe(
      "Temps moyen pondéré (chaque temps compté au plus 90 min) : 24,3 min aujourd'hui, 19,0 min avec les 2 emplacements proposés.",
    );
    expect(meanTimeText({ penalty: 90 as OptimiseResult['penalty'], proposals: [] })).toBe('');
  });
});
