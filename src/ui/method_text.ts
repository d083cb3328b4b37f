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

