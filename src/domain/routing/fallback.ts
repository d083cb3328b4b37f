/**
 * Straight-line ("à vol d'oiseau") estimate, used when no road network is loaded, and in mixed
 * mode for every point or site off the loaded network (farther than the snapping distance):
 *
 *   minutes = haversine distance × detour ÷ speed           (no access leg; never quantised)
 *   metres  = haversine distance × detour                   (estimated road distance)
 *
 * Both parameters are user settings carried by each request (`EstimateParams`); the defaults
 * below are justified by a measurement and by published figures.
 *
 * Detour factor (road distance ÷ straight-line distance), measured by bench/detour.bench.ts
 * (`npm run bench detour`) on the two real road samples of ../shared/data/raw, between random
 * node pairs of the largest strongly connected component at least 1 km apart in a straight line
 * (4,500 pairs per sample, 300 random origins × 15 destinations; seed fixed):
 *
 *   sample                                      shortest road distance        fastest route length
 *                                               Q1     median  Q3             Q1     median  Q3
 *   Maisons-Laffitte (OSM, suburban, 67 km)     1.35   1.55    1.85           1.39   1.60    1.88
 *   Marseille 10e (BD TOPO, urban, 133 km)      1.26   1.38    1.56           1.29   1.42    1.61
 *   both pooled (9,000 pairs)                   1.29   1.45    1.71           1.33   1.49    1.76
 *
 * Longer pairs are straighter: at ≥ 2 km the medians fall to 1.41 (Maisons-Laffitte, 1,339 pairs)
 * and 1.31 (Marseille, 9,000 pairs). Maisons-Laffitte sits in a loop of the Seine (few bridges),
 * which raises its figures. Both extracts are cut at their edges, which lengthens some routes.
 *
 * Published figures: Boscoe, Henry & Zdeb 2012 (Prof. Geogr. 64(2), 66,000 US locations to the
 * nearest hospital, driving distance from a routing service) ≈ 1.4 on average; radial detour of
 * 1.343 on average over 300 European cities (Environment and Planning B, 2023,
 * doi:10.1177/23998083231168870); 1.3 ± 0.1 on large motorway networks (Wang et al. 2024,
 * npj Complexity 1, 22); Newell 1980: ≈ 1.2 for random urban pairs; Ballou, Rahardja & Sakai 2002
 * (Transp. Res. A 36) tabulate national circuity factors, which vary with network density. Hilly
 * and mountainous rural networks are more circuitous than the national figure: 1.435 in the
 * mountainous Gangwon province against 1.26 for South Korea as a whole (Kim et al. 2015,
 * J. Korean Soc. Agric. Eng. 57(4)).
 *
 * Default detour 1.5: the pooled median of the fastest routes measured here (1.49), at the top of
 * the published national averages (1.3–1.4). The two samples are urban and suburban, and France
 * services are mostly planned in rural territories, where a flat plain with a dense network may
 * be nearer 1.3–1.4 and hilly areas (Morvan, Massif central, Alps, Pyrenees) are higher: the
 * default leans towards the circuitous side so that an estimate does not declare people served
 * when they may not be; the user lowers or raises it (DETOUR_METHOD_FR says so).
 * Default speed 50 km/h (unchanged): the mean speed along the fastest routes of the two urban
 * samples is 38–43 km/h; rural trips mix 80 km/h roads and 50 km/h villages. No rural network is
 * in the shared data, so this speed is a choice, not a measurement.
 */
import KDBush from 'kdbush';
import { haversine } from '../geo.ts';

/** How a time or distance was obtained: on the road graph, or estimated from the straight line. */
export type TimeMethod = 'route' | 'vol_oiseau';

/** Per-item method codes in typed arrays (e.g. `GroupTimes.method`). */
export const METHOD_ROUTE = 0;
export const METHOD_VOL_OISEAU = 1;

export interface EstimateParams {
  /** Road distance ÷ straight-line distance (≥ 1). */
  detour: number;
  /** Mean speed on the estimated road distance, km/h (> 0). */
  speedKmh: number;
}

