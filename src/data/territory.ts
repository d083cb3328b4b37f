/**
 * The territory under study: a département, an EPCI or a list of communes, plus a buffer (default
 * 20 km) so that help points and people just across the border still count (edge effects).
 *
 * Method (simple and exact up to the contour simplification):
 *  1. SQL: the selected commune codes (`selectedCommunesSql`).
 *  2. JS: the outer boundary of the selection = the commune ring segments that are not shared
 *     by two selected communes; a point's distance to the selection is 0 inside a selected
 *     commune, else its distance to that boundary (local equirectangular metres, < 0.1 % error
 *     at 20 km).
 *  3. SQL pre-filter: only help points and communes in the selection's bounding box grown by
 *     the buffer are measured.
 *  4. The result goes to the tables `territory_communes` and `territory_help_points`
 *     (inside, in_buffer, distance_m), dataset 'territory'; join them on code / (id, dataset).
 *  5. Grid cells without a commune code (INSEE's 1 km file) near the selection get the commune
 *     whose contour contains their centre, in `territory_grid` (id, grid_dataset, commune_code).
 * Without commune contours, the fallback is SQL only: haversine distance to the nearest selected
 * commune point (La Poste) ≤ buffer (`haversineSql`).
 */
import { replaceDataset } from './insert.ts';
import { EARTH_RADIUS_M } from '../domain/geo.ts';
import { sqlString, type SqlEngine } from './sql_engine.ts';
import type { Row } from './import/format.ts';

export type TerritorySelection =
  | { type: 'departement'; code: string }
  | { type: 'epci'; siren: string }
  | { type: 'communes'; codes: readonly string[] };

export interface TerritoryOptions {
  /** Buffer around the selection, in km (default 20). */
  bufferKm?: number;
}

export interface TerritorySummary {
  communesInside: number;
  communesInBuffer: number;
  helpPointsInside: number;
  helpPointsInBuffer: number;
  /** 'contours' (exact) or 'points' (fallback: distance to commune points). */
  method: 'contours' | 'points';
}

export const TERRITORY_DATASET = 'territory';
export const DEFAULT_BUFFER_KM = 20;

const MAX_COMMUNES = 40_000;
const DEPARTEMENT_CODE = /^(0[1-9]|1\d|2[1-9]|2A|2B|[3-8]\d|9[0-5]|97[1-6])$/;
const SIREN = /^\d{9}$/;
const COMMUNE_CODE = /^(\d{5}|2[AB]\d{3})$/;

/**
 * A saved or shared selection read back (outside data): the right type for each field, codes
 * that are codes. Null otherwise ("code": 58 is a number, not the code "58").
 */
export function checkSelection(v: unknown): TerritorySelection | { type: 'all' } | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  switch (o.type) {
    case 'all':
      return { type: 'all' };
    case 'departement':
      return typeof o.code === 'string' && DEPARTEMENT_CODE.test(o.code) ? { type: 'departement', code: o.code } : null;
    case 'epci':
      return typeof o.siren === 'string' && SIREN.test(o.siren) ? { type: 'epci', siren: o.siren } : null;
    case 'communes':
      return Array.isArray(o.codes) && o.codes.length <= MAX_COMMUNES && o.codes.every((c) => typeof c === 'string' && COMMUNE_CODE.test(c))
        ? { type: 'communes', codes: o.codes as string[] }
        : null;
    default:
      return null;
  }
}

/** Département code of a commune code, in SQL (3 characters overseas). */
const depOf = (col: string) => `CASE WHEN ${col} LIKE '97%' THEN substr(${col}, 1, 3) ELSE substr(${col}, 1, 2) END`;

/** SQL returning the selected commune codes (column `code`), from every table that knows communes. */
export function selectedCommunesSql(sel: TerritorySelection): string {
  const known = `SELECT code FROM communes UNION SELECT code FROM commune_points UNION SELECT code FROM legal_population`;
  switch (sel.type) {
    case 'departement':
      return `SELECT DISTINCT code FROM (${known}) WHERE ${depOf('code')} = ${sqlString(sel.code.toUpperCase())}`;
    case 'epci':
      return `SELECT DISTINCT code FROM commune_epci WHERE epci = ${sqlString(sel.siren)}`;
    case 'communes':
      return sel.codes.length === 0
        ? `SELECT NULL::VARCHAR AS code WHERE false`
        : `SELECT DISTINCT code FROM (VALUES ${sel.codes.map((c) => `(${sqlString(c)})`).join(', ')}) AS t(code)`;
  }
}

