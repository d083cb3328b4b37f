/**
 * MapLibre's interface strings in French: every key of the installed MapLibre's own table
 * (read from its source file, not from our code) has a French text.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAP_LOCALE_FR } from '../../../src/map/locale_fr.ts';

const source = readFileSync(resolve(import.meta.dirname, '../../../node_modules/maplibre-gl/src/ui/default_locale.ts'), 'utf8');
const english = Object.fromEntries([...source.matchAll(/'([A-Za-z]+\.[A-Za-z]+)':\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => [m[1], m[2]]));

describe('MAP_LOCALE_FR', () => {
  it('covers every string of MapLibre\'s default locale', () => {
    expect(Object.keys(english).length).toBeGreaterThan(20);
    expect(Object.keys(MAP_LOCALE_FR).sort()).toEqual(Object.keys(english).sort());
  });

  it('says in French what MapLibre says in English (units apart)', () => {
    const units = new Set(['ScaleControl.Meters', 'ScaleControl.Kilometers', 'ScaleControl.Miles']);
    for (const [key, text] of Object.entries(english)) {
      if (units.has(key)) expect(MAP_LOCALE_FR[key]).toBe(text);
      else expect(MAP_LOCALE_FR[key], key).not.toBe(text);
    }
    expect(MAP_LOCALE_FR['NavigationControl.ZoomIn']).toBe('Zoom avant');
    expect(MAP_LOCALE_FR['NavigationControl.ZoomOut']).toBe('Zoom arrière');
  });
});
