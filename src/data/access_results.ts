/**
 * The engine's travel times, straight from its typed arrays into the `access_times` table as
 * Arrow (no row object per point): per population set and group, the point's id, its minutes,
 * the nearest site's id and how the time was obtained (road, or straight-line estimate for a
 * point or site off the network, or without any network).
 */
import type { AccessResult } from '../domain/access/engine.ts';
import type { HelpGroup } from '../domain/types.ts';
import { columnsToIpc, type IpcTables } from './insert.ts';
import type { CellValue } from './schema.ts';

export function accessResultTables(result: AccessResult, targetIds: Record<string, readonly string[]>, siteIds: readonly string[], dataset: string): IpcTables {
  const target: CellValue[] = [];
  const targetId: CellValue[] = [];
  const grp: CellValue[] = [];
  const help: CellValue[] = [];
  const method: CellValue[] = [];
  const parts: Float64Array[] = [];
  for (const [set, ids] of Object.entries(targetIds)) {
    const byGroup = result.times[set] ?? {};
    for (const [group, t] of Object.entries(byGroup) as [HelpGroup, NonNullable<(typeof byGroup)[HelpGroup]>][]) {
      parts.push(t.minutes);
      const perPoint = (t as { method?: Uint8Array }).method;
      for (let i = 0; i < ids.length; i++) {
        target.push(set);
        targetId.push(ids[i]);
        grp.push(group);
        help.push(t.site[i] >= 0 ? siteIds[t.site[i]] : null);
        method.push(perPoint ? (perPoint[i] === 1 ? 'vol_oiseau' : 'route') : result.method);
      }
    }
  }
  const minutes = new Float64Array(target.length);
  let at = 0;
  for (const p of parts) {
    minutes.set(p, at);
    at += p.length;
  }
  if (target.length === 0) return {};
  return { access_times: [columnsToIpc('access_times', { target, target_id: targetId, grp, minutes, help_id: help, method }, target.length, dataset)] };
}
