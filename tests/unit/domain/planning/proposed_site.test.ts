import { describe, expect, it } from 'vitest';
import { candidateInputs, checkProposedSite, communeAt, emptyHours, nearestAddress, prefillProposedSite, type CommuneShape } from '../../../../src/domain/planning/index.ts';

// Two communes side by side: A = [2, 3] × [46, 47], B = [3, 4] × [46, 47] with a hole-free L shape is not needed.
const square = (x: number, y: number, s = 1) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });
const communes: CommuneShape[] = [
  { code: '58001', nom: 'Alpha', geometry: square(2, 46) },
  { code: '58002', nom: 'Bêta', geometry: { type: 'MultiPolygon', coordinates: [square(3, 46).coordinates, square(5, 46).coordinates] } },
];

describe('prefill of the proposed site from a point', () => {
  it('finds the commune polygon that contains the point (polygon and multipolygon), none outside', () => {
    expect(communeAt(2.5, 46.5, communes)).toEqual({ code: '58001', nom: 'Alpha' });
    expect(communeAt(5.5, 46.5, communes)).toEqual({ code: '58002', nom: 'Bêta' }); // second part of the multipolygon
    expect(communeAt(4.5, 46.5, communes)).toBeNull(); // between the two parts
    expect(communeAt(NaN, 46.5, communes)).toBeNull();
  });

  it('takes the nearest address within 300 m, not a farther one nor an empty one', () => {
    // 0.001° of latitude ≈ 111 m; 0.004° ≈ 445 m.
    const places = [
      { name: 'Mairie', address: '1 place de la Mairie 58001 Alpha', lon: 2.5, lat: 46.502 },
      { name: 'Poste', address: '3 rue de la Poste', lon: 2.5, lat: 46.501 },
      { name: 'Sans adresse', address: '  ', lon: 2.5, lat: 46.5 },
      { name: 'Loin', address: '9 route de Loin', lon: 2.5, lat: 46.504 },
    ];
    expect(nearestAddress(2.5, 46.5, places)).toMatchObject({ address: '3 rue de la Poste', from: 'Poste' });
    expect(nearestAddress(2.5, 46.5, places)!.meters).toBeCloseTo(111.2, 0);
    expect(nearestAddress(2.5, 46.5, [places[3]])).toBeNull();
  });

  it('opens the form with the commune, the address, the scenario format and empty hours', () => {
    const f = prefillProposedSite({ lon: 2.5, lat: 46.5, fsType: 'antenne' }, communes, [{ name: 'Poste', address: '3 rue de la Poste', lon: 2.5, lat: 46.501 }]);
    expect(f).toMatchObject({ name: 'France services d’Alpha', address: '3 rue de la Poste', communeCode: '58001', communeName: 'Alpha', format: 'antenne', agents: null });
    expect(Object.values(f.hours).every((h) => h === '')).toBe(true);
    // No address within 300 m: the commune's postcode and name, to be completed.
    expect(prefillProposedSite({ lon: 2.5, lat: 46.5 }, communes, [], new Map([['58001', '58120']])).address).toBe('58120 Alpha');
    const outside = prefillProposedSite({ name: 'Nouveau lieu', lon: 9, lat: 9 }, communes, []);
    expect(outside).toMatchObject({ name: 'Nouveau lieu', address: '', communeCode: null, communeName: null, format: 'principal' });
  });
});

describe('what the labelling check reads of the form', () => {
  it('blank days are closed once one day is filled; none filled: no hours; agents kept', () => {
    const hours = { ...emptyHours(), lundi: ' 09:00-12:00 ', mardi: '9h-12h' };
    const base = prefillProposedSite({ lon: 2.5, lat: 46.5 }, communes, []);
    expect(candidateInputs({ ...base, hours, agents: 2 })).toEqual({
      hours: { lundi: '09:00-12:00', mardi: '9h-12h', mercredi: null, jeudi: null, vendredi: null, samedi: null, dimanche: null },
      agents: 2,
    });
    expect(candidateInputs(base)).toEqual({});
  });

  it('a stored form read back is cleaned, or refused when it is not one', () => {
    expect(checkProposedSite(null)).toBeNull();
    expect(checkProposedSite({ name: 42 })).toBeNull();
    const r = checkProposedSite({ name: 'FS\u202e de test', format: 'rocket', agents: -3, hours: { lundi: '09:00-12:00', mardi: 7 }, stops: ['Arrêt 1', 5] });
    expect(r).toMatchObject({ name: 'FS de test', format: 'principal', agents: null, stops: ['Arrêt 1'] });
    expect(r!.hours.lundi).toBe('09:00-12:00');
    expect(r!.hours.mardi).toBe('');
  });
});
