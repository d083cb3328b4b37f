/** The diagnosis composition on small hand-made communes. */
import { describe, expect, it } from 'vitest';
import { diagnose, type CommuneFacts } from '../../../../src/domain/access/diagnose.ts';

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
