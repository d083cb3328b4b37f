/**
 * Where a fetched layer came from: the address asked, the day it was retrieved and the
 * vintage the source gives. Kept with the workspace (by file name) and written into the
 * `sources` table each time the file is loaded, so that every figure can be traced.
 */
import { cleanLabel, dateText, httpUrl, optionalLabel } from '../domain/outside.ts';
import { SOURCE_IDS, type SourceId } from './fetch/sources.ts';
import { sqlString, type SqlEngine } from './sql_engine.ts';

export interface LayerOrigin {
  file: string;
  sourceId: SourceId;
  label: string;
  url: string;
  page: string | null;
  retrievedAt: string;
  vintage: string | null;
  /** "département 58", "EPCI 200067759": what was asked. */
  territory: string;
  /** 'fetch' (Charger mon territoire) or 'bundle' (a zip prepared with npm run data:fetch). */
  via: 'fetch' | 'bundle';
  /** data.gouv.fr layers: the dataset and resource read (« title » (slug, id …), « title » (id …)). */
  dataset?: string | null;
  resource?: string | null;
}

export type Origins = Record<string, LayerOrigin>;

/** A layer's file name: one name, no folder (as the bundle reader asks). */
export const LAYER_FILE = /^[\w][\w.-]{0,199}$/;
const MAX_LABEL = 200;
const MAX_ORIGIN_TEXT = 400;
const MAX_ORIGINS = 100;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSourceId = (v: unknown): v is SourceId => typeof v === 'string' && (SOURCE_IDS as readonly string[]).includes(v);

/**
 * A layer origin from outside (a bundle, a remote answer, the browser store), cleaned: labels
 * without control characters and of bounded length, addresses that parse as http(s), a known
 * source. Null when a field has the wrong type or an address does not parse.
 */
export function checkOrigin(v: unknown): LayerOrigin | null {
  if (!isRecord(v)) return null;
  const file = typeof v.file === 'string' && LAYER_FILE.test(v.file) ? v.file : null;
  const label = cleanLabel(v.label, MAX_LABEL);
  const url = httpUrl(v.url);
  const page = v.page === null || v.page === undefined ? null : httpUrl(v.page);
  const retrievedAt = dateText(v.retrievedAt);
  const vintage = optionalLabel(v.vintage, MAX_LABEL);
  const territory = cleanLabel(v.territory, MAX_LABEL);
  const dataset = optionalLabel(v.dataset, MAX_ORIGIN_TEXT);
  const resource = optionalLabel(v.resource, MAX_ORIGIN_TEXT);
  const via = v.via === 'fetch' || v.via === 'bundle' ? v.via : null;
  if (!file || !isSourceId(v.sourceId) || !label || !url || (v.page != null && !page) || !retrievedAt || !via) return null;
  if (vintage === undefined || territory === null || dataset === undefined || resource === undefined) return null;
  return { file, sourceId: v.sourceId, label, url, page, retrievedAt, vintage, territory, via, dataset, resource };
}

/** Saved origins read back: each one checked and keyed by its own file; null when any is not valid. */
export function checkOrigins(v: unknown): Origins | null {
  if (!isRecord(v)) return null;
  const entries = Object.entries(v);
  if (entries.length > MAX_ORIGINS) return null;
  const out: Origins = {};
  for (const [key, value] of entries) {
    const o = checkOrigin(value);
    if (!o || o.file !== key) return null;
    out[key] = o;
  }
  return out;
}

/** Writes the origin of every loaded file that has one into the sources table. */
export async function applyOrigins(db: SqlEngine, origins: Origins): Promise<void> {
  for (const o of Object.values(origins)) {
    const publisher = o.via === 'bundle' ? `${o.label} — lot de territoire (npm run data:fetch)` : o.label;
    await db.query(
      `UPDATE sources SET url = ${sqlString(o.url)}, retrieved_at = ${sqlString(o.retrievedAt)}, source = ${sqlString(publisher)}` +
        (o.vintage ? `, vintage = ${sqlString(o.vintage)}` : '') +
        (o.dataset ? `, origin_dataset = ${sqlString(o.dataset)}` : '') +
        (o.resource ? `, origin_resource = ${sqlString(o.resource)}` : '') +
        ` WHERE file = ${sqlString(o.file)}`,
    );
  }
}
