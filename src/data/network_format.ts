import { vintageFromFileName, vintageText } from './import/vintage.ts';

/** Which reader a road-network file needs, from its name (and, for .json, its first bytes). */
export type NetworkFormat = 'ign_geojson' | 'ign_csv' | 'osm_pbf' | 'osm_json';

/**
 * `head` (the file's first bytes, or all of it) tells an Overpass JSON answer from a GeoJSON
 * when both are named .json; without it a .json file is taken as GeoJSON.
 */
export function networkFormatOf(name: string, head?: Uint8Array): NetworkFormat | null {
  const n = name.toLowerCase();
  if (n.endsWith('.pbf')) return 'osm_pbf';
  if (n.endsWith('.osm.json') || n.endsWith('.overpass.json')) return 'osm_json';
  if (n.endsWith('.geojson') || n.endsWith('.json')) return head && looksLikeOverpassJson(head) ? 'osm_json' : 'ign_geojson';
  if (n.endsWith('.csv') || n.endsWith('.txt')) return 'ign_csv';
  return null;
}

/** An Overpass answer has its `"elements": [` array near the start (after version, generator, osm3s). */
export function looksLikeOverpassJson(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  return /"elements"\s*:\s*\[/.test(head) && !/"FeatureCollection"/.test(head);
}

/** OpenStreetMap data (ODbL: the credit is owed wherever it is used). */
export const isOsmNetwork = (format: NetworkFormat) => format === 'osm_pbf' || format === 'osm_json';

/**
 * The vintage of a road network dropped by hand: the date of the OSM data its file carries (the
 * PBF header's replication timestamp, an Overpass answer's timestamp_osm_base), else a date in
 * its name; null when neither says.
 */
export function networkVintage(format: NetworkFormat, name: string, osmTimestamp: string | null | undefined): string | null {
  const day = osmTimestamp && /^\d{4}-\d{2}-\d{2}/.test(osmTimestamp) ? osmTimestamp.slice(0, 10) : null;
  if (day && format === 'osm_pbf') return `${day} (date de réplication dans l’en-tête du fichier PBF)`;
  if (day && format === 'osm_json') return `${day} (date des données OSM dans la réponse Overpass)`;
  const v = vintageFromFileName(name);
  return v ? vintageText(v) : null;
}
