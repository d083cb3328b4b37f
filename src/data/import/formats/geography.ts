/** Geography: IGN commune and canton contours (GeoJSON), La Poste commune points. */
import { area } from '@turf/area';
import { pointOnFeature } from '@turf/point-on-feature';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { hasColumns, type FileFormat, type GeoFeature, type Rejected, type Row, type Sample } from '../format.ts';
import { inFrance } from '../../../domain/projection.ts';
import { inseeCode, parseLatLonText, str } from './shared.ts';

export function polygonOrReject(f: GeoFeature, rejected: Rejected[]): Polygon | MultiPolygon | null {
  const g = f.geometry;
  const type = typeof g === 'object' && g !== null ? (g as { type?: unknown }).type : undefined;
  if (!g || (type !== 'Polygon' && type !== 'MultiPolygon')) {
    const what = !g ? 'absente' : typeof type === 'string' ? `de type ${type.slice(0, 40)}` : 'sans type';
    rejected.push({ line: f.index, reason: `géométrie ${what} (Polygon ou MultiPolygon attendu)` });
    return null;
  }
  const problem = type === 'Polygon' ? polygonProblem(g.coordinates) : multiPolygonProblem(g.coordinates);
  if (problem) {
    rejected.push({ line: f.index, reason: `géométrie ${type} invalide : ${problem}` });
    return null;
  }
  const first = firstPosition(g.coordinates);
  if (!first || !inFrance(first[0], first[1])) {
    rejected.push({ line: f.index, reason: 'coordonnées hors de France ou non WGS84 (les contours doivent être en longitude/latitude)' });
    return null;
  }
  return g as Polygon | MultiPolygon;
}

/**
 * What is wrong with Polygon coordinates (French), or null: the nesting must be exactly
 * rings → positions → numbers, every ring closed with at least 4 positions. Checked without
 * recursion, so that a hostile depth cannot overflow the stack, and before turf sees them.
 */
function polygonProblem(c: unknown): string | null {
  if (!Array.isArray(c)) return 'coordonnées absentes ou qui ne sont pas un tableau';
  if (c.length === 0) return 'aucun anneau';
  for (let r = 0; r < c.length; r++) {
    const ring: unknown = c[r];
    const which = r === 0 ? 'anneau extérieur' : `trou n° ${r}`;
    if (!Array.isArray(ring)) return `${which} : tableau de positions attendu (imbrication incorrecte)`;
    if (ring.length < 4) return `${which} : ${ring.length} position(s), au moins 4 attendues`;
    for (const p of ring) {
      if (!Array.isArray(p) || p.length < 2) return `${which} : position [longitude, latitude] attendue (imbrication incorrecte)`;
      if (typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        return `${which} : coordonnées non numériques (${String(JSON.stringify(p.slice(0, 2))).slice(0, 40)})`;
      }
      if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) return `${which} : coordonnées hors de France ou non WGS84 (en mètres, Lambert-93 ?) ; les contours doivent être en longitude/latitude`;
    }
    const a = ring[0] as number[];
    const b = ring[ring.length - 1] as number[];
    if (a[0] !== b[0] || a[1] !== b[1]) return `${which} non fermé (la dernière position doit répéter la première)`;
  }
  return null;
}

function multiPolygonProblem(c: unknown): string | null {
  if (!Array.isArray(c)) return 'coordonnées absentes ou qui ne sont pas un tableau';
  if (c.length === 0) return 'aucun polygone';
  for (let i = 0; i < c.length; i++) {
    const p = polygonProblem(c[i]);
    if (p) return `polygone n° ${i + 1}, ${p}`;
  }
  return null;
}

function firstPosition(c: unknown): [number, number] | null {
  let cur: unknown = c;
  while (Array.isArray(cur) && Array.isArray(cur[0])) cur = cur[0];
  return Array.isArray(cur) && typeof cur[0] === 'number' && typeof cur[1] === 'number' ? [cur[0], cur[1]] : null;
}

const isCommuneCode = (v: unknown) => inseeCode(v) !== null && String(v).trim().length === 5;

export const ignCommunes: FileFormat = {
  id: 'ign_communes_geojson',
  label: 'Contours des communes (IGN Admin Express, GeoJSON)',
  source: 'IGN – Admin Express (COG)',
  type: 'geojson',
  detect: (s) => s.type === 'geojson' && hasColumns(s.propertyKeys, ['code', 'nom']) && isCommuneCode(s.first.code) && !isCantonSample(s),
  parse(input) {
    if (input.type !== 'geojson') throw new Error('geojson expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    for (const f of input.features) {
      const code = inseeCode(f.properties.code);
      if (!code) {
        rejected.push({ line: f.index, reason: `code commune « ${String(f.properties.code ?? '')} » invalide` });
        continue;
      }
      const geom = polygonOrReject(f, rejected);
      if (!geom) continue;
      const feature: Feature<Polygon | MultiPolygon> = { type: 'Feature', geometry: geom, properties: {} };
      const [lon, lat] = pointOnFeature(feature).geometry.coordinates;
      rows.push({
        code, nom: str(f.properties.nom), geom: JSON.stringify(geom), area_km2: area(feature) / 1e6,
        centroid_lon: lon, centroid_lat: lat,
      });
    }
    return { rows: { communes: rows }, rejected, warnings: [] };
  },
};

