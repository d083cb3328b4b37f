/**
 * "Charger mon territoire" bench: the Nièvre (309 communes) fetched from the local stand-in of
 * the official services (tests/helpers/source_server.ts, real shared files; the road network is
 * its synthetic grid), then each layer read by the importers, then the bundle written and read
 * back. Measures our own work: paging through the tabular API, rebuilding CSV/JSON, importing,
 * zipping; the time of the real services over the internet is not ours to measure here.
 */
import { bench, report } from './harness.ts';
import { fetchTerritory, type TerritoryOutcome } from '../src/data/fetch/fetch_territory.ts';
import { mirrorEndpoints } from '../src/data/fetch/sources.ts';
import { importFile } from '../src/data/import/import_file.ts';
import { layerOf, readBundle, writeBundle, type BundleManifest } from '../src/data/fetch/bundle.ts';
import { realSourcesAvailable, startSourceServer } from '../tests/helpers/source_server.ts';

export default async function run(): Promise<void> {
  if (!realSourcesAvailable()) {
    report({ bench: 'territory.fetch', skipped: 'shared data files missing (MAILLAGE_FIXTURES)' });
    return;
  }
  const server = await startSourceServer({ real: true });
  try {
    const endpoints = mirrorEndpoints(server.url);
    let outcome: TerritoryOutcome | null = null;
    let requests = 0;
    await bench('territory.fetch Nièvre from the local stand-in (7 sources, tabular paging; includes the stand-in filtering 77k mobile sites per page)', async () => {
      const before = server.requests.length;
      outcome = await fetchTerritory({ kind: 'departement', code: '58' }, { endpoints, fetch: (u, i) => fetch(u, i) });
      requests = server.requests.length - before;
    }, { runs: 5 });
    report({ bench: 'territory.fetch requests per run', requests });
    const o = outcome!;
    const data = o.layers.filter((l) => !l.network);
    await bench('territory.import the 6 fetched table layers (importers, no DuckDB)', () => {
      for (const l of data) importFile(l.file, l.bytes);
    }, { runs: 5, extra: { bytes: data.reduce((n, l) => n + l.bytes.length, 0) } });
    const manifest: BundleManifest = {
      maillage_bundle: 1, territory: { ...o.request, name: o.name, departements: o.departements }, created_at: new Date().toISOString(),
      created_by: 'bench', layers: o.layers.map((l) => layerOf(l)), failures: [], privacy: '',
    };
    let zip: Uint8Array = new Uint8Array();
    await bench('territory.bundle write (zip, level 6)', () => (zip = writeBundle(manifest, o.layers)), { runs: 5 });
    await bench('territory.bundle read (bounded unzip + manifest checks)', () => readBundle('lot.zip', zip), {
      runs: 5, extra: { zip_bytes: zip.length, raw_bytes: o.layers.reduce((n, l) => n + l.bytes.length, 0) },
    });
  } finally {
    await server.close();
  }
}
