/**
 * Code officiel géographique (COG): maps commune codes of older years to today's communes.
 * Communes nouvelles absorb older communes; their codes survive as "communes déléguées" or
 * "communes associées" (pointing to their chef-lieu) or as `anciensCodes` of the new commune.
 * Paris, Lyon and Marseille arrondissements map to their commune.
 *
 * The table is injected (pure lookups, testable with a tiny table); `loadCogTable` builds it from
 * @etalab/decoupage-administratif, whose communes.json is 8.6 MB (0.8 MB gzipped): it is loaded
 * with a dynamic import so that it stays out of the main bundle.
 */

/** One record of @etalab/decoupage-administratif's communes.json (the fields used here). */
export interface CogCommuneRecord {
  code: string;
  nom?: string;
  type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal' | string;
  chefLieu?: string;
  commune?: string;
  anciensCodes?: string[];
}

export type CogLink = 'actuelle' | 'ancien_code' | 'deleguee' | 'associee' | 'arrondissement';

export interface CogEntry {
  current: string;
  link: CogLink;
}

export interface CogTable {
  /** Old or current code → current commune. */
  readonly entries: ReadonlyMap<string, CogEntry>;
  /** Names of the current communes, for messages. */
  readonly names: ReadonlyMap<string, string>;
  /** Today's EPCI (names, nature, member communes), when loaded. */
  readonly epci?: EpciTable;
}

/** One record of @etalab/decoupage-administratif's epci.json (the fields used here). */
export interface EpciRecord {
  code: string;
  nom?: string;
  type?: string;
  membres?: { code: string }[];
}

export interface EpciInfo {
  nom: string;
  /** CC, CA, CU, METRO (as in the COG). */
  nature: string | null;
}

export interface EpciTable {
  /** SIREN → name and nature. */
  readonly bySiren: ReadonlyMap<string, EpciInfo>;
  /** Current commune code → SIREN of its EPCI. */
  readonly byCommune: ReadonlyMap<string, string>;
}

export function buildEpciTable(records: readonly EpciRecord[]): EpciTable {
  const bySiren = new Map<string, EpciInfo>();
  const byCommune = new Map<string, string>();
  for (const r of records) {
    if (!/^\d{9}$/.test(r.code) || !r.nom) continue;
    bySiren.set(r.code, { nom: r.nom, nature: r.type ?? null });
    for (const m of r.membres ?? []) byCommune.set(m.code, r.code);
  }
  return { bySiren, byCommune };
}

/** The EPCI of a commune code of any year (through today's commune), or null. */
export function epciOfCommune(table: CogTable, code: string): string | null {
  const epci = table.epci;
  if (!epci) return null;
  const current = toCurrentCommune(table, code)?.code ?? code;
  return epci.byCommune.get(current) ?? null;
}

export interface CurrentCommune {
  code: string;
  changed: boolean;
}

export type CogProblem = 'invalid' | 'unknown';

export const COG_PROBLEM_FR: Record<CogProblem, string> = {
  invalid: 'code commune mal formé (5 caractères attendus, 2A/2B pour la Corse)',
  unknown: 'code absent du COG en vigueur et de ses anciens codes (commune supprimée, code postal pris pour un code INSEE, ou faute de frappe)',
};

const CODE = /^(\d{5}|2[AB]\d{3})$/;

export function buildCogTable(records: readonly CogCommuneRecord[]): CogTable {
  const entries = new Map<string, CogEntry>();
  const names = new Map<string, string>();
  for (const r of records) {
    if (r.type !== 'commune-actuelle') continue;
    entries.set(r.code, { current: r.code, link: 'actuelle' });
    if (r.nom) names.set(r.code, r.nom);
  }
  const addOld = (code: string, target: string | undefined, link: CogLink) => {
    if (target && !entries.has(code)) entries.set(code, { current: target, link });
  };
  for (const r of records) {
    if (r.type === 'commune-actuelle') for (const old of r.anciensCodes ?? []) addOld(old, r.code, 'ancien_code');
    else if (r.type === 'commune-deleguee') addOld(r.code, r.chefLieu, 'deleguee');
    else if (r.type === 'commune-associee') addOld(r.code, r.chefLieu, 'associee');
    else if (r.type === 'arrondissement-municipal') addOld(r.code, r.commune, 'arrondissement');
  }
  // A commune merged twice points to an intermediate code: follow the chain to a current commune.
  for (const [code, e] of entries) {
    let target = e.current;
    for (let hops = 0; hops < 5 && entries.get(target)?.link !== 'actuelle' && entries.has(target); hops++) target = entries.get(target)!.current;
    if (target !== e.current) entries.set(code, { ...e, current: target });
  }
  return { entries, names };
}

/** The current commune of a code of any year since the table's oldest records; null when it cannot be mapped. */
export function toCurrentCommune(table: CogTable, code: string): CurrentCommune | null {
  const e = table.entries.get(code);
  if (!e || (e.link !== 'actuelle' && table.entries.get(e.current)?.link !== 'actuelle')) return null;
  return { code: e.current, changed: e.current !== code };
}

/** Why a code could not be mapped (call when toCurrentCommune returned null). */
export const cogProblem = (code: string): CogProblem => (CODE.test(code) ? 'unknown' : 'invalid');

/** Loads the table from @etalab/decoupage-administratif, lazily (a separate chunk in the browser build). */
export async function loadCogTable(): Promise<CogTable> {
  const mod = (await import('@etalab/decoupage-administratif/data/communes.json')) as unknown as {
    default: CogCommuneRecord[];
  };
  return buildCogTable(mod.default);
}

/**
 * Loads today's EPCI (names, nature, members) from the same package's epci.json (4 MB), lazily:
 * a chunk of its own, read by the import worker, never by the page's first script.
 */
export async function loadEpciTable(): Promise<EpciTable> {
  const mod = (await import('@etalab/decoupage-administratif/data/epci.json')) as unknown as { default: EpciRecord[] };
  return buildEpciTable(mod.default);
}
