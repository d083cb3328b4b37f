/** Help-point sources: ANCT France Services, lieux de médiation numérique, conseillers numériques, libraries. */
import { hasColumns, type FileFormat, type Rejected, type Row } from '../format.ts';
import { parseWeekHours } from '../../../domain/diagnosis/hours.ts';
import { inseeCode, lonLatOrReject, num, parseLatLonText, str } from './shared.ts';
import { isoDate, vintageFromDateColumns, vintageFromFileName, type VintageContext } from '../vintage.ts';

const FS_COLUMNS = ['id_fs', 'lib_fs', 'insee_com', 'latitude', 'longitude', 'type_fs', 'format_fs'] as const;
const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'] as const;

/**
 * Weekly opening hours from the ANCT columns h_lundi…h_samedi. In that file an empty day is a
 * closed day; a site with every day empty has unknown hours (null), not 0.
 */
export function anctWeeklyHours(v: Record<string, string>): number | null {
  const texts = DAYS.map((d) => (v[`h_${d}`] ?? '').trim());
  if (texts.every((t) => t === '')) return null;
  const week = parseWeekHours(Object.fromEntries(DAYS.map((d, i) => [d, texts[i] || 'Fermé'])), { missingDay: 'closed' });
  return week.ok ? week.hours : null;
}

/** "1 rue X", "58000", "Nevers" → "1 rue X 58000 Nevers" (empty parts left out). */
const addressOf = (...parts: unknown[]) => parts.map(str).filter(Boolean).join(' ');

/**
 * One help-point row per record with valid WGS84 coordinates; the others are rejected with
 * their line and the coordinate problem. Shared by every help-point format.
 */
function placedRows<T>(
  records: Iterable<{ line: number; record: T; lon: unknown; lat: unknown }>,
  toRow: (record: T, line: number, lon: number, lat: number) => Row,
): { rows: Row[]; rejected: Rejected[] } {
  const rejected: Rejected[] = [];
  const rows: Row[] = [];
  for (const r of records) {
    const p = lonLatOrReject(r.lon, r.lat, r.line, rejected);
    if (p) rows.push(toRow(r.record, r.line, p[0], p[1]));
  }
  return { rows, rejected };
}

const jsonRecords = (items: Record<string, unknown>[]) =>
  items.map((record, i) => ({ line: i + 1, record, lon: record.longitude, lat: record.latitude }));

export const anctFranceServices: FileFormat = {
  id: 'anct_france_services',
  label: 'Liste des France Services (ANCT)',
  source: 'ANCT – liste des structures France Services',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, FS_COLUMNS),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const records = input.rows.map(({ line, values }) => ({ line, record: values, lon: values.longitude, lat: values.latitude }));
    const { rows, rejected } = placedRows(records, (v, line, lon, lat) => ({
      id: `fs-${str(v.id_fs) ?? line}`,
      kind: 'france_services',
      name: str(v.lib_fs) ?? 'France Services',
      commune_code: inseeCode(v.insee_com),
      commune_name: str(v.lib_com),
      address: addressOf(v.adresse, v.code_postal, v.lib_com),
      lon,
      lat,
      type_fs: str(v.type_fs),
      format_fs: str(v.format_fs),
      hours_per_week: anctWeeklyHours(v),
    }));
    const unreadableHours = rows.filter((r) => r.hours_per_week === null).length;
    const warnings = unreadableHours > 0 ? [`${unreadableHours} France Services sans horaires lisibles (h_lundi…h_samedi).`] : [];
    return { rows: { help_points: rows }, rejected, warnings };
  },
  // ANCT names its files liste-fs-AAAAMMJJ.csv (anct-carto/france_services, data/liste-fs-20240801.csv).
  vintage: (ctx) => vintageFromFileName(ctx.file),
};

const LMN_KEYS = ['id', 'nom', 'latitude', 'longitude', 'services'] as const;

/** Lieux de médiation numérique, national data standard (JSON array). */
export const mediationStandard: FileFormat = {
  id: 'lieux_mediation_standard',
  label: 'Lieux de médiation numérique (standard national)',
  source: 'ANCT / Société numérique – schéma des lieux de médiation numérique',
  type: 'json',
  detect: (s) => s.type === 'json' && hasColumns(s.keys, LMN_KEYS),
  parse(input) {
    if (input.type !== 'json') throw new Error('json expected');
    const { rows, rejected } = placedRows(jsonRecords(input.items), (item, line, lon, lat) => ({
      id: `lmn-${str(item.id) ?? line}`,
      kind: 'mediation',
      name: str(item.nom) ?? 'Lieu de médiation numérique',
      commune_code: inseeCode(item.code_insee),
      commune_name: str(item.commune),
      address: addressOf(item.adresse, item.code_postal, item.commune),
      lon,
      lat,
    }));
    return { rows: { help_points: rows }, rejected, warnings: [] };
  },
  // Each place carries its own update date (date_maj): the most recent one is the file's.
  vintage: (ctx) => vintageFromDateColumns(ctx, ['date_maj']) ?? vintageFromFileName(ctx.file),
};

