/**
 * Corpus of malformed and hostile input files (issue 8, "Bad input"). Deterministic: the same
 * files, byte for byte, on every run. Every valid sample below is written by hand in the official
 * headers of each known format, with fictional values (no data copied from the real files).
 *
 * In memory: `corpus()` yields the files one by one (the large ones are built on demand and can
 * be garbage-collected after use). On disk: `npx tsx tests/corpus/generate.ts` writes them to
 * tests/corpus/out/ (gitignored).
 */
import { strToU8, zipSync } from 'fflate';
import { gridOsm, writeOsmPbf, zlibFrame } from '../helpers/pbf_writer.ts';
import { deflateBomb, writeZip, zlibBomb } from '../helpers/bombs.ts';
import { mulberry32 } from '../../src/shared/random.ts';

export interface CorpusFile {
  name: string;
  bytes: Uint8Array;
  /** 'import': goes through importFile; 'pbf': goes through readOsmPbf; 'bundle': a territory zip (readBundle, then importFile per layer). */
  reader: 'import' | 'pbf' | 'bundle';
  /** What the file is meant to exercise. */
  family: string;
}

// ---------------------------------------------------------------- helpers

const enc = new TextEncoder();
const utf8 = (s: string) => enc.encode(s);

/** Windows-1252 bytes of a string (only the characters the samples use). */
const CP1252_EXTRA: Record<string, number> = { '€': 0x80, '’': 0x92, 'œ': 0x9c, 'Œ': 0x8c, '…': 0x85, '«': 0xab, '»': 0xbb };
function cp1252(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = c.charCodeAt(0);
    out[i] = CP1252_EXTRA[c] ?? (code < 256 ? code : 0x3f);
  }
  return out;
}

function utf16(s: string, bigEndian: boolean, bom = true): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  let o = 0;
  const put = (u: number) => {
    out[o++] = bigEndian ? u >> 8 : u & 0xff;
    out[o++] = bigEndian ? u & 0xff : u >> 8;
  };
  if (bom) put(0xfeff);
  for (let i = 0; i < s.length; i++) put(s.charCodeAt(i));
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** mulberry32: small deterministic PRNG (src/shared/random.ts). */
const rng = mulberry32;

function randomBytes(n: number, seed: number, min = 0, max = 255): Uint8Array {
  const r = rng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = min + Math.floor(r() * (max - min + 1));
  return out;
}

const csvLine = (cells: readonly (string | number)[], sep: string) =>
  cells.map((c) => (typeof c === 'string' && (c.includes(sep) || c.includes('"') || c.includes('\n')) ? `"${c.replace(/"/g, '""')}"` : String(c))).join(sep);
const csv = (header: readonly string[], rows: readonly (readonly (string | number)[])[], sep: string, eol = '\n') =>
  [csvLine(header, sep), ...rows.map((r) => csvLine(r, sep))].join(eol) + eol;

// ---------------------------------------------------------------- valid samples (fictional values, official headers)

const FS_HEADER = [
  'id_fs', 'insee_dep', 'lib_fs', 'adresse', 'complement_adresse', 'insee_com', 'code_postal', 'lib_com', 'latitude', 'longitude',
  'mail', 'telephone', 'h_lundi', 'h_mardi', 'h_mercredi', 'h_jeudi', 'h_vendredi', 'h_samedi', 'prise_rdv', 'commentaire',
  'type_fs', 'format_fs', 'groupe_fs', 'labellisation_fs',
];
const fsRow = (i: number, lat: string | number, lon: string | number, extra: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string | number> = {
    id_fs: String(i), insee_dep: '58', lib_fs: `France services de Bourg-Fictif ${i}`, adresse: `${i} rue des Tilleuls`,
    complement_adresse: '', insee_com: '58999', code_postal: '58000', lib_com: 'Bourg-Fictif', latitude: lat, longitude: lon,
    mail: 'contact@exemple.invalid', telephone: '00 00 00 00 00', h_lundi: '09:00 - 12:00 / 13:30 - 17:00', h_mardi: '09:00 - 12:00',
    h_mercredi: '', h_jeudi: '09:00 - 12:00', h_vendredi: '13:30 - 16:00', h_samedi: '', prise_rdv: 'Non', commentaire: 'Accueil, « numérique »',
    type_fs: 'Principal', format_fs: 'Fixe', groupe_fs: '', labellisation_fs: 'Espace labellisé',
  };
  return FS_HEADER.map((h) => extra[h] ?? base[h]);
};
const fsCsv = (rows: (string | number)[][], sep = ',') => csv(FS_HEADER, rows, sep);
const FS_VALID = fsCsv([fsRow(1, 47.01, 3.51), fsRow(2, 47.2, 3.72), fsRow(3, 46.9, 3.15), fsRow(4, 47.33, 3.9)]);

const lmnItem = (i: number, lat: unknown, lon: unknown) => ({
  id: String(i), nom: `Espace numérique ${i}`, services: 'Accéder à une connexion internet;Accéder à du matériel', pivot: '00000000000000',
  commune: 'BOURG-FICTIF', code_postal: '58000', code_insee: '58999', adresse: '1 place de la Mairie', latitude: lat, longitude: lon,
});
const LMN_VALID = JSON.stringify([lmnItem(1, 47.0, 3.5), lmnItem(2, 47.1, 3.6), lmnItem(3, 46.95, 3.4)], null, 1);

const cnfsItem = (i: number, lat: unknown, lon: unknown) => ({
  raison_sociale: `COMMUNAUTE FICTIVE ${i}`, commune_insee: 'Bourg-Fictif', département: 'NIEVRE', région: 'Bourgogne-Franche-Comté',
  nb_cnfs: 2, type: 'publique', siret: '00000000000000', code_département: '58', adresse: '1 RUE FICTIVE\n58000 BOURG-FICTIF',
  insee_com: '58999', code_postal: 58000, latitude: lat, longitude: lon,
});
const CNFS_VALID = JSON.stringify([cnfsItem(1, 47.0, 3.5), cnfsItem(2, 46.8, 3.3)]);

const BIB_HEADER = [
  'Libelle1', 'Libelle2', 'Localisation', 'voie', 'CP', 'CEDEXB', 'Ville', 'DEPT', 'INSEE', 'coordonnees_ban', 'coordonnees_insee',
  'coordonnees_finales', 'code_bib', 'code_ua', 'Code region', 'Statut', 'surface', 'type_adresse', 'amplitude_horaire', 'pop_com',
];
const bibRow = (i: number, coords: string) => [
  `Médiathèque fictive ${i}`, '', '', '2 rue des Livres', '58000', '', 'Bourg-Fictif', '58', '58999', coords, coords, coords,
  String(1000 + i), '', '27', 'Municipal', '250', 'Bibliothèque ouverte au public', '20', '1500',
];
const BIB_VALID = csv(BIB_HEADER, [bibRow(1, '47.01,3.51'), bibRow(2, '47.2, 3.7')], ';');

