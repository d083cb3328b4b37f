/**
 * ARCEP fixed broadband per commune, "Ma connexion internet" (statistiques communales).
 *
 * Two forms of the speed-class files exist, with the same kind of header:
 * - the 2019 beta (`commune-debit-beta.csv`: `…;elig_hd8;…`): classes are EXCLUSIVE, each premise
 *   is counted once, in the class of its best offer; the classes add up to `nbr`;
 * - the current files (`commune_debit.csv`, `commune_debit_terrestre.csv`,
 *   `commune_debit_filaire.csv`: `…;elig_bhd8;…`): classes are CUMULATIVE, premises eligible at
 *   ≥ 100 Mbit/s are also counted at ≥ 30 Mbit/s. Adding them as if exclusive gives rates of
 *   200–300 % and a negative "sans THD". `commune_debit` counts satellite, which reaches every
 *   premise: its ≥ 30 Mbit/s share is 100 % nearly everywhere and says nothing.
 *   Evidence: a public Streamlit app on these files turns the columns into exclusive classes by
 *   subtracting each higher class from the lower ones (`update_elig`, columns
 *   code_insee;nom_com;nbr;type;date;code_dep;code_reg;inel_hd;elig_hd05;elig_hd3;elig_bhd8;
 *   elig_thd30;elig_thd100;elig_thd1g, files under
 *   files.data.gouv.fr/arcep_donnees/fixe/maconnexioninternet/statistiques/<trimestre>/commune/);
 *   a public module checked against the live files reads `commune_debit_terrestre.csv` for
 *   "≥ 30 Mbit/s, satellite excluded" and `commune_meilleure_techno_thd.csv` for FttH
 *   (`elig_ftth`, with `elig_coax`, `elig_cu_30`, `elig_cu_8`, `elig_thdr`, `elig_4gf`,
 *   `elig_hdr`, `elig_sat`), see /work/shared/data/SERVICES.md.
 * The form is decided from the content (every row is checked), the header only breaks a tie.
 *
 * "≥ 1 Gbit/s" is not "fibre": cable reaches 1 Gbit/s too (409 communes have more premises at
 * ≥ 1 Gbit/s than FttH-eligible ones). The FttH measure comes from the technology files
 * (`elig_ftth`); for the 2019 beta file only, the ≥ 1 Gbit/s class is kept as an approximation of
 * FttH (as the data set's users did then), said so in `ftth_basis` and in a warning.
 */
import { hasColumns, type FileFormat, type Input, type ParseContext, type Rejected, type Row } from '../format.ts';
import { vintageFromDateColumns, vintageFromFileName, type VintageContext } from '../vintage.ts';
import { inseeCode, int, str } from './shared.ts';

const EXCLUSIVE_8 = 'elig_hd8';
const CUMULATIVE_8 = 'elig_bhd8';
const DEBIT_COLUMNS = ['code_insee', 'nbr', 'elig_thd30', 'elig_thd100', 'elig_thd1g'] as const;

export type ClassForm = 'cumulatives' | 'exclusives';

/** What the file covers, from its published name. */
export type DebitScope = 'filaire' | 'terrestre' | 'tous' | null;

export const SCOPE_FR: Record<Exclude<DebitScope, null>, string> = {
  filaire: 'accès filaires (fibre, câble, cuivre)',
  terrestre: 'accès filaires et hertziens terrestres (satellite exclu)',
  tous: 'toutes technologies, satellite compris',
};

/**
 * `commune_debit_filaire` → wired only; `commune_debit_terrestre` (and our own fetched file,
 * named `arcep-fixe-terrestre-…`) → satellite excluded; `commune_debit` → satellite included.
 */
export function debitScopeOfFile(file: string): DebitScope {
  const name = file.replace(/^.*[\\/]/, '').toLowerCase();
  if (/filaire/.test(name)) return 'filaire';
  if (/terrestre/.test(name)) return 'terrestre';
  if (/(^|[^a-z])(commune|departement|region)_debit(?![a-z])/.test(name)) return 'tous';
  return null;
}

/**
 * The `type` column says what is counted (`logloc`: dwellings and business premises, the only value
 * in the 2019 file). Should a file give several types per commune, only `logloc` rows are kept
 * (counting a commune twice would double its premises); without `logloc`, every row is kept and
 * the types are named in a warning.
 */
