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
 * Without a graph, or for a candidate or site off the graph, the time and distance are the
 * straight-line estimate (routing/fallback.ts: distance × detour, ÷ speed), and the figure says
 * so (`method: 'vol_oiseau'`, label "estimation à vol d'oiseau"); the nearest site is the one with
 * the smaller time, road or estimated.
 * "Newly within T": the candidate added to all existing France services (any type, presence
 * ignored) with the scenario engine (road what-if + straight-line estimates, scenario.ts); the
 * people whose new time is an estimate are counted apart. Unknown (NaN) 75+ / need are skipped;
 * a figure unknown for every unit is null.
 */
import type { RoadGraph } from '../routing/graph.ts';
import { adjacency } from '../routing/graph.ts';
import { multiSourceDijkstra } from '../routing/dijkstra.ts';
import { routePolyline } from '../routing/route.ts';
import {
  DEFAULT_FALLBACK, METHOD_VOL_OISEAU as METHOD_VOL_OISEAU_, detourMethodFr, estimateLabelFr, estimateParams, type EstimateParams, type TimeMethod,
} from '../routing/fallback.ts';
import { haversine } from '../geo.ts';
import { parseWeekHours, type Weekday } from '../diagnosis/hours.ts';
import type { Demand } from './types.ts';
import type { FranceServicesType, SiteKind } from './scenario.ts';
import { FRANCE_SERVICES_TYPE_LABELS, createScenarioEngine, engineUnitTimes, applyScenario } from './scenario.ts';

/** Local copies: read in hot loops (an imported binding can be a getter once transpiled). */
const METHOD_VOL_OISEAU = METHOD_VOL_OISEAU_;

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
  /** Straight-line estimate (without a graph, or off it). Default DEFAULT_FALLBACK. */
  estimate?: EstimateParams;
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
  /** For times, distances and people counts: road, or straight-line estimate (said in the label too). */
  method?: TimeMethod;
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
  /** Drive time candidate → site, access legs included (or the estimate). */
  minutes: number;
  /** Length of that fastest route on the network, access legs excluded (or straight line × detour). */
  meters: number;
  method: TimeMethod;
  /** Straight-line distance, for an estimate. */
  straightMeters?: number;
}

export interface LabellingFiche {
  candidateId: string;
  title: string;
  params: LabellingParams & { estimate: EstimateParams };
  /** 'route' with a road graph (some figures may still be estimates: see each figure), 'vol_oiseau' without. */
  method: TimeMethod;
  estimate: EstimateParams;
  nearest: Record<FranceServicesType, NearestOfType | null>;
  figures: Figure[];
  checks: Check[];
  sources: string[];
}

const TYPES: FranceServicesType[] = ['principal', 'antenne', 'bus'];
const fmt = (v: number, d = 0) => v.toLocaleString('fr-FR', { maximumFractionDigits: d, minimumFractionDigits: d });

function nearestOfType(
  graph: RoadGraph | null,
  cand: LabellingCandidate,
  sites: readonly ExistingSite[],
  type: FranceServicesType,
  estimate: EstimateParams,
): NearestOfType | null {
  const of = sites.filter((s) => s.kind === 'france_services' && s.fsType === type);
  let best: NearestOfType | null = null;
  const onGraph = of.filter((s) => s.node >= 0);
  if (graph && cand.node >= 0 && onGraph.length > 0) {
    const res = multiSourceDijkstra(
      adjacency(graph, 'to_sources'),
      { nodes: onGraph.map((s) => s.node), offsets: onGraph.map((s) => s.legMinutes ?? 0) },
      { withPred: true },
    );
    const route = routePolyline(graph, res, 'to_sources', cand.node);
    if (route) {
      const site = onGraph[route.source];
      best = {
        type,
        siteId: site.id,
        ...(site.name ? { name: site.name } : {}),
        minutes: res.time[cand.node] + (cand.legMinutes ?? 0),
        meters: route.lengthM,
        method: 'route',
      };
    }
  }
  // Estimated pairs: every site for a candidate off the graph, else the sites off the graph.
  for (const s of of) {
    if (graph && cand.node >= 0 && s.node >= 0) continue;
    if (!Number.isFinite(s.lon) || !Number.isFinite(s.lat) || !Number.isFinite(cand.lon) || !Number.isFinite(cand.lat)) continue;
    const straightMeters = haversine(cand.lon, cand.lat, s.lon, s.lat) as number;
    const minutes = ((straightMeters * estimate.detour) / 1000 / estimate.speedKmh) * 60;
    if (best && !(minutes < best.minutes)) continue;
    best = {
      type,
      siteId: s.id,
      ...(s.name ? { name: s.name } : {}),
      minutes,
      meters: straightMeters * estimate.detour,
      method: 'vol_oiseau',
      straightMeters,
    };
  }
  return best;
}

