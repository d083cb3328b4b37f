/**
 * The territory's name from the data (issue 13): a file that covers one EPCI is named after the
 * EPCI, not its département. Hand cases, then the real Nièvre contours cut to the members of one
 * EPCI of today's COG (read here from @etalab/decoupage-administratif's epci.json), imported with
 * the COG as the app does, read back through the commune query.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { soleEpci, territoryNameOf } from '../../../src/data/territory_name.ts';
import { importFile } from '../../../src/data/import/import_file.ts';
import { replaceDataset } from '../../../src/data/insert.ts';
import { communesSql, type CommuneRow } from '../../../src/data/queries/dashboard.ts';
import { prepareSchema } from '../../../src/data/workspace.ts';
import { buildCogTable, buildEpciTable, type CogCommuneRecord } from '../../../src/domain/cog.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';
import { snapshotForReads } from '../../helpers/snapshot.ts';
import { hasRaw, rawPath } from '../../helpers/fixtures.ts';

const c = (epci: string | null, epci_nom: string | null = null) => ({ epci, epci_nom });

describe('soleEpci and the name', () => {
  it.each([
    [[c('200067890', 'CC Morvan Sommets et Grands Lacs'), c('200067890', 'CC Morvan Sommets et Grands Lacs')], { siren: '200067890', nom: 'CC Morvan Sommets et Grands Lacs' }],
    [[c('200067890'), c('200067890', 'CC X')], { siren: '200067890', nom: 'CC X' }],
    [[c('200067890'), c('200067908')], null],
    [[c('200067890'), c(null)], null],
    [[], null],
  ] as [ReturnType<typeof c>[], unknown][])('%j → %j', (rows, expected) => expect(soleEpci(rows)).toEqual(expected));

  it('one EPCI: its name (or its SIREN said as such); several: the département', () => {
    expect(territoryNameOf({ type: 'communes', departements: ['58'], communes: 34, epci: { siren: '200067890', nom: 'CC Morvan Sommets et Grands Lacs' } })).toBe('CC Morvan Sommets et Grands Lacs');
    expect(territoryNameOf({ type: 'communes', departements: ['58'], communes: 34, epci: { siren: '200067890', nom: null } })).toBe('EPCI 200067890');
    expect(territoryNameOf({ type: 'communes', departements: ['58'], communes: 309, epci: null })).toBe('Nièvre (58)');
  });
});

const NIEVRE = 'ign-admin-express-2018-geojson/communes-58-nievre.geojson';

describe.skipIf(!hasRaw(NIEVRE))('the real Nièvre contours cut to one EPCI', () => {
  it('are named after that EPCI; with one commune of another EPCI, after the Nièvre', async () => {
    const require = createRequire(import.meta.url);
    const epcis = JSON.parse(readFileSync(require.resolve('@etalab/decoupage-administratif/data/epci.json'), 'utf8')) as { code: string; nom: string; membres: { code: string }[] }[];
    const morvan = epcis.find((e) => e.nom === 'CC Morvan Sommets et Grands Lacs')!;
    const members = new Set(morvan.membres.map((m) => m.code));
    const all = JSON.parse(readFileSync(rawPath(NIEVRE), 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { code: string }>;
    const cut = { ...all, features: all.features.filter((f) => members.has(f.properties.code)) };
    expect(cut.features.length).toBeGreaterThan(20);

    // The same tables loadCogTable / loadEpciTable build, from the JSON read directly (Vite's JSON import takes 35 s here).
    const communesJson = JSON.parse(readFileSync(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8')) as CogCommuneRecord[];
    const cog = { ...buildCogTable(communesJson), epci: buildEpciTable(epcis) };
    const nameOf = async (name: string, fc: typeof all) => {
      const db = await openNodeDuckDB();
      try {
        await prepareSchema(db);
        const r = importFile(name, new TextEncoder().encode(JSON.stringify(fc)), { cog });
        if (r.needsMapping) throw new Error(r.reason);
        await replaceDataset(db, name, r.output.rows);
        await snapshotForReads(db);
        const communes = await db.query<CommuneRow>(communesSql());
        const departements = [...new Set(communes.map((x) => x.code.slice(0, 2)))];
        return territoryNameOf({ type: 'communes', departements, communes: communes.length, epci: soleEpci(communes) });
      } finally {
        await db.close();
      }
    };
    expect(await nameOf('morvan.geojson', cut)).toBe(morvan.nom);
    // Plus one commune of another EPCI: the département again.
    const other = all.features.find((f) => !members.has(f.properties.code))!;
    expect(await nameOf('morvan-plus-un.geojson', { ...cut, features: [...cut.features, other] })).toBe('Nièvre (58)');
  }, 60_000);
});
