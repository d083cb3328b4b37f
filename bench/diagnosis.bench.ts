/**
 * Diagnosis core on a synthetic territory: 50,000 grid cells (250 × 200), 3,000 help
 * points clustered around towns, synthetic sparse travel times (straight-line distance ×
 * a detour factor, no routing). Times the full pipeline: fragility index + need
 * estimate + E2SFCA + underserved classification + zones with outlines.
 * Target: under 1 s in Node.
 */
import type { HelpKind } from '../src/domain/types.ts';
import { minutes } from '../src/domain/units.ts';
import {
  buildZones,
  classifyUnderserved,
  computeE2sfca,
  computeFragility,
  estimateNeed,
  FILOSOFI_RATES_2021,
  fromFilosofi,
  gridAdjacency,
  gridZoneGeometry,
  nearestMinutes,
  siteSupplyFte,
  type FragilityInput,
  type GridCellIndex,
  type SparseTravelTimes,
  type UnderservedUnit,
} from '../src/domain/diagnosis/index.ts';
import { bench, report } from './harness.ts';
import { mulberry32 } from '../src/shared/random.ts';

const COLS = 250;
const ROWS = 200;
const N_SITES = 3000;
const MAX_MINUTES = 30;
/** Minutes per cell of straight-line distance (1 km cells, ≈ 25 km/h door to door). */
const MIN_PER_CELL = 2.4;


function generate() {
  const rand = mulberry32(42);
  const cells: GridCellIndex[] = [];
  for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) cells.push({ col: c, row: r });

  // Towns attract both population and help points.
  const towns = Array.from({ length: 60 }, () => ({ c: rand() * COLS, r: rand() * ROWS, s: 4 + rand() * 12 }));
  const townWeight = (c: number, r: number) => {
    let w = 0;
    for (const t of towns) w += Math.exp(-((c - t.c) ** 2 + (r - t.r) ** 2) / (2 * t.s * t.s));
    return w;
  };

  const sites: { c: number; r: number; kind: HelpKind; hoursPerWeek?: number; staff?: number }[] = [];
  while (sites.length < N_SITES) {
    const t = towns[Math.floor(rand() * towns.length)];
    const c = t.c + (rand() - 0.5) * 3 * t.s;
    const r = t.r + (rand() - 0.5) * 3 * t.s;
    if (c < 0 || r < 0 || c >= COLS || r >= ROWS) continue;
    const u = rand();
    const kind: HelpKind = u < 0.1 ? 'france_services' : u < 0.4 ? 'conseiller' : u < 0.7 ? 'mediation' : 'mediatheque';
    sites.push({ c, r, kind, hoursPerWeek: 24 + Math.floor(rand() * 16), staff: 1 + Math.floor(rand() * 2) });
  }

  // Bucket sites by cell blocks to build the sparse matrix quickly.
  const B = Math.ceil(MAX_MINUTES / MIN_PER_CELL);
  const bucket = new Map<number, number[]>();
  sites.forEach((s, j) => {
    const k = Math.floor(s.c / B) * 1000 + Math.floor(s.r / B);
    const list = bucket.get(k);
    if (list) list.push(j);
    else bucket.set(k, [j]);
  });
  const offsets = new Uint32Array(cells.length + 1);
  const siteIdx: number[] = [];
  const times: number[] = [];
  cells.forEach((cell, i) => {
    const x = cell.col + 0.5;
    const y = cell.row + 0.5;
    const bc = Math.floor(x / B);
    const br = Math.floor(y / B);
    for (let dc = -1; dc <= 1; dc++) {
      for (let dr = -1; dr <= 1; dr++) {
        for (const j of bucket.get((bc + dc) * 1000 + br + dr) ?? []) {
          const t = Math.hypot(sites[j].c - x, sites[j].r - y) * MIN_PER_CELL * 1.3 + 2;
          if (t <= MAX_MINUTES) {
            siteIdx.push(j);
            times.push(t);
          }
        }
      }
    }
    offsets[i + 1] = siteIdx.length;
  });
  const matrix: SparseTravelTimes = {
    nUnits: cells.length,
    nSites: N_SITES,
    offsets,
    sites: Uint32Array.from(siteIdx),
    minutes: Float32Array.from(times),
  };

  const filosofi = cells.map((cell) => {
    const w = townWeight(cell.col, cell.row);
    const ind = Math.round(5 + 400 * w * rand());
    const old = rand() * (0.3 - 0.15 * Math.min(1, w));
    return { Ind: ind, Ind_65_79: Math.round(ind * old * 0.65), Ind_80p: Math.round(ind * old * 0.35) };
  });
  const fragilityInputs: FragilityInput[] = cells.map((cell, i) => {
    const w = Math.min(1, townWeight(cell.col, cell.row));
    const f = filosofi[i];
    return {
      id: `c${i}`,
      group: String(Math.floor(cell.col / 50)),
      noFibre: Math.max(0, 1 - w - rand() * 0.3),
      no4g: rand() < 0.05 ? 'secret' : Math.max(0, 0.2 - w * 0.2 + rand() * 0.05),
      share65p: f.Ind > 0 ? (f.Ind_65_79 + f.Ind_80p) / f.Ind : null,
      lowDiploma: rand() < 0.1 ? null : 0.1 + rand() * 0.3,
      lowIncome: rand() < 0.1 ? 'secret' : 0.05 + rand() * 0.2,
    };
  });
  return { cells, sites, matrix, filosofi, fragilityInputs };
}

