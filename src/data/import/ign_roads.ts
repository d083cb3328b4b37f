/**
 * IGN BD TOPO `troncon_de_route` → RoadSegments for the routing graph.
 *
 * Two inputs share one path:
 * - GeoJSON FeatureCollection (WGS84, or Lambert-93 detected from the `crs` member or from
 *   coordinate magnitudes → reprojected with proj4 EPSG:2154);
 * - rows (already parsed CSV / SQL / DuckDB) with a WKT or hex EWKB geometry column
 *   (LineString, LineStringZ, MultiLineString; SRID 2154 or 4326).
 * Tronçons join at shared endpoints (coordinates equal to 1e-7° or 1 cm); interior vertices
 * become their own nodes (the graph contracts them back; they keep the route geometry).
 */
import proj4 from 'proj4';
import type { RoadSegments } from '../../domain/routing/graph.ts';
import { haversine } from '../../domain/geo.ts';
import type { SpeedProfile } from '../../domain/routing/profile.ts';
import { defaultSpeedProfile, ignDrivable, ignOneway, ignRoadClass, ignSpeedKmh } from '../../domain/routing/profile.ts';
import { UserError } from './errors.ts';

const L93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const toWgs84 = proj4(L93, 'WGS84');

export type Line = number[][]; // [x, y(, z)]
export interface DecodedGeometry {
  lines: Line[];
  srid: number | null;
}

/** WKT (optionally "SRID=n;" EWKT) LineString / MultiLineString, with or without Z/M. */
export function decodeWkt(text: string): DecodedGeometry {
  let s = text.trim();
  let srid: number | null = null;
  const m = /^SRID=(\d+);/i.exec(s);
  if (m) {
    srid = Number(m[1]);
    s = s.slice(m[0].length);
  }
  const type = /^([A-Z]+)/i.exec(s)?.[1]?.toUpperCase();
  if (type !== 'LINESTRING' && type !== 'MULTILINESTRING') throw new Error(`géométrie WKT non prise en charge (${type ?? s.slice(0, 20)})`);
  if (/EMPTY\s*$/i.test(s)) return { lines: [], srid };
  const lines: Line[] = [];
  for (const g of s.matchAll(/\(([^()]*)\)/g)) {
    lines.push(
      g[1].split(',').map((pt) => {
        const c = pt.trim().split(/\s+/).map(Number);
        if (c.length < 2 || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) throw new Error(`coordonnée WKT invalide « ${pt.trim()} »`);
        return c;
      }),
    );
  }
  return { lines, srid };
}

/** Hex (E)WKB LineString / MultiLineString, Z/M flags (EWKB or ISO), optional SRID. */
export function decodeEwkbHex(hex: string): DecodedGeometry {
  const h = hex.trim();
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(h)) throw new Error('géométrie EWKB hexadécimale invalide');
  const bytes = new Uint8Array(h.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(h.substr(i * 2, 2), 16);
  const dv = new DataView(bytes.buffer);
  let pos = 0;
  let srid: number | null = null;
  const lines: Line[] = [];
  const readGeom = (): void => {
    if (pos + 5 > bytes.length) throw new Error('EWKB tronqué');
    const le = bytes[pos++] === 1;
    const raw = dv.getUint32(pos, le);
    pos += 4;
    let hasZ = (raw & 0x80000000) !== 0;
    let hasM = (raw & 0x40000000) !== 0;
    if (raw & 0x20000000) {
      srid = dv.getUint32(pos, le);
      pos += 4;
    }
    let type = raw & 0x0fffffff;
    if (type >= 1000) {
      const iso = Math.floor(type / 1000);
      hasZ = hasZ || iso === 1 || iso === 3;
      hasM = hasM || iso === 2 || iso === 3;
      type %= 1000;
    }
    const dims = 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0);
    if (type === 2) {
      const n = dv.getUint32(pos, le);
      pos += 4;
      if (pos + n * dims * 8 > bytes.length) throw new Error('EWKB tronqué');
      const line: Line = [];
      for (let i = 0; i < n; i++) {
        line.push([dv.getFloat64(pos, le), dv.getFloat64(pos + 8, le)]);
        pos += dims * 8;
      }
      lines.push(line);
    } else if (type === 5) {
      const n = dv.getUint32(pos, le);
      pos += 4;
      for (let i = 0; i < n; i++) readGeom();
    } else throw new Error(`type de géométrie EWKB non pris en charge (${type})`);
  };
  readGeom();
  return { lines, srid };
}

export interface IgnImportOptions {
  fileName: string;
  profile?: SpeedProfile;
  /** Force the coordinate system (default: detected). */
  srid?: 2154 | 4326;
}

export interface IgnImportResult {
  segments: RoadSegments;
  stats: {
    features: number;
    kept: number;
    excluded: { nature: number; acces: number; sens: number; geometry: number };
    reprojected: boolean;
  };
}

type Props = Record<string, unknown>;
const strOrNull = (v: unknown) => (v == null || v === '' ? null : String(v));

class SegmentBuilder {
  lon: number[] = [];
  lat: number[] = [];
  keyIndex = new Map<string, number>();
  from: number[] = [];
  to: number[] = [];
  len: number[] = [];
  speed: number[] = [];
  oneway: number[] = [];
  cls: number[] = [];
  reprojected = false;

