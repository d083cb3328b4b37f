/**
 * What the "fibre" figure of a commune measures, said wherever it is shown (issue 14, point 1).
 *
 * The importer records the basis of each commune's count (`fixed_broadband.ftth_basis`, see
 * src/data/import/formats/arcep_fixed.ts):
 * - `elig_ftth …`: premises that can be connected to fibre, from ARCEP's technology files
 *   (`commune_meilleure_techno_thd.csv`): the real FTTH measure;
 * - anything else (today only the 2019 beta file with exclusive classes): the ≥ 1 Gbit/s class,
 *   which counts cable as well as fibre (409 communes have more premises at ≥ 1 Gbit/s than
 *   FTTH-eligible ones). It is an approximation and is named so, never "fibre (FTTH)".
 * A territory may mix both (two files, or a technology file that misses some communes): the label
 * then says "selon la commune".
 */

export type FibreMeasure = 'ftth' | 'gbit';

/** The measure of a commune's figure from its recorded basis; null when no fixed-broadband count. */
export function fibreMeasureOf(basis: string | null | undefined): FibreMeasure | null {
  if (basis === null || basis === undefined || basis === '') return null;
  return basis.startsWith('elig_ftth') ? 'ftth' : 'gbit';
}

/** The words for each measure, as the issue asks them to be shown. */
export const FIBRE_MEASURE_FR: Readonly<Record<FibreMeasure, string>> = Object.freeze({
  ftth: 'fibre (FTTH)',
  gbit: '≥ 1 Gbit/s, approximation (câble compris)',
});

export interface FibreLabels {
  /** Full label: map legend, indicator title, export title. */
  label: string;
  /** A few words: tooltip, key figure, table header. */
  short: string;
  /** The layer panel's indicator menu (20 characters at most; the option's title gives the label). */
  menu: string;
}

const LABELS: Readonly<Record<FibreMeasure | 'mixed', FibreLabels>> = Object.freeze({
  ftth: { label: `Locaux éligibles à la ${FIBRE_MEASURE_FR.ftth}`, short: `Éligibilité ${FIBRE_MEASURE_FR.ftth}`, menu: 'Fibre (FTTH)' },
  gbit: { label: `Locaux éligibles à ${FIBRE_MEASURE_FR.gbit}`, short: `Éligibilité ${FIBRE_MEASURE_FR.gbit}`, menu: '≥ 1 Gbit/s (approx.)' },
  mixed: {
    label: `Locaux éligibles à la ${FIBRE_MEASURE_FR.ftth} ou, selon la commune, à ${FIBRE_MEASURE_FR.gbit}`,
    short: `Éligibilité ${FIBRE_MEASURE_FR.ftth} ou ${FIBRE_MEASURE_FR.gbit} selon la commune`,
    menu: 'Fibre ou ≥ 1 Gbit/s',
  },
});

/**
 * The labels for a set of communes' figures, from their measures (nulls ignored). With no figure
 * at all, the variable keeps its own name, fibre (FTTH): nothing is shown as a value anyway.
 */
export function fibreLabels(measures: Iterable<FibreMeasure | null>): FibreLabels {
  let ftth = false;
  let gbit = false;
  for (const m of measures) {
    if (m === 'ftth') ftth = true;
    else if (m === 'gbit') gbit = true;
  }
  return LABELS[ftth && gbit ? 'mixed' : gbit ? 'gbit' : 'ftth'];
}

/** The same from the communes' recorded bases. */
export const fibreLabelsOf = (rows: Iterable<{ ftth_basis: string | null }>): FibreLabels => {
  const measures: (FibreMeasure | null)[] = [];
  for (const r of rows) measures.push(fibreMeasureOf(r.ftth_basis));
  return fibreLabels(measures);
};
