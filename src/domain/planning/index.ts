/**
 * Planning: where to open new help points, what-if scenarios, labelling checks (pure; no DOM).
 * Built on routing/ (graph, multiSourceDijkstra, what-if engine, routePolyline). All times are
 * minutes FROM residents TO sites ('to_sources'); unit time = node time + the unit's access leg.
 *
 * Optimiser (optimise.ts, reach.ts)
 *   1. problem = preparePlanning(graph, demand, fixedSites, candidates,
 *        { objective: 'coverage' | 'p_median', thresholdMinutes = 30, penaltyMinutes = 90 })
 *      → base times to the fixed sites (one multiSourceDijkstra) + per-candidate sparse lists
 *        (unit, minutes) from one bounded, pruned Dijkstra per candidate (reach.ts header: cutoff
 *        T or P, Voronoi pruning against the fixed sites, coverage bound). The expensive step.
 *   2. result = optimiseCelf(problem, k)       greedy with lazy evaluation (CELF);
 *      optimiseGreedy(problem, k)              same selection, every gain recomputed (baseline);
 *      refineSwap(problem, result)             optional interchange pass (greedy alone can fall
 *                                              to ~0.89 of the optimum on p-median, see tests).
 *      Or optimise(graph, …, { k, objective, refine? }) for all of it (refine default true).
 *      → proposals ranked, each: candidate (id, origin, commune), gain, newlyWithin {population,
 *        pop75, need} at T, p-median mean time before/after, nearestExisting {id, minutes}.
 *   exhaustiveBest(problem, k), setGain(problem, set): exact optimum for tests (small instances).
 *   Objective weight per unit = demand.weight ?? demand.need. p-median: time capped at P
 *   (unreached = P).
 *
 * Scenarios (scenario.ts)
 *   engine = createScenarioEngine(graph, demand, baseSites, { thresholdMinutes })
 *   res = applyScenario(engine, { added, moved, removed })   incremental (addSite/removeSite)
 *     → before/after KeyFigures (population/75+/need beyond T weighted by presence, mean time),
 *       gained/lost units (time and served fraction before/after), unknownIds.
 *   Bus: busStops(route) → one site per stop, presence = days/5; served fraction of a unit = max
 *   presence of the sites within T (PRESENCE_EXPLANATION, French, for the UI).
 *   fullUnitTimes(…) = full recomputation (reference in tests, fallback).
 *
 * Labelling (labelling.ts, geometry.ts)
 *   fiche = labellingCheck(graph, demand, existingSites, candidate, params?, unitDepartement?)
 *     → nearest France services by type (time, route length of the fastest route via pred edges),
 *       people newly within T, département share before/after, checks (canton, duplicate ≤ 50 m,
 *       hours ≥ 24 h over 5 days, ≥ 2 agents — charte nationale France services, editable —
 *       and the optional departmental spacing doctrine; none exists nationally).
 *   containingFeature / pointInPolygon (turf) for the canton codes.
 */
export * from './types.ts';
export * from './reach.ts';
export * from './straight.ts';
export * from './optimise.ts';
export * from './scenario.ts';
export * from './labelling.ts';
export * from './geometry.ts';
