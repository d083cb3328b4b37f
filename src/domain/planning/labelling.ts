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
 * a figure unknown for every unit is null; people are counted in whole persons (rounded).
 * The three nearest France services (any type): one Dijkstra from the candidate (road) and the
 * straight-line estimate for the pairs off the graph, sorted by time (then distance).
 * Isochrones of the candidate (10/20/30 min by default): traced on the road network
 * (routing/isochrones.ts) when the candidate is on it, else straight-line estimate circles.
 * Every check has a verdict (Conforme / Non conforme / Non applicable) and a `detail` that is the
 * French reason read after "parce que" (`checkSentence`).
 */
import type { RoadGraph } from '../routing/graph.ts';
import { adjacency } from '../routing/graph.ts';
import { multiSourceDijkstra } from '../routing/dijkstra.ts';
import { routePolyline } from '../routing/route.ts';
import { isochrones as traceIsochrones, type IsochroneFeature } from '../routing/isochrones.ts';
import {
  DEFAULT_FALLBACK, METHOD_VOL_OISEAU as METHOD_VOL_OISEAU_, detourMethodFr, estimateLabelFr, estimateParams, type EstimateParams, type TimeMethod,
} from '../routing/fallback.ts';
import { haversine } from '../geo.ts';
import { parseWeekHours, type Weekday } from '../diagnosis/hours.ts';
import type { Demand } from './types.ts';
import type { FranceServicesType, SiteKind } from './scenario.ts';
import { createScenarioEngine, engineUnitTimes, applyScenario } from './scenario.ts';

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
  /** Canton code, and its name when a loaded file gives one. */
  canton?: string;
  cantonName?: string;
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
  /** Isochrones drawn around the candidate on the fiche's map, minutes. Default 10, 20, 30. */
  isochroneMinutes: number[];
}

export const DEFAULT_LABELLING_PARAMS: LabellingParams = {
  thresholdMinutes: 30,
  duplicateMeters: 50,
  minWeeklyHours: 24,
  minOpenDays: 5,
  minAgents: 2,
  spacingMinutes: null,
  missingDay: 'closed',
  isochroneMinutes: [10, 20, 30],
};

export const CHARTER_SOURCE =
  'Charte nationale France services : ouverture d’au moins 24 heures par semaine sur 5 jours, avec au moins 2 agents. ' +
  'Ces valeurs sont modifiables dans les paramètres.';

export const NO_NATIONAL_SPACING_RULE =
  "Il n'existe pas de règle nationale chiffrée d'espacement minimal entre deux France services. " +
  'Le département peut fixer sa propre doctrine (temps de trajet minimal), désactivée par défaut.';

/** 'km': road or estimated distances (one decimal); 'm': short straight-line distances. */
export type FigureUnit = 'min' | 'km' | 'm' | 'personnes' | '%' | 'h' | 'jours' | 'agents';

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
  /** The reason, in French, as read after "parce que" (no capital, no final full stop). */
  detail: string;
}

/** The verdict printed for each status. */
export const CHECK_VERDICTS: Record<CheckStatus, string> = { ok: 'Conforme', alerte: 'Non conforme', non_applicable: 'Non applicable' };

/** French elision before a vowel or a mute h: "que" + "aucun" → "qu'aucun", "de" + "Imphy" → "d'Imphy". */
const elides = (word: string) => /^[aeiouyhàâäéèêëîïôöûüœ]/i.test(word.normalize('NFC'));
export const elide = (particle: 'que' | 'de', next: string) => (elides(next) ? `${particle.slice(0, -1)}’${next}` : `${particle} ${next}`);

/** "Conforme, parce que 2 agents sont prévus (au moins 2 demandés)." */
export function checkSentence(c: Pick<Check, 'status' | 'detail'>): string {
  const reason = c.detail.trim().replace(/\.$/, '');
  return reason ? `${CHECK_VERDICTS[c.status]}, parce ${elide('que', reason)}.` : `${CHECK_VERDICTS[c.status]}.`;
}

/** "canton de Clamecy (5803)", "canton d'Imphy (5809)", "canton 5809 (nom non disponible)". */
export function cantonText(code: string, name?: string | null): string {
  const n = name?.trim();
  return n ? `canton ${elide('de', n)} (${code})` : `canton ${code} (nom non disponible)`;
}

/** One of the nearest France services, any type. */
export interface NearbySite {
  siteId: string;
  name?: string;
  type?: FranceServicesType;
  lon: number;
  lat: number;
  minutes: number;
  /** Length of the fastest route (access legs excluded), or straight line × detour. */
  meters: number;
  method: TimeMethod;
}

