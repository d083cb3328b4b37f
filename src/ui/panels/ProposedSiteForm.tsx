import { useState } from 'react';
import { FORMAT_LABELS_FR, type FranceServicesType, type ProposedSite } from '../../domain/planning/index.ts';
import { parseDayHours, WEEKDAYS } from '../../domain/diagnosis/hours.ts';

/**
 * The proposed France services as the préfecture files it: name, address, structure porteuse,
 * hours per day (same notation as the ANCT listing: "09:00-12:00 / 14:00-17:00", "Fermé"),
 * agents, format (a bus lists its stops). "Mettre à jour la fiche" sends the values: the fiche is
 * checked again with them and they are kept for this site.
 */
export function ProposedSiteForm({ initial, onSubmit, busy }: { initial: ProposedSite; onSubmit: (form: ProposedSite) => void; busy: boolean }) {
  const [form, setForm] = useState<ProposedSite>(initial);
  const set = (patch: Partial<ProposedSite>) => setForm((f) => ({ ...f, ...patch }));
  const dayError = (text: string) => {
    if (!text.trim()) return null;
    const r = parseDayHours(text);
    return r.ok ? null : r.reason;
  };
  return (
    <form
      className="proposed-site-form"
      data-testid="proposed-site-form"
      aria-label="Lieu proposé"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(form);
      }}
    >
      <fieldset>
        <legend>Lieu proposé</legend>
        <p className="muted" data-testid="proposed-site-commune">
          Commune : {form.communeName ? `${form.communeName} (${form.communeCode})` : 'non trouvée (aucun contour de commune ne contient ce point)'}
        </p>
        <label>Nom <input type="text" value={form.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} /></label>
        <label>Adresse <input type="text" value={form.address} maxLength={300} onChange={(e) => set({ address: e.target.value })} /></label>
        <label>Structure porteuse <input type="text" value={form.structure} maxLength={200} onChange={(e) => set({ structure: e.target.value })} /></label>
        <label>
          Format
          <select value={form.format} onChange={(e) => set({ format: e.target.value as FranceServicesType })}>
            {Object.entries(FORMAT_LABELS_FR).map(([k, l]) => <option key={k} value={k}>{l}</option>)}
          </select>
        </label>
        {form.format === 'bus' && (
          <label>
            Arrêts du bus (un par ligne : commune, jour, horaires)
            <textarea rows={3} value={form.stops.join('\n')} onChange={(e) => set({ stops: e.target.value.split('\n').slice(0, 50) })} />
          </label>
        )}
        <label>
          Nombre d'agents
          <input type="number" min={0} max={50} step={1} value={form.agents ?? ''} onChange={(e) => set({ agents: e.target.value === '' ? null : Math.max(0, Math.round(Number(e.target.value))) })} />
        </label>
        <fieldset className="hours">
          <legend>Horaires d'ouverture (ex. « 09:00-12:00 / 14:00-17:00 », « Fermé » ; vide : fermé)</legend>
          {WEEKDAYS.map((d) => {
            const err = dayError(form.hours[d]);
            return (
              <label key={d}>
                {d.charAt(0).toUpperCase() + d.slice(1)}
                <input type="text" value={form.hours[d]} maxLength={120} aria-invalid={err ? true : undefined} onChange={(e) => set({ hours: { ...form.hours, [d]: e.target.value } })} />
                {err && <span className="error" role="alert">{err}</span>}
              </label>
            );
          })}
        </fieldset>
        <button type="submit" disabled={busy}>{busy ? 'Vérification…' : 'Mettre à jour la fiche'}</button>
      </fieldset>
    </form>
  );
}
