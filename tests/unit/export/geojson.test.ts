import { describe, expect, it } from 'vitest';
import { buildFeatureCollection, geoJsonText, type GeoRow } from '../../../src/export/geojson.ts';

const rows: GeoRow[] = [
  {
    geometry: { type: 'Point', coordinates: [3.9412345678, 47.0634567891] },
    properties: { nom: 'Château-Chinon', 'temps_accès_min': 12.5, ouvert: true, ouverture: new Date(Date.UTC(2024, 0, 2)), vide: undefined, nan: NaN },
  },
  { geometry: '{"type":"Polygon","coordinates":[[[3.1,47.1],[3.2000004,47.1],[3.2,47.2],[3.1,47.1]]]}', properties: { code: '58194' } },
  { geometry: null, properties: { nom: 'Sans géométrie' } },
  { geometry: '{"type":"Point","coordinates":[712345.1,6654321.2]}', properties: { nom: 'Lambert 93' } },
  { geometry: '{oops', properties: {} },
  { geometry: { type: 'Circle', coordinates: [0, 0] } as never, properties: {} },
  {
    geometry: { type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [[-0.0000001, 0], [1, 1]] }] },
    properties: {},
  },
];

describe('buildFeatureCollection', () => {
  const { collection, rejected } = buildFeatureCollection(rows, {
    source: 'Annuaire France services',
    millesime: '2025',
    name: 'france_services',
    date: new Date(2026, 10, 23),
  });

  it('writes a FeatureCollection with the metadata foreign member', () => {
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.name).toBe('france_services');
    expect(collection.metadata).toEqual({ source: 'Annuaire France services', millesime: '2025', genere_par: 'Maillage', date: '2026-11-23' });
  });

  it('rounds coordinates to 6 decimals and parses geometry text', () => {
    expect(collection.features[0].geometry).toEqual({ type: 'Point', coordinates: [3.941235, 47.063457] });
    expect(collection.features[1].geometry).toEqual({ type: 'Polygon', coordinates: [[[3.1, 47.1], [3.2, 47.1], [3.2, 47.2], [3.1, 47.1]]] });
    expect(collection.features[3].geometry).toEqual({ type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [[0, 0], [1, 1]] }] });
  });

  it('keeps French property names, nulls missing values, writes dates as ISO text', () => {
    expect(collection.features[0].properties).toEqual({
      nom: 'Château-Chinon',
      'temps_accès_min': 12.5,
      ouvert: true,
      ouverture: '2024-01-02T00:00:00.000Z',
      vide: null,
      nan: null,
    });
    expect(collection.features[2]).toEqual({ type: 'Feature', geometry: null, properties: { nom: 'Sans géométrie' } });
  });

  it('reports unreadable geometries in French instead of dropping them silently', () => {
    expect(collection.features).toHaveLength(4);
    expect(rejected.map((r) => r.index)).toEqual([3, 4, 5]);
    expect(rejected[0].reason).toMatch(/hors WGS84.*Lambert 93/);
    expect(rejected[1].reason).toMatch(/JSON invalide/);
    expect(rejected[2].reason).toMatch(/type de géométrie inconnu : Circle/);
  });

  it('serialises to valid JSON, one feature per line', () => {
    const text = geoJsonText(collection);
    expect(JSON.parse(text)).toEqual(collection);
    expect(text.split('\n').filter((l) => l.startsWith('{"type":"Feature"'))).toHaveLength(4);
    const empty = buildFeatureCollection([], { source: 's', millesime: '2025' }).collection;
    expect(JSON.parse(geoJsonText(empty)).features).toEqual([]);
    expect(empty.name).toBeUndefined();
  });
});
