/**
 * What the local stand-in of the official services (source_server.ts) serves: communes, the
 * data.gouv.fr datasets with their resources (current file schemas), the Melodi observations.
 *
 * Built from the real shared files when they are there (Nièvre contours, legal populations,
 * EPCI membership, La Poste commune points, France Services 2024, Hinaura lieux de médiation,
 * ARCEP 2019 and 2018 files), read in memory and never written into the repository; otherwise
 * from a small hand-made territory. The real files are older than the current schemas, so they
 * are brought to the CURRENT ones here, in the same way the publishers' current files are made
 * (see /work/shared/data/SERVICES.md):
 * - ARCEP fixed: the 2019 exclusive classes summed into cumulative ones (`elig_bhd8`…), a
 *   `commune_debit` counting satellite (every premise ≥ 30 Mbit/s), a technology file whose
 *   `elig_ftth` is a fixed 85 % of the ≥ 1 Gbit/s class (SYNTHETIC: the rest is "cable");
 * - ARCEP sites: the 2018 sites with the quarterly header, latitude/longitude computed, 0/1 flags;
 * - ARCEP coverage per commune and the INSEE ages: SYNTHETIC values (fixed shares), labelled so;
 * - national tables are padded with filler rows far from the test territory, so that they have
 *   a national size (the fetch checks it to refuse partial copies).
 */
import { readFileSync, existsSync } from 'node:fs';
import Papa from 'papaparse';
import { lambert93ToWgs84 } from '../../src/domain/projection.ts';
import { rawPath } from './fixtures.ts';

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface Resource {
  id: string;
  title: string;
  format: string;
  lastModified: string;
  rows: Row[];
  /** Not parsed by the tabular API (too big, or not CSV): it answers 404. */
  notIndexed?: boolean;
}

export interface Dataset {
  id: string;
  slug: string;
  title: string;
  organization: { id: string; name: string; slug: string } | null;
  resources: Resource[];
}

export interface CommuneFeature {
  type: 'Feature';
  geometry: unknown;
  properties: Row & { code: string; codeDepartement: string; codeEpci: string | null };
  /** Town hall (served only with geometry=mairie). */
  mairie: { type: 'Point'; coordinates: [number, number] };
}

export interface Observation {
  dimensions: Record<string, string>;
  measures: { OBS_VALUE_NIVEAU: { value: number } };
}

export interface Catalogue {
  real: boolean;
  communes: CommuneFeature[];
  departements: Record<string, string>;
  epcis: Record<string, string>;
  datasets: Dataset[];
  /** Slugs in the order the search answers them (look-alikes first). */
  search: { pattern: RegExp; slugs: string[] }[];
  observations: Observation[];
  /** Territory the tests ask for, and what is in it. */
  territory: { code: string; communes: number; franceServicesInside: number; epci: string };
}

/** The resource ids the fetch knows (sources.ts). */
export const KNOWN = {
  franceServices: '31576dff-fd61-4de9-819f-32c2f880b142',
  mediation: '398edc71-0d51-4cb6-9cbe-2540a4db573c',
};

export const SLUGS = {
  france_services: 'liste-des-structures-france-services',
  lieux_mediation: 'lieux-de-mediation-numerique-cartographie-nationale',
  arcep_fixe: 'ma-connexion-internet',
  arcep_mobile: 'mon-reseau-mobile',
  fs_city_copy: 'france-services-ville-de-saint-exemple',
  fs_draft: 'test-structure-1',
  lmn_per_source: 'lieux-de-mediation-numerique-sur-le-territoire-national-fournis-par-conseiller-numerique',
} as const;

const REAL_FILES = [
  'ign-admin-express-2018-geojson/communes-58-nievre.geojson',
  'insee-derived-dataforgood-ifn/Communes.csv',
  'insee-derived-dataforgood-ifn/table_iris_insee_epci.csv',
  'laposte-hexasmal/laposte_hexasmal.csv',
  'anct-france-services/liste-fs-20240801.csv',
  'hinaura-lieux-mediation/source.json',
  'arcep-ma-connexion-internet-2019/commune-debit-beta.csv',
  'arcep-sites-mobiles-2018/2018_01_Sites_mobiles_2G_3G_4G_France_metropolitaine_L93.csv',
];

