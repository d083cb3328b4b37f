/**
 * The fictional territory: outline, commune seed points, Voronoi commune polygons, populations,
 * age structure and social indicators, EPCIs and cantons.
 */
import { Delaunay } from 'd3-delaunay';
import type { Rng } from './prng.ts';
import { clipByConvex, dist, pointInRing, signedArea, toLonLat, toLonLatRing, type Pt } from './geo.ts';
import { communeName, deName } from './names.ts';
import { apportion, clamp, sortKey } from './util.ts';

export type Kind = 'town' | 'bourg' | 'village';

/** Internal age classes: 0-14, 15-29, 30-44, 45-59, 60-64, 65-74, 75-79, 80-89, 90+. */
export type AgeCounts = [number, number, number, number, number, number, number, number, number];

export interface Commune {
  index: number;
  code: string;
  name: string;
  kind: Kind;
  /** Village centre in the local km frame (also the road node). */
  centre: Pt;
  /** Village centre as rounded lon/lat. */
  lonLat: Pt;
  /** Closed counter-clockwise ring, rounded lon/lat. */
  ring: Pt[];
  /** Open ring in the local km frame (for planar work). */
  ringKm: Pt[];
  areaKm2: number;
  /** 0 (central) … 1 (the sparse, hilly far corner). */
  remote: number;
  pop: number;
  ages: AgeCounts;
  neighbours: number[];
  epci: number;
  canton: number;
  postcode: string;
  hhSize: number;
  nscol: number;
  menSeul: number;
  famMono: number;
  tx25: number;
  txDemandeurs: number | null;
  /** Share of tax households with RFR ≤ 12,000 € (the dataforgood TX_POVERTY definition). */
  lowRfr: number;
  /** Filosofi-style poverty rate of households (for Men_pauv). */
  poverty: number;
}

export interface Epci {
  siren: string;
  name: string;
  nature: 'CA' | 'CC';
  seat: number;
}

export interface Canton {
  code: string;
  name: string;
  seat: number;
  members: number[];
}

export interface Territory {
  outlineKm: Pt[];
  communes: Commune[];
  epcis: Epci[];
  cantons: Canton[];
  town: number;
  bourgs: number[];
  /** Direction (radians) of the remote corner. */
  remoteAngle: number;
  radiusKm: number;
  delaunay: Delaunay<Pt>;
}

function outlineRadius(theta: number, harmonics: { k: number; a: number; phi: number }[]): number {
  let r = 1;
  for (const h of harmonics) r += h.a * Math.sin(h.k * theta + h.phi);
  return r;
}

function angleDiff(a: number, b: number): number {
  let d = Math.abs(a - b) % (2 * Math.PI);
  if (d > Math.PI) d = 2 * Math.PI - d;
  return d;
}

