/**
 * The territory's name from the data: the département or EPCI asked, or the département(s) of the
 * loaded communes, with the official names of the COG (@etalab/decoupage-administratif: the
 * départements list is small enough for the first script; EPCI names come from the loaded tables).
 */
import DEPARTEMENTS from '@etalab/decoupage-administratif/data/departements.json';

const NAMES = new Map((DEPARTEMENTS as { code: string; nom: string }[]).map((d) => [d.code, d.nom]));

/** "Nièvre" for "58"; null for a code the COG does not know (the demo's fictional "96"). */
export const departementName = (code: string): string | null => NAMES.get(code.toUpperCase()) ?? null;

export type NameBasis =
  | { type: 'departement'; code: string }
  | { type: 'epci'; siren: string; nom: string | null }
  | {
    type: 'communes';
    departements: readonly string[];
    communes: number;
    /** The EPCI every loaded commune belongs to (see `soleEpci`), if one. */
    epci?: { siren: string; nom: string | null } | null;
  };

/**
 * The one EPCI all these communes belong to, or null (none, several, or a commune without one):
 * a file that covers a single EPCI is named after it, not after its département.
 */
export function soleEpci(communes: readonly { epci: string | null; epci_nom: string | null }[]): { siren: string; nom: string | null } | null {
  if (communes.length === 0) return null;
  const siren = communes[0].epci;
  if (!siren || communes.some((c) => c.epci !== siren)) return null;
  return { siren, nom: communes.find((c) => c.epci_nom)?.epci_nom ?? null };
}

/**
 * "Nièvre (58)", "CC Morvan Sommets et Grands Lacs", "Nièvre et Yonne (58, 89)", "12 communes";
 * loaded communes that all belong to one EPCI are named after it.
 */
export function territoryNameOf(basis: NameBasis): string | null {
  switch (basis.type) {
    case 'departement': {
      const nom = departementName(basis.code);
      return nom ? `${nom} (${basis.code})` : `Département ${basis.code}`;
    }
    case 'epci':
      return basis.nom ?? `EPCI ${basis.siren}`;
    case 'communes': {
      if (basis.communes === 0) return null;
      if (basis.epci) return territoryNameOf({ type: 'epci', ...basis.epci });
      const deps = basis.departements;
      if (deps.length === 1) return territoryNameOf({ type: 'departement', code: deps[0] });
      if (deps.length >= 2 && deps.length <= 3 && deps.every((d) => departementName(d))) {
        const names = deps.map((d) => departementName(d)!);
        return `${names.slice(0, -1).join(', ')} et ${names.at(-1)} (${deps.join(', ')})`;
      }
      return `${basis.communes.toLocaleString('fr-FR')} communes`;
    }
  }
}
