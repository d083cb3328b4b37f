/**
 * Labelling check ("fiche de labellisation") for a candidate France services: pure figures and
 * checks the UI prints as a fiche. Every figure has a unit and a French label; every check has a
 * status 'ok' | 'alerte' | 'non_applicable' and a French detail.
 *
 * Distances: for each France services type (principal, antenne, bus stops) one
 * multiSourceDijkstra (routing API, 'to_sources', withPred) gives the drive time from the
 * candidate to the nearest site of that type; the distance is the length of THAT fastest route,
 * summed from the predecessor edges by routing/route.ts `routePolyline` (graph edge lengths,
 * access legs excluded). It is not the shortest distance.
 * "Newly within T": the candidate added to all existing France services (any type, presence
 * ignored) with the what-if engine (createWhatIf + addSite).
 */
import type { RoadGraph } from '../routing/graph.ts';
import { adjacency } from '../routing/graph.ts';
import { multiSourceDijkstra } from '../routing/dijkstra.ts';
import { addSite, createWhatIf } from '../routing/incremental.ts';
import { routePolyline } from '../routing/route.ts';
import { haversine } from '../geo.ts';
import { parseWeekHours, type Weekday } from '../diagnosis/hours.ts';
import type { Demand } from './types.ts';
import { unitTimes } from './reach.ts';
import type { FranceServicesType, SiteKind } from './scenario.ts';
import { FRANCE_SERVICES_TYPE_LABELS } from './scenario.ts';

export interface ExistingSite {
  id: string;
  name?: string;
  kind: SiteKind;
  /** For kind 'france_services'. Bus: one entry per stop. */
  fsType?: FranceServicesType;
  node: number;
  legMinutes?: number;
  lon: number;
  lat: number;
  /** Canton code (computed by the caller, e.g. with `containingFeature`). */
  canton?: string;
}

export interface LabellingCandidate {
  id: string;
  name?: string;
  node: number;
  legMinutes?: number;
  lon: number;
  lat: number;
  canton?: string;
  /** Opening hours, one text per day (diagnosis/hours.ts notation). */
  hours?: Partial<Record<Weekday, string | null>>;
  /** Number of agents (people at the desk). */
  agents?: number;
}

export interface LabellingParams {
  /** Default 30 min. */
  thresholdMinutes: number;
  /** Likely duplicate when an existing site is within this distance. Default 50 m. */
  duplicateMeters: number;
  /** Charte nationale France services (editable): 24 h a week over 5 days, 2 agents. */
  minWeeklyHours: number;
  minOpenDays: number;
  minAgents: number;
  /** Departmental spacing doctrine: minimum drive time to any France services; null = off (default). */
  spacingMinutes: number | null;
  /** Département whose share is computed; with `unitDepartement`. Absent: all units. */
  departement?: string;
  /** How a day absent from `hours` is read. Default 'closed'. */
  missingDay: 'closed' | 'error';
}

export const DEFAULT_LABELLING_PARAMS: LabellingParams = {
  thresholdMinutes: 30,
  duplicateMeters: 50,
  minWeeklyHours: 24,
  minOpenDays: 5,
  minAgents: 2,
  spacingMinutes: null,
  missingDay: 'closed',
};

export const CHARTER_SOURCE =
  'Charte nationale France services : ouverture d’au moins 24 heures par semaine sur 5 jours, avec au moins 2 agents. ' +
  'Ces valeurs sont modifiables dans les paramètres.';

export const NO_NATIONAL_SPACING_RULE =
  "Il n'existe pas de règle nationale chiffrée d'espacement minimal entre deux France services. " +
  'Le département peut fixer sa propre doctrine (temps de trajet minimal), désactivée par défaut.';

export type FigureUnit = 'min' | 'm' | 'personnes' | '%' | 'h' | 'jours' | 'agents';

export interface Figure {
  key: string;
  label: string;
  value: number | null;
  unit: FigureUnit;
}

export type CheckStatus = 'ok' | 'alerte' | 'non_applicable';

export interface Check {
  key: string;
  label: string;
  status: CheckStatus;
  detail: string;
}

export interface NearestOfType {
  type: FranceServicesType;
  siteId: string;
  name?: string;
  /** Drive time candidate → site, access legs included. */
  minutes: number;
  /** Length of that fastest route on the network, access legs excluded. */
  meters: number;
}

export interface LabellingFiche {
  candidateId: string;
  title: string;
  params: LabellingParams;
  nearest: Record<FranceServicesType, NearestOfType | null>;
  figures: Figure[];
  checks: Check[];
  sources: string[];
}

const TYPES: FranceServicesType[] = ['principal', 'antenne', 'bus'];
const fmt = (v: number, d = 0) => v.toLocaleString('fr-FR', { maximumFractionDigits: d, minimumFractionDigits: d });

