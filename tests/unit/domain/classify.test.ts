/** Choropleth classes on the values present: quantiles and natural breaks, ties, heavy zeros. */
import { describe, expect, it } from 'vitest';
import { classBreaks, classOf, quantileBreaks, summarizeClasses, type ClassMethod } from '../../../src/domain/classify.ts';

const range = (n: number, f: (i: number) => number = (i) => i + 1) => Array.from({ length: n }, (_, i) => f(i));
const METHODS: ClassMethod[] = ['quantiles', 'jenks'];

describe.each(METHODS)('classBreaks, %s', (method) => {
  it.each([
    { name: 'no value', values: [], breaks: [] },
    { name: 'only missing values', values: [null, undefined, Number.NaN], breaks: [] },
    { name: 'one value repeated: one class', values: [3, 3, 3, 3], breaks: [] },
    { name: 'two distinct values: two classes, never one', values: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], breaks: [1] },
    { name: 'as many distinct values as classes: one class each', values: [5, 1, 4, 2, 3, 3], breaks: [2, 3, 4, 5] },
    { name: 'missing values are left out', values: [null, 0, 0, 1, 2, null], breaks: [1, 2] },
  ])('$name', ({ values, breaks }) => {
    expect(classBreaks(values, 5, method)).toEqual(breaks);
  });

  it('70 % of zeros (no fibre): 0 alone in the first class, the others split into the other classes', () => {
    const values = [...range(70, () => 0), ...range(30, (i) => (i + 1) / 100)];
    const breaks = classBreaks(values, 5, method);
    const s = summarizeClasses(values, breaks);
    expect(s[0]).toEqual({ count: 70, min: 0, max: 0 });
    expect(breaks.length).toBe(4);
    expect(s.slice(1).every((c) => c.count > 0 && c.min! > 0)).toBe(true);
  });

  it('the real shape of the Nièvre in 2019: 302 communes at 0 %, 7 spread up to 79.8 %', () => {
    const values = [...range(302, () => 0), 0.02, 0.05, 0.11, 0.3, 0.45, 0.61, 0.798];
    const s = summarizeClasses(values, classBreaks(values, 5, method));
    expect(s).toHaveLength(5);
    expect(s[0]).toEqual({ count: 302, min: 0, max: 0 });
    expect(s[4].max).toBe(0.798);
  });

  it('equal values always share a class, and every class holds values', () => {
    const values = [1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 4, 5, 5, 5, 9, 9, 9, 9, 9, 9, 9, 10];
    const breaks = classBreaks(values, 5, method);
    for (const v of new Set(values)) expect(new Set(values.filter((x) => x === v).map((x) => classOf(x, breaks))).size).toBe(1);
    expect(summarizeClasses(values, breaks).every((c) => c.count > 0)).toBe(true);
    expect(breaks.length).toBeGreaterThanOrEqual(2);
  });

  it('never more than k classes; breaks increasing and taken among the values', () => {
    const values = range(1000, (i) => Math.round(1000 * Math.sin(i) ** 2) / 10);
    const breaks = classBreaks(values, 5, method);
    expect(breaks.length).toBeLessThanOrEqual(4);
    expect(breaks.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < breaks.length; i++) expect(breaks[i]).toBeGreaterThan(breaks[i - 1]);
    for (const b of breaks) expect(values).toContain(b);
  });
});

describe('quantiles', () => {
  it('1…100 in 5 classes of 20', () => {
    const values = range(100);
    expect(quantileBreaks(values, 5)).toEqual([21, 41, 61, 81]);
    expect(summarizeClasses(values, [21, 41, 61, 81]).map((c) => c.count)).toEqual([20, 20, 20, 20, 20]);
  });

  it('a run of ties at the top ends the classes before it', () => {
    const values = [...range(10), ...range(40, () => 100)];
    const breaks = quantileBreaks(values, 5);
    expect(breaks[breaks.length - 1]).toBe(100);
    expect(summarizeClasses(values, breaks).at(-1)).toEqual({ count: 40, min: 100, max: 100 });
  });
});

describe('natural breaks (Ckmeans)', () => {
  it('finds the gaps of three clear groups', () => {
    const values = [1, 2, 3, 2, 1, 50, 51, 52, 100, 101, 99];
    expect(classBreaks(values, 3, 'jenks')).toEqual([50, 99]);
  });
});

describe('classOf and summarizeClasses', () => {
  it.each([
    { v: 0, c: 0 }, { v: 9.99, c: 0 }, { v: 10, c: 1 }, { v: 25, c: 2 }, { v: null, c: null }, { v: Number.POSITIVE_INFINITY, c: null },
  ])('$v → class $c', ({ v, c }) => expect(classOf(v, [10, 20])).toBe(c));

  it('counts, minimum and maximum per class; empty classes have null bounds', () => {
    expect(summarizeClasses([1, 5, 12, null], [10, 20])).toEqual([
      { count: 2, min: 1, max: 5 }, { count: 1, min: 12, max: 12 }, { count: 0, min: null, max: null },
    ]);
  });
});
