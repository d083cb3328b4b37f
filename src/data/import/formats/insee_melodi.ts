/**
 * INSEE census population by age from the Melodi API (https://api.insee.fr/melodi, open, no key,
 * 30 requests a minute), dataset DS_RP_POPULATION_PRINC asked for every commune of one territory
 * (`GEO=DEP-58*COM` or `GEO=EPCI-200067759*COM`). The file is the API's own answer (pages merged):
 * `{"identifier": …, "observations": [{"dimensions": {"GEO": "2025-COM-58194", "SEX": "_T",
 * "AGE": "Y_GE75", "TIME_PERIOD": "2022", "RP_MEASURE": "POP"}, "measures": {"OBS_VALUE_NIVEAU":
 * {"value": 1234.5}}}, …], "paging": {…}}`.
 * Evidence: recorded answers of the INSEE team's R client (cbobinec/melodi,
 * tests/fixtures/get_local_data_by_com_popref.yml: envelope, `OBS_VALUE_NIVEAU`, `GEO` as
 * "AAAA-COM-code", `paging.next`/`isLast`/`count`; R/get_data.R: maxResult up to 10 000;
 * README: "accessible sans authentification … 30 requêtes par minute … 429"); its example
 * `DS_RP_POPULATION_PRINC?GEO=DEP-44*COM&SEX=F&AGE=Y20T64` (RP_MEASURE POP, TIME_PERIOD 2022).
 *
 * The age codes are SDMX intervals (Y_LT15, Y15T24, Y_GE65, Y75T79, Y_GE95, _T…). Which ones a
 * dataset carries is not assumed: each band the tables need (0–14, 15–29, 30–44, 45–59, 60–74,
 * 75–89, 90+, 65+, 75+, total) is formed only from codes that tile it exactly; otherwise it stays
 * empty and a warning names it.
 */
import type { FileFormat, Rejected, Row } from '../format.ts';
import type { Vintage, VintageContext } from '../vintage.ts';
import { inseeCode } from './shared.ts';

/** An SDMX age code as an interval of whole years; `hi` is Infinity for "and over". Null when not an age interval. */
export function ageInterval(code: string): [number, number] | null {
  if (code === '_T') return [0, Infinity];
  let m = /^Y_LT(\d+)$/.exec(code);
  if (m) return [0, Number(m[1]) - 1];
  m = /^Y_LE(\d+)$/.exec(code);
  if (m) return [0, Number(m[1])];
  m = /^Y_GE(\d+)$/.exec(code);
  if (m) return [Number(m[1]), Infinity];
  m = /^Y(\d+)T(\d+)$/.exec(code);
  if (m && Number(m[1]) <= Number(m[2])) return [Number(m[1]), Number(m[2])];
  return null;
}

/**
 * The value of the band [lo, hi] from the codes available: one code exactly, or the sum of
 * disjoint codes that tile it (depth-first, few codes), or null.
 */
export function bandValue(values: ReadonlyMap<string, number>, lo: number, hi: number): number | null {
  const pieces = [...values.keys()]
    .map((code) => ({ code, iv: ageInterval(code) }))
    .filter((p): p is { code: string; iv: [number, number] } => p.iv !== null && p.iv[0] >= lo && p.iv[1] <= hi);
  const search = (start: number, depth: number): number | null => {
    if (depth > 40) return null;
    // Widest piece first: the fewest additions, the least rounding.
    const from = pieces.filter((p) => p.iv[0] === start).sort((a, b) => b.iv[1] - a.iv[1]);
    for (const p of from) {
      const v = values.get(p.code)!;
      if (p.iv[1] === hi) return v;
      if (p.iv[1] === Infinity) continue;
      const rest = search(p.iv[1] + 1, depth + 1);
      if (rest !== null) return v + rest;
    }
    return null;
  };
  return search(lo, 0);
}

