/** Territory bundles: written by the command line, read by the dashboard, refused when hostile. */
import { deflateRawSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BUNDLE_MANIFEST, DEFAULT_LIMITS, layerOf, readBundle, unzipBounded, writeBundle, ZIP_SLICE, type BundleManifest } from '../../../../src/data/fetch/bundle.ts';
import { deflateBomb, writeZip, type ZipEntry } from '../../../helpers/bombs.ts';
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

/** A bundle whose SOURCES.json is `edit`ed after it was written (what a hand-edited or hostile file holds). */
function editedBundle(edit: (m: Record<string, unknown> & { layers: Record<string, unknown>[]; territory: Record<string, unknown> }) => void): Uint8Array {
  const layers = [layer()];
  const m = JSON.parse(JSON.stringify(manifest(layers)));
  edit(m);
  return zipSync({ [BUNDLE_MANIFEST]: strToU8(JSON.stringify(m)), 'france-services-58.csv': layers[0].bytes });
}

describe('territory bundle: values from outside (issue 18)', () => {
  it('refuses a layer address that does not parse, before anything is installed', () => {
    const zip = editedBundle((m) => {
      m.layers[0].url = 'http://[bad';
    });
    expect(userError(() => readBundle('url.zip', zip))).toMatch(/url\.zip.*adresse de la couche france-services-58\.csv invalide/);
  });

  it('refuses a page that is not http(s), and a javascript: address', () => {
    expect(userError(() => readBundle('p.zip', editedBundle((m) => {
      m.layers[0].page = 'http://[bad';
    })))).toMatch(/page de la couche/);
    expect(userError(() => readBundle('j.zip', editedBundle((m) => {
      m.layers[0].url = 'javascript:alert(1)';
    })))).toMatch(/adresse de la couche/);
  });

  it('refuses a numeric territory code (58, not "58")', () => {
    const zip = editedBundle((m) => {
      m.territory.code = 58;
    });
    expect(userError(() => readBundle('code.zip', zip))).toMatch(/code\.zip.*code du territoire invalide \(58\)/);
  });

  it('refuses a territory code that is not of its kind', () => {
    expect(userError(() => readBundle('epci.zip', editedBundle((m) => {
      m.territory.kind = 'epci';
    })))).toMatch(/code du territoire invalide/);
  });

  it('strips NUL and other control characters from labels and the territory name', () => {
    const zip = editedBundle((m) => {
      m.layers[0].label = 'France\u0000 Services\u0007';
      m.layers[0].dataset = 'jeu\u0000ds1';
      m.territory.name = 'Ni\u0000èvre\u001b';
    });
    const { manifest: m } = readBundle('nul.zip', zip);
    expect(m.layers[0].label).toBe('France Services');
    expect(m.layers[0].dataset).toBe('jeuds1');
    expect(m.territory.name).toBe('Nièvre');
  });

  it('refuses inherited names as source ids ("constructor", "__proto__", "toString")', () => {
    for (const id of ['constructor', '__proto__', 'toString']) {
      expect(userError(() => readBundle('proto.zip', editedBundle((m) => {
        m.layers[0].sourceId = id;
      })))).toMatch(/couche inconnue/);
    }
  });

  it('refuses wrong types instead of carrying them along', () => {
    expect(userError(() => readBundle('n.zip', editedBundle((m) => {
      m.layers[0].network = 'non';
    })))).toMatch(/network/);
    expect(userError(() => readBundle('l.zip', editedBundle((m) => {
      m.layers[0].label = 12;
    })))).toMatch(/sans nom lisible/);
    expect(userError(() => readBundle('d.zip', editedBundle((m) => {
      m.layers[0].retrievedAt = 'hier';
    })))).toMatch(/date de récupération/);
  });
});


