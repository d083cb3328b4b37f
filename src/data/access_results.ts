/** Turns the engine's typed-array results into rows of the `access_times` table. */
import type { AccessResult } from '../domain/access/engine.ts';
import type { HelpGroup } from '../domain/types.ts';
import type { Row } from './import/format.ts';

export function accessResultRows(result: AccessResult, targetIds: Record<string, readonly string[]>, siteIds: readonly string[]): Row[] {
  const rows: Row[] = [];
  for (const [target, ids] of Object.entries(targetIds)) {
    const byGroup = result.times[target] ?? {};
    for (const [group, t] of Object.entries(byGroup) as [HelpGroup, NonNullable<(typeof byGroup)[HelpGroup]>][]) {
      for (let i = 0; i < ids.length; i++) {
        rows.push({
          target,
          target_id: ids[i],
          grp: group,
          minutes: t.minutes[i],
          help_id: t.site[i] >= 0 ? siteIds[t.site[i]] : null,
          method: result.method,
        });
      }
    }
  }
  return rows;
}