/** Above this median area (km²), features numbered like cantons are cantons: French communes' median is ≈ 11 km², cantons' ≈ 300 km². */
export const CANTON_MEDIAN_KM2 = 80;

/**
 * Whether these codes number the cantons of one département as france-geojson publishes them
 * (IGN contours, properties `code` and `nom`): the département then the canton number on three
 * digits, every number from 1 to n (n ≤ 99) once. "58001" is also a commune code, so this alone
 * does not tell a canton file from the first communes of a département (see `isCantonSample`).
 */
export function numbersCantons(codes: readonly string[]): boolean {
  if (codes.length === 0 || codes.length > 99) return false;
  const seen = new Set<number>();
  let dep: string | null = null;
  for (const raw of codes) {
    const m = /^(\d{2}|2[AB])(\d{3})$/.exec(raw.trim().toUpperCase());
    if (!m) return false;
    if (dep !== null && m[1] !== dep) return false;
    dep = m[1];
    const n = Number(m[2]);
    if (n < 1 || n > codes.length || seen.has(n)) return false;
    seen.add(n);
  }
  return true;
}

/** Median area (km²) of the valid polygons among the features (NaN when none). */
function medianAreaKm2(features: readonly GeoFeature[]): number {
  const areas: number[] = [];
  for (const f of features) {
    const g = polygonOrReject(f, []);
    if (g) areas.push(area({ type: 'Feature', geometry: g, properties: {} }) / 1e6);
  }
  areas.sort((a, b) => a - b);
  return areas.length ? areas[Math.floor(areas.length / 2)] : Number.NaN;
}

/**
 * A canton contour file, by its own structure: INSEE canton codes ("5803", 4 characters), IGN
 * Admin Express's canton layer (INSEE_CAN, INSEE_DEP), or france-geojson's 5-digit numbering
 * (`numbersCantons`) with polygons of a canton's size (median ≥ 80 km²; a commune file's median
 * is 10–22 km² in every département around the Nièvre and the Cantal) or, for small urban
 * cantons, a file name that says "canton". The name alone is never enough.
 */
export function isCantonSample(s: Sample): boolean {
  if (s.type !== 'geojson') return false;
  if (hasColumns(s.propertyKeys, ['INSEE_CAN', 'INSEE_DEP'])) return true;
  if (!hasColumns(s.propertyKeys, ['code', 'nom'])) return false;
  if (/^(\d{4}|2[AB]\d{2})$/.test(String(s.first.code ?? '').trim())) return true;
  const features = s.features ?? [];
  if (!numbersCantons(features.map((f) => String(f.properties.code ?? '')))) return false;
  return /canton/i.test(s.file ?? '') || medianAreaKm2(features) >= CANTON_MEDIAN_KM2;
}

export const ignCantons: FileFormat = {
  id: 'ign_cantons_geojson',
  label: 'Contours des cantons (IGN, GeoJSON)',
  source: 'IGN – Admin Express (COG)',
  type: 'geojson',
  detect: isCantonSample,
  parse(input) {
    if (input.type !== 'geojson') throw new Error('geojson expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    for (const f of input.features) {
      const p = f.properties;
      // Admin Express's layer: the canton number within its département, and no name.
      const code = str(p.code) ?? (str(p.INSEE_DEP) && str(p.INSEE_CAN) ? `${str(p.INSEE_DEP)}${str(p.INSEE_CAN)}` : null);
      if (!code) {
        rejected.push({ line: f.index, reason: 'code de canton absent (propriété code, ou INSEE_DEP et INSEE_CAN)' });
        continue;
      }
      const geom = polygonOrReject(f, rejected);
      if (!geom) continue;
      rows.push({ code, nom: str(p.nom) ?? str(p.NOM), geom: JSON.stringify(geom) });
    }
    return { rows: { cantons: rows }, rejected, warnings: [] };
  },
};

export const laPosteHexasmal: FileFormat = {
  id: 'laposte_hexasmal',
  label: 'Base officielle des codes postaux (La Poste)',
  source: 'La Poste – base officielle des codes postaux',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, ['Code_commune_INSEE', 'Nom_commune', 'Code_postal', 'coordonnees_gps']),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    const seen = new Set<string>();
    for (const { line, values: v } of input.rows) {
      const code = inseeCode(v.Code_commune_INSEE);
      if (!code) {
        rejected.push({ line, reason: `code commune « ${v.Code_commune_INSEE} » invalide` });
        continue;
      }
      if (seen.has(code)) continue; // one row per postcode: keep the first point of each commune
      const [lon, lat] = parseLatLonText(v.coordonnees_gps);
      if (lon === null || lat === null || !inFrance(lon, lat)) continue; // some rows have no point; not an error
      seen.add(code);
      rows.push({ code, nom: str(v.Nom_commune), code_postal: str(v.Code_postal), lon, lat });
    }
    return { rows: { commune_points: rows }, rejected, warnings: [] };
  },
};

