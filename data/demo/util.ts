/** Formatting, apportionment and small numeric helpers shared by the demo generator. */

/** Fixed-decimal number without trailing zeros ("3.5", "3", "-0" never appears). */
export function fmt(value: number, decimals: number): string {
  const s = value.toFixed(decimals);
  const t = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return t === '-0' ? '0' : t;
}

export function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/**
 * Split an integer total in proportion to weights (largest remainder; ties go to the lower index).
 * The result always sums to total.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const out = new Array<number>(n).fill(0);
  if (n === 0 || total <= 0) return out;
  let sum = 0;
  for (const w of weights) sum += Math.max(0, w);
  if (sum <= 0) {
    out[0] = total;
    return out;
  }
  const rema: { i: number; r: number }[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (total * Math.max(0, weights[i])) / sum;
    out[i] = Math.floor(exact);
    given += out[i];
    rema.push({ i, r: exact - out[i] });
  }
  rema.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; given < total; k++, given++) out[rema[k % n].i] += 1;
  return out;
}

export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Quote a CSV field when needed (comma separator, RFC 4180 style). */
export function csvField(value: string, sep = ','): string {
  return value.includes(sep) || value.includes('"') || value.includes('\n') ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly (string | number)[], sep = ','): string {
  return fields.map((f) => csvField(String(f), sep)).join(sep);
}

/** Accent-free, lower-case key used for stable alphabetical sorting. */
export function sortKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^(les |le |la |l')/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = (sorted.length - 1) * p;
  const lo = Math.floor(idx);
  const hi = Math.ceil(idx);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (idx - lo);
}

/** Like apportion, but no share exceeds its cap (requires total ≤ Σ caps). */
export function apportionCapped(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const out = apportion(total, weights).map((v, i) => Math.min(v, caps[i]));
  let left = total - out.reduce((s, v) => s + v, 0);
  if (left <= 0) return out;
  const order = weights.map((w, i) => ({ i, w })).sort((a, b) => b.w - a.w || a.i - b.i);
  while (left > 0) {
    let moved = false;
    for (const { i } of order) {
      if (left === 0) break;
      if (out[i] < caps[i]) {
        out[i]++;
        left--;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return out;
}