/** The candidate's isochrones: on the road network, or straight-line estimate circles. */
export type CandidateIsochrones =
  | { method: 'route'; features: IsochroneFeature[] }
  | { method: 'vol_oiseau'; circles: { minutes: number; meters: number }[] };

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
  /** The three nearest France services (fewer when fewer exist), nearest first. */
  nearestThree: NearbySite[];
  isochrones: CandidateIsochrones;
  /** The candidate's canton (code and name) as given. */
  canton: { code: string; name: string | null } | null;
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

/**
 * The `n` nearest France services (any type) from the candidate: road times and fastest-route
 * lengths from one Dijkstra when both ends are on the graph, the straight-line estimate for the
 * other pairs. Sorted by time, then distance, then name; one entry per site id.
 */
export function nearestSites(
  graph: RoadGraph | null,
  cand: LabellingCandidate,
  sites: readonly ExistingSite[],
  estimate: EstimateParams,
  n = 3,
): NearbySite[] {
  const fs = sites.filter((s) => s.kind === 'france_services');
  const out: (NearbySite & { node: number })[] = [];
  const road = graph !== null && cand.node >= 0;
  const res = road ? multiSourceDijkstra(adjacency(graph, 'from_sources'), { nodes: [cand.node], offsets: [0] }, { withPred: true }) : null;
  for (const s of fs) {
    const base = { siteId: s.id, ...(s.name ? { name: s.name } : {}), ...(s.fsType ? { type: s.fsType } : {}), lon: s.lon, lat: s.lat };
    if (res && s.node >= 0) {
      const t = res.time[s.node];
      if (Number.isFinite(t)) out.push({ ...base, minutes: t + (cand.legMinutes ?? 0) + (s.legMinutes ?? 0), meters: NaN, method: 'route', node: s.node });
      continue;
    }
    if (![s.lon, s.lat, cand.lon, cand.lat].every(Number.isFinite)) continue;
    const straight = haversine(cand.lon, cand.lat, s.lon, s.lat) as number;
    out.push({ ...base, minutes: ((straight * estimate.detour) / 1000 / estimate.speedKmh) * 60, meters: straight * estimate.detour, method: 'vol_oiseau', node: -1 });
  }
  // Route lengths only for the few that can be kept (a route walk per site).
  const byTime = out.sort((a, b) => a.minutes - b.minutes);
  const seen = new Set<string>();
  const kept: NearbySite[] = [];
  for (const x of byTime) {
    if (seen.has(x.siteId)) continue;
    if (x.method === 'route' && graph && res) x.meters = routePolyline(graph, res, 'from_sources', x.node)?.lengthM ?? NaN;
    seen.add(x.siteId);
    const { node: _node, ...site } = x;
    kept.push(site);
    if (kept.length >= n + 4) break; // a few spare ones for the ties broken by distance below
  }
  return kept
    .sort((a, b) => a.minutes - b.minutes || a.meters - b.meters || (a.name ?? a.siteId).localeCompare(b.name ?? b.siteId, 'fr'))
    .slice(0, n);
}

/** Straight-line radius reached in `minutes` by the estimate (distance × detour ÷ speed). */
export const estimateRadiusMeters = (minutes: number, estimate: EstimateParams) => ((minutes / 60) * estimate.speedKmh * 1000) / estimate.detour;

