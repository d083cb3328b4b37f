import { describe, expect, it } from 'vitest';
import { demandText, demandUnitOf, gridDemand, planningDemand } from '../../../../src/ui/state/planning.ts';
import type { CommuneRow, GridRow } from '../../../../src/data/queries/dashboard.ts';

const commune = (code: string, population: number | null, pop_75p: number | null, need: number | null) =>
  ({ code, nom: `Commune ${code}`, lon: 3, lat: 47, population, pop_75p, need }) as unknown as CommuneRow;
const cell = (id: string, pop: number, commune_code: string | null, lon = 3.1, lat = 47.1): GridRow =>
  ({ id, x: 0, y: 0, lon, lat, pop, pop_80p: null, commune_code });

// A: 1,000 inhabitants, 100 aged 75+, 150 needing help (10 % and 15 %).
// B: 500 inhabitants, 75+ and need unknown (no age bands).
// C: 2,000 inhabitants, 300 aged 75+, 200 needing help (15 % and 10 %).
// Territory shares over A and C: 75+ 400 / 3,000, need 350 / 3,000.
const communes = [commune('A', 1000, 100, 150), commune('B', 500, null, null), commune('C', 2000, 300, 200)];
const grid = [
  cell('a1', 600, 'A', 3.01, 47.01),
  cell('a2', 400, 'A'),
  cell('empty', 0, 'A'),
  cell('b1', 500, 'B'),
  cell('c1', 2000, 'C'),
  cell('nocode', 30, null),
  cell('buffer', 70, 'Z'),
  cell('buffer-empty', 0, 'Z'),
];