const BFC_HEADER = [
  'bfc_id', 'mise_a_jour', 'lon', 'lat', 'adresse', 'code_postal', 'ville', 'departement', 'nom_structure', 'url_lieu', 'contact_email',
  'contact_tel', 'code_typo', 'code_label', 'code_accomp', 'lundi matin', 'lundi après-midi', 'mardi matin', 'mardi après-midi',
  'mercredi matin', 'mercredi après-midi', 'jeudi matin', 'jeudi après-midi', 'vendredi matin', 'vendredi après-midi', 'samedi matin',
  'samedi après-midi', 'dimanche matin', 'dimanche après-midi',
];
const bfcRow = (i: number, lon: string | number, lat: string | number) => [
  `bfc-${i}`, '01/02/2021', lon, lat, '3 rue Fictive', '58000', 'Bourg-Fictif', 'Nièvre', `Tiers-lieu fictif ${i}`, '', '', '',
  'F-TL', 'APTIC', 'A', '9h-12h', '14h-17h', '', '', '', '', '', '', '', '', '', '', '', '',
];
const BFC_VALID = csv(BFC_HEADER, [bfcRow(1, 3.5, 47.0), bfcRow(2, 3.61, 47.12)], ',');

const fs2020Feature = (i: number, coords: unknown, props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: {
    MATRICULE: i, DEPARTEMENT: '58', lib_france_services: `Bourg-Fictif ${i}`, ADRESSE: '1 place Fictive', insee_com: '58999',
    code_postal: '58000', lib_com: 'BOURG-FICTIF', LATITUDE: 47.0, LONGITUDE: 3.5, h_lundi: '9h-12h', FORMAT_FS: 'Fixe', ...props,
  },
  geometry: coords === undefined ? null : { type: 'Point', coordinates: coords },
});
const FS2020_VALID = JSON.stringify({ type: 'FeatureCollection', features: [fs2020Feature(1, [3.5, 47.0]), fs2020Feature(2, [3.6, 47.1])] });

const POP_VALID = csv(['DEPCOM', 'COM', 'PMUN', 'PCAP', 'PTOT'], [['58998', 'Bourg-Fictif', 1234, 20, 1254], ['58999', 'Val-Fictif', 321, 4, 325]], ';');
const AGE_HEADER = ['CODGEO', 'P21_POP', 'P21_POP0014', 'P21_POP1529', 'P21_POP3044', 'P21_POP4559', 'P21_POP6074', 'P21_POP7589', 'P21_POP90P', 'P21_POP65P', 'P21_POP75P'];
const AGE_VALID = csv(AGE_HEADER, [['58998', 1000, 150, 150, 200, 200, 200, 90, 10, 250, 100], ['58999', 500, 50, 50, 100, 100, 100, 90, 10, 150, 60]], ';');
const SOCIAL_HEADER = ['', 'CODE_INSEE', 'LIBCOM', 'DEP', 'TX_NSCOL15P', 'TX_MENSEUL', 'TX_FAMMONO', 'TX_65ETPLUS', 'TX_25ETMOINS', 'TX_DEMANDEURS_EMPLOI'];
const SOCIAL_VALID = csv(SOCIAL_HEADER, [[0, '58998', 'Bourg-Fictif', '58', 40.5, 30.25, 5.5, 28.75, 20.5, ''], [1, '58999', 'Val-Fictif', '58', 45.5, 33.5, 4.5, 31.25, 18.5, '']], ',');
const POVERTY_VALID = csv(['CODE_INSEE', 'LIBCOM', 'TX_POVERTY'], [['58998', 'Bourg-Fictif', 15.5], ['58999', 'Val-Fictif', 18.25]], ',');
const IRIS_VALID = csv(['CODE_IRIS', 'LIB_IRIS', 'CODE_INSEE', 'LIBCOM', 'EPCI', 'NATURE_EPCI', 'DEP'], [['589980000', 'Bourg-Fictif', '58998', 'Bourg-Fictif', '200000000', 'CC', '58'], ['589990000', 'Val-Fictif', '58999', 'Val-Fictif', '200000000', 'CC', '58']], ';');
const EPCI_VALID = csv(['siren', 'nom', 'nature'], [['200000000', 'CC du Val Fictif', 'CC'], ['200000001', 'CA de Bourg-Fictif', 'CA']], ';');
const FILO_VALID = csv(['x', 'y', 'Ind'], [[3_800_500, 2_650_500, 12.5], [3_801_500, 2_650_500, 40], [3_802_500, 2_651_500, 3]], ',').replace(/^x,y,Ind/, '"x","y","Ind"');
const DEBIT_HEADER = ['code_insee', 'nom_com', 'code_dep', 'code_reg', 'nbr', 'type', 'inel_hd', 'elig_hd05', 'elig_hd3', 'elig_hd8', 'elig_thd30', 'elig_thd100', 'elig_thd1g', 'date'];
const DEBIT_VALID = `Version beta : les données sont présentées en l’état et ne sont pas toutes fiables\n${csv(DEBIT_HEADER, [['58998', 'Bourg-Fictif', '58', '27', 100, 'logloc', 0, 10, 10, 20, 20, 20, 20, '2019-09-30'], ['58999', 'Val-Fictif', '58', '27', 50, 'logloc', 5, 5, 10, 10, 10, 5, 5, '2019-09-30']], ';')}`;
const MOBILE_VALID = csv(['Operateur', 'x', 'y', '2G', '3G', '4G'], [['20801', 720000, 6660000, 1, 1, 1], ['20810', 730000, 6670000, 1, 0, 0], ['20820', 740000, 6680000, 1, 1, 1]], ';');
const HEXASMAL_VALID = csv(['Code_commune_INSEE', 'Nom_commune', 'Code_postal', 'Ligne_5', 'Libellé_d_acheminement', 'coordonnees_gps'], [['58998', 'BOURG FICTIF', '58000', '', 'BOURG FICTIF', '47.01, 3.51'], ['58999', 'VAL FICTIF', '58000', 'HAMEAU', 'VAL FICTIF', '47.2,3.7']], ';');