describe('territory bundle: bounded by the bytes actually inflated (issue 18, item 5)', () => {
  const manifestEntry = (files: string[]) => {
    const data = strToU8(JSON.stringify(manifest(files.map((file) => layer({ file })))));
    return { name: BUNDLE_MANIFEST, data, method: 0 as const, size: data.length };
  };
  // 944 MiB of zeros in ~0.9 MB: the size of the bomb in the issue (918 KB → 943 MB).
  const bomb = deflateBomb(944);

  const cases: { name: string; entry: ZipEntry }[] = [
    { name: 'data-descriptor flag (sizes 0 in the local header)', entry: { name: 'zeros.csv', data: bomb, method: 8, size: 0, descriptor: true } },
    { name: 'compressed size lied about (declared 2 GB)', entry: { name: 'zeros.csv', data: bomb, method: 8, size: 1000, declaredCompressed: 0x7fff_ffff } },
    { name: 'uncompressed size lied about (declared 1 000 bytes)', entry: { name: 'zeros.csv', data: bomb, method: 8, size: 1000 } },
  ];
  for (const c of cases) {
    it(`stops a bomb with the ${c.name} once a few MB are inflated, naming the cause`, () => {
      expect(bomb.length).toBeLessThan(1_000_000);
      const zip = writeZip([manifestEntry(['zeros.csv']), c.entry]);
      const stats = { inflated: 0 };
      let message = '';
      try {
        unzipBounded('bombe.zip', zip, DEFAULT_LIMITS, stats);
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        message = (e as Error).message;
      }
      expect(message).toMatch(/bombe\.zip.*archive suspecte \(« bombe zip »\) : zeros\.csv se décompresse en plus de \d+ Mo .*plus de 200 fois sa taille compressée/);
      expect(message).not.toMatch(/vide/);
      // Bounded by a slice's worth past the ratio floor, not by what the zip would inflate to.
      expect(stats.inflated).toBeLessThan(1024 * 1024 + ZIP_SLICE * 1040);
      expect(userError(() => readBundle('bombe.zip', zip))).toMatch(/bombe zip/);
    });
  }

  it('stops an entry past the size cap even at an ordinary ratio, and the whole past the total cap', () => {
    // Incompressible-looking data stored as is (ratio 1): only the size caps can stop it.
    const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
    const zip = writeZip([manifestEntry([]), { name: 'gros.csv', data: big, method: 0, size: big.length }]);
    const limits = { ...DEFAULT_LIMITS, maxEntryBytes: 2 * 1024 * 1024 };
    expect(userError(() => readBundle('gros.zip', zip, limits))).toMatch(/gros\.zip.*trop volumineuse.*gros\.csv dépasse la limite de 2 Mo pour un fichier/);
    const two = writeZip([manifestEntry([]), { name: 'a.csv', data: big, method: 0, size: big.length }, { name: 'b.csv', data: big, method: 0, size: big.length }]);
    expect(userError(() => readBundle('deux.zip', two, { ...DEFAULT_LIMITS, maxTotalBytes: 5 * 1024 * 1024 }))).toMatch(/b\.csv dépasse la limite de 5 Mo pour l'archive/);
  });

  it('still reads an honest zip written with data descriptors', () => {
    const csv = strToU8('id_fs;lib_fs\n1;FS\n'.repeat(1000));
    const zip = writeZip([manifestEntry(['france-services-58.csv']), { name: 'france-services-58.csv', data: deflateRawSync(csv), method: 8, size: csv.length, descriptor: true }]);
    const { files } = readBundle('honnete.zip', zip);
    expect(files.get('france-services-58.csv')).toEqual(csv);
  });
});

describe('territory bundle: manifest and entries (issue 18, item 12)', () => {
  it('reads a manifest without "failures" as one with none', () => {
    const { manifest: m } = readBundle('sans-echecs.zip', editedBundle((m) => {
      delete m.failures;
    }));
    expect(m.failures).toEqual([]);
    expect(m.layers).toHaveLength(1);
  });

  it('refuses a manifest that lists the same file twice (or 200 times)', () => {
    for (const times of [2, 200]) {
      const zip = editedBundle((m) => {
        m.layers = Array.from({ length: times }, () => m.layers[0]);
      });
      const message = userError(() => readBundle('doublons.zip', zip));
      expect(message).toMatch(times > 64 ? /plus de 64 couches/ : /doublons\.zip.*le fichier france-services-58\.csv y est annoncé plusieurs fois/);
    }
    const sixty = editedBundle((m) => {
      m.layers = Array.from({ length: 60 }, () => m.layers[0]);
    });
    expect(userError(() => readBundle('soixante.zip', sixty))).toMatch(/annoncé plusieurs fois/);
  });

  it('refuses a zip holding two entries of the same name instead of keeping the last', () => {
    const m = strToU8(JSON.stringify(manifest([layer()])));
    const zip = writeZip([
      { name: BUNDLE_MANIFEST, data: m, method: 0, size: m.length },
      { name: 'france-services-58.csv', data: strToU8('id_fs;lib_fs\n1;FS\n'), method: 0, size: 18 },
      { name: 'france-services-58.csv', data: strToU8('id_fs;lib_fs\n2;Autre\n'), method: 0, size: 21 },
    ]);
    expect(userError(() => readBundle('homonymes.zip', zip))).toMatch(/homonymes\.zip.*plusieurs fichiers nommés « france-services-58\.csv ».*refusée/);
    const twoManifests = writeZip([{ name: BUNDLE_MANIFEST, data: m, method: 0, size: m.length }, { name: BUNDLE_MANIFEST, data: m, method: 0, size: m.length }]);
    expect(userError(() => readBundle('deux-manifestes.zip', twoManifests))).toMatch(/plusieurs fichiers nommés « SOURCES\.json »/);
  });
});
