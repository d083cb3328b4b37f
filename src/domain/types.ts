/** Core entities shared by the domain, the data layer, the workers and the UI. */

/** Kinds of help point. "point numérique" = any kind except France Services alone. */
export const HELP_KINDS = ['france_services', 'mediation', 'conseiller', 'mediatheque'] as const;
export type HelpKind = (typeof HELP_KINDS)[number];

/** Groups of help points used by the accessibility computations. */
export const HELP_GROUPS = ['france_services', 'point_numerique', 'any'] as const;
export type HelpGroup = (typeof HELP_GROUPS)[number];

export function kindInGroup(kind: HelpKind, group: HelpGroup): boolean {
  if (group === 'any') return true;
  if (group === 'france_services') return kind === 'france_services';
  return kind !== 'france_services';
}

export type FranceServicesType = 'Principal' | 'Antenne';

export interface HelpPoint {
  id: string;
  kind: HelpKind;
  name: string;
  communeCode: string | null;
  lon: number;
  lat: number;
  /** France Services only. */
  typeFs?: FranceServicesType | null;
  formatFs?: string | null;
  hoursPerWeek?: number | null;
  /** Conseillers numériques: number of posts. */
  staff?: number | null;
  source: string;
}

/** A place where people live: a commune centre or a grid cell centre. */
export interface PopulationPoint {
  id: string;
  lon: number;
  lat: number;
  population: number;
}
