import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../../src/data/import/import_file.ts';
import { isUserError } from '../../../../src/data/import/errors.ts';

const fixture = (p: string) => readFileSync(resolve(import.meta.dirname, '../../../fixtures', p));
const utf8 = (s: string) => new TextEncoder().encode(s);
/** Windows-1252 bytes of a Latin-1 string (accents as single bytes). */
const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

describe('importFile: ANCT France Services', () => {
  const result = importFile('liste-fs.csv', fixture('csv/france_services_small.csv'));
  const rows = result.output.rows.help_points ?? [];

  it('recognises the format and keeps valid rows', () => {
    expect(result.format.id).toBe('anct_france_services');
    expect(rows.map((r) => r.id)).toEqual(['fs-1', 'fs-2']);
  });
  it('keeps INSEE codes as strings, Corsica included', () => {
    expect(rows.map((r) => r.commune_code)).toEqual(['58062', '2A004']);
  });
  it('parses weekly hours (empty day = closed, all empty = unknown)', () => {
    // 6.5 + 6.5 + 3 + 6.5 + 5.5 = 28
    expect(rows[0].hours_per_week).toBe(28);
    expect(rows[1].hours_per_week).toBeNull();
  });
  it('rejects rows without or with swapped coordinates, with their line numbers', () => {
    // line 1 header, record 1 spans lines 2–3, record 2 line 4, record 3 line 5, record 4 line 6
    expect(result.output.rejected.map(({ line, reason }) => ({ line, reason }))).toEqual([
      { line: 5, reason: 'coordonnées absentes ou non numériques' },
      { line: 6, reason: 'latitude et longitude semblent inversées' },
    ]);
  });
});

describe('importFile: French CSV quirks', () => {
  const cases: { name: string; bytes: Uint8Array; expected: { nom: string; pmun: number } }[] = [
    { name: 'semicolon, UTF-8', bytes: utf8('DEPCOM;COM;PMUN;PCAP;PTOT\n58194;Nièvre-Ville;1234;5;1239\n'), expected: { nom: 'Nièvre-Ville', pmun: 1234 } },
    { name: 'UTF-8 with BOM, CRLF', bytes: utf8('\ufeffDEPCOM;COM;PMUN;PCAP;PTOT\r\n58194;Nièvre-Ville;1234;5;1239\r\n'), expected: { nom: 'Nièvre-Ville', pmun: 1234 } },
    { name: 'Windows-1252', bytes: latin1('DEPCOM;COM;PMUN;PCAP;PTOT\n58194;Nièvre-Ville;1234;5;1239\n'), expected: { nom: 'Nièvre-Ville', pmun: 1234 } },
    { name: 'comma separator', bytes: utf8('DEPCOM,COM,PMUN,PCAP,PTOT\n58194,"Nièvre-Ville",1234,5,1239\n'), expected: { nom: 'Nièvre-Ville', pmun: 1234 } },
    { name: 'tab separator', bytes: utf8('DEPCOM\tCOM\tPMUN\tPCAP\tPTOT\n58194\tNièvre-Ville\t1234\t5\t1239\n'), expected: { nom: 'Nièvre-Ville', pmun: 1234 } },
    { name: 'decimal comma and spaces', bytes: utf8('DEPCOM;COM;PMUN;PCAP;PTOT\n58194;Nièvre-Ville;1 234,0;5;1239\n'), expected: { nom: 'Nièvre-Ville', pmun: 1234 } },
  ];
  it.each(cases)('$name', ({ name, bytes, expected }) => {
    const r = importFile(`${name}.csv`, bytes);
    expect(r.format.id).toBe('insee_populations_legales');
    expect(r.output.rows.legal_population?.[0]).toMatchObject({ code: '58194', ...expected });
  });

  it('skips the ARCEP disclaimer line before the header', () => {
    const text = 'Version beta : les données sont présentées en l’état\ncode_insee;nom_com;code_dep;code_reg;nbr;type;inel_hd;elig_hd05;elig_hd3;elig_hd8;elig_thd30;elig_thd100;elig_thd1g;date\n01001;A;01;84;100;logloc;0;0;0;10;20;30;40;2019-09-30\n';
    const r = importFile('debit.csv', utf8(text));
    expect(r.output.rows.fixed_broadband?.[0]).toMatchObject({ code: '01001', premises: 100, thd30: 90, ftth: 40 });
  });
});

describe('importFile: bad input gives a French message naming file, line and column', () => {
  const cases: { name: string; bytes: Uint8Array; message: RegExp }[] = [
    { name: 'empty.csv', bytes: new Uint8Array(), message: /fichier « empty\.csv » : le fichier est vide/ },
    { name: 'binaire.csv', bytes: Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 1, 2]), message: /contenu binaire/ },
    { name: 'colonnes.csv', bytes: utf8('DEPCOM;COM;PMUN;PCAP;PTOT\n58194;X;1;2\n'), message: /ligne 2 : 4 colonne\(s\) trouvée\(s\) au lieu de 5/ },
    { name: 'double.csv', bytes: utf8('DEPCOM;COM;PMUN;PCAP;PTOT;PMUN\n'), message: /colonne « PMUN » : la colonne « PMUN » apparaît deux fois/ },
    { name: 'tronque.json', bytes: utf8('[{"id": "1", "nom": "A", '), message: /JSON invalide ou tronqué/ },
    { name: 'guillemet.csv', bytes: utf8('DEPCOM;COM;PMUN;PCAP;PTOT\n58194;"Nevers;1;2;3\n'), message: /guillemet non fermé/ },
  ];
  it.each(cases)('$name', ({ name, bytes, message }) => {
    let error: unknown;
    try {
      importFile(name, bytes);
    } catch (e) {
      error = e;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
