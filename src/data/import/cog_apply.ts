/**
 * Brings the commune codes of imported rows to today's communes (COG), and reports the codes
 * that could not be mapped. Point tables get their commune_code replaced; commune-level tables
 * get their rows of merged communes added up (counts) or, for rates, the chef-lieu row kept.
 * Contours (communes, cantons) are left as they are: their geometry would need a union.
 */
import { cogProblem, COG_PROBLEM_FR, epciOfCommune, toCurrentCommune, type CogTable } from '../../domain/cog.ts';
import type { TableName } from '../schema.ts';
import type { ImportOutput, Row } from './format.ts';

export interface CogReport {
  /** Old code → current code, one entry per distinct old code. */
  changed: { from: string; to: string; rows: number }[];
  /** Codes that could not be mapped, with the reason (French). */
  unmapped: { code: string; reason: string; rows: number }[];
  /** EPCI (SIREN) named from the COG, and those it does not know (no name found). */
  epciNamed?: string[];
  epciUnknown?: string[];
  /** Communes of a contour file attached to their EPCI from the COG (the file gives no membership). */
  membershipFromCog?: number;
}

interface Keyed {
  column: string;
  /** Columns added up when several old communes merge into one; other columns: the first row wins. */
  sum?: readonly string[];
  /** Point tables: just replace the code, no merging. */
  points?: boolean;
}

const KEYED: Partial<Record<TableName, Keyed>> = {
  help_points: { column: 'commune_code', points: true },
  grid: { column: 'commune_code', points: true },
  legal_population: { column: 'code', sum: ['pmun', 'pcap', 'ptot'] },
  population_age: {
    column: 'code',
    sum: ['pop', 'pop_0014', 'pop_1529', 'pop_3044', 'pop_4559', 'pop_6074', 'pop_7589', 'pop_90p', 'pop_65p', 'pop_75p'],
  },
  fixed_broadband: { column: 'code', sum: ['premises', 'thd30', 'ftth', 'thd1g'] },
  // Shares per operator and technology (several rows per commune): codes are replaced, rows kept;
  // the diagnosis averages the rows of a commune (shares of merged communes cannot be added).
  mobile_coverage: { column: 'code', points: true },
  commune_epci: { column: 'code' },
  social: { column: 'code' },
  poverty: { column: 'code' },
  custom_indicators: { column: 'code' },
};

export function remapCommuneCodes(output: ImportOutput, cog: CogTable): { output: ImportOutput; report: CogReport } {
  const changed = new Map<string, { to: string; rows: number }>();
  const unmapped = new Map<string, { reason: string; rows: number }>();
  const rows: ImportOutput['rows'] = { ...output.rows };
  for (const [name, list] of Object.entries(output.rows) as [TableName, Row[]][]) {
    const k = KEYED[name];
    if (!k || !list) continue;
    const out: Row[] = [];
    const byKey = new Map<string, Row>();
    for (const row of list) {
      const code = row[k.column];
      if (typeof code !== 'string') {
        out.push(row);
        continue;
      }
      const current = toCurrentCommune(cog, code);
      if (!current) {
        const u = unmapped.get(code) ?? { reason: COG_PROBLEM_FR[cogProblem(code)], rows: 0 };
        u.rows++;
        unmapped.set(code, u);
        out.push(row);
        continue;
      }
      if (current.changed) {
        const c = changed.get(code) ?? { to: current.code, rows: 0 };
        c.rows++;
        changed.set(code, c);
      }
      const next = current.changed ? { ...row, [k.column]: current.code } : row;
      if (k.points) {
        out.push(next);
        continue;
      }
      const prev = byKey.get(current.code);
      if (!prev) {
        byKey.set(current.code, next);
        out.push(next);
        continue;
      }
      // Merge into the row already there: counts add up; other columns come from the current
      // commune's own row when there is one, else from the first old commune met.
      const base = current.changed ? { ...prev } : { ...next };
      for (const col of k.sum ?? []) {
        const a = prev[col];
        const b = next[col];
        base[col] = typeof a === 'number' && typeof b === 'number' ? a + b : (a ?? b);
      }
      out[out.indexOf(prev)] = base;
      byKey.set(current.code, base);
    }
    rows[name] = out;
  }
  const base: CogReport = {
    changed: [...changed].map(([from, c]) => ({ from, to: c.to, rows: c.rows })),
    unmapped: [...unmapped].map(([code, u]) => ({ code, reason: u.reason, rows: u.rows })),
  };
  const { rows: withEpci, report } = cog.epci ? attachEpci(rows, cog, base) : { rows, report: base };
  return { output: { ...output, rows: withEpci, warnings: [...output.warnings, ...cogWarnings(report)] }, report };
}

