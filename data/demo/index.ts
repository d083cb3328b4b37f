/**
 * generateDemoTerritory(seed): the whole fictional territory "Val-de-Loue" as a map of
 * file name → file content. Pure and deterministic: no clock, no Math.random, no disk.
 */
import { createRng } from './prng.ts';
import type { Pt } from './geo.ts';
import { buildGrid } from './grid.ts';
import { laPosteName, rootWord, upperNoAccent } from './names.ts';
import { ringAreaM2, unionRings } from './polygons.ts';
import { buildRoads } from './roads.ts';
import {
  broadband, buildFranceServices, buildLibraries, buildLieux, buildMobileSites, deOf, phone, siteIn, type FranceServices,
} from './services.ts';
import { buildTerritory, type Commune } from './territory.ts';
import { csvLine, fmt } from './util.ts';
import { lineLengthMeters } from './graph.ts';

export const GENERATOR_VERSION = '1';
export const DEP_CODE = '96';
export const DEP_NAME = 'Val-de-Loue (fictif)';
export const REG_CODE = '27';
export const REG_NAME = 'Bourgogne-Franche-Comté';

export const HEADERS = {
  communesCsv: 'DEPCOM;COM;PMUN;PCAP;PTOT',
  popAge: 'CODGEO;LIBGEO;P21_POP;P21_POP0014;P21_POP1529;P21_POP3044;P21_POP4559;P21_POP6074;P21_POP7589;P21_POP90P;P21_POP65P;P21_POP75P',
  scol: ',CODE_INSEE,LIBCOM,DEP,TX_NSCOL15P,TX_MENSEUL,TX_FAMMONO,TX_65ETPLUS,TX_25ETMOINS,TX_DEMANDEURS_EMPLOI',
  pauvrete: 'CODE_INSEE,LIBCOM,TX_POVERTY',
  iris: ',CODE_IRIS,TYP_IRIS,CODE_INSEE,LIBCOM,EPCI,NATURE_EPCI,MODIF_IRIS,GRD_QUART,UU2010,REG,DEP',
  epci: 'siren;nom;nature',
  laposte: 'Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_gps',
  grid: 'Idcar_1km,x,y,Depcom,Ind,Men,Men_pauv,Ind_65_79,Ind_80p',
  debitDisclaimer: 'Version beta : les données sont présentées en l’état et ne sont pas toutes fiables, certaines devant encore être améliorées',
  debit: 'code_insee;nom_com;code_dep;code_reg;nbr;type;inel_hd;elig_hd05;elig_hd3;elig_hd8;elig_thd30;elig_thd100;elig_thd1g;date',
  mobile: 'Operateur;x;y;2G;3G;4G',
  franceServices:
    '"id_fs","insee_dep","lib_fs","adresse","complement_adresse","insee_com","code_postal","lib_com","latitude","longitude","mail","telephone","h_lundi","h_mardi","h_mercredi","h_jeudi","h_vendredi","h_samedi","prise_rdv","commentaire","type_fs","format_fs","groupe_fs","labellisation_fs"',
  libraries:
    'Libelle1;Libelle2;Localisation;voie;CP;CEDEXB;Ville;DEPT;INSEE;coordonnees_ban;coordonnees_insee;coordonnees_finales;code_bib;code_ua;Code region;Statut;surface;type_adresse;amplitude_horaire;pop_com',
  cantonsCommunes: 'code_canton;code_commune',
} as const;

const lines = (header: string, rows: string[]) => [header, ...rows].join('\n') + '\n';
const quote = (v: string) => (v === '' ? '' : `"${v.replace(/"/g, '""')}"`);
/** Float with 6 decimals, always with a decimal point (as pandas writes floats). */
const pct = (v: number) => {
  const s = fmt(v, 6);
  return s.includes('.') ? s : `${s}.0`;
};
const latLon = (p: Pt, sep = ',') => `${fmt(p[1], 6)}${sep}${fmt(p[0], 6)}`;

export interface DemoStats {
  [key: string]: number;
}

export function generateDemoTerritory(seed: number): Map<string, string> {
  return generateDemoTerritoryWithStats(seed).files;
}

