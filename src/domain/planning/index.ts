/**
 * Planning: where to open new help points, what-if scenarios, labelling checks (pure; no DOM).
 * Built on routing/ (graph, multiSourceDijkstra, what-if engine, routePolyline). All times are
 * minutes FROM residents TO sites ('to_sources'); unit time = node time + the unit's access leg.
 *
 * Road, straight line, mixed (straight.ts): every function takes `graph: RoadGraph | null`.
 * A unit, site or candidate with node -1 and coordinates is off the graph: each pair with an end
 * off the graph (all pairs without a graph) is the straight-line estimate of routing/fallback.ts
 * (haversine × detour ÷ speed; `estimate` option, default DEFAULT_FALLBACK = 1.5 and 50 km/h,
 * measured and justified there, French text DETOUR_METHOD_FR). Results say `method` ('route' |
 * 'vol_oiseau'), the `estimate` used, and count the estimated units/people apart.
 * Missing data: population / pop75 / need are NaN where unknown (types.ts), never 0.
 *
 * Optimiser (optimise.ts, reach.ts, straight.ts)
 *   1. problem = preparePlanning(graph | null, demand, fixedSites, candidates,
 *        { objective: 'coverage' | 'p_median', thresholdMinutes = 30, penaltyMinutes = 90,
 *          weight: 'need' | 'pop75' | 'population' = 'need', estimate? })
 *      → base times to the fixed sites (one multiSourceDijkstra, then the estimates merged in) +
 *        per-candidate sparse lists (unit, minutes, method) from one bounded, pruned Dijkstra per
 *        candidate (reach.ts header) and one kd-tree radius query per candidate for the estimated
 *        pairs (straight.ts). The expensive step. NaN weights count as 0 and are reported.
 *   2. result = optimiseCelf(problem, k)       greedy with lazy evaluation (CELF);
 *      optimiseGreedy(problem, k)              same selection, every gain recomputed (baseline);
 *      refineSwap(problem, result)             optional interchange pass (greedy alone can fall
 *                                              to ~0.89 of the optimum on p-median, see tests);
 *      refinePairs(problem, result)            then pair exchanges and seeded shakes (VNS,
 *                                              interchange.ts; swap alone stalls at ~0.96 of the
 *                                              optimum on 500 × 3,000 coverage instances).
 *      k must be an integer ≥ 1 (RangeError).
 *      Or optimise(graph, …, { k, objective, weight, refine?, pairs? }) for all of it (refine and
 *      pairs default true): an OptimiseResult (status 'ok'), or a WeightRefusal (status 'weight_missing',
 *      French message, alternatives) when the chosen weight is unknown for every unit.
 *      → proposals ranked, each: candidate (id, origin, commune), gain, newlyWithin {population,
 *        pop75, need, estimatedPopulation} at T, p-median mean time before/after,
 *        nearestExisting {id, minutes, method}; result: method, estimate, estimated {units,
 *        population}, offGraph, weight {choice, missingUnits, missingPopulation, warning}.
 *   exhaustiveBest(problem, k), setGain(problem, set): exact optimum for tests (small instances).
 *   Proof (exact.ts): optimise(…, { prove: true }) attaches `proofInput` (the integer program and
 *   the answer as its start); solveMip(highs, proofInput, { timeLimitSeconds }) solves it with
 *   HiGHS (WebAssembly) in the solver worker → status 'optimal' | 'time_limit' | 'interrupted',
 *   best set found and an upper bound on the gain. optimise(…, { set }) ranks a given set.
 *   p-median: time capped at P (unreached = P).
 *
 * Scenarios (scenario.ts)
 *   engine = createScenarioEngine(graph | null, demand, baseSites, { thresholdMinutes, estimate })
 *   res = applyScenario(engine, { added, moved, removed })   incremental (addSite/removeSite)
 *   session = new ScenarioSession(graph | null, demand, baseSites, options)
 *   res = session.update({ added, moved, removed })          the whole draft; only the difference
 *                                                            with the previous one is applied
 *     → before/after KeyFigures (population/75+/need beyond T weighted by presence, mean time,
 *       estimated units/people, missing values), gained/lost units, unitsAfter (minutes, served,
 *       method), unknownIds, method, estimate.
 *   Bus: busStops(route) → one site per stop, presence = days/5; served fraction of a unit = max
 *   presence of the sites within T (PRESENCE_EXPLANATION, French, for the UI).
 *   fullUnitTimes(…) = full recomputation (reference in tests, fallback).
 *
 * Labelling (labelling.ts, geometry.ts)
 *   fiche = labellingCheck(graph | null, demand, existingSites, candidate, params?, unitDepartement?)
 *     → nearest France services by type (time, route length of the fastest route via pred edges,
 *       or the estimate, `method` per figure), people newly within T, département share
 *       before/after, checks (canton, duplicate ≤ 50 m, hours ≥ 24 h over 5 days, ≥ 2 agents —
 *       charte nationale France services, editable — and the optional departmental spacing
 *       doctrine; none exists nationally).
 *   containingFeature / pointInPolygon (turf) for the canton codes.
 */
export * from './types.ts';
export * from './reach.ts';
export * from './straight.ts';
export * from './optimise.ts';
export * from './interchange.ts';
export * from './exact.ts';
export * from './scenario.ts';
export * from './labelling.ts';
export * from './proposed_site.ts';
export * from './geometry.ts';