/**
 * EPCI from today's COG (@etalab/decoupage-administratif epci.json):
 * - a file that gives membership (commune → SIREN, e.g. INSEE's IRIS–EPCI table) gets the names
 *   and nature of the EPCI it cites, unless it names them itself;
 * - a contour file that gives none (IGN communes) gets each commune's EPCI of today, marked
 *   origin 'cog' so that a membership file, when there is one, comes first (see commune_view).
 */
export function attachEpci(rows: ImportOutput['rows'], cog: CogTable, report: CogReport): { rows: ImportOutput['rows']; report: CogReport } {
  const epci = cog.epci;
  if (!epci) return { rows, report };
  let membership = rows.commune_epci ?? [];
  let fromCog = 0;
  if (membership.length === 0 && (rows.communes?.length ?? 0) > 0) {
    membership = [];
    for (const c of rows.communes ?? []) {
      if (typeof c.code !== 'string') continue;
      const siren = epciOfCommune(cog, c.code);
      if (!siren) continue;
      membership.push({ code: c.code, epci: siren, nature_epci: epci.bySiren.get(siren)?.nature ?? null, dep: null, origin: 'cog' });
    }
    fromCog = membership.length;
  }
  if (membership.length === 0) return { rows, report };
  const named = new Set((rows.epci ?? []).filter((e) => typeof e.nom === 'string' && e.nom !== '').map((e) => e.siren as string));
  const added: Row[] = [];
  const unknown = new Set<string>();
  for (const m of membership) {
    const siren = m.epci;
    if (typeof siren !== 'string' || named.has(siren)) continue;
    named.add(siren);
    const info = epci.bySiren.get(siren);
    if (info) added.push({ siren, nom: info.nom, nature: info.nature });
    else unknown.add(siren);
  }
  return {
    rows: { ...rows, ...(fromCog > 0 ? { commune_epci: membership } : {}), ...(added.length > 0 ? { epci: [...(rows.epci ?? []), ...added] } : {}) },
    report: { ...report, epciNamed: added.map((e) => e.siren as string), epciUnknown: [...unknown], membershipFromCog: fromCog },
  };
}

/** French warnings for the user: codes brought to today's communes, codes that could not be. */
export function cogWarnings(report: CogReport): string[] {
  const warnings: string[] = [];
  if (report.changed.length > 0) {
    const ex = report.changed.slice(0, 3).map((c) => `${c.from} → ${c.to}`).join(', ');
    warnings.push(`${report.changed.length} code(s) d'anciennes communes rattaché(s) à leur commune actuelle (${ex}${report.changed.length > 3 ? '…' : ''}).`);
  }
  if (report.unmapped.length > 0) {
    const ex = report.unmapped.slice(0, 5).map((u) => `${u.code} : ${u.reason}`).join(' ; ');
    warnings.push(`${report.unmapped.length} code(s) commune non rattaché(s) au COG en vigueur (${ex}${report.unmapped.length > 5 ? '…' : ''}).`);
  }
  if (report.membershipFromCog) {
    warnings.push(`${report.membershipFromCog} commune(s) rattachée(s) à leur EPCI d'après le COG en vigueur (le fichier ne le dit pas).`);
  }
  if (report.epciUnknown?.length) {
    const ex = report.epciUnknown.slice(0, 3).join(', ');
    warnings.push(`${report.epciUnknown.length} EPCI absent(s) du COG en vigueur, nom inconnu (SIREN ${ex}${report.epciUnknown.length > 3 ? '…' : ''}) : EPCI dissous ou fusionné depuis le millésime du fichier.`);
  }
  return warnings;
}

/** Adds the report of one part of a file (read in batches) to the report of the parts before. */
export function mergeCogReports(a: CogReport, b: CogReport): CogReport {
  const changed = new Map(a.changed.map((c) => [c.from, { ...c }]));
  for (const c of b.changed) {
    const prev = changed.get(c.from);
    if (prev) prev.rows += c.rows;
    else changed.set(c.from, { ...c });
  }
  const unmapped = new Map(a.unmapped.map((u) => [u.code, { ...u }]));
  for (const u of b.unmapped) {
    const prev = unmapped.get(u.code);
    if (prev) prev.rows += u.rows;
    else unmapped.set(u.code, { ...u });
  }
  const union = (x?: string[], y?: string[]) => (x || y ? [...new Set([...(x ?? []), ...(y ?? [])])] : undefined);
  const fromCog = (a.membershipFromCog ?? 0) + (b.membershipFromCog ?? 0);
  return {
    changed: [...changed.values()],
    unmapped: [...unmapped.values()],
    ...(a.epciNamed || b.epciNamed ? { epciNamed: union(a.epciNamed, b.epciNamed) } : {}),
    ...(a.epciUnknown || b.epciUnknown ? { epciUnknown: union(a.epciUnknown, b.epciUnknown) } : {}),
    ...(fromCog > 0 ? { membershipFromCog: fromCog } : {}),
  };
}