export default async function run(): Promise<void> {
  const t0 = performance.now();
  const data = generate();
  const { cells, sites, matrix, filosofi, fragilityInputs } = data;
  report({ bench: 'diagnosis.generate', ms: Math.round(performance.now() - t0), cells: cells.length, sites: sites.length, nnz: matrix.sites.length });

  const supply = Float64Array.from(sites, (s) => siteSupplyFte(s));
  const isFs = sites.map((s) => s.kind === 'france_services');
  const grid = { x0: 0, y0: 0, size: 1000 };
  const adjacency = gridAdjacency(cells, 4);

  let zonesOut = 0;
  let underservedCount = 0;
  let noSupply = 0;
  const pipeline = () => {
    const fragility = computeFragility(fragilityInputs);
    const need = filosofi.map((row) => estimateNeed(fromFilosofi(row), FILOSOFI_RATES_2021));
    const demand = Float64Array.from(need, (n) => n.needing ?? 0);
    const access = computeE2sfca(matrix, demand, supply);
    const nearestFs = nearestMinutes(matrix, (j) => isFs[j]);
    const units: UnderservedUnit[] = cells.map((_, i) => ({
      id: fragilityInputs[i].id,
      population: filosofi[i].Ind,
      older: need[i].older,
      need: need[i].needing,
      fragility: fragility.units[i].index,
      minutes: Number.isFinite(nearestFs[i]) ? nearestFs[i] : null,
    }));
    const { underserved } = classifyUnderserved(units, { threshold: minutes(30) });
    const zones = buildZones(units, underserved, adjacency, gridZoneGeometry(cells, grid));
    zonesOut = zones.length;
    underservedCount = underserved.reduce((a, b) => a + b, 0);
    noSupply = access.status.reduce((a, s) => a + (s === 1 ? 1 : 0), 0);
    return zones;
  };

  await bench('diagnosis.fragility', () => computeFragility(fragilityInputs), { extra: { units: cells.length } });
  await bench('diagnosis.need', () => filosofi.map((row) => estimateNeed(fromFilosofi(row), FILOSOFI_RATES_2021)), {
    extra: { units: cells.length },
  });
  const demand = Float64Array.from(filosofi, (row) => estimateNeed(fromFilosofi(row), FILOSOFI_RATES_2021).needing ?? 0);
  await bench('diagnosis.e2sfca', () => computeE2sfca(matrix, demand, supply), {
    extra: { units: cells.length, sites: N_SITES, nnz: matrix.sites.length },
  });
  await bench('diagnosis.grid_adjacency', () => gridAdjacency(cells, 4), { extra: { units: cells.length } });
  await bench('diagnosis.pipeline', pipeline, {
    extra: {
      units: cells.length,
      sites: N_SITES,
      nnz: matrix.sites.length,
      target_ms: 1000,
      note: 'fragility + need + E2SFCA + nearest FS + underserved + zones with outlines; grid adjacency prebuilt',
    },
  });
  report({ bench: 'diagnosis.pipeline.result', underserved: underservedCount, zones: zonesOut, no_supply_units: noSupply });
}