const square = (lon: number, lat: number, d = 0.05) => [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]];
const polyFeature = (props: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties: props, geometry });
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const commune = (code: string, geometry: unknown) => polyFeature({ code, nom: `Commune ${code}` }, geometry);
const COMMUNES_VALID = fc([commune('58998', { type: 'Polygon', coordinates: square(3.5, 47.0) }), commune('58999', { type: 'MultiPolygon', coordinates: [square(3.6, 47.1), square(3.7, 47.1)] })]);
const CANTONS_VALID = fc([polyFeature({ code: '5801', nom: 'Canton fictif' }, { type: 'Polygon', coordinates: square(3.5, 47.0, 0.2) })]);
const DEPS_VALID = fc([polyFeature({ code: '58', nom: 'Nièvre' }, { type: 'Polygon', coordinates: square(3.0, 46.7, 1) })]);
const COVERAGE_VALID = fc([polyFeature({ operateur: 'Orange', techno: '4G', niveau: 'TBC' }, { type: 'Polygon', coordinates: square(3.5, 47.0, 0.3) })]);

/** Every known format, one small valid file each. */
export const VALID_SAMPLES: readonly { name: string; text: string }[] = [
  { name: 'france_services.csv', text: FS_VALID },
  { name: 'lieux_mediation.json', text: LMN_VALID },
  { name: 'conseillers_numeriques.json', text: CNFS_VALID },
  { name: 'bibliotheques.csv', text: BIB_VALID },
  { name: 'mednum_bfc.csv', text: BFC_VALID },
  { name: 'france_services_2020.geojson', text: FS2020_VALID },
  { name: 'populations_legales.csv', text: POP_VALID },
  { name: 'population_age.csv', text: AGE_VALID },
  { name: 'scol_menage.csv', text: SOCIAL_VALID },
  { name: 'taux_pauvrete.csv', text: POVERTY_VALID },
  { name: 'iris_epci.csv', text: IRIS_VALID },
  { name: 'epci.csv', text: EPCI_VALID },
  { name: 'filosofi.csv', text: FILO_VALID },
  { name: 'commune_debit.csv', text: DEBIT_VALID },
  { name: 'sites_mobiles.csv', text: MOBILE_VALID },
  { name: 'hexasmal.csv', text: HEXASMAL_VALID },
  { name: 'communes.geojson', text: COMMUNES_VALID },
  { name: 'cantons.geojson', text: CANTONS_VALID },
  { name: 'departements.geojson', text: DEPS_VALID },
  { name: 'couverture.geojson', text: COVERAGE_VALID },
];

// ---------------------------------------------------------------- the corpus

const f = (family: string, name: string, bytes: Uint8Array | string): CorpusFile => ({
  family, name, bytes: typeof bytes === 'string' ? utf8(bytes) : bytes, reader: 'import',
});

function* truncated(): Generator<CorpusFile> {
  for (const s of VALID_SAMPLES) {
    const bytes = utf8(s.text);
    const n = bytes.length;
    // Start, end, and evenly spread cuts (byte offsets: some fall inside a multi-byte UTF-8 character).
    const offsets = new Set([1, 2, n - 1, n - 2, ...Array.from({ length: 8 }, (_, k) => Math.floor(((k + 1) * n) / 10))]);
    for (const o of [...offsets].filter((o) => o > 0 && o < n).sort((a, b) => a - b)) {
      yield f('tronqué', `tronque-${o}-${s.name}`, bytes.subarray(0, o));
    }
  }
}

function* encodings(): Generator<CorpusFile> {
  const fsAccents = fsCsv([fsRow(1, 47.01, 3.51, { lib_fs: 'Château-Chinon œuvre', commentaire: 'Accès “facile” – 5 €' }), fsRow(2, 47.2, 3.72, { lib_com: 'Nièvre-sur-Loire' })]);
  const [head, ...rest] = fsAccents.split('\n');
  yield f('encodage', 'latin1-au-milieu-utf8.csv', concat(utf8(`${head}\n${rest[0]}\n`), cp1252(`${rest[1]}\n`), utf8(fsCsv([fsRow(3, 46.9, 3.1, { lib_com: 'Évry-Fictif' })]).split('\n')[1] + '\n')));
  yield f('encodage', 'windows-1252.csv', cp1252(fsCsv([fsRow(1, 47.01, 3.51, { lib_fs: 'Cœur de Nièvre', commentaire: 'Coût : 5 € – l’accueil…' })], ';')));
  yield f('encodage', 'windows-1252-populations.csv', cp1252(POP_VALID.replace('Bourg-Fictif', 'Bœurg-Fictif’s')));
  yield f('encodage', 'utf16le-bom.csv', utf16(fsAccents, false));
  yield f('encodage', 'utf16be-bom.csv', utf16(fsAccents, true));
  yield f('encodage', 'utf16le-sans-bom.csv', utf16(POP_VALID, false, false));
  yield f('encodage', 'utf16le-bom.json', utf16(LMN_VALID, false));
  yield f('encodage', 'utf16be-bom.geojson', utf16(COMMUNES_VALID, true));
  yield f('encodage', 'utf8-bom.json', concat(Uint8Array.of(0xef, 0xbb, 0xbf), utf8(CNFS_VALID)));
  yield f('encodage', 'double-bom.csv', concat(Uint8Array.of(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf), utf8(POP_VALID)));
  yield f('encodage', 'bom-utf8-puis-latin1.csv', concat(Uint8Array.of(0xef, 0xbb, 0xbf), cp1252(POP_VALID.replace('Val-Fictif', 'Vâl-Fîctif'))));
  yield f('encodage', 'utf8-surrogate-isole.csv', concat(utf8('DEPCOM;COM;PMUN;PCAP;PTOT\n58998;Bo'), Uint8Array.of(0xed, 0xa0, 0x80), utf8('urg;1;2;3\n')));
  yield f('encodage', 'utf8-surlong.csv', concat(utf8('DEPCOM;COM;PMUN;PCAP;PTOT\n58998;Bo'), Uint8Array.of(0xc0, 0xaf), utf8('urg;1;2;3\n')));
  yield f('encodage', 'latin1-dans-json.json', concat(utf8('[{"id":"1","nom":"Caf'), cp1252('é'), utf8('","services":"x","latitude":47,"longitude":3.5}]')));
  yield f('encodage', 'caracteres-de-controle.csv', utf8('DEPCOM;COM;PMUN;PCAP;PTOT\n58998;Bo\u0007\u001burg;1;2;3\n'));
  yield f('encodage', 'octet-nul-loin.csv', concat(utf8(POP_VALID + `58997;${'x'.repeat(6000)};1;2;3\n58996;A`), Uint8Array.of(0), utf8('B;1;2;3\n')));
}

