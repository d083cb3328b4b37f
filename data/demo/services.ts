/**
 * Points of service and coverage: France Services, lieux de médiation numérique, conseillers
 * numériques, public libraries, mobile sites and wired broadband eligibility.
 */
import type { Rng } from './prng.ts';
import { toKm, toLonLat, type Pt } from './geo.ts';
import { buildGraph, nodeKey, travelTimes } from './graph.ts';
import { STREET_NAMES, upperNoAccent } from './names.ts';
import { lambert93 } from './projections.ts';
import type { RoadNetwork } from './roads.ts';
import type { Commune, Territory } from './territory.ts';
import { apportion } from './util.ts';

export interface Site {
  commune: Commune;
  lonLat: Pt;
  address: string;
}

export interface FranceServices extends Site {
  id: string;
  name: string;
  mail: string;
  phone: string;
  hours: string[]; // lundi … samedi
  rdv: 'Oui' | 'Non';
  comment: string;
  type: 'Principal' | 'Antenne';
  format: 'Fixe' | 'Bus_équivalent' | 'Fixe_antenne(s)';
  label: string;
}

const VILLAGE_STREETS = ['Place de la Mairie', "Rue de l'Église", 'Grande Rue', 'Le Bourg', 'Place du Champ de Foire', 'Rue des Écoles', 'Route de la Forêt', 'Rue du Lavoir'];

/** A point near the commune centre that stays inside the commune, with a fictional address. */
export function siteIn(rng: Rng, t: Territory, c: Commune, maxKm?: number): Site {
  const r = maxKm ?? (c.kind === 'town' ? 0.6 : c.kind === 'bourg' ? 0.35 : 0.2);
  let p: Pt = c.centre;
  for (let k = 0; k < 20; k++) {
    const a = rng.uniform(0, 2 * Math.PI);
    const d = r * Math.sqrt(rng.next());
    const q: Pt = [c.centre[0] + d * Math.cos(a), c.centre[1] + d * Math.sin(a)];
    if (t.delaunay.find(q[0], q[1]) === c.index) {
      p = q;
      break;
    }
  }
  const street = c.kind === 'village' ? rng.pick(VILLAGE_STREETS) : rng.pick(STREET_NAMES);
  const num = street === 'Le Bourg' ? '' : `${rng.int(1, c.kind === 'village' ? 18 : 64)}${rng.chance(0.08) ? ' bis' : ''} `;
  return { commune: c, lonLat: toLonLat(p), address: `${num}${street}` };
}

export function phone(rng: Rng): string {
  return `03 86 ${[0, 0, 0].map(() => String(rng.int(0, 99)).padStart(2, '0')).join(' ')}`;
}