/** Isochrones of the candidate: road (times from every node to it) or estimate circles. */
export function candidateIsochrones(graph: RoadGraph | null, cand: LabellingCandidate, minutes: readonly number[], estimate: EstimateParams): CandidateIsochrones {
  const sorted = [...minutes].filter((m) => m > 0 && Number.isFinite(m)).sort((a, b) => a - b);
  if (graph && cand.node >= 0 && sorted.length) {
    const max = sorted[sorted.length - 1];
    const res = multiSourceDijkstra(adjacency(graph, 'to_sources'), { nodes: [cand.node], offsets: [cand.legMinutes ?? 0] }, { cutoff: max });
    return { method: 'route', features: traceIsochrones(graph.lon, graph.lat, res.time, { thresholds: sorted }).features };
  }
  return { method: 'vol_oiseau', circles: sorted.map((m) => ({ minutes: m, meters: estimateRadiusMeters(m, estimate) })) };
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

  // 1. Nearest France services of each type (for the spacing check), and the three nearest of any type.
  const nearest = {} as Record<FranceServicesType, NearestOfType | null>;
  for (const t of TYPES) {
    const n = nearestOfType(graph, candidate, fs, t, estimate);
    nearest[t] = n;
    if (n?.method === 'vol_oiseau' || (!n && !graph)) anyEstimate = true;
  }
  const nearestThree = nearestSites(graph, candidate, fs, estimate, 3);
  nearestThree.forEach((n, i) => {
    const what = `${i + 1}${i === 0 ? 're' : 'e'} France services la plus proche : ${n.name ?? n.siteId}`;
    const est_ = n.method === 'vol_oiseau' ? ` (${est})` : '';
    figures.push(
      { key: `proche_${i + 1}_temps`, label: `Temps de trajet, ${what}${est_}`, value: n.minutes, unit: 'min', method: n.method },
      {
        key: `proche_${i + 1}_distance`,
        label: n.method === 'vol_oiseau' ? `Distance estimée (ligne droite × ${estimate.detour.toLocaleString('fr-FR')}), ${what}` : `Distance par la route (trajet le plus rapide), ${what}`,
        value: Number.isFinite(n.meters) ? n.meters / 1000 : null,
        unit: 'km',
        method: n.method,
      },
    );
  });

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
  // Whole persons: the units (grid cells) carry fractional people.
  figures.push(
    { key: 'nouveaux_population', label: `Personnes nouvellement à moins de ${fmt(T)} min d'une France services${graph ? '' : ` (${est})`}`, value: Math.round(newPop), unit: 'personnes', method: peopleMethod },
    { key: 'nouveaux_75', label: 'dont personnes de 75 ans ou plus', value: known75 ? Math.round(new75) : null, unit: 'personnes', method: peopleMethod },
    { key: 'nouveaux_besoin', label: "dont personnes ayant besoin d'aide (estimation)", value: knownNeed ? Math.round(newNeed) : null, unit: 'personnes', method: peopleMethod },
  );
  if (graph && newEstimated > 0) {
    figures.push({ key: 'nouveaux_estimes', label: `dont personnes hors du réseau routier chargé, temps ${est}`, value: Math.round(newEstimated), unit: 'personnes', method: 'vol_oiseau' });
  }
  figures.push(
    { key: 'part_avant', label: `Part de la population du département à moins de ${fmt(T)} min, avant`, value: depPop > 0 ? (100 * depBefore) / depPop : null, unit: '%', method: graph ? 'route' : 'vol_oiseau' },
    { key: 'part_apres', label: `Part de la population du département à moins de ${fmt(T)} min, après`, value: depPop > 0 ? (100 * depAfter) / depPop : null, unit: '%', method: graph ? 'route' : 'vol_oiseau' },
  );

  // 3. Canton.
  const canton = candidate.canton ? { code: candidate.canton, name: candidate.cantonName?.trim() || null } : null;
  if (!canton) {
    checks.push({ key: 'canton', label: 'Pas d’autre France services dans le canton', status: 'non_applicable', detail: "le canton du lieu n'est pas connu (aucun contour de canton chargé ne contient ce point)" });
  } else {
    const where = cantonText(canton.code, canton.name);
    const same = fs.filter((s) => s.canton === candidate.canton);
    const names = [...new Set(same.map((s) => s.name ?? s.id))];
    checks.push(
      same.length > 0
        ? { key: 'canton', label: 'Pas d’autre France services dans le canton', status: 'alerte', detail: `le ${where} compte déjà ${names.length} France services : ${names.join(', ')}` }
        : { key: 'canton', label: 'Pas d’autre France services dans le canton', status: 'ok', detail: `aucune France services n'est implantée dans le ${where}` },
    );
  }

  // 4. Likely duplicate.
  const close = existing
    .map((s) => ({ s, d: haversine(candidate.lon, candidate.lat, s.lon, s.lat) as number }))
    .filter((x) => x.d <= p.duplicateMeters)
    .sort((a, b) => a.d - b.d);
  figures.push({ key: 'lieu_le_plus_proche_m', label: 'Distance au lieu existant le plus proche (à vol d’oiseau)', value: nearestStraight(candidate, existing), unit: 'm' });
  const dupLabel = `Pas de lieu existant à moins de ${fmt(p.duplicateMeters)} m (doublon probable)`;
  checks.push(
    close.length > 0
      ? { key: 'doublon', label: dupLabel, status: 'alerte', detail: `${close.map((x) => `« ${x.s.name ?? x.s.id} » est à ${fmt(x.d)} m`).join(', ')} : c'est probablement le même lieu` }
      : { key: 'doublon', label: dupLabel, status: 'ok', detail: `aucun lieu existant n'est à moins de ${fmt(p.duplicateMeters)} m` },
  );

  // 5. Opening hours and agents (charte nationale France services, editable values).
  const hoursLabel = `Ouverture d'au moins ${fmt(p.minWeeklyHours)} h sur ${fmt(p.minOpenDays)} jours`;
  const wanted = `au moins ${fmt(p.minWeeklyHours)} h sur ${fmt(p.minOpenDays)} jours demandés`;
  const dayWord = (n: number) => `${n} jour${n > 1 ? 's' : ''}`;
  if (!candidate.hours || Object.values(candidate.hours).every((v) => v === null || v === undefined || String(v).trim() === '')) {
    figures.push({ key: 'heures', label: "Heures d'ouverture par semaine", value: null, unit: 'h' }, { key: 'jours', label: "Jours d'ouverture par semaine", value: null, unit: 'jours' });
    checks.push({ key: 'horaires', label: hoursLabel, status: 'non_applicable', detail: "les horaires d'ouverture ne sont pas renseignés" });
  } else {
    const week = parseWeekHours(candidate.hours, { missingDay: p.missingDay });
    if (!week.ok) {
      figures.push({ key: 'heures', label: "Heures d'ouverture par semaine", value: null, unit: 'h' }, { key: 'jours', label: "Jours d'ouverture par semaine", value: null, unit: 'jours' });
      checks.push({ key: 'horaires', label: hoursLabel, status: 'alerte', detail: `les horaires sont illisibles (${week.reason})` });
    } else {
      const days = Object.values(week.perDay).filter((h) => h > 0).length;
      figures.push({ key: 'heures', label: "Heures d'ouverture par semaine", value: week.hours, unit: 'h' }, { key: 'jours', label: "Jours d'ouverture par semaine", value: days, unit: 'jours' });
      const ok = week.hours >= p.minWeeklyHours && days >= p.minOpenDays;
      checks.push({
        key: 'horaires', label: hoursLabel, status: ok ? 'ok' : 'alerte',
        detail: ok ? `le lieu ouvre ${fmt(week.hours, 1)} h sur ${dayWord(days)} (${wanted})` : `le lieu n'ouvre que ${fmt(week.hours, 1)} h sur ${dayWord(days)}, pour ${wanted}`,
      });
    }
  }
  const agents = candidate.agents !== undefined && Number.isFinite(candidate.agents) ? candidate.agents : undefined;
  figures.push({ key: 'agents', label: 'Agents', value: agents ?? null, unit: 'agents' });
  const agentsWanted = `au moins ${fmt(p.minAgents)} demandés`;
  checks.push(
    agents === undefined
      ? { key: 'agents', label: `Au moins ${fmt(p.minAgents)} agents`, status: 'non_applicable', detail: "le nombre d'agents n'est pas renseigné" }
      : agents >= p.minAgents
        ? { key: 'agents', label: `Au moins ${fmt(p.minAgents)} agents`, status: 'ok', detail: `${fmt(agents)} agent${agents > 1 ? 's sont prévus' : ' est prévu'} (${agentsWanted})` }
        : { key: 'agents', label: `Au moins ${fmt(p.minAgents)} agents`, status: 'alerte', detail: `${agents > 1 ? `seuls ${fmt(agents)} agents sont prévus` : `${agents === 1 ? 'un seul agent est prévu' : 'aucun agent n’est prévu'}`}, pour ${agentsWanted}` },
  );

  // 6. Spacing doctrine (departmental, off by default).
  const nearestAny = Math.min(...TYPES.map((t) => nearest[t]?.minutes ?? Infinity));
  const anyIsEstimate = TYPES.some((t) => nearest[t] && nearest[t]!.minutes === nearestAny && nearest[t]!.method === 'vol_oiseau');
  if (p.spacingMinutes === null) {
    checks.push({
      key: 'espacement', label: 'Espacement minimal entre France services (doctrine départementale)', status: 'non_applicable',
      detail: "aucune règle nationale chiffrée d'espacement n'existe et le département n'a pas fixé la sienne (réglage désactivé)",
    });
  } else {
    const ok = !(nearestAny < p.spacingMinutes);
    const at = `la France services la plus proche est à ${fmt(nearestAny, 0)} min${anyIsEstimate ? ` (${est})` : ''}`;
    checks.push({
      key: 'espacement',
      label: `Au moins ${fmt(p.spacingMinutes)} min de toute autre France services (doctrine départementale)`,
      status: ok ? 'ok' : 'alerte',
      detail: !Number.isFinite(nearestAny)
        ? `aucune autre France services n'est atteignable, pour ${fmt(p.spacingMinutes)} min au moins fixées par le département`
        : ok
          ? `${at}, au moins les ${fmt(p.spacingMinutes)} min fixées par le département`
          : `${at}, moins que les ${fmt(p.spacingMinutes)} min fixées par le département`,
    });
  }

  const isochrones = candidateIsochrones(graph, candidate, p.isochroneMinutes, estimate);
  if (isochrones.method === 'vol_oiseau') anyEstimate = true;

  return {
    candidateId: candidate.id,
    title: `Fiche de labellisation : ${candidate.name ?? candidate.id}`,
    params: p,
    method: graph ? 'route' : 'vol_oiseau',
    estimate,
    nearest,
    nearestThree,
    isochrones,
    canton,
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
