/**
 * Files of an unknown format: guess which column holds what (pure, from the header and a sample),
 * then apply the mapping the user confirmed to produce help points or commune-level indicators.
 */
import { HELP_KINDS, type HelpKind } from '../../domain/types.ts';
import { checkLonLat, COORDINATE_PROBLEM_FR, inFrance, laea3035ToWgs84, lambert93ToWgs84 } from '../../domain/projection.ts';
import type { ImportOutput, Rejected, Row } from './format.ts';
import { inseeCode, str } from './formats/shared.ts';
import { parseNumber } from './text.ts';

/** One record of a file whose format is unknown: flat text values, plus the point geometry for GeoJSON. */
export interface GenericRecord {
  line: number;
  values: Record<string, string>;
  /** GeoJSON Point coordinates when the feature has them. */
  point?: [number, number] | null;
}

export type Crs = 'wgs84' | 'lambert93' | 'epsg3035';

export const CRS_LABEL_FR: Record<Crs, string> = {
  wgs84: 'longitude/latitude (WGS84)',
  lambert93: 'Lambert-93 (EPSG:2154)',
  epsg3035: 'grille européenne (EPSG:3035)',
};

export interface MappingGuess {
  /** What the file most likely is. */
  target: 'help_points' | 'custom_indicators' | null;
  communeCode: string | null;
  name: string | null;
  address: string | null;
  /** Coordinates: x = longitude or easting, y = latitude or northing. */
  x: string | null;
  y: string | null;
  crs: Crs | null;
  /** GeoJSON with Point geometries: coordinates can come from the geometry. */
  hasPointGeometry: boolean;
  kind: HelpKind | null;
  /** A column of agents per site (France Services), found by its name among the numeric ones. */
  agents: string | null;
  /** Numeric columns that could be indicator values. */
  numericColumns: string[];
  /** French notes explaining the guesses (swapped columns, Lambert-93 in latitude columns…). */
  notes: string[];
}

export type CoordinateMapping = { type: 'columns'; x: string; y: string; crs: Crs } | { type: 'geometry' };

export type ColumnMapping =
  | {
      target: 'help_points';
      kind: HelpKind;
      coordinates: CoordinateMapping;
      name?: string | null;
      communeCode?: string | null;
      address?: string | null;
      /** Agents per site (France Services); a value that is not a number of agents is left unknown (the default applies). */
      agents?: string | null;
    }
  | {
      target: 'custom_indicators';
      code: string;
      /** One indicator per column; `name` defaults to the column header. */
      values: { column: string; name?: string }[];
    };

const NAME_RE = /^(nom|name|libell?e|lib_|raison_sociale|nom_structure|structure|denomination|intitule)/i;
const ADDRESS_RE = /(adresse|address|voie|rue)/i;
const CODE_NAME_RE = /(insee|depcom|codgeo|code_?com|com_?code|citycode|code_commune|^com$|^codecommune$)/i;
const POSTCODE_RE = /(postal|^cp$|code_?post|zip)/i;
const AGENTS_RE = /^(nb_?|nombre_?(d_?)?)?(agents?|etp_?agents?|conseillers?_?france_?services?)$/i;

/** Largest number of agents read for one site: more is surely another figure (hours, a total…). */
export const MAX_AGENTS = 50;
const LAT_RE = /^(lat|latitude|y_?lat|coord_?lat|lat_?wgs84|wgs84_?lat)$/i;
const LON_RE = /^(lon|lng|long|longitude|x_?lon|coord_?lon|lon_?wgs84|wgs84_?lon)$/i;
const X_RE = /^(x|coord_?x|x_?l93|x_?lambert(93)?|xcoord|easting|x_?2154)$/i;
const Y_RE = /^(y|coord_?y|y_?l93|y_?lambert(93)?|ycoord|northing|y_?2154)$/i;

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[s.length >> 1];
};

/** The CRS in which (x, y) falls in metropolitan France, or null. */
export function crsOf(x: number, y: number): Crs | null {
  if (inFrance(x, y)) return 'wgs84';
  if (x > 50_000 && x < 1_300_000 && y > 6_000_000 && y < 7_200_000) return 'lambert93';
  if (x > 2_500_000 && x < 4_500_000 && y > 1_300_000 && y < 3_500_000) return 'epsg3035';
  return null;
}

const MAX_PAIR_COLUMNS = 40;

/** True when v is in the range of one coordinate (either axis) of one of the CRS that crsOf knows. */
const couldBeCoordinate = (v: number) =>
  Number.isFinite(v) && ((v >= -5.5 && v <= 51.5) || (v > 50_000 && v < 1_300_000) || (v > 1_300_000 && v < 7_200_000));

