/**
 * How the travel times were computed, said in the words of the method actually used: road on
 * the loaded network, straight-line estimate (with its detour and speed), or both; from the 1 km
 * cells or from the commune centres. Shared by the panels, the exports and the slides.
 */
import type { CommuneRow } from '../data/queries/dashboard.ts';
import { fmtInt } from '../shared/format.ts';

export interface MethodFacts {
  /** 'route' | 'vol_oiseau' (the access figures' method), or null before any computation. */
  method: string | null;
  network: string | null;
  estimate: { detour: number; speedKmh: number };
  communes: readonly Pick<CommuneRow, 'access_method' | 'access_basis'>[];
}

const dec = (v: number) => v.toLocaleString('fr-FR', { maximumFractionDigits: 2 });

/** "Distance en ligne droite × 1,3 à 50 km/h : une estimation." */
export const estimateText = (e: { detour: number; speedKmh: number }) =>
  `distance en ligne droite × ${dec(e.detour)} (détour) à ${dec(e.speedKmh)} km/h : c'est une estimation à vol d'oiseau`;

/** How many communes are timed from their cells, from their centre; by road, by estimate. */
export function methodCounts(communes: MethodFacts['communes']) {
  let route = 0, straight = 0, cells = 0, centre = 0;
  for (const c of communes) {
    if (c.access_method === 'route') route++;
    else if (c.access_method === 'vol_oiseau') straight++;
    if (c.access_basis === 'carreaux') cells++;
    else if (c.access_basis === 'centre') centre++;
  }
  return { route, straight, cells, centre };
}

/** One sentence on how the times shown were computed. */
export function accessMethodSentence(f: MethodFacts): string {
  const n = methodCounts(f.communes);
  const basis = n.cells > 0 && n.centre > 0
    ? `moyenne des carreaux de 1 km habités pour ${fmtInt(n.cells)} communes, centre de la commune pour ${fmtInt(n.centre)}`
    : n.cells > 0 ? 'moyenne des habitants par carreau de 1 km' : 'depuis le centre de chaque commune (pas de carreaux chargés)';
  if (n.route > 0 && n.straight > 0) {
    return `Trajet routier sur « ${f.network ?? 'réseau chargé'} » pour ${fmtInt(n.route)} communes ; pour ${fmtInt(n.straight)} communes que le réseau n'atteint pas, ${estimateText(f.estimate)}. Temps ${basis}.`;
  }
  if (f.method === 'vol_oiseau' || (n.straight > 0 && n.route === 0)) {
    return `Sans réseau routier : ${estimateText(f.estimate)}. Temps ${basis}.`;
  }
  return `Trajet routier calculé sur « ${f.network ?? 'réseau chargé'} », temps ${basis}. Les 75 ans et plus au-delà du seuil sont estimés en leur appliquant la part de la population de leur commune au-delà du seuil.`;
}

/** Where the default detour factor comes from (the method panel gives the measured figures). */
export const DETOUR_NOTE = 'La valeur par défaut et sa justification (rapport mesuré entre distance routière et distance en ligne droite) sont données dans « Méthode et sources ».';
