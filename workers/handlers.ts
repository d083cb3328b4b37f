/**
 * What each request does: a thin call into src/domain. Shared by the worker and by the
 * main-thread fallback (when workers are unavailable), so both run the same code. The
 * accessibility engine keeps the road graph between requests.
 */
import { HELP_KINDS, kindInGroup, type HelpGroup } from '../src/domain/types.ts';
import { nearestSites, subset } from '../src/domain/nearest.ts';
import { AccessEngine } from '../src/domain/access/engine.ts';
import { ignGeoJsonToSegments, ignRowsToSegments } from '../src/data/import/ign_roads.ts';
import { readCsv } from '../src/data/import/csv.ts';
import { decodeText } from '../src/data/import/text.ts';
import { osmRoadWarnings, osmToSegments, readOsmPbf } from '../src/data/import/osm_pbf.ts';
import { readOverpassJson } from '../src/data/import/osm_json.ts';
import { looksLikeOverpassJson } from '../src/data/network_format.ts';
import { UserError } from '../src/data/import/errors.ts';
import { inflateCappedStream } from '../src/shared/inflate.ts';
import type { Params, Progress, RequestType, Result } from './protocol.ts';
import { uncovered4gShare } from '../src/domain/coverage.ts';
import { DEFAULT_DIAGNOSIS_PARAMS, diagnose } from '../src/domain/access/diagnose.ts';
import { decayReach } from '../src/domain/diagnosis/e2sfca.ts';
import { ScenarioSessions, estimateInput, runLabelling, runOptimise, runScenario } from '../src/domain/access/planning_io.ts';

export interface HandlerContext {
  progress(p: Progress): void;
}

type Handlers = { [T in RequestType]: (params: Params<T>, ctx: HandlerContext) => Result<T> | Promise<Result<T>> };

/** What a request is handled with: the accessibility engine (road graph, last travel times) and the open scenario sessions. */
function createHandlers(): Handlers {
  const engine = new AccessEngine();
  /** Open scenario sessions; dropped when the network changes (updates on them then fail with ScenarioSessionError). */
  const sessions = new ScenarioSessions(engine);

  return {
    nearestStraight({ sites, targets, groups }) {
      const out: Result<'nearestStraight'> = {};
      const byGroup = new Map(
        groups.map((g) => [g, subset(sites, (i) => kindInGroup(HELP_KINDS[sites.kind[i]], g))] as const),
      );
      for (const [name, points] of Object.entries(targets)) {
        out[name] = {} as Record<HelpGroup, { site: Int32Array; distanceM: Float64Array }>;
        for (const [group, { points: groupSites, original }] of byGroup) {
          const r = nearestSites(groupSites, points);
          for (let i = 0; i < r.site.length; i++) if (r.site[i] >= 0) r.site[i] = original[r.site[i]];
          out[name][group] = r;
        }
      }
      return out;
    },

    async loadNetwork({ name, format, bytes, profile }, ctx) {
      ctx.progress({ stage: 'Lecture du fichier', fraction: 0 });
      // A .json network named without its content in view (e.g. a restored workspace) may be Overpass.
      if (format === 'ign_geojson' && looksLikeOverpassJson(bytes)) format = 'osm_json';
      let segments;
      let warnings: string[] = [];
      let osmTimestamp: string | undefined;
      if (format === 'osm_pbf') {
        const roads = await readOsmPbf(bytes, {
          fileName: name,
          // The platform's zlib (browser and Node ≥ 18), capped at each blob's declared size.
          inflate: inflateCappedStream,
          profile,
          totalBytes: bytes.length,
          onProgress: (read, total) => ctx.progress({ stage: 'Lecture du fichier', fraction: total ? (0.7 * read) / total : 0 }),
        });
        segments = osmToSegments(roads, profile);
        warnings = osmRoadWarnings(roads.stats);
        osmTimestamp = roads.replicationTimestamp ?? undefined;
      } else if (format === 'osm_json') {
        const roads = readOverpassJson(bytes, { fileName: name, profile });
        segments = osmToSegments(roads, profile);
        warnings = roads.warnings;
        osmTimestamp = roads.timestamp ?? undefined;
      } else if (format === 'ign_csv') {
        // BD TOPO tronçons as CSV with a WKT or hex EWKB geometry column (Lambert-93 or WGS84).
        const table = readCsv(decodeText(bytes).text, {
          file: name,
          isHeader: (cells) => cells.includes('sens_de_circulation') || cells.includes('vitesse_moyenne_vl'),
        });
        segments = ignRowsToSegments(table.rows.map((r) => r.values), { fileName: name, profile }).segments;
      } else {
        let json: unknown;
        try {
          json = JSON.parse(new TextDecoder().decode(bytes));
        } catch {
          throw new UserError('GeoJSON invalide ou tronqué.', { file: name });
        }
        segments = ignGeoJsonToSegments(json as Parameters<typeof ignGeoJsonToSegments>[0], { fileName: name, profile }).segments;
      }
      if (segments.from.length === 0) throw new UserError('aucun tronçon routier circulable trouvé.', { file: name });
      ctx.progress({ stage: 'Construction du graphe', fraction: 0.75 });
      const summary = engine.loadNetwork(name, segments);
      sessions.clear();
      ctx.progress({ stage: 'Graphe prêt', fraction: 1 });
      return { summary, lines: engine.roadLines(), warnings, ...(osmTimestamp ? { osmTimestamp } : {}) };
    },

    clearNetwork() {
      engine.clearNetwork();
      sessions.clear();
      return null;
    },

    computeAccess({ sites, populations, groups, estimate }, ctx) {
      ctx.progress({ stage: 'Calcul des temps de trajet', fraction: 0 });
      return engine.compute(sites, populations, groups, estimateInput(estimate));
    },

    route({ group, lon, lat }) {
      return engine.route(group, lon, lat);
    },

    isochrones({ group, thresholds, siteIndex }) {
      return engine.isochrones(group, thresholds, siteIndex);
    },

    coverage4g({ points, sites, operatorCount, radiusM }) {
      return uncovered4gShare(points, sites, operatorCount, radiusM);
    },

    diagnose({ facts, sites, params }, ctx) {
      ctx.progress({ stage: 'Diagnostic', fraction: 0 });
      const maxMinutes = decayReach(params.decay ?? DEFAULT_DIAGNOSIS_PARAMS.decay);
      const catchments = engine.catchments('commune', maxMinutes);
      return { ...diagnose(facts, sites, catchments, params), catchmentMethod: catchments.method };
    },

    optimise(params, ctx) {
      ctx.progress({ stage: 'Recherche des meilleurs emplacements', fraction: 0 });
      return runOptimise(engine, params);
    },

    scenario(params) {
      return runScenario(engine, params);
    },

    scenarioOpen(params) {
      return sessions.open(params);
    },

    scenarioUpdate(params) {
      return sessions.update(params);
    },

    scenarioClose({ sessionId }) {
      return { closed: sessions.close(sessionId) };
    },

    labelling(params) {
      return runLabelling(engine, params);
    },
  };
}

export type Handle = <T extends RequestType>(type: T, params: Params<T>, ctx: HandlerContext) => Result<T> | Promise<Result<T>>;

/**
 * A request handler with its own engine and scenario sessions: one per worker, one per client
 * that runs the requests in place (no state is shared between two of them).
 */
export function createHandler(): Handle {
  const handlers = createHandlers();
  return (type, params, ctx) => (handlers[type] as (p: typeof params, c: HandlerContext) => Result<typeof type> | Promise<Result<typeof type>>)(params, ctx);
}