function* binaries(): Generator<CorpusFile> {
  for (let seed = 1; seed <= 6; seed++) yield f('binaire', `aleatoire-${seed}.csv`, randomBytes(500 * seed * seed, seed));
  yield f('binaire', 'aleatoire-octets-hauts.csv', randomBytes(4000, 99, 0x80, 0xff));
  yield f('binaire', 'aleatoire-imprimable.csv', randomBytes(4000, 98, 0x20, 0x7e));
  yield f('binaire', 'aleatoire.json', concat(utf8('[{"id":'), randomBytes(2000, 7)));
  const png = concat(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0), randomBytes(200, 11));
  yield f('binaire', 'image.png.csv', png);
  yield f('binaire', 'image-png.csv', png);
  const zip = concat(utf8('PK\u0003\u0004'), Uint8Array.of(20, 0, 0, 0, 8, 0), randomBytes(20, 12), utf8('communes.shp'), randomBytes(300, 13));
  yield f('binaire', 'archive-zip.csv', zip);
  yield f('binaire', 'archive-zip.geojson', zip);
  // Shapefile main header: file code 9994 big-endian, unused zeros, length, version 1000 little-endian, shape type 5.
  const shp = new Uint8Array(100 + 56);
  const dv = new DataView(shp.buffer);
  dv.setInt32(0, 9994, false);
  dv.setInt32(24, shp.length / 2, false);
  dv.setInt32(28, 1000, true);
  dv.setInt32(32, 5, true);
  dv.setFloat64(36, 3.0, true);
  dv.setFloat64(44, 46.6, true);
  yield f('binaire', 'communes-shp-renomme.csv', shp);
  yield f('binaire', 'communes.shp', shp);
  yield f('binaire', 'communes-shp.geojson', shp);
  yield f('binaire', 'communes.dbf.csv', concat(Uint8Array.of(0x03, 0x7b, 0x01, 0x01, 2, 0, 0, 0, 0x61, 0, 0x20, 0), new Uint8Array(20), utf8('CODE'), new Uint8Array(7), utf8('C'), randomBytes(60, 14, 0x20, 0x7e)));
  yield f('binaire', 'gzip.csv', concat(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3), randomBytes(200, 15)));
  yield f('binaire', 'document.pdf.csv', concat(utf8('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nstream\n'), randomBytes(3000, 16)));
  yield f('binaire', 'classeur-xlsx.csv', concat(utf8('PK\u0003\u0004\u0014\u0000\u0006\u0000[Content_Types].xml'), randomBytes(400, 17)));
  yield f('binaire', 'osm.pbf.csv', writeOsmPbf(gridOsm(3, 3, 3)));
}

function* sizes(): Generator<CorpusFile> {
  yield f('taille', 'une-ligne-10-mo.csv', 'a'.repeat(10 * 1024 * 1024));
  yield f('taille', 'une-ligne-10-mo-separateurs.csv', 'a;'.repeat(5 * 1024 * 1024));
  yield f('taille', 'cellule-10-mo.csv', fsCsv([fsRow(1, 47.01, 3.51, { commentaire: 'é'.repeat(5 * 1024 * 1024) })]));
  yield f('taille', 'json-chaine-10-mo.json', JSON.stringify([lmnItem(1, 47, 3.5), { ...lmnItem(2, 47.1, 3.6), nom: 'n'.repeat(10 * 1024 * 1024) }]));
  const cols = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
  yield f('taille', '100k-colonnes.csv', `${cols.join(';')}\n${cols.map((_, i) => `v${i}`).join(';')}\n`);
  yield f('taille', '100k-colonnes-numeriques.csv', `${cols.join(';')}\n${cols.map((_, i) => String(i * 7)).join(';')}\n${cols.map((_, i) => String(i * 3 + 1)).join(';')}\n`);
  yield f('taille', '100k-colonnes-dont-france-services.csv', `${[...FS_HEADER, ...cols].join(';')}\n${[...fsRow(1, 47.01, 3.51), ...cols.map((_, i) => String(i))].join(';')}\n`);
  yield f('taille', '100k-cles.json', `[${JSON.stringify(Object.fromEntries(cols.map((c, i) => [c, i])))}]`);
  yield f('taille', '100k-proprietes.geojson', fc([{ type: 'Feature', properties: Object.fromEntries(cols.map((c, i) => [c, i])), geometry: { type: 'Point', coordinates: [3.5, 47] } }]));
  const manyRows = ['DEPCOM;COM;PMUN;PCAP;PTOT'];
  for (let i = 0; i < 200_000; i++) manyRows.push(`${String(10000 + (i % 89999)).padStart(5, '0')};C${i};${i};0;${i}`);
  yield f('taille', '200k-lignes.csv', manyRows.join('\n'));
  yield f('taille', '1M-points.geojson', millionPoints());
}

/** A FeatureCollection of 1,000,000 points, built as a string in chunks (about 100 MB). */
function millionPoints(): Uint8Array {
  const r = rng(2024);
  const parts: string[] = ['{"type":"FeatureCollection","features":['];
  const chunk: string[] = [];
  for (let i = 0; i < 1_000_000; i++) {
    const lon = (2 + r() * 4).toFixed(5);
    const lat = (45 + r() * 4).toFixed(5);
    chunk.push(`{"type":"Feature","properties":{"id":${i}},"geometry":{"type":"Point","coordinates":[${lon},${lat}]}}`);
    if (chunk.length === 10_000) {
      parts.push(chunk.join(','));
      chunk.length = 0;
      if (i + 1 < 1_000_000) parts.push(',');
    }
  }
  if (chunk.length) parts.push(chunk.join(','));
  parts.push(']}');
  return utf8(parts.join(''));
}

function* emptyish(): Generator<CorpusFile> {
  const cases: [string, string | Uint8Array][] = [
    ['vide.csv', new Uint8Array()], ['vide.json', new Uint8Array()], ['vide.geojson', new Uint8Array()], ['espaces.csv', '   \t  '],
    ['sauts-de-ligne.csv', '\n\n\r\n\n'], ['bom-seul.csv', Uint8Array.of(0xef, 0xbb, 0xbf)], ['bom-utf16-seul.csv', Uint8Array.of(0xff, 0xfe)],
    ['tableau-vide.json', '[]'], ['objet-vide.json', '{}'], ['collection-vide.geojson', '{"type":"FeatureCollection","features":[]}'],
    ['null.json', 'null'], ['chaine.json', '"texte"'], ['nombre.json', '0'], ['vrai.json', 'true'], ['tableau-de-null.json', '[null,null]'],
    ['tableau-de-nombres.json', '[1,2,3]'], ['tableau-de-tableaux.json', '[[1,2],[3,4]]'], ['tableau-objets-vides.json', '[{},{}]'],
    ['un-seul-separateur.csv', ';'], ['une-seule-cellule.csv', 'x'], ['guillemets-vides.csv', '""'],
  ];
  for (const [name, bytes] of cases) yield f('vide', name, bytes);
  for (const s of VALID_SAMPLES.filter((s) => s.name.endsWith('.csv'))) {
    const lines = s.text.split('\n');
    const headerOnly = s.name === 'commune_debit.csv' ? lines.slice(0, 2).join('\n') : lines[0];
    yield f('en-tête seul', `entete-seul-${s.name}`, headerOnly);
    yield f('en-tête seul', `entete-seul-nl-${s.name}`, `${headerOnly}\n\n\n`);
  }
  yield f('en-tête seul', 'entete-seul-preambule-seul.csv', 'Version beta : les données sont présentées en l’état\n');
}

