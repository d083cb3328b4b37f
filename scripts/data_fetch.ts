/**
 * npm run data:fetch -- --departement 58            (or --epci <siren>)
 *   [--out <dossier>]      where to write the bundle (default: the current folder)
 *   [--miroir <url>]       a mirror of the services (default: the official addresses)
 *   [--sources a,b,…]      only these layers (see USAGE)
 *   [--aide | --help]      the usage, in French
 *
 * Fetches the territory's layers from the official open-data sources, checks each one with the
 * dashboard's own importers, and writes `maillage-territoire-<code>.zip` (the layers +
 * SOURCES.json, with each layer's dataset, resource, vintage and the requests made) that the
 * dashboard opens in one drop. A source that fails is reported and left out; the others are
 * written. Exit code 1 when no layer could be fetched, 2 on a usage error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchTerritory, type SourceStatus } from '../src/data/fetch/fetch_territory.ts';
import { layerOf, PRIVACY_FR, writeBundle, BUNDLE_VERSION, type BundleManifest } from '../src/data/fetch/bundle.ts';
import { mirrorEndpoints, OFFICIAL_ENDPOINTS, parseTerritoryRequest, SOURCE_IDS, SOURCES, type SourceId } from '../src/data/fetch/sources.ts';
import { importFile } from '../src/data/import/import_file.ts';
import { isUserError } from '../src/data/import/errors.ts';
import { readOverpassJson } from '../src/data/import/osm_json.ts';
import type { Row } from '../src/data/import/format.ts';
import { TABLES, type TableName } from '../src/data/schema.ts';
import { toCsvBytes } from '../src/export/csv.ts';

const USAGE = `Utilisation : npm run data:fetch -- --departement <code> | --epci <siren> [options]

Télécharge les couches d'un territoire depuis les sources publiques officielles (geo.api.gouv.fr,
data.gouv.fr, API Melodi de l'INSEE, OpenStreetMap), les vérifie avec les importeurs de Maillage
et écrit maillage-territoire-<code>.zip, à déposer sur le tableau de bord.

  --departement <code>   un département : 58, 2A, 971…
  --epci <siren>         un EPCI : son numéro SIREN à 9 chiffres
  --out <dossier>        où écrire le lot (par défaut : le dossier courant)
  --miroir <url>         un miroir des services (par défaut : les adresses officielles)
  --sources a,b,…        seulement ces couches : ${SOURCE_IDS.join(', ')}
  --aide, --help, -h     cette aide

Seuls le code du territoire et son rectangle géographique sont envoyés aux services.
Code de sortie : 0 si au moins une couche est écrite, 1 sinon, 2 pour une erreur d'utilisation.`;

function fail(message: string): never {
  console.error(`data:fetch — ${message}`);
  process.exit(2);
}

let values: { departement?: string; epci?: string; out?: string; miroir?: string; mirror?: string; sources?: string; aide?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      departement: { type: 'string' }, epci: { type: 'string' }, out: { type: 'string', default: '.' },
      miroir: { type: 'string' }, mirror: { type: 'string' }, sources: { type: 'string' },
      aide: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (e) {
  // node:util parseArgs: ERR_PARSE_ARGS_UNKNOWN_OPTION, ERR_PARSE_ARGS_INVALID_OPTION_VALUE, ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL.
  const err = e as { code?: string; message?: string };
  const option = /'([^']+)'/.exec(err.message ?? '')?.[1]?.replace(/ <value>$/, '');
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') fail(`option inconnue ${option ?? ''} ; voir npm run data:fetch -- --aide.`);
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') fail(`valeur manquante ou invalide pour ${option ?? 'une option'} ; voir npm run data:fetch -- --aide.`);
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') fail(`argument inattendu ${option ?? ''} (les options commencent par --) ; voir npm run data:fetch -- --aide.`);
  fail(`arguments illisibles ; voir npm run data:fetch -- --aide.`);
}
if (values.aide || values.help) {
  console.log(USAGE);
  process.exit(0);
}

const asked = values.departement ?? values.epci;
if (!asked || (values.departement && values.epci)) fail('indiquez --departement <code> ou --epci <siren> (un seul).');
const request = parseTerritoryRequest(asked);
if ('error' in request) fail(request.error);
if (values.epci && request.kind !== 'epci') fail(`--epci attend un SIREN à 9 chiffres, pas « ${asked} ».`);
if (values.departement && request.kind !== 'departement') fail(`--departement attend un code de département, pas « ${asked} ».`);
const mirror = values.miroir ?? values.mirror;
const only = values.sources?.split(',').map((s) => s.trim()) as SourceId[] | undefined;
const unknown = only?.filter((s) => !SOURCES.some((x) => x.id === s));
if (unknown?.length) fail(`source(s) inconnue(s) : ${unknown.join(', ')}.`);

const endpoints = mirror ? mirrorEndpoints(mirror) : OFFICIAL_ENDPOINTS;
console.log(`Territoire : ${request.kind === 'departement' ? 'département' : 'EPCI'} ${request.code} — services : ${mirror ?? 'adresses officielles'}`);
console.log(PRIVACY_FR.replace('ont été envoyés', 'sont envoyés').replace("n’a été transmise", "n'est transmise"));

const lastLine = new Map<SourceId, string>();
const onStatus = (id: SourceId, s: SourceStatus) => {
  const label = SOURCES.find((x) => x.id === id)!.label;
  const line = s.state === 'running' ? `${s.detail}` : s.state === 'done' ? `chargé, ${s.detail}` : s.state === 'failed' ? `ÉCHEC — ${s.message.replace(`${label} : `, '')}` : s.state === 'cancelled' ? 'annulé' : '';
  if (!line || lastLine.get(id) === line || (s.state === 'running' && lastLine.get(id) === s.detail)) return;
  lastLine.set(id, line);
  if (s.state !== 'running' || !/(lignes|observations)\)$/.test(s.detail)) console.log(`  · ${label} : ${line}`);
};

const outcome = await fetchTerritory(request, { endpoints, fetch: (url, init) => fetch(url, init), only, onStatus });

// Each data layer goes through the dashboard's importers: a layer they reject is not written.
// Their rows, merged by table, are also written as normalised tables (tables/<table>.csv).
const layers = [];
const tableRows = new Map<TableName, Row[]>();
const failures = [...outcome.failures];
for (const l of outcome.layers) {
  try {
    if (l.network) {
      const roads = readOverpassJson(l.bytes, { fileName: l.file });
      layers.push({ layer: l, check: { format: 'osm_json', rows: roads.wayIds.length, rejected: 0 } });
      console.log(`  ✓ ${l.label} : ${roads.wayIds.length} voies, ${roads.nodeIds.length} nœuds (OpenStreetMap, Overpass)${roads.warnings.length ? ` — ${roads.warnings.join(' ')}` : ''}`);
      continue;
    }
    const r = importFile(l.file, l.bytes);
    if (r.needsMapping) throw new Error(`format non reconnu par les importeurs (${r.reason})`);
    const rows = Object.values(r.output.rows).reduce((n, x) => n + (x?.length ?? 0), 0);
    for (const [table, list] of Object.entries(r.output.rows) as [TableName, Row[]][]) tableRows.set(table, [...(tableRows.get(table) ?? []), ...list]);
    layers.push({ layer: l, check: { format: r.format.id, rows, rejected: r.output.rejected.length } });
    console.log(`  ✓ ${l.label} : ${rows} lignes lues (${r.format.label})${r.output.rejected.length ? `, ${r.output.rejected.length} rejetées` : ''}${l.vintage ? ` — millésime ${l.vintage}` : ''}`);
    if (l.origin.dataset) console.log(`      jeu ${l.origin.dataset}, ressource ${l.origin.resource} ; ${l.origin.via}`);
    for (const w of [...l.notes, ...r.output.warnings]) console.log(`      ! ${w}`);
  } catch (e) {
    const message = `${l.label} : ${isUserError(e) ? e.message : (e as Error).message}`;
    failures.push({ sourceId: l.sourceId, label: l.label, message });
    console.log(`  ✗ ${message}`);
  }
}

if (layers.length === 0) {
  console.error('Aucune couche n’a pu être récupérée : rien n’est écrit.');
  process.exit(1);
}

// Contours stay in the communes layer (GeoJSON): a spreadsheet cell cannot hold them.
const tables = [...tableRows].map(([table, rows]) => {
  const columns = Object.keys(TABLES[table].columns).filter((c) => c !== 'dataset' && c !== 'geom');
  const bytes = toCsvBytes(rows, columns.map((c) => ({ key: c, label: c })), { separator: ';', decimal: ',' });
  return { file: `tables/${table}.csv`, table, description: TABLES[table].description, rows: rows.length, bytes };
});

const manifest: BundleManifest = {
  maillage_bundle: BUNDLE_VERSION,
  territory: { ...request, name: outcome.name, departements: outcome.departements },
  created_at: new Date().toISOString(),
  created_by: 'Maillage — npm run data:fetch',
  layers: layers.map(({ layer, check }) => layerOf(layer, check)),
  failures,
  privacy: PRIVACY_FR,
  tables: tables.map(({ file, table, description, rows }) => ({ file, table, description, rows })),
};
const dir = resolve(values.out!);
mkdirSync(dir, { recursive: true });
const path = resolve(dir, `maillage-territoire-${request.code}.zip`);
writeFileSync(path, writeBundle(manifest, layers.map((x) => x.layer), Object.fromEntries(tables.map((t) => [t.file, t.bytes]))));
console.log(`Lot écrit : ${path} — ${layers.length} couche(s) et ${tables.length} table(s) normalisée(s) (tables/)${failures.length ? ` ; ${failures.length} en échec : ${failures.map((f) => f.label).join(', ')}` : ''}.`);
console.log('Ouvrez Maillage et déposez ce fichier .zip sur la carte.');
