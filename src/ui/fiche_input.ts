/**
 * What the fiche and its one-page summary print, built from the session's fiche state: the site
 * as filed, its commune and canton, the three nearest France services, the figures (the nearest
 * ones go to their own table), the checks, the vector map and the sources.
 */
import { cantonText, FORMAT_LABELS_FR, NO_NATIONAL_SPACING_RULE } from '../domain/planning/index.ts';
import { WEEKDAYS } from '../domain/diagnosis/hours.ts';
import type { FicheInput } from '../export/fiche_pdf.ts';
import { communeText, nearestRows } from '../export/fiche_text.ts';
import type { FicheState } from './state/planning.ts';
import { estimateText } from './method_text.ts';

const SHORT: Record<(typeof WEEKDAYS)[number], string> = { lundi: 'lun.', mardi: 'mar.', mercredi: 'mer.', jeudi: 'jeu.', vendredi: 'ven.', samedi: 'sam.', dimanche: 'dim.' };

/** Open days grouped when consecutive days share their hours: "lun. au ven. 09:00-12:00 / 14:00-17:00 ; sam. 09:00-12:00". */
export function hoursLines(hours: Record<(typeof WEEKDAYS)[number], string>): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < WEEKDAYS.length) {
    const text = hours[WEEKDAYS[i]]?.trim() ?? '';
    let j = i;
    while (j + 1 < WEEKDAYS.length && (hours[WEEKDAYS[j + 1]]?.trim() ?? '') === text) j++;
    if (text) out.push(`${SHORT[WEEKDAYS[i]]}${j > i ? `${j === i + 1 ? ' et ' : ' au '}${SHORT[WEEKDAYS[j]]}` : ''} ${text}`);
    i = j + 1;
  }
  return out;
}

export function ficheInput(
  f: FicheState,
  extra: { others: { lon: number; lat: number }[]; date: Date; sources: FicheInput['sources']; proposal: string | null; fictional: boolean; thresholdMinutes: number },
): FicheInput {
  const { form, fiche } = f;
  const newly = fiche.figures.find((x) => x.key === 'nouveaux_population');
  return {
    title: fiche.title,
    candidate: {
      name: form.name || f.candidate.name || 'Projet',
      commune: communeText(form.communeName ?? f.candidate.communeName),
      codeInsee: form.communeCode ?? undefined,
      canton: fiche.canton ? cantonText(fiche.canton.code, fiche.canton.name) : undefined,
      address: form.address,
      structure: form.structure,
      format: FORMAT_LABELS_FR[form.format],
      stops: form.format === 'bus' ? form.stops.filter((s) => s.trim()) : [],
      hours: hoursLines(form.hours),
      agents: form.agents,
    },
    date: extra.date,
    map: {
      candidate: { lon: f.candidate.lon, lat: f.candidate.lat },
      nearest: fiche.nearestThree.map((n) => ({ lon: n.lon, lat: n.lat })),
      others: extra.others,
      isochrones: fiche.isochrones,
      communes: f.communes,
    },
    nearest: nearestRows(fiche.nearestThree),
    estimateNote: `${estimateText(fiche.estimate)} (temps et distance)`,
    newlyWithin: newly ? { thresholdMinutes: extra.thresholdMinutes, people: typeof newly.value === 'number' ? newly.value : null, estimate: newly.method === 'vol_oiseau' } : null,
    figures: fiche.figures.filter((x) => !x.key.startsWith('proche_')).map((x) => ({ label: x.label, value: x.value, unit: x.unit })),
    checks: fiche.checks.map((c) => ({ label: c.label, status: c.status, detail: c.detail })),
    sources: [...fiche.sources, ...extra.sources],
    spacingDoctrine: NO_NATIONAL_SPACING_RULE,
    proposal: extra.proposal,
    fictional: extra.fictional,
  };
}
