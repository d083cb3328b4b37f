/**
 * Option labels short enough for a narrow select (the full text goes in its title): a label that
 * fits is kept; else its head before « : » or « ( » when that fits; else it is cut at a word
 * boundary with « … ». `max` counts characters.
 */
export function shortLabel(full: string, max: number): string {
  const text = full.trim().replace(/\s+/g, ' ');
  if (text.length <= max) return text;
  const head = text.split(/ : | \(/)[0].trim();
  if (head.length > 0 && head.length < text.length && head.length <= max) return head;
  const room = Math.max(1, max - 1);
  const cut = text.lastIndexOf(' ', room);
  const kept = (cut > room / 2 ? text.slice(0, cut) : text.slice(0, room)).replace(/[\s,;:'’(-]+$/, '');
  return `${kept}…`;
}

/** Characters of an option that fit the side panel's selects at its narrowest (1280 px wide window). */
export const OPTION_CHARS = 32;