export function buildTerritory(rng: Rng): Territory {
  // 1. Irregular star-shaped outline, scaled to the target area.
  const orng = rng.fork('outline');
  const harmonics = [] as { k: number; a: number; phi: number }[];
  for (let k = 2; k <= 7; k++) harmonics.push({ k, a: orng.uniform(0.02, 0.065) * Math.pow(3 / k, 0.6), phi: orng.uniform(0, 2 * Math.PI) });
  for (let k = 9; k <= 15; k += 2) harmonics.push({ k, a: orng.uniform(0.004, 0.012), phi: orng.uniform(0, 2 * Math.PI) });
  const nOut = 200;
  const unit: Pt[] = [];
  for (let i = 0; i < nOut; i++) {
    const t = (2 * Math.PI * i) / nOut;
    const r = outlineRadius(t, harmonics) * (1 + orng.uniform(-0.006, 0.006));
    unit.push([r * Math.cos(t) * 1.06, r * Math.sin(t) * 0.95]);
  }
  const targetArea = orng.uniform(2900, 3100);
  const scale = Math.sqrt(targetArea / signedArea(unit));
  const outlineKm: Pt[] = unit.map(([x, y]) => [x * scale, y * scale]);
  const radiusKm = scale;
  const rOut = (theta: number) => outlineRadius(theta, harmonics) * scale;

  // 2. Main town, bourgs and the remote corner.
  const prng = rng.fork('places');
  const townAngle = Math.PI + prng.uniform(-0.7, 0.7);
  const remoteAngle = townAngle + Math.PI + prng.uniform(-0.3, 0.3);
  const townR = 0.33 * rOut(townAngle);
  const townPt: Pt = [Math.cos(townAngle) * townR, Math.sin(townAngle) * townR];
  const nBourgs = prng.int(3, 5);
  const bourgPts: Pt[] = [];
  for (let attempt = 0; bourgPts.length < nBourgs && attempt < 4000; attempt++) {
    const relax = attempt > 2000 ? 0.8 : 1;
    const th = prng.uniform(0, 2 * Math.PI);
    if (angleDiff(th, remoteAngle) < (75 * Math.PI / 180) * relax) continue;
    const r = prng.uniform(0.38, 0.7) * rOut(th);
    const p: Pt = [Math.cos(th) * r, Math.sin(th) * r];
    if (dist(p, townPt) < 14 * relax) continue;
    if (bourgPts.some((q) => dist(p, q) < 13 * relax)) continue;
    bourgPts.push(p);
  }

  const remoteOf = (p: Pt): number => {
    const th = Math.atan2(p[1], p[0]);
    const r = Math.hypot(p[0], p[1]) / rOut(th);
    return clamp(Math.cos(angleDiff(th, remoteAngle)) * r * 1.25 - 0.15, 0, 1);
  };

  // 3. Village seeds: dart throwing with a spatially varying spacing (denser near the town).
  const srng = rng.fork('seeds');
  const nCommunes = srng.int(150, 172);
  const pts: Pt[] = [townPt, ...bourgPts];
  const spacing = (p: Pt) => {
    const w = 1.15 - 0.45 * remoteOf(p) + 0.55 * Math.exp(-dist(p, townPt) / 9);
    return 1 / Math.sqrt(w);
  };
  const inside = (p: Pt, margin: number) => {
    const th = Math.atan2(p[1], p[0]);
    return pointInRing(p, outlineKm) && Math.hypot(p[0], p[1]) < rOut(th) - margin * 1.2;
  };
  let r0 = Math.sqrt(targetArea / nCommunes) * 0.92;
  let tries = 0;
  while (pts.length < nCommunes) {
    const p: Pt = [srng.uniform(-1.2, 1.2) * radiusKm, srng.uniform(-1.2, 1.2) * radiusKm];
    tries++;
    if (tries % 3000 === 0) r0 *= 0.96;
    if (!inside(p, 0.9)) continue;
    const rp = r0 * spacing(p);
    let ok = dist(p, townPt) > 3.2;
    for (let i = 0; ok && i < pts.length; i++) if (dist(p, pts[i]) < Math.min(rp, r0 * spacing(pts[i]))) ok = false;
    if (ok) pts.push(p);
  }

  // 4. Voronoi cells clipped to the outline.
  const delaunay = Delaunay.from(pts);
  const big = radiusKm * 3;
  const voronoi = delaunay.voronoi([-big, -big, big, big]);
  const cells: Pt[][] = [];
  for (let i = 0; i < pts.length; i++) {
    const poly = (voronoi.cellPolygon(i) as Pt[]).slice(0, -1).map((p) => [p[0], p[1]] as Pt);
    if (signedArea(poly) < 0) poly.reverse();
    cells.push(clipByConvex(outlineKm, poly));
  }

  // 5. Populations.
  const pop = assignPopulations(rng.fork('population'), pts, townPt, nBourgs, remoteOf, cells);

  // 6. Names (unique), then INSEE-like codes in alphabetical order.
  const nrng = rng.fork('names');
  const used = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < pts.length; i++) {
    let name = '';
    for (let k = 0; k < 100; k++) {
      name = communeName(nrng, i <= nBourgs ? 'town' : 'village');
      if (!used.has(sortKey(name)) && name.length <= 32) break;
    }
    used.add(sortKey(name));
    names.push(name);
  }
  const order = pts.map((_, i) => i).sort((a, b) => (sortKey(names[a]) < sortKey(names[b]) ? -1 : sortKey(names[a]) > sortKey(names[b]) ? 1 : a - b));

  const communesByPoint: Commune[] = pts.map((p, i) => {
    const ring = toLonLatRing(cells[i]);
    return {
      index: i,
      code: '',
      name: names[i],
      kind: i === 0 ? 'town' : i <= nBourgs ? 'bourg' : 'village',
      centre: p,
      lonLat: toLonLat(p),
      ring,
      ringKm: cells[i],
      areaKm2: signedArea(cells[i]),
      remote: remoteOf(p),
      pop: pop[i],
      ages: [0, 0, 0, 0, 0, 0, 0, 0, 0],
      neighbours: [],
      epci: -1,
      canton: -1,
      postcode: '',
      hhSize: 2.1,
      nscol: 0,
      menSeul: 0,
      famMono: 0,
      tx25: 0,
      txDemandeurs: null,
      lowRfr: 0,
      poverty: 0,
    };
  });
  order.forEach((pointIndex, rank) => {
    communesByPoint[pointIndex].code = `96${String(rank + 1).padStart(3, '0')}`;
  });
  const communes = communesByPoint; // index = point index (matches delaunay.find)

  // 7. Adjacency from shared (rounded) boundary edges.
  const edgeOwner = new Map<string, number>();
  const nb = communes.map(() => new Set<number>());
  for (const c of communes) {
    for (let k = 0; k < c.ring.length - 1; k++) {
      const a = c.ring[k];
      const b = c.ring[k + 1];
      const key = `${b[0]},${b[1]}|${a[0]},${a[1]}`;
      const other = edgeOwner.get(key);
      if (other !== undefined && other !== c.index) {
        nb[c.index].add(other);
        nb[other].add(c.index);
      }
      edgeOwner.set(`${a[0]},${a[1]}|${b[0]},${b[1]}`, c.index);
    }
  }
  communes.forEach((c) => (c.neighbours = [...nb[c.index]].sort((a, b) => a - b)));

  assignDemography(rng.fork('demography'), communes);
  const epcis = assignEpcis(rng.fork('epci'), communes, nBourgs);
  const cantons = assignCantons(rng.fork('cantons'), communes);
  return { outlineKm, communes, epcis, cantons, town: 0, bourgs: bourgPts.map((_, i) => i + 1), remoteAngle, radiusKm, delaunay };
}

