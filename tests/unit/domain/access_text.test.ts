import { describe, expect, it } from 'vitest';
import { accessMethodText, countAccessMethods, type AccessMethodRow } from '../../../src/domain/access_text.ts';

const row = (access_method: string | null, access_basis: string | null): AccessMethodRow => ({ access_method, access_basis });
const times = <T>(n: number, r: T) => Array.from({ length: n }, () => r);

describe('accessMethodText', () => {
  it.each([
    { name: 'nothing computed', rows: [row(null, null)], text: "temps d'accès non calculés" },
    { name: 'road network and grid cells', rows: times(3, row('route', 'carreaux')), text: 'temps de trajet routier, moyenne des habitants des carreaux de 1 km' },
    { name: 'straight line from the commune centre (no network, no grid)', rows: times(309, row('vol_oiseau', 'centre')), text: "estimation à vol d'oiseau, depuis le centre de la commune" },
    {
      name: 'grid cells for some communes only',
      rows: [...times(200, row('route', 'carreaux')), ...times(109, row('route', 'centre'))],
      text: 'temps de trajet routier ; moyenne des habitants des carreaux de 1 km pour 200 communes, depuis le centre de la commune pour 109 communes',
    },
    {
      name: 'both methods',
      rows: [...times(1, row('route', 'centre')), ...times(2, row('vol_oiseau', 'centre'))],
      text: "temps de trajet routier pour 1 commune, estimation à vol d'oiseau pour 2 communes ; depuis le centre de la commune",
    },
    {
      name: 'some communes not computed',
      rows: [row('vol_oiseau', 'centre'), row('vol_oiseau', 'centre'), row(null, null)],
      text: "estimation à vol d'oiseau, depuis le centre de la commune ; non calculé pour 1 commune",
    },
  ])('$name', ({ rows, text }) => expect(accessMethodText(rows)).toBe(text));

  it('counts', () => {
    expect(countAccessMethods([row('route', 'carreaux'), row('vol_oiseau', 'centre'), row(null, null)])).toEqual({ road: 1, straight: 1, grid: 1, centre: 1, none: 1 });
  });
});
