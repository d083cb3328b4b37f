/**
 * The vintage (millésime) of an imported file, and how it was determined, so that the sources
 * table never says "millésime inconnu" for a file whose vintage can be known:
 * - from the file name, as publishers name their files: `liste-fs-20240801.csv` (ANCT, daily
 *   date), `2024_T3_sites_Metropole.csv` / `2023T3_op_communes.csv` (ARCEP, quarter),
 *   `2018_01_Sites_mobiles_…` (ARCEP, month);
 * - from a date column of the data (ARCEP `date`, `date_maj` of the médiation standard…);
 * - from the documented vintage of a recognised official file (each format says which).
 * Pure functions; each format picks the order that fits its source.
 */

export interface Vintage {
  /** "2024-08-01", "2024 T3", "RP 2021"… */
  value: string;
  /** French: how it was determined ("nom du fichier", "colonne date"…). */
  how: string;
}

/** What a format's vintage function sees: the file name, its columns and (a sample of) its records. */
export interface VintageContext {
  file: string;
  columns: readonly string[];
  records: readonly Record<string, string>[];
}

/** "2024-08-01 (nom du fichier)": the text written in the sources table. */
export const vintageText = (v: Vintage): string => `${v.value} (${v.how})`;

const pad = (n: number) => String(n).padStart(2, '0');

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Vintage from a file name: a full date (AAAAMMJJ or AAAA-MM-JJ), a quarter (AAAA_T3, AAAAT3,
 * AAAA-T3) or a month (AAAA_MM). A lone year is not taken: too many names carry a year that is
 * not the data's (a COG year, a programme year). Digits glued to other digits never match, so a
 * SIREN or a commune code is not read as a date.
 */
export function vintageFromFileName(name: string): Vintage | null {
  const base = name.replace(/^.*[\\/]/, '');
  const how = 'nom du fichier';
  for (const m of base.matchAll(/(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)/g)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    // "2024-08-01" or "20240801"; a "2024-0801" mix is not a date anyone writes.
    const dashed = m[0].includes('-');
    if ((dashed && m[0].length !== 10) || (!dashed && m[0].length !== 8)) continue;
    if (validDate(y, mo, d)) return { value: `${y}-${pad(mo)}-${pad(d)}`, how };
  }
  const q = /(?<!\d)(\d{4})[_-]?T([1-4])(?![\d])/i.exec(base);
  if (q && validDate(Number(q[1]), 1, 1)) return { value: `${q[1]} T${q[2]}`, how };
  const month = /(?<!\d)(\d{4})[_-](0[1-9]|1[0-2])(?![\d])/.exec(base);
  if (month && validDate(Number(month[1]), 1, 1)) return { value: `${month[1]}-${month[2]}`, how };
  return null;
}

/** "2019-09-30", "2019-09-30T00:00:00Z", "30/09/2019" → "2019-09-30"; anything else → null. */
export function isoDate(text: string | undefined | null): string | null {
  const s = (text ?? '').trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(s);
  if (m && validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (m && validDate(Number(m[3]), Number(m[2]), Number(m[1]))) return `${m[3]}-${m[2]}-${m[1]}`;
  return null;
}

/**
 * Vintage from a date column: the date itself when every row carries the same one (an ARCEP
 * `date` column), else the most recent one, said so (a `date_maj` of per-record updates).
 */
export function vintageFromDateColumn(records: readonly Record<string, string>[], column: string): Vintage | null {
  const dates = new Set<string>();
  for (const r of records) {
    const d = isoDate(r[column]);
    if (d) dates.add(d);
  }
  if (dates.size === 0) return null;
  const latest = [...dates].sort().at(-1)!;
  return dates.size === 1
    ? { value: latest, how: `colonne ${column}` }
    : { value: latest, how: `date la plus récente de la colonne ${column}` };
}

/** The first of the columns present that gives a date. */
export function vintageFromDateColumns(ctx: VintageContext, columns: readonly string[]): Vintage | null {
  for (const c of columns) {
    if (!ctx.columns.includes(c)) continue;
    const v = vintageFromDateColumn(ctx.records, c);
    if (v) return v;
  }
  return null;
}
