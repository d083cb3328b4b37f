import { describe, expect, it } from 'vitest';
import { findDuplicates, nameSimilarity, nameTokens, type DedupPoint } from '../../../src/domain/dedup.ts';

describe('name similarity', () => {
  it.each([
    ['France services de Château-Chinon', 'Château Chinon', 1],
    ['Maison France Services', 'France Services', 1],
    ['Médiathèque Jean Jaurès', 'Mediatheque J. Jaures', 2 / 4],
    // containment: {decize} ⊂ {centre, social, decize}; only merged when also within 50 m
    ['Mairie de Decize', 'Centre social de Decize', 1],
    ['Centre social Decize', 'Centre culturel Decize', 2 / 4],
    ['Médiathèque', 'Centre social', 0],
  ])('%s ~ %s', (a, b, expected) => expect(nameSimilarity(a, b)).toBeCloseTo(expected, 5));
  it('drops accents, case and generic words', () => expect(nameTokens("Espace France Services de l'Île")).toEqual(['ile']));
});

// ~0.000449° of latitude = 50 m
const P = (id: string, name: string, dLatM: number, kind: string, source: string): DedupPoint => ({
  id, name, lon: 3.5, lat: 47 + dLatM / 111_195, kind, source,
});

describe('findDuplicates', () => {
  const cases: { name: string; points: DedupPoint[]; merges: [string, string][] }[] = [
    {
      name: 'France Services also listed as a lieu de médiation, 30 m apart: merged into the France Services',
      points: [P('m1', 'France services de Château-Chinon', 30, 'mediation', 'bfc'), P('fs1', 'Château-Chinon', 0, 'france_services', 'anct')],
      merges: [['fs1', 'm1']],
    },
    { name: 'too far (60 m)', points: [P('a', 'Château-Chinon', 0, 'france_services', 'x'), P('b', 'Château-Chinon', 60, 'mediation', 'y')], merges: [] },
    { name: 'different names', points: [P('a', 'Médiathèque', 0, 'mediatheque', 'x'), P('b', 'Centre social', 10, 'mediation', 'y')], merges: [] },
    { name: 'same source kept apart', points: [P('a', 'Nevers', 0, 'mediation', 'x'), P('b', 'Nevers', 10, 'mediation', 'x')], merges: [] },
    {
      name: 'three files, one place',
      points: [P('c', 'Decize', 20, 'conseiller', 'cnfs'), P('m', 'Espace numérique Decize', 40, 'mediation', 'bfc'), P('f', 'Decize', 0, 'france_services', 'anct')],
      merges: [['f', 'c'], ['f', 'm']],
    },
  ];
  it.each(cases)('$name', ({ points, merges }) => {
    const r = findDuplicates(points);
    expect(r.merges.map((m) => [m.keptId, m.mergedId])).toEqual(merges);
    expect(r.keptIds).toHaveLength(points.length - merges.length);
    for (const m of r.merges) expect(m.distanceM).toBeLessThanOrEqual(50);
  });

  it('reports distance and names for the UI', () => {
    const [m] = findDuplicates([P('m1', 'France services de Clamecy', 30, 'mediation', 'a'), P('fs1', 'Clamecy', 0, 'france_services', 'b')]).merges;
    expect(m).toMatchObject({ keptName: 'Clamecy', mergedName: 'France services de Clamecy', similarity: 1 });
    expect(m.distanceM).toBeCloseTo(30, 0);
  });

  it('is fast: 20,000 points in well under a second', () => {
    let s = 7;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const pts: DedupPoint[] = Array.from({ length: 20_000 }, (_, i) => ({
      id: String(i), name: `Lieu ${i % 500}`, lon: -4 + rnd() * 11, lat: 42.5 + rnd() * 8, source: String(i % 3),
    }));
    const t0 = performance.now();
    findDuplicates(pts);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
