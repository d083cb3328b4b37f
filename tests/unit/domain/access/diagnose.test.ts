/** The diagnosis composition on small hand-made communes. */
import { describe, expect, it } from 'vitest';
import { accessDemand, diagnose, peoplePerFteText, type CommuneFacts } from '../../../../src/domain/access/diagnose.ts';

const square = (x: number): number[][][] => [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]];
const ages = (n: number) => ({ P_POP0014: n, P_POP1529: n, P_POP3044: n, P_POP4559: n, P_POP6074: n, P_POP7589: n, P_POP90P: 0 });

function commune(i: number, over: Partial<CommuneFacts>): CommuneFacts {
  return {
    id: `9600${i}`, name: `C${i}`, population: 600, pop75: 100, ages: ages(100),
    noFibre: 0.1 * i, no4g: 0.05 * i, elderly75: 0.1 + 0.02 * i, elderly65: 0.3, lowDiploma: 0.5, lowIncome: 0.2,
    minutes: 10, polygon: square(i), ...over,
  };
}

describe('diagnose', () => {
  // Five communes in a row (each touches the next). C3 and C4 are far (40 min) and the most fragile.
  const facts = [0, 1, 2, 3, 4].map((i) => commune(i, { minutes: i >= 3 ? 40 : 10 }));
  // Sites: one France Services reachable by C0–C2 within 10 min only.
  const catchments = {
    offsets: Uint32Array.of(0, 1, 2, 3, 3, 3),
    site: Uint32Array.of(0, 0, 0),
    minutes: Float32Array.of(5, 5, 5),
  };
  const r = diagnose(facts, [{ kind: 'france_services', hoursPerWeek: 35, agents: 2 }], catchments, { threshold: 30, topShare: 0.4 });

  it('uses the 75+ share for the age indicator', () => {
    expect(r.elderlyBasis).toBe('75+');
    expect(r.communes.every((c) => c.fragility !== null)).toBe(true);
  });

  it('merges the two adjacent far and fragile communes into one zone', () => {
    expect(r.communes.map((c) => c.underserved)).toEqual([false, false, false, true, true]);
    expect(r.zones).toHaveLength(1);
    expect(r.zones[0].memberIds).toEqual(['96003', '96004']);
    expect(r.zones[0].geometry).not.toBeNull();
  });

  it('E2SFCA: 2 FTE shared by the demand of C0–C2; no supply within reach for C3–C4', () => {
    // FTE = 2 agents × 35 h / 35 = 2. Each commune needs the same, so each gets 2/3 FTE.
    const need = r.communes[0].need.needing!;
    expect(r.communes[0].peoplePerFte).toBeCloseTo(need / (2 / 3), 6);
    expect(r.communes[3].peoplePerFte).toBe(Infinity);
  });

  it('a heavier age weight moves the index towards the age score', () => {
    const heavy = diagnose(facts, [], { offsets: new Uint32Array(6), site: new Uint32Array(), minutes: new Float32Array() }, { fragility: { weights: { elderly: 100 } } });
    const light = diagnose(facts, [], { offsets: new Uint32Array(6), site: new Uint32Array(), minutes: new Float32Array() }, {});
    expect(heavy.communes[4].fragility).toBeGreaterThan(light.communes[4].fragility!);
  });
});

// Hand arithmetic for the cases below. ages(100): 100 people in each of six bands, rates
// 0 + 0.03 + 0.04 + 0.045 + 0.24 + 0.62 = 0.975 → 97.5 people needing help out of 600.
// Territory rate = 97.5 / 600 = 0.1625 per inhabitant.
// One France Services, 35 h, agents unknown → default 2 agents → 2 × 35 / 35 = 2 FTE.
const fs35 = { id: 'fs', kind: 'france_services' as const, hoursPerWeek: 35, agents: null, staff: null, duplicateOf: null };