export const realSourcesAvailable = () => REAL_FILES.every((f) => existsSync(rawPath(f)));

const csv = (path: string, skipLines = 0): Record<string, string>[] => {
  const text = readFileSync(rawPath(path), 'utf8').split('\n').slice(skipLines).join('\n');
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, dynamicTyping: false }).data;
};

const ANCT = { id: 'org-anct', name: 'Agence Nationale de la Cohésion des Territoires', slug: 'agence-nationale-de-la-cohesion-des-territoires' };
const ARCEP = { id: 'org-arcep', name: 'Autorité de régulation des communications électroniques, des postes et de la distribution de la presse (ARCEP)', slug: 'arcep' };
const CARTO = { id: 'org-carto', name: 'Cartographie nationale des lieux de médiation numérique', slug: 'cartographie-nationale-des-lieux-de-mediation-numerique' };

/** A deterministic number in [0, 1) from a text (stable synthetic values). */
function unit(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
}

const FS_COLUMNS = ['id_fs', 'insee_dep', 'lib_fs', 'adresse', 'complement_adresse', 'insee_com', 'code_postal', 'lib_com', 'latitude', 'longitude', 'mail', 'telephone', 'h_lundi', 'h_mardi', 'h_mercredi', 'h_jeudi', 'h_vendredi', 'h_samedi', 'prise_rdv', 'commentaire', 'type_fs', 'format_fs', 'groupe_fs', 'labellisation_fs'];

function fsRow(id: string, dep: string, name: string, commune: string, lat: number, lon: number): Row {
  const r: Row = Object.fromEntries(FS_COLUMNS.map((c) => [c, '']));
  return { ...r, id_fs: id, insee_dep: dep, lib_fs: name, insee_com: commune, lib_com: name, latitude: String(lat), longitude: String(lon), h_lundi: '09:00 - 12:00', prise_rdv: 'Non', type_fs: 'Principal', format_fs: 'Fixe' };
}

/**
 * Commune codes for filler rows, in départements 01…89 but never the 58 (the test territory). Like
 * a national file, they include codes with a leading zero ("01001"): the tabular API then keeps
 * the column as text (csv-detective never reads "01001" as an integer).
 */
function fillerCode(i: number): string {
  const d = 1 + (i % 88);
  return `${String(d >= 58 ? d + 1 : d).padStart(2, '0')}${String(1 + Math.floor(i / 88)).padStart(3, '0')}`;
}

/** Filler rows around the Bouches-du-Rhône, far from the Nièvre, to give a table its national size. */
function filler<T>(n: number, make: (i: number, code: string, lon: number, lat: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => make(i, fillerCode(i), 4.5 + (i % 200) * 0.01, 43.2 + Math.floor(i / 200) * 0.002));
}

// ---------------------------------------------------------------- ARCEP fixed

const DEBIT_HEADER = ['code_insee', 'nom_com', 'code_dep', 'code_reg', 'nbr', 'type', 'inel_hd', 'elig_hd05', 'elig_hd3', 'elig_bhd8', 'elig_thd30', 'elig_thd100', 'elig_thd1g', 'date'];

interface Exclusive { code: string; nom: string; dep: string; reg: string; nbr: number; inel: number; c: number[] }