function* headers(): Generator<CorpusFile> {
  yield f('en-têtes', 'doublon-latitude.csv', csv([...FS_HEADER, 'latitude'], [[...fsRow(1, 47, 3.5), '0']], ','));
  yield f('en-têtes', 'doublon-casse.csv', csv([...FS_HEADER, 'LATITUDE'], [[...fsRow(1, 47, 3.5), '0']], ','));
  yield f('en-têtes', 'doublon-espaces.csv', 'DEPCOM;COM;PMUN;PCAP;PTOT; PMUN \n58998;A;1;2;3;4\n');
  yield f('en-têtes', 'doublon-vides.csv', 'DEPCOM;COM;PMUN;PCAP;PTOT;;\n58998;A;1;2;3;;\n');
  yield f('en-têtes', 'doublon-inconnu.csv', 'nom;nom;lat;lon\nA;B;47;3.5\n');
  yield f('en-têtes', 'proto.csv', '__proto__;constructor;toString;hasOwnProperty;latitude;longitude\nx;y;z;w;47;3.5\n');
  yield f('en-têtes', 'proto-france-services.csv', csv([...FS_HEADER, '__proto__'], [[...fsRow(1, 47, 3.5), 'x']], ','));
  yield f('en-têtes', 'proto.json', '[{"__proto__":{"latitude":47},"constructor":"x","id":"1","nom":"A","services":"s","latitude":47,"longitude":3.5}]');
  yield f('en-têtes', 'entete-vide.csv', ';;;;\n1;2;3;4;5\n');
  yield f('en-têtes', 'entete-guillemets.csv', '"DEPCOM";"COM";"PMUN";"PCAP";"PTOT"\n58998;A;1;2;3\n');
  yield f('en-têtes', 'entete-separateur-final.csv', 'DEPCOM;COM;PMUN;PCAP;PTOT;\n58998;A;1;2;3;\n');
  yield f('en-têtes', 'entete-tres-long.csv', `${'n'.repeat(100_000)};latitude;longitude\nA;47;3.5\n`);
  yield f('en-têtes', 'preambule-10-lignes.csv', `${'Avertissement\n'.repeat(10)}${POP_VALID}`);
  yield f('en-têtes', 'separateurs-melanges.csv', 'DEPCOM;COM,PMUN;PCAP\tPTOT\n58998;A,1;2\t3\n');
  yield f('en-têtes', 'colonnes-en-trop.csv', 'DEPCOM;COM;PMUN;PCAP;PTOT\n58998;A;1;2;3;4;5\n');
  yield f('en-têtes', 'colonnes-en-moins.csv', 'DEPCOM;COM;PMUN;PCAP;PTOT\n58998;A\n');
  yield f('en-têtes', 'fins-de-ligne-cr.csv', POP_VALID.replace(/\n/g, '\r'));
  yield f('en-têtes', 'fins-de-ligne-melangees.csv', 'DEPCOM;COM;PMUN;PCAP;PTOT\r\n58998;A;1;2;3\n58999;B;1;2;3\r58997;C;1;2;3\r\n');
  yield f('en-têtes', 'lignes-vides-partout.csv', `\n\n${POP_VALID.replace(/\n/g, '\n\n\n')}`);
  yield f('en-têtes', 'guillemet-au-milieu.csv', 'DEPCOM;COM;PMUN;PCAP;PTOT\n58998;Bo"urg;1;2;3\n');
  yield f('en-têtes', 'guillemet-non-ferme-fin.csv', `${POP_VALID}58997;"Sans fin;1;2;3\n`);
  yield f('en-têtes', 'formules.csv', fsCsv([fsRow(1, '=1+1', '@SUM(A1)', { lib_fs: '=HYPERLINK("http://exemple.invalid","clic")' }), fsRow(2, 47, 3.5, { lib_fs: '+cmd|/C calc!A0' })]));
  // Issue 18: a formula after a separator another reader might use (comma, tab, pipe, semicolon inside a quoted cell).
  yield f('en-têtes', 'formules-apres-separateur.csv', fsCsv([fsRow(1, 'x', 'y', { lib_fs: 'Ville2,=1+6', commentaire: 'Ville2\t=1+6' }), fsRow(2, 'NaN', 3.5, { lib_fs: 'Ville2;@SUM(A1)', adresse: 'a|-2+3' })], ';'));
  yield f('en-têtes', 'valeurs-blanches.csv', 'DEPCOM;COM;PMUN;PCAP;PTOT\n   ;   ;   ;   ;   \n');
  yield f('en-têtes', 'entiers-geants.csv', 'DEPCOM;COM;PMUN;PCAP;PTOT\n58998;A;99999999999999;1e12;-5e15\n58999;B;1e400;-1e400;NaN\n');
  yield f('en-têtes', 'codes-invalides.csv', 'DEPCOM;COM;PMUN;PCAP;PTOT\n5899;A;1;2;3\n2C001;B;1;2;3\n589988;C;1;2;3\nabcde;D;1;2;3\n;E;1;2;3\n');
}