function nearestOfType(graph: RoadGraph, cand: LabellingCandidate, sites: ExistingSite[], type: FranceServicesType): NearestOfType | null {
  const of = sites.filter((s) => s.kind === 'france_services' && s.fsType === type && s.node >= 0);
  if (of.length === 0 || cand.node < 0) return null;
  const res = multiSourceDijkstra(
    adjacency(graph, 'to_sources'),
    { nodes: of.map((s) => s.node), offsets: of.map((s) => s.legMinutes ?? 0) },
    { withPred: true },
  );
  const route = routePolyline(graph, res, 'to_sources', cand.node);
  if (!route) return null;
  const site = of[route.source];
  return {
    type,
    siteId: site.id,
    ...(site.name ? { name: site.name } : {}),
    minutes: res.time[cand.node] + (cand.legMinutes ?? 0),
    meters: route.lengthM,
  };
}

export function labellingCheck(
  graph: RoadGraph,
  demand: Demand,
  existing: readonly ExistingSite[],
  candidate: LabellingCandidate,
  params: Partial<LabellingParams> = {},
  unitDepartement?: ArrayLike<string>,
): LabellingFiche {
  const p: LabellingParams = { ...DEFAULT_LABELLING_PARAMS, ...params };
  const T = p.thresholdMinutes;
  const fs = existing.filter((s) => s.kind === 'france_services');
  const figures: Figure[] = [];
  const checks: Check[] = [];

  // 1. Nearest France services of each type.
  const nearest = {} as Record<FranceServicesType, NearestOfType | null>;
  for (const t of TYPES) {
    const n = nearestOfType(graph, candidate, [...fs], t);
    nearest[t] = n;
    const what = FRANCE_SERVICES_TYPE_LABELS[t];
    figures.push({ key: `temps_${t}`, label: `Temps de trajet jusqu'à : ${what} la plus proche`, value: n ? n.minutes : null, unit: 'min' });
    figures.push({ key: `distance_${t}`, label: `Distance par la route (trajet le plus rapide, hors accès) : ${what}`, value: n ? n.meters : null, unit: 'm' });
  }

  // 2. People newly within T, département share before/after.
  const inputs = fs.map((s) => ({ node: s.node, offset: s.legMinutes ?? 0 }));
  const state = createWhatIf(graph, 'to_sources', inputs);
  const before = unitTimes(state.time, demand);
  addSite(state, { node: candidate.node, offset: candidate.legMinutes ?? 0 });
  const after = unitTimes(state.time, demand);
  let newPop = 0, new75 = 0, newNeed = 0, depPop = 0, depBefore = 0, depAfter = 0;
  for (let i = 0; i < before.length; i++) {
    if (before[i] > T && after[i] <= T) {
      newPop += demand.population[i];
      new75 += demand.pop75[i];
      newNeed += demand.need[i];
    }
    if (p.departement === undefined || !unitDepartement || unitDepartement[i] === p.departement) {
      depPop += demand.population[i];
      if (before[i] <= T) depBefore += demand.population[i];
      if (after[i] <= T) depAfter += demand.population[i];
    }
  }
  figures.push(
    { key: 'nouveaux_population', label: `Personnes nouvellement à moins de ${fmt(T)} min d'une France services`, value: newPop, unit: 'personnes' },
    { key: 'nouveaux_75', label: 'dont personnes de 75 ans ou plus', value: new75, unit: 'personnes' },
    { key: 'nouveaux_besoin', label: "dont personnes ayant besoin d'aide", value: newNeed, unit: 'personnes' },
    { key: 'part_avant', label: `Part de la population du département à moins de ${fmt(T)} min, avant`, value: depPop > 0 ? (100 * depBefore) / depPop : null, unit: '%' },
    { key: 'part_apres', label: `Part de la population du département à moins de ${fmt(T)} min, après`, value: depPop > 0 ? (100 * depAfter) / depPop : null, unit: '%' },
  );

  // 3. Canton.
  if (!candidate.canton) {
    checks.push({ key: 'canton', label: 'France services dans le canton', status: 'non_applicable', detail: 'Canton du lieu candidat inconnu.' });
  } else {
    const same = fs.filter((s) => s.canton === candidate.canton);
    checks.push(
      same.length > 0
        ? { key: 'canton', label: 'France services dans le canton', status: 'alerte', detail: `Le canton ${candidate.canton} a déjà ${same.length} France services : ${same.map((s) => s.name ?? s.id).join(', ')}.` }
        : { key: 'canton', label: 'France services dans le canton', status: 'ok', detail: `Aucune France services dans le canton ${candidate.canton}.` },
    );
  }

  // 4. Likely duplicate.
  const close = existing
    .map((s) => ({ s, d: haversine(candidate.lon, candidate.lat, s.lon, s.lat) as number }))
    .filter((x) => x.d <= p.duplicateMeters)
    .sort((a, b) => a.d - b.d);
  figures.push({ key: 'lieu_le_plus_proche_m', label: 'Distance au lieu existant le plus proche (à vol d’oiseau)', value: nearestStraight(candidate, existing), unit: 'm' });
  checks.push(
    close.length > 0
      ? { key: 'doublon', label: `Lieu existant à moins de ${fmt(p.duplicateMeters)} m (doublon probable)`, status: 'alerte', detail: close.map((x) => `${x.s.name ?? x.s.id} à ${fmt(x.d)} m`).join(' ; ') + '.' }
      : { key: 'doublon', label: `Lieu existant à moins de ${fmt(p.duplicateMeters)} m (doublon probable)`, status: 'ok', detail: `Aucun lieu existant à moins de ${fmt(p.duplicateMeters)} m.` },
  );

  // 5. Opening hours and agents (charte nationale France services, editable values).
  const hoursLabel = `Ouverture d'au moins ${fmt(p.minWeeklyHours)} h sur ${fmt(p.minOpenDays)} jours`;
  if (!candidate.hours) {
    figures.push({ key: 'heures', label: "Heures d'ouverture par semaine", value: null, unit: 'h' }, { key: 'jours', label: "Jours d'ouverture par semaine", value: null, unit: 'jours' });
    checks.push({ key: 'horaires', label: hoursLabel, status: 'non_applicable', detail: 'Horaires non renseignés.' });
  } else {
    const week = parseWeekHours(candidate.hours, { missingDay: p.missingDay });
    if (!week.ok) {
      figures.push({ key: 'heures', label: "Heures d'ouverture par semaine", value: null, unit: 'h' }, { key: 'jours', label: "Jours d'ouverture par semaine", value: null, unit: 'jours' });
      checks.push({ key: 'horaires', label: hoursLabel, status: 'alerte', detail: `Horaires illisibles (${week.reason}).` });
    } else {
      const days = Object.values(week.perDay).filter((h) => h > 0).length;
      figures.push({ key: 'heures', label: "Heures d'ouverture par semaine", value: week.hours, unit: 'h' }, { key: 'jours', label: "Jours d'ouverture par semaine", value: days, unit: 'jours' });
      const ok = week.hours >= p.minWeeklyHours && days >= p.minOpenDays;
      checks.push({ key: 'horaires', label: hoursLabel, status: ok ? 'ok' : 'alerte', detail: `${fmt(week.hours, 1)} h sur ${days} jour${days > 1 ? 's' : ''}.` });
    }
  }
  figures.push({ key: 'agents', label: 'Agents', value: candidate.agents ?? null, unit: 'agents' });
  checks.push(
    candidate.agents === undefined
      ? { key: 'agents', label: `Au moins ${p.minAgents} agents`, status: 'non_applicable', detail: "Nombre d'agents non renseigné." }
      : { key: 'agents', label: `Au moins ${p.minAgents} agents`, status: candidate.agents >= p.minAgents ? 'ok' : 'alerte', detail: `${candidate.agents} agent${candidate.agents > 1 ? 's' : ''}.` },
  );

  // 6. Spacing doctrine (departmental, off by default).
  const nearestAny = Math.min(...TYPES.map((t) => nearest[t]?.minutes ?? Infinity));
  if (p.spacingMinutes === null) {
    checks.push({ key: 'espacement', label: 'Espacement minimal entre France services (doctrine départementale)', status: 'non_applicable', detail: NO_NATIONAL_SPACING_RULE });
  } else {
    const ok = !(nearestAny < p.spacingMinutes);
    checks.push({
      key: 'espacement',
      label: `Au moins ${fmt(p.spacingMinutes)} min de toute autre France services (doctrine départementale)`,
      status: ok ? 'ok' : 'alerte',
      detail: Number.isFinite(nearestAny)
        ? `France services la plus proche à ${fmt(nearestAny, 1)} min. Règle fixée par le département : aucune règle nationale chiffrée n'existe.`
        : 'Aucune France services atteignable.',
    });
  }

  return {
    candidateId: candidate.id,
    title: `Fiche de labellisation : ${candidate.name ?? candidate.id}`,
    params: p,
    nearest,
    figures,
    checks,
    sources: [CHARTER_SOURCE, NO_NATIONAL_SPACING_RULE],
  };
}

function nearestStraight(c: LabellingCandidate, sites: readonly ExistingSite[]): number | null {
  let best = Infinity;
  for (const s of sites) best = Math.min(best, haversine(c.lon, c.lat, s.lon, s.lat));
  return Number.isFinite(best) ? best : null;
}