/** @deprecated name kept for existing callers: same as Partial<EstimateParams>. */
export type FallbackOptions = Partial<EstimateParams>;

export const DEFAULT_FALLBACK: Readonly<EstimateParams> = Object.freeze({ detour: 1.5, speedKmh: 50 });

/** The measured figures behind the default (bench/detour.bench.ts), for the method panel. */
export const DETOUR_MEASUREMENTS: readonly {
  sample: string;
  pairs: number;
  q1: number;
  median: number;
  q3: number;
  measure: 'fastest' | 'shortest';
}[] = [
  { sample: 'Maisons-Laffitte (OpenStreetMap, périurbain)', pairs: 4500, q1: 1.39, median: 1.6, q3: 1.88, measure: 'fastest' },
  { sample: 'Marseille 10e (IGN BD TOPO, urbain)', pairs: 4500, q1: 1.29, median: 1.42, q3: 1.61, measure: 'fastest' },
  { sample: 'les deux réunis', pairs: 9000, q1: 1.33, median: 1.49, q3: 1.76, measure: 'fastest' },
];

const fr = (v: number, d = 2) => v.toLocaleString('fr-FR', { maximumFractionDigits: d, minimumFractionDigits: 0 });

/** French method text for the method panel: how the estimate is computed and why this detour. */
export function detourMethodFr(p: EstimateParams = DEFAULT_FALLBACK): string {
  return (
    `Estimation à vol d'oiseau : distance en ligne droite × ${fr(p.detour)} (facteur de détour), ` +
    `parcourue à ${fr(p.speedKmh, 0)} km/h de moyenne. ` +
    "Mesuré sur deux réseaux routiers réels (paires de points tirées au hasard, à plus d'1 km l'une de l'autre), " +
    "le rapport entre la longueur du trajet le plus rapide et la ligne droite vaut en médiane 1,42 à Marseille (10e arrondissement, BD TOPO, urbain) " +
    'et 1,60 à Maisons-Laffitte (OpenStreetMap, périurbain, dans une boucle de la Seine), 1,49 pour les deux réunis ; ' +
    'les études publiées donnent 1,3 à 1,4 en moyenne nationale (Boscoe et al. 2012 aux États-Unis, 1,34 pour 300 villes européennes). ' +
    'Les réseaux ruraux de relief (Morvan, montagne) sont plus sinueux que la moyenne : la valeur par défaut de 1,5 penche de ce côté, ' +
    "pour ne pas compter comme desservies des personnes qui ne le sont peut-être pas. En plaine au réseau dense, 1,3 à 1,4 est plus juste. " +
    "La vitesse de 50 km/h est un choix (aucun réseau rural n'a servi à la mesurer). Les deux valeurs sont modifiables."
  );
}

/** The method sentence for the default parameters (the lead shows it in the method panel). */
export const DETOUR_METHOD_FR = detourMethodFr(DEFAULT_FALLBACK);

/** Short French label for a figure obtained by the estimate. */
export function estimateLabelFr(p: EstimateParams): string {
  return `estimation à vol d'oiseau (× ${fr(p.detour)}, ${fr(p.speedKmh, 0)} km/h)`;
}

/** Complete and validate estimate parameters (RangeError on a detour < 1 or a speed ≤ 0). */
export function estimateParams(p: Partial<EstimateParams> = {}): EstimateParams {
  const out = { detour: p.detour ?? DEFAULT_FALLBACK.detour, speedKmh: p.speedKmh ?? DEFAULT_FALLBACK.speedKmh };
  if (!(out.detour >= 1) || !Number.isFinite(out.detour)) throw new RangeError(`detour must be a finite number ≥ 1 (got ${out.detour})`);
  if (!(out.speedKmh > 0) || !Number.isFinite(out.speedKmh)) throw new RangeError(`speedKmh must be a finite number > 0 (got ${out.speedKmh})`);
  return out;
}

/** Estimated minutes for a straight-line distance in metres. */
export function estimateMinutesFromMeters(straightM: number, p: EstimateParams): number {
  return ((straightM * p.detour) / 1000 / p.speedKmh) * 60;
}