/** Great-circle distance in metres between two lon/lat SQL expressions (R = 6,371 km, as src/domain/geo.ts). */
export function haversineSql(lon1: string, lat1: string, lon2: string, lat2: string): string {
  return `(2 * ${EARTH_RADIUS_M} * asin(least(1, sqrt(pow(sin(radians(${lat2} - ${lat1}) / 2), 2) + cos(radians(${lat1})) * cos(radians(${lat2})) * pow(sin(radians(${lon2} - ${lon1}) / 2), 2)))))`;
}

type Ring = number[][];

/** Segments of the selection's outer boundary, in local metres, plus the rings for point-in-polygon. */
export interface SelectionShape {
  lon0: number;
  lat0: number;
  kx: number;
  ky: number;
  /** x1, y1, x2, y2 per segment. */
  segments: Float64Array;
  /** Rings per polygon (outer first, then holes), in local metres, with their bbox. */
  polygons: { rings: Float64Array[]; bbox: [number, number, number, number] }[];
  bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number };
}

function polygonsOf(geom: { type: string; coordinates: unknown }): Ring[][] {
  if (geom.type === 'Polygon') return [geom.coordinates as Ring[]];
  if (geom.type === 'MultiPolygon') return geom.coordinates as Ring[][];
  return [];
}

/** Builds the selection shape from GeoJSON geometries of the selected communes (pure). */
export function buildSelectionShape(geoms: readonly { type: string; coordinates: unknown }[]): SelectionShape | null {
  const polys = geoms.flatMap(polygonsOf).filter((p) => p.length > 0 && p[0].length >= 4);
  if (polys.length === 0) return null;
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const p of polys) for (const [lon, lat] of p[0]) {
    minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
  }
  const lon0 = (minLon + maxLon) / 2;
  const lat0 = (minLat + maxLat) / 2;
  const ky = (Math.PI / 180) * EARTH_RADIUS_M;
  const kx = ky * Math.cos(lat0 * (Math.PI / 180));
  // Count each undirected edge; edges shared by two selected communes are inside the selection.
  const key = (a: number[], b: number[]) => {
    const s = `${a[0]},${a[1]}`;
    const t = `${b[0]},${b[1]}`;
    return s < t ? `${s};${t}` : `${t};${s}`;
  };
  const count = new Map<string, number>();
  for (const p of polys) for (const ring of p) for (let i = 1; i < ring.length; i++) {
    const k = key(ring[i - 1], ring[i]);
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const seg: number[] = [];
  const polygons: SelectionShape['polygons'] = [];
  for (const p of polys) {
    const rings: Float64Array[] = [];
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    for (const ring of p) {
      const r = new Float64Array(ring.length * 2);
      ring.forEach(([lon, lat], i) => {
        r[2 * i] = (lon - lon0) * kx;
        r[2 * i + 1] = (lat - lat0) * ky;
      });
      rings.push(r);
      for (let i = 0; i < ring.length; i++) {
        bx0 = Math.min(bx0, r[2 * i]); bx1 = Math.max(bx1, r[2 * i]);
        by0 = Math.min(by0, r[2 * i + 1]); by1 = Math.max(by1, r[2 * i + 1]);
        if (i > 0 && count.get(key(ring[i - 1], ring[i])) === 1) seg.push(r[2 * i - 2], r[2 * i - 1], r[2 * i], r[2 * i + 1]);
      }
    }
    polygons.push({ rings, bbox: [bx0, by0, bx1, by1] });
  }
  return { lon0, lat0, kx, ky, segments: Float64Array.from(seg), polygons, bbox: { minLon, minLat, maxLon, maxLat } };
}