const BANDS: readonly [key: string, lo: number, hi: number, label: string][] = [
  ['pop', 0, Infinity, 'population totale'], ['pop_0014', 0, 14, '0–14 ans'], ['pop_1529', 15, 29, '15–29 ans'],
  ['pop_3044', 30, 44, '30–44 ans'], ['pop_4559', 45, 59, '45–59 ans'], ['pop_6074', 60, 74, '60–74 ans'],
  ['pop_7589', 75, 89, '75–89 ans'], ['pop_90p', 90, Infinity, '90 ans ou plus'], ['pop_65p', 65, Infinity, '65 ans ou plus'],
  ['pop_75p', 75, Infinity, '75 ans ou plus'],
];

interface Observation {
  dimensions?: Record<string, unknown>;
  measures?: Record<string, { value?: unknown } | undefined>;
}

const valueOf = (o: Observation): number | null => {
  const m = o.measures?.OBS_VALUE_NIVEAU ?? o.measures?.OBS_VALUE;
  const v = m?.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null;
};

/** "2025-COM-58194" → "58194"; other geographic objects → null. */
export function melodiCommune(geo: unknown): string | null {
  const m = /^(?:\d{4}-)?COM-(\w{5})$/.exec(String(geo ?? ''));
  return m ? inseeCode(m[1]) : null;
}

export const inseeMelodiPopulation: FileFormat = {
  id: 'insee_melodi_population_age',
  label: "Population par tranche d'âge (INSEE, recensement, API Melodi)",
  source: 'INSEE – recensement de la population, API Melodi (DS_RP_POPULATION_PRINC)',
  type: 'json',
  detect: (s) => s.type === 'json' && s.keys.includes('dimensions') && s.keys.includes('measures'),
  parse(input) {
    if (input.type !== 'json') throw new Error('json expected');
    const rejected: Rejected[] = [];
    const observations = input.items as Observation[];
    // Latest census year, both sexes, population counts only.
    const usable = new Set(observations.filter((o) => {
      const d = o.dimensions ?? {};
      return (d.SEX === undefined || d.SEX === '_T') && (d.RP_MEASURE === undefined || d.RP_MEASURE === 'POP') && typeof d.AGE === 'string';
    }));
    const years = [...new Set([...usable].map((o) => String(o.dimensions?.TIME_PERIOD ?? '')))].filter(Boolean).sort();
    const year = years.at(-1) ?? null;
    const byCommune = new Map<string, Map<string, number>>();
    observations.forEach((o, i) => {
      if (!usable.has(o) || (year && String(o.dimensions?.TIME_PERIOD) !== year)) return;
      const code = melodiCommune(o.dimensions?.GEO);
      const v = valueOf(o);
      if (!code || v === null) {
        rejected.push({ line: i + 1, reason: !code ? `GEO « ${String(o.dimensions?.GEO ?? '')} » n’est pas une commune` : 'valeur (OBS_VALUE_NIVEAU) absente' });
        return;
      }
      const m = byCommune.get(code) ?? new Map<string, number>();
      m.set(String(o.dimensions!.AGE), v);
      byCommune.set(code, m);
    });
    const missing = new Set<string>();
    const rows: Row[] = [...byCommune].map(([code, values]) => {
      const row: Row = { code };
      for (const [key, lo, hi, label] of BANDS) {
        const v = bandValue(values, lo, hi);
        if (v === null) missing.add(label);
        row[key] = v === null ? null : Math.round(v);
      }
      return row;
    });
    const warnings = missing.size > 0 && rows.length > 0 ? [`tranches d'âge non disponibles dans la réponse : ${[...missing].join(', ')}.`] : [];
    if (years.length > 1) warnings.push(`recensement ${year} retenu (la réponse contient aussi ${years.slice(0, -1).join(', ')}).`);
    return { rows: { population_age: rows }, rejected, warnings };
  },
  vintage: (ctx) => melodiVintage(ctx),
};

function melodiVintage(ctx: VintageContext): Vintage | null {
  let latest = '';
  for (const r of ctx.records) {
    try {
      const d = JSON.parse(r.dimensions ?? '{}') as { TIME_PERIOD?: unknown };
      const y = String(d.TIME_PERIOD ?? '');
      if (/^\d{4}$/.test(y) && y > latest) latest = y;
    } catch {
      /* not an observation */
    }
  }
  return latest ? { value: `RP ${latest}`, how: 'dimension TIME_PERIOD de l’API Melodi' } : null;
}
