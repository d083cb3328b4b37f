/**
 * Entry point of every file import: decode, recognise the format from its header or
 * structure, parse into normalised rows. Pure (bytes in, rows out); the database insert is
 * done by src/data/db.ts, all-or-nothing per file.
 */
import { readCsv, type CsvTable } from './csv.ts';
import { UserError } from './errors.ts';
import type { FileFormat, GeoFeature, ImportOutput, Input, Sample } from './format.ts';
import { decodeText, type TextEncoding } from './text.ts';
import { anctFranceServices, bibliotheques, conseillersNumeriques, mediationStandard } from './formats/help_points.ts';
import {
  dataForGoodPoverty, dataForGoodSocial, epciList, filosofiGrid, inseeIrisEpci, inseeLegalPopulation, inseePopulationByAge,
} from './formats/demographics.ts';
import { arcepFixedBroadband, arcepMobileSites } from './formats/coverage.ts';
import { ignCantons, ignCommunes, laPosteHexasmal } from './formats/geography.ts';

export const FORMATS: readonly FileFormat[] = [
  anctFranceServices, mediationStandard, conseillersNumeriques, bibliotheques,
  inseeLegalPopulation, inseePopulationByAge, dataForGoodSocial, dataForGoodPoverty, inseeIrisEpci, epciList, filosofiGrid,
  arcepFixedBroadband, arcepMobileSites,
  ignCommunes, ignCantons, laPosteHexasmal,
];

export interface ImportResult {
  file: string;
  format: Pick<FileFormat, 'id' | 'label' | 'source'>;
  encoding: TextEncoding;
  output: ImportOutput;
}

export function importFile(file: string, bytes: Uint8Array): ImportResult {
  if (bytes.length === 0) throw new UserError('le fichier est vide.', { file });
  if (looksBinary(bytes)) throw new UserError("ce n'est pas un fichier texte (CSV, JSON ou GeoJSON) : contenu binaire.", { file });
  const { text, encoding } = decodeText(bytes);
  const trimmed = text.trimStart();
  const { format, input } = trimmed.startsWith('[') || trimmed.startsWith('{') ? fromJson(file, text) : fromCsv(file, text);
  const output = format.parse(input, { file });
  return { file, format: { id: format.id, label: format.label, source: format.source }, encoding, output };
}

function fromCsv(file: string, text: string): { format: FileFormat; input: Input } {
  let matched: FileFormat | undefined;
  const table: CsvTable = readCsv(text, {
    file,
    isHeader: (cells) => (matched = FORMATS.find((f) => f.type === 'csv' && f.detect({ type: 'csv', header: cells }))) !== undefined,
  });
  if (!matched) throw new UserError('format CSV non reconnu.', { file, line: 1 });
  return { format: matched, input: { type: 'csv', rows: table.rows } };
}

function fromJson(file: string, text: string): { format: FileFormat; input: Input } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`JSON invalide ou tronqué (${jsonErrorWhere(text, e)}).`, { file, line: jsonErrorLine(text, e) });
  }
  if (isFeatureCollection(data)) {
    const features: GeoFeature[] = data.features.map((f, i) => ({
      index: i + 1,
      geometry: (f?.geometry ?? null) as GeoFeature['geometry'],
      properties: (f?.properties ?? {}) as Record<string, unknown>,
    }));
    const first = features[0]?.properties ?? {};
    const sample: Sample = { type: 'geojson', propertyKeys: Object.keys(first), first };
    const format = FORMATS.find((f) => f.type === 'geojson' && f.detect(sample));
    if (!format) throw new UserError(`GeoJSON non reconnu (propriétés : ${Object.keys(first).slice(0, 8).join(', ') || 'aucune'}).`, { file });
    return { format, input: { type: 'geojson', features } };
  }
  if (Array.isArray(data)) {
    const items = data.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null);
    const keys = Object.keys(items[0] ?? {});
    const format = FORMATS.find((f) => f.type === 'json' && f.detect({ type: 'json', keys }));
    if (!format) throw new UserError(`JSON non reconnu (clés : ${keys.slice(0, 8).join(', ') || 'aucune'}).`, { file });
    return { format, input: { type: 'json', items } };
  }
  throw new UserError('JSON non reconnu : un tableau d’objets ou une FeatureCollection GeoJSON est attendu.', { file });
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
  return pos === null ? 'fin de fichier inattendue' : `caractère ${pos + 1}`;
}
