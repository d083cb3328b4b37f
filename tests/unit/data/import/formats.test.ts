/**
 * Formats added for issue 4, table-driven: a hand-made fixture per format (tests/fixtures/<format>/)
 * and, when present, the real open-data file (read in place, never copied).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, type ImportedFile } from '../../../../src/data/import/import_file.ts';
import { hasRaw, rawPath } from '../../../helpers/fixtures.ts';

const fixture = (p: string) => readFileSync(resolve(import.meta.dirname, '../../../fixtures', p));

function imported(name: string, bytes: Uint8Array): ImportedFile {
  const r = importFile(name, bytes);
  if (r.needsMapping) throw new Error(`${name} not recognised: ${r.reason}`);
  return r;
}

interface FixtureCase {
  name: string;
  file: string;
  format: string;
  table: string;
  rows: Record<string, unknown>[];
  rejected: { line: number; reason: RegExp }[];
}

const cases: FixtureCase[] = [
  {
    name: 'MedNum BFC CSV (no INSEE code, embedded newline, codes expanded)',
    file: 'mednum_bfc/bfc_small.csv',
    format: 'mednum_bfc',
    table: 'help_points',
    rows: [
      {
        id: 'bfc-mednumBFC_X_1_', kind: 'mediation', name: 'Médiathèque Jean Jaurès', commune_code: null, commune_name: 'NEVERS',
        code_postal: '58000', typology: 'Lieu de médiation publique, Tiers-lieu', labels: 'APTIC, Nièvre médiation numérique', hours_per_week: 7,
      },
      {
        id: 'bfc-mednumBFC_X_2_', name: 'France services de Château-Chinon', hours_per_week: null,
        labels: 'Maison de Services Au Public, Nièvre médiation numérique, Maison France Services',
        address: "2 place Notre-Dame\n(accueil au rez-de-chaussée) 58120 CHATEAU CHINON VILLE",
      },
    ],
    rejected: [
      { line: 5, reason: /absentes/ },
      { line: 6, reason: /inversées/ },
    ],
  },
  {
    name: 'France Services 2020 GeoJSON (legacy schema)',
    file: 'france_services_2020/fs2020_small.geojson',
    format: 'anct_france_services_2020',
    table: 'help_points',
    rows: [
      { id: 'fs2020-1', kind: 'france_services', commune_code: '01033', lon: 5.825644, lat: 46.105747, hours_per_week: 9.5, format_fs: 'Espace labellisé' },
      { id: 'fs2020-2', commune_code: '2A004', hours_per_week: null },
    ],
    rejected: [{ line: 3, reason: /absentes/ }],
  },
  {
    name: 'Hinaura JSON, recognised as the national médiation standard',
    file: 'mediation_standard/hinaura_small.json',
    format: 'lieux_mediation_standard',
    table: 'help_points',
    rows: [{ id: 'lmn-0', kind: 'mediation', commune_name: 'ABONDANCE', lat: 46.27947045 }],
    rejected: [{ line: 2, reason: /inversées/ }],
  },
  {
    name: 'IGN département contours (58, 2A)',
    file: 'departements/departements_small.geojson',
    format: 'ign_departements_geojson',
    table: 'departements',
    rows: [{ code: '58', nom: 'Nièvre' }, { code: '2A', nom: 'Corse-du-Sud' }],
    rejected: [{ line: 3, reason: /Point/ }],
  },
  {
    name: 'ARCEP coverage polygons',
    file: 'coverage_polygons/couverture_small.geojson',
    format: 'arcep_couverture_polygones',
    table: 'coverage_polygons',
    rows: [
      { operator: 'Orange', technology: '4G', level: 'TBC' },
      { operator: 'Free Mobile', technology: '4G', level: 'BC' },
    ],
    rejected: [
      { line: 3, reason: /opérateur absent/ },
      { line: 4, reason: /non WGS84/ },
    ],
  },
];

describe.each(cases)('$name', ({ file, format, table, rows, rejected }) => {
  const r = imported(file.split('/').pop()!, fixture(file));
  const out = (r.output.rows as Record<string, Record<string, unknown>[]>)[table] ?? [];
  it('is recognised', () => expect(r.format.id).toBe(format));
  it('gives the expected rows', () => {
    expect(out).toHaveLength(rows.length);
    rows.forEach((expected, i) => expect(out[i]).toMatchObject(expected));
  });
  it('rejects bad rows with line, reason and original values', () => {
    expect(r.output.rejected.map((x) => x.line)).toEqual(rejected.map((x) => x.line));
    r.output.rejected.forEach((x, i) => {
      expect(x.reason).toMatch(rejected[i].reason);
      expect(Object.keys(x.values ?? {}).length).toBeGreaterThan(0);
    });
  });
});

interface RealCase {
  rel: string;
  format: string;
  table: string;
  count: number;
  check?: (rows: Record<string, unknown>[]) => void;
}

const real: RealCase[] = [
  {
    rel: 'mednum-bfc-lieux-mediation/bfc-ternum-dataset.csv', format: 'mednum_bfc', table: 'help_points', count: 697,
    check: (rows) => expect(rows.filter((r) => String(r.code_postal).startsWith('58'))).toHaveLength(120),
  },
  { rel: 'anct-france-services-2020/france_services.geojson', format: 'anct_france_services_2020', table: 'help_points', count: 908 },
  { rel: 'hinaura-lieux-mediation/source.json', format: 'lieux_mediation_standard', table: 'help_points', count: 687 },
  {
    rel: 'ign-admin-express-2018-geojson/departement-58-nievre.geojson', format: 'ign_departements_geojson', table: 'departements', count: 1,
    check: (rows) => expect(rows[0]).toMatchObject({ code: '58', nom: 'Nièvre' }),
  },
  { rel: 'ign-admin-express-2018-geojson/departements-version-simplifiee.geojson', format: 'ign_departements_geojson', table: 'departements', count: 96 },
];

describe.each(real)('real file $rel', ({ rel, format, table, count, check }) => {
  it.skipIf(!hasRaw(rel))('loads every row', () => {
    const r = imported(rel.split('/').pop()!, readFileSync(rawPath(rel)));
    expect(r.format.id).toBe(format);
    const rows = (r.output.rows as Record<string, Record<string, unknown>[]>)[table] ?? [];
    expect(rows.length + r.output.rejected.length).toBe(count);
    expect(r.output.rejected.length, JSON.stringify(r.output.rejected.slice(0, 3))).toBeLessThanOrEqual(Math.ceil(count * 0.01));
    check?.(rows);
  });
});
