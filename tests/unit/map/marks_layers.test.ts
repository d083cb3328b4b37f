/** The proposals the map draws: positions and ranks taken from an optimiser answer. */
import { describe, expect, it } from 'vitest';
import { proposalMarks } from '../../../src/map/layers/marks_layers.ts';
import type { OptimiseOutcome } from '../../../src/domain/planning/index.ts';

const proposal = (rank: number, lon?: number, lat?: number) => ({ rank, index: rank, candidate: { id: `c${rank}`, origin: 'chef_lieu', commune: '', node: 0, lon, lat } });
const ok = (proposals: ReturnType<typeof proposal>[]) => ({ status: 'ok', proposals }) as unknown as OptimiseOutcome;

describe('proposalMarks', () => {
  it('one mark per proposal with a position, by rank', () => {
    expect(proposalMarks(ok([proposal(2, 3.6, 47.1), proposal(1, 3.5, 47)]))).toEqual([
      { rank: 1, lon: 3.5, lat: 47 },
      { rank: 2, lon: 3.6, lat: 47.1 },
    ]);
  });

  it('leaves out a proposal without a usable position', () => {
    expect(proposalMarks(ok([proposal(1), proposal(2, Number.NaN, 47), proposal(3, 3.7, 46.9)]))).toEqual([{ rank: 3, lon: 3.7, lat: 46.9 }]);
  });

  it.each([
    { name: 'no answer', outcome: null },
    { name: 'a refusal (weight missing)', outcome: { status: 'weight_missing', weight: 'need', units: 3, population: 10, message: '', alternatives: [] } as unknown as OptimiseOutcome },
    { name: 'an answer with no proposal', outcome: ok([]) },
  ])('$name: nothing drawn', ({ outcome }) => {
    expect(proposalMarks(outcome)).toEqual([]);
  });
});
