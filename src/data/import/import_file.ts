/**
 * Entry point of every file import: decode, recognise the format from its header or
 * structure, parse into normalised rows. Pure (bytes in, rows out); the database insert is
 * done by src/data/db.ts, all-or-nothing per file.
 */
import { readCsv, type CsvTable, type ReadCsvOptions } from './csv.ts';
import { UserError } from './errors.ts';
import type { FileFormat, GeoFeature, ImportOutput, Input, Rejected, Sample } from './format.ts';
import { decodeText, utf16Order, type DecodedText, type TextEncoding } from './text.ts';
import {
  anctFranceServices, anctFranceServices2020, bibliotheques, conseillersNumeriques, mediationStandard, mednumBfc,
} from './formats/help_points.ts';
import {
  dataForGoodPoverty, dataForGoodSocial, epciList, filosofiGrid, inseeIrisEpci, inseeLegalPopulation, inseePopulationByAge,
} from './formats/demographics.ts';
import { inseeMelodiPopulation } from './formats/insee_melodi.ts';
import { arcepCoveragePolygons } from './formats/coverage.ts';
import { arcepFixedBroadband, arcepFixedDebit, arcepFixedTechno } from './formats/arcep_fixed.ts';
import { arcepCoverageCommunes, arcepMobileSites, arcepMobileSitesQuarterly } from './formats/arcep_mobile.ts';
import { geoApiCommunes, ignCantons, ignCommunes, ignDepartements, laPosteHexasmal } from './formats/geography.ts';
import { applyMapping, guessMapping, type ColumnMapping, type GenericRecord, type MappingGuess } from './mapping.ts';
import { remapCommuneCodes, type CogReport } from './cog_apply.ts';
import type { CogTable } from '../../domain/cog.ts';
import { vintageFromFileName, vintageText } from './vintage.ts';

export const FORMATS: readonly FileFormat[] = [
  anctFranceServices, anctFranceServices2020, mediationStandard, mednumBfc, conseillersNumeriques, bibliotheques,
  inseeLegalPopulation, inseePopulationByAge, inseeMelodiPopulation, dataForGoodSocial, dataForGoodPoverty, inseeIrisEpci, epciList, filosofiGrid,
  arcepFixedBroadband, arcepFixedDebit, arcepFixedTechno, arcepMobileSites, arcepMobileSitesQuarterly, arcepCoverageCommunes, arcepCoveragePolygons,
  geoApiCommunes, ignCantons, ignCommunes, ignDepartements, laPosteHexasmal,
];

type FormatInfo = Pick<FileFormat, 'id' | 'label' | 'source'>;

/** A file of a known format, parsed. */
export interface ImportedFile {
  needsMapping: false;
  file: string;
  format: FormatInfo;
  encoding: TextEncoding;
  output: ImportOutput;
  /** The original columns (CSV header, JSON keys, GeoJSON properties), in file order: for the rejects export. */
  columns: string[];
  /** Present when a COG table was given: codes brought to today's communes and those that could not be. */
  cog?: CogReport;
  /** Vintage read from the file itself and how ("2024-08-01 (nom du fichier)"), or null when it cannot be known. */
  vintage?: string | null;
}

/**
 * A file whose format is not recognised: nothing is imported yet. The UI shows the columns, a
 * sample and the guesses, the user confirms a mapping, then calls `importWithMapping`.
 * `output` is empty so that code reading `result.output` keeps working; check `needsMapping` first.
 */
export interface MappingNeeded {
  needsMapping: true;
  file: string;
  format: FormatInfo;
  encoding: TextEncoding;
  output: ImportOutput;
  structure: 'csv' | 'json' | 'geojson';
  columns: string[];
  /** The first records (at most 20), values as text. */
  sample: GenericRecord[];
  guesses: MappingGuess;
  /** French: why the mapping is needed. */
  reason: string;
}

export type ImportResult = ImportedFile | MappingNeeded;

export const UNKNOWN_FORMAT: FormatInfo = { id: 'a_definir', label: 'Format non reconnu : colonnes à préciser', source: '' };
export const MAPPED_FORMAT: FormatInfo = { id: 'correspondance_utilisateur', label: 'Fichier importé avec une correspondance de colonnes', source: 'Fichier de l’utilisateur' };

export interface ImportOptions {
  /** When given, commune codes of older years are brought to today's communes (see domain/cog.ts). */
  cog?: CogTable;
}

export const SAMPLE_SIZE = 20;