/** Guess the mapping of an unknown file from its columns and a sample of its records (pure). */
export function guessMapping(columns: readonly string[], sample: readonly GenericRecord[], fileName = ''): MappingGuess {
  const notes: string[] = [];
  const values = (c: string) => sample.map((r) => r.values[c] ?? '').filter((v) => v.trim() !== '');
  const numbers = new Map<string, number[]>();
  for (const c of columns) {
    const vs = values(c);
    const ns = vs.map((v) => parseNumber(v)).filter((n): n is number => n !== null);
    if (vs.length > 0 && ns.length >= vs.length * 0.8) numbers.set(c, ns);
  }

  // Commune code: mostly 5-character INSEE-like values; a named column wins; postcodes are excluded.
  const codeLike = columns.filter((c) => {
    if (POSTCODE_RE.test(c)) return false;
    const vs = values(c);
    return vs.length > 0 && vs.filter((v) => /^\s*(\d{5}|2[AB]\d{3}|\d{4})\s*$/i.test(v)).length >= vs.length * 0.7;
  });
  const communeCode = codeLike.find((c) => CODE_NAME_RE.test(c)) ?? codeLike.find((c) => /code/i.test(c) || !numbers.has(c) || values(c).every((v) => v.trim().length === 5)) ?? null;

  // Coordinates: named pairs first, then any pair of numeric columns whose magnitudes fit a CRS.
  const named = (re: RegExp) => columns.find((c) => re.test(c.trim()));
  const pairs: [string, string][] = [];
  const lat = named(LAT_RE);
  const lon = named(LON_RE);
  const xCol = named(X_RE);
  const yCol = named(Y_RE);
  if (lon && lat) pairs.push([lon, lat]);
  if (xCol && yCol) pairs.push([xCol, yCol]);
  // Medians once per column; unnamed pairs only among columns whose magnitude fits a coordinate,
  // and at most MAX_PAIR_COLUMNS of them (a file with 100,000 numeric columns made 10^10 pairs).
  const medians = new Map<string, number>();
  for (const [c, ns] of numbers) medians.set(c, median(ns));
  const numeric = [...numbers.keys()].filter((c) => c !== communeCode && couldBeCoordinate(medians.get(c)!)).slice(0, MAX_PAIR_COLUMNS);
  for (const a of numeric) for (const b of numeric) if (a !== b) pairs.push([a, b]);
  let x: string | null = null;
  let y: string | null = null;
  let crs: Crs | null = null;
  for (const [a, b] of pairs) {
    const ma = medians.get(a) ?? NaN;
    const mb = medians.get(b) ?? NaN;
    if (!Number.isFinite(ma) || !Number.isFinite(mb)) continue;
    const direct = crsOf(ma, mb);
    const swapped = direct ? null : crsOf(mb, ma);
    if (!direct && !swapped) continue;
    const found: Crs = direct ?? swapped!;
    [x, y, crs] = direct ? [a, b, found] : [b, a, found];
    if (swapped && found === 'wgs84' && a === lon && b === lat) notes.push(`Les colonnes « ${lat} » et « ${lon} » semblent inversées : « ${lat} » est lue comme longitude.`);
    if (found !== 'wgs84' && (a === lon || a === lat)) {
      notes.push(`Les colonnes « ${a} »/« ${b} » contiennent des coordonnées en mètres : ${CRS_LABEL_FR[found]} supposé.`);
    } else if (found !== 'wgs84') notes.push(`Coordonnées en mètres : ${CRS_LABEL_FR[found]} supposé d'après leur ordre de grandeur.`);
    break;
  }
  const hasPointGeometry = sample.some((r) => r.point);

  const textColumns = columns.filter((c) => !numbers.has(c) && c !== communeCode);
  const name =
    textColumns.find((c) => NAME_RE.test(c)) ??
    [...textColumns].sort((a, b) => new Set(values(b)).size - new Set(values(a)).size).find((c) => !ADDRESS_RE.test(c)) ??
    null;
  const address = columns.find((c) => ADDRESS_RE.test(c)) ?? null;

  const located = (x !== null && y !== null) || hasPointGeometry;
  const agents = [...numbers.keys()].find((c) => AGENTS_RE.test(c.trim())) ?? null;
  const numericColumns = [...numbers.keys()].filter((c) => c !== communeCode && c !== x && c !== y);
  const target = located ? 'help_points' : communeCode && numericColumns.length > 0 ? 'custom_indicators' : null;
  const kind = located ? guessKind([fileName, ...columns, ...(name ? values(name) : [])].join(' ')) : null;
  if (!located && !communeCode) notes.push('Ni coordonnées ni code commune reconnus : indiquez les colonnes à utiliser.');
  return { target, communeCode, name, address, x, y, crs, hasPointGeometry, kind, agents: located ? agents : null, numericColumns, notes };
}

