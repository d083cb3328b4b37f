/**
 * Finding a commune by typing a few letters of its name (or its INSEE code), as a planner does:
 * accents, case, hyphens and apostrophes do not matter, "st"/"ste" stand for "saint"/"sainte",
 * and names that start with the text come before names where it starts a later word, then
 * names that merely contain it. Pure: used by the commune picker and testable alone.
 */

export interface SearchableCommune {
  code: string;
  nom: string;
}

/** Lower case, no accents, words separated by single spaces ("Saint-Léger-de-Fougeret" → "saint leger de fougeret"). */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\bste\b/g, 'sainte')
    .replace(/\bst\b/g, 'saint');
}

/**
 * The communes matching `query`, best first, at most `limit`. Rank: the name starts with the
 * query (0), a word of the name does (1), the name contains it (2), the INSEE code starts with it
 * (3); then the shorter name, then alphabetical order (French collation).
 */
export function searchCommunes<T extends SearchableCommune>(communes: readonly T[], query: string, limit = 50): T[] {
  const q = foldName(query);
  if (q === '') return [];
  const ranked: { c: T; rank: number; name: string }[] = [];
  for (const c of communes) {
    const name = foldName(c.nom);
    const rank = name.startsWith(q) ? 0 : name.includes(` ${q}`) ? 1 : name.includes(q) ? 2 : c.code.toLowerCase().startsWith(q.replace(/ /g, '')) ? 3 : -1;
    if (rank >= 0) ranked.push({ c, rank, name });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.name.length - b.name.length || a.c.nom.localeCompare(b.c.nom, 'fr'));
  return ranked.slice(0, limit).map((r) => r.c);
}
