/** Territory bundles: written by the command line, read by the dashboard, refused when hostile. */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BUNDLE_MANIFEST, layerOf, readBundle, writeBundle, type BundleManifest } from '../../../../src/data/fetch/bundle.ts';
import type { FetchedLayer } from '../../../../src/data/fetch/fetch_territory.ts';
import { UserError } from '../../../../src/data/import/errors.ts';

const layer = (over: Partial<FetchedLayer> = {}): FetchedLayer => ({
  sourceId: 'france_services', label: 'France Services', file: 'france-services-58.csv', bytes: strToU8('id_fs;lib_fs\n1;FS\n'),
  url: 'http://127.0.0.1/x', page: null, retrievedAt: '2026-11-23T10:00:00.000Z', vintage: '1 août 2024', network: false,
  origin: { dataset: '« Liste des structures France services » (liste-des-structures-france-services, id ds1)', resource: '« liste-fs-20240801.csv » (id r1)', found: 'adresse du jeu', via: 'API tabulaire', requests: ['http://127.0.0.1/x'] },
  notes: [], ...over,
});

const manifest = (layers: FetchedLayer[]): BundleManifest => ({
  maillage_bundle: 1, territory: { kind: 'departement', code: '58', name: 'Nièvre', departements: ['58'] }, created_at: '2026-11-23T10:00:00.000Z',
  created_by: 'test', layers: layers.map((l) => layerOf(l, { format: 'anct_france_services', rows: 1, rejected: 0 })), failures: [], privacy: '…',
});

const userError = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('territory bundle', () => {
  it('round-trips the layers and their provenance', () => {
    const layers = [layer(), layer({ sourceId: 'routes', file: 'routes-58.osm.json', bytes: strToU8('{"elements":[]}'), network: true })];
    const zip = writeBundle(manifest(layers), layers);
    const { manifest: m, files } = readBundle('lot.zip', zip);
    expect(m.territory.name).toBe('Nièvre');
    expect(m.layers.map((l) => [l.sourceId, l.vintage, l.retrievedAt, l.rows])).toEqual([
      ['france_services', '1 août 2024', '2026-11-23T10:00:00.000Z', 1], ['routes', '1 août 2024', '2026-11-23T10:00:00.000Z', 1],
    ]);
    expect(new TextDecoder().decode(files.get('france-services-58.csv'))).toBe('id_fs;lib_fs\n1;FS\n');
  });

  it('refuses what is not a bundle, with a French message naming the file', () => {
    expect(userError(() => readBundle('a.zip', strToU8('id;nom\n')))).toMatch(/a\.zip.*pas une archive zip/);
    expect(userError(() => readBundle('b.zip', zipSync({ 'x.csv': strToU8('a') })))).toMatch(/b\.zip.*sans SOURCES\.json/);
    expect(userError(() => readBundle('c.zip', zipSync({ [BUNDLE_MANIFEST]: strToU8('{oops') })))).toMatch(/illisible/);
    const missing = manifest([layer()]);
    expect(userError(() => readBundle('d.zip', zipSync({ [BUNDLE_MANIFEST]: strToU8(JSON.stringify(missing)) })))).toMatch(/france-services-58\.csv, absent/);
    const truncated = writeBundle(manifest([layer()]), [layer()]).slice(0, 60);
    expect(userError(() => readBundle('e.zip', truncated))).toMatch(/e\.zip/);
  });

  it('stops a zip bomb before it fills the memory', () => {
    const bomb = zipSync({ [BUNDLE_MANIFEST]: strToU8(JSON.stringify(manifest([]))), 'zeros.csv': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    expect(userError(() => readBundle('bombe.zip', bomb))).toMatch(/bombe\.zip.*archive suspecte.*zeros\.csv/);
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}.csv`, strToU8('a')]));
    expect(userError(() => readBundle('many.zip', zipSync(many)))).toMatch(/plus de 64 fichiers/);
  });
});
