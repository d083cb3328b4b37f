import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, importWithMapping, type MappingNeeded } from '../../../../src/data/import/import_file.ts';
import { rejectedToCsv, rejectedToCsvBytes } from '../../../../src/data/import/rejects.ts';
import { guessMapping } from '../../../../src/data/import/mapping.ts';
import { siteSupplyFte, supplyDefaultsUsed } from '../../../../src/domain/diagnosis/e2sfca.ts';

const fixture = (p: string) => readFileSync(resolve(import.meta.dirname, '../../../fixtures', p));
const utf8 = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

function needsMapping(name: string, bytes: Uint8Array): MappingNeeded {
  const r = importFile(name, bytes);
  if (!r.needsMapping) throw new Error(`${name} unexpectedly recognised as ${r.format.id}`);
  return r;
}

describe('unknown files are not refused: columns, sample and guesses', () => {
  const cases: { name: string; bytes: Uint8Array; expected: Record<string, unknown> }[] = [
    {
      name: 'Lambert-93, semicolon, decimal comma',
      bytes: fixture('unknown/lambert93_semicolon.csv'),
      expected: { target: 'help_points', x: 'X_L93', y: 'Y_L93', crs: 'lambert93', communeCode: 'Commune', name: 'Nom du lieu', kind: 'mediation' },
    },
    {
      name: 'indicator, tab separator, 2A and lost leading zero',
      bytes: fixture('unknown/indicateur_tab.csv'),
      expected: { target: 'custom_indicators', communeCode: 'code', numericColumns: ['taux_equipement'], x: null },
    },
    {
      name: 'GeoJSON points with unknown properties',
      bytes: fixture('unknown/points_inconnus.geojson'),
      expected: { target: 'help_points', hasPointGeometry: true, name: 'libelle', kind: 'mediatheque' },
    },
    {
      name: 'swapped latitude/longitude columns, UTF-8 BOM, comma',
      bytes: utf8('\ufeffnom,latitude,longitude\nMairie de Nevers,3.159,46.99\nMairie de Decize,3.46,46.83\n'),
      expected: { x: 'latitude', y: 'longitude', crs: 'wgs84' },
    },
    {
      name: 'Lambert-93 in latitude/longitude columns, Windows-1252',
      bytes: latin1('nom;latitude;longitude\nMédiathèque de la Nièvre;6655000;720000\n'),
      expected: { x: 'longitude', y: 'latitude', crs: 'lambert93', kind: 'mediatheque' },
    },
    {
      name: 'EPSG:3035 metres',
      bytes: utf8('id,easting,northing\na,3800000,2650000\n'),
      expected: { x: 'easting', y: 'northing', crs: 'epsg3035' },
    },
  ];
  it.each(cases)('$name', ({ name, bytes, expected }) => {
    const r = needsMapping(`${name}.csv`, bytes);
    expect(r.format.id).toBe('a_definir');
    expect(r.output.rows).toEqual({});
    expect(r.sample.length).toBeGreaterThan(0);
    expect(r.guesses).toMatchObject(expected);
  });

  it('explains Lambert-93 found in latitude/longitude columns', () => {
    const r = needsMapping('x.csv', latin1('nom;latitude;longitude\nA;6655000;720000\n'));
    expect(r.guesses.notes.join(' ')).toMatch(/Lambert-93/);
    expect(r.sample[0].values.nom).toBe('A');
  });

  it('keeps the Windows-1252 accents in the sample', () => {
    const r = needsMapping('x.csv', latin1('nom;latitude;longitude\nNièvre;47;3.5\n'));
    expect(r.encoding).toBe('windows-1252');
    expect(r.sample[0].values.nom).toBe('Nièvre');
  });
});

describe('importWithMapping', () => {
  it('reprojects Lambert-93 help points and rejects the out-of-grid row with its values', () => {
    const bytes = fixture('unknown/lambert93_semicolon.csv');
    const r = importWithMapping('lieux.csv', bytes, {
      target: 'help_points', kind: 'mediation', name: 'Nom du lieu', communeCode: 'Commune',
      coordinates: { type: 'columns', x: 'X_L93', y: 'Y_L93', crs: 'lambert93' },
    });
    const rows = r.output.rows.help_points ?? [];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: 'lieux-2', kind: 'mediation', name: 'Espace numérique de Clamecy', commune_code: '58079' });
    // Lambert-93 (730410.5, 6705250) is in the north of the Nièvre
    expect(rows[0].lon as number).toBeCloseTo(3.40, 2);
    expect(rows[0].lat as number).toBeCloseTo(47.45, 1);
    expect(r.output.rejected).toEqual([
      { line: 4, reason: expect.stringMatching(/Lambert-93/), values: { identifiant: '3', 'Nom du lieu': 'Hors grille', Commune: '58194', X_L93: '10', Y_L93: '20' } },
    ]);
  });

  it('uses the GeoJSON geometry and reports swapped coordinates', () => {
    const r = importWithMapping('points.geojson', fixture('unknown/points_inconnus.geojson'), {
      target: 'help_points', kind: 'mediatheque', name: 'libelle', coordinates: { type: 'geometry' },
    });
    expect(r.output.rows.help_points).toHaveLength(1);
    expect(r.output.rejected.map((x) => x.reason)).toEqual(['latitude et longitude semblent inversées']);
  });

  it('builds commune indicators with codes as strings (leading zero restored, 2A kept)', () => {
    const r = importWithMapping('taux.csv', fixture('unknown/indicateur_tab.csv'), {
      target: 'custom_indicators', code: 'code', values: [{ column: 'taux_equipement', name: 'Taux d’équipement' }],
    });
    expect(r.output.rows.custom_indicators).toEqual([
      { code: '01001', name: 'Taux d’équipement', value: 12.5 },
      { code: '2A004', name: 'Taux d’équipement', value: 30 },
      { code: '01002', name: 'Taux d’équipement', value: 7 },
    ]);
    expect(r.output.rejected).toHaveLength(1);
  });

  it('refuses a mapping naming a column that does not exist (a bug in the caller)', () => {
    expect(() =>
      importWithMapping('taux.csv', fixture('unknown/indicateur_tab.csv'), { target: 'custom_indicators', code: 'nope', values: [] }),
    ).toThrow(/unknown columns/);
  });
});

