/**
 * Where a fetched layer came from: the address asked, the day it was retrieved and the
 * vintage the source gives. Kept with the workspace (by file name) and written into the
 * `sources` table each time the file is loaded, so that every figure can be traced.
 */
import type { SourceId } from './fetch/sources.ts';
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
