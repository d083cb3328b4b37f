/**
 * What the column-mapping dialog shows of a file, bounded whatever the file holds: a CSV with
 * 100,000 columns or a 40 MB cell must not put 100,000 options in each select or 40 MB of text in
 * the preview (issue 18: 8.4 s and 8.8 s frozen tabs). The full column list stays behind a filter.
 */

/** Options listed in one select at a time. */
export const MAX_COLUMN_OPTIONS = 200;
/** Columns shown in the preview table. */
export const MAX_PREVIEW_COLUMNS = 12;
/** Characters shown of one preview cell or one column name. */
export const MAX_SHOWN_CHARS = 120;

/** A text cut to `max` characters, with an ellipsis when cut. */
export function shortText(text: string, max = MAX_SHOWN_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The columns a select offers: those matching the filter (case- and accent-insensitive), at most
 * `max`, always including the ones already chosen (`keep`, first, in their order) so that a
 * guess or a choice never disappears from its select. `hidden` counts the matches left out.
 */
export function columnOptions(
  columns: readonly string[],
  filter: string,
  keep: readonly string[] = [],
  max = MAX_COLUMN_OPTIONS,
): { options: string[]; matching: number; hidden: number } {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const wanted = fold(filter.trim());
  const present = new Set(columns);
  const options: string[] = [];
  const seen = new Set<string>();
  for (const k of keep) {
    if (k !== '' && present.has(k) && !seen.has(k)) {
      options.push(k);
      seen.add(k);
    }
  }
  let matching = 0;
  for (const c of columns) {
    if (wanted !== '' && !fold(c).includes(wanted)) continue;
    matching++;
    if (seen.has(c) || options.length >= max) continue;
    options.push(c);
    seen.add(c);
  }
  const shownMatching = options.filter((c) => wanted === '' || fold(c).includes(wanted)).length;
  return { options, matching, hidden: matching - shownMatching };
}

/** The preview's columns: the chosen ones first, then the file's order, at most `max`. */
export function previewColumns(columns: readonly string[], chosen: readonly string[], max = MAX_PREVIEW_COLUMNS): string[] {
  return columnOptions(columns, '', chosen, max).options;
}
