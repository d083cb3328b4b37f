/**
 * The proof as the session runs it (Planning.startProof), with a fake prover and a fake
 * accessibility worker: a better set the exact solve finds replaces the proposals and is said,
 * also at the time limit; when ranking that set fails or is stopped, the proof ends (never left
 * "en cours") and says a better set exists; budget « aucune » runs no proof and says so.
 */
import { describe, expect, it } from 'vitest';
import { Planning } from '../../../../src/ui/state/planning_actions.ts';
import { INITIAL_PLANNING, type PlanningState } from '../../../../src/ui/state/planning.ts';
import { looseSlice } from '../../../../src/ui/state/store.ts';
import { NO_PROOF_TEXT, proofText } from '../../../../src/ui/proof_text.ts';
import type { ExactOutcome, ProofInput } from '../../../../src/domain/planning/exact.ts';
import type { OptimiseResult } from '../../../../src/domain/planning/index.ts';
import type { Prover } from '../../../../workers/solver_client.ts';
import type { PlanningDeps } from '../../../../src/ui/state/planning_actions.ts';

const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const basis = { version: 1, group: 'france_services', threshold: 30 } as unknown as NonNullable<ReturnType<PlanningDeps['analysis']>['basis']>;
const data = {
  communes: [
    { code: '58001', nom: 'Alpha', lon: 3.5, lat: 47, population: 800, pop_75p: 80, need: 40 },
    { code: '58002', nom: 'Beta', lon: 3.7, lat: 47.1, population: 400, pop_75p: 60, need: 30 },
    { code: '58003', nom: 'Gamma', lon: 3.9, lat: 47.2, population: 300, pop_75p: 20, need: 10 },
  ],
  helpPoints: [],
  grid: [],
};

const proposal = (index: number, gain: number) => ({ rank: index + 1, index, gain, candidate: { id: `commune:5800${index + 1}`, origin: 'chef_lieu' } });
const result = (set: number[], gains: number[]): OptimiseResult => ({
  status: 'ok', objective: 'coverage', threshold: 30, penalty: 90, weight: { choice: 'population', missingUnits: 0, missingPopulation: 0, warning: null },
  proposals: set.map((c, i) => proposal(c, gains[i])), totalGain: gains.reduce((a, b) => a + b, 0),
}) as unknown as OptimiseResult;
const proofInput = { startSet: [0], startGain: 800 } as unknown as ProofInput;

/** A prover whose outcome the test gives, recording its calls. */
function fakeProver() {
  let settle: (o: ExactOutcome) => void = () => undefined;
  const calls: number[] = [];
  let stopped = 0;
  const prover: Prover = (_input, seconds) => {
    calls.push(seconds);
    return { result: new Promise<ExactOutcome>((r) => (settle = r)), stop: () => stopped++ };
  };
  return { prover, calls, finish: (o: Partial<ExactOutcome>) => settle({ status: 'optimal', best: 800, bound: 800, set: [0], ms: 1200, size: { columns: 1, rows: 1, nonzeros: 1 }, ...o }), stopped: () => stopped };
}