function assignPopulations(rng: Rng, pts: Pt[], townPt: Pt, nBourgs: number, remoteOf: (p: Pt) => number, cells: Pt[][]): number[] {
  const n = pts.length;
  const pop = new Array<number>(n).fill(0);
  const townPop = rng.int(15500, 19500);
  const bourgPops = Array.from({ length: nBourgs }, (_, i) => Math.round(rng.uniform(2200, 5800) * (i === 0 ? 1.05 : 1)));
  const area = cells.reduce((s, c) => s + signedArea(c), 0);
  const targetTotal = Math.round(area * rng.uniform(29, 31.5));
  const villages: number[] = [];
  for (let i = nBourgs + 1; i < n; i++) villages.push(i);
  // The upper tail ("petits bourgs", 750–2,000 inhabitants) takes what ordinary villages
  // (median ≈ 230, mean ≈ 300) leave of the total, so the median stays village-sized.
  let rest = targetTotal - townPop - bourgPops.reduce((s, v) => s + v, 0);
  const shuffled = rng.shuffle(villages.slice());
  const tailSet = new Set<number>();
  let tailSum = 0;
  for (const i of shuffled) {
    const ordinaryLeft = villages.length - tailSet.size;
    if (tailSet.size >= 4 && rest - tailSum <= ordinaryLeft * 270) break;
    const v = Math.round(Math.exp(rng.uniform(Math.log(750), Math.log(2000))));
    tailSet.add(i);
    tailSum += v;
    pop[i] = v;
  }
  const weight = new Map<number, number>();
  for (const i of villages) {
    const p = pts[i];
    const peri = 1 + 1.3 * Math.exp(-dist(p, townPt) / 6);
    const rem = 1 - 0.45 * remoteOf(p);
    weight.set(i, Math.exp(Math.log(200) + 0.72 * rng.normal()) * peri * rem);
  }
  pop[0] = townPop;
  bourgPops.forEach((v, i) => (pop[i + 1] = v));
  rest -= tailSum;
  // Scale the ordinary villages to the remaining total, clamping to 22–1,300 inhabitants.
  const ordinary = villages.filter((i) => !tailSet.has(i));
  let free = ordinary.slice();
  let target = rest;
  for (let pass = 0; pass < 6; pass++) {
    const sumW = free.reduce((s, i) => s + weight.get(i)!, 0);
    const k = target / sumW;
    const next: number[] = [];
    for (const i of free) {
      const v = weight.get(i)! * k;
      if (v < 22 || v > 1300) {
        pop[i] = v < 22 ? 22 : 1300;
        target -= pop[i];
      } else next.push(i);
    }
    if (next.length === free.length) break;
    free = next;
  }
  const shares = apportion(Math.max(0, target), free.map((i) => weight.get(i)!));
  free.forEach((i, k) => (pop[i] = Math.max(22, shares[k])));
  pop[0] += targetTotal - pop.reduce((s, v) => s + v, 0);
  return pop;
}