const CNFS_KEYS = ['raison_sociale', 'nb_cnfs', 'insee_com', 'latitude', 'longitude'] as const;

export const conseillersNumeriques: FileFormat = {
  id: 'anct_cnfs',
  label: "Structures d'accueil des conseillers numériques (ANCT)",
  source: 'ANCT – conseillers numériques France Services',
  type: 'json',
  detect: (s) => s.type === 'json' && hasColumns(s.keys, CNFS_KEYS),
  parse(input) {
    if (input.type !== 'json') throw new Error('json expected');
    const { rows, rejected } = placedRows(jsonRecords(input.items), (item, line, lon, lat) => ({
      id: `cnfs-${str(item.id) ?? str(item.siret) ?? line}`,
      kind: 'conseiller',
      name: str(item.raison_sociale) ?? 'Conseiller numérique',
      commune_code: inseeCode(item.insee_com),
      commune_name: str(item.commune_insee),
      address: str(item.adresse)?.replace(/\n/g, ' ') ?? null,
      lon,
      lat,
      staff: num(item.nb_cnfs),
    }));
    return { rows: { help_points: rows }, rejected, warnings: [] };
  },
  vintage: (ctx) => vintageFromDateColumns(ctx, ['date_de_validation_en_comité_de_sélection']) ?? vintageFromFileName(ctx.file),
};

const LIB_COLUMNS = ['Libelle1', 'Ville', 'INSEE', 'coordonnees_finales'] as const;

export const bibliotheques: FileFormat = {
  id: 'culture_bibliotheques',
  label: 'Bibliothèques et médiathèques publiques (ministère de la Culture)',
  source: 'Ministère de la Culture – adresses des bibliothèques publiques',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, LIB_COLUMNS),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    // An administrative address (a network's seat) is not a place open to the public: not a help point.
    const open = input.rows.filter(({ values }) => (values.type_adresse ?? '').trim() !== 'Adresse administrative');
    const seats = input.rows.length - open.length;
    const records = open.map(({ line, values }) => {
      const [lon, lat] = parseLatLonText(values.coordonnees_finales);
      return { line, record: values, lon, lat };
    });
    const { rows, rejected } = placedRows(records, (v, line, lon, lat) => ({
      id: `bib-${str(v.code_bib) ?? line}`,
      kind: 'mediatheque',
      name: str(v.Libelle1) ?? 'Bibliothèque',
      commune_code: inseeCode(v.INSEE),
      commune_name: str(v.Ville),
      address: addressOf(v.voie, v.CP, v.Ville),
      lon,
      lat,
      hours_per_week: num(v.amplitude_horaire),
    }));
    const warnings = seats ? [`${seats.toLocaleString('fr-FR')} adresse(s) administrative(s) (type_adresse), qui ne sont pas des bibliothèques ouvertes au public, non reprises comme lieux d'aide.`] : [];
    return { rows: { help_points: rows }, rejected, warnings };
  },
  // No date in the file: only its name can tell.
  vintage: (ctx) => vintageFromFileName(ctx.file),
};


const BFC_COLUMNS = ['bfc_id', 'lon', 'lat', 'code_postal', 'ville', 'nom_structure', 'code_typo', 'code_label'] as const;

/** Code lists published with the MedNum BFC dataset (bfc-ternum-fields-custom-props.json). */
export const BFC_TYPOLOGY: Readonly<Record<string, string>> = {
  M: 'Lieu de médiation publique',
  I: 'Lieu d’information et d’accès aux droits',
  T: 'Lieu de travail et de collaboration',
  O: 'Lieu de formation',
  F: 'Lieu de médiation et de fabrication',
  TL: 'Tiers-lieu',
};
export const BFC_LABELS: Readonly<Record<string, string>> = {
  APTIC: 'APTIC',
  CTL: 'Charte régionale des Tiers Lieux',
  FTL: 'France Tiers Lieu',
  MSAP: 'Maison de Services Au Public',
  MFS: 'Maison France Services',
  NMM: 'Nièvre médiation numérique',
  DM: 'Réseau Dijon métropole',
  RIN: 'Réseau inclusion numérique Chalon-Louhans',
};

/** "F-TL" → "Lieu de médiation et de fabrication, Tiers-lieu"; unknown codes are kept as they are. */
export function expandCodes(raw: unknown, table: Readonly<Record<string, string>>): string | null {
  const s = str(raw);
  if (!s) return null;
  return s.split('-').map((c) => c.trim()).filter(Boolean).map((c) => table[c] ?? c).join(', ');
}

const HALF_DAY = /(\d{1,2})\s*[hH:]\s*(\d{2})?\s*(?:-|à)\s*(\d{1,2})\s*[hH:]\s*(\d{2})?/g;

