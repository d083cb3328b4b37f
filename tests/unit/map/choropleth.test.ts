/** Choropleth classes and legend text of the communes layer, from commune rows. */
import { describe, expect, it } from 'vitest';
import type { CommuneRow } from '../../../src/data/queries/dashboard.ts';
import { VARIABLES, classMethodText, classesFor, legendItems, variableNote, variableSource, type ChoroplethVariable } from '../../../src/map/choropleth.ts';

const row = (p: Partial<CommuneRow>) => ({ code: '58000', nom: 'X', population: null, ftth_rate: null, access_minutes: null, access_method: null, access_basis: null, ...p }) as CommuneRow;
const labels = (v: ChoroplethVariable, rows: CommuneRow[]) => legendItems(v, classesFor(v, rows)).map((i) => i.label.replace(/\s/g, ' '));

describe('classesFor and legendItems', () => {
  it.each([
    {
      name: 'fibre: 0 % alone, then natural breaks, counts, missing values counted',
      v: 'ftth_rate' as const,
      rows: [...Array(7).fill(0), 0.2, 0.21, 0.8, null].map((f) => row({ ftth_rate: f })),
      method: 'classes : seuils naturels (Jenks)',
      want: ['0,0 % (7 communes)', '20,0 % (1 commune)', '21,0 % (1 commune)', '80,0 % (1 commune)', 'donnée manquante (1 commune)'],
    },
    {
      name: 'one value for all: one class named by its value, not "toutes les communes"',
      v: 'population' as const,
      rows: [row({ population: 120 }), row({ population: 120 })],
      method: 'classes : quantiles (effectifs égaux)',
      want: ['120 (2 communes)', 'donnée manquante (0 commune)'],
    },
    {
      name: 'travel times: the fixed classes, with counts',
      v: 'access_minutes' as const,
      rows: [10, 16, 16, 50].map((m) => row({ access_minutes: m })),
      method: 'classes fixes',
      want: ['moins de 15 min (1 commune)', 'de 15 min à moins de 20 min (2 communes)', 'de 20 min à moins de 30 min (0 commune)', 'de 30 min à moins de 45 min (0 commune)', '45 min et plus (1 commune)', 'donnée manquante (0 commune)'],
    },
  ])('$name', ({ v, rows, method, want }) => {
    expect(labels(v, rows)).toEqual(want);
    expect(classMethodText(classesFor(v, rows))).toBe(method);
  });

  it('quantiles over spread values: five classes, each colour used once', () => {
    const c = classesFor('population', Array.from({ length: 100 }, (_, i) => row({ population: i * 10 })));
    expect(c.breaks).toHaveLength(4);
    expect(new Set(c.colors.map(String)).size).toBe(5);
    expect(c.summary?.map((s) => s.count)).toEqual([20, 20, 20, 20, 20]);
  });

  it('fewer classes than colours: colours spread over the whole scale', () => {
    const c = classesFor('population', [1, 2, 2].map((p) => row({ population: p })));
    expect(c.colors).toHaveLength(2);
    expect(c.colors[0]).not.toEqual(c.colors[1]);
  });
});

describe('variableSource', () => {
  it('travel times say the method used by the rows shown', () => {
    const rows = [row({ access_method: 'vol_oiseau', access_basis: 'centre', access_minutes: 12 })];
    expect(variableSource('access_minutes', rows)).toBe("Calcul Maillage : estimation à vol d'oiseau, depuis le centre de la commune");
    expect(variableSource('ftth_rate', rows)).toBe('Ma connexion internet (ARCEP)');
  });
});

describe('variableNote: what the fragility scale means (issue 19, item 10)', () => {
  const sp = (s: string | null) => s?.replace(/\s/g, ' ') ?? null;
  it.each([
    {
      reference: 'all' as const,
      want: 'Approximation locale : chaque indicateur est noté de 1 à 10 par rapport aux communes chargées (une note 10 place la commune parmi les 10 % des communes chargées les plus exposées sur cet indicateur ; un indice de 10, sur tous les indicateurs pondérés). L’indice compare les communes entre elles ici ; il n’est pas comparable à l’indice national de fragilité numérique.',
    },
    {
      reference: 'group' as const,
      want: 'Approximation locale : chaque indicateur est noté de 1 à 10 par rapport aux communes chargées du même département (une note 10 place la commune parmi les 10 % des communes chargées du même département les plus exposées sur cet indicateur ; un indice de 10, sur tous les indicateurs pondérés). L’indice compare les communes entre elles ici ; il n’est pas comparable à l’indice national de fragilité numérique.',
    },
  ])('reference $reference', ({ reference, want }) => {
    expect(sp(variableNote('fragility', { scaling: 'decile', reference }))).toBe(want);
  });

  it('the title says local approximation; other variables have no note', () => {
    expect(VARIABLES.fragility.label).toBe('Indice local de fragilité numérique (approximation, 1 à 10)');
    expect(variableNote('population', { scaling: 'decile', reference: 'all' })).toBeNull();
  });
});