function assignDemography(rng: Rng, communes: Commune[]): void {
  const urbanity = (c: Commune) => (c.kind === 'town' ? 1 : c.kind === 'bourg' ? 0.6 : clamp(0.1 + 0.1 * Math.log10(c.pop / 200), 0, 0.3));
  const s65raw = communes.map((c) => {
    const base = c.kind === 'town' ? 0.28 : c.kind === 'bourg' ? 0.315 : 0.35 - 0.025 * Math.log10(c.pop / 230);
    return base + 0.06 * c.remote + rng.normal() * (0.025 + 0.25 / Math.sqrt(c.pop));
  });
  const ratio = communes.map(() => 0.45 + rng.normal() * 0.035);
  const totalPop = communes.reduce((s, c) => s + c.pop, 0);
  const w65 = communes.reduce((s, c, i) => s + c.pop * s65raw[i], 0) / totalPop;
  const target65 = rng.uniform(0.325, 0.338);
  const s65 = s65raw.map((v) => clamp(v + target65 - w65, 0.16, 0.6));
  const target75 = rng.uniform(0.145, 0.155);
  const w75 = communes.reduce((s, c, i) => s + c.pop * s65[i] * ratio[i], 0) / totalPop;
  const s75 = s65.map((v, i) => clamp(v * ratio[i] * (target75 / w75), 0.05, v * 0.75));
  for (const [i, c] of communes.entries()) {
    const u = urbanity(c);
    const s90 = s75[i] * rng.uniform(0.09, 0.15);
    const s7579 = (s75[i] - s90) * rng.uniform(0.33, 0.4);
    const s8089 = s75[i] - s90 - s7579;
    const s6574 = s65[i] - s75[i];
    const s6064 = rng.uniform(0.065, 0.085);
    const rest = Math.max(0.05, 1 - s65[i] - s6064);
    const wYoung = [0.24 + 0.0 * u, 0.15 + 0.08 * u, 0.22 + 0.03 * u, 0.39 - 0.11 * u].map((w) => w * (1 + rng.normal() * 0.06));
    const ws = wYoung.reduce((s, v) => s + v, 0);
    const shares = [...wYoung.map((w) => (w / ws) * rest), s6064, s6574, s7579, s8089, s90];
    c.ages = apportion(c.pop, shares) as AgeCounts;
    c.hhSize = clamp(2.2 - 0.25 * u - 0.3 * (s65[i] - 0.33) + rng.normal() * 0.06, 1.75, 2.5);
    c.nscol = clamp(63 - 11 * u + 6 * c.remote + rng.normal() * 4.5, 35, 80);
    c.menSeul = clamp(31 + 15 * u + rng.normal() * 4.5, 12, 60);
    c.famMono = clamp(4.5 + 7 * u + rng.normal() * 2.2, 0, 20);
    c.tx25 = clamp(7.5 + 4 * u - 3 * c.remote + rng.normal() * 2, 1, 20);
    c.txDemandeurs = c.pop >= 2000 ? clamp(10 + 4 * u + rng.normal() * 1.5, 5, 20) : null;
    c.lowRfr = clamp(33 + 5 * u + 4 * c.remote + rng.normal() * 2.5, 20, 50);
    c.poverty = clamp(12 + 8 * u + 3 * c.remote + rng.normal() * 2.5, 5, 30);
  }
}

