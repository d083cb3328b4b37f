/**
 * Brings the commune codes of imported rows to today's communes (COG), and reports the codes
 * that could not be mapped. Point tables get their commune_code replaced; commune-level tables
 * get their rows of merged communes added up (counts) or, for rates, the chef-lieu row kept.
 * Contours (communes, cantons) are left as they are: their geometry would need a union.
 */
import { cogProblem, COG_PROBLEM_FR, toCurrentCommune, type CogTable } from '../../domain/cog.ts';
import type { TableName } from '../schema.ts';
import type { ImportOutput, Row } from './format.ts';

export interface CogReport {
  /** Old code → current code, one entry per distinct old code. */
  changed: { from: string; to: string; rows: number }[];
  /** Codes that could not be mapped, with the reason (French). */
  unmapped: { code: string; reason: string; rows: number }[];
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
  const report: CogReport = {
    changed: [...changed].map(([from, c]) => ({ from, to: c.to, rows: c.rows })),
    unmapped: [...unmapped].map(([code, u]) => ({ code, reason: u.reason, rows: u.rows })),
  };
  return { output: { ...output, rows, warnings: [...output.warnings, ...cogWarnings(report)] }, report };
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
  return { changed: [...changed.values()], unmapped: [...unmapped.values()] };
}
