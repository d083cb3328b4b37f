/**
 * Checks for values that come from outside the app (a bundle's SOURCES.json, a remote answer, a
 * share link, what the browser store gives back): each takes `unknown` and returns the value in
 * the shape the app expects, or null. No value is trusted for its type, length or characters.
 *
 * Control characters (U+0000–U+001F, U+007F, U+0080–U+009F) never reach a label: DuckDB-WASM cuts
 * a query at NUL, and none of them is meant to be shown. Tabs and line breaks become spaces
 * (a title on two lines stays readable); the others are removed.
 */

/** Every control character: C0, DEL and C1. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** The ones that stand for a space in a title. */
const SPACING = /[\t\n\v\f\r]/g;

/**
 * Characters that reorder or hide text without being seen: the bidirectional controls (U+061C,
 * U+200E–U+200F, U+202A–U+202E, U+2066–U+2069; "facture\u202Evsc.exe" shows as "factureexe.csv"),
 * the zero-width ones (U+200B–U+200D, U+2060) and the byte-order mark (U+FEFF).
 */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

export const hasControl = (s: string): boolean => s.search(CONTROL) >= 0;

/** The text without control characters (tabs and line breaks become spaces). */
export const stripControl = (s: string): string => s.replace(SPACING, ' ').replace(CONTROL, '');

/**
 * A label from outside: a string, cleaned of control and bidirectional or invisible characters
 * and trimmed, at most `max` characters (a longer one is cut and ends with "…"); null when it is
 * not a string.
 */
export function cleanLabel(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  const s = stripControl(v.replace(INVISIBLE, '')).trim();
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

/** As cleanLabel, and null stays null (an optional label); anything else that is not a string is refused (undefined). */
export function optionalLabel(v: unknown, max: number): string | null | undefined {
  if (v === null || v === undefined) return null;
  return cleanLabel(v, max) ?? undefined;
}

export const MAX_URL = 2048;

/**
 * An http(s) address from outside, as given, or null: not a string, too long, with a control
 * character or a space, or not an absolute http(s) URL that the URL parser accepts.
 */
export function httpUrl(v: unknown): string | null {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_URL || hasControl(v) || /\s/.test(v)) return null;
  const url = parseUrl(v);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? v : null;
}

/** The host of an address, or null when it does not parse (never throws). */
export function hostOf(s: string): string | null {
  const url = parseUrl(s);
  return url && url.host ? url.host : null;
}

function parseUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

/** An ISO-like date-time as written by the app (parseable, at most 40 characters), or null. */
export function dateText(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 40 || hasControl(v) || Number.isNaN(Date.parse(v))) return null;
  return v;
}

/** `key` is one of `table`'s own keys (never an inherited one such as "constructor" or "__proto__"). */
export const ownKey = <T extends object>(table: T, key: unknown): key is keyof T & string =>
  typeof key === 'string' && Object.hasOwn(table, key);

export const hasInvisible = (s: string): boolean => s.search(INVISIBLE) >= 0;

/** Names the app keeps for itself: the demo territory's datasets are "demo:<file>". */
const RESERVED_PREFIX = /^demo:/i;
export const MAX_FILE_NAME = 160;

/**
 * The name of a file the user gave, as shown and stored: without control, bidirectional or
 * invisible characters, without path separators, at most MAX_FILE_NAME characters with its
 * extension kept (the format is read from it), never empty, and out of the demo's namespace
 * ("demo:x.csv" becomes "demo_x.csv").
 */
export function userFileName(name: string): string {
  let s = stripControl(name.replace(INVISIBLE, '')).replace(/[/\\]/g, '_').trim();
  s = s.replace(RESERVED_PREFIX, (m) => `${m.slice(0, -1)}_`);
  if (s.length > MAX_FILE_NAME) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 12 ? s.slice(dot) : '';
    s = `${s.slice(0, MAX_FILE_NAME - ext.length - 1)}…${ext}`;
  }
  return s || 'fichier sans nom';
}
