import { describe, expect, it } from 'vitest';
import { communeText, figureText, nearestRows } from '../../../src/export/fiche_text.ts';
import { hoursLines } from '../../../src/ui/fiche_input.ts';

const sp = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('fiche figures in French', () => {
  it.each([
    [33.1017, 'km', '33,1 km'],
    [16, 'km', '16,0 km'],
    [0.04, 'km', '0,0 km'],
    [23.2, 'm', '23 m'],
    [33101.7, 'm', '33,1 km'],
    [23.4, 'min', '23 min'],
    [238.6, 'personnes', '239 personnes'],
    [1, 'personnes', '1 personne'],
    [12345, 'personnes', '12 345 personnes'],
    [80, '%', '80,0 %'],
    [25, 'h', '25,0 h'],
    [5, 'jours', '5 jours'],
    [1, 'agents', '1 agent'],
  ] as const)('%s %s → %s', (v, unit, expected) => {
    expect(sp(figureText(v, unit))).toBe(expected);
  });

  it('a missing value is never printed with a unit', () => {
    for (const unit of ['h', 'jours', 'agents', 'km', 'min', 'personnes', '%']) {
      expect(figureText(null, unit)).toBe('non disponible');
      expect(figureText(NaN, unit)).toBe('non disponible');
    }
  });

  it('names a commune with its code, or says it is missing', () => {
    expect(communeText('Nevers', '58194')).toBe('Nevers (58194)');
    expect(communeText('', '58194')).toBe('commune 58194 (nom non disponible)');
    expect(communeText(null)).toBe('non disponible');
  });

  it('the nearest table: rank, name, whole minutes, km with one decimal, estimates marked', () => {
    const rows = nearestRows([
      { siteId: 'p', name: 'FS Bourg', type: 'principal', minutes: 16.4, meters: 16049, method: 'route' },
      { siteId: 'x', type: 'bus', minutes: 21.6, meters: 17_999.9, method: 'vol_oiseau' },
    ]);
    expect(rows.map((r) => ({ ...r, km: sp(r.km) }))).toEqual([
      { rank: 1, name: 'FS Bourg', type: 'Principale', minutes: '16 min', km: '16,0 km', estimate: false },
      { rank: 2, name: 'x', type: 'Bus (arrêt)', minutes: '22 min', km: '18,0 km', estimate: true },
    ]);
  });
});

describe('opening hours on the fiche', () => {
  it('groups consecutive days with the same hours, leaves out the closed ones', () => {
    const h = { lundi: '09:00-12:00', mardi: '09:00-12:00 ', mercredi: '09:00-12:00', jeudi: '', vendredi: '14:00-17:00', samedi: '14:00-17:00', dimanche: '' };
    expect(hoursLines(h)).toEqual(['lun. au mer. 09:00-12:00', 'ven. et sam. 14:00-17:00']);
    expect(hoursLines({ lundi: '', mardi: '', mercredi: '', jeudi: '', vendredi: '', samedi: '', dimanche: '' })).toEqual([]);
  });
});