describe('guessMapping (pure)', () => {
  it('does not take a postcode for a commune code', () => {
    const g = guessMapping(['cp', 'ville'], [{ line: 2, values: { cp: '58000', ville: 'Nevers' } }]);
    expect(g.communeCode).toBeNull();
  });
});

describe('rejected rows as CSV', () => {
  it('UTF-8 BOM, semicolons, French header, original columns, quoting', () => {
    const csv = rejectedToCsv(
      [{ line: 3, reason: 'coordonnées absentes', values: { nom: 'A; B', adresse: 'sur\ndeux lignes' } }],
      ['nom', 'adresse'],
    );
    expect(csv).toBe('\ufeffligne;motif;nom;adresse\r\n3;coordonnées absentes;"A; B";"sur\ndeux lignes"\r\n');
    expect([...rejectedToCsvBytes([]).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('from a real import: the rejects carry the file columns', () => {
    const r = importFile('fs.csv', fixture('csv/france_services_small.csv'));
    if (r.needsMapping) throw new Error('not recognised');
    const lines = rejectedToCsv(r.output.rejected, r.columns).split('\r\n');
    expect(lines[0]).toBe(`\ufeffligne;motif;${r.columns.join(';')}`);
    expect(lines[1]).toMatch(/^5;coordonnées absentes ou non numériques;/);
  });
});

describe('agents of France Services from a mapped column (issue 19, item 3)', () => {
  // No real file read today gives agents (the ANCT liste-fs CSV and the 2020 GeoJSON have none):
  // a user's own file can, through the column mapping.
  const csv = [
    'nom;lat;lon;nb_agents',
    'FS Trois;47.0;3.5;3',
    'FS Vide;47.1;3.5;',
    'FS Texte;47.2;3.5;deux',
    'FS Demi;47.3;3.5;2,5',
    'FS Trop;47.4;3.5;300',
    'FS Zero;47.5;3.5;0',
  ].join('\n');

  it('the agents column is guessed by its name', () => {
    const r = needsMapping('mes_france_services.csv', utf8(csv));
    expect(r.guesses.agents).toBe('nb_agents');
    expect(r.guesses.kind).toBe('france_services');
  });

  it('whole numbers of agents are read; an empty cell is unknown; other values are unknown, counted and told in French', () => {
    const r = importWithMapping('mes_france_services.csv', utf8(csv), {
      target: 'help_points', kind: 'france_services', name: 'nom', agents: 'nb_agents', coordinates: { type: 'columns', x: 'lon', y: 'lat', crs: 'wgs84' },
    });
    const rows = r.output.rows.help_points;
    expect(rows!.map((p) => [p.name, p.agents])).toEqual([
      ['FS Trois', 3], ['FS Vide', null], ['FS Texte', null], ['FS Demi', null], ['FS Trop', null], ['FS Zero', null],
    ]);
    // deux, 2,5, 300 and 0: four values that are not a number of agents (the empty cell is just unknown).
    expect(r.output.warnings).toContain(
      "4 valeur(s) de la colonne « nb_agents » ne sont pas un nombre d'agents (entier de 1 à 50) : ces lieux comptent 2 agents par défaut, signalés lieu par lieu.",
    );
  });

  it('read agents enter the supply; the default is flagged only where none was read', () => {
    const r = importWithMapping('mes_france_services.csv', utf8(csv), {
      target: 'help_points', kind: 'france_services', name: 'nom', agents: 'nb_agents', coordinates: { type: 'columns', x: 'lon', y: 'lat', crs: 'wgs84' },
    });
    const [three, empty] = r.output.rows.help_points!;
    const site = (p: typeof three) => ({ kind: 'france_services' as const, agents: p.agents as number | null, hoursPerWeek: null });
    // 3 agents × 24 h (the charter's minimum, hours unknown) / 35 h; the default: 2 × 24 / 35.
    expect(siteSupplyFte(site(three))).toBeCloseTo((3 * 24) / 35, 12);
    expect(siteSupplyFte(site(empty))).toBeCloseTo((2 * 24) / 35, 12);
    expect(supplyDefaultsUsed(site(three))).toEqual({ agents: false, hours: true });
    expect(supplyDefaultsUsed(site(empty))).toEqual({ agents: true, hours: true });
  });

  it('a mapping of another kind of place ignores the agents column', () => {
    const r = importWithMapping('lieux.csv', utf8(csv), {
      target: 'help_points', kind: 'mediation', name: 'nom', agents: 'nb_agents', coordinates: { type: 'columns', x: 'lon', y: 'lat', crs: 'wgs84' },
    });
    expect(r.output.rows.help_points!.every((p) => p.agents === null)).toBe(true);
    expect(r.output.warnings.some((w) => w.includes('agents'))).toBe(false);
  });

  it('a mapping naming a column the file does not have is refused', () => {
    expect(() => importWithMapping('x.csv', utf8(csv), {
      target: 'help_points', kind: 'france_services', agents: 'effectif', coordinates: { type: 'columns', x: 'lon', y: 'lat', crs: 'wgs84' },
    })).toThrow(/effectif/);
  });
});
