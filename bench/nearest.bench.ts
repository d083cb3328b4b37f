/** Straight-line nearest help point, 35,000 communes × 3,000 sites (issue 2 target: < 0.3 s). */
import { bench, report, round } from './harness.ts';
import { nearestSites, nearestSitesBruteForce, type Points } from '../src/domain/nearest.ts';

function randomFrance(n: number, seed: number): Points {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = -4.5 + rnd() * 12;
    lat[i] = 42.5 + rnd() * 8.5;
  }
  return { lon, lat };
}

export default async function run(): Promise<void> {
  const communes = randomFrance(35_000, 11);
  const sites = randomFrance(3_000, 12);
  const fast = await bench('nearest_help_point_kdbush_35k_x_3k', () => nearestSites(sites, communes), {
    runs: 7,
    extra: { points: 35_000, sites: 3_000, target_ms: 300, index_build_included: true },
  });
  const naive = await bench('nearest_help_point_naive_double_loop_35k_x_3k', () => nearestSitesBruteForce(sites, communes), {
    runs: 3,
    warmup: false,
    extra: { points: 35_000, sites: 3_000, baseline: true },
  });
  report({ bench: 'nearest_help_point_speedup', ratio: round(naive.median_ms / fast.median_ms, 1) });
}