/** Weekly hours from the 14 half-day columns ("8h30-12h", "-" = closed); null when every cell is empty. */
export function bfcWeeklyHours(v: Record<string, string>): number | null {
  const cells = Object.entries(v).filter(([k]) => /(matin|après-midi)$/.test(k)).map(([, c]) => (c ?? '').trim());
  if (cells.every((c) => c === '')) return null;
  let hours = 0;
  for (const c of cells) {
    for (const m of c.matchAll(HALF_DAY)) {
      const start = Number(m[1]) + Number(m[2] ?? 0) / 60;
      const end = Number(m[3]) + Number(m[4] ?? 0) / 60;
      if (end > start) hours += end - start;
    }
  }
  return Math.round(hours * 100) / 100;
}

/** Lieux de médiation numérique of Bourgogne-Franche-Comté (MedNum BFC). No INSEE code: postcode + town kept. */
export const mednumBfc: FileFormat = {
  id: 'mednum_bfc',
  label: 'Lieux de médiation numérique de Bourgogne-Franche-Comté (MedNum BFC)',
  source: 'MedNum BFC – data-bfc-ternum (ODbL)',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, BFC_COLUMNS),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const records = input.rows.map(({ line, values }) => ({ line, record: values, lon: values.lon, lat: values.lat }));
    const { rows, rejected } = placedRows(records, (v, line, lon, lat) => {
      const codePostal = str(v.code_postal);
      return {
        id: `bfc-${str(v.bfc_id) ?? line}`,
        kind: 'mediation',
        name: str(v.nom_structure) ?? 'Lieu de médiation numérique',
        commune_code: null,
        commune_name: str(v.ville),
        address: addressOf(v.adresse, codePostal, v.ville),
        lon,
        lat,
        hours_per_week: bfcWeeklyHours(v),
        code_postal: codePostal && /^\d{4}$/.test(codePostal) ? `0${codePostal}` : codePostal,
        typology: expandCodes(v.code_typo, BFC_TYPOLOGY),
        labels: expandCodes(v.code_label, BFC_LABELS),
      };
    });
    const warnings = rows.length > 0 ? [`${rows.length} lieux sans code commune INSEE : rattachement par code postal et ville, ou par position.`] : [];
    return { rows: { help_points: rows }, rejected, warnings };
  },
  vintage: (ctx) => vintageFromDateColumns(ctx, ['mise_a_jour']) ?? vintageFromFileName(ctx.file),
};

const FS2020_KEYS = ['MATRICULE', 'lib_france_services', 'insee_com', 'LATITUDE', 'LONGITUDE'] as const;

/** France Services labelled in September 2020, the legacy ANCT GeoJSON (anct-carto/France-services). */
export const anctFranceServices2020: FileFormat = {
  id: 'anct_france_services_2020',
  label: 'France Services labellisées en 2020 (ANCT, ancien schéma GeoJSON)',
  source: 'ANCT – France Services, carte 2020 (anct-carto/France-services)',
  type: 'geojson',
  detect: (s) => s.type === 'geojson' && hasColumns(s.propertyKeys, FS2020_KEYS),
  parse(input) {
    if (input.type !== 'geojson') throw new Error('geojson expected');
    const records = input.features.map((f) => {
      const v = f.properties;
      const coords = f.geometry?.type === 'Point' && Array.isArray(f.geometry.coordinates) ? (f.geometry.coordinates as unknown[]) : null;
      return { line: f.index, record: v, lon: coords?.[0] ?? v.LONGITUDE, lat: coords?.[1] ?? v.LATITUDE };
    });
    const { rows, rejected } = placedRows(records, (v, line, lon, lat) => ({
      id: `fs2020-${str(v.MATRICULE) ?? line}`,
      kind: 'france_services',
      name: str(v.lib_france_services) ?? 'France Services',
      commune_code: inseeCode(v.insee_com),
      commune_name: str(v.lib_com),
      address: addressOf(v.ADRESSE, v.code_postal, v.lib_com),
      lon,
      lat,
      format_fs: str(v.FORMAT_FS),
      hours_per_week: anctWeeklyHours(Object.fromEntries(DAYS.map((d) => [`h_${d}`, String(v[`h_${d}`] ?? '').replace(/^-$/, '')]))),
      code_postal: str(v.code_postal),
      typology: null,
      labels: str(v.Labellisation),
    }));
    return { rows: { help_points: rows }, rejected, warnings: [] };
  },
  vintage: (ctx) => latestLabelDate(ctx) ?? vintageFromFileName(ctx.file),
};

/**
 * The 2020 file has no date but each site's label date ("Espace labellisé 01/09/2020", or
 * "… 02/2020"): the most recent one dates the list (it cannot be older).
 */
function latestLabelDate(ctx: VintageContext) {
  let latest: string | null = null;
  for (const r of ctx.records) {
    const m = /(\d{2}\/\d{2}\/\d{4}|\d{2}\/\d{4})\s*$/.exec(r.Labellisation ?? '');
    if (!m) continue;
    const d = isoDate(m[1].length === 7 ? `01/${m[1]}` : m[1]);
    if (d && (!latest || d > latest)) latest = d;
  }
  return latest ? { value: latest, how: 'date de labellisation la plus récente, colonne Labellisation' } : null;
}
