/**
 * The method said on the scenario tables and in the zone / commune exports follows the method
 * used (issue 13, "Method text follows the method"). Expected texts are written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { accessTimeHeader, scenarioMethodText, zoneMethodText, zoneThresholdText, type TimedRow } from '../../../src/ui/method_text.ts';
import { zoneExportRows, zonesCsv } from '../../../src/ui/export_files.ts';
import type { CommuneRow } from '../../../src/data/queries/dashboard.ts';
import type { ZoneRow } from '../../../src/data/queries/diagnosis.ts';

const estimate = { detour: 1.5, speedKmh: 50 };
const figures = (estimatedPopulation: number) => ({ estimatedPopulation });

describe('scenarioMethodText', () => {
  it('straight line: said, with its detour and speed', () => {
    expect(scenarioMethodText({ method: 'vol_oiseau', estimate, before: figures(1000), after: figures(1000) }))
      .toBe("Estimation à vol d'oiseau (distance en ligne droite × 1,5 (détour) à 50 km/h : c'est une estimation à vol d'oiseau).");
  });
  it('road everywhere', () => {
    expect(scenarioMethodText({ method: 'route', estimate, before: figures(0), after: figures(0) })).toBe('Temps de trajet routiers sur le réseau chargé.');
  });
  it('mixed: the people estimated off the network are counted (the larger of before and after)', () => {
    expect(scenarioMethodText({ method: 'route', estimate: { detour: 1.4, speedKmh: 45 }, before: figures(1234.4), after: figures(800) })).toBe(
      "Temps de trajet routiers, sauf 1\u202f234 habitants hors du réseau routier comptés en estimation à vol d'oiseau (distance en ligne droite × 1,4 (détour) à 45 km/h : c'est une estimation à vol d'oiseau).",
    );
  });
});

const row = (code: string, population: number, access_method: string | null, access_basis: string | null): TimedRow => ({ code, population, access_method, access_basis });

describe('zoneMethodText: from the communes of the zone', () => {
  const communes = new Map([
    ['58001', row('58001', 100, 'route', 'carreaux')],
    ['58002', row('58002', 250, 'vol_oiseau', 'centre')],
    ['58003', row('58003', 40, 'vol_oiseau', 'centre')],
    ['58004', row('58004', 70, null, null)],
  ]);
  const cases: [string, string | null][] = [
    ['58001', 'trajet routier'],
    ['58002,58003', "estimation à vol d'oiseau"],
    ['58001,58002,58003', "trajet routier, et estimation à vol d'oiseau pour 2 commune(s) (290 habitants) hors du réseau"],
    ['58004', null],
    ['99999', null],
  ];
  for (const [codes, expected] of cases) it(`${codes} → ${expected}`, () => expect(zoneMethodText(codes, communes)).toBe(expected));
});

describe('zoneThresholdText', () => {
  it('an underserved zone is beyond the threshold of the analysis; a robust one beyond all three', () => {
    expect(zoneThresholdText('underserved', 30, [20, 30, 45])).toBe('plus de 30 min');
    expect(zoneThresholdText('robust', 30, [20, 30, 45])).toBe('plus de 20, 30 et 45 min');
    expect(zoneThresholdText('underserved', null, [20, 30, 45])).toBeNull();
  });
});

describe('accessTimeHeader: "moyen" only when the times are means over inhabited cells', () => {
  it.each([
    [['carreaux', 'carreaux'], "Temps d'accès moyen (min)"],
    [['centre', null], "Temps d'accès depuis le centre de la commune (min)"],
    [[null], "Temps d'accès (min)"],
    [['carreaux', 'centre'], "Temps d'accès (min) : moyenne des carreaux habités ou depuis le centre de la commune (voir « Temps calculé depuis »)"],
  ] as [(string | null)[], string][])('%j', (bases, expected) => {
    expect(accessTimeHeader(bases.map((b) => ({ access_basis: b })))).toBe(expected);
  });
});

describe('zones CSV: threshold and method columns', () => {
  const zone = (rank: number, codes: string, kind = 'underserved'): ZoneRow => ({
    kind, rank, codes, names: codes, population: 10, pop_75p: null, need: null, need_complete: false, max_minutes: 40, mean_minutes: 35, geom: null,
  });
  const communes = [row('58001', 100, 'route', 'carreaux'), row('58002', 250, 'vol_oiseau', 'centre')] as unknown as CommuneRow[];
  it('each zone says the threshold it is beyond and how its times were computed', () => {
    const rows = zoneExportRows([zone(1, '58001'), zone(2, '58002')], communes, 30);
    expect(rows.map((r) => [r.threshold, r.method])).toEqual([['plus de 30 min', 'trajet routier'], ['plus de 30 min', "estimation à vol d'oiseau"]]);
    const text = new TextDecoder().decode(zonesCsv([zone(1, '58002')], communes, 30)).replace(/^\uFEFF/, '');
    const [header, first] = text.trim().split(/\r?\n/);
    expect(header.split(';')).toContain('Seuil');
    expect(header.split(';')).toContain("Méthode du temps d'accès");
    expect(first).toContain('plus de 30 min');
    expect(first).toContain("estimation à vol d'oiseau");
  });
});