/** The kind of help point that words in the file suggest; a lieu de médiation by default. */
export function guessKind(text: string): HelpKind {
  const t = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const count = (re: RegExp) => (t.match(re) ?? []).length;
  const scores: [HelpKind, number][] = [
    ['france_services', count(/france[ _-]?services?|msap|maison de services/g)],
    ['mediatheque', count(/bibliotheque|mediatheque|lecture publique/g)],
    ['conseiller', count(/conseillers? numeriques?|cnfs/g)],
    ['mediation', count(/mediation|numerique|tiers[ -]lieu|epn|cyber/g)],
  ];
  const best = scores.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : 'mediation';
}

/** Reads the coordinates of one record under a mapping; pushes a rejection and returns null on a problem. */
function pointOf(r: GenericRecord, c: CoordinateMapping, rejected: Rejected[]): [number, number] | null {
  let lon: number | null;
  let lat: number | null;
  if (c.type === 'geometry') {
    [lon, lat] = r.point ?? [null, null];
  } else {
    const x = parseNumber(r.values[c.x]);
    const y = parseNumber(r.values[c.y]);
    if (x !== null && y !== null && c.crs !== 'wgs84') {
      if (crsOf(x, y) !== c.crs) {
        rejected.push({ line: r.line, reason: `coordonnées hors de France en ${CRS_LABEL_FR[c.crs]}` });
        return null;
      }
      [lon, lat] = c.crs === 'lambert93' ? lambert93ToWgs84(x, y) : laea3035ToWgs84(x, y);
    } else [lon, lat] = [x, y];
  }
  const problem = checkLonLat(lon, lat);
  if (problem) {
    rejected.push({ line: r.line, reason: COORDINATE_PROBLEM_FR[problem] });
    return null;
  }
  return [lon!, lat!];
}

const slug = (file: string) =>
  file.replace(/\.[^.]+$/, '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase().slice(0, 40);

/** Agents of one site: a whole number from 1 to MAX_AGENTS; an empty cell is unknown; anything else is unknown and counted. */
function agentsOf(text: string | undefined, unreadable: () => void): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = parseNumber(text);
  if (n !== null && Number.isInteger(n) && n >= 1 && n <= MAX_AGENTS) return n;
  unreadable();
  return null;
}

/** Applies a confirmed mapping to the records (pure). Throws an Error on a mapping naming unknown columns. */
export function applyMapping(file: string, columns: readonly string[], records: readonly GenericRecord[], mapping: ColumnMapping): ImportOutput {
  const used =
    mapping.target === 'help_points'
      ? [mapping.name, mapping.communeCode, mapping.address, mapping.agents, ...(mapping.coordinates.type === 'columns' ? [mapping.coordinates.x, mapping.coordinates.y] : [])]
      : [mapping.code, ...mapping.values.map((v) => v.column)];
  const missing = used.filter((c): c is string => !!c && !columns.includes(c));
  if (missing.length > 0) throw new Error(`unknown columns in mapping: ${missing.join(', ')}`);
  const rejected: Rejected[] = [];
  const rows: Row[] = [];
  if (mapping.target === 'help_points') {
    if (!HELP_KINDS.includes(mapping.kind)) throw new Error(`unknown help kind ${mapping.kind}`);
    const prefix = slug(file);
    const agentsColumn = mapping.kind === 'france_services' ? mapping.agents ?? null : null;
    let unreadableAgents = 0;
    for (const r of records) {
      const p = pointOf(r, mapping.coordinates, rejected);
      if (!p) continue;
      const v = (c: string | null | undefined) => (c ? str(r.values[c]) : null);
      rows.push({
        id: `${prefix}-${r.line}`,
        kind: mapping.kind,
        name: v(mapping.name) ?? `Point ${r.line}`,
        commune_code: mapping.communeCode ? inseeCode(r.values[mapping.communeCode]) : null,
        commune_name: null,
        address: v(mapping.address),
        lon: p[0],
        lat: p[1],
        code_postal: null,
        typology: null,
        labels: null,
        agents: agentsColumn ? agentsOf(r.values[agentsColumn], () => unreadableAgents++) : null,
      });
    }
    const warnings = unreadableAgents > 0
      ? [`${unreadableAgents} valeur(s) de la colonne « ${agentsColumn} » ne sont pas un nombre d'agents (entier de 1 à ${MAX_AGENTS}) : ces lieux comptent 2 agents par défaut, signalés lieu par lieu.`]
      : [];
    return { rows: { help_points: rows }, rejected, warnings };
  }
  for (const r of records) {
    const code = inseeCode(r.values[mapping.code]);
    if (!code) {
      rejected.push({ line: r.line, reason: `code commune « ${r.values[mapping.code] ?? ''} » invalide (colonne ${mapping.code})` });
      continue;
    }
    for (const { column, name } of mapping.values) {
      rows.push({ code, name: name ?? column, value: parseNumber(r.values[column]) });
    }
  }
  return { rows: { custom_indicators: rows }, rejected, warnings: [] };
}
