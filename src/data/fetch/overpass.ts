/**
 * The road network from the Overpass API, with its failure modes handled:
 * - a query that runs out of time or memory answers HTTP 200 with a `remark`
 *   ("runtime error: Query timed out…", "runtime error: Query run out of memory…") and empty or
 *   partial `elements` (overpy's documentation shows the JSON form; nrenner/achavi#36 the
 *   out-of-memory one): that answer is a failure of the source, never a truncated network;
 * - `[timeout:]` and `[maxsize:]` are set explicitly (the default maxsize is 512 MiB);
 * - the public server allows about two queries at a time per address and answers 429 or 504
 *   (an HTML page) when busy: we wait (Retry-After when given) and retry twice, then fail,
 *   naming the département extract (OSM France, per-département .osm.pbf files) as the way out.
 * In the JSON output the `remark` comes after `elements`: the end of the answer is read too.
 */
import { overpassRoadQuery } from '../import/osm_json.ts';
import { downloadPolitely, SourceError, type HttpContext, type RetryPolicy } from './http.ts';
import { OSM_EXTRACTS, type Bbox, type Endpoints } from './sources.ts';

/** Server-side limits asked for: 180 s and 1 GiB (a département's drivable ways fit well within). */
export const OVERPASS_TIMEOUT_S = 180;
export const OVERPASS_MAXSIZE_BYTES = 1024 * 1024 * 1024;

/** The road query with explicit limits (the settings line of osm_json's query replaced). */
export function overpassQuery(box: Bbox): string {
  return overpassRoadQuery(box).replace(/^\[out:json\]\[timeout:\d+\];/, `[out:json][timeout:${OVERPASS_TIMEOUT_S}][maxsize:${OVERPASS_MAXSIZE_BYTES}];`);
}

export const OVERPASS_FALLBACK_FR = `déposez à la place l'extrait OpenStreetMap du département (.osm.pbf) publié par OpenStreetMap France : ${OSM_EXTRACTS}`;

/** What the head and the tail of an Overpass JSON answer say: its data date, and a runtime error if any. */
export function inspectOverpass(bytes: Uint8Array): { timestamp: string | null; remark: string | null; hasElements: boolean } {
  const dec = new TextDecoder();
  const head = dec.decode(bytes.subarray(0, 4000));
  const tail = dec.decode(bytes.subarray(Math.max(0, bytes.length - 4000)));
  const remark = /"remark"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(tail)?.[1] ?? /"remark"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(head)?.[1] ?? null;
  return {
    timestamp: /"timestamp_osm_base"\s*:\s*"([^"]+)"/.exec(head)?.[1] ?? null,
    remark: remark ? remark.replace(/\\"/g, '"') : null,
    hasElements: /"elements"\s*:/.test(head),
  };
}

export interface RoadsFetched {
  bytes: Uint8Array;
  query: string;
  timestamp: string | null;
  /** A "runtime remark" that is not an error (kept for the record). */
  remark: string | null;
}

/** Busy (429/504): wait (Retry-After when given, else 30 s then 60 s) and retry twice, then fail. */
export const OVERPASS_RETRY: RetryPolicy = { retries: 2, waits: [30_000, 60_000], maxWait: 120_000 };

export async function fetchRoads(
  box: Bbox, ctx: HttpContext, e: Endpoints, onBytes: (n: number) => void, onWait: RetryPolicy['onWait'], policy: Partial<RetryPolicy> = {},
): Promise<RoadsFetched> {
  const query = overpassQuery(box);
  let bytes: Uint8Array;
  try {
    bytes = await downloadPolitely(
      ctx, e.overpass,
      { method: 'POST', body: `data=${encodeURIComponent(query)}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      { ...OVERPASS_RETRY, onWait, ...policy },
      onBytes,
      { maxBytes: OVERPASS_MAXSIZE_BYTES },
    );
  } catch (err) {
    if (err instanceof SourceError && /répondu (429|504|503)/.test(err.message)) {
      throw new SourceError(`${err.message.replace(/\.$/, '')} ; serveur toujours occupé après plusieurs essais espacés. ${OVERPASS_FALLBACK_FR}`);
    }
    throw err;
  }
  const info = inspectOverpass(bytes);
  if (info.remark && /runtime error/i.test(info.remark)) {
    throw new SourceError(`le serveur Overpass a interrompu la requête (« ${info.remark.slice(0, 200)} ») : sa réponse est incomplète et n'est pas installée. Réessayez plus tard, ou ${OVERPASS_FALLBACK_FR}`);
  }
  if (!info.hasElements) {
    throw new SourceError(`la réponse d'Overpass n'est pas une liste d'éléments OpenStreetMap (serveur surchargé ?). Réessayez plus tard, ou ${OVERPASS_FALLBACK_FR}`);
  }
  return { bytes, query, timestamp: info.timestamp, remark: info.remark };
}
