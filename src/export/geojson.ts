/**
 * GeoJSON export (RFC 7946, WGS84 lon/lat) ready for QGIS: coordinates rounded to 6 decimals
 * (~0.1 m), a top-level "metadata" foreign member (allowed by RFC 7946 §6.1) saying where the
 * data comes from. Rows whose geometry is unreadable are reported, not silently dropped.
 */

export type Position = number[];
export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint' | 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString' | 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'GeometryCollection'; geometries: Geometry[] };

export type PropertyValue = string | number | boolean | null | Date | undefined;

export interface GeoRow {
  /** GeoJSON geometry as an object or as text (e.g. DuckDB `ST_AsGeoJSON`); null = no geometry. */
  geometry: Geometry | string | null;
  /** Property names as shown in QGIS (French names allowed). */
  properties: Record<string, PropertyValue>;
}

export interface GeoJsonMeta {
  /** E.g. "Annuaire France services (data.gouv.fr)". */
  source: string;
  /** Data vintage, e.g. "2025" or "COG 2025". */
  millesime: string;
  /** Layer name shown by QGIS / GDAL. */
  name?: string;
  /** Generation date; default now. */
  date?: Date;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  name?: string;
  metadata: { source: string; millesime: string; genere_par: 'Maillage'; date: string };
  features: { type: 'Feature'; geometry: Geometry | null; properties: Record<string, string | number | boolean | null> }[];
}

export interface GeoJsonExport {
  collection: FeatureCollection;
  /** Rows left out, with a French reason (0-based index into the input rows). */
  rejected: { index: number; reason: string }[];
}

export const GEOJSON_MIME = 'application/geo+json';

const round6 = (v: number) => {
  const r = Math.round(v * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
};

class GeometryError extends Error {}

function position(p: unknown): Position {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new GeometryError('position invalide (attendu [longitude, latitude])');
  }
  const [lon, lat] = p as number[];
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw new GeometryError(`coordonnées hors WGS84 (${lon}, ${lat}) : données en Lambert 93 non reprojetées ?`);
  }
  return (p as number[]).map(round6);
}

function nested(c: unknown, depth: number): unknown {
  if (depth === 0) return position(c);
  if (!Array.isArray(c)) throw new GeometryError('coordonnées invalides');
  return c.map((x) => nested(x, depth - 1));
}

const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/** Validated copy with rounded coordinates; throws GeometryError with a French message. */
function cleanGeometry(g: unknown): Geometry {
  if (typeof g !== 'object' || g === null) throw new GeometryError('géométrie absente ou illisible');
  const o = g as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  if (o.type === 'GeometryCollection') {
    if (!Array.isArray(o.geometries)) throw new GeometryError('GeometryCollection sans « geometries »');
    return { type: 'GeometryCollection', geometries: o.geometries.map(cleanGeometry) };
  }
  if (typeof o.type !== 'string' || !(o.type in DEPTH)) throw new GeometryError(`type de géométrie inconnu : ${String(o.type)}`);
  return { type: o.type, coordinates: nested(o.coordinates, DEPTH[o.type]) } as Geometry;
}

function cleanValue(v: PropertyValue): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  return v;
}

/** ISO calendar date of the local day (yyyy-mm-dd). */
const isoDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export function buildFeatureCollection(rows: readonly GeoRow[], meta: GeoJsonMeta): GeoJsonExport {
  const rejected: GeoJsonExport['rejected'] = [];
  const features: FeatureCollection['features'] = [];
  rows.forEach((row, index) => {
    let geometry: Geometry | null = null;
    if (row.geometry !== null) {
      try {
        geometry = cleanGeometry(typeof row.geometry === 'string' ? JSON.parse(row.geometry) : row.geometry);
      } catch (e) {
        const reason = e instanceof GeometryError ? e.message : 'géométrie GeoJSON illisible (texte JSON invalide)';
        rejected.push({ index, reason });
        return;
      }
    }
    const properties: Record<string, string | number | boolean | null> = {};
    for (const [k, v] of Object.entries(row.properties)) properties[k] = cleanValue(v);
    features.push({ type: 'Feature', geometry, properties });
  });
  return {
    collection: {
      type: 'FeatureCollection',
      ...(meta.name ? { name: meta.name } : {}),
      metadata: { source: meta.source, millesime: meta.millesime, genere_par: 'Maillage', date: isoDay(meta.date ?? new Date()) },
      features,
    },
    rejected,
  };
}

/** Compact text (one feature per line, so diffs and large files stay readable). */
export function geoJsonText(fc: FeatureCollection): string {
  const { features, ...head } = fc;
  const open = JSON.stringify({ ...head, features: [] }).slice(0, -3);
  return `${open}[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}
