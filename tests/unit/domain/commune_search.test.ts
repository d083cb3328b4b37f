import { describe, expect, it } from 'vitest';
import { foldName, searchCommunes } from '../../../src/domain/commune_search.ts';

const COMMUNES = [
  { code: '58194', nom: 'Nevers' },
  { code: '58086', nom: 'Cosne-Cours-sur-Loire' },
  { code: '58238', nom: 'Saint-Léger-des-Vignes' },
  { code: '58001', nom: 'Achun' },
  { code: '58045', nom: 'Challuy' },
  { code: '58214', nom: 'Pougues-les-Eaux' },
  { code: '58255', nom: 'Saint-Parize-le-Châtel' },
  { code: '2A004', nom: 'Ajaccio' },
];

describe('foldName', () => {
  it.each([
    ['Saint-Léger-des-Vignes', 'saint leger des vignes'],
    ["L'Abergement-Clémenciat", 'l abergement clemenciat'],
    ['St-Parize', 'saint parize'],
    ['Ste Marie', 'sainte marie'],
    ['  Œuilly ', 'oeuilly'],
  ])('%s → %s', (input, folded) => expect(foldName(input)).toBe(folded));
});

describe('searchCommunes', () => {
  it.each([
    { q: 'nev', want: ['Nevers'] },
    { q: 'NEVERS', want: ['Nevers'] },
    { q: 'leger', want: ['Saint-Léger-des-Vignes'] },
    { q: 'st leg', want: ['Saint-Léger-des-Vignes'] },
    { q: 'saint', want: ['Saint-Léger-des-Vignes', 'Saint-Parize-le-Châtel'] },
    { q: 'loire', want: ['Cosne-Cours-sur-Loire'] },
    // starts the name, then starts a later word, then anywhere inside
    { q: 'c', want: ['Challuy', 'Cosne-Cours-sur-Loire', 'Saint-Parize-le-Châtel', 'Achun', 'Ajaccio'] },
    { q: '5819', want: ['Nevers'] },
    { q: '2a', want: ['Ajaccio'] },
    { q: 'zzz', want: [] },
    { q: '  ', want: [] },
  ])('"$q"', ({ q, want }) => {
    expect(searchCommunes(COMMUNES, q).map((c) => c.nom)).toEqual(want);
  });

  it('stops at the limit', () => {
    expect(searchCommunes(COMMUNES, 'a', 2)).toHaveLength(2);
  });
});