function slug(text: string): string {
  return upperNoAccent(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

const FULL_DAY = ['09:00 - 12:00 / 13:30 - 17:00', '08:30 - 12:00 / 13:30 - 17:00', '09:00 - 12:30 / 14:00 - 17:30', '08:45 - 12:15 / 13:30 - 16:45'];

/**
 * France Services: the main town (a fixed site and the bus base), the bourgs, and an antenna in a
 * larger village. The remote corner is deliberately left more than 30 minutes away.
 */
export function buildFranceServices(rng: Rng, t: Territory, roads: RoadNetwork): { sites: FranceServices[]; minutes: number[] } {
  const { communes } = t;
  const town = communes[t.town];
  const graph = buildGraph(roads.segments);
  const nodeOf = (c: Commune) => graph.nodeIndex.get(nodeKey(roads.centreNodes[c.index]))!;
  const bourgs = t.bourgs.map((i) => communes[i]).sort((a, b) => a.remote - b.remote).slice(0, 4);
  const fixedHosts = [town, ...bourgs];
  const timesFrom = (hosts: Commune[]) => {
    const tt = travelTimes(graph, hosts.map(nodeOf));
    return communes.map((c) => tt[nodeOf(c)]);
  };
  // Antenna: the larger, non-remote village that is farthest (by road) from the fixed sites,
  // as long as the remote corner still has communes beyond 30 minutes.
  const base = timesFrom(fixedHosts);
  const candidates = communes
    .filter((c) => c.kind === 'village' && c.pop >= 500 && c.remote < 0.25)
    .sort((a, b) => base[b.index] - base[a.index] || a.index - b.index);
  let antenna: Commune | undefined;
  for (const c of candidates) {
    const m = timesFrom([...fixedHosts, c]);
    if (m.some((x) => x > 30) && base[c.index] > 10) {
      antenna = c;
      break;
    }
  }
  const hosts = antenna ? [...fixedHosts, antenna] : fixedHosts;
  const minutes = timesFrom(hosts);

  const label = () => `Espace labellisé ${rng.pick(['01/01/2020', '01/02/2020', '01/09/2020', '15/01/2021', '01/01/2022'])}`;
  const sites: FranceServices[] = [];
  const week = (closedSat: boolean) => {
    const full = rng.pick(FULL_DAY);
    const morning = full.split(' / ')[0];
    const days = [full, full, full, full, full, closedSat ? '' : '09:00 - 12:00'];
    const half = rng.int(0, 4);
    if (rng.chance(0.5)) days[half] = rng.chance(0.5) ? morning : '';
    return days;
  };
  const townSite = siteIn(rng, t, town);
  sites.push({
    ...townSite, id: '', name: `France services ${deOf(town.name)}`, mail: `${slug(town.name)}@france-services.example`, phone: phone(rng),
    hours: week(false), rdv: 'Non', comment: '', type: 'Principal', format: 'Fixe', label: label(),
  });
  for (const b of bourgs) {
    const s = siteIn(rng, t, b);
    sites.push({
      ...s, id: '', name: `France services ${deOf(b.name)}`, mail: `${slug(b.name)}@france-services.example`, phone: phone(rng),
      hours: week(true), rdv: rng.chance(0.4) ? 'Oui' : 'Non', comment: '', type: 'Principal', format: 'Fixe', label: label(),
    });
  }
  if (antenna) {
    const parent = sites[1 + bourgs.indexOf(bourgs.slice().sort((a, b) => dist2(a, antenna) - dist2(b, antenna))[0])];
    const s = siteIn(rng, t, antenna);
    sites.push({
      ...s, id: '', name: `${parent.name} - Antenne ${deOf(antenna.name)}`, mail: parent.mail, phone: phone(rng),
      hours: ['', '09:00 - 12:00', '', '09:00 - 12:00 / 13:30 - 16:30', '', ''], rdv: 'Oui',
      comment: 'Antenne ouverte deux jours par semaine (données fictives).', type: 'Antenne', format: 'Fixe_antenne(s)', label: label(),
    });
  }
  // The bus is based in the main town (one coordinate: its base, as in the real list).
  const busBase = siteIn(rng, t, town);
  sites.push({
    ...busBase, id: '', name: `Bus France services du Val-de-Loue`, mail: `bus.val-de-loue@france-services.example`, phone: phone(rng),
    hours: ['09:30 - 12:30 / 13:30 - 16:00', '09:30 - 12:30 / 13:30 - 16:00', '', '09:30 - 12:30 / 13:30 - 16:00', '09:30 - 12:30', ''],
    rdv: 'Non', comment: 'Bus itinérant : une demi-journée par semaine dans huit communes rurales (données fictives).', type: 'Principal', format: 'Bus_équivalent', label: label(),
  });
  sites.forEach((s, i) => (s.id = String(i + 1)));
  return { sites, minutes };
}

function dist2(a: Commune, b: Commune): number {
  return (a.centre[0] - b.centre[0]) ** 2 + (a.centre[1] - b.centre[1]) ** 2;
}

/** "de X" / "d'X" / "du X" for place names inside labels. */
export function deOf(name: string): string {
  if (name.startsWith('Le ')) return `du ${name.slice(3)}`;
  if (name.startsWith('Les ')) return `des ${name.slice(4)}`;
  if (/^[AEIOUÉÈÂÔ]/.test(name)) return `d'${name}`;
  return `de ${name}`;
}

const SERVICES = {
  access: ['Accéder à une connexion internet', 'Accéder à du matériel'],
  basics: ['Prendre en main un ordinateur', 'Prendre en main un smartphone ou une tablette', 'Utiliser le numérique au quotidien'],
  more: ['Approfondir ma culture numérique', 'Promouvoir la citoyenneté numérique'],
  admin: ['Réaliser des démarches administratives avec un accompagnement', 'Devenir autonome dans les démarches administratives', 'Accompagner les démarches de santé'],
};
const PUBLICS = ['Adultes', 'Familles/enfants', 'Jeunes (16-26 ans)', 'Seniors (+ 65 ans)', 'Surdité', "Personnes en situation d'illettrisme", 'Déficience visuelle'];
const CONDITIONS = {
  free: 'Gratuit : Je peux accéder gratuitement au lieu et à ses services',
  member: "Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer",
  pass: "Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu",
};
const MODALITES = {
  help: "Avec de l'aide : je suis accompagné seul dans l'usage du numérique",
  workshop: "Dans un atelier : j'apprends collectivement à utiliser le numérique",
  alone: "Seul : j'ai accès à du matériel et une connexion",
  forme: 'A ma place : une personne habilitée fait les démarches à ma place',
};

export interface Lieu extends Site {
  name: string;
  services: string[];
  publics: string[];
  conditions: string[];
  modalites: string[];
  horaires: string;
  phone?: string;
  mail?: string;
}

export function buildLieux(rng: Rng, t: Territory, fs: FranceServices[], libraries: Site[]): Lieu[] {
  const { communes } = t;
  const town = communes[t.town];
  const lieux: Lieu[] = [];
  const publics = (n: number) => rng.shuffle(PUBLICS.slice()).slice(0, n).sort((a, b) => PUBLICS.indexOf(a) - PUBLICS.indexOf(b));
  for (const s of fs) {
    if (s.format === 'Bus_équivalent') continue;
    lieux.push({
      ...s, name: s.name, services: [...SERVICES.access, SERVICES.basics[2], ...SERVICES.admin], publics: publics(4), conditions: [CONDITIONS.free],
      modalites: [MODALITES.help, MODALITES.forme], horaires: s.type === 'Antenne' ? 'Tu 09:00-12:00; Th 09:00-12:00,13:30-16:30' : 'Mo-Fr 09:00-12:00,13:30-17:00',
      phone: s.phone, mail: s.mail,
    });
  }
  for (const lib of libraries.slice(0, 5)) {
    lieux.push({
      ...lib, name: `Médiathèque ${deOf(lib.commune.name)}`, services: [...SERVICES.access, ...SERVICES.basics, SERVICES.more[0]], publics: publics(5),
      conditions: [CONDITIONS.free], modalites: [MODALITES.alone, MODALITES.workshop], horaires: rng.pick(['Tu,Th 14:00-18:00; We 10:00-12:00,14:00-18:00; Sa 10:00-12:00', 'We 14:00-18:00; Fr 16:00-19:00; Sa 09:30-12:30']),
    });
  }
  const townExtras: [string, string[], string[], string[]][] = [
    ['Centre social et culturel des Tilleuls', [...SERVICES.basics, SERVICES.admin[0]], [CONDITIONS.free, CONDITIONS.pass], [MODALITES.help, MODALITES.workshop]],
    ["Association Clic'Loue", [...SERVICES.basics, ...SERVICES.more], [CONDITIONS.member, CONDITIONS.pass], [MODALITES.workshop]],
    ['Espace public numérique de la Maison des solidarités', [...SERVICES.access, SERVICES.admin[1]], [CONDITIONS.free], [MODALITES.alone, MODALITES.help]],
  ];
  for (const [name, services, conditions, modalites] of townExtras) {
    lieux.push({ ...siteIn(rng, t, town), name, services, publics: publics(4), conditions, modalites, horaires: 'Mo-Fr 09:00-12:00,14:00-17:30', phone: phone(rng) });
  }
  const villages = communes.filter((c) => c.kind === 'village' && c.pop >= 250).sort((a, b) => b.pop - a.pop || a.index - b.index);
  const chosen = rng.shuffle(villages.slice(0, 30)).slice(0, rng.int(4, 7));
  for (const c of chosen) {
    const kind = rng.next();
    const name = kind < 0.5 ? `Point numérique de la mairie ${deOf(c.name)}` : kind < 0.8 ? `Tiers-lieu ${rng.pick(['La Fabrique', "L'Atelier", 'Le Relais', 'La Grange'])} ${deOf(c.name)}` : `Club informatique ${deOf(c.name)}`;
    lieux.push({
      ...siteIn(rng, t, c), name, services: kind < 0.5 ? [SERVICES.access[0], SERVICES.admin[1]] : [...SERVICES.basics.slice(0, 2), SERVICES.more[0]],
      publics: publics(3), conditions: kind >= 0.8 ? [CONDITIONS.member] : [CONDITIONS.free], modalites: kind < 0.5 ? [MODALITES.alone] : [MODALITES.workshop],
      horaires: rng.pick(['Mo 14:00-17:00; Th 09:00-12:00', 'We 14:00-18:00', 'Tu,Fr 09:00-12:00', 'Sa 09:30-12:00']),
    });
  }
  return lieux;
}

export function buildLibraries(rng: Rng, t: Territory): Site[] {
  const { communes } = t;
  const ordered = communes.slice().sort((a, b) => b.pop - a.pop || a.index - b.index);
  const big = ordered.filter((c) => c.kind !== 'village');
  const villages = rng.shuffle(ordered.filter((c) => c.kind === 'village' && c.pop >= 300).slice(0, 25)).slice(0, rng.int(6, 9));
  return [...big, ...villages].map((c) => siteIn(rng, t, c));
}

export interface MobileSite {
  operator: string;
  x: number;
  y: number;
  g2: 0 | 1;
  g3: 0 | 1;
  g4: 0 | 1;
}

export function buildMobileSites(rng: Rng, t: Territory, roads: RoadNetwork): MobileSite[] {
  const { communes } = t;
  const operators: [string, number, number][] = [['20801', 36, 44], ['20810', 31, 38], ['20815', 25, 32], ['20820', 28, 36]];
  const mainSegments = roads.segments.filter((s) => s.importance === '2' || s.importance === '3');
  const weights = communes.map((c) => Math.sqrt(c.pop) * (1 - 0.75 * c.remote));
  const wSum = weights.reduce((s, v) => s + v, 0);
  const pickCommune = () => {
    let r = rng.next() * wSum;
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]) <= 0) return communes[i];
    return communes[communes.length - 1];
  };
  const out: MobileSite[] = [];
  for (const [op, lo, hi] of operators) {
    const count = rng.int(lo, hi);
    const pts: { p: Pt; remote: number }[] = [];
    const town = communes[t.town];
    for (let k = 0; k < rng.int(3, 4); k++) pts.push({ p: jitter(rng, town.centre, 1.8), remote: 0 });
    for (const b of t.bourgs) for (let k = 0; k < rng.int(1, 2); k++) pts.push({ p: jitter(rng, communes[b].centre, 1.2), remote: communes[b].remote });
    const nRoad = Math.round((count - pts.length) * 0.35);
    for (let k = 0; k < nRoad; k++) {
      const s = rng.pick(mainSegments);
      const v = s.coords[rng.int(0, s.coords.length - 1)];
      const km = toKm(v);
      pts.push({ p: jitter(rng, km, 0.8), remote: communes[t.delaunay.find(km[0], km[1])].remote });
    }
    while (pts.length < count) {
      const c = pickCommune();
      pts.push({ p: jitter(rng, c.centre, 1.5), remote: c.remote });
    }
    for (const { p, remote } of pts) {
      const [x, y] = lambert93.forward(toLonLat(p)) as Pt;
      const p4 = remote > 0.5 ? (op === '20815' ? 0.65 : 0.45) : 0.93;
      out.push({ operator: op, x: Math.round(x), y: Math.round(y), g2: op === '20815' ? 0 : 1, g3: rng.chance(0.94) ? 1 : 0, g4: rng.chance(p4) ? 1 : 0 });
    }
  }
  return out;
}

