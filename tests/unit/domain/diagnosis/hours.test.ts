import { describe, expect, it } from 'vitest';
import { parseDayHours, parseWeekHours, type HoursErrorCode } from '../../../../src/domain/diagnosis/hours.ts';

const ok: { name: string; input: string; hours: number; intervals: number }[] = [
  { name: 'ANCT two ranges', input: '09:00 - 12:00 / 13:30 - 17:00', hours: 6.5, intervals: 2 },
  { name: 'no spaces, afternoon to 17:30', input: '09:00-12:00 / 14:00-17:30', hours: 6.5, intervals: 2 },
  { name: 'French "h" notation', input: '9h-12h', hours: 3, intervals: 1 },
  { name: '"h" with minutes and "à"', input: '9h30 à 12h', hours: 2.5, intervals: 1 },
  { name: 'comma separator', input: '08:30-12:00, 13:00-16:00', hours: 6.5, intervals: 2 },
  { name: '"et" separator', input: '9h-12h et 14h-16h', hours: 5, intervals: 2 },
  { name: 'en dash and non-breaking space', input: '09:00\u00a0–\u00a012:00', hours: 3, intervals: 1 },
  { name: 'until midnight', input: '20:00-24:00', hours: 4, intervals: 1 },
  { name: 'unsorted ranges', input: '14:00-16:00 / 09:00-12:00', hours: 5, intervals: 2 },
];

const closed = ['Fermé', 'fermé', 'FERME', ' Fermée '];

const bad: { name: string; input: string | null; code: HoursErrorCode }[] = [
  { name: 'empty', input: '', code: 'empty' },
  { name: 'blank', input: '   ', code: 'empty' },
  { name: 'null', input: null, code: 'empty' },
  { name: 'garbage', input: 'sur rendez-vous', code: 'syntax' },
  { name: 'garbage digits', input: '12345', code: 'syntax' },
  { name: 'half a range', input: '09:00 - ', code: 'syntax' },
  { name: 'one good range and one bad', input: '09:00-12:00 / matin', code: 'syntax' },
  { name: 'minutes out of range', input: '09:75-12:00', code: 'range' },
  { name: 'hour out of range', input: '09:00-25:00', code: 'range' },
  { name: 'end before start', input: '14:00-12:00', code: 'order' },
  { name: 'empty range', input: '12:00-12:00', code: 'order' },
  { name: 'overlap', input: '09:00-12:00 / 11:00-13:00', code: 'overlap' },
];

describe('parseDayHours', () => {
  it.each(ok)('$name: "$input" → $hours h', ({ input, hours, intervals }) => {
    const r = parseDayHours(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.hours).toBeCloseTo(hours, 10);
    expect(r.intervals).toHaveLength(intervals);
    expect(r.closed).toBe(false);
  });

  it.each(closed)('"%s" is closed: 0 h, not an error', (input) => {
    expect(parseDayHours(input)).toEqual({ ok: true, hours: 0, closed: true, intervals: [] });
  });

  it.each(bad)('$name → null with code $code and a reason', ({ input, code }) => {
    const r = parseDayHours(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.hours).toBeNull();
    expect(r.code).toBe(code);
    expect(r.reason.length).toBeGreaterThan(0);
  });

  it('keeps intervals in minutes since midnight, sorted', () => {
    const r = parseDayHours('13:30 - 17:00 / 09:00 - 12:00');
    expect(r.ok && r.intervals).toEqual([
      { start: 540, end: 720 },
      { start: 810, end: 1020 },
    ]);
  });
});

describe('parseWeekHours', () => {
  const week = {
    lundi: '09:00 - 12:00 / 13:30 - 17:00', // 6.5
    mardi: '09:00 - 12:00 / 13:30 - 17:00', // 6.5
    mercredi: '09:00 - 12:00', // 3
    jeudi: 'Fermé', // 0
    vendredi: '9h-12h / 14h-16h', // 5
    samedi: 'Fermé',
    dimanche: 'Fermé',
  };

  it('sums the days: 6.5 + 6.5 + 3 + 0 + 5 = 21 h', () => {
    const r = parseWeekHours(week);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.hours).toBe(21);
    expect(r.perDay.mercredi).toBe(3);
    expect(r.perDay.jeudi).toBe(0);
  });

  it('fails on one bad day and names it', () => {
    const r = parseWeekHours({ ...week, mardi: 'n’importe quoi' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.hours).toBeNull();
    expect(r.code).toBe('syntax');
    expect(r.reason).toMatch(/^Mardi : /);
  });

  it('treats an absent day as an error by default, as closed on request', () => {
    const { samedi: _s, dimanche: _d, ...weekdays } = week;
    const strict = parseWeekHours(weekdays);
    expect(strict.ok).toBe(false);
    expect(!strict.ok && strict.code).toBe('missing_day');
    const lenient = parseWeekHours(weekdays, { missingDay: 'closed' });
    expect(lenient.ok && lenient.hours).toBe(21);
  });

  it('an empty day is unknown, not closed', () => {
    const r = parseWeekHours({ ...week, vendredi: '' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe('empty');
  });
});
