/**
 * INSEE population by age for every commune of the territory, from the Melodi API: the national
 * commune file (~250 MB once unzipped) is far above what the data.gouv.fr tabular API indexes
 * (100 MB), while Melodi answers one territory (`GEO=DEP-58*COM`, `GEO=EPCI-…*COM`), openly,
 * 30 requests a minute. The file kept is Melodi's own answer, pages merged (formats/insee_melodi.ts).
 * Paging follows `paging.next`, its host brought back to the endpoint asked (a mirror).
 */
import { downloadPolitely, parseJson, shortUrl, SourceError, type HttpContext, type RetryPolicy } from './http.ts';
import { hasControl } from '../../domain/outside.ts';
import { melodiAgesUrl, type Endpoints, type TerritoryRequest } from './sources.ts';

/** Pages read at most (10 000 observations each): far above a département's census bands. */
export const MELODI_MAX_PAGES = 50;

export interface AgesFetched {
  bytes: Uint8Array;
  url: string;
  pages: number;
  observations: number;
}

/**
 * `next` on the endpoint we asked: the path and query after `/data/` kept, the host ours; null
 * when it cannot be (no `/data/`, a step up the path, a backslash): such a link is not followed.
 */
export function onEndpoint(next: string, e: Endpoints): string | null {
  const i = next.indexOf('/data/');
  if (i < 0) return null;
  const rest = next.slice(i);
  const path = rest.split(/[?#]/)[0];
  const escapes = /(^|\/)\.\.?(\/|$)|\\|%2e|%2f|%5c/i.test(path);
  return escapes || hasControl(rest) || /\s/.test(rest) ? null : `${e.melodi}${rest}`;
}

/** 30 requests a minute: a 429 waits a minute (or what Retry-After says) before the next try, twice at most. */
export const MELODI_RETRY: RetryPolicy = { retries: 2, waits: [60_000, 60_000], maxWait: 120_000 };

export async function fetchAges(
  request: TerritoryRequest, ctx: HttpContext, e: Endpoints, onProgress: (observations: number, bytes: number) => void,
  onWait: RetryPolicy['onWait'], policy: Partial<RetryPolicy> = {}, maxResult = 10_000, maxPages = MELODI_MAX_PAGES,
): Promise<AgesFetched> {
  const url = melodiAgesUrl(e, request, maxResult);
  let next: string | null = url;
  let merged: { identifier?: unknown; observations: unknown[]; paging?: unknown; [k: string]: unknown } | null = null;
  let pages = 0;
  let bytes = 0;
  while (next && pages < maxPages) {
    const body = await downloadPolitely(ctx, next, {}, { ...MELODI_RETRY, onWait, ...policy });
    bytes += body.length;
    pages++;
    const page = parseJson(body, "l'API Melodi de l'INSEE") as { identifier?: unknown; observations?: unknown; paging?: { next?: unknown; isLast?: unknown; count?: unknown } };
    if (!Array.isArray(page.observations)) throw new SourceError("réponse inattendue de l'API Melodi (pas de champ « observations »).");
    if (!merged) merged = { ...page, observations: [...page.observations] };
    else merged.observations.push(...page.observations);
    onProgress(merged.observations.length, bytes);
    const n = page.paging?.next;
    const last = page.paging?.isLast === true || typeof n !== 'string' || page.observations.length === 0;
    next = last ? null : onEndpoint(n, e);
    if (!last && next === null) throw new SourceError(`l'API Melodi annonce une page suivante à une adresse inattendue (${shortUrl(String(n))}) : elle n'est pas suivie, réponse non chargée (elle serait incomplète).`);
    if (typeof page.paging?.count === 'number' && merged.observations.length >= page.paging.count) next = null;
  }
  if (next) throw new SourceError(`l'API Melodi annonce plus de ${maxPages} pages pour ce territoire : réponse non chargée (elle serait incomplète).`);
  if (!merged || merged.observations.length === 0) throw new SourceError("l'API Melodi n'a renvoyé aucune observation pour ce territoire.");
  merged.paging = { count: merged.observations.length, pages, merged_by: 'Maillage' };
  return { bytes: new TextEncoder().encode(JSON.stringify(merged)), url, pages, observations: merged.observations.length };
}
