/** EPCI from today's COG: names for a membership file, membership for a contour file, the COG report. */
import { describe, expect, it } from 'vitest';
import { buildCogTable, buildEpciTable, epciOfCommune, loadEpciTable, type CogTable } from '../../../src/domain/cog.ts';
import { mergeCogReports, remapCommuneCodes } from '../../../src/data/import/cog_apply.ts';

const cog: CogTable = {
  ...buildCogTable([
    { code: '01015', nom: 'Arboys en Bugey', type: 'commune-actuelle', anciensCodes: ['01340'] },
    { code: '01262', nom: 'Culoz-Béon', type: 'commune-actuelle' },
  ]),
  epci: buildEpciTable([
    { code: '200000001', nom: 'CC Bugey Sud', type: 'CC', membres: [{ code: '01015' }] },
    { code: '200000002', nom: 'CA Culoz', type: 'CA', membres: [{ code: '01262' }] },
    { code: 'bad', nom: 'Ignored', membres: [{ code: '01262' }] },
  ]),
};
const run = (rows: Parameters<typeof remapCommuneCodes>[0]['rows']) => remapCommuneCodes({ rows, rejected: [], warnings: [] }, cog);

describe('EPCI of a commune', () => {
  it.each([
    ['01015', '200000001'],
    ['01340', '200000001'], // an old code, through its current commune
    ['01262', '200000002'],
    ['58999', null],
  ])('%s → %s', (code, siren) => expect(epciOfCommune(cog, code)).toBe(siren));
});

describe('attachEpci (through remapCommuneCodes)', () => {
  it('a membership file (IRIS–EPCI) gets the names and nature of the EPCI it cites', () => {
    const { output, report } = run({
      commune_epci: [
        { code: '01015', epci: '200000001', nature_epci: 'CC', dep: '01' },
        { code: '01262', epci: '200000002', nature_epci: 'CA', dep: '01' },
        { code: '58999', epci: '249999999', nature_epci: 'CC', dep: '58' },
      ],
    });
    expect(output.rows.epci).toEqual([
      { siren: '200000001', nom: 'CC Bugey Sud', nature: 'CC' },
      { siren: '200000002', nom: 'CA Culoz', nature: 'CA' },
    ]);
    expect(report.epciUnknown).toEqual(['249999999']);
    expect(output.warnings.join('\n')).toMatch(/1 EPCI absent\(s\) du COG en vigueur, nom inconnu \(SIREN 249999999\)/);
    expect(output.rows.commune_epci?.every((r) => r.origin === undefined)).toBe(true);
  });

  it('names given by the file itself (geo.api) are kept', () => {
    const { output } = run({
      commune_epci: [{ code: '01015', epci: '200000001', nature_epci: null, dep: '01' }],
      epci: [{ siren: '200000001', nom: 'Nom du fichier', nature: null }],
    });
    expect(output.rows.epci).toEqual([{ siren: '200000001', nom: 'Nom du fichier', nature: null }]);
  });

  it('a contour file with no membership: communes attached to their EPCI of today, marked origin "cog", and said', () => {
    const { output, report } = run({ communes: [{ code: '01340', nom: 'Ancienne' }, { code: '01262', nom: 'Culoz' }, { code: '58999', nom: 'Inconnue' }] });
    expect(output.rows.commune_epci).toEqual([
      { code: '01340', epci: '200000001', nature_epci: 'CC', dep: null, origin: 'cog' },
      { code: '01262', epci: '200000002', nature_epci: 'CA', dep: null, origin: 'cog' },
    ]);
    expect(output.rows.epci?.map((e) => e.nom)).toEqual(['CC Bugey Sud', 'CA Culoz']);
    expect(report.membershipFromCog).toBe(2);
    expect(output.warnings.join('\n')).toMatch(/2 commune\(s\) rattachée\(s\) à leur EPCI d'après le COG/);
  });

  it('a file with neither communes nor membership is left alone', () => {
    const { output, report } = run({ legal_population: [{ code: '01015', pmun: 1 }] });
    expect(output.rows.epci).toBeUndefined();
    expect(report.epciNamed).toBeUndefined();
  });

  it('reports of the parts of a streamed file add up', () => {
    const merged = mergeCogReports(
      { changed: [], unmapped: [], epciNamed: ['1'], epciUnknown: ['9'] },
      { changed: [], unmapped: [], epciNamed: ['1', '2'], membershipFromCog: 3 },
    );
    expect(merged).toEqual({ changed: [], unmapped: [], epciNamed: ['1', '2'], epciUnknown: ['9'], membershipFromCog: 3 });
  });
});

describe("loadEpciTable (the package's epci.json, lazily imported)", () => {
  it('the Nièvre: 13 EPCI with members in the 58, the CA de Nevers among them', async () => {
    const t = await loadEpciTable();
    expect(t.bySiren.get('245804406')).toEqual({ nom: 'CA de Nevers', nature: 'CA' });
    const of58 = new Set([...t.byCommune].filter(([c]) => c.startsWith('58')).map(([, s]) => s));
    expect(of58.size).toBe(13);
  }, 120_000);
});