/** Competitive region growing on the adjacency graph: contiguous regions by construction. */
function growRegions(communes: Commune[], seeds: number[], costScale: number[], maxSize: number[] = []): number[] {
  const owner = new Array<number>(communes.length).fill(-1);
  const sizes = seeds.map(() => 0);
  const heap: { cost: number; node: number; region: number }[] = seeds.map((s, r) => ({ cost: 0, node: s, region: r }));
  while (heap.length > 0) {
    heap.sort((a, b) => b.cost - a.cost || b.node - a.node || b.region - a.region);
    const { cost, node, region } = heap.pop()!;
    if (owner[node] !== -1) continue;
    if (maxSize[region] !== undefined && sizes[region] >= maxSize[region]) continue;
    owner[node] = region;
    sizes[region]++;
    for (const m of communes[node].neighbours) {
      if (owner[m] === -1) heap.push({ cost: cost + dist(communes[node].centre, communes[m].centre) * costScale[region], node: m, region });
    }
  }
  // Any leftovers (only possible with size caps) join a neighbouring region.
  for (let pass = 0; pass < communes.length && owner.includes(-1); pass++) {
    for (const c of communes) if (owner[c.index] === -1) {
      const o = c.neighbours.find((m) => owner[m] !== -1);
      if (o !== undefined) owner[c.index] = owner[o];
    }
  }
  return owner;
}

function farthestSeeds(communes: Commune[], first: number[], count: number, rng: Rng): number[] {
  const seeds = first.slice();
  while (seeds.length < count) {
    let best = -1;
    let bestD = -1;
    for (const c of communes) {
      if (seeds.includes(c.index)) continue;
      const d = Math.min(...seeds.map((s) => dist(c.centre, communes[s].centre))) * (1 + 0.15 * Math.log10(c.pop)) * rng.uniform(0.9, 1.1);
      if (d > bestD) {
        bestD = d;
        best = c.index;
      }
    }
    seeds.push(best);
  }
  return seeds;
}

function assignEpcis(rng: Rng, communes: Commune[], nBourgs: number): Epci[] {
  // CA around the main town; two CCs seeded on the two bourgs farthest apart.
  let b1 = 1;
  let b2 = 2;
  let best = -1;
  for (let i = 1; i <= nBourgs; i++) for (let j = i + 1; j <= nBourgs; j++) {
    const d = dist(communes[i].centre, communes[j].centre) + 0.3 * (dist(communes[i].centre, communes[0].centre) + dist(communes[j].centre, communes[0].centre));
    if (d > best) {
      best = d;
      b1 = i;
      b2 = j;
    }
  }
  const caSize = rng.int(Math.round(communes.length * 0.17), Math.round(communes.length * 0.22));
  const owner = growRegions(communes, [0, b1, b2], [1, 1, 1], [caSize]);
  communes.forEach((c) => (c.epci = owner[c.index]));
  const ccName = (seat: Commune) => {
    const r = rng.next();
    const label = r < 0.5 ? `du Pays ${deName(seat.name)}` : `des Vaux ${deName(seat.name.replace(/-sur-.*$/, ''))}`;
    return `Communauté de communes ${label} (fictive)`;
  };
  const sirens = new Set<string>();
  const siren = () => {
    let s: string;
    do s = `2${String(rng.int(0, 99999999)).padStart(8, '0')}`; while (sirens.has(s));
    sirens.add(s);
    return s;
  };
  return [
    { siren: siren(), name: `Communauté d'agglomération ${deName(communes[0].name)} (fictive)`, nature: 'CA', seat: 0 },
    { siren: siren(), name: ccName(communes[b1]), nature: 'CC', seat: b1 },
    { siren: siren(), name: ccName(communes[b2]), nature: 'CC', seat: b2 },
  ];
}

function assignCantons(rng: Rng, communes: Commune[]): Canton[] {
  const count = rng.int(7, 9);
  const bourgs = communes.filter((c) => c.kind === 'bourg').map((c) => c.index);
  const seeds = farthestSeeds(communes, [0, ...bourgs], count, rng);
  // The town's canton is kept small, as urban cantons are.
  const scale = seeds.map((_, i) => (i === 0 ? 1.5 : rng.uniform(0.85, 1.15)));
  const owner = growRegions(communes, seeds, scale);
  const cantons = seeds.map((seat, r) => ({ seat, members: communes.filter((c) => owner[c.index] === r).map((c) => c.index) }));
  cantons.sort((a, b) => (communes[a.seat].code < communes[b.seat].code ? -1 : 1));
  return cantons.map((k, i) => {
    k.members.forEach((m) => (communes[m].canton = i));
    return { code: `96${String(i + 1).padStart(2, '0')}`, name: communes[k.seat].name, seat: k.seat, members: k.members };
  });
}
