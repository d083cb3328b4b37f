/**
 * What to add when a figure is missing: a figure whose input is not loaded says "non disponible"
 * and which file provides it — never 0.
 */
export type MissingInput = 'ages' | 'population' | 'fibre' | 'mobile' | 'help_points' | 'communes';

export const MISSING_HINT: Record<MissingInput, string> = {
  ages: "Ajoutez la population par âge de l'INSEE (recensement, tranches d'âge par commune : fichier « base-cc-evol-struct-pop » ou équivalent).",
  population: "Ajoutez les populations légales de l'INSEE (fichier des populations municipales par commune).",
  fibre: "Ajoutez l'éligibilité internet fixe de l'ARCEP (« Ma connexion internet », statistiques par commune).",
  mobile: "Ajoutez la couverture mobile de l'ARCEP (« Mon réseau mobile » : statistiques par commune ou sites).",
  help_points: "Ajoutez la liste des France Services (ANCT) ou des lieux de médiation numérique.",
  communes: 'Ajoutez les contours des communes (IGN Admin Express ou geo.api.gouv.fr), ou « Charger mon territoire ».',
};

/** "non disponible — Ajoutez …". */
export const missing = (input: MissingInput) => `non disponible — ${MISSING_HINT[input]}`;

const int = (v: number) => Math.round(v).toLocaleString('fr-FR');

/**
 * People needing help (an estimate, rounded to ten): "≈ 1 230", "au moins ≈ 120" when some
 * communes have no age data, "non disponible — Ajoutez…" when none has.
 */
export function fmtNeed(need: number | null, complete = true): string {
  if (need === null || !Number.isFinite(need)) return missing('ages');
  const rounded = int(Math.round(need / 10) * 10);
  return complete ? `≈ ${rounded}` : `au moins ≈ ${rounded} (âges manquants pour certaines communes)`;
}