/** The current files' rows from exclusive counts: cumulative classes, satellite version, technology. */
function arcepFixedResources(base: Exclusive[], date: string): Resource[] {
  const cumulative = (x: Exclusive): Row => {
    const cum = x.c.map((_, i) => x.c.slice(i).reduce((s, n) => s + n, 0));
    return { code_insee: x.code, nom_com: x.nom, code_dep: x.dep, code_reg: x.reg, nbr: x.nbr, type: 'logloc', inel_hd: x.inel, elig_hd05: cum[0], elig_hd3: cum[1], elig_bhd8: cum[2], elig_thd30: cum[3], elig_thd100: cum[4], elig_thd1g: cum[5], date };
  };
  const satellite = (x: Exclusive): Row => ({ ...cumulative(x), inel_hd: 0, elig_hd05: x.nbr, elig_hd3: x.nbr, elig_bhd8: x.nbr, elig_thd30: x.nbr });
  const wired = (x: Exclusive): Row => ({ ...cumulative(x) });
  const techno = (x: Exclusive): Row => {
    const ftth = Math.round(x.c[5] * 0.85);
    return { code_insee: x.code, nom_com: x.nom, code_dep: x.dep, code_reg: x.reg, nbr: x.nbr, type: 'logloc', elig_ftth: ftth, elig_coax: x.c[5] - ftth, elig_cu_30: x.c[3] + x.c[4], elig_cu_8: x.c[2], elig_thdr: 0, elig_4gf: 0, elig_hdr: x.c[0] + x.c[1], elig_sat: x.inel, date };
  };
  const r = (id: string, title: string, lastModified: string, rows: Row[]): Resource => ({ id, title, format: 'csv', lastModified, rows });
  const at = (d: string) => `${d}T08:00:00`;
  // Eight commune files; the satellite-inclusive one is the most recent (a naive /commune/ choice takes it).
  return [
    r('rid-mci-commune-debit-terrestre', 'commune_debit_terrestre.csv', at('2026-09-02'), base.map(cumulative)),
    r('rid-mci-commune-debit-filaire', 'commune_debit_filaire.csv', at('2026-09-02'), base.map(wired)),
    r('rid-mci-commune-meilleure-techno-thd', 'commune_meilleure_techno_thd.csv', at('2026-09-02'), base.map(techno)),
    r('rid-mci-commune-techno', 'commune_techno.csv', at('2026-09-02'), base.map(techno)),
    r('rid-mci-commune-meilleure-techno', 'commune_meilleure_techno.csv', at('2026-09-02'), base.map(techno)),
    r('rid-mci-commune-debit-cuivre', 'commune_debit_cuivre.csv', at('2026-09-02'), base.slice(0, 10).map(wired)),
    r('rid-mci-commune-techno-terrestre', 'commune_techno_terrestre.csv', at('2026-09-02'), base.map(techno)),
    r('rid-mci-commune-debit', 'commune_debit.csv', at('2026-09-03'), base.map(satellite)),
    { ...r('rid-mci-departement-debit', 'departement_debit.csv', at('2026-09-03'), []), notIndexed: true },
  ];
}

// ---------------------------------------------------------------- ARCEP mobile

const SITE_HEADER = ['code_op', 'nom_op', 'num_site', 'id_site_partage', 'id_station_anfr', 'x', 'y', 'latitude', 'longitude', 'nom_reg', 'nom_dep', 'insee_dep', 'nom_com', 'insee_com', 'site_2g', 'site_3g', 'site_4g', 'site_5g', 'mes_4g_trim', 'site_ZB', 'site_DCC', 'site_strategique', 'site_capa_240mbps'];
const OPS: [string, string][] = [['20801', 'Orange'], ['20810', 'SFR'], ['20815', 'Free Mobile'], ['20820', 'Bouygues Telecom']];

function siteRow(i: number, op: string, x: number, y: number, flags: [number, number, number, number], overseas = false): Row {
  const [lon, lat] = overseas ? [x, y] : lambert93ToWgs84(x, y);
  const name = OPS.find((o) => o[0] === op)?.[1] ?? op;
  return {
    code_op: Number(op), nom_op: name, num_site: `S${i}`, id_site_partage: '', id_station_anfr: `A${i}`,
    x: overseas ? '' : Math.round(x), y: overseas ? '' : Math.round(y), latitude: Math.round(lat * 1e5) / 1e5, longitude: Math.round(lon * 1e5) / 1e5,
    nom_reg: '', nom_dep: '', insee_dep: '', nom_com: '', insee_com: '',
    site_2g: flags[0], site_3g: flags[1], site_4g: flags[2], site_5g: flags[3], mes_4g_trim: 0, site_ZB: 0, site_DCC: 0, site_strategique: 0, site_capa_240mbps: 0,
  };
}