function* coordinates(): Generator<CorpusFile> {
  const bad = ['NaN', 'Infinity', '-Infinity', '', ' ', '1e400', 'abc', '0x10', '47,5,3', '∞', 'null', 'undefined', '47°N'];
  yield f('coordonnées', 'fs-coordonnees-invalides.csv', fsCsv(bad.map((v, i) => fsRow(i + 1, v, v))));
  yield f('coordonnées', 'fs-latitude-vide.csv', fsCsv([fsRow(1, '', 3.5), fsRow(2, 47, '')]));
  yield f('coordonnées', 'fs-lambert93.csv', fsCsv([fsRow(1, 6_650_000, 720_000), fsRow(2, 6_700_000.5, 700_000.25)]));
  yield f('coordonnées', 'fs-lambert93-inverse.csv', fsCsv([fsRow(1, 720_000, 6_650_000)]));
  yield f('coordonnées', 'fs-inversees.csv', fsCsv([fsRow(1, 3.5, 47)]));
  yield f('coordonnées', 'fs-extremes.csv', fsCsv([fsRow(1, 1e308, -1e308), fsRow(2, -90, 180), fsRow(3, 0, 0), fsRow(4, '-0', '5e-324')]));
  yield f('coordonnées', 'bfc-nan.csv', csv(BFC_HEADER, [bfcRow(1, 'NaN', 'NaN'), bfcRow(2, 'Infinity', '-Infinity'), bfcRow(3, '', '')], ','));
  yield f('coordonnées', 'bib-coordonnees-texte.csv', csv(BIB_HEADER, [bibRow(1, 'NaN,NaN'), bibRow(2, ','), bibRow(3, '6650000,720000'), bibRow(4, '47.0;3.5'), bibRow(5, '1,2,3')], ';'));
  yield f('coordonnées', 'hexasmal-nan.csv', HEXASMAL_VALID.replace('47.01, 3.51', 'NaN, NaN').replace('47.2,3.7', 'Infinity,Infinity'));
  const jsonBad: unknown[] = [null, 'NaN', 'Infinity', '', [], {}, [47], { v: 47 }, true, 1e308, '6650000', 6_650_000, '47,5'];
  yield f('coordonnées', 'lmn-coordonnees-invalides.json', JSON.stringify(jsonBad.map((v, i) => lmnItem(i + 1, v, v))));
  yield f('coordonnées', 'lmn-lambert93.json', JSON.stringify([lmnItem(1, 6_650_000, 720_000), lmnItem(2, 47, 3.5)]));
  yield f('coordonnées', 'cnfs-1e999.json', `[${JSON.stringify(cnfsItem(1, 0, 0)).replace('"latitude":0', '"latitude":1e999').replace('"longitude":0', '"longitude":-1e999')}]`);
  yield f('coordonnées', 'filosofi-invalides.csv', '"x","y","Ind"\nNaN,NaN,1\nInfinity,2650500,2\n3800500,,3\n3800500,2650500,\n720000,6650000,5\n');
  yield f('coordonnées', 'mobiles-invalides.csv', 'Operateur;x;y;2G;3G;4G\n20801;NaN;NaN;1;1;1\n20820;#N/A;#N/A;1;1;1\n20801;3.5;47;1;1;1\n20801;Infinity;6650000;1;1;1\n;;;;;\n');
  yield f('coordonnées', 'inconnu-lat-lon-lambert93.csv', 'nom;latitude;longitude\nA;6650000;720000\nB;6651000;721000\nC;6652000;722000\n');
  yield f('coordonnées', 'inconnu-lat-lon-nan.csv', 'nom;latitude;longitude\nA;NaN;NaN\nB;Infinity;-Infinity\nC;;\n');
  yield f('coordonnées', 'inconnu-x-y-3035.csv', 'id;x;y;valeur\n1;3800500;2650500;3\n2;3801500;2650500;4\n');
  yield f('coordonnées', 'fs2020-coordonnees-texte.geojson', fc([fs2020Feature(1, ['3.5', '47.0'], { LATITUDE: 'x', LONGITUDE: 'y' }), fs2020Feature(2, [NaN, null]), fs2020Feature(3, undefined, { LATITUDE: null, LONGITUDE: null }), fs2020Feature(4, [6_650_000, 720_000])]));
  yield f('coordonnées', 'points-texte.geojson', fc([{ type: 'Feature', properties: { nom: 'A' }, geometry: { type: 'Point', coordinates: ['3.5', '47'] } }, { type: 'Feature', properties: { nom: 'B' }, geometry: { type: 'Point', coordinates: [null, null] } }]));
}

function nested(depth: number, inner = '[3.5,47]'): string {
  return '['.repeat(depth) + inner + ']'.repeat(depth);
}

