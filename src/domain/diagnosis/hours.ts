/**
 * Parser for opening hours as published by the ANCT for France Services:
 * one text per day, e.g. "09:00 - 12:00 / 13:30 - 17:00", or "Fermé".
 *
 * Lenient on the notation ("9h-12h", "9h30 à 12h", "09:00-12:00, 14:00-17:30"),
 * strict on meaning: an interval must end after it starts, intervals must not
 * overlap, and nothing is guessed. Failures come back as a result with a French
 * reason (shown to the user), never as a thrown error and never as 0 hours.
 * An empty text is "unknown", not "closed".
 */

export const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes since midnight. */
export interface TimeInterval {
  start: number;
  end: number;
}

export type HoursErrorCode = 'empty' | 'syntax' | 'range' | 'order' | 'overlap' | 'missing_day';

export type DayHoursResult =
  | { ok: true; hours: number; closed: boolean; intervals: TimeInterval[] }
  | { ok: false; hours: null; code: HoursErrorCode; reason: string; input: string };

export type WeekHoursResult =
  | { ok: true; hours: number; perDay: Record<Weekday, number>; days: Record<Weekday, DayHoursResult> }
  | { ok: false; hours: null; code: HoursErrorCode; reason: string; days: Partial<Record<Weekday, DayHoursResult>> };

const CLOSED = /^(ferm[ée]e?|closed|-)$/i;
/** "9", "9h", "9h30", "09:00", "9.30", "09 h 00". */
const TIME = String.raw`(\d{1,2})\s*(?:(?:[:hH.]\s*(\d{2}))|[hH])?`;
const INTERVAL = new RegExp(String.raw`^${TIME}\s*(?:-|à|a)\s*${TIME}$`, 'i');
const SEPARATORS = /\s*(?:\/|,|;|\||\bet\b|\+)\s*/i;

function fail(code: HoursErrorCode, reason: string, input: string): DayHoursResult {
  return { ok: false, hours: null, code, reason, input };
}

function toMinutes(h: string, m: string | undefined): number | null {
  const hours = Number(h);
  const mins = m === undefined ? 0 : Number(m);
  if (mins > 59 || hours > 24 || (hours === 24 && mins > 0)) return null;
  return hours * 60 + mins;
}

/** Parse one day's text. */
export function parseDayHours(text: string | null | undefined): DayHoursResult {
  const input = text ?? '';
  const s = input
    .normalize('NFC')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/[\u2010-\u2015]/g, '-')
    .trim();
  if (s === '') return fail('empty', 'Horaires non renseignés', input);
  if (CLOSED.test(s)) return { ok: true, hours: 0, closed: true, intervals: [] };

  const intervals: TimeInterval[] = [];
  for (const part of s.split(SEPARATORS)) {
    if (part === '') continue;
    const m = INTERVAL.exec(part);
    if (!m) return fail('syntax', `Plage horaire illisible : « ${part} »`, input);
    const start = toMinutes(m[1], m[2]);
    const end = toMinutes(m[3], m[4]);
    if (start === null || end === null) return fail('range', `Heure invalide dans « ${part} »`, input);
    if (end <= start) return fail('order', `La plage « ${part} » se termine avant de commencer`, input);
    intervals.push({ start, end });
  }
  if (intervals.length === 0) return fail('syntax', 'Aucune plage horaire trouvée', input);
  intervals.sort((a, b) => a.start - b.start);
  for (let i = 1; i < intervals.length; i++) {
    if (intervals[i].start < intervals[i - 1].end) return fail('overlap', 'Plages horaires qui se chevauchent', input);
  }
  const total = intervals.reduce((acc, iv) => acc + (iv.end - iv.start), 0);
  return { ok: true, hours: total / 60, closed: false, intervals };
}

export interface WeekOptions {
  /** What a day absent from the record means. Default 'error': nothing is assumed. */
  missingDay?: 'closed' | 'error';
}

/** Parse a week given as one text per day; the week total is returned only if every day parses. */
export function parseWeekHours(
  days: Partial<Record<Weekday, string | null>>,
  options: WeekOptions = {},
): WeekHoursResult {
  const missingDay = options.missingDay ?? 'error';
  const parsed: Partial<Record<Weekday, DayHoursResult>> = {};
  const perDay = {} as Record<Weekday, number>;
  let total = 0;
  for (const day of WEEKDAYS) {
    const text = days[day];
    let r: DayHoursResult;
    if (text === undefined || text === null) {
      r =
        missingDay === 'closed'
          ? { ok: true, hours: 0, closed: true, intervals: [] }
          : fail('missing_day', 'Jour absent', '');
    } else {
      r = parseDayHours(text);
    }
    parsed[day] = r;
    if (!r.ok) {
      return { ok: false, hours: null, code: r.code, reason: `${capitalize(day)} : ${r.reason}`, days: parsed };
    }
    perDay[day] = r.hours;
    total += r.hours;
  }
  return { ok: true, hours: total, perDay, days: parsed as Record<Weekday, DayHoursResult> };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
