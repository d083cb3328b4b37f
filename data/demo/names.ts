/** Fictional French-sounding place names built from syllables. */
import type { Rng } from './prng.ts';

const ONSETS = ['B', 'Br', 'C', 'Ch', 'Cl', 'D', 'F', 'G', 'Gr', 'L', 'M', 'N', 'P', 'Pr', 'R', 'S', 'T', 'Tr', 'V', 'Vr', 'Bl', 'Fl', 'J', 'Ar', 'Am', 'Es', 'Or', 'Au', 'Al', 'En'];
const VOWELS = ['a', 'e', 'i', 'o', 'ou', 'au', 'é', 'an', 'on', 'in', 'ar', 'er', 'or', 'al', 'el', 'ol', 'ai', 'a', 'e', 'o'];
const LINKS = ['l', 'r', 'n', 'v', 'b', 'd', 'm', 's', 'ch', 'gn', 'ss', 'c', 't', 'rl', 'nd', 'st', 'rn', 'z'];
const VOWEL_ENDINGS = [
  'ay', 'y', 'ac', 'ent', 'ière', 'ois', 'elle', 'on', 'ange', 'ault', 'eux', 'ine', 'ène', 'aine', 'ard', 'igny', 'agne',
  'illy', 'ance', 'oux', 'ot', 'et', 'ans', 'euil', 'oise', 'ières', 'ery', 'an', 'ier', 'elles', 'âtre', 'ôme', 'ize', 'oy', 'ay', 'y', 'igny',
];
const CONSONANT_ENDINGS = ['ville', 'court', 'mont', 'val', 'champ', 'bois', 'lay', 'ny', 'sy', 'gny', 'vy', 'ville', 'fort', 'mes'];
const SAINTS = [
  'Martin', 'Germain', 'Léger', 'Amand', 'Aubin', 'Hilaire', 'Benin', 'Ouen', 'Révérien', 'Parize', 'Éloi', 'Loup',
  'Andelain', 'Firmin', 'Gervais', 'Pierre', 'Sulpice', 'Maurice', 'Saturnin', 'Vérain', 'Bonnet', 'Honoré',
  'Gildas', 'Arlon', 'Sauveur', 'Médard', 'Péreuse', 'Franchy', 'Brisson',
];
const SAINTES = ['Marie', 'Colombe', 'Radegonde', 'Solange', 'Agathe', 'Foy', 'Eulalie', 'Reine'];
const RIVERS = ['Loue', 'Loue', 'Amblène', 'Varonne', 'Cressaine', 'Arvelle', 'Nivrette', 'Brenon', 'Sauldre', 'Aubette'];
const PLACES = ['Bois', 'Forêt', 'Mont', 'Val', 'Plaine', 'Étang', 'Roche', 'Pré'];

/** A capitalised invented root word, 2–3 syllables. */
export function rootWord(rng: Rng): string {
  let w = rng.pick(ONSETS);
  w += /[aeiou]$/i.test(w) ? '' : rng.pick(VOWELS);
  if (/^[AEIOU]/.test(w) && w.length === 2) w += rng.pick(VOWELS.slice(0, 7));
  if (rng.chance(0.35)) w += rng.pick(LINKS) + rng.pick(VOWELS);
  if (rng.chance(0.3) && /[aeiouéy]$/.test(w)) w += rng.pick(CONSONANT_ENDINGS);
  else w += (/[aeiouéy]$/.test(w) ? rng.pick(LINKS) : rng.pick(['', 'l', 'n', 's', 't'])) + rng.pick(VOWEL_ENDINGS);
  w = w.replace(/([aeiouéy])([aeiouéy])([aeiouéyâô])/g, '$1$2').replace(/([bcdfglmnprstvz])\1\1/g, '$1$1').replace(/([bcdfglmnprstvz]{2})([bcdfglmnprstvz])/g, '$1');
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** "de X" with French elision and contraction (de Le → du, de Les → des, de A… → d'A…). */
export function deName(name: string): string {
  if (name.startsWith('Le ')) return `du ${name.slice(3)}`;
  if (name.startsWith('Les ')) return `des ${name.slice(4)}`;
  if (/^[AEIOUÉÈÂÔ]/.test(name) || name.startsWith("L'")) return `d'${name}`;
  return `de ${name}`;
}

function linked(article: 'le' | 'la', word: string): string {
  return /^[AEIOUÉÈÂÔ]/.test(word) ? `l'${word}` : `${article}-${word}`;
}

function article(word: string): string {
  if (/^[AEIOUÉÈÂÔ]/.test(word)) return "L'";
  return /(e|es)$/.test(word) && !/(ville|court)$/.test(word) ? (word.endsWith('s') ? 'Les ' : 'La ') : 'Le ';
}

function withPrep(place: string): string {
  if (/^[AEIOUÉÈÂÔ]/.test(place)) return `d'${place}`;
  return `de-${place}`;
}

/** One commune name following common French patterns. */
export function communeName(rng: Rng, bias: 'town' | 'village' = 'village'): string {
  const r = rng.next();
  const root = rootWord(rng);
  if (bias === 'town') {
    return r < 0.6 ? root : `${root}-sur-${rng.pick(RIVERS)}`;
  }
  if (r < 0.34) return root;
  if (r < 0.48) return `Saint-${rng.pick(SAINTS)}${rng.chance(0.5) ? `-${rng.pick(['sur', 'en', 'lès', 'de'])}-${rng.pick(['Loue', root, rng.pick(RIVERS)])}` : ''}`.replace(/-de-([AEIOUÉÈÂÔ])/, "-d'$1");
  if (r < 0.52) return `Sainte-${rng.pick(SAINTES)}${rng.chance(0.4) ? `-${withPrep(root)}` : ''}`;
  if (r < 0.62) return `${root}-sur-${rng.pick(RIVERS)}`;
  if (r < 0.7) return `${root}-en-${rng.pick(['Bazois', 'Amognes', 'Morvois', 'Vaux', 'Loue', 'Forêt', rootWord(rng)])}`;
  if (r < 0.78) {
    const other = rootWord(rng);
    return rng.chance(0.3) ? `${root}-lès-${other}` : `${root}-${linked(rng.pick(['le', 'la'] as const), other)}`;
  }
  if (r < 0.88) {
    const a = article(root);
    return `${a}${root}`;
  }
  if (r < 0.94) return `Les ${rng.pick(['Vaux', 'Bordes', 'Granges', 'Loges', 'Moulins', 'Essarts'])}-${withPrep(rootWord(rng))}`;
  return `${rng.pick(PLACES)}-${linked(rng.pick(['le', 'la'] as const), rootWord(rng))}`;
}

/** La Poste style: upper case, no accents, "ST"/"STE", hyphens and apostrophes as spaces. */
export function laPosteName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/['-]/g, ' ')
    .replace(/\bSAINTE\b/g, 'STE')
    .replace(/\bSAINT\b/g, 'ST')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Upper-case without accents, as in the CnFS raison_sociale field. */
export function upperNoAccent(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/'/g, ' ');
}

export const STREET_NAMES = [
  'Rue de la Poste', 'Avenue de la Gare', 'Rue du Commerce', 'Rue de la République', 'Boulevard Victor Hugo',
  "Rue de l'Église", 'Rue des Écoles', 'Place du Marché', 'Rue Jean Jaurès', 'Avenue du Général de Gaulle',
  'Rue du Pont', 'Rue des Tanneurs', 'Boulevard de la Loue', 'Rue Pasteur', 'Rue des Forges', 'Quai des Mariniers',
];