export function importFile(file: string, bytes: Uint8Array, options: ImportOptions = {}): ImportResult {
  const decoded = decode(file, bytes);
  const { text, encoding } = decoded;
  const parsed = parseStructure(file, text);
  if (!parsed.format) {
    const sample = parsed.records.slice(0, SAMPLE_SIZE);
    return {
      needsMapping: true, file, format: UNKNOWN_FORMAT, encoding, output: { rows: {}, rejected: [], warnings: inputWarnings(decoded, parsed) },
      structure: parsed.structure, columns: parsed.columns, sample, guesses: guessMapping(parsed.columns, sample, file),
      reason: parsed.reason,
    };
  }
  let output = withWarnings(withOriginalValues(parsed.format.parse(parsed.input, { file }), parsed.records), decoded, parsed);
  let cog: CogReport | undefined;
  if (options.cog) ({ output, report: cog } = remapCommuneCodes(output, options.cog));
  const { id, label, source } = parsed.format;
  const vintage = fileVintage(parsed.format, file, parsed.columns, parsed.records);
  return { needsMapping: false, file, format: { id, label, source }, encoding, output, columns: parsed.columns, cog, vintage };
}

/** The vintage of a file of a known format (its own rule, else the file name), as text; null when unknown. */
export function fileVintage(format: FileFormat | null, file: string, columns: readonly string[], records: readonly GenericRecord[]): string | null {
  const ctx = { file, columns, records: records.map((r) => r.values) };
  const v = format?.vintage ? format.vintage(ctx) : vintageFromFileName(file);
  return v ? vintageText(v) : null;
}

/** Imports a file of unknown format with the mapping the user confirmed (help points or commune indicators). */
export function importWithMapping(file: string, bytes: Uint8Array, mapping: ColumnMapping, options: ImportOptions = {}): ImportedFile {
  const decoded = decode(file, bytes);
  const { text, encoding } = decoded;
  const parsed = parseStructure(file, text, { generic: true });
  let output = withWarnings(withOriginalValues(applyMapping(file, parsed.columns, parsed.records, mapping), parsed.records), decoded, parsed);
  let cog: CogReport | undefined;
  if (options.cog) ({ output, report: cog } = remapCommuneCodes(output, options.cog));
  return { needsMapping: false, file, format: MAPPED_FORMAT, encoding, output, columns: parsed.columns, cog, vintage: fileVintage(null, file, parsed.columns, []) };
}

const NOT_TEXT = "ce n'est pas un fichier texte (CSV, JSON ou GeoJSON) : contenu binaire.";

function decode(file: string, bytes: Uint8Array): DecodedText {
  assertText(file, bytes);
  const decoded = decodeText(bytes);
  assertReadable(file, bytes, decoded.encoding);
  return decoded;
}

/** Throws a UserError for an empty file or binary content; `bytes` may be the first piece of the file only. */
export function assertText(file: string, bytes: Uint8Array): void {
  if (bytes.length === 0) throw new UserError('le fichier est vide.', { file });
  // UTF-16 text has a zero byte in every other position: check it before the binary test.
  if (!utf16Order(bytes) && looksBinary(bytes)) throw new UserError(NOT_TEXT, { file });
}

/** Not UTF-8 and mostly bytes ≥ 0x80: random bytes or an unknown encoding, not French Windows-1252 text. */
export function assertReadable(file: string, bytes: Uint8Array, encoding: TextEncoding): void {
  if (encoding === 'windows-1252' && highByteShare(bytes) > 0.3) {
    throw new UserError("ce n'est pas un fichier texte lisible (contenu binaire ou encodage inconnu ; UTF-8 ou Windows-1252 attendu).", { file });
  }
}

function highByteShare(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, 4096);
  let high = 0;
  for (let i = 0; i < n; i++) if (bytes[i] >= 0x80) high++;
  return high / n;
}

/** French warnings about the input as a whole: mixed encodings, array items that are not objects, no data. */
function inputWarnings(decoded: DecodedText, parsed: Parsed): string[] {
  const warnings: string[] = [];
  if (decoded.mixed) warnings.push(mixedWarning(decoded.mixed));
  if (parsed.skipped > 0) warnings.push(`${parsed.skipped} élément(s) du tableau JSON ne sont pas des objets : ignorés.`);
  return warnings;
}

export function mixedWarning(mixed: NonNullable<DecodedText['mixed']>): string {
  return `encodage mixte : fichier en UTF-8 avec ${mixed.bytes} octet(s) en Windows-1252/Latin-1 (première occurrence ligne ${mixed.firstLine}) ; ces caractères ont été lus en Windows-1252, vérifiez les accents.`;
}