function inRing(r: Float64Array, x: number, y: number): boolean {
  let inside = false;
  const n = r.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = r[2 * i], yi = r[2 * i + 1], xj = r[2 * j], yj = r[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a lon/lat point lies in the selection (outer ring, not in a hole) (pure). */
export function insideSelection(shape: SelectionShape, lon: number, lat: number): boolean {
  const x = (lon - shape.lon0) * shape.kx;
  const y = (lat - shape.lat0) * shape.ky;
  for (const p of shape.polygons) {
    const [x0, y0, x1, y1] = p.bbox;
    if (x < x0 || x > x1 || y < y0 || y > y1) continue;
    if (inRing(p.rings[0], x, y) && !p.rings.slice(1).some((h) => inRing(h, x, y))) return true;
  }
  return false;
}

/** Distance in metres from a lon/lat point to the selection: 0 inside (pure). */
export function distanceToSelection(shape: SelectionShape, lon: number, lat: number): number {
  if (insideSelection(shape, lon, lat)) return 0;
  const x = (lon - shape.lon0) * shape.kx;
  const y = (lat - shape.lat0) * shape.ky;
  let best = Infinity;
  const s = shape.segments;
  for (let i = 0; i < s.length; i += 4) {
    const ax = s[i], ay = s[i + 1], dx = s[i + 2] - ax, dy = s[i + 3] - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    const ex = ax + t * dx - x, ey = ay + t * dy - y;
    const d2 = ex * ex + ey * ey;
    if (d2 < best) best = d2;
  }
  return Math.sqrt(best);
}

/** The selection's bounding box grown by the buffer, in degrees (pure). */
export function grownBbox(b: SelectionShape['bbox'], bufferKm: number) {
  const dLat = bufferKm / 111.19;
  const dLon = bufferKm / (111.19 * Math.cos((Math.max(Math.abs(b.minLat), Math.abs(b.maxLat)) * Math.PI) / 180));
  return { minLon: b.minLon - dLon, minLat: b.minLat - dLat, maxLon: b.maxLon + dLon, maxLat: b.maxLat + dLat };
}

const inBboxSql = (lon: string, lat: string, b: ReturnType<typeof grownBbox>) =>
  `${lon} BETWEEN ${b.minLon} AND ${b.maxLon} AND ${lat} BETWEEN ${b.minLat} AND ${b.maxLat}`;

/** A point this close to a contour's edge is on it (metres). */
const BOUNDARY_M = 1;

/**
 * The commune of each point by point-in-polygon over commune contours (the first that contains
 * it, else one whose edge passes within 1 m; null when none does) (pure). Contours are tested in
 * their bounding box first.
 */
export function communesOfPoints(
  points: readonly { lon: number; lat: number }[],
  communes: readonly { code: string; geom: { type: string; coordinates: unknown } }[],
): (string | null)[] {
  const shapes = communes.flatMap((c) => {
    const shape = buildSelectionShape([c.geom]);
    return shape ? [{ code: c.code, shape }] : [];
  });
  const inBox = (b: SelectionShape['bbox'], lon: number, lat: number) => lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat;
  return points.map(({ lon, lat }) => {
    for (const { code, shape } of shapes) if (inBox(shape.bbox, lon, lat) && insideSelection(shape, lon, lat)) return code;
    // On a boundary (within rounding of two contours' shared edge): the first contour within 1 m.
    for (const { code, shape } of shapes) if (inBox(shape.bbox, lon, lat) && distanceToSelection(shape, lon, lat) <= BOUNDARY_M) return code;
    return null;
  });
}

/**
 * Grid cells farther than this from the selection's box are not examined for a commune (at
 * least the 0.05° box the cells without a commune used to be kept in, ≈ 5.6 km).
 */
const MIN_GRID_MARGIN_KM = 6;

/**
 * Computes the territory and its buffer into `territory_communes` and `territory_help_points`
 * (replacing any previous selection). Returns counts for the UI.
 */
export async function applyTerritory(db: SqlEngine, sel: TerritorySelection, options: TerritoryOptions = {}): Promise<TerritorySummary> {
  const bufferKm = options.bufferKm ?? DEFAULT_BUFFER_KM;
  const bufferM = bufferKm * 1000;
  const selected = await db.query<{ code: string; geom: string | null }>(
    `SELECT s.code, c.geom FROM (${selectedCommunesSql(sel)}) s LEFT JOIN (SELECT code, any_value(geom) AS geom FROM communes GROUP BY code) c USING (code)`,
  );
  const selectedCodes = new Set(selected.map((r) => r.code));
  const shape = buildSelectionShape(selected.filter((r) => r.geom).map((r) => JSON.parse(r.geom!)));
  let communes: Row[];
  let helpPoints: Row[];
  let gridCells: Row[] = [];
  if (shape) {
    const box = grownBbox(shape.bbox, bufferKm);
    const candidates = await db.query<{ code: string; lon: number; lat: number }>(
      `SELECT code, any_value(lon) AS lon, any_value(lat) AS lat FROM (
         SELECT code, centroid_lon AS lon, centroid_lat AS lat FROM communes
         UNION ALL SELECT code, lon, lat FROM commune_points WHERE code NOT IN (SELECT code FROM communes)
       ) WHERE ${inBboxSql('lon', 'lat', box)} GROUP BY code`,
    );
    communes = candidates.map((c) => {
      const inside = selectedCodes.has(c.code);
      const d = inside ? 0 : distanceToSelection(shape, c.lon, c.lat);
      return { code: c.code, inside, in_buffer: !inside && d <= bufferM, distance_m: d };
    });
    const points = await db.query<{ id: string; dataset: string; lon: number; lat: number }>(
      `SELECT id, dataset, lon, lat FROM help_points WHERE ${inBboxSql('lon', 'lat', box)}`,
    );
    helpPoints = points.map((p) => {
      const d = distanceToSelection(shape, p.lon, p.lat);
      return { id: p.id, help_dataset: p.dataset, inside: d === 0, in_buffer: d > 0 && d <= bufferM, distance_m: d };
    });
    gridCells = await gridCommunes(db, shape, bufferKm, communes.filter((c) => c.inside === true || c.in_buffer === true).map((c) => c.code as string));
  } else {
    // No contours: distance to the nearest selected commune point, in SQL.
    const pts = `(SELECT code, any_value(lon) AS lon, any_value(lat) AS lat FROM commune_points WHERE code IN (${selectedCommunesSql(sel)}) GROUP BY code)`;
    communes = await db.query<Row>(
      `SELECT c.code, bool_or(s.code = c.code) AS inside, min(${haversineSql('c.lon', 'c.lat', 's.lon', 's.lat')}) AS distance_m
       FROM (SELECT code, any_value(lon) AS lon, any_value(lat) AS lat FROM commune_points GROUP BY code) c, ${pts} s GROUP BY c.code`,
    );
    communes = communes.map((c) => ({ ...c, in_buffer: !c.inside && (c.distance_m as number) <= bufferM }));
    helpPoints = (
      await db.query<Row>(
        `SELECT h.id, h.dataset AS help_dataset, bool_or(h.commune_code = s.code) AS inside,
                min(${haversineSql('h.lon', 'h.lat', 's.lon', 's.lat')}) AS distance_m
         FROM help_points h, ${pts} s GROUP BY h.id, h.dataset`,
      )
    ).map((h) => ({ ...h, inside: h.inside === true, in_buffer: h.inside !== true && (h.distance_m as number) <= bufferM }));
  }
  const keep = (r: Row) => r.inside === true || r.in_buffer === true;
  communes = communes.filter(keep);
  helpPoints = helpPoints.filter(keep);
  // Selected communes with no point at all still belong to the territory.
  const listed = new Set(communes.map((c) => c.code));
  for (const code of selectedCodes) if (!listed.has(code)) communes.push({ code, inside: true, in_buffer: false, distance_m: 0 });
  await replaceDataset(db, TERRITORY_DATASET, { territory_communes: communes, territory_help_points: helpPoints, territory_grid: gridCells });
  // replaceDataset skips empty lists: clear explicitly so a previous selection does not linger.
  if (communes.length === 0) await db.query(`DELETE FROM territory_communes WHERE dataset = '${TERRITORY_DATASET}'`);
  if (helpPoints.length === 0) await db.query(`DELETE FROM territory_help_points WHERE dataset = '${TERRITORY_DATASET}'`);
  if (gridCells.length === 0) await db.query(`DELETE FROM territory_grid WHERE dataset = '${TERRITORY_DATASET}'`);
  return {
    communesInside: communes.filter((c) => c.inside).length,
    communesInBuffer: communes.filter((c) => c.in_buffer).length,
    helpPointsInside: helpPoints.filter((h) => h.inside).length,
    helpPointsInBuffer: helpPoints.filter((h) => h.in_buffer).length,
    method: shape ? 'contours' : 'points',
  };
}

/**
 * The commune of each grid cell without a commune code near the selection, by point-in-polygon
 * over the contours of the territory's and buffer's communes (rows for territory_grid; a cell in
 * none of them gets null, and is then left out of active_grid).
 */
async function gridCommunes(db: SqlEngine, shape: SelectionShape, bufferKm: number, codes: readonly string[]): Promise<Row[]> {
  const box = grownBbox(shape.bbox, Math.max(bufferKm, MIN_GRID_MARGIN_KM));
  const cells = await db.query<{ id: string; dataset: string; lon: number; lat: number }>(
    `SELECT id, dataset, lon, lat FROM grid WHERE commune_code IS NULL AND ${inBboxSql('lon', 'lat', box)}`,
  );
  if (cells.length === 0) return [];
  const contours = codes.length === 0 ? [] : await db.query<{ code: string; geom: string }>(
    `SELECT code, any_value(geom) AS geom FROM communes WHERE geom IS NOT NULL AND code IN (${codes.map(sqlString).join(', ')}) GROUP BY code ORDER BY code`,
  );
  const parsed = contours.flatMap((c) => {
    try {
      return [{ code: c.code, geom: JSON.parse(c.geom) as { type: string; coordinates: unknown } }];
    } catch {
      return []; // a damaged contour gives no cell
    }
  });
  const of = communesOfPoints(cells, parsed);
  return cells.map((c, i) => ({ id: c.id, grid_dataset: c.dataset, commune_code: of[i] }));
}

/** Help points of the territory and its buffer, with their flags (for the UI and the indicators). */
export const TERRITORY_HELP_POINTS_SQL = `
SELECT h.*, t.inside, t.in_buffer, t.distance_m AS territory_distance_m
FROM help_points h JOIN territory_help_points t ON t.id = h.id AND t.help_dataset = h.dataset`;

/** Communes of the territory and its buffer, with their flags. */
export const TERRITORY_COMMUNES_SQL = `SELECT code, inside, in_buffer, distance_m FROM territory_communes`;