export function labellingCheck(
  graph: RoadGraph | null,
  demand: Demand,
  existing: readonly ExistingSite[],
  candidate: LabellingCandidate,
  params: Partial<LabellingParams> = {},
  unitDepartement?: ArrayLike<string>,
): LabellingFiche {
  const estimate = estimateParams(params.estimate ?? DEFAULT_FALLBACK);
  const p = { ...DEFAULT_LABELLING_PARAMS, ...params, estimate };
  const T = p.thresholdMinutes;
  const fs = existing.filter((s) => s.kind === 'france_services');
  const figures: Figure[] = [];
  const checks: Check[] = [];
  const est = estimateLabelFr(estimate);
  let anyEstimate = !graph;

  // 1. Nearest France services of each type.
  const nearest = {} as Record<FranceServicesType, NearestOfType | null>;
  for (const t of TYPES) {
    const n = nearestOfType(graph, candidate, fs, t, estimate);
    nearest[t] = n;
    const what = FRANCE_SERVICES_TYPE_LABELS[t];
    const straight = n?.method === 'vol_oiseau' || (!n && !graph);
    if (straight) anyEstimate = true;
    const method: TimeMethod = straight ? 'vol_oiseau' : 'route';
    figures.push({
      key: `temps_${t}`,
      label: straight ? `Temps de trajet jusqu'à : ${what} la plus proche (${est})` : `Temps de trajet jusqu'à : ${what} la plus proche`,
      value: n ? n.minutes : null,
      unit: 'min',
      method,
    });
    figures.push({
      key: `distance_${t}`,
      label: straight
        ? `Distance estimée (ligne droite × ${estimate.detour.toLocaleString('fr-FR')}) : ${what}`
        : `Distance par la route (trajet le plus rapide, hors accès) : ${what}`,
      value: n ? n.meters : null,
      unit: 'm',
      method,
    });
  }

  // 2. People newly within T, département share before/after (road or estimated times).
  const sites = fs.map((s) => ({ ...s, node: graph ? s.node : -1, daysPerWeek: 5 }));
  const engine = createScenarioEngine(graph, graph ? demand : { ...demand, node: new Int32Array(demand.node.length).fill(-1) }, sites, {
    thresholdMinutes: T,
    estimate,
  });
  const before = engineUnitTimes(engine).minutes;
  const res = applyScenario(engine, {
    added: [{ id: candidate.id, kind: 'france_services', node: graph ? candidate.node : -1, legMinutes: candidate.legMinutes, lon: candidate.lon, lat: candidate.lat }],
  });
  const after = res.unitsAfter.minutes;
  const known75 = demand.pop75.some((v) => Number.isFinite(v));
  const knownNeed = demand.need.some((v) => Number.isFinite(v));
  const add = (acc: number, v: number) => (Number.isFinite(v) ? acc + v : acc);
  let newPop = 0, new75 = 0, newNeed = 0, newEstimated = 0, depPop = 0, depBefore = 0, depAfter = 0;
  for (let i = 0; i < before.length; i++) {
    if (before[i] > T && after[i] <= T) {
      newPop = add(newPop, demand.population[i]);
      new75 = add(new75, demand.pop75[i]);
      newNeed = add(newNeed, demand.need[i]);
      if (res.unitsAfter.method[i] === METHOD_VOL_OISEAU) newEstimated = add(newEstimated, demand.population[i]);
    }
    if ((p.departement === undefined || !unitDepartement || unitDepartement[i] === p.departement) && Number.isFinite(demand.population[i])) {
      depPop += demand.population[i];
      if (before[i] <= T) depBefore += demand.population[i];
      if (after[i] <= T) depAfter += demand.population[i];
    }
  }
  const peopleMethod: TimeMethod = !graph || newEstimated > 0 ? 'vol_oiseau' : 'route';
  if (res.after.estimatedUnits > 0) anyEstimate = true;
  figures.push(
    { key: 'nouveaux_population', label: `Personnes nouvellement à moins de ${fmt(T)} min d'une France services${graph ? '' : ` (${est})`}`, value: newPop, unit: 'personnes', method: peopleMethod },
    { key: 'nouveaux_75', label: 'dont personnes de 75 ans ou plus', value: known75 ? new75 : null, unit: 'personnes', method: peopleMethod },
    { key: 'nouveaux_besoin', label: "dont personnes ayant besoin d'aide", value: knownNeed ? newNeed : null, unit: 'personnes', method: peopleMethod },
  );
  if (graph && newEstimated > 0) {
    figures.push({ key: 'nouveaux_estimes', label: `dont personnes hors du réseau routier chargé, temps ${est}`, value: newEstimated, unit: 'personnes', method: 'vol_oiseau' });
  }
  figures.push(
    { key: 'part_avant', label: `Part de la population du département à moins de ${fmt(T)} min, avant`, value: depPop > 0 ? (100 * depBefore) / depPop : null, unit: '%', method: graph ? 'route' : 'vol_oiseau' },
    { key: 'part_apres', label: `Part de la population du département à moins de ${fmt(T)} min, après`, value: depPop > 0 ? (100 * depAfter) / depPop : null, unit: '%', method: graph ? 'route' : 'vol_oiseau' },
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
  const anyIsEstimate = TYPES.some((t) => nearest[t] && nearest[t]!.minutes === nearestAny && nearest[t]!.method === 'vol_oiseau');
  if (p.spacingMinutes === null) {
    checks.push({ key: 'espacement', label: 'Espacement minimal entre France services (doctrine départementale)', status: 'non_applicable', detail: NO_NATIONAL_SPACING_RULE });
  } else {
    const ok = !(nearestAny < p.spacingMinutes);
    checks.push({
      key: 'espacement',
      label: `Au moins ${fmt(p.spacingMinutes)} min de toute autre France services (doctrine départementale)`,
      status: ok ? 'ok' : 'alerte',
      detail: Number.isFinite(nearestAny)
        ? `France services la plus proche à ${fmt(nearestAny, 1)} min${anyIsEstimate ? ` (${est})` : ''}. Règle fixée par le département : aucune règle nationale chiffrée n'existe.`
        : 'Aucune France services atteignable.',
    });
  }

  return {
    candidateId: candidate.id,
    title: `Fiche de labellisation : ${candidate.name ?? candidate.id}`,
    params: p,
    method: graph ? 'route' : 'vol_oiseau',
    estimate,
    nearest,
    figures,
    checks,
    sources: anyEstimate ? [CHARTER_SOURCE, NO_NATIONAL_SPACING_RULE, detourMethodFr(estimate)] : [CHARTER_SOURCE, NO_NATIONAL_SPACING_RULE],
  };
}

function nearestStraight(c: LabellingCandidate, sites: readonly ExistingSite[]): number | null {
  let best = Infinity;
  for (const s of sites) best = Math.min(best, haversine(c.lon, c.lat, s.lon, s.lat));
  return Number.isFinite(best) ? best : null;
}
