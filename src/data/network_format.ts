/** Which reader a road-network file needs, from its name. */
export type NetworkFormat = 'ign_geojson' | 'ign_csv' | 'osm_pbf';

export function networkFormatOf(name: string): NetworkFormat | null {
  const n = name.toLowerCase();
  if (n.endsWith('.pbf')) return 'osm_pbf';
  if (n.endsWith('.geojson') || n.endsWith('.json')) return 'ign_geojson';
  if (n.endsWith('.csv') || n.endsWith('.txt')) return 'ign_csv';
  return null;
}
