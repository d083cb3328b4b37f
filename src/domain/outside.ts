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

export const hasControl = (s: string): boolean => s.search(CONTROL) >= 0;

/** The text without control characters (tabs and line breaks become spaces). */
export const stripControl = (s: string): string => s.replace(SPACING, ' ').replace(CONTROL, '');

/**
 * A label from outside: a string, cleaned of control characters and trimmed, at most `max`
 * characters (a longer one is cut and ends with "…"); null when it is not a string.
 */
export function cleanLabel(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  const s = stripControl(v).trim();
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