describe('diagnose: a commune whose ages are missing', () => {
  // C0, C1 (ages known) and C2 reach site 0 in 5 min (weight 1); C3 (ages known) alone reaches site 1.
  const catchments = { offsets: Uint32Array.of(0, 1, 2, 3, 4), site: Uint32Array.of(0, 0, 0, 1), minutes: Float32Array.of(5, 5, 5, 5) };
  const sites = [fs35, { ...fs35, id: 'fs2' }];

  it("is estimated from its population with the territory's rate, and its neighbours say so", () => {
    const facts = [0, 1, 2, 3].map((i) => commune(i, i === 2 ? { ages: null, population: 1200 } : {}));
    const r = diagnose(facts, sites, catchments);
    // C2: 1200 × 0.1625 = 195. Site 0: 97.5 + 97.5 + 195 = 390 people for 2 FTE → 195 per FTE.
    // (Counting C2 as 0 demand would have given C0 and C1 195 / 2 = 97.5: twice as well served.)
    expect(r.territoryNeedRate).toBeCloseTo(0.1625, 12);
    for (const i of [0, 1, 2]) {
      expect(r.communes[i].peoplePerFte).toBeCloseTo(195, 9);
      expect(r.communes[i].peoplePerFteStatus).toBe('estime');
    }
    // C3 is not affected: 97.5 / 2 = 48.75, computed.
    expect(r.communes[3].peoplePerFte).toBeCloseTo(48.75, 9);
    expect(r.communes[3].peoplePerFteStatus).toBe('calcule');
    expect(peoplePerFteText(r.communes[0].peoplePerFte, r.communes[0].peoplePerFteStatus, (v) => String(Math.round(v)))).toBe('195 (estimé)');
    // With the territory's rate (97.5 / 600 = 16.25 %, shown with one decimal), the tooltip says which rate made the estimate.
    expect(peoplePerFteText(r.communes[0].peoplePerFte, r.communes[0].peoplePerFteStatus, (v) => String(Math.round(v)), r.territoryNeedRate).replace(/\u202f|\u00a0/g, ' '))
      .toBe('195 (estimé : demande = population × 16,3 %, taux du territoire)');
  });

  it('with its population missing too, the catchments it touches are excluded, not read as 0', () => {
    const facts = [0, 1, 2, 3].map((i) => commune(i, i === 2 ? { ages: null, population: null } : {}));
    const r = diagnose(facts, sites, catchments);
    for (const i of [0, 1, 2]) {
      expect(r.communes[i].peoplePerFte).toBeNull();
      expect(r.communes[i].peoplePerFteStatus).toBe('demande_inconnue');
    }
    expect(r.communes[3].peoplePerFte).toBeCloseTo(48.75, 9);
    expect(peoplePerFteText(null, 'demande_inconnue', String)).toMatch(/demande inconnue/);
  });

  it('accessDemand: no commune with ages → every demand is unknown', () => {
    const d = accessDemand([{ needing: null, agePopulation: null, population: 500 }]);
    expect(d.territoryRate).toBeNull();
    expect(Number.isNaN(d.demand[0])).toBe(true);
    expect(d.quality[0]).toBe(2);
  });
});

describe('diagnose: the same place listed twice', () => {
  // C0 alone (97.5 people needing help) reaches both listings in 5 min.
  const facts = [commune(0, {})];
  const catchments = { offsets: Uint32Array.of(0, 2), site: Uint32Array.of(0, 1), minutes: Float32Array.of(5, 5) };

  it('a France Services also listed as a lieu de médiation counts once (its 2 FTE, not 2.25)', () => {
    const sites = [fs35, { id: 'lmn', kind: 'mediation' as const, hoursPerWeek: null, agents: null, staff: null, duplicateOf: 'fs' }];
    const r = diagnose(facts, sites, catchments);
    // 97.5 / 2 = 48.75 (with the duplicate counted: 97.5 / 2.25 ≈ 43.3).
    expect(r.siteFte).toEqual([2, 0]);
    expect(r.communes[0].peoplePerFte).toBeCloseTo(48.75, 9);
  });

  it('the place keeps the highest supply of its listings', () => {
    // Kept listing: a médiathèque (0.25 FTE); its duplicate: a structure with 3 conseillers (3 FTE).
    const sites = [
      { id: 'bib', kind: 'mediatheque' as const, hoursPerWeek: null, agents: null, staff: null, duplicateOf: null },
      { id: 'cnfs', kind: 'conseiller' as const, hoursPerWeek: null, agents: null, staff: 3, duplicateOf: 'bib' },
    ];
    const r = diagnose(facts, sites, catchments);
    expect(r.siteFte).toEqual([3, 0]);
    expect(r.communes[0].peoplePerFte).toBeCloseTo(32.5, 9); // 97.5 / 3
  });
});

describe('diagnose: statuses of a zero-demand commune and of a commune out of reach', () => {
  it('aucune demande / aucun aidant à portée are told apart', () => {
    const facts = [commune(0, { ages: { ...ages(0) }, population: 0 }), commune(1, {})];
    const catchments = { offsets: Uint32Array.of(0, 1, 1), site: Uint32Array.of(0), minutes: Float32Array.of(5) };
    const r = diagnose(facts, [fs35], catchments);
    // C0: 0 people needing help → no figure, 'aucune_demande'; the site's catchment is empty (idle).
    expect(r.communes[0].peoplePerFte).toBeNull();
    expect(r.communes[0].peoplePerFteStatus).toBe('aucune_demande');
    // C1: 97.5 people, no site in reach → Infinity, 'aucun_aidant'.
    expect(r.communes[1].peoplePerFte).toBe(Infinity);
    expect(r.communes[1].peoplePerFteStatus).toBe('aucun_aidant');
    expect(peoplePerFteText(Infinity, 'aucun_aidant', String)).toBe('aucun aidant à portée');
    expect(peoplePerFteText(null, 'aucune_demande', String)).toBe('aucune demande');
  });
});
