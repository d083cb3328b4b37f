import { describe, expect, it } from 'vitest';
import { columnOptions, previewColumns, shortText, MAX_COLUMN_OPTIONS } from '../../../src/ui/mapping_view.ts';

const wide = Array.from({ length: 100_000 }, (_, i) => `col${i}`);

describe('the column-mapping dialog shows a bounded part of a file', () => {
  it('a file with 100,000 columns offers 200 options per select, the rest counted', () => {
    const r = columnOptions(wide, '');
    expect(r.options).toHaveLength(MAX_COLUMN_OPTIONS);
    expect(r.options[0]).toBe('col0');
    expect(r.matching).toBe(100_000);
    expect(r.hidden).toBe(100_000 - 200);
  });

  it('the filter finds a column far down the list, ignoring case and accents', () => {
    const columns = [...wide.slice(0, 5000), 'Latitude', 'Numéro_Département', ...wide.slice(5000, 6000)];
    expect(columnOptions(columns, 'latit').options).toEqual(['Latitude']);
    expect(columnOptions(columns, 'DEPARTEMENT').options).toEqual(['Numéro_Département']);
    // "col99" is a prefix here: col99 and col990–col999 among col0–col5999 (col9900… are past 5999): 1 + 10.
    const r = columnOptions(columns, 'col99');
    expect(r.matching).toBe(11);
    expect(r.hidden).toBe(0);
  });

  it('a chosen column stays in its select even when the filter or the cap would leave it out', () => {
    const r = columnOptions(wide, 'col1', ['col99999']);
    expect(r.options[0]).toBe('col99999');
    expect(r.options).toHaveLength(200);
    // A chosen column that is not in the file (a stale guess) is not offered.
    expect(columnOptions(['a', 'b'], '', ['zz']).options).toEqual(['a', 'b']);
  });

  it('the preview shows the chosen columns first, 12 at most, and cuts long cells', () => {
    expect(previewColumns(wide, ['col500', 'col7'])).toEqual(['col500', 'col7', 'col0', 'col1', 'col2', 'col3', 'col4', 'col5', 'col6', 'col8', 'col9', 'col10']);
    const cell = 'x'.repeat(40_000_000);
    const shown = shortText(cell);
    expect(shown).toHaveLength(120);
    expect(shown.endsWith('…')).toBe(true);
    expect(shortText('Nevers')).toBe('Nevers');
  });
});
