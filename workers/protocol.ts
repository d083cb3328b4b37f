/**
 * The one message protocol between the main thread and the accessibility worker.
 * Each request type maps to [params, result], as maplibre's RequestResponseMessageMap does.
 *
 * Transfer rules: results are always transferred (the worker keeps nothing it returns, except
 * the road lines it recomputes). Request params are copied (structured clone) unless the caller
 * passes `{ transfer: true }` to `AccessibilityClient.request`, saying it does not keep the
 * typed arrays it sends: their buffers are then transferred and become detached (length 0) on the
 * main thread. The scenario session keeps its own copy of the demand in the worker.
 */
import type { HelpGroup } from '../src/domain/types.ts';
import type { AccessResult, NetworkSummary } from '../src/domain/access/engine.ts';
import type { IsochroneCollection, SpeedProfile } from '../src/domain/routing/index.ts';
import type { CommuneFacts, DiagnosisParams, DiagnosisResult } from '../src/domain/access/diagnose.ts';
import type { OperatorSites } from '../src/domain/coverage.ts';
import type { SupplySite } from '../src/domain/diagnosis/index.ts';
import type {
  LabellingParamsInput, OptimiseParams, ScenarioOpenParams, ScenarioOpenResult, ScenarioParams, ScenarioUpdateParams, ScenarioUpdateResult,
} from '../src/domain/access/planning_io.ts';
import type { LabellingFiche, OptimiseOutcome, ScenarioResult } from '../src/domain/planning/index.ts';
import type { EstimateParams } from '../src/domain/routing/fallback.ts';

export interface SitesInput {
  lon: Float64Array;
  lat: Float64Array;
  /** HelpKind index into HELP_KINDS per site. */
  kind: Uint8Array;
}

export interface PointsInput {
  lon: Float64Array;
  lat: Float64Array;
}

export interface NearestStraightParams {
  sites: SitesInput;
  /** Named point sets, e.g. { communes, grid }. */
  targets: Record<string, PointsInput>;
  groups: readonly HelpGroup[];
}

/** Per target set, per group: nearest site (index into the input sites, -1 = none) and its distance in metres. */
export type NearestStraightResult = Record<string, Record<HelpGroup, { site: Int32Array; distanceM: Float64Array }>>;

import type { NetworkFormat } from '../src/data/network_format.ts';
export type { NetworkFormat };

export interface LoadNetworkParams {
  name: string;
  format: NetworkFormat;
  bytes: Uint8Array;
  /** Speeds and drivable roads; the documented French defaults when absent. */
  profile?: SpeedProfile;
}

export interface LoadNetworkResult {
  summary: NetworkSummary;
  /** Road lines for drawing, flat [lon0, lat0, lon1, lat1, …]. */
  lines: Float64Array;
  /** French warnings about the file (e.g. ways cut at nodes missing from an OSM extract). */
  warnings: string[];
  /** The date of the OSM data when the file gives it: `osm3s.timestamp_osm_base` (osm_json), the header's replication timestamp (osm_pbf). */
  osmTimestamp?: string;
}

export interface ComputeAccessParams {
  sites: SitesInput;
  populations: Record<string, PointsInput>;
  groups: readonly HelpGroup[];
  /** Straight-line estimate (no network, or points/sites off it); default DEFAULT_FALLBACK. */
  estimate?: Partial<EstimateParams>;
}

export interface RouteResult {
  coordinates: [number, number][];
  minutes: number;
  lengthM: number;
  site: number;
}

export interface RequestMap {
  nearestStraight: [NearestStraightParams, NearestStraightResult];
  /** Parses a road network file and builds the routable graph (kept in the worker). */
  loadNetwork: [LoadNetworkParams, LoadNetworkResult];
  clearNetwork: [Record<string, never>, null];
  /** Times from every population point to the nearest site of each group (road, or straight-line estimate). */
  computeAccess: [ComputeAccessParams, AccessResult];
  route: [{ group: HelpGroup; lon: number; lat: number }, RouteResult | null];
  /** 4G proxy: share of operators without a 4G site within the radius, per point. */
  coverage4g: [{ points: PointsInput; sites: OperatorSites; operatorCount: number; radiusM: number }, Float32Array];
  /**
   * Diagnosis per commune. `facts` are in the order of the 'commune' population set of the last
   * computeAccess, `sites` in the order of its sites (for the E2SFCA catchments).
   */
  /**
   * Where to open new sites (greedy CELF, swap, then pair exchanges and shakes): road times with
   * a network, straight-line estimates without (result.method), estimated units counted apart. A
   * `WeightRefusal` (status 'weight_missing') when the chosen weight is unknown for every unit.
   */
  optimise: [OptimiseParams, OptimiseOutcome];
  /** A what-if scenario from scratch (stateless; used to compare saved scenarios). */
  scenario: [ScenarioParams, ScenarioResult];
  /**
   * Opens a scenario session: builds the what-if engine once for the demand, base sites,
   * threshold and estimate. Re-open when any of them (or the network) changes.
   */
  scenarioOpen: [ScenarioOpenParams, ScenarioOpenResult];
  /**
   * The whole current draft (added, moved, removed) of an open session, applied incrementally.
   * Fails with an error named 'ScenarioSessionError' when the session is unknown or the network
   * changed since it was opened: re-open and retry.
   */
  scenarioUpdate: [ScenarioUpdateParams, ScenarioUpdateResult];
  scenarioClose: [{ sessionId: string }, { closed: boolean }];
  /** The préfecture's labelling check for a candidate France Services (road or estimated figures, each labelled). */
  labelling: [LabellingParamsInput, LabellingFiche];
  diagnose: [{ facts: CommuneFacts[]; sites: SupplySite[]; params: Partial<DiagnosisParams> }, DiagnosisResult & { catchmentMethod: string }];
  isochrones: [{ group: HelpGroup; thresholds: number[]; siteIndex: number | null }, IsochroneCollection | null];
}

export type RequestType = keyof RequestMap;
export type Params<T extends RequestType> = RequestMap[T][0];
export type Result<T extends RequestType> = RequestMap[T][1];

export type ToWorker =
  | { kind: 'request'; id: number; type: RequestType; params: unknown }
  | { kind: 'cancel'; id: number };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

/** Progress of a long request: a French stage label and a fraction in [0, 1]. */
export interface Progress {
  stage: string;
  fraction: number;
}

export type FromWorker =
  | { kind: 'progress'; id: number; progress: Progress }
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: SerializedError }
  | { kind: 'abandoned'; id: number };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

/** Rebuilds an Error (keeping its name, e.g. UserError) from its serialized form. */
export function deserializeError(s: SerializedError): Error {
  const e = new Error(s.message);
  e.name = s.name;
  if (s.stack) e.stack = s.stack;
  return e;
}

/** All ArrayBuffers reachable in a result, to transfer rather than copy. */
export function transferablesOf(value: unknown, out: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) transferablesOf(v, out);
  }
  return [...out];
}
