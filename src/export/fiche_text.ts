/**
 * The fiche's French text for figures and sites (pure): a value is printed with its unit, or
 * "non disponible" alone (never "non disponible h"); distances in km with one decimal (short
 * straight-line distances in metres), times in whole minutes, people in whole persons.
 */
import { fmt1, fmtInt, fmtKm, MISSING } from '../shared/format.ts';

/** French value of a figure without its unit: integers "1 234", others one decimal "12,3", null "non disponible". */
export function figureValue(v: number | string | null): string {
  if (v === null) return MISSING;
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? fmtInt(v) : fmt1(v);
}

/** A figure with its unit: "16,0 km", "23 min", "239 personnes", "80,0 %", "non disponible". */
export function figureText(v: number | string | null, unit: string): string {
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return MISSING;
  if (typeof v === 'string') return unit ? `${v} ${unit}` : v;
  switch (unit) {
    case 'km':
      return fmtKm(v * 1000);
    case 'm':
      return v < 1000 ? `${fmtInt(Math.round(v))} m` : fmtKm(v);
    case 'min':
      return `${fmtInt(Math.round(v))} min`;
    case 'personnes':
      return `${fmtInt(Math.round(v))} ${Math.round(v) > 1 ? 'personnes' : 'personne'}`;
    case '%':
      return `${fmt1(v)} %`;
    case 'h':
      return `${fmt1(v)} h`;
    case 'jours':
    case 'agents':
      return `${fmtInt(v)} ${v > 1 ? unit : unit.replace(/s$/, '')}`;
    default:
      return unit ? `${figureValue(v)} ${unit}` : figureValue(v);
  }
}

/** "Nevers (58194)", "Nevers", or "non disponible". */
export function communeText(name: string | null | undefined, code?: string | null): string {
  const n = name?.trim();
  if (!n) return code ? `commune ${code} (nom non disponible)` : MISSING;
  return code ? `${n} (${code})` : n;
}

export interface NearestRow {
  rank: number;
  name: string;
  /** 'Principale', 'Antenne', 'Bus (arrêt)', or ''. */
  type: string;
  minutes: string;
  km: string;
  estimate: boolean;
}

const TYPE_SHORT: Record<string, string> = { principal: 'Principale', antenne: 'Antenne', bus: 'Bus (arrêt)' };

/** The table of the nearest France services: whole minutes, km with one decimal, estimates marked. */
export function nearestRows(nearest: readonly { name?: string; siteId?: string; type?: string; minutes: number; meters: number; method: string }[]): NearestRow[] {
  return nearest.map((n, i) => ({
    rank: i + 1,
    name: n.name?.trim() || n.siteId || `France services n° ${i + 1}`,
    type: n.type ? (TYPE_SHORT[n.type] ?? n.type) : '',
    minutes: figureText(n.minutes, 'min'),
    km: figureText(Number.isFinite(n.meters) ? n.meters / 1000 : null, 'km'),
    estimate: n.method === 'vol_oiseau',
  }));
}