function byPremisesType(rows: Input & { type: 'csv' }): { rows: (Input & { type: 'csv' })['rows']; warning: string | null } {
  const types = new Set(rows.rows.map((r) => (r.values.type ?? '').trim()).filter(Boolean));
  if (types.size <= 1) return { rows: rows.rows, warning: null };
  if (!types.has('logloc')) return { rows: rows.rows, warning: `plusieurs types de locaux dans le fichier (${[...types].join(', ')}) : vérifiez qu’une commune n’est pas comptée deux fois.` };
  const kept = rows.rows.filter((r) => (r.values.type ?? '').trim() === 'logloc');
  return { rows: kept, warning: `${rows.rows.length - kept.length} ligne(s) d’un autre type que « logloc » (logements et locaux) ignorées.` };
}

interface Classes {
  nbr: number;
  inel: number;
  c: number[]; // hd05, hd3, hd8, thd30, thd100, thd1g
}

function classesOf(v: Record<string, string>, eightColumn: string): Classes | null {
  const nbr = int(v.nbr);
  const c = ['elig_hd05', 'elig_hd3', eightColumn, 'elig_thd30', 'elig_thd100', 'elig_thd1g'].map((k) => int(v[k]) ?? 0);
  if (nbr === null) return null;
  return { nbr, inel: int(v.inel_hd) ?? 0, c };
}

const exclusiveFits = (x: Classes) => x.inel + x.c.reduce((s, n) => s + n, 0) === x.nbr;
const cumulativeFits = (x: Classes) => x.inel + x.c[0] <= x.nbr && x.c.every((n, i) => n >= 0 && (i === 0 || n <= x.c[i - 1]));

/** Decides the class form from every row: rows that fit only one form decide; the header breaks a tie. */
export function classForm(rows: readonly Classes[], hint: ClassForm): { form: ClassForm; misfits: Set<number> } {
  let onlyExclusive = 0;
  let onlyCumulative = 0;
  for (const r of rows) {
    const e = exclusiveFits(r);
    const c = cumulativeFits(r);
    if (e && !c) onlyExclusive++;
    if (c && !e) onlyCumulative++;
  }
  const form: ClassForm = onlyExclusive > onlyCumulative ? 'exclusives' : onlyCumulative > onlyExclusive ? 'cumulatives' : hint;
  const fits = form === 'exclusives' ? exclusiveFits : cumulativeFits;
  const misfits = new Set<number>();
  rows.forEach((r, i) => !fits(r) && misfits.add(i));
  return { form, misfits };
}

function parseDebit(input: Input, ctx: ParseContext, hint: ClassForm) {
  if (input.type !== 'csv') throw new Error('csv expected');
  const rejected: Rejected[] = [];
  const warnings: string[] = [];
  const typed = byPremisesType(input);
  if (typed.warning) warnings.push(typed.warning);
  const eight = input.rows.length > 0 && CUMULATIVE_8 in input.rows[0].values ? CUMULATIVE_8 : EXCLUSIVE_8;
  const read: { line: number; code: string; x: Classes; date: string | null }[] = [];
  for (const { line, values: v } of typed.rows) {
    const code = inseeCode(v.code_insee);
    const x = classesOf(v, eight);
    if (!code || !x) {
      rejected.push({ line, reason: !code ? `code commune « ${v.code_insee} » invalide` : 'nombre de locaux (nbr) absent' });
      continue;
    }
    read.push({ line, code, x, date: str(v.date) });
  }
  const { form, misfits } = classForm(read.map((r) => r.x), hint);
  // The scope names only exist for the current (cumulative) files; the 2019 beta is one file of its own.
  const scope = form === 'cumulatives' ? debitScopeOfFile(ctx.file) : null;
  if (read.length === 0) return { rows: { fixed_broadband: [] }, rejected, warnings };
  if (form !== hint) {
    warnings.push(`classes de débit lues comme ${form} d'après le contenu (l'en-tête ${eight} annonçait des classes ${hint}).`);
  }
  if (scope === 'tous') {
    warnings.push(
      'ce fichier compte le satellite, disponible partout : sa part de locaux à 30 Mbit/s ou plus (≈ 100 %) ne dit rien du réseau terrestre et n’est pas utilisée ; chargez commune_debit_terrestre.csv (même jeu « Ma connexion internet »).',
    );
  } else if (scope === null && form === 'cumulatives') {
    warnings.push('périmètre inconnu (le nom du fichier ne dit pas s’il compte le satellite) : la part à 30 Mbit/s ou plus est gardée, vérifiez qu’il s’agit de commune_debit_terrestre.csv ou commune_debit_filaire.csv.');
  }
  const rows: Row[] = [];
  read.forEach((r, i) => {
    if (misfits.has(i)) {
      rejected.push({
        line: r.line,
        reason: form === 'cumulatives'
          ? 'classes de débit incohérentes : dans ce fichier à classes cumulatives, chaque classe doit compter moins de locaux que la précédente'
          : 'classes de débit incohérentes : dans ce fichier à classes exclusives, les classes doivent faire le total des locaux (nbr)',
      });
      return;
    }
    const [, , , thd30, thd100, thd1g] = r.x.c;
    const atLeast30 = form === 'cumulatives' ? thd30 : thd30 + thd100 + thd1g;
    rows.push({
      code: r.code, premises: r.x.nbr, thd30: scope === 'tous' ? null : atLeast30, thd1g,
      ftth: form === 'exclusives' ? thd1g : null,
      ftth_basis: form === 'exclusives' ? 'classe ≥ 1 Gbit/s (approximation, fichier à classes exclusives)' : null,
      scope: scope ? SCOPE_FR[scope] : null, classes: form, date: r.date,
    });
  });
  if (form === 'exclusives' && rows.length > 0) {
    warnings.push('fibre (FttH) approchée par la classe ≥ 1 Gbit/s, qui compte aussi le câble : pour les locaux raccordables en fibre, chargez le fichier par technologie (commune_meilleure_techno_thd.csv).');
  } else if (rows.length > 0) {
    warnings.push('ce fichier ne donne pas les locaux raccordables en fibre (la classe ≥ 1 Gbit/s compte aussi le câble) : chargez aussi commune_meilleure_techno_thd.csv pour la part FttH.');
  }
  return { rows: { fixed_broadband: rows }, rejected, warnings };
}

