import { describe, expect, it } from 'vitest';
import { buildCogTable, loadCogTable, toCurrentCommune, type CogCommuneRecord } from '../../../src/domain/cog.ts';
import { remapCommuneCodes } from '../../../src/data/import/cog_apply.ts';

/** A tiny hand-made COG: 01015 absorbed 01340 (anciensCodes) and has 01015/01340 as communes déléguées. */
const RECORDS: CogCommuneRecord[] = [
  { code: '01015', nom: 'Arboys en Bugey', type: 'commune-actuelle', anciensCodes: ['01340'] },
  { code: '01015', nom: 'Arbignieu', type: 'commune-deleguee', chefLieu: '01015' },
  { code: '01262', nom: 'Culoz-Béon', type: 'commune-actuelle' },
  { code: '01120', nom: 'Cordieux', type: 'commune-associee', chefLieu: '01262' },
  { code: '13055', nom: 'Marseille', type: 'commune-actuelle' },
  { code: '13201', nom: 'Marseille 1er', type: 'arrondissement-municipal', commune: '13055' },
  { code: '2A004', nom: 'Ajaccio', type: 'commune-actuelle' },
  // merged twice: 99001 → 99002 (déléguée) → 01262
  { code: '99002', nom: 'Intermédiaire', type: 'commune-deleguee', chefLieu: '01262' },
  { code: '99001', nom: 'Très ancienne', type: 'commune-deleguee', chefLieu: '99002' },
];
const table = buildCogTable(RECORDS);

describe('toCurrentCommune', () => {
  it.each([
    ['01015', { code: '01015', changed: false }],
    ['01340', { code: '01015', changed: true }],
    ['01120', { code: '01262', changed: true }],
    ['13201', { code: '13055', changed: true }],
    ['2A004', { code: '2A004', changed: false }],
    ['99001', { code: '01262', changed: true }],
    ['58999', null],
    ['xx', null],
  ])('%s', (code, expected) => expect(toCurrentCommune(table, code)).toEqual(expected));
});

describe('remapCommuneCodes on imported rows', () => {
  const { output, report } = remapCommuneCodes(
    {
      rows: {
        legal_population: [
          { code: '01015', nom: 'Arboys', pmun: 500, pcap: 5, ptot: 505 },
          { code: '01340', nom: 'Ancienne', pmun: 210, pcap: 1, ptot: 211 },
          { code: '58999', nom: 'Inconnue', pmun: 1, pcap: 0, ptot: 1 },
        ],
        help_points: [{ id: 'a', commune_code: '01120' }],
      },
      rejected: [],
      warnings: [],
    },
    table,
  );
  it('adds up the counts of merged communes and keeps the current commune row', () => {
    expect(output.rows.legal_population?.[0]).toEqual({ code: '01015', nom: 'Arboys', pmun: 710, pcap: 6, ptot: 716 });
    expect(output.rows.legal_population).toHaveLength(2);
  });
  it('replaces point commune codes', () => expect(output.rows.help_points?.[0].commune_code).toBe('01262'));
  it('reports what changed and what could not be mapped, with reasons', () => {
    expect(report.changed).toEqual([
      { from: '01340', to: '01015', rows: 1 },
      { from: '01120', to: '01262', rows: 1 },
    ]);
    expect(report.unmapped).toEqual([{ code: '58999', reason: expect.stringMatching(/absent du COG/), rows: 1 }]);
    expect(output.warnings.join('\n')).toMatch(/58999/);
  });
});

describe('loadCogTable (the real package data, lazily imported)', () => {
  it('knows today’s communes and maps old codes', async () => {
    const cog = await loadCogTable();
    expect([...cog.entries.values()].filter((e) => e.link === 'actuelle').length).toBeGreaterThan(34_000);
    expect(toCurrentCommune(cog, '01340')).toEqual({ code: '01015', changed: true });
    expect(toCurrentCommune(cog, '58194')).toEqual({ code: '58194', changed: false });
  }, 90_000); // parses the whole national table of the package (about 20 s on a busy 2-CPU machine)
});
