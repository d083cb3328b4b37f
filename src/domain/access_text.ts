/**
 * How the travel times shown were obtained, said from the rows themselves: by road on the loaded
 * network or estimated as the crow flies, averaged over the inhabitants of the 1 km grid cells
 * or from the commune's reference point. Mixed cases are said with their counts. Pure: the
 * legend, the tooltip, exports and slides all say the same thing.
 */

/** The per-commune fields that tell the method ('route' | 'vol_oiseau') and the basis ('carreaux' | 'centre'). */
export interface AccessMethodRow {
  access_method: string | null;
  access_basis: string | null;
}

export interface AccessMethodCounts {
  road: number;
  straight: number;
  grid: number;
  centre: number;
  /** Rows with no travel time computed. */
  none: number;
}

export function countAccessMethods(rows: readonly AccessMethodRow[]): AccessMethodCounts {
  const n: AccessMethodCounts = { road: 0, straight: 0, grid: 0, centre: 0, none: 0 };
  for (const r of rows) {
    if (r.access_method === null && r.access_basis === null) {
      n.none++;
      continue;
    }
    if (r.access_method === 'vol_oiseau') n.straight++;
    else if (r.access_method !== null) n.road++;
    if (r.access_basis === 'carreaux') n.grid++;
    else if (r.access_basis !== null) n.centre++;
  }
  return n;
}

const communes = (n: number) => `${n.toLocaleString('fr-FR')} commune${n > 1 ? 's' : ''}`;

/**
 * "temps de trajet routier, moyenne des habitants des carreaux de 1 km", "estimation à vol
 * d'oiseau, depuis le centre de la commune", or with counts when both occur ("temps de trajet
 * routier pour 120 communes, estimation à vol d'oiseau pour 189 communes ; …").
 */
export function accessMethodText(rows: readonly AccessMethodRow[]): string {
  const n = countAccessMethods(rows);
  if (n.road + n.straight + n.grid + n.centre === 0) return "temps d'accès non calculés";
  const ROAD = 'temps de trajet routier';
  const STRAIGHT = "estimation à vol d'oiseau";
  const GRID = 'moyenne des habitants des carreaux de 1 km';
  const CENTRE = 'depuis le centre de la commune';
  const method =
    n.road > 0 && n.straight > 0 ? `${ROAD} pour ${communes(n.road)}, ${STRAIGHT} pour ${communes(n.straight)}`
    : n.straight > 0 ? STRAIGHT
    : ROAD;
  const basis =
    n.grid > 0 && n.centre > 0 ? `${GRID} pour ${communes(n.grid)}, ${CENTRE} pour ${communes(n.centre)}`
    : n.grid > 0 ? GRID
    : CENTRE;
  const missing = n.none > 0 && rows.length > 1 ? ` ; non calculé pour ${communes(n.none)}` : '';
  const mixed = (n.road > 0 && n.straight > 0) || (n.grid > 0 && n.centre > 0);
  return `${method}${mixed ? ' ; ' : ', '}${basis}${missing}`;
}
