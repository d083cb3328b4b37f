/**
 * Duplicates across files: the same place listed by two sources (a France Services that is also
 * a lieu de médiation numérique, a médiathèque hosting a conseiller numérique…).
 *
 * Two points are the same place when
 *  - they are at most `maxDistanceM` apart (default 50 m, great-circle), and
 *  - their names are similar: after normalisation (lower case, accents and punctuation removed,
 *    generic words dropped: "france services", "maison", "mairie", "espace", "msap", articles…),
 *    the token Jaccard index is ≥ `minSimilarity` (default 0.5), or one token set is contained
 *    in the other, or both names are made only of generic words ("France Services" vs
 *    "Maison France Services");
 *  - and, by default, they come from different sources (two rows of one file are kept apart).
 *
 * The point kept is the one of the highest-priority kind (France Services, then conseiller
 * numérique, médiathèque, lieu de médiation), then the first given. Pure and fast: a kdbush index
 * and geokdbush radius queries, O(n log n) for well-spread points.
 */
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { haversine } from './geo.ts';

export interface DedupPoint {
  id: string;
  name: string;
  lon: number;
  lat: number;
  kind?: string;
  /** The file or dataset the point comes from. */
  source?: string;
}

export interface DedupOptions {
  maxDistanceM?: number;
  minSimilarity?: number;
  /** Also merge points of the same source (default false). */
  sameSource?: boolean;
  /** Lower = kept first. Default: by kind (france_services, conseiller, mediatheque, mediation, others). */
  priority?: (p: DedupPoint) => number;
}

export interface Merge {
  keptId: string;
  mergedId: string;
  keptName: string;
  mergedName: string;
  distanceM: number;
  similarity: number;
}

export interface DedupResult {
  merges: Merge[];
  /** Ids of the points that remain, in input order. */
  keptIds: string[];
}

const GENERIC_WORDS = new Set([
  'france', 'services', 'service', 'maison', 'maisons', 'mairie', 'espace', 'espaces', 'msap', 'mfs', 'fs',
  'public', 'publics', 'au', 'aux', 'de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'et', 'en', 'a', 'sur', 'pour',
]);

/** Normalised name tokens: lower case, no accents, no punctuation, generic words dropped. */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t !== '' && !GENERIC_WORDS.has(t));
}

/** Similarity of two names in [0, 1]; 1 when one token set contains the other (see the module comment). */
export function nameSimilarity(a: string, b: string): number {
  const ta = new Set(nameTokens(a));
  const tb = new Set(nameTokens(b));
  if (ta.size === 0 && tb.size === 0) return 1;
  if (ta.size === 0 || tb.size === 0) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  if (common === Math.min(ta.size, tb.size)) return 1;
  return common / (ta.size + tb.size - common);
}

const KIND_PRIORITY: Record<string, number> = { france_services: 0, conseiller: 1, mediatheque: 2, mediation: 3 };
const defaultPriority = (p: DedupPoint) => KIND_PRIORITY[p.kind ?? ''] ?? 4;

export function findDuplicates(points: readonly DedupPoint[], options: DedupOptions = {}): DedupResult {
  const maxDistanceM = options.maxDistanceM ?? 50;
  const minSimilarity = options.minSimilarity ?? 0.5;
  const priority = options.priority ?? defaultPriority;
  const n = points.length;
  if (n === 0) return { merges: [], keptIds: [] };
  const index = new KDBush(n, 64, Float64Array);
  for (const p of points) index.add(p.lon, p.lat);
  index.finish();

  const order = points.map((_, i) => i).sort((a, b) => priority(points[a]) - priority(points[b]) || a - b);
  const merged = new Uint8Array(n);
  const visited = new Uint8Array(n);
  const merges: Merge[] = [];
  for (const i of order) {
    if (merged[i]) continue;
    visited[i] = 1;
    const p = points[i];
    // geokdbush takes km; a small margin, the exact check is haversine below.
    const near = around(index, p.lon, p.lat, Infinity, (maxDistanceM / 1000) * 1.001) as number[];
    for (const j of near) {
      if (j === i || merged[j] || visited[j]) continue;
      const q = points[j];
      if (!options.sameSource && p.source !== undefined && p.source === q.source) continue;
      const distanceM = haversine(p.lon, p.lat, q.lon, q.lat);
      if (distanceM > maxDistanceM) continue;
      const similarity = nameSimilarity(p.name, q.name);
      if (similarity < minSimilarity) continue;
      merged[j] = 1;
      merges.push({ keptId: p.id, mergedId: q.id, keptName: p.name, mergedName: q.name, distanceM: Math.round(distanceM * 10) / 10, similarity });
    }
  }
  return { merges, keptIds: points.filter((_, i) => !merged[i]).map((p) => p.id) };
}
