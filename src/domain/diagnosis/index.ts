/**
 * Diagnosis core: pure functions, no DOM, DuckDB, MapLibre or React.
 *
 * Fragility (fragility.ts, scaling.ts)
 *   computeFragility(units, params) → per unit index 1–10 (null below minIndicators),
 *   `partial` flag, per-indicator scores and status ('ok' | 'secret' | 'missing').
 *   Scaling 'decile' (default) or 'minmax' against 'all' units or the unit's 'group'.
 *
 * Need (need.ts)
 *   fromInseeAges(row) / fromFilosofi(row) → band populations;
 *   estimateNeed(bands, rates, split) → { kind: 'estimation', needing, assisted, trained,
 *   occasional, older, … }. Rates INSEE_RATES_2021 / FILOSOFI_RATES_2021, split
 *   DEFAULT_HELP_SPLIT, each with its French source. roundEstimate / formatEstimate
 *   for display (to 10 by default).
 *
 * Accessibility (e2sfca.ts)
 *   SparseTravelTimes (CSR per demand unit) built with sparseFromLists;
 *   siteSupplyFte(site) → FTE; computeE2sfca(matrix, demand, supply, decay) →
 *   accessibility, peoplePerFte (Infinity = no supply, NaN = no demand), status;
 *   worstUnits, nearestMinutes.
 *
 * Opening hours (hours.ts)
 *   parseDayHours("09:00 - 12:00 / 13:30 - 17:00") and parseWeekHours(record) → result
 *   with hours, or { ok: false, hours: null, code, reason }.
 *
 * Underserved zones (underserved.ts, adjacency.ts, outline.ts, zone_geometry.ts)
 *   classifyUnderserved(units, params) / classifyRobust → flags;
 *   adjacency: adjacencyFromLists, polygonAdjacency, gridAdjacency (4 or 8);
 *   buildZones(units, flags, adjacency, geometry) → ranked zones with totals, times
 *   and outlines (gridZoneGeometry: cell-boundary tracer; polygonZoneGeometry: turf union).
 *
 * Key figures (aggregate.ts): keyFigures, keyFiguresByGroup, sumKnown, weightedMean.
 *
 * Method texts (method.ts): methodSections(params) → French sections for "Méthode";
 *   indicator_labels.ts says what the network indicators measure, from the inputs used.
 */
export * from './scaling.ts';
export * from './fragility.ts';
export * from './need.ts';
export * from './hours.ts';
export * from './e2sfca.ts';
export * from './adjacency.ts';
export * from './outline.ts';
export * from './underserved.ts';
export * from './zone_geometry.ts';
export * from './aggregate.ts';
export * from './method.ts';
export * from './indicator_labels.ts';