const fixedVintage = (ctx: VintageContext) => vintageFromDateColumns(ctx, ['date']) ?? vintageFromFileName(ctx.file);

/** 2019 beta file, exclusive classes (`elig_hd8`). The id is kept: workspaces saved before name it. */
export const arcepFixedBroadband: FileFormat = {
  id: 'arcep_ma_connexion_internet',
  label: 'Éligibilité internet fixe par commune, classes exclusives (ARCEP, Ma connexion internet, bêta 2019)',
  source: 'ARCEP – Ma connexion internet, statistiques communales (version bêta)',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, DEBIT_COLUMNS) && s.header.includes(EXCLUSIVE_8),
  parse: (input, ctx) => parseDebit(input, ctx, 'exclusives'),
  vintage: fixedVintage,
};

/** Current files, cumulative classes (`elig_bhd8`). */
export const arcepFixedDebit: FileFormat = {
  id: 'arcep_mci_debit',
  label: 'Éligibilité internet fixe par commune, classes de débit cumulatives (ARCEP, Ma connexion internet)',
  source: 'ARCEP – Ma connexion internet, statistiques communales par débit',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, DEBIT_COLUMNS) && s.header.includes(CUMULATIVE_8),
  parse: (input, ctx) => parseDebit(input, ctx, 'cumulatives'),
  vintage: fixedVintage,
};

/**
 * Premises by technology (`commune_meilleure_techno_thd.csv`: best very-high-speed technology of
 * each premise; `commune_techno.csv`: eligibility per technology). FttH ranks first, so in both
 * `elig_ftth` is the number of premises that can be connected to fibre: the explicit FttH measure.
 */
export const arcepFixedTechno: FileFormat = {
  id: 'arcep_mci_techno',
  label: 'Locaux raccordables à la fibre (FttH) par commune (ARCEP, Ma connexion internet, par technologie)',
  source: 'ARCEP – Ma connexion internet, statistiques communales par technologie',
  type: 'csv',
  detect: (s) => s.type === 'csv' && hasColumns(s.header, ['code_insee', 'nbr', 'elig_ftth']),
  parse(input) {
    if (input.type !== 'csv') throw new Error('csv expected');
    const rejected: Rejected[] = [];
    const rows: Row[] = [];
    const typed = byPremisesType(input);
    for (const { line, values: v } of typed.rows) {
      const code = inseeCode(v.code_insee);
      const premises = int(v.nbr);
      const ftth = int(v.elig_ftth);
      if (!code || premises === null || ftth === null) {
        rejected.push({ line, reason: !code ? `code commune « ${v.code_insee} » invalide` : premises === null ? 'nombre de locaux (nbr) absent' : 'locaux éligibles à la fibre (elig_ftth) absents' });
        continue;
      }
      if (ftth > premises) {
        rejected.push({ line, reason: `plus de locaux éligibles à la fibre (${ftth}) que de locaux (${premises})` });
        continue;
      }
      rows.push({ code, premises, ftth, ftth_basis: 'elig_ftth (locaux éligibles à la fibre)', thd30: null, thd1g: null, scope: null, classes: null, date: str(v.date) });
    }
    return { rows: { fixed_broadband: rows }, rejected, warnings: typed.warning ? [typed.warning] : [] };
  },
  vintage: fixedVintage,
};