export const NO_DATA_WARNING = 'le fichier ne contient aucune ligne de données exploitable.';

function withWarnings(output: ImportOutput, decoded: DecodedText, parsed: Parsed): ImportOutput {
  const warnings = [...inputWarnings(decoded, parsed), ...output.warnings];
  const rows = Object.values(output.rows).reduce((n, r) => n + (r?.length ?? 0), 0);
  if (rows === 0 && output.rejected.length === 0) warnings.push(NO_DATA_WARNING);
  return warnings.length === output.warnings.length ? output : { ...output, warnings };
}

interface Parsed {
  structure: 'csv' | 'json' | 'geojson';
  /** Null when no known format matched (or a generic read was asked for). */
  format: FileFormat | null;
  input: Input;
  columns: string[];
  /** The same records as flat text, for samples, mappings and the rejects export. */
  records: GenericRecord[];
  reason: string;
  /** JSON array items that are not objects (ignored). */
  skipped: number;
}

function parseStructure(file: string, text: string, opts: { generic?: boolean } = {}): Parsed {
  const trimmed = text.trimStart();
  // A .json/.geojson file is read as JSON whatever it starts with ("null", a comment…): a JSON error is clearer than a CSV guess.
  const json = trimmed.startsWith('[') || trimmed.startsWith('{') || /\.(geo)?json$/i.test(file);
  return json ? fromJson(file, text, opts) : fromCsv(file, text, opts);
}

function fromCsv(file: string, text: string, opts: { generic?: boolean }): Parsed {
  const detector = csvDetector(file, opts.generic ?? false);
  const table: CsvTable = readCsv(text, detector.options);
  return {
    structure: 'csv', format: detector.matched(), input: { type: 'csv', rows: table.rows }, columns: table.header, records: table.rows,
    reason: csvUnknownReason(table.header),
    skipped: 0,
  };
}

/**
 * CSV reading options that recognise the header line of a known format (a preamble before it is
 * skipped), and the format found. `generic`: no format is looked for (a column mapping follows).
 */
export function csvDetector(file: string, generic: boolean): { options: ReadCsvOptions; matched: () => FileFormat | null } {
  let matched: FileFormat | undefined;
  return {
    options: {
      file,
      noHeader: 'first',
      isHeader: (cells) => !generic && (matched = FORMATS.find((f) => f.type === 'csv' && f.detect({ type: 'csv', header: cells }))) !== undefined,
    },
    matched: () => matched ?? null,
  };
}

export function csvUnknownReason(header: readonly string[]): string {
  return `format CSV non reconnu (colonnes : ${header.slice(0, 8).map((h) => (h.length > 60 ? `${h.slice(0, 60)}…` : h)).join(', ')}${header.length > 8 ? '…' : ''}).`;
}

/** Deeper than any GeoJSON (a MultiPolygon position sits at depth 7) or open-data JSON needs. */
const MAX_JSON_DEPTH = 64;

/**
 * The 1-based line where the nesting of arrays and objects first exceeds `max`, or null. One pass
 * over the text, strings skipped: hostile depths (100,000 "[") would otherwise overflow the stack of
 * every recursive step after JSON.parse (JSON.stringify, turf).
 */
function tooDeepLine(text: string, max: number): number | null {
  let depth = 0;
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return line;
    } else if (c === 93 || c === 125) depth--;
  }
  return null;
}