function jitter(rng: Rng, p: Pt, km: number): Pt {
  const a = rng.uniform(0, 2 * Math.PI);
  const d = km * Math.sqrt(rng.next());
  return [p[0] + d * Math.cos(a), p[1] + d * Math.sin(a)];
}

/** Wired eligibility classes (premises): [inel_hd, hd05, hd3, hd8, thd30, thd100, thd1g]. */
export function broadband(rng: Rng, c: Commune): { nbr: number; classes: number[] } {
  const nbr = Math.max(5, Math.round(c.pop * rng.uniform(0.7, 0.8)));
  let ftth: number;
  if (c.kind === 'town') ftth = rng.uniform(0.82, 0.95);
  else if (c.kind === 'bourg') ftth = rng.uniform(0.65, 0.9);
  else {
    const r = rng.next();
    const lowP = c.remote > 0.55 ? 0.4 : 0.15;
    ftth = r < lowP ? rng.uniform(0, 0.05) : r < lowP + 0.12 ? rng.uniform(0.2, 0.5) : rng.uniform(0.5, 1);
  }
  const rest = 1 - ftth;
  const w = [0.02 + 0.03 * c.remote, 0.04, 0.1, 0.5, rng.uniform(0.05, 0.35), rng.uniform(0, 0.04)].map((v) => v * rng.uniform(0.6, 1.4));
  const ws = w.reduce((s, v) => s + v, 0);
  const classes = apportion(nbr, [...w.map((v) => (v / ws) * rest), ftth]);
  return { nbr, classes };
}

