/** Reprojection of the French official grids to WGS84 (lon/lat degrees). */
import proj4 from 'proj4';

const LAMBERT93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const LAEA_EUROPE = '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

const fromL93 = proj4(LAMBERT93, 'WGS84');
const from3035 = proj4(LAEA_EUROPE, 'WGS84');

export type LonLat = [lon: number, lat: number];

export const lambert93ToWgs84 = (x: number, y: number): LonLat => fromL93.forward([x, y]) as LonLat;
export const wgs84ToLambert93 = (lon: number, lat: number): [number, number] => fromL93.inverse([lon, lat]) as [number, number];
export const laea3035ToWgs84 = (x: number, y: number): LonLat => from3035.forward([x, y]) as LonLat;
export const wgs84ToLaea3035 = (lon: number, lat: number): [number, number] => from3035.inverse([lon, lat]) as [number, number];

/** Metropolitan France (Corsica included), generous bounds. */
export const FRANCE_BBOX = { minLon: -5.5, maxLon: 10, minLat: 41, maxLat: 51.5 } as const;

export function inFrance(lon: number, lat: number): boolean {
  return lon >= FRANCE_BBOX.minLon && lon <= FRANCE_BBOX.maxLon && lat >= FRANCE_BBOX.minLat && lat <= FRANCE_BBOX.maxLat;
}

/** Overseas France (DROM and COM where France Services exist), generous bounds: [minLon, minLat, maxLon, maxLat]. */
export const OVERSEAS_BBOXES: Readonly<Record<string, readonly [number, number, number, number]>> = {
  guadeloupe_iles_du_nord: [-63.3, 15.8, -60.9, 18.2],
  martinique: [-61.3, 14.3, -60.7, 15.0],
  guyane: [-54.7, 2.0, -51.5, 6.0],
  reunion: [55.1, -21.5, 56.0, -20.8],
  mayotte: [44.9, -13.1, 45.4, -12.5],
  saint_pierre_et_miquelon: [-56.6, 46.7, -56.0, 47.2],
  polynesie: [-155.0, -28.0, -134.0, -7.0],
  nouvelle_caledonie: [163.5, -23.0, 168.5, -19.5],
  wallis_et_futuna: [-178.3, -14.5, -176.0, -13.1],
};

export function inOverseasFrance(lon: number, lat: number): boolean {
  for (const [x0, y0, x1, y1] of Object.values(OVERSEAS_BBOXES)) if (lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1) return true;
  return false;
}

export type CoordinateProblem = 'missing' | 'swapped' | 'projected' | 'outside';

/** Checks a WGS84 pair read from a file; names the likely mistake. */
export function checkLonLat(lon: number | null, lat: number | null): CoordinateProblem | null {
  if (lon === null || lat === null || !Number.isFinite(lon) || !Number.isFinite(lat)) return 'missing';
  if (inFrance(lon, lat) || inOverseasFrance(lon, lat)) return null;
  if (inFrance(lat, lon) || inOverseasFrance(lat, lon)) return 'swapped';
  if (Math.abs(lon) > 1000 || Math.abs(lat) > 1000) return 'projected';
  return 'outside';
}

export const COORDINATE_PROBLEM_FR: Record<CoordinateProblem, string> = {
  missing: 'coordonnées absentes ou non numériques',
  swapped: 'latitude et longitude semblent inversées',
  projected: 'coordonnées en mètres (Lambert-93 ?) dans des colonnes latitude/longitude',
  outside: 'coordonnées hors de France',
};
