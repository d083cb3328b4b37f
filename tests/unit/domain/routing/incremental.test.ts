import { describe, expect, it } from 'vitest';
import { addSite, adjacency, buildGraph, createWhatIf, multiSourceDijkstra, removeSite, stateSources } from '../../../../src/domain/routing/index.ts';
import { randomSegments, rng } from './random_graph.ts';

describe.each([
  { seed: 11, n: 400, dir: 'to_sources' as const },
  { seed: 12, n: 600, dir: 'from_sources' as const },
  { seed: 13, n: 300, dir: 'to_sources' as const },
])('what-if incremental updates (seed $seed, $dir)', ({ seed, n, dir }) => {
  const g = buildGraph(randomSegments(n, seed, 0.3));
  const r = rng(seed * 7);
  const pick = () => Math.floor(r() * g.nodeCount);
  // Integer offsets make exact ties (equal times from two sites) frequent: tie-break is exercised.
  const site = () => ({ node: pick(), offset: r() < 0.5 ? 0 : Math.floor(r() * 4) });

  it('equals a full recomputation exactly after every random add/remove', () => {
    const state = createWhatIf(g, dir, [site(), site(), site()]);
    for (let step = 0; step < 120; step++) {
      const active = state.siteNodes.map((v, i) => (v >= 0 ? i : -1)).filter((i) => i >= 0);
      if (active.length > 1 && r() < 0.45) removeSite(state, active[Math.floor(r() * active.length)]);
      else addSite(state, r() < 0.2 && active.length ? { node: state.siteNodes[active[0]], offset: 0 } : site());
      const full = multiSourceDijkstra(adjacency(g, dir), stateSources(state));
      expect(state.time).toEqual(full.time);
      expect(state.nearest).toEqual(full.nearest);
    }
  });

  it('adding a site far from improving anything touches nothing', () => {
    const state = createWhatIf(g, dir, [{ node: 0 }]);
    const stats = addSite(state, { node: 0, offset: 5 });
    expect(stats.touched).toBe(0);
    expect(removeSite(state, stats.index).touched).toBe(0);
  });

  it('removing the last site leaves everything unreached', () => {
    const state = createWhatIf(g, dir, [{ node: pick() }]);
    removeSite(state, 0);
    expect(state.nearest.every((s) => s === -1)).toBe(true);
    expect(state.time.every((t) => t === Infinity)).toBe(true);
  });
});
