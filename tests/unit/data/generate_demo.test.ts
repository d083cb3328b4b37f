import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import Papa from 'papaparse';
import { generateDemoTerritory } from '../../../data/generate_demo.ts';
import { HEADERS } from '../../../data/demo/index.ts';

type Pt = [number, number];
interface Feature<G> { type: 'Feature'; geometry: G; properties: Record<string, unknown> }
interface FC<G> { type: 'FeatureCollection'; features: Feature<G>[] }

const SEED = 58;
const started = performance.now();
const files = generateDemoTerritory(SEED);
const elapsedMs = performance.now() - started;

const text = (name: string) => {
  const v = files.get(name);
  if (v === undefined) throw new Error(`missing ${name}`);
  return v;
};
const rows = (name: string, delimiter: string, skip = 0) =>
  Papa.parse<Record<string, string>>(text(name).split('\n').slice(skip).join('\n'), { header: true, delimiter, skipEmptyLines: true }).data;
const firstLine = (name: string, skip = 0) => text(name).split('\n')[skip];

const communes = JSON.parse(text('communes.geojson')) as FC<{ type: 'Polygon'; coordinates: Pt[][] }>;
const legal = rows('Communes.csv', ';');
const pmun = new Map(legal.map((r) => [r.DEPCOM, Number(r.PMUN)]));

describe('generateDemoTerritory: determinism and cost', () => {
  it('gives byte-identical files for the same seed', () => {
    const again = generateDemoTerritory(SEED);
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [name, content] of files) expect(again.get(name), name).toBe(content);
  });

  it('gives a different territory for another seed', () => {
    const other = generateDemoTerritory(SEED + 1);
    expect(other.get('communes.geojson')).not.toBe(files.get('communes.geojson'));
    expect(other.get('Communes.csv')).not.toBe(files.get('Communes.csv'));
  });

  it('runs in under 5 s and stays small', () => {
    expect(elapsedMs).toBeLessThan(5000);
    const bytes = [...files.values()].reduce((s, v) => s + Buffer.byteLength(v), 0);
    expect(bytes).toBeLessThan(5_000_000);
  });
});

describe('communes, EPCIs and demography', () => {
  it('has 100–200 communes with 5-character "96…" codes and unique names', () => {
    expect(communes.features.length).toBeGreaterThanOrEqual(100);
    expect(communes.features.length).toBeLessThanOrEqual(200);
    for (const f of communes.features) expect(f.properties.code).toMatch(/^96\d{3}$/);
    const names = communes.features.map((f) => f.properties.nom);
    expect(new Set(names).size).toBe(names.length);
    expect(legal.map((r) => r.DEPCOM).sort()).toEqual(communes.features.map((f) => f.properties.code).sort());
  });

  it('writes valid polygons: closed, counter-clockwise outer rings, 5 decimals', () => {
    for (const f of communes.features) {
      const ring = f.geometry.coordinates[0];
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(turf.booleanClockwise(ring)).toBe(false);
      for (const [x, y] of ring) {
        expect(Math.abs(x * 1e5 - Math.round(x * 1e5))).toBeLessThan(1e-6);
        expect(Math.abs(y * 1e5 - Math.round(y * 1e5))).toBeLessThan(1e-6);
      }
    }
  });

  it('has 2–4 EPCIs and puts every commune in exactly one', () => {
    const epci = rows('epci.csv', ';');
    expect(epci.length).toBeGreaterThanOrEqual(2);
    expect(epci.length).toBeLessThanOrEqual(4);
    for (const e of epci) expect(e.siren).toMatch(/^2\d{8}$/);
    const iris = rows('table_iris_insee_epci.csv', ',');
    const epciOf = new Map<string, Set<string>>();
    for (const r of iris) {
      if (!epciOf.has(r.CODE_INSEE)) epciOf.set(r.CODE_INSEE, new Set());
      epciOf.get(r.CODE_INSEE)!.add(r.EPCI);
    }
    for (const code of pmun.keys()) {
      expect(epciOf.get(code)?.size, code).toBe(1);
      expect(epci.map((e) => e.siren)).toContain([...epciOf.get(code)!][0]);
    }
  });

  it('has a rural density (25–35 inhab/km²) measured with turf', () => {
    const area = communes.features.reduce((s, f) => s + turf.area(f as never), 0) / 1e6;
    const pop = [...pmun.values()].reduce((s, v) => s + v, 0);
    expect(area).toBeGreaterThan(2500);
    expect(area).toBeLessThan(3500);
    expect(pop / area).toBeGreaterThanOrEqual(25);
    expect(pop / area).toBeLessThanOrEqual(35);
  });

  it('has age bands summing to P21_POP = PMUN and 75+ at 12–18 %', () => {
    const ages = rows('pop_age.csv', ';');
    let pop = 0;
    let p75 = 0;
    for (const r of ages) {
      const n = (k: string) => Number(r[k]);
      const bands = ['P21_POP0014', 'P21_POP1529', 'P21_POP3044', 'P21_POP4559', 'P21_POP6074', 'P21_POP7589', 'P21_POP90P'].reduce((s, k) => s + n(k), 0);
      expect(bands, r.CODGEO).toBe(n('P21_POP'));
      expect(n('P21_POP'), r.CODGEO).toBe(pmun.get(r.CODGEO));
      expect(n('P21_POP75P')).toBe(n('P21_POP7589') + n('P21_POP90P'));
      expect(n('P21_POP65P')).toBeGreaterThanOrEqual(n('P21_POP75P'));
      expect(n('P21_POP65P')).toBeLessThanOrEqual(n('P21_POP75P') + n('P21_POP6074'));
      pop += n('P21_POP');
      p75 += n('P21_POP75P');
    }
    expect(p75 / pop).toBeGreaterThanOrEqual(0.12);
    expect(p75 / pop).toBeLessThanOrEqual(0.18);
  });
});