/** The accessibility worker: the heuristic's answer (set [0], 800 people), then the ranking of a set the proof found. */
function setUp(rank: (set: number[]) => Promise<OptimiseResult>, proofSeconds = 15) {
  const slice = looseSlice<PlanningState>({ ...INITIAL_PLANNING, k: 1, weight: 'population', proofSeconds, gained: new Set() });
  const asked: { set?: number[]; prove?: boolean }[] = [];
  const worker = {
    latest: (_key: string, _type: string, params: { set?: number[]; prove?: boolean }) => {
      asked.push(params);
      return params.set ? rank(params.set) : Promise.resolve({ ...result([0], [800]), ...(params.prove ? { proofInput } : {}) });
    },
  };
  const prover = fakeProver();
  const planning = new Planning(slice, {
    analysis: () => ({ basis, data }) as unknown as ReturnType<PlanningDeps['analysis']>,
    analysisCurrent: () => true,
    worker: worker as unknown as PlanningDeps['worker'],
    engine: () => Promise.reject(new Error('unused')),
    settings: {} as PlanningDeps['settings'],
    estimate: () => ({ detour: 1.3, speedKmh: 50 }) as unknown as ReturnType<PlanningDeps['estimate']>,
    prover: prover.prover,
  });
  return { slice, planning, prover, asked };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the proof in the session', () => {
  it('optimal with a better set: the proposals become that set, ranked by the worker, and the text says what was gained (+100 people, +12,5 %)', async () => {
    const { slice, planning, prover, asked } = setUp(async (set) => result(set, [900]));
    await planning.runOptimiser();
    expect(slice.value.proof?.status).toBe('running');
    expect(prover.calls).toEqual([15]);
    prover.finish({ status: 'optimal', best: 900, bound: 900, set: [1] });
    await tick();
    await tick();
    expect(asked.at(-1)?.set).toEqual([1]);
    expect(slice.value.proposals?.status === 'ok' && slice.value.proposals.proposals.map((p) => p.index)).toEqual([1]);
    expect(slice.value.proof).toMatchObject({ status: 'optimal', improved: true, gain: 900, heuristicGain: 800 });
    expect(plain(proofText(slice.value.proof!, 'coverage', 'population'))).toContain('qui a trouvé mieux que la recherche rapide (glouton, échanges et perturbations) (+100 habitants, +12,5 %)');
  });

  it('time limit after a better set was found: the change is said, with the gap left to the bound (1,000 − 900 → at most 100, 11,1 %)', async () => {
    const { slice, planning, prover } = setUp(async (set) => result(set, [900]));
    await planning.runOptimiser();
    prover.finish({ status: 'time_limit', best: 900, bound: 1000, set: [2] });
    await tick();
    await tick();
    expect(slice.value.proof).toMatchObject({ status: 'time_limit', improved: true, gain: 900, bound: 1000 });
    expect(plain(proofText(slice.value.proof!, 'coverage', 'population'))).toBe(
      "Le calcul exact (HiGHS) a trouvé mieux que la recherche rapide (glouton, échanges et perturbations) (+100 habitants, +12,5 %) : les propositions ci-dessus sont ce meilleur choix trouvé. Non prouvé optimal : au plus 100 habitants de mieux possible, soit 11,1 % de plus que les propositions, d'après la borne atteinte par le calcul exact (HiGHS), arrêté à la limite de 15 s.",
    );
  });

  it('ranking the better set fails: the proof ends (not "en cours"), the proposals stay, and a better set is said to exist', async () => {
    const { slice, planning, prover } = setUp(() => Promise.reject(new Error('worker perdu')));
    await planning.runOptimiser();
    const before = slice.value.proposals;
    prover.finish({ status: 'optimal', best: 900, bound: 900, set: [1] });
    await tick();
    await tick();
    expect(slice.value.proposals).toBe(before);
    expect(slice.value.proof).toMatchObject({ status: 'optimal', improved: false, gain: 800, bestFound: 900, bound: 900 });
    const t = plain(proofText(slice.value.proof!, 'coverage', 'population'));
    expect(t).toContain('a trouvé un meilleur choix (+100 habitants, +12,5 %), qui n\'a pas pu être détaillé');
    expect(t).not.toContain('aucun autre choix');
    expect(t).toContain('au plus 100 habitants de mieux possible');
  });

  it('« Arrêter » while the better set is ranked: the proof ends at once, and the late ranking changes nothing', async () => {
    let answer: (r: OptimiseResult) => void = () => undefined;
    const { slice, planning, prover } = setUp(() => new Promise((r) => (answer = r)));
    await planning.runOptimiser();
    const before = slice.value.proposals;
    prover.finish({ status: 'time_limit', best: 900, bound: 950, set: [1] });
    await tick();
    expect(slice.value.proof?.status).toBe('running');
    planning.stopProof();
    expect(slice.value.proof).toMatchObject({ status: 'time_limit', bestFound: 900, improved: false });
    answer(result([1], [900]));
    await tick();
    expect(slice.value.proposals).toBe(before);
    expect(slice.value.proof?.improved).toBe(false);
  });

  it('« Arrêter » during the solve stops the prover; nothing better: the proposals and their gain stay', async () => {
    const { slice, planning, prover } = setUp(async (set) => result(set, [900]));
    await planning.runOptimiser();
    planning.stopProof();
    expect(prover.stopped()).toBe(1);
    prover.finish({ status: 'interrupted', best: 800, bound: 870, set: [0] });
    await tick();
    expect(slice.value.proof).toMatchObject({ status: 'interrupted', gain: 800, bound: 870, improved: false });
  });

  it('budget « aucune »: no proof is run, and the panel says the choice is not checked', async () => {
    const { slice, planning, prover, asked } = setUp(async (set) => result(set, [900]), 0);
    await planning.runOptimiser();
    expect(prover.calls).toEqual([]);
    expect(asked[0].prove).toBe(false);
    expect(slice.value.proof).toBeNull();
    expect(NO_PROOF_TEXT).toBe('Choix de la recherche rapide (glouton, échanges et perturbations), non vérifié par un calcul exact.');
  });
});