const isDepartementCode = (v: unknown) => /^(\d{2}|2[AB]|97\d)$/.test(String(v ?? '').trim().toUpperCase());

/** Département contours (IGN Admin Express via france-geojson): properties code ("58") and nom. */
export const ignDepartements: FileFormat = {
  id: 'ign_departements_geojson',
  label: 'Contours des départements (IGN Admin Express, GeoJSON)',
  source: 'IGN – Admin Express (COG)',
  type: 'geojson',
  detect: (s) => s.type === 'geojson' && hasColumns(s.propertyKeys, ['code', 'nom']) && isDepartementCode(s.first.code),
  parse(input) {
    if (input.type !== 'geojson') throw new Error('geojson expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    for (const f of input.features) {
      const raw = String(f.properties.code ?? '').trim().toUpperCase();
      if (!isDepartementCode(raw)) {
        rejected.push({ line: f.index, reason: `code département « ${raw} » invalide` });
        continue;
      }
      const geom = polygonOrReject(f, rejected);
      if (!geom) continue;
      rows.push({ code: raw, nom: str(f.properties.nom), geom: JSON.stringify(geom) });
    }
    return { rows: { departements: rows }, rejected, warnings: [] };
  },
};


/**
 * Communes from the État's geographic API (geo.api.gouv.fr, "API Découpage administratif"),
 * asked as GeoJSON with the contour as geometry and, as properties, the INSEE code, name,
 * département, EPCI (code and object), municipal population and the town hall position
 * (`fields=nom,code,codesPostaux,codeDepartement,codeEpci,epci,population,mairie&format=geojson&geometry=contour`).
 * One file gives the contours, the reference point (town hall), the population and the EPCI.
 * The API itself never puts `mairie` in GeoJSON properties (datagouv/api-geo lib/helpers.js):
 * Maillage's fetch writes it there from a second request with `geometry=mairie` (fetch/geo.ts).
 */
export const geoApiCommunes: FileFormat = {
  id: 'geo_api_communes',
  label: 'Communes (API Découpage administratif, geo.api.gouv.fr)',
  source: 'État – API Découpage administratif (geo.api.gouv.fr), COG en vigueur',
  type: 'geojson',
  detect: (s) => s.type === 'geojson' && hasColumns(s.propertyKeys, ['code', 'nom', 'codeDepartement']) && isCommuneCode(s.first.code),
  parse(input, ctx) {
    const communes = ignCommunes.parse(input, ctx);
    const kept = new Set(communes.rows.communes?.map((r) => r.code));
    const population: Row[] = [];
    const points: Row[] = [];
    const membership: Row[] = [];
    const epcis = new Map<string, Row>();
    if (input.type !== 'geojson') throw new Error('geojson expected');
    for (const f of input.features) {
      const p = f.properties;
      const code = inseeCode(p.code);
      if (!code || !kept.has(code)) continue;
      const nom = str(p.nom);
      const pop = typeof p.population === 'number' && Number.isFinite(p.population) && p.population >= 0 ? Math.round(p.population) : null;
      if (pop !== null) population.push({ code, nom, pmun: pop, pcap: null, ptot: null });
      const mairie = townHall(p.mairie);
      if (mairie) {
        const postcodes = Array.isArray(p.codesPostaux) ? p.codesPostaux.map(String) : [];
        points.push({ code, nom, code_postal: postcodes[0] ?? null, lon: mairie[0], lat: mairie[1] });
      }
      const epci = str(p.codeEpci) ?? str((p.epci as { code?: unknown } | null)?.code);
      if (epci && /^\d{9}$/.test(epci)) {
        membership.push({ code, epci, nature_epci: null, dep: str(p.codeDepartement) });
        const epciName = str((p.epci as { nom?: unknown } | null)?.nom);
        if (epciName && !epcis.has(epci)) epcis.set(epci, { siren: epci, nom: epciName, nature: null });
      }
    }
    const warnings = population.length < kept.size ? [`${kept.size - population.length} commune(s) sans population dans la réponse de l'API.`] : [];
    // geo.api.gouv.fr never puts the town hall in GeoJSON properties: Maillage's fetch adds it from a
    // second request (fetch/geo.ts). Without it, access times start from a point inside the contour.
    if (points.length < kept.size) {
      warnings.push(
        points.length === 0
          ? "aucune position de mairie dans le fichier : les temps d'accès partent d'un point intérieur de chaque contour, pas de la mairie."
          : `${kept.size - points.length} commune(s) sans position de mairie : leurs temps d'accès partent d'un point intérieur du contour.`,
      );
    }
    return {
      rows: { communes: communes.rows.communes, legal_population: population, commune_points: points, commune_epci: membership, epci: [...epcis.values()] },
      rejected: communes.rejected,
      warnings,
    };
  },
};

function townHall(v: unknown): [number, number] | null {
  const c = (v as { type?: unknown; coordinates?: unknown } | null)?.coordinates;
  if (!Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number') return null;
  return inFrance(c[0], c[1]) ? [c[0], c[1]] : null;
}
