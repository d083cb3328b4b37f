/**
 * The Culture ministry's library addresses: an "Adresse administrative" (a network's seat) is not
 * a library open to the public, so it is not a help point (the folder's SOURCE.md says the same).
 * Counted here from the raw file with papaparse.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../../src/data/import/import_file.ts';
import { hasRaw, rawPath } from '../../../helpers/fixtures.ts';

const FILE = 'culture-bibliotheques-publiques/adresses-des-bibliotheques-publiques.csv';

describe.skipIf(!hasRaw(FILE))('public libraries: open to the public only', () => {
  it('keeps every library open to the public that has a position, and no administrative address', () => {
    const raw = Papa.parse<Record<string, string>>(readFileSync(rawPath(FILE), 'utf8'), { header: true, delimiter: ';', skipEmptyLines: true }).data;
    const seats = raw.filter((r) => r.type_adresse === 'Adresse administrative');
    const open = raw.filter((r) => r.type_adresse !== 'Adresse administrative');
    expect(seats.length).toBeGreaterThan(0);
    const r = importFile('adresses-des-bibliotheques-publiques.csv', readFileSync(rawPath(FILE)));
    if (r.needsMapping) throw new Error(r.reason);
    const rows = r.output.rows.help_points ?? [];
    expect(rows.length + r.output.rejected.length).toBe(open.length);
    expect(r.output.warnings.join(' ')).toContain(`${seats.length} adresse(s) administrative(s)`);
    const seatLines = new Set(seats.map((s) => s.Libelle1 + s.Ville));
    const openLines = new Set(open.map((s) => s.Libelle1 + s.Ville));
    // A seat whose name and town no open library shares must be gone.
    const onlySeats = [...seatLines].filter((k) => !openLines.has(k));
    expect(onlySeats.length).toBeGreaterThan(0);
    const kept = new Set(rows.map((h) => `${h.name}${h.commune_name}`));
    expect(onlySeats.filter((k) => kept.has(k))).toEqual([]);
  });
});