function* geojson(): Generator<CorpusFile> {
  const c = (code: string, geometry: unknown) => commune(code, geometry);
  const ring = square(3.5, 47.0)[0];
  const cases: [string, string][] = [
    ['anneau-non-ferme', fc([c('58998', { type: 'Polygon', coordinates: [ring.slice(0, 4)] })])],
    ['anneau-deux-points', fc([c('58998', { type: 'Polygon', coordinates: [[[3.5, 47], [3.6, 47]]] })])],
    ['anneau-un-point', fc([c('58998', { type: 'Polygon', coordinates: [[[3.5, 47]]] })])],
    ['anneau-vide', fc([c('58998', { type: 'Polygon', coordinates: [[]] })])],
    ['polygone-vide', fc([c('58998', { type: 'Polygon', coordinates: [] })])],
    ['auto-intersection', fc([c('58998', { type: 'Polygon', coordinates: [[[3.5, 47], [3.6, 47.1], [3.6, 47], [3.5, 47.1], [3.5, 47]]] })])],
    ['trou-hors-du-polygone', fc([c('58998', { type: 'Polygon', coordinates: [ring, square(4.5, 48)[0]] })])],
    ['polygone-profondeur-2', fc([c('58998', { type: 'Polygon', coordinates: ring })])],
    ['polygone-profondeur-4', fc([c('58998', { type: 'Polygon', coordinates: [square(3.5, 47)] })])],
    ['multipolygone-profondeur-3', fc([c('58998', { type: 'MultiPolygon', coordinates: square(3.5, 47) })])],
    ['multipolygone-mixte', fc([c('58998', { type: 'MultiPolygon', coordinates: [square(3.5, 47), ring, [[3.5, 47]]] })])],
    ['geometrie-null', fc([c('58998', null), c('58999', { type: 'Polygon', coordinates: square(3.6, 47) })])],
    ['geometrie-null-premiere-seule', fc([c('58998', null)])],
    ['coordonnees-null', fc([c('58998', { type: 'Polygon', coordinates: null })])],
    ['coordonnees-absentes', fc([c('58998', { type: 'Polygon' })])],
    ['coordonnees-texte', fc([c('58998', { type: 'Polygon', coordinates: [[[3.5, 47], ['3.6', '47'], [3.6, 47.1], [3.5, 47]]] })])],
    ['coordonnees-texte-entier', fc([c('58998', { type: 'Polygon', coordinates: '[[[3.5,47],[3.6,47],[3.6,47.1],[3.5,47]]]' })])],
    ['coordonnees-null-dans-anneau', fc([c('58998', { type: 'Polygon', coordinates: [[[3.5, 47], null, [3.6, 47.1], [3.5, 47]]] })])],
    ['coordonnees-une-dimension', fc([c('58998', { type: 'Polygon', coordinates: [[[3.5], [3.6], [3.6], [3.5]]] })])],
    ['coordonnees-geantes', fc([c('58998', { type: 'Polygon', coordinates: [[[3.5, 47], [1e308, 47], [3.6, 1e308], [3.5, 47]]] })])],
    ['lambert93', fc([c('58998', { type: 'Polygon', coordinates: [[[720000, 6650000], [721000, 6650000], [721000, 6651000], [720000, 6650000]]] })])],
    ['type-geometrie-inconnu', fc([c('58998', { type: 'Cercle', coordinates: [3.5, 47] })])],
    ['geometrycollection', fc([c('58998', { type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: square(3.5, 47) }] })])],
    ['geometrie-texte', fc([c('58998', 'POLYGON((3.5 47, 3.6 47, 3.6 47.1, 3.5 47))')])],
    ['geometrie-nombre', fc([c('58998', 42)])],
    ['feature-sans-collection', JSON.stringify(c('58998', { type: 'Polygon', coordinates: square(3.5, 47) }))],
    ['feature-sans-collection-inconnue', JSON.stringify({ type: 'Feature', properties: { a: 1 }, geometry: { type: 'Point', coordinates: [3.5, 47] } })],
    ['feature-sans-geometrie', JSON.stringify({ type: 'Feature' })],
    ['geometrie-seule', JSON.stringify({ type: 'Polygon', coordinates: square(3.5, 47) })],
    ['collection-dans-collection', fc([JSON.parse(COMMUNES_VALID)])],
    ['features-objet', JSON.stringify({ type: 'FeatureCollection', features: { a: 1 } })],
    ['features-null', JSON.stringify({ type: 'FeatureCollection', features: null })],
    ['features-nombres', JSON.stringify({ type: 'FeatureCollection', features: [1, 'deux', null, true, []] })],
    ['proprietes-texte', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: 'code=58998', geometry: null }] })],
    ['proprietes-nombre', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: 5, geometry: null }] })],
    ['proprietes-tableau', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: ['58998', 'A'], geometry: null }] })],
    ['code-objet', fc([polyFeature({ code: { v: '58998' }, nom: 'A' }, { type: 'Polygon', coordinates: square(3.5, 47) })])],
    ['couverture-sans-operateur', fc([polyFeature({ operateur: 'Orange', techno: '4G' }, { type: 'Polygon', coordinates: square(3.5, 47) }), polyFeature({ operateur: '', techno: '' }, { type: 'Polygon', coordinates: square(3.5, 47) })])],
    ['couverture-geometrie-point', fc([polyFeature({ operateur: 'Orange', techno: '4G' }, { type: 'Polygon', coordinates: square(3.5, 47) }), polyFeature({ operateur: 'SFR', techno: '4G' }, { type: 'Point', coordinates: [3.5, 47] })])],
    ['imbrication-100k-coordonnees', `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"58998","nom":"A"},"geometry":{"type":"Polygon","coordinates":${nested(100_000)}}}]}`],
    ['imbrication-100k-propriete', `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"58998","nom":"A","x":${nested(100_000)}},"geometry":{"type":"Polygon","coordinates":${JSON.stringify(square(3.5, 47))}}}]}`],
    ['imbrication-5000-multipolygone', `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"58998","nom":"A"},"geometry":{"type":"MultiPolygon","coordinates":${nested(5000)}}}]}`],
    ['imbrication-objets-100k', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['imbrication-100k-tableau', nested(100_000, '1')],
    ['imbrication-100k-json-objet', `[{"id":"1","nom":"A","services":"s","latitude":47,"longitude":3.5,"x":${nested(100_000, '1')}}]`],
  ];
  for (const [name, text] of cases) yield f('GeoJSON invalide', `${name}.geojson`, text);
  const jsonCases: [string, string][] = [
    ['virgule-finale', '[{"id":"1","nom":"A","services":"s","latitude":47,"longitude":3.5},]'],
    ['commentaire', '// lieux\n[{"id":"1"}]'],
    ['nan-litteral', '[{"id":"1","nom":"A","services":"s","latitude":NaN,"longitude":3.5}]'],
    ['guillemets-simples', "[{'id':'1'}]"],
    ['ndjson', `${JSON.stringify(lmnItem(1, 47, 3.5))}\n${JSON.stringify(lmnItem(2, 47, 3.5))}\n`],
    ['chaine-non-fermee', '[{"id":"1,"nom":"A}]'],
    ['deux-documents', '[]\n[]'],
    ['objets-et-nombres', `[1, "x", null, ${JSON.stringify(lmnItem(1, 47, 3.5))}, [2]]`],
    ['premier-objet-vide', `[{}, ${JSON.stringify(lmnItem(1, 47, 3.5))}]`],
    ['valeurs-objets', JSON.stringify([{ ...lmnItem(1, { lat: 47 }, [3.5]), id: { x: 1 }, nom: ['A', 'B'] }])],
  ];
  for (const [name, text] of jsonCases) yield f('JSON invalide', `${name}.json`, text);
}

function* pbf(): Generator<CorpusFile> {
  const p = (name: string, bytes: Uint8Array): CorpusFile => ({ family: 'OSM PBF', name, bytes, reader: 'pbf' });
  const grid = gridOsm(12, 10, 5);
  const valid = writeOsmPbf(grid, { nodesPerBlock: 40, waysPerBlock: 10 });
  const raw = writeOsmPbf(grid, { nodesPerBlock: 40, waysPerBlock: 10, compress: false });
  yield p('valide.osm.pbf', valid);
  for (let k = 1; k <= 10; k++) {
    const o = Math.floor((k * valid.length) / 11);
    yield p(`tronque-${o}.osm.pbf`, valid.subarray(0, o));
  }
  yield p('tronque-3-octets.osm.pbf', valid.subarray(0, 3));
  yield p('vide.osm.pbf', new Uint8Array());
  for (let seed = 1; seed <= 4; seed++) yield p(`aleatoire-${seed}.osm.pbf`, randomBytes(2000 * seed, 100 + seed));
  yield p('texte.osm.pbf', utf8(POP_VALID));
  // Corrupt blocks: flip bytes inside a compressed block (zlib notices) and inside an uncompressed one (the block parser must).
  for (const [label, src, count] of [['compresse', valid, 12], ['brut', raw, 40]] as const) {
    for (let seed = 1; seed <= count; seed++) {
      const bytes = src.slice();
      const r = rng(seed * 7919);
      const start = 200; // past the OSMHeader frame
      const flips = 1 + Math.floor(r() * 8);
      for (let i = 0; i < flips; i++) bytes[start + Math.floor(r() * (bytes.length - start))] = Math.floor(r() * 256);
      yield p(`bloc-corrompu-${label}-${seed}.osm.pbf`, bytes);
    }
  }
  const header = valid.slice();
  header[0] = 0xff;
  yield p('longueur-entete-geante.osm.pbf', header);
  // Data before header: drop the first frame.
  const hLen = new DataView(valid.buffer, valid.byteOffset).getUint32(0);
  let firstEnd = 4 + hLen;
  {
    // datasize is field 3 of the BlobHeader: read it by re-parsing the small header.
    const h = valid.subarray(4, 4 + hLen);
    let i = 0;
    while (i < h.length) {
      const tag = h[i++];
      if (tag >> 3 === 1) {
        const l = h[i++];
        i += l;
      } else if (tag >> 3 === 3) {
        let v = 0, s = 0, b: number;
        do { b = h[i++]; v |= (b & 0x7f) << s; s += 7; } while (b & 0x80);
        firstEnd += v;
      } else break;
    }
  }
  yield p('donnees-avant-entete.osm.pbf', valid.subarray(firstEnd));
  yield p('entete-seul.osm.pbf', valid.subarray(0, firstEnd));
  // Decompression bombs (issue 18): a blob of 1 GiB of zeros (~1 MB compressed) that declares
  // 4 KiB, declares nothing, or declares more than the format's 32 MiB.
  const bomb = zlibBomb(1024);
  yield p('bombe-taille-mentie.osm.pbf', concat(valid, zlibFrame('OSMData', bomb, 4096)));
  yield p('bombe-sans-taille.osm.pbf', concat(valid, zlibFrame('OSMData', bomb, 0)));
  yield p('bombe-taille-hors-format.osm.pbf', concat(valid, zlibFrame('OSMData', bomb, 1 << 30)));
}

