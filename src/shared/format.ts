/** French number and date formats: "1 234,5", "23/11/2026", "12,3 %". */
const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const date = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric' });
const longDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

export const MISSING = 'non disponible';

export const fmtInt = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? MISSING : integer.format(v));
export const fmt1 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? MISSING : oneDecimal.format(v));
export const fmtPct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? MISSING : percent.format(v));
export const fmtKm = (meters: number | null | undefined) =>
  meters === null || meters === undefined || !Number.isFinite(meters) ? MISSING : `${oneDecimal.format(meters / 1000)} km`;
export const fmtDate = (d: Date) => date.format(d);
/** "1 août 2024" (Paris time), for vintages; 'date inconnue' for an invalid date. */
export const fmtLongDate = (d: Date) => (Number.isNaN(d.getTime()) ? 'date inconnue' : longDate.format(d));