describe('1 km population grid', () => {
  const grid = rows('carreaux_1km.csv', ',');
  it('sums exactly to PMUN per commune', () => {
    const sums = new Map<string, number>();
    for (const g of grid) sums.set(g.Depcom, (sums.get(g.Depcom) ?? 0) + Number(g.Ind));
    for (const [code, p] of pmun) expect(sums.get(code) ?? 0, code).toBe(p);
  });
  it('writes only inhabited cells with consistent fields and ids', () => {
    for (const g of grid) {
      const ind = Number(g.Ind);
      expect(ind).toBeGreaterThan(0);
      expect(Number(g.x) % 1000).toBe(500);
      expect(Number(g.y) % 1000).toBe(500);
      expect(g.Idcar_1km).toBe(`CRS3035RES1000mN${Number(g.y) - 500}E${Number(g.x) - 500}`);
      expect(Number(g.Ind_65_79) + Number(g.Ind_80p)).toBeLessThanOrEqual(ind);
      expect(Number(g.Men_pauv)).toBeLessThanOrEqual(Number(g.Men));
    }
  });
});

describe('road network', () => {
  const roads = JSON.parse(text('troncons_routes.geojson')) as FC<{ type: 'LineString'; coordinates: Pt[] }>;
  const key = (p: Pt) => `${p[0]},${p[1]}`;
  const ids = new Map<string, number>();
  const coords: Pt[] = [];
  const id = (p: Pt) => {
    let v = ids.get(key(p));
    if (v === undefined) {
      v = coords.length;
      ids.set(key(p), v);
      coords.push(p);
    }
    return v;
  };
  const fwd: number[][] = [];
  const back: number[][] = [];
  for (const f of roads.features) {
    const c = f.geometry.coordinates;
    const a = id(c[0]);
    const b = id(c[c.length - 1]);
    while (fwd.length < coords.length) {
      fwd.push([]);
      back.push([]);
    }
    const sens = f.properties.sens_de_circulation;
    if (sens !== 'Sens inverse') {
      fwd[a].push(b);
      back[b].push(a);
    }
    if (sens !== 'Sens direct') {
      fwd[b].push(a);
      back[a].push(b);
    }
  }
  const reach = (start: number, adj: number[][]) => {
    const seen = new Uint8Array(coords.length);
    const stack = [start];
    seen[start] = 1;
    while (stack.length) for (const m of adj[stack.pop()!]) if (!seen[m]) {
      seen[m] = 1;
      stack.push(m);
    }
    return seen;
  };

  it('uses the BD TOPO attributes', () => {
    for (const f of roads.features) {
      const p = f.properties;
      expect(p.cleabs).toMatch(/^TRONROUT\d{16}$/);
      expect(['1', '2', '3', '4', '5']).toContain(p.importance);
      expect(['Double sens', 'Sens direct', 'Sens inverse']).toContain(p.sens_de_circulation);
      expect(Number.isInteger(p.vitesse_moyenne_vl)).toBe(true);
      expect(p.acces_vehicule_leger).toBe('Libre');
      expect(typeof p.urbain).toBe('boolean');
      expect(f.geometry.coordinates.length).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(roads.features.map((f) => f.properties.cleabs)).size).toBe(roads.features.length);
    expect(roads.features.some((f) => f.properties.sens_de_circulation !== 'Double sens')).toBe(true);
    expect(roads.features.filter((f) => f.geometry.coordinates.length > 2).length).toBeGreaterThan(roads.features.length / 2);
  });

  it('is strongly connected following one-way rules, and reaches every commune centre', () => {
    const all = reach(0, fwd);
    const allBack = reach(0, back);
    expect(all.every((v) => v === 1)).toBe(true);
    expect(allBack.every((v) => v === 1)).toBe(true);
    const gps = rows('laposte_hexasmal.csv', ';');
    for (const r of gps) {
      const [lat, lon] = r.coordonnees_gps.split(',').map(Number);
      const node = ids.get(key([lon, lat]));
      if (node !== undefined) continue;
      // Otherwise the nearest road node must be within 300 m.
      let best = Infinity;
      for (const c of coords) best = Math.min(best, turf.distance(c, [lon, lat], { units: 'meters' }));
      expect(best, r.Code_commune_INSEE).toBeLessThan(300);
    }
  });
});

