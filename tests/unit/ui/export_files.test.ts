/**
 * The exports write each E2SFCA status apart (issue 19, item 5): the CSV and GeoJSON value and
 * status of "personnes à accompagner par ETP d'aidant" for a computed, an estimated, a
 * no-helper-in-reach, a no-demand and an unknown-demand commune; and, per France Services,
 * whether its supply used the default agents or hours (item 3). Expected values written by hand.
 */
import { describe, expect, it } from 'vitest';
import type { CommuneRow, HelpPointRow } from '../../../src/shared/rows.ts';
import { communesCsv, layersGeoJson } from '../../../src/ui/export_files.ts';

const commune = (code: string, people_per_fte: number | null, people_per_fte_status: string | null) =>
  ({ code, nom: `Commune ${code}`, epci_nom: null, population: 100, pop_75p: null, access_minutes: null, access_method: null, access_basis: null,
    fragility: null, need: null, people_per_fte, people_per_fte_status, ftth_rate: null, underserved: null, zone: null }) as unknown as CommuneRow;

const communes = [
  commune('58001', 123.4, 'calcule'),
  commune('58002', 200.6, 'estime'),
  commune('58003', Infinity, 'aucun_aidant'),
  commune('58004', null, 'aucune_demande'),
  commune('58005', null, 'demande_inconnue'),
  // A row stored before statuses existed: Infinity still reads as no helper in reach.
  commune('58006', Infinity, null),
];

const STATUS = {
  calcule: 'calculé',
  estime: 'estimé (âges manquants : demande estimée d’après la population)',
  aucun_aidant: 'aucun aidant à portée',
  aucune_demande: 'aucune demande',
  demande_inconnue: 'non calculé : demande inconnue à portée (population manquante)',
};

/** RFC 4180 cells, ';' separated (the export's default), BOM dropped. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') endCell();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endCell();
      rows.push(row);
      row = [];
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

describe('CSV: value and status of every E2SFCA case', () => {
  const [header, ...rows] = parseCsv(new TextDecoder().decode(communesCsv(communes)));
  const col = (label: string) => header.indexOf(label);
  const value = col("Personnes à accompagner par ETP d'aidant");
  const status = col("Personnes à accompagner par ETP d'aidant : statut");

  it('has both columns', () => {
    expect(value).toBeGreaterThanOrEqual(0);
    expect(status).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['58001', '123', STATUS.calcule],
    ['58002', '201', STATUS.estime],
    ['58003', '', STATUS.aucun_aidant],
    ['58004', '', STATUS.aucune_demande],
    ['58005', '', STATUS.demande_inconnue],
    ['58006', '', STATUS.aucun_aidant],
  ])('%s: value %j, status %j', (code, v, s) => {
    const r = rows.find((x) => x.includes(code))!;
    expect(r[value]).toBe(v);
    expect(r[status]).toBe(s);
  });
});

describe('GeoJSON: value and status of every E2SFCA case, and the supply defaults per help point', () => {
  const point = (p: Partial<HelpPointRow>) =>
    ({ id: 'x', kind: 'france_services', name: 'Lieu', commune_name: null, address: null, lon: 3.5, lat: 47, type_fs: null, format_fs: null,
      hours_per_week: null, staff: null, agents: null, agents_default: false, duplicate_of: null, ...p }) as HelpPointRow;
  const points = [
    point({ id: 'fs-defaults', agents: null, hours_per_week: null }),
    point({ id: 'fs-known', agents: 3, hours_per_week: 30 }),
    point({ id: 'fs-hours-only', agents: null, hours_per_week: 28 }),
    point({ id: 'lmn', kind: 'mediation' }),
  ];
  const fc = JSON.parse(layersGeoJson(communes, () => null, [], points, { source: 'test', millesime: '2024', date: new Date('2026-12-03') }));
  const props = (couche: string, key: string, id: string) => fc.features.find((f: { properties: Record<string, unknown> }) => f.properties.couche === couche && f.properties[key] === id).properties;

  it.each([
    ['58001', 123.4, STATUS.calcule],
    ['58002', 200.6, STATUS.estime],
    ['58003', null, STATUS.aucun_aidant],
    ['58004', null, STATUS.aucune_demande],
    ['58005', null, STATUS.demande_inconnue],
    ['58006', null, STATUS.aucun_aidant],
  ])('%s: value %j, status %j', (code, v, s) => {
    const p = props('commune', 'code_insee', code);
    expect(p.personnes_a_accompagner_par_etp_aidant).toBe(v);
    expect(p.personnes_a_accompagner_par_etp_aidant_statut).toBe(s);
  });

  it.each([
    ['fs-defaults', true, true],
    ['fs-known', false, false],
    ['fs-hours-only', true, false],
    ['lmn', null, null],
  ])('%s: agents by default %j, hours by default %j', (id, agents, hours) => {
    const p = props('point_aide', 'identifiant', id);
    expect(p.agents_par_defaut).toBe(agents);
    expect(p.heures_par_defaut).toBe(hours);
  });
});
