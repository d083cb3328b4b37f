import { describe, expect, it } from 'vitest';
import { TIME_QUANTUM, adjacency, type RoadGraph } from '../../../../src/domain/routing/graph.ts';
import { multiSourceDijkstra } from '../../../../src/domain/routing/index.ts';
import { baseTimes, candidateReach } from '../../../../src/domain/planning/reach.ts';
import type { Candidate } from '../../../../src/domain/planning/types.ts';
import { randomInstance, type Instance } from './helpers.ts';

/** Lists by the documented rule, from one full single-source search per candidate. */
function expectedLists(inst: Instance, cutoff: number, beyond: number | undefined): [number, number][][] {
  const base = baseTimes(inst.graph, inst.demand, inst.fixed);
  return inst.candidates.map((c) => {
    const r = multiSourceDijkstra(adjacency(inst.graph, 'to_sources'), { nodes: [c.node], offsets: [c.legMinutes ?? 0] });
    const out: [number, number][] = [];
    for (let i = 0; i < inst.demand.node.length; i++) {
      const v = inst.demand.node[i];
      if (v < 0) continue;
      const t = r.time[v] + inst.demand.legMinutes[i];
      if (t <= cutoff && t < base.unitTime[i] && base.unitTime[i] > (beyond ?? -Infinity)) out.push([i, t]);
    }
    return out;
  });
}

function lists(inst: Instance, cutoff: number, beyond: number | undefined, candidates: readonly Candidate[] = inst.candidates) {
  const base = baseTimes(inst.graph, inst.demand, inst.fixed);
  const r = candidateReach(inst.graph, inst.demand, base, candidates, { cutoff, onlyBeyond: beyond });
  return candidates.map((_, c) => {
    const got: [number, number][] = [];
    for (let q = r.offsets[c]; q < r.offsets[c + 1]; q++) got.push([r.units[q], r.minutes[q]]);
    return got;
  });
}

const sorted = (ls: [number, number][][]) => ls.map((l) => [...l].sort((a, b) => a[0] - b[0]));

/** Same graph with one edge made nearly free (a quantum): the bucket queue is then unusable. */
function withTinyEdge(g: RoadGraph): RoadGraph {
  const weights = g.weights.slice();
  const rWeights = g.rWeights.slice();
  const p = 0;
  weights[p] = TIME_QUANTUM;
  for (let q = 0; q < g.rEdge.length; q++) if (g.rEdge[q] === p) rWeights[q] = TIME_QUANTUM;
  return { ...g, weights, rWeights };
}

describe('candidateReach queues and search order', () => {
  it('gives the documented lists with the bucket queue and with the heap fallback (tiny edge)', () => {
    for (const seed of [4, 5]) {
      const inst = randomInstance(seed, { candidates: 40 });
      const tiny = { ...inst, graph: withTinyEdge(inst.graph) };
      for (const [cutoff, beyond] of [[4, 4], [12, undefined]] as const) {
        expect(sorted(lists(inst, cutoff, beyond))).toEqual(expectedLists(inst, cutoff, beyond));
        expect(sorted(lists(tiny, cutoff, beyond))).toEqual(expectedLists(tiny, cutoff, beyond));
      }
    }
  });

  it('gives each candidate the same list whatever the order of the candidates', () => {
    const inst = randomInstance(6, { candidates: 40 });
    const perm = inst.candidates.map((_, i) => i).reverse();
    perm.push(perm.shift()!);
    const shuffled = perm.map((i) => inst.candidates[i]);
    for (const [cutoff, beyond] of [[4, 4], [12, undefined]] as const) {
      const a = lists(inst, cutoff, beyond);
      const b = lists(inst, cutoff, beyond, shuffled);
      expect(perm.map((i) => a[i])).toEqual(b);
    }
  });
});