export function generateDemoTerritoryWithStats(seed: number): { files: Map<string, string>; totals: DemoStats } {
  const rng = createRng(seed, 'val-de-loue');
  const t = buildTerritory(rng.fork('territory'));
  const roads = buildRoads(rng.fork('roads'), t);
  const grid = buildGrid(rng.fork('grid'), t);
  const { sites: fs, minutes } = buildFranceServices(rng.fork('france-services'), t, roads);
  const libraries = buildLibraries(rng.fork('libraries'), t);
  const lieux = buildLieux(rng.fork('lieux'), t, fs, libraries);
  const mobile = buildMobileSites(rng.fork('mobile'), t, roads);
  const { communes, epcis, cantons } = t;
  const byCode = communes.slice().sort((a, b) => (a.code < b.code ? -1 : 1));
  const files = new Map<string, string>();

  // Postcodes: the main town gets 96000, each canton a "96x10" code.
  const crng = rng.fork('codes');
  for (const c of communes) c.postcode = c.index === t.town ? '96000' : `96${String(100 + (c.canton + 1) * 10).padStart(3, '0')}`;

  // communes.geojson
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  files.set('communes.geojson', fc(byCode.map((c) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [c.ring] }, properties: { code: c.code, nom: c.name } }))));

  // cantons.geojson + cantons_communes.csv
  files.set('cantons.geojson', fc(cantons.map((k) => {
    const polys = unionRings(k.members.map((m) => communes[m].ring));
    const geometry = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
    return { type: 'Feature', geometry, properties: { code: k.code, nom: k.name } };
  })));
  files.set('cantons_communes.csv', lines(HEADERS.cantonsCommunes, byCode.map((c) => `${cantons[c.canton].code};${c.code}`)));

  // Communes.csv (populations légales)
  files.set('Communes.csv', lines(HEADERS.communesCsv, byCode.map((c) => {
    const pcap = Math.round(c.pop * crng.uniform(0.005, 0.025));
    return [c.code, c.name.replace(/^L'/, "L' "), c.pop, pcap, c.pop + pcap].join(';');
  })));

  // pop_age.csv
  files.set('pop_age.csv', lines(HEADERS.popAge, byCode.map((c) => {
    const a = c.ages;
    const p75 = a[6] + a[7] + a[8];
    return [c.code, c.name, c.pop, a[0], a[1], a[2], a[3], a[4] + a[5], a[6] + a[7], a[8], a[5] + p75, p75].join(';');
  })));

  // data_scol_menage_demandeurEmplois.csv
  files.set('data_scol_menage_demandeurEmplois.csv', lines(HEADERS.scol, byCode.map((c, i) => {
    const tx65 = (100 * (c.ages[5] + c.ages[6] + c.ages[7] + c.ages[8])) / (c.pop - c.ages[0]);
    return csvLine([i, c.code, c.name, DEP_CODE, pct(c.nscol), pct(c.menSeul), pct(c.famMono), pct(tx65), pct(c.tx25), c.txDemandeurs === null ? '' : pct(c.txDemandeurs)]);
  })));

  // taux_pauvrete.csv (secret statistique below 200 inhabitants)
  files.set('taux_pauvrete.csv', lines(HEADERS.pauvrete, byCode.map((c) => csvLine([c.code, c.name, c.pop < 200 ? '' : pct(c.lowRfr)]))));

  // table_iris_insee_epci.csv
  const townC = communes[t.town];
  const urbanUnit = (c: Commune) => {
    if (c.index === t.town || (c.pop >= 600 && Math.hypot(c.centre[0] - townC.centre[0], c.centre[1] - townC.centre[1]) < 7)) return '96501';
    const b = t.bourgs.indexOf(c.index);
    return b >= 0 ? `961${String(b + 1).padStart(2, '0')}` : '96000';
  };
  const irisRows: string[] = [];
  for (const c of byCode) {
    const e = epcis[c.epci];
    if (c.index === t.town) {
      for (let q = 1; q <= 4; q++) irisRows.push(csvLine([irisRows.length, `${c.code}010${q}`, 'H', c.code, c.name, e.siren, e.nature, 0, `${c.code}01`, urbanUnit(c), REG_CODE, DEP_CODE]));
    } else {
      irisRows.push(csvLine([irisRows.length, `${c.code}0000`, 'Z', c.code, c.name, e.siren, e.nature, 0, `${c.code}00`, urbanUnit(c), REG_CODE, DEP_CODE]));
    }
  }
  files.set('table_iris_insee_epci.csv', lines(HEADERS.iris, irisRows));

  // epci.csv
  files.set('epci.csv', lines(HEADERS.epci, epcis.map((e) => [e.siren, e.name, e.nature].join(';'))));

  // laposte_hexasmal.csv (a few communes have a second row for a former commune, Ligne_5)
  const lpRows: string[] = [];
  for (const c of byCode) {
    const nm = laPosteName(c.name);
    lpRows.push([c.code, nm, c.postcode, '', nm, latLon(c.lonLat)].join(';'));
    if (c.kind === 'village' && crng.chance(0.05)) lpRows.push([c.code, nm, c.postcode, laPosteName(rootWord(crng)), nm, latLon(c.lonLat)].join(';'));
  }
  files.set('laposte_hexasmal.csv', lines(HEADERS.laposte, lpRows));

  // carreaux_1km.csv
  files.set('carreaux_1km.csv', lines(HEADERS.grid, grid.map((g) => [`CRS3035RES1000mN${g.y - 500}E${g.x - 500}`, g.x, g.y, g.depcom, g.ind, g.men, g.menPauv, g.ind6579, g.ind80p].join(','))));

  // commune-debit-beta.csv
  const brng = rng.fork('broadband');
  let premises = 0;
  let ftthPremises = 0;
  const debitRows = byCode.map((c) => {
    const { nbr, classes } = broadband(brng, c);
    premises += nbr;
    ftthPremises += classes[6];
    return [c.code, c.name, DEP_CODE, REG_CODE, nbr, 'logloc', ...classes, '2025-09-30'].join(';');
  });
  files.set('commune-debit-beta.csv', `${HEADERS.debitDisclaimer}\n${lines(HEADERS.debit, debitRows)}`);

  // sites_mobiles_L93.csv
  files.set('sites_mobiles_L93.csv', lines(HEADERS.mobile, mobile.map((m) => [m.operator, m.x, m.y, m.g2, m.g3, m.g4].join(';'))));

  // liste-fs.csv
  files.set('liste-fs.csv', lines(HEADERS.franceServices, fs.map((s) => [
    quote(s.id), quote(DEP_CODE), quote(s.name), quote(s.address), '', quote(s.commune.code), quote(s.commune.postcode), quote(s.commune.name),
    fmt(s.lonLat[1], 6), fmt(s.lonLat[0], 6), quote(s.mail), quote(s.phone), ...s.hours.map(quote), quote(s.rdv), quote(s.comment),
    quote(s.type), quote(s.format), '', quote(s.label),
  ].join(','))));

  // lieux-mediation-numerique.json
  const lrng = rng.fork('lmn-dates');
  files.set('lieux-mediation-numerique.json', JSON.stringify(lieux.map((l, i) => {
    const o: Record<string, unknown> = {
      id: String(i), nom: l.name, services: l.services.join(';'), pivot: '00000000000000', commune: l.commune.name, code_postal: l.commune.postcode,
      adresse: l.address, latitude: l.lonLat[1], longitude: l.lonLat[0], publics_accueillis: l.publics.join(';'), conditions_acces: l.conditions.join(';'),
      modalites_accompagnement: l.modalites.join(';'), horaires: l.horaires,
    };
    if (l.phone) o.telephone = `+33${l.phone.replace(/\s/g, '').slice(1)}`;
    if (l.mail) o.courriel = l.mail;
    o.source = 'Démo Maillage (fictif)';
    o.date_maj = `2025-${String(lrng.int(1, 9)).padStart(2, '0')}-${String(lrng.int(1, 28)).padStart(2, '0')}`;
    return o;
  }), null, 1));

  // cnfs.json
  const cn = rng.fork('cnfs');
  const hostCommunes: [string, Commune, number, 'publique' | 'privée'][] = [
    [`DEPARTEMENT DU VAL DE LOUE`, townC, 3, 'publique'],
    [upperNoAccent(epcis[0].name.replace(' (fictive)', '')), townC, 2, 'publique'],
    [upperNoAccent(epcis[1].name.replace(' (fictive)', '')), communes[epcis[1].seat], cn.int(1, 2), 'publique'],
    [upperNoAccent(epcis[2].name.replace(' (fictive)', '')), communes[epcis[2].seat], 1, 'publique'],
    [`CENTRE SOCIAL ${upperNoAccent(deOf(communes[t.bourgs[0]].name))}`.replace(/'/g, ' '), communes[t.bourgs[0]], 1, 'privée'],
  ];
  const fsCommunes = new Set(fs.map((s) => s.commune.code));
  files.set('cnfs.json', JSON.stringify(hostCommunes.map(([rs, c, nb, type], i) => {
    const site = siteIn(cn, t, c);
    const adresse = `${upperNoAccent(site.address)}\n${c.postcode} ${laPosteName(c.name)}`;
    return {
      raison_sociale: rs, commune_insee: c.name, 'département': 'VAL DE LOUE (FICTIF)', 'région': REG_NAME, nb_cnfs: nb,
      'date_de_validation_en_comité_de_sélection': i < 2 ? '2021-04-07' : '2021-05-19', type, siret: `${type === 'publique' ? '2' : '7'}${String(cn.int(0, 9999999999999)).padStart(13, '0')}`,
      'code_département': DEP_CODE, adresse, insee_com: c.code, code_postal: Number(c.postcode), 'investissement_financier_estimatif_total_de_l.etat': nb * 54900,
      zrr: c.kind === 'town' ? 'non' : 'oui', qpv: c.kind === 'town' ? 'oui' : 'non', france_services: fsCommunes.has(c.code) && type === 'privée' ? 'oui' : 'non',
      code_postal_bis: c.postcode, latitude: Number(site.lonLat[1].toFixed(4)), longitude: Number(site.lonLat[0].toFixed(4)), result_score: Number(cn.uniform(0.85, 0.98).toFixed(2)),
      result_label: `${site.address} ${c.postcode} ${c.name}`, result_postcode: Number(c.postcode), result_citycode: c.code, siret_doublon: 'non', cp_differents: 'non',
      adresse_absente: 'non', geocodage_manuel: 'non', id: 9601 + i, insee_dep: DEP_CODE, lib_dep: DEP_NAME, insee_reg: REG_CODE, lib_reg: REG_NAME,
    };
  }), null, 1));

  // adresses-des-bibliotheques-publiques.csv
  const librng = rng.fork('library-rows');
  const libRows = libraries.map((s, i) => {
    const c = s.commune;
    const name = c.kind === 'village' ? `Bibliothèque municipale ${deOf(c.name)}` : `Médiathèque ${deOf(c.name)}`;
    const code = `${18000 + i * 7 + librng.int(0, 6)}.0`;
    const ban: Pt = [s.lonLat[0] + librng.uniform(-0.0005, 0.0005), s.lonLat[1] + librng.uniform(-0.0005, 0.0005)];
    return [name, '', c.kind === 'village' ? librng.pick(['Mairie', 'Le Bourg', '']) : '', s.address, c.postcode, '', c.name, DEP_CODE, c.code,
      latLon(s.lonLat, ', '), `${fmt(ban[1], 10)}, ${fmt(ban[0], 10)}`, latLon(s.lonLat), code, code, REG_CODE, 'Bibliothèque municipale',
      c.kind === 'village' ? (librng.chance(0.5) ? `${librng.int(2, 12) * 10}.0` : '') : `${librng.int(30, 140) * 10}.0`,
      'Bibliothèque ouverte au public', c.kind === 'village' ? `${librng.int(3, 12)}.0` : `${librng.int(16, 30)}.0`, `${c.pop}.0`].join(';');
  });
  const bdp = siteIn(librng, t, townC);
  libRows.push(['Bibliothèque départementale du Val-de-Loue', '', '', bdp.address, townC.postcode, '', townC.name, DEP_CODE, townC.code, latLon(bdp.lonLat, ', '),
    latLon(townC.lonLat, ', '), latLon(bdp.lonLat), '18999.0', '18999.0', REG_CODE, 'Bibliothèque départementale', '', 'Adresse administrative', '', `${townC.pop}.0`].join(';'));
  files.set('adresses-des-bibliotheques-publiques.csv', lines(HEADERS.libraries, libRows));

  // troncons_routes.geojson
  files.set('troncons_routes.geojson', fc(roads.segments.map((s) => ({
    type: 'Feature', geometry: { type: 'LineString', coordinates: s.coords },
    properties: {
      cleabs: s.id, nature: s.nature, importance: s.importance, sens_de_circulation: s.sens, vitesse_moyenne_vl: s.speed, acces_vehicule_leger: 'Libre',
      urbain: s.urbain, nom_1_gauche: s.name, insee_commune_gauche: s.communeLeft, insee_commune_droite: s.communeRight,
    },
  }))));

  // Totals, computed from the generated data.
  const population = communes.reduce((s, c) => s + c.pop, 0);
  const areaKm2 = communes.reduce((s, c) => s + ringAreaM2(c.ring), 0) / 1e6;
  const pop65 = communes.reduce((s, c) => s + c.ages[5] + c.ages[6] + c.ages[7] + c.ages[8], 0);
  const pop75 = communes.reduce((s, c) => s + c.ages[6] + c.ages[7] + c.ages[8], 0);
  const pops = communes.map((c) => c.pop).sort((a, b) => a - b);
  const over30 = communes.filter((c) => minutes[c.index] > 30);
  const totals: DemoStats = {
    communes: communes.length,
    population,
    area_km2: Number(areaKm2.toFixed(1)),
    density: Number((population / areaKm2).toFixed(1)),
    pop_65p: pop65,
    pop_75p: pop75,
    share_65p: Number((pop65 / population).toFixed(4)),
    share_75p: Number((pop75 / population).toFixed(4)),
    commune_pop_median: pops[Math.floor(pops.length / 2)],
    commune_pop_p10: pops[Math.floor(pops.length * 0.1)],
    commune_pop_p90: pops[Math.floor(pops.length * 0.9)],
    communes_under_500: pops.filter((p) => p < 500).length,
    main_town_population: communes[t.town].pop,
    epci: epcis.length,
    cantons: cantons.length,
    low_diploma_share: Number((communes.reduce((s, c) => s + c.nscol * c.pop, 0) / population / 100).toFixed(4)),
    poor_households_share: Number((grid.reduce((s, g) => s + g.menPauv, 0) / grid.reduce((s, g) => s + g.men, 0)).toFixed(4)),
    ftth_premises_share: Number((ftthPremises / premises).toFixed(4)),
    premises,
    france_services: fs.length,
    lieux_mediation: lieux.length,
    cnfs_structures: hostCommunes.length,
    cnfs_posts: hostCommunes.reduce((s, h) => s + h[2], 0),
    libraries: libRows.length,
    libraries_open_to_public: libraries.length,
    mobile_sites: mobile.length,
    mobile_sites_without_4g: mobile.filter((m) => m.g4 === 0).length,
    road_segments: roads.segments.length,
    road_km: Number((roads.segments.reduce((s, r) => s + lineLengthMeters(r.coords), 0) / 1000).toFixed(1)),
    one_way_segments: roads.segments.filter((r) => r.sens !== 'Double sens').length,
    grid_cells: grid.length,
    communes_over_30min_from_fs: over30.length,
    population_over_30min_from_fs: over30.reduce((s, c) => s + c.pop, 0),
    communes_15_25min_from_fs: communes.filter((c) => minutes[c.index] >= 15 && minutes[c.index] <= 25).length,
    max_minutes_to_fs: Number(Math.max(...minutes).toFixed(1)),
  };

  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const c of communes) for (const [x, y] of c.ring) {
    minLon = Math.min(minLon, x); minLat = Math.min(minLat, y); maxLon = Math.max(maxLon, x); maxLat = Math.max(maxLat, y);
  }
  const manifest = {
    name: 'Val-de-Loue (territoire fictif)',
    fictional: true,
    notice_fr: 'Territoire entièrement fictif, généré automatiquement pour la démonstration de Maillage. Aucune donnée ne décrit un lieu réel.',
    seed,
    generator_version: GENERATOR_VERSION,
    departement: { code: DEP_CODE, nom: DEP_NAME },
    region: { code: REG_CODE, nom: REG_NAME },
    bbox: [minLon, minLat, maxLon, maxLat],
    files: FILE_CATALOGUE.filter((f) => files.has(f.file)),
    totals,
  };
  files.set('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return { files, totals };
}

export const FILE_CATALOGUE: { file: string; imitates: string; vintage: string; description_fr: string }[] = [
  { file: 'communes.geojson', imitates: 'IGN Admin Express COG, contours simplifiés (gregoiredavid/france-geojson)', vintage: '2018', description_fr: 'Contours des communes (fictifs), propriétés code et nom.' },
  { file: 'cantons.geojson', imitates: 'IGN Admin Express COG, cantons (gregoiredavid/france-geojson)', vintage: '2018', description_fr: 'Cantons fictifs, unions de communes entières.' },
  { file: 'cantons_communes.csv', imitates: 'Table de passage canton–commune (INSEE COG)', vintage: '2018', description_fr: 'Appartenance de chaque commune à son canton.' },
  { file: 'Communes.csv', imitates: 'INSEE, populations légales (Communes.csv, Data For Good batch8_mednum)', vintage: '2021', description_fr: 'Population municipale, comptée à part et totale.' },
  { file: 'pop_age.csv', imitates: 'INSEE, base-cc-evol-struct-pop (recensement)', vintage: '2021', description_fr: 'Population par grande tranche d’âge, dont 65 ans et plus et 75 ans et plus.' },
  { file: 'data_scol_menage_demandeurEmplois.csv', imitates: 'Data For Good batch8_mednum, indicateurs INSEE (recensement 2017)', vintage: '2017', description_fr: 'Peu ou pas diplômés, ménages d’une personne, familles monoparentales, 65 ans et plus.' },
  { file: 'taux_pauvrete.csv', imitates: 'Data For Good batch8_mednum, DGFiP IRCOM (foyers au RFR ≤ 12 000 €)', vintage: '2018', description_fr: 'Part des foyers fiscaux à faible revenu ; vide (secret statistique) sous 200 habitants.' },
  { file: 'table_iris_insee_epci.csv', imitates: 'INSEE, référentiel IRIS → commune → EPCI (Data For Good)', vintage: '2020', description_fr: 'IRIS, commune, EPCI, unité urbaine.' },
  { file: 'epci.csv', imitates: 'INSEE / DGCL, intercommunalités à fiscalité propre', vintage: '2024', description_fr: 'Les trois EPCI fictifs (une CA, deux CC).' },
  { file: 'laposte_hexasmal.csv', imitates: 'La Poste, base officielle des codes postaux (laposte_hexasmal)', vintage: '2020', description_fr: 'Codes postaux et point GPS de chaque commune.' },
  { file: 'carreaux_1km.csv', imitates: 'INSEE Filosofi, données carroyées 1 km (EPSG:3035)', vintage: '2019', description_fr: 'Population, ménages, ménages pauvres, 65-79 ans et 80 ans et plus par carreau habité.' },
  { file: 'commune-debit-beta.csv', imitates: 'ARCEP, Ma connexion internet (statistiques communales)', vintage: '2025-09-30', description_fr: 'Locaux par classe de débit filaire (classes exclusives, format bêta 2019), dont ≥ 1 Gbit/s, approximation de la fibre (câble compris).' },
  { file: 'sites_mobiles_L93.csv', imitates: 'ARCEP, sites mobiles 2G/3G/4G (Lambert 93)', vintage: '2024-01', description_fr: 'Sites d’antennes des quatre opérateurs, technologies 2G/3G/4G.' },
  { file: 'liste-fs.csv', imitates: 'ANCT, liste des France services', vintage: '2024-08-01', description_fr: 'France services fictives : sites fixes, une antenne, un bus.' },
  { file: 'lieux-mediation-numerique.json', imitates: 'Cartographie nationale des lieux de médiation numérique (schéma ANCT)', vintage: '2025', description_fr: 'Lieux de médiation numérique fictifs.' },
  { file: 'cnfs.json', imitates: 'ANCT, structures d’accueil des conseillers numériques (cnfs.json)', vintage: '2021', description_fr: 'Structures employant des conseillers numériques (fictives).' },
  { file: 'adresses-des-bibliotheques-publiques.csv', imitates: 'Ministère de la Culture, adresses des bibliothèques publiques', vintage: '2020', description_fr: 'Bibliothèques et médiathèques fictives.' },
  { file: 'troncons_routes.geojson', imitates: 'IGN BD TOPO, troncon_de_route', vintage: '2025', description_fr: 'Réseau routier fictif : routes départementales, routes locales, rues (sens uniques).' },
];

export { phone };
export type { FranceServices };
