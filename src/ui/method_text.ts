/**
 * How the travel times were computed, said in the words of the method actually used (road on
 * the loaded network, straight-line estimate with its detour and speed, or both; from the 1 km
 * cells or from the commune centres), for the panels, the exports and the slides. The phrase
 * about the rows comes from domain/access_text.ts, shared with the legend and the tooltip.
 */
import { accessMethodText, countAccessMethods, type AccessMethodRow } from '../domain/access_text.ts';

export interface MethodFacts {
  network: string | null;
  estimate: { detour: number; speedKmh: number };
  communes: readonly AccessMethodRow[];
}

const dec = (v: number) => v.toLocaleString('fr-FR', { maximumFractionDigits: 2 });

/** "distance en ligne droite × 1,5 (détour) à 50 km/h : c'est une estimation à vol d'oiseau". */
export const estimateText = (e: { detour: number; speedKmh: number }) =>
  `distance en ligne droite × ${dec(e.detour)} (détour) à ${dec(e.speedKmh)} km/h : c'est une estimation à vol d'oiseau`;

/** One sentence on how the times shown were computed. */
export function accessMethodSentence(f: MethodFacts): string {
  const n = countAccessMethods(f.communes);
  const parts = [`Temps d'accès : ${accessMethodText(f.communes)}`];
  if (n.road > 0) parts.push(`réseau routier « ${f.network ?? 'chargé'} »`);
  if (n.straight > 0) parts.push(`estimation = ${estimateText(f.estimate)}`);
  return `${parts.join(' ; ')}.`;
}


const fmtPeople = (n: number) => Math.round(n).toLocaleString('fr-FR');

/**
 * The method of a scenario's before / after figures (or a comparison's), as the proposals say
 * theirs: road, straight line with its detour and speed, or road with some people estimated off
 * the network (counted after the scenario, and before it when more).
 */
export function scenarioMethodText(r: {
  method: 'route' | 'vol_oiseau';
  estimate: { detour: number; speedKmh: number };
  before: { estimatedPopulation: number };
  after: { estimatedPopulation: number };
}): string {
  if (r.method === 'vol_oiseau') return `Estimation à vol d'oiseau (${estimateText(r.estimate)}).`;
  const off = Math.max(r.before.estimatedPopulation, r.after.estimatedPopulation);
  if (!(off > 0)) return 'Temps de trajet routiers sur le réseau chargé.';
  return `Temps de trajet routiers, sauf ${fmtPeople(off)} habitants hors du réseau routier comptés en estimation à vol d'oiseau (${estimateText(r.estimate)}).`;
}

/** What a commune or zone row needs to say how its time was computed. */
export interface TimedRow {
  code: string;
  population: number | null;
  access_method: string | null;
  access_basis: string | null;
}

/**
 * The method of an underserved zone's times, from its communes' own (`codes`: INSEE codes,
 * comma-separated): "trajet routier", "estimation à vol d'oiseau", or both with the people
 * estimated; null when none of its communes has a time.
 */
export function zoneMethodText(codes: string, communes: ReadonlyMap<string, TimedRow>): string | null {
  let road = 0, straight = 0, straightPeople = 0;
  for (const code of codes.split(',').map((c) => c.trim()).filter(Boolean)) {
    const c = communes.get(code);
    if (c?.access_method === 'route') road++;
    else if (c?.access_method === 'vol_oiseau') {
      straight++;
      straightPeople += c.population ?? 0;
    }
  }
  if (road === 0 && straight === 0) return null;
  if (straight === 0) return 'trajet routier';
  if (road === 0) return "estimation à vol d'oiseau";
  return `trajet routier, et estimation à vol d'oiseau pour ${straight} commune(s) (${fmtPeople(straightPeople)} habitants) hors du réseau`;
}

/** The threshold of a zone: its own for an underserved zone, all of them for a robust one. */
export const zoneThresholdText = (kind: string, threshold: number | null, robust: readonly number[]) =>
  kind === 'robust' ? `plus de ${robust.map((t) => `${t}`).join(', ').replace(/, (\d+)$/, ' et $1')} min` : threshold === null ? null : `plus de ${threshold} min`;

/**
 * Header of the commune time column, true to what the times are: a mean over the inhabited 1 km
 * cells only when every time is one; from the commune centre (a single point, not a mean) when
 * every time starts there; both said otherwise.
 */
export function accessTimeHeader(rows: readonly Pick<TimedRow, 'access_basis'>[]): string {
  const bases = new Set(rows.map((r) => r.access_basis).filter((b) => b !== null));
  if (bases.size === 1 && bases.has('carreaux')) return "Temps d'accès moyen (min)";
  if (bases.size === 1 && bases.has('centre')) return "Temps d'accès depuis le centre de la commune (min)";
  if (bases.size === 0) return "Temps d'accès (min)";
  return "Temps d'accès (min) : moyenne des carreaux habités ou depuis le centre de la commune (voir « Temps calculé depuis »)";
}