describe('demand for the planning computations', () => {
  it('counts each inhabited cell of the territory at its centre with its own population; empty cells and cells of a buffer commune are left out', () => {
    const d = gridDemand(grid, communes);
    expect(d.unit).toBe('grid');
    expect([...d.demand.population]).toEqual([600, 400, 500, 2000, 30]);
    expect(d.demand.lon![0]).toBe(3.01);
    expect(d.demand.lat![0]).toBe(47.01);
    expect(d.communeOf).toEqual(['A', 'A', 'B', 'C', null]);
    expect(d.apportioned).toBe(true);
    // Z is not one of the territory's communes (its buffer): its one inhabited cell is counted apart.
    expect(d.outside).toEqual({ cells: 1, population: 70 });
  });

  it('counts the cells whose 75+ and need share is the territory\'s (B has no ages; one cell has no commune)', () => {
    expect(gridDemand(grid, communes).fromTerritory).toEqual({ pop_75p: 2, need: 2 });
    // No share known anywhere: no cell takes the territory's (they are unknown, not apportioned).
    const none = gridDemand(grid, communes.map((c) => ({ ...c, pop_75p: null, need: null })));
    expect(none.fromTerritory).toEqual({ pop_75p: 0, need: 0 });
  });

  it('without any commune (no territory), every inhabited cell counts', () => {
    const d = gridDemand(grid, []);
    expect([...d.demand.population]).toEqual([600, 400, 500, 2000, 30, 70]);
    expect(d.outside).toEqual({ cells: 0, population: 0 });
  });

  it("apportions 75+ and need from the cell's commune, else from the territory's shares (never 0 for unknown)", () => {
    const d = gridDemand(grid, communes);
    const pop75 = [...d.demand.pop75];
    const need = [...d.demand.need];
    // A's cells: 10 % and 15 %.
    expect(pop75[0]).toBeCloseTo(60, 9);
    expect(need[0]).toBeCloseTo(90, 9);
    expect(pop75[1]).toBeCloseTo(40, 9);
    expect(need[1]).toBeCloseTo(60, 9);
    // B has no ages: the territory's shares (400/3000, 350/3000).
    expect(pop75[2]).toBeCloseTo((500 * 400) / 3000, 9);
    expect(need[2]).toBeCloseTo((500 * 350) / 3000, 9);
    // C: 15 % and 10 %.
    expect(pop75[3]).toBeCloseTo(300, 9);
    expect(need[3]).toBeCloseTo(200, 9);
    // No commune code: territory's shares.
    expect(need[4]).toBeCloseTo((30 * 350) / 3000, 9);
    // Apportioning keeps the totals of the communes whose cells are all in the grid.
    expect(need[0] + need[1]).toBeCloseTo(150, 9);
  });

  it('with no ages anywhere, 75+ and need are unknown (NaN) in every cell, not 0', () => {
    const d = gridDemand(grid, communes.map((c) => ({ ...c, pop_75p: null, need: null })));
    expect([...d.demand.need].every(Number.isNaN)).toBe(true);
    expect([...d.demand.pop75].every(Number.isNaN)).toBe(true);
  });

  it('the grid is the default when inhabited cells are loaded; communes otherwise, or when chosen', () => {
    expect(demandUnitOf(null, grid)).toBe('grid');
    expect(demandUnitOf(null, [])).toBe('commune');
    expect(demandUnitOf(null, [cell('z', 0, 'A')])).toBe('commune');
    expect(demandUnitOf('commune', grid)).toBe('commune');
    expect(demandUnitOf('grid', [])).toBe('commune');
    // Inhabited cells, but only in a buffer commune (Z): nothing to count on the grid in the territory.
    expect(demandUnitOf(null, [cell('z1', 70, 'Z')], communes)).toBe('commune');
    expect(demandUnitOf('grid', [cell('z1', 70, 'Z')], communes)).toBe('commune');
    expect(demandUnitOf(null, [cell('z1', 70, 'Z'), cell('a9', 5, 'A')], communes)).toBe('grid');
    const byCommune = planningDemand('commune', { communes, grid });
    expect(byCommune.unit).toBe('commune');
    expect([...byCommune.demand.population]).toEqual([1000, 500, 2000]);
    expect(Number.isNaN(byCommune.demand.need[1])).toBe(true);
    expect(byCommune.communeOf).toEqual(['A', 'B', 'C']);
    expect(planningDemand(null, { communes, grid }).unit).toBe('grid');
  });

  it('says how people were counted, that a weight is apportioned to cells, the cells that took the territory\'s share and those left out', () => {
    const none = { outside: { cells: 0, population: 0 }, fromTerritory: { pop_75p: 0, need: 0 } };
    expect(demandText({ unit: 'commune', ...none }, 'need')).toBe('Habitants comptés au centre de leur commune.');
    expect(demandText({ unit: 'grid', ...none }, 'population')).toBe('Habitants comptés par carreau de 1 km habité (population carroyée, au centre du carreau).');
    expect(demandText({ unit: 'grid', ...none }, 'need')).toBe(
      "Habitants comptés par carreau de 1 km habité (population carroyée, au centre du carreau). Les personnes ayant besoin d'aide de chaque carreau sont estimées d'après la part de sa commune.",
    );
    expect(demandText({ unit: 'grid', ...none }, 'pop75')).toMatch(/75 ans et plus de chaque carreau sont estimés d'après la part de sa commune\.$/);
    const d = gridDemand(grid, communes);
    const plain = (t: string) => t.replace(/[\u202f\u00a0]/g, ' ');
    expect(plain(demandText(d, 'need'))).toBe(
      "Habitants comptés par carreau de 1 km habité (population carroyée, au centre du carreau). Les personnes ayant besoin d'aide de chaque carreau sont estimées d'après la part de sa commune ; pour 2 carreaux, dont la commune n'est pas connue ou ne la donne pas, d'après la part du territoire. 1 carreau habité (70 habitants) de communes voisines, hors du territoire, n'est pas compté.",
    );
    expect(plain(demandText({ unit: 'grid', outside: { cells: 1200, population: 15000 }, fromTerritory: { pop_75p: 1, need: 0 } }, 'pop75'))).toBe(
      "Habitants comptés par carreau de 1 km habité (population carroyée, au centre du carreau). Les 75 ans et plus de chaque carreau sont estimés d'après la part de sa commune ; pour 1 carreau, dont la commune n'est pas connue ou ne la donne pas, d'après la part du territoire. 1 200 carreaux habités (15 000 habitants) de communes voisines, hors du territoire, ne sont pas comptés.",
    );
  });
});
