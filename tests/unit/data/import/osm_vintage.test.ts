/**
 * The vintage of a road network dropped by hand (issue 13): an OSM PBF says the date of its data
 * in its header (osmosis_replication_timestamp), an Overpass answer in osm3s; else the file name.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readOsmPbf, replicationDate } from '../../../../src/data/import/osm_pbf.ts';
import { networkVintage } from '../../../../src/data/network_format.ts';
import { gridOsm, writeOsmPbf } from '../../../helpers/pbf_writer.ts';
import { hasRaw, rawPath } from '../../../helpers/fixtures.ts';

const inflate = (d: Uint8Array) => inflateSync(d);

describe('PBF header replication timestamp', () => {
  it('is read from the header (2024-01-15T21:21:02Z = 1705353662 s)', async () => {
    const bytes = writeOsmPbf(gridOsm(6, 6, 3), { replicationTimestamp: 1_705_353_662 });
    const r = await readOsmPbf(bytes, { fileName: 'extrait.osm.pbf', inflate });
    expect(r.replicationTimestamp).toBe('2024-01-15T21:21:02Z');
  });
  it('is null when the header has none', async () => {
    const r = await readOsmPbf(writeOsmPbf(gridOsm(6, 6, 3)), { fileName: 'extrait.osm.pbf', inflate });
    expect(r.replicationTimestamp).toBeNull();
  });
  it.skipIf(!hasRaw('osm-osmnx-graphml-sample/maisons_laffitte.osm.pbf'))('the real Maisons-Laffitte PBF (written by osmium from OSMnx data) has none: its vintage is not made up', async () => {
    const r = await readOsmPbf(readFileSync(rawPath('osm-osmnx-graphml-sample/maisons_laffitte.osm.pbf')), { fileName: 'maisons_laffitte.osm.pbf', inflate });
    expect(r.replicationTimestamp).toBeNull();
    expect(networkVintage('osm_pbf', 'maisons_laffitte.osm.pbf', r.replicationTimestamp)).toBeNull();
  });
  it.each([[null, null], [0, null], [-5, null], [4_200_000_000_000, null], [1_104_537_600, '2005-01-01T00:00:00Z']])('replicationDate(%s) = %s', (s, expected) => {
    expect(replicationDate(s)).toBe(expected);
  });
});

describe('networkVintage', () => {
  it.each([
    ['osm_pbf', 'bourgogne.osm.pbf', '2024-01-15T21:21:02Z', '2024-01-15 (date de réplication dans l’en-tête du fichier PBF)'],
    ['osm_json', 'routes.osm.json', '2026-11-20T10:00:00Z', '2026-11-20 (date des données OSM dans la réponse Overpass)'],
    ['osm_pbf', 'nievre-20240115.osm.pbf', undefined, '2024-01-15 (nom du fichier)'],
    ['ign_geojson', 'troncons.geojson', undefined, null],
    ['osm_pbf', 'extrait.osm.pbf', 'pas une date', null],
  ] as const)('%s %s %s → %s', (format, name, ts, expected) => expect(networkVintage(format, name, ts)).toBe(expected));
});
