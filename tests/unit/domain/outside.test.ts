/** Checks of values from outside: control characters, lengths, addresses, own keys. */
import { describe, expect, it } from 'vitest';
import { cleanLabel, dateText, hasControl, hasInvisible, hostOf, httpUrl, MAX_FILE_NAME, optionalLabel, ownKey, stripControl, userFileName } from '../../../src/domain/outside.ts';

describe('control characters', () => {
  it('finds every C0 control, DEL and C1, and nothing else', () => {
    const controls = [...Array.from({ length: 32 }, (_, i) => i), 127, ...Array.from({ length: 32 }, (_, i) => 128 + i)];
    // 32 + 1 + 32, counted by hand.
    expect(controls).toHaveLength(65);
    for (const cp of controls) expect(hasControl(`a${String.fromCharCode(cp)}b`), `U+${cp.toString(16)}`).toBe(true);
    for (const ok of ['Nièvre', 'l’été', '« titre »', 'œ€', '\u00a0espace insécable', '😀']) expect(hasControl(ok), ok).toBe(false);
  });

  it.each([
    ['Ni\u0000èvre', 'Nièvre'],
    ['a\tb\nc\r\nd', 'a b c  d'],
    ['\u0007\u001b[31mrouge\u007f\u0085', '[31mrouge'],
    ['rien à retirer', 'rien à retirer'],
  ])('strips %j to %j', (input, expected) => {
    expect(stripControl(input)).toBe(expected);
  });
});

describe('cleanLabel / optionalLabel', () => {
  it('refuses what is not a string', () => {
    for (const v of [58, null, undefined, {}, ['a'], true]) expect(cleanLabel(v, 10)).toBeNull();
  });
  it('trims, strips and cuts at the limit with an ellipsis', () => {
    expect(cleanLabel('  \u0000titre  ', 10)).toBe('titre');
    expect(cleanLabel('abcdefghijkl', 5)).toBe('abcd…');
    expect(cleanLabel('abcde', 5)).toBe('abcde');
  });
  it('keeps null for an absent optional label, undefined for a wrong type', () => {
    expect(optionalLabel(null, 5)).toBeNull();
    expect(optionalLabel(undefined, 5)).toBeNull();
    expect(optionalLabel(7, 5)).toBeUndefined();
    expect(optionalLabel('a\u0000', 5)).toBe('a');
  });
});

describe('httpUrl / hostOf', () => {
  it.each([
    ['http://[bad', null],
    ['javascript:alert(1)', null],
    ['file:///etc/passwd', null],
    ['/relative/path', null],
    ['https://ex.org/a\u0000b', null],
    ['https://ex.org/a b', null],
    [58, null],
    ['https://www.data.gouv.fr/fr/datasets/x/', 'https://www.data.gouv.fr/fr/datasets/x/'],
    ['http://127.0.0.1:8080/api?x=1', 'http://127.0.0.1:8080/api?x=1'],
  ])('httpUrl(%j) = %j', (input, expected) => {
    expect(httpUrl(input)).toBe(expected);
  });
  it('refuses an address longer than 2048 characters', () => {
    expect(httpUrl(`https://ex.org/${'a'.repeat(2040)}`)).toBeNull();
  });
  it('hostOf never throws', () => {
    expect(hostOf('http://[bad')).toBeNull();
    expect(hostOf('')).toBeNull();
    expect(hostOf('https://geo.api.gouv.fr/communes')).toBe('geo.api.gouv.fr');
  });
});

describe('dateText', () => {
  it('keeps an ISO date, refuses the rest', () => {
    expect(dateText('2026-11-23T10:00:00.000Z')).toBe('2026-11-23T10:00:00.000Z');
    expect(dateText('hier')).toBeNull();
    expect(dateText(1700000000000)).toBeNull();
    expect(dateText('2026-11-23\u0000')).toBeNull();
  });
});

describe('ownKey', () => {
  const table = { communes: 1, pauvrete: 2 };
  it('matches own keys only, never inherited ones', () => {
    expect(ownKey(table, 'communes')).toBe(true);
    for (const k of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      // The `in` operator says yes to each of them: the reason for ownKey.
      expect(k in table).toBe(true);
      expect(ownKey(table, k), k).toBe(false);
    }
    expect(ownKey(table, 58)).toBe(false);
  });
});

describe('file names the user gives (issue 18, item 15)', () => {
  it.each([
    // Right-to-left override: shown as "factureexe.csv", really ends in ".exe".
    ['facture\u202Evsc.exe', 'facturevsc.exe'],
    ['\u202Bcommunes\u202C.geojson', 'communes.geojson'],
    ['a\u2066b\u2069\u200Fc\u200E.csv', 'abc.csv'],
    ['zéro\u200Blargeur\uFEFF.csv', 'zérolargeur.csv'],
    ['ligne\u0000nulle\u0007.csv', 'lignenulle.csv'],
    ['demo:france_services.csv', 'demo_france_services.csv'],
    ['DEMO:communes.geojson', 'DEMO_communes.geojson'],
    ['\u202Edemo:x.csv', 'demo_x.csv'],
    ['dossier/../x.csv', 'dossier_.._x.csv'],
    ['ma démo: essai.csv', 'ma démo: essai.csv'],
    ['France Services 2024.csv', 'France Services 2024.csv'],
    ['\u202E', 'fichier sans nom'],
  ])('%j → %j', (input, expected) => {
    expect(userFileName(input)).toBe(expected);
    expect(hasInvisible(userFileName(input))).toBe(false);
    expect(hasControl(userFileName(input))).toBe(false);
  });

  it('cuts a long name and keeps its extension (the format is read from it)', () => {
    const name = userFileName(`${'x'.repeat(500)}.osm.pbf`);
    expect(name).toHaveLength(MAX_FILE_NAME);
    expect(name.endsWith('….pbf')).toBe(true);
  });

  it('labels from outside lose bidirectional controls too', () => {
    expect(cleanLabel('Titre\u202E fdp.exe', 50)).toBe('Titre fdp.exe');
  });
});
