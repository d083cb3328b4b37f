/** Small helpers shared by the format importers. */
import { checkLonLat, COORDINATE_PROBLEM_FR } from '../../../domain/projection.ts';
import { parseNumber } from '../text.ts';
import type { Rejected } from '../format.ts';

/** INSEE commune code as a 5-character string (leading zeros kept, Corsica 2A/2B). */
export function inseeCode(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  const s = String(raw).trim().toUpperCase();
  if (/^\d{5}$/.test(s) || /^2[AB]\d{3}$/.test(s)) return s;
  if (/^\d{4}$/.test(s)) return `0${s}`;
  return null;
}

export const str = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};

export const num = (v: unknown): number | null => (typeof v === 'number' ? (Number.isFinite(v) ? v : null) : parseNumber(str(v)));

const INT32_MAX = 2 ** 31 - 1;

/** A whole number for an INTEGER column; null beyond 32 bits (Arrow would silently wrap 99999999999999 to 276447231). */
export const int = (v: unknown): number | null => {
  const n = num(v);
  if (n === null) return null;
  const r = Math.round(n);
  return r > INT32_MAX || r < -INT32_MAX - 1 ? null : r;
};

/** Reads a lon/lat pair; on a problem, pushes a rejection and returns null. */
export function lonLatOrReject(lon: unknown, lat: unknown, line: number, rejected: Rejected[]): [number, number] | null {
  const x = num(lon);
  const y = num(lat);
  const problem = checkLonLat(x, y);
  if (problem) {
    rejected.push({ line, reason: COORDINATE_PROBLEM_FR[problem] });
    return null;
  }
  return [x!, y!];
}

/** "lat,lon" or "lat, lon" text (La Poste, Culture). */
export function parseLatLonText(text: unknown): [number, number] | [null, null] {
  const s = str(text);
  if (!s) return [null, null];
  const parts = s.split(',').map((p) => parseNumber(p));
  if (parts.length !== 2 || parts[0] === null || parts[1] === null) return [null, null];
  return [parts[1], parts[0]];
}

const TRUE = new Set(['1', 'true', 'vrai', 'oui', 'o', 'y', 'yes', 't']);
const FALSE = new Set(['0', 'false', 'faux', 'non', 'n', 'no', 'f']);

/**
 * A yes/no cell in any of the forms the sources use: 0/1 in the ARCEP files, True/False in
 * another ARCEP export, true/false when the data.gouv.fr tabular API turned a 0/1 column into a
 * JSON boolean (csv-detective's `bool` type, which also takes oui/non). Null when it is none of
 * them: never read as "no".
 */
export function bool(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw === 1 ? true : raw === 0 ? false : null;
  const s = str(raw)?.toLowerCase();
  if (s === undefined || s === null) return null;
  if (TRUE.has(s) || s === '1.0') return true;
  if (FALSE.has(s) || s === '0.0') return false;
  return null;
}
