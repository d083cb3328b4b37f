/** What every file format importer declares and returns. */
import type { CellValue, TableName } from '../schema.ts';
import type { Vintage, VintageContext } from './vintage.ts';

/** One row for a table; a column left out is stored as NULL. */
export type Row = Record<string, CellValue>;

export interface Rejected {
  line: number;
  reason: string;
  /** The original values of the rejected row (CSV cells, JSON or GeoJSON properties), for the rejects export. */
  values?: Record<string, string>;
}

export interface ImportOutput {
  rows: Partial<Record<TableName, Row[]>>;
  rejected: Rejected[];
  warnings: string[];
}

/** A file ready for format detection: CSV cells of the candidate header, or JSON keys. */
export type Sample =
  | { type: 'csv'; header: string[] }
  | { type: 'json'; keys: string[] }
  | {
    type: 'geojson';
    propertyKeys: string[];
    first: Record<string, unknown>;
    geometryType?: string | null;
    /** Every feature, for a rule that needs more than the first (canton files, see formats/geography.ts). */
    features?: readonly GeoFeature[];
    /** The file name: a hint only, never enough on its own. */
    file?: string;
  };

export type Input =
  | { type: 'csv'; rows: { line: number; values: Record<string, string> }[] }
  | { type: 'json'; items: Record<string, unknown>[] }
  | { type: 'geojson'; features: GeoFeature[] };

export interface GeoFeature {
  /** 1-based index of the feature in the collection, used as "line" in messages. */
  index: number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown>;
}

export interface FileFormat {
  id: string;
  /** French name of the source, shown to the user. */
  label: string;
  /** The real source this format comes from (publisher, dataset). */
  source: string;
  type: Sample['type'];
  detect(sample: Sample): boolean;
  parse(input: Input, ctx: ParseContext): ImportOutput;
  /**
   * The vintage of a file of this format, and how it was found (file name, date column, documented
   * vintage of a recognised official file); null when it cannot be known. Without this function
   * the file name is read (see vintage.ts).
   */
  vintage?(ctx: VintageContext): Vintage | null;
}

export interface ParseContext {
  file: string;
}

export const hasColumns = (cells: string[], required: readonly string[]) => required.every((c) => cells.includes(c));
