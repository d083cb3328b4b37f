/**
 * HTTP for the fetch layer: downloads with progress, French errors that name what went wrong,
 * and the waiting etiquette of busy public services (429/503/504: wait as told, then retry a
 * few times, never hammer). The `fetch` and `sleep` functions are given, so that tests run
 * against the local stand-in without waiting.
 */
import { readCapped } from '../../shared/bytes.ts';

export type FetchFn = (url: string, init?: { method?: string; body?: string; headers?: Record<string, string>; signal?: AbortSignal }) => Promise<Response>;

export interface HttpContext {
  fetch: FetchFn;
  signal?: AbortSignal;
  /** Waits `ms` (cancelled with the signal); tests give an instant one. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A source failed: the message is shown as is (French). */
export class SourceError extends Error {
  override name = 'SourceError';
}

/** The server answered with an error status; `detail` is what it said, when it said it in JSON. */
export class HttpError extends SourceError {
  constructor(readonly status: number, readonly url: string, readonly detail: string | null = null) {
    super(`le serveur a répondu ${status} (${httpMeaning(status)}) pour ${shortUrl(url)}${detail ? ` : « ${detail.slice(0, 200)} »` : ''}.`);
  }
}

export function httpMeaning(status: number): string {
  if (status === 400) return 'requête refusée';
  if (status === 404) return 'introuvable';
  if (status === 410) return 'supprimé par son producteur';
  if (status === 429) return 'trop de requêtes, réessayez plus tard';
  if (status === 504) return 'délai dépassé, serveur surchargé';
  if (status >= 500) return 'erreur du serveur';
  return 'requête refusée';
}

export const shortUrl = (url: string) => (url.length > 120 ? `${url.slice(0, 117)}…` : url);

export const realSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });

/** What an error body says: `{"errors": [{"detail": …}]}` (tabular API), `{"message": …}` (udata, geo API). */
function errorDetail(text: string): string | null {
  try {
    const j = JSON.parse(text) as { errors?: { detail?: unknown; title?: unknown }[]; message?: unknown };
    const d = j.errors?.[0]?.detail ?? j.errors?.[0]?.title ?? j.message;
    return typeof d === 'string' && d.trim() ? d.trim() : null;
  } catch {
    return null;
  }
}

/** What any answer may weigh when the caller says nothing: far above a département's road network. */
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

export interface DownloadLimits {
  /** Bytes received at most: the reading stops past it (the size the server declares is not trusted). */
  maxBytes?: number;
  /** The address finally answered (after redirects) must pass this check. */
  allowUrl?: (url: string) => boolean;
}

const mo = (n: number) => `${Math.round(n / (1024 * 1024))} Mo`;

/** GET (or POST) a URL into bytes, reporting the bytes received; French errors. */
export async function download(
  ctx: HttpContext, url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}, onBytes: (n: number) => void = () => {},
  limits: DownloadLimits = {},
): Promise<Uint8Array> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const tooBig = () => new SourceError(`réponse de ${shortUrl(url)} trop volumineuse (plus de ${mo(maxBytes)}) : téléchargement arrêté, rien n'est chargé.`);
  let res: Response;
  try {
    res = await ctx.fetch(url, { ...init, signal: ctx.signal });
  } catch (e) {
    if (ctx.signal?.aborted) throw e;
    throw new SourceError(`service injoignable (${shortUrl(url)}) : hors ligne, pare-feu, ou le service refuse les requêtes de ce navigateur (CORS).`);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    const error = new HttpError(res.status, url, errorDetail(text));
    (error as HttpError & { retryAfter?: string | null }).retryAfter = res.headers.get('Retry-After');
    throw error;
  }
  if (res.url && limits.allowUrl && !limits.allowUrl(res.url)) {
    await res.body?.cancel().catch(() => undefined);
    throw new SourceError(`${shortUrl(url)} a renvoyé vers ${shortUrl(res.url)}, hors des services attendus : réponse ignorée.`);
  }
  const declared = Number(res.headers.get('Content-Length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  if (!res.body) {
    const whole = new Uint8Array(await res.arrayBuffer());
    if (whole.length > maxBytes) throw tooBig();
    return whole;
  }
  return readCapped(res.body, maxBytes, () => tooBig(), onBytes);
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Waits when the server does not say how long (ms), one per retry. */
  waits: readonly number[];
  /** Never wait longer than this at once (ms), whatever Retry-After says. */
  maxWait: number;
  /** Told before each wait (French status line). */
  onWait?: (seconds: number, status: number, attempt: number) => void;
}

/** Busy answers worth waiting for: 429 and 504 always, 503 only when the server says when to come back. */
const busy = (e: HttpError) => e.status === 429 || e.status === 504 || (e.status === 503 && !!(e as HttpError & { retryAfter?: string | null }).retryAfter);

/** Retry-After in seconds or as an HTTP date → milliseconds; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const t = Date.parse(value);
  return Number.isFinite(t) ? Math.max(0, t - now) : null;
}

/**
 * `download`, retried when the service says it is busy (429, 504, 503 with Retry-After): waits what Retry-After
 * says (capped), else the policy's waits, at most `retries` times; other errors are not retried.
 */
export async function downloadPolitely(
  ctx: HttpContext, url: string, init: { method?: string; body?: string; headers?: Record<string, string> }, policy: RetryPolicy, onBytes?: (n: number) => void,
  limits: DownloadLimits = {},
): Promise<Uint8Array> {
  const sleep = ctx.sleep ?? realSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await download(ctx, url, init, onBytes, limits);
    } catch (e) {
      if (!(e instanceof HttpError) || !busy(e) || attempt >= policy.retries) throw e;
      const told = retryAfterMs((e as HttpError & { retryAfter?: string | null }).retryAfter);
      const ms = Math.min(policy.maxWait, told ?? policy.waits[Math.min(attempt, policy.waits.length - 1)] ?? 30_000);
      policy.onWait?.(Math.round(ms / 1000), e.status, attempt + 1);
      await sleep(ms, ctx.signal);
    }
  }
}

export function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new SourceError(`réponse illisible de ${what} (JSON attendu).`);
  }
}

export function errorText(e: unknown): string {
  if (e instanceof SourceError) return e.message;
  if (e instanceof Error) return `erreur inattendue (${e.message})`;
  return `erreur inattendue (${String(e)})`;
}
