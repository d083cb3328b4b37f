/**
 * What each request does: a thin call into src/domain. Shared by the worker and by the
 * main-thread fallback (when workers are unavailable), so both run the same code.
 */
import { HELP_KINDS, kindInGroup, type HelpGroup } from '../src/domain/types.ts';
import { nearestSites, subset } from '../src/domain/nearest.ts';
import type { Params, RequestMap, RequestType, Result } from './protocol.ts';

type Handlers = { [T in RequestType]: (params: Params<T>) => Result<T> };

export const handlers: Handlers = {
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
  fail({ message }) {
    throw new Error(message);
  },
};

export function handle<T extends RequestType>(type: T, params: RequestMap[T][0]): RequestMap[T][1] {
  return (handlers[type] as (p: Params<T>) => Result<T>)(params);
}