/** Synthetic per-commune coverage statistics (4G for every commune, 2G for the territory's). */
function coverageRows(codes: readonly string[], twoG: ReadonlySet<string>): Row[] {
  const out: Row[] = [];
  for (const code of codes) {
    for (const techno of twoG.has(code) ? ['4G', '2G'] : ['4G']) {
      for (const [op] of OPS) {
        const u = unit(`${code}${op}${techno}`);
        const nc = Math.round(u * 20 * 100) / 100;
        const cl = Math.round((20 - nc) * 0.5 * 100) / 100;
        const bc = Math.round(30 * 100) / 100;
        const tbc = Math.round((100 - nc - cl - bc) * 100) / 100;
        out.push({ techno, mcc_mnc: Number(op), commune: code, couv_nc: nc, couv_cl: cl, couv_bc: bc, couv_tbc: tbc, pop_nc: nc, pop_cl: cl, pop_bc: bc, pop_tbc: tbc });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- INSEE Melodi

/** Synthetic census bands from the legal population (fixed shares), with a women-only and an older year to be filtered out. */
function observations(communes: readonly CommuneFeature[]): Observation[] {
  const shares: [string, number][] = [
    ['_T', 1], ['Y_LT15', 0.14], ['Y15T29', 0.13], ['Y30T44', 0.15], ['Y45T59', 0.2], ['Y60T74', 0.22], ['Y75T89', 0.14], ['Y_GE90', 0.02], ['Y_GE65', 0.3],
  ];
  const out: Observation[] = [];
  const obs = (code: string, age: string, value: number, sex = '_T', year = '2022') =>
    out.push({ dimensions: { GEO: `2025-COM-${code}`, GEO_OBJECT: 'COM', SEX: sex, AGE: age, TIME_PERIOD: year, RP_MEASURE: 'POP' }, measures: { OBS_VALUE_NIVEAU: { value } } });
  for (const c of communes) {
    const p = Number(c.properties.population ?? 0);
    for (const [age, s] of shares) obs(c.properties.code, age, Math.round(p * s * 1000) / 1000);
    obs(c.properties.code, 'Y_LT15', Math.round(p * 0.07), 'F');
    obs(c.properties.code, '_T', Math.round(p * 1.02), '_T', '2016');
  }
  return out;
}

// ---------------------------------------------------------------- catalogues

function datasets(parts: { fs: Row[]; lmn: Row[]; fixed: Exclusive[]; sites: Row[]; overseasSites: Row[]; coverage: Row[] }): Dataset[] {
  const fsOld = parts.fs.slice(0, Math.floor(parts.fs.length * 0.9));
  const fsCommunes = parts.fs.map((r) => ({ insee_com: r.insee_com, lib_com: r.lib_com, nb_fs: 1 }));
  const unplaced: Row = { id: 'sans-position-1', nom: 'Lieu sans coordonnées', services: 'Accéder à une connexion internet', commune: 'Nevers', code_postal: '58000', code_insee: '58194', adresse: 'rue', latitude: null, longitude: null, source: 'test', date_maj: '2026-10-01' };
  const lmnRows = [...parts.lmn, unplaced, ...filler(8200, (i, code, lon, lat) => ({ id: `fill-${i}`, nom: `Lieu de test ${i}`, services: 'Accéder à une connexion internet', commune: 'Test', code_postal: '13000', code_insee: code, adresse: 'rue', latitude: lat, longitude: lon, source: i % 2 ? 'dora' : 'conseiller-numerique', date_maj: '2026-10-01' }))];
  return [
    {
      id: 'ds-fs-5f1', slug: SLUGS.france_services, title: 'Liste des structures France services', organization: ANCT,
      resources: [
        { id: 'rid-fs-20240101', title: 'liste-fs-20240101.csv', format: 'csv', lastModified: '2024-01-02T10:00:00', rows: fsOld },
        { id: 'rid-fs-com2024', title: 'liste-fs-com2024-20240801.csv', format: 'csv', lastModified: '2024-08-02T10:00:00', rows: fsCommunes },
        { id: KNOWN.franceServices, title: 'liste-fs-20240801.csv', format: 'csv', lastModified: '2024-08-01T10:00:00', rows: parts.fs },
        { id: 'rid-fs-xlsx', title: 'liste-fs-20240801.xlsx', format: 'xlsx', lastModified: '2024-08-03T10:00:00', rows: [], notIndexed: true },
        { id: 'rid-fs-gpkg', title: 'liste-fs-20240801.gpkg', format: 'gpkg', lastModified: '2024-08-03T10:00:00', rows: [], notIndexed: true },
      ],
    },
    {
      // A city's copy: same columns, 8 records, published by the city.
      id: 'ds-fs-copy', slug: SLUGS.fs_city_copy, title: 'France services - Ville de Saint-Exemple', organization: { id: 'org-ville', name: 'Ville de Saint-Exemple', slug: 'ville-de-saint-exemple' },
      resources: [{ id: 'rid-fs-copy', title: 'France services (copie locale)', format: 'csv', lastModified: '2026-11-01T10:00:00', rows: parts.fs.slice(0, 8) }],
    },
    {
      // A draft with no organization.
      id: 'ds-fs-draft', slug: SLUGS.fs_draft, title: 'test-structure-1', organization: null,
      resources: [{ id: 'rid-fs-draft', title: 'France services test', format: 'csv', lastModified: '2026-11-02T10:00:00', rows: parts.fs.slice(0, 2) }],
    },
    {
      id: 'ds-lmn-national', slug: SLUGS.lieux_mediation, title: 'Lieux de médiation numérique sur le territoire national', organization: CARTO,
      resources: [{ id: KNOWN.mediation, title: 'lieux-de-mediation-numerique.csv', format: 'csv', lastModified: '2026-10-01T03:00:00', rows: lmnRows }],
    },
    {
      // Per-source extract, same organization and columns: not the national file.
      id: 'ds-lmn-cnfs', slug: SLUGS.lmn_per_source, title: 'Lieux de médiation numérique sur le territoire national fournis par Conseiller Numérique', organization: CARTO,
      resources: [{ id: 'rid-lmn-cnfs', title: 'lieux-conseiller-numerique.csv', format: 'csv', lastModified: '2026-10-02T03:00:00', rows: lmnRows.filter((r) => r.source === 'conseiller-numerique') }],
    },
    { id: 'ds-mci', slug: SLUGS.arcep_fixe, title: 'Ma connexion internet', organization: ARCEP, resources: arcepFixedResources(parts.fixed, '2026-06-30') },
    {
      id: 'ds-mrm', slug: SLUGS.arcep_mobile, title: 'Mon réseau mobile', organization: ARCEP,
      resources: [
        { id: 'rid-sites-2024t2', title: '2024_T2_sites_Metropole.csv', format: 'csv', lastModified: '2024-10-01T10:00:00', rows: parts.sites.slice(0, Math.floor(parts.sites.length * 0.95)) },
        { id: 'rid-sites-2024t3', title: '2024_T3_sites_Metropole.csv', format: 'csv', lastModified: '2024-09-30T10:00:00', rows: parts.sites },
        { id: 'rid-sites-2024t3-om', title: '2024_T3_sites_Outremer.csv', format: 'csv', lastModified: '2024-12-20T10:00:00', rows: parts.overseasSites },
        { id: 'rid-couv-2024t3', title: '2024T3_op_communes.csv', format: 'csv', lastModified: '2024-12-15T10:00:00', rows: parts.coverage },
        { id: 'rid-couv-dep-2024t3', title: '2024T3_op_departements.csv', format: 'csv', lastModified: '2024-12-16T10:00:00', rows: [] },
        { id: 'rid-couv-gpkg', title: '2024_T3_couv_Metropole_OF_4G_data.gpkg', format: 'gpkg', lastModified: '2024-12-17T10:00:00', rows: [], notIndexed: true },
      ],
    },
  ];
}

const SEARCH = (): Catalogue['search'] => [
  { pattern: /france services/i, slugs: [SLUGS.fs_city_copy, SLUGS.fs_draft, SLUGS.france_services] },
  { pattern: /m[ée]diation/i, slugs: [SLUGS.lmn_per_source, SLUGS.lieux_mediation] },
  { pattern: /connexion internet/i, slugs: [SLUGS.arcep_fixe] },
  { pattern: /r[ée]seau mobile/i, slugs: [SLUGS.arcep_mobile] },
];

export function realCatalogue(): Catalogue {
  const contours = JSON.parse(readFileSync(rawPath(REAL_FILES[0]), 'utf8')) as { features: { geometry: unknown; properties: { code: string; nom: string } }[] };
  const pop = new Map(csv(REAL_FILES[1]).map((r) => [r.DEPCOM, Number(r.PMUN)]));
  const epci = new Map(csv(REAL_FILES[2]).map((r) => [r.CODE_INSEE, r.EPCI]));
  const points = new Map<string, [number, number]>();
  for (const r of csv(REAL_FILES[3])) {
    const [lat, lon] = (r.coordonnees_gps ?? '').split(',').map(Number);
    if (Number.isFinite(lat) && Number.isFinite(lon) && !points.has(r.Code_commune_INSEE)) points.set(r.Code_commune_INSEE, [lon, lat]);
  }
  const communes: CommuneFeature[] = contours.features.map((f) => ({
    type: 'Feature', geometry: f.geometry,
    properties: { code: f.properties.code, nom: f.properties.nom, codeDepartement: '58', codeEpci: epci.get(f.properties.code) ?? null, population: pop.get(f.properties.code) ?? null, codesPostaux: [] as unknown as Cell },
    // La Poste's commune point stands in for the town hall (the real API answers IGN's chef-lieu).
    mairie: { type: 'Point', coordinates: points.get(f.properties.code) ?? firstPoint(f.geometry) },
  }));
  const fs: Row[] = csv(REAL_FILES[4]);
  const hinaura = (JSON.parse(readFileSync(rawPath(REAL_FILES[5]), 'utf8')) as Row[]).map((r) => ({ ...r, code_insee: '' }));
  const fixed: Exclusive[] = csv(REAL_FILES[6], 1).map((r) => ({
    code: r.code_insee, nom: r.nom_com, dep: r.code_dep, reg: r.code_reg, nbr: Number(r.nbr), inel: Number(r.inel_hd),
    c: ['elig_hd05', 'elig_hd3', 'elig_hd8', 'elig_thd30', 'elig_thd100', 'elig_thd1g'].map((k) => Number(r[k])),
  }));
  const sites: Row[] = [];
  csv(REAL_FILES[7]).forEach((r, i) => {
    const x = Number(r.x);
    const y = Number(r.y);
    if (!Number.isFinite(x) || !Number.isFinite(y) || x <= 0) return;
    sites.push(siteRow(i, r.Operateur, x, y, [Number(r['2G']), Number(r['3G']), Number(r['4G']), 0]));
  });
  const codes58 = new Set(communes.map((c) => c.properties.code));
  const epciCount = new Map<string, number>();
  for (const c of communes) if (c.properties.codeEpci) epciCount.set(c.properties.codeEpci, (epciCount.get(c.properties.codeEpci) ?? 0) + 1);
  return {
    real: true, communes, departements: { '58': 'Nièvre' },
    epcis: Object.fromEntries([...epciCount.keys()].map((s) => [s, `EPCI ${s}`])),
    datasets: datasets({
      fs, lmn: hinaura, fixed, sites,
      overseasSites: [siteRow(900001, '34001', -61.533, 16.241, [1, 1, 1, 0], true)],
      coverage: coverageRows(fixed.map((f) => f.code), codes58),
    }),
    search: SEARCH(),
    observations: observations(communes),
    territory: {
      code: '58', communes: communes.length, franceServicesInside: fs.filter((r) => r.insee_dep === '58').length,
      epci: communes[0].properties.codeEpci ?? '',
    },
  };
}

function firstPoint(g: unknown): [number, number] {
  let c = (g as { coordinates?: unknown }).coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) ? [Number(c[0]), Number(c[1])] : [0, 0];
}

/**
 * Five square communes around Nevers in two EPCIs (four in the agglomeration, one in a community
 * of communes: an EPCI is a strict subset of the département), two France Services, one lieu de
 * médiation, a few sites; national tables padded with filler rows.
 */
export function handMadeCatalogue(): Catalogue {
  const square = (lon: number, lat: number, d = 0.05) => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] });
  const defs: [string, string, number, number, number, string][] = [
    ['58194', 'Nevers', 3.1, 46.95, 33000, '200067759'], ['58303', 'Varennes-Vauzelles', 3.15, 46.95, 9000, '200067759'],
    ['58086', 'Coulanges-lès-Nevers', 3.1, 47.0, 3500, '200067759'], ['58062', 'Challuy', 3.15, 47.0, 1500, '200067759'],
    ['58264', 'Saint-Pierre-le-Moûtier', 3.1, 46.85, 1900, '245804497'],
  ];
  const communes: CommuneFeature[] = defs.map(([code, nom, lon, lat, population, epci]) => ({
    type: 'Feature', geometry: square(lon, lat),
    properties: { code, nom, codeDepartement: '58', codeEpci: epci, population, codesPostaux: ['58000'] as unknown as Cell },
    mairie: { type: 'Point', coordinates: [lon + 0.02, lat + 0.03] },
  }));
  const fs = [
    fsRow('1', '58', 'France services de Nevers', '58194', 46.975, 3.125),
    fsRow('2', '58', 'France services de Challuy', '58062', 47.02, 3.17),
    ...filler(1200, (i, code, lon, lat) => fsRow(`f${i}`, code.slice(0, 2), `France services de test ${i}`, code, lat, lon)),
  ];
  const lmn = [{ id: 'l1', nom: 'Médiathèque de Varennes', services: 'Accéder à une connexion internet', commune: 'Varennes-Vauzelles', code_postal: '58640', code_insee: '58303', adresse: 'rue', latitude: 46.98, longitude: 3.17, source: 'test', date_maj: '2026-01-01' }];
  const exclusive = (code: string, nom: string): Exclusive => ({ code, nom, dep: code.slice(0, 2), reg: '27', nbr: 100, inel: 0, c: [0, 0, 10, 10, 0, 80] });
  const fixed = [...defs.map(([code, nom]) => exclusive(code, nom)), ...filler(30_500, (i) => exclusive(fillerCode(i), `Commune ${i}`))];
  const sites = [
    siteRow(1, '20801', 713000, 6651000, [1, 1, 1, 0]), siteRow(2, '20810', 712000, 6650000, [1, 1, 0, 0]),
    ...filler(1100, (i, _c, lon, lat) => ({ ...siteRow(100 + i, OPS[i % 4][0], 0, 0, [1, 1, 1, 0], true), longitude: lon, latitude: lat })),
  ];
  const codes = new Set(defs.map((d) => d[0]));
  return {
    real: false, communes, departements: { '58': 'Nièvre (échantillon)' }, epcis: { '200067759': 'CA de Nevers (échantillon)', '245804497': 'CC Nivernais Bourbonnais (échantillon)' },
    datasets: datasets({
      fs, lmn, fixed, sites, overseasSites: [siteRow(900001, '34001', -61.533, 16.241, [1, 1, 1, 0], true)],
      coverage: coverageRows(fixed.map((f) => f.code).slice(0, 7600), codes),
    }),
    search: SEARCH(),
    observations: observations(communes),
    territory: { code: '58', communes: communes.length, franceServicesInside: 2, epci: '200067759' },
  };
}

export { DEBIT_HEADER, SITE_HEADER };