/** Straight-line metres covered by an estimate of `minutes` (inverse of the above). */
export function estimateRadiusMeters(minutes: number, p: EstimateParams): number {
  return ((minutes / 60) * p.speedKmh * 1000) / p.detour;
}

/** Estimated minutes between two points (haversine of geo.ts, the one geokdbush uses). */
export function estimateMinutes(lon1: number, lat1: number, lon2: number, lat2: number, p: EstimateParams): number {
  return estimateMinutesFromMeters(haversine(lon1, lat1, lon2, lat2), p);
}

export interface EstimatedTime {
  minutes: number;
  estimate: 'vol_oiseau';
}

export function straightLineMinutes(lon1: number, lat1: number, lon2: number, lat2: number, options: FallbackOptions = {}): EstimatedTime {
  return { minutes: estimateMinutes(lon1, lat1, lon2, lat2, estimateParams(options)), estimate: 'vol_oiseau' };
}

/** For each point, the straight-line estimate to the nearest site (brute force over sites; use for small inputs). */
export function nearestStraightLine(
  points: ReadonlyArray<{ lon: number; lat: number }>,
  sites: ReadonlyArray<{ lon: number; lat: number }>,
  options: FallbackOptions = {},
): { minutes: Float64Array; nearest: Int32Array; estimate: 'vol_oiseau' } {
  const minutes = new Float64Array(points.length).fill(Infinity);
  const nearest = new Int32Array(points.length).fill(-1);
  for (let i = 0; i < points.length; i++) {
    for (let j = 0; j < sites.length; j++) {
      const t = straightLineMinutes(points[i].lon, points[i].lat, sites[j].lon, sites[j].lat, options).minutes;
      if (t < minutes[i]) {
        minutes[i] = t;
        nearest[i] = j;
      }
    }
  }
  return { minutes, nearest, estimate: 'vol_oiseau' };
}

const M_PER_DEG_LAT = 111_194.9; // 2πR/360 with R = 6,371 km (geo.ts)

/**
 * A static kdbush index over points (lon/lat) for radius queries in metres: a lon/lat box that
 * contains the disc, then the exact haversine of geo.ts. Output-sensitive, never a full scan.
 * `ids` maps index entries back to caller indices (only points with finite coordinates are kept).
 */
export class PointIndex {
  private readonly index: KDBush | null;
  readonly ids: Int32Array;
  constructor(
    readonly lon: ArrayLike<number>,
    readonly lat: ArrayLike<number>,
    keep: (i: number) => boolean = () => true,
  ) {
    const ids: number[] = [];
    for (let i = 0; i < lon.length; i++) if (keep(i) && Number.isFinite(lon[i]) && Number.isFinite(lat[i])) ids.push(i);
    this.ids = Int32Array.from(ids);
    if (ids.length === 0) {
      this.index = null;
      return;
    }
    const index = new KDBush(ids.length, 64, Float64Array);
    for (const i of ids) index.add(lon[i], lat[i]);
    index.finish();
    this.index = index;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Calls visit(i, metres) for every point within `radiusM` metres of (lon, lat) (caller indices). */
  within(lon: number, lat: number, radiusM: number, visit: (i: number, meters: number) => void): void {
    if (!this.index || !(radiusM >= 0)) return;
    if (radiusM === Infinity) {
      for (const i of this.ids) visit(i, haversine(lon, lat, this.lon[i], this.lat[i]));
      return;
    }
    const dLat = (radiusM / M_PER_DEG_LAT) * 1.001 + 1e-9;
    const maxLat = Math.min(89.9, Math.abs(lat) + dLat);
    const dLon = Math.min(360, dLat / Math.cos((maxLat * Math.PI) / 180));
    const hits = this.index.range(lon - dLon, lat - dLat, lon + dLon, lat + dLat);
    for (const k of hits) {
      const i = this.ids[k];
      const m = haversine(lon, lat, this.lon[i], this.lat[i]);
      if (m <= radiusM) visit(i, m);
    }
  }
}
