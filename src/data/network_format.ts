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