  private node(x: number, y: number, projected: boolean, endpoint: boolean): number {
    let lon = x, lat = y;
    if (projected) {
      [lon, lat] = toWgs84.forward([x, y]);
      this.reprojected = true;
    }
    if (!endpoint) {
      this.lon.push(lon);
      this.lat.push(lat);
      return this.lon.length - 1;
    }
    const key = projected ? `${Math.round(x * 100)},${Math.round(y * 100)}` : `${Math.round(x * 1e7)},${Math.round(y * 1e7)}`;
    let i = this.keyIndex.get(key);
    if (i === undefined) {
      i = this.lon.length;
      this.lon.push(lon);
      this.lat.push(lat);
      this.keyIndex.set(key, i);
    }
    return i;
  }

  addLine(line: Line, projected: boolean, speed: number, oneway: number, cls: number) {
    if (line.length < 2) return;
    let prev = this.node(line[0][0], line[0][1], projected, true);
    for (let i = 1; i < line.length; i++) {
      const v = this.node(line[i][0], line[i][1], projected, i === line.length - 1);
      this.from.push(prev);
      this.to.push(v);
      this.len.push(haversine(this.lon[prev], this.lat[prev], this.lon[v], this.lat[v]));
      this.speed.push(speed);
      this.oneway.push(oneway);
      this.cls.push(cls);
      prev = v;
    }
  }

  finish(): RoadSegments {
    return {
      nodeLon: Float64Array.from(this.lon),
      nodeLat: Float64Array.from(this.lat),
      from: Uint32Array.from(this.from),
      to: Uint32Array.from(this.to),
      lengthM: Float64Array.from(this.len),
      speedKmh: Float32Array.from(this.speed),
      oneway: Int8Array.from(this.oneway),
      roadClass: Uint8Array.from(this.cls),
    };
  }
}

const looksProjected = (lines: Line[]) => lines.some((l) => l.some((c) => Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90));

function convert(
  items: Iterable<{ props: Props; geometry: () => DecodedGeometry }>,
  options: IgnImportOptions,
  defaultSrid: number | null,
): IgnImportResult {
  const profile = options.profile ?? defaultSpeedProfile();
  const b = new SegmentBuilder();
  const excluded = { nature: 0, acces: 0, sens: 0, geometry: 0 };
  let features = 0;
  let kept = 0;
  for (const { props, geometry } of items) {
    features++;
    const nature = strOrNull(props.nature);
    const acces = strOrNull(props.acces_vehicule_leger);
    if (!ignDrivable(profile, nature, null)) {
      excluded.nature++;
      continue;
    }
    if (!ignDrivable(profile, null, acces)) {
      excluded.acces++;
      continue;
    }
    const ow = ignOneway(strOrNull(props.sens_de_circulation));
    if (ow === null) {
      excluded.sens++;
      continue;
    }
    let geom: DecodedGeometry;
    try {
      geom = geometry();
    } catch (e) {
      throw new UserError(
        `Géométrie illisible dans ${options.fileName} (objet n° ${features}${props.cleabs ? `, ${String(props.cleabs)}` : ''}) : ${(e as Error).message}`,
      );
    }
    if (geom.lines.length === 0) {
      excluded.geometry++;
      continue;
    }
    const srid = options.srid ?? geom.srid ?? defaultSrid;
    const projected = srid === 2154 || (srid == null && looksProjected(geom.lines));
    const speed = ignSpeedKmh(profile, {
      nature,
      importance: strOrNull(props.importance),
      vitesse_moyenne_vl: props.vitesse_moyenne_vl as number | string | null,
      urbain: props.urbain as boolean | string | null,
    });
    const cls = ignRoadClass(strOrNull(props.importance));
    for (const line of geom.lines) b.addLine(line, projected, speed, ow, cls);
    kept++;
  }
  return { segments: b.finish(), stats: { features, kept, excluded, reprojected: b.reprojected } };
}

interface GeoJsonLike {
  type?: string;
  crs?: { properties?: { name?: string } };
  features?: { properties?: Props | null; geometry?: { type: string; coordinates: unknown } | null }[];
}

export function ignGeoJsonToSegments(fc: GeoJsonLike, options: IgnImportOptions): IgnImportResult {
  if (!fc || !Array.isArray(fc.features)) {
    throw new UserError(`${options.fileName} n’est pas une FeatureCollection GeoJSON`);
  }
  const crs = fc.crs?.properties?.name ?? '';
  const defaultSrid = /2154/.test(crs) ? 2154 : /4326|CRS84/i.test(crs) ? 4326 : null;
  const items = fc.features.map((f) => ({
    props: f.properties ?? {},
    geometry: (): DecodedGeometry => {
      const g = f.geometry;
      if (!g) return { lines: [], srid: null };
      if (g.type === 'LineString') return { lines: [g.coordinates as Line], srid: null };
      if (g.type === 'MultiLineString') return { lines: g.coordinates as Line[], srid: null };
      throw new Error(`type de géométrie ${g.type} inattendu pour un tronçon`);
    },
  }));
  return convert(items, options, defaultSrid);
}

const GEOM_COLUMNS = ['geom', 'geometry', 'the_geom', 'wkt', 'geometrie', 'WKT'];

/** Rows from CSV/SQL/DuckDB with a WKT or hex EWKB geometry column. */
export function ignRowsToSegments(rows: Iterable<Props>, options: IgnImportOptions & { geometryColumn?: string }): IgnImportResult {
  function* items() {
    for (const row of rows) {
      const col = options.geometryColumn ?? GEOM_COLUMNS.find((c) => row[c] != null);
      yield {
        props: row,
        geometry: (): DecodedGeometry => {
          const raw = col ? row[col] : null;
          if (raw == null || raw === '') return { lines: [], srid: null };
          const s = String(raw).trim();
          return /^[0-9a-fA-F]+$/.test(s) ? decodeEwkbHex(s) : decodeWkt(s);
        },
      };
    }
  }
  return convert(items(), options, null);
}