describe('file formats', () => {
  it.each([
    ['Communes.csv', HEADERS.communesCsv, 0],
    ['pop_age.csv', HEADERS.popAge, 0],
    ['data_scol_menage_demandeurEmplois.csv', HEADERS.scol, 0],
    ['taux_pauvrete.csv', HEADERS.pauvrete, 0],
    ['table_iris_insee_epci.csv', HEADERS.iris, 0],
    ['epci.csv', HEADERS.epci, 0],
    ['laposte_hexasmal.csv', HEADERS.laposte, 0],
    ['carreaux_1km.csv', HEADERS.grid, 0],
    ['commune-debit-beta.csv', HEADERS.debitDisclaimer, 0],
    ['commune-debit-beta.csv', HEADERS.debit, 1],
    ['sites_mobiles_L93.csv', HEADERS.mobile, 0],
    ['liste-fs.csv', HEADERS.franceServices, 0],
    ['adresses-des-bibliotheques-publiques.csv', HEADERS.libraries, 0],
    ['cantons_communes.csv', HEADERS.cantonsCommunes, 0],
  ] as const)('%s has the exact header', (name, header, line) => {
    expect(firstLine(name, line)).toBe(header);
  });

  it('keeps the literal headers of the real sources', () => {
    expect(HEADERS.scol).toBe(',CODE_INSEE,LIBCOM,DEP,TX_NSCOL15P,TX_MENSEUL,TX_FAMMONO,TX_65ETPLUS,TX_25ETMOINS,TX_DEMANDEURS_EMPLOI');
    expect(HEADERS.franceServices.split(',')).toHaveLength(24);
    expect(HEADERS.debit).toBe('code_insee;nom_com;code_dep;code_reg;nbr;type;inel_hd;elig_hd05;elig_hd3;elig_hd8;elig_thd30;elig_thd100;elig_thd1g;date');
  });

  it('lists 5–7 France Services with the 24 ANCT columns, one antenna and one bus', () => {
    const parsed = Papa.parse<string[]>(text('liste-fs.csv'), { skipEmptyLines: true }).data;
    const fs = parsed.slice(1);
    expect(fs.length).toBeGreaterThanOrEqual(5);
    expect(fs.length).toBeLessThanOrEqual(7);
    for (const r of fs) expect(r).toHaveLength(24);
    const objs = rows('liste-fs.csv', ',');
    expect(objs.filter((r) => r.type_fs === 'Antenne')).toHaveLength(1);
    expect(objs.filter((r) => r.format_fs === 'Bus_équivalent')).toHaveLength(1);
    for (const r of objs) for (const d of ['h_lundi', 'h_mardi', 'h_mercredi', 'h_jeudi', 'h_vendredi', 'h_samedi']) {
      expect(r[d]).toMatch(/^(|\d\d:\d\d - \d\d:\d\d( \/ \d\d:\d\d - \d\d:\d\d)?)$/);
    }
  });

  it('has broadband classes summing to nbr', () => {
    for (const r of rows('commune-debit-beta.csv', ';', 1)) {
      const sum = ['inel_hd', 'elig_hd05', 'elig_hd3', 'elig_hd8', 'elig_thd30', 'elig_thd100', 'elig_thd1g'].reduce((s, k) => s + Number(r[k]), 0);
      expect(sum, r.code_insee).toBe(Number(r.nbr));
      expect(r.date).toBe('2025-09-30');
    }
  });

  it('writes JSON sources with their keys and a manifest whose totals match the data', () => {
    const lmn = JSON.parse(text('lieux-mediation-numerique.json')) as Record<string, unknown>[];
    expect(lmn.length).toBeGreaterThanOrEqual(15);
    expect(lmn.length).toBeLessThanOrEqual(25);
    for (const l of lmn) for (const k of ['id', 'nom', 'services', 'pivot', 'commune', 'code_postal', 'adresse', 'latitude', 'longitude', 'source', 'date_maj']) expect(l).toHaveProperty(k);
    const cnfs = JSON.parse(text('cnfs.json')) as Record<string, unknown>[];
    expect(cnfs.length).toBeGreaterThanOrEqual(4);
    for (const c of cnfs) expect(c.nb_cnfs as number).toBeLessThanOrEqual(3);
    const manifest = JSON.parse(text('manifest.json'));
    expect(manifest.fictional).toBe(true);
    expect(manifest.seed).toBe(SEED);
    expect(manifest.totals.communes).toBe(communes.features.length);
    expect(manifest.totals.population).toBe([...pmun.values()].reduce((s, v) => s + v, 0));
    expect(manifest.totals.france_services).toBe(rows('liste-fs.csv', ',').length);
    expect(manifest.totals.communes_over_30min_from_fs).toBeGreaterThan(0);
    for (const f of manifest.files) expect(files.has(f.file)).toBe(true);
  });
});