/** Territory bundles (zip, the dashboard opens them in one drop): bombs, truncations, lying manifests. */
function* archives(): Generator<CorpusFile> {
  const z = (name: string, bytes: Uint8Array): CorpusFile => ({ family: 'archives zip', name, bytes, reader: 'bundle' });
  const layer = (file: string, sourceId = 'france_services') => ({
    sourceId, label: 'France Services', file, url: 'http://127.0.0.1/x', page: null, vintage: '1 août 2024', retrievedAt: '2026-11-23T10:00:00.000Z', network: false,
  });
  const manifest = (layers: object[]) => strToU8(JSON.stringify({
    maillage_bundle: 1, territory: { kind: 'departement', code: '58', name: 'Nièvre', departements: ['58'] }, created_at: '2026-11-23T10:00:00.000Z',
    created_by: 'corpus', layers, failures: [], privacy: '',
  }));
  const fixed = { mtime: new Date('2026-11-23T10:00:00Z') };
  const valid = zipSync({ 'SOURCES.json': manifest([layer('france-services-58.csv')]), 'france-services-58.csv': utf8(FS_VALID) }, fixed);
  yield z('lot-valide.zip', valid);
  yield z('bombe-zip.zip', zipSync({ 'SOURCES.json': manifest([layer('zeros.csv')]), 'zeros.csv': new Uint8Array(96 * 1024 * 1024) }, { ...fixed, level: 9 }));
  yield z('bombe-zip-sans-manifeste.zip', zipSync({ 'a.csv': new Uint8Array(64 * 1024 * 1024).fill(59) }, { ...fixed, level: 9 }));
  yield z('zip-imbrique.zip', zipSync({ 'SOURCES.json': manifest([layer('france-services-58.csv')]), 'france-services-58.csv': valid }, fixed));
  yield z('trop-de-fichiers.zip', zipSync(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`f${i}.csv`, strToU8('a')])), fixed));
  for (const cut of [4, 30, 100, Math.floor(valid.length / 2), valid.length - 10]) yield z(`lot-tronque-${cut}.zip`, valid.subarray(0, cut));
  yield z('zip-sans-manifeste.zip', zipSync({ 'france-services-58.csv': utf8(FS_VALID) }, fixed));
  yield z('manifeste-illisible.zip', zipSync({ 'SOURCES.json': strToU8('{"maillage_bundle": 1, "layers": ['), 'x.csv': strToU8('a') }, fixed));
  yield z('manifeste-autre-version.zip', zipSync({ 'SOURCES.json': strToU8('{"maillage_bundle": 99, "layers": [], "territory": {}}') }, fixed));
  yield z('manifeste-couche-absente.zip', zipSync({ 'SOURCES.json': manifest([layer('absent.csv')]) }, fixed));
  yield z('manifeste-source-inconnue.zip', zipSync({ 'SOURCES.json': manifest([layer('x.csv', 'pirate')]), 'x.csv': utf8(FS_VALID) }, fixed));
  yield z('manifeste-chemin-hors-archive.zip', zipSync({ 'SOURCES.json': manifest([layer('../../etc/passwd')]), '../../etc/passwd': utf8(FS_VALID) }, fixed));
  yield z('couche-binaire.zip', zipSync({ 'SOURCES.json': manifest([layer('france-services-58.csv')]), 'france-services-58.csv': randomBytes(4096, 77) }, fixed));
  yield z('octets-aleatoires.zip', concat(strToU8('PK\u0003\u0004'), randomBytes(8192, 78)));
  // Issue 18: 944 MiB of zeros in ~0.9 MB behind a data-descriptor flag (no sizes in the local
  // header) or lying local sizes; the same file listed twice; two entries of the same name.
  const fsLayer = { name: 'france-services-58.csv', data: utf8(FS_VALID), method: 0 as const, size: utf8(FS_VALID).length };
  const stored = (name: string, data: Uint8Array) => ({ name, data, method: 0 as const, size: data.length });
  const bomb = deflateBomb(944);
  yield z('bombe-zip-descripteur.zip', writeZip([stored('SOURCES.json', manifest([layer('zeros.csv')])), { name: 'zeros.csv', data: bomb, method: 8, size: 0, descriptor: true }]));
  yield z('bombe-zip-tailles-mentie.zip', writeZip([stored('SOURCES.json', manifest([layer('zeros.csv')])), { name: 'zeros.csv', data: bomb, method: 8, size: 1000, declaredCompressed: 0x7fff_ffff }]));
  yield z('manifeste-couche-200-fois.zip', writeZip([stored('SOURCES.json', manifest(Array.from({ length: 200 }, () => layer('france-services-58.csv')))), fsLayer]));
  yield z('entrees-homonymes.zip', writeZip([stored('SOURCES.json', manifest([layer('france-services-58.csv')])), fsLayer, stored('france-services-58.csv', utf8(POP_VALID))]));
}

/** All files of the corpus, in a fixed order. */
export function* corpus(): Generator<CorpusFile> {
  yield* truncated();
  yield* encodings();
  yield* binaries();
  yield* emptyish();
  yield* headers();
  yield* coordinates();
  yield* geojson();
  yield* pbf();
  yield* sizes();
  yield* archives();
}

// ---------------------------------------------------------------- CLI: write the corpus to tests/corpus/out/

async function main() {
  const { mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  const out = resolve(import.meta.dirname, 'out');
  rmSync(out, { recursive: true, force: true });
  let n = 0;
  for (const file of corpus()) {
    const dir = resolve(out, file.family.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '_'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, file.name), file.bytes);
    n++;
  }
  console.log(`${n} fichiers écrits dans ${out}`);
}

if (process.argv[1] && import.meta.filename === (await import('node:path')).resolve(process.argv[1])) await main();