function fromJson(file: string, text: string, opts: { generic?: boolean }): Parsed {
  const deep = tooDeepLine(text, MAX_JSON_DEPTH);
  if (deep !== null) {
    throw new UserError(`JSON trop profondément imbriqué (plus de ${MAX_JSON_DEPTH} niveaux de tableaux ou d’objets).`, { file, line: deep });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`JSON invalide ou tronqué (${jsonErrorWhere(text, e)}).`, { file, line: jsonErrorLine(text, e) });
  }
  if (isFeature(data)) data = { type: 'FeatureCollection', features: [data] };
  // An answer of the INSEE Melodi API: its observations are the records (formats/insee_melodi.ts).
  if (isMelodiAnswer(data)) data = data.observations;
  if (isFeatureCollection(data)) {
    const features: GeoFeature[] = data.features.map((f, i) => ({
      index: i + 1,
      geometry: (f?.geometry ?? null) as GeoFeature['geometry'],
      properties: (f?.properties ?? {}) as Record<string, unknown>,
    }));
    const first = features[0]?.properties ?? {};
    const columns = unionKeys(features.slice(0, 100).map((f) => f.properties));
    const sample: Sample = { type: 'geojson', propertyKeys: Object.keys(first), first, geometryType: features[0]?.geometry?.type ?? null, features, file };
    const format = opts.generic ? undefined : FORMATS.find((f) => f.type === 'geojson' && f.detect(sample));
    const records = features.map((f) => ({ line: f.index, values: flatten(f.properties), point: pointOf(f.geometry) }));
    return {
      structure: 'geojson', format: format ?? null, input: { type: 'geojson', features }, columns, records,
      reason: `GeoJSON non reconnu (propriétés : ${Object.keys(first).slice(0, 8).join(', ') || 'aucune'}).`,
      skipped: 0,
    };
  }
  if (Array.isArray(data)) {
    const items = data.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null && !Array.isArray(d));
    const keys = Object.keys(items[0] ?? {});
    const format = opts.generic ? undefined : FORMATS.find((f) => f.type === 'json' && f.detect({ type: 'json', keys }));
    return {
      structure: 'json', format: format ?? null, input: { type: 'json', items }, columns: unionKeys(items.slice(0, 100)),
      records: items.map((item, i) => ({ line: i + 1, values: flatten(item) })),
      reason: `JSON non reconnu (clés : ${keys.slice(0, 8).join(', ') || 'aucune'}).`,
      skipped: data.length - items.length,
    };
  }
  throw new UserError('JSON non reconnu : un tableau d’objets ou une FeatureCollection GeoJSON est attendu.', { file });
}

function unionKeys(objects: readonly Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const o of objects) for (const k of Object.keys(o)) keys.add(k);
  return [...keys];
}

function flatten(o: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = Object.create(null); // a "__proto__" key stays a key
  for (const [k, v] of Object.entries(o)) out[k] = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return out;
}

function pointOf(g: GeoFeature['geometry']): [number, number] | null {
  if (g?.type !== 'Point' || !Array.isArray(g.coordinates)) return null;
  const [x, y] = g.coordinates as unknown[];
  return typeof x === 'number' && typeof y === 'number' ? [x, y] : null;
}

/** Attaches the original values to each rejected row (by line), for the rejects export. */
export function withOriginalValues(output: ImportOutput, records: readonly GenericRecord[]): ImportOutput {
  if (output.rejected.length === 0) return output;
  const byLine = new Map(records.map((r) => [r.line, r.values]));
  const rejected: Rejected[] = output.rejected.map((r) => (r.values ? r : { ...r, values: byLine.get(r.line) }));
  return { ...output, rejected };
}

function isFeature(d: unknown): boolean {
  return typeof d === 'object' && d !== null && (d as { type?: unknown }).type === 'Feature';
}

function isMelodiAnswer(d: unknown): d is { observations: unknown[] } {
  return typeof d === 'object' && d !== null && !Array.isArray(d) && Array.isArray((d as { observations?: unknown }).observations) && typeof (d as { identifier?: unknown }).identifier === 'string';
}

function isFeatureCollection(d: unknown): d is { features: { geometry?: unknown; properties?: unknown }[] } {
  return typeof d === 'object' && d !== null && (d as { type?: unknown }).type === 'FeatureCollection' && Array.isArray((d as { features?: unknown }).features);
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control > n * 0.05;
}

function jsonErrorPosition(e: unknown): number | null {
  const m = /position (\d+)/.exec(String((e as Error)?.message ?? ''));
  return m ? Number(m[1]) : null;
}

function jsonErrorLine(text: string, e: unknown): number | undefined {
  const pos = jsonErrorPosition(e);
  return pos === null ? undefined : text.slice(0, pos).split('\n').length;
}

function jsonErrorWhere(text: string, e: unknown): string {
  const pos = jsonErrorPosition(e);
  if (pos !== null) return pos >= text.length ? 'fin de fichier inattendue, fichier tronqué ?' : `caractère ${pos + 1}`;
  const message = String((e as Error)?.message ?? '');
  if (/end of JSON input|Unterminated string/i.test(message)) return 'fin de fichier inattendue';
  // Newer V8 messages give the offending token and an excerpt, without a position.
  const token = /Unexpected token '(.{1,8}?)'/.exec(message)?.[1] ?? /Unexpected (?:non-whitespace )?character/.exec(message)?.[0];
  return token ? `caractère « ${token.startsWith('Unexpected') ? '?' : token} » inattendu` : 'syntaxe invalide';
}
