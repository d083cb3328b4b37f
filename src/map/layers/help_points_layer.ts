/** Help points, one symbol shape and colour per kind (deck.gl IconLayer with inline SVG). */
import { IconLayer } from '@deck.gl/layers';
import type { HelpPointRow } from '../../shared/rows.ts';
import type { HelpKind } from '../../domain/types.ts';
import { symbolSvg } from '../palette.ts';

const ICONS = new Map<string, { url: string; width: number; height: number; id: string }>();
function icon(kind: HelpKind) {
  let i = ICONS.get(kind);
  if (!i) ICONS.set(kind, (i = { url: symbolSvg(kind, 32), width: 32, height: 32, id: kind }));
  return i;
}

/** Symbol size in pixels. Points of the buffer around the territory (serving the computations only) are drawn smaller. */
export const helpPointSize = (p: Pick<HelpPointRow, 'kind' | 'inside'>) => (p.kind === 'france_services' ? 26 : 18) * (p.inside === false ? 0.65 : 1);

/** Drawing order: France Services last, so that they are drawn on top of co-located points numériques. */
export const helpPointsInDrawingOrder = (points: readonly HelpPointRow[]) =>
  [...points].sort((a, b) => Number(a.kind === 'france_services') - Number(b.kind === 'france_services'));

export function helpPointsLayer(points: readonly HelpPointRow[], visibleKinds: ReadonlySet<HelpKind>) {
  const data = helpPointsInDrawingOrder(points.filter((p) => visibleKinds.has(p.kind as HelpKind)));
  return new IconLayer<HelpPointRow>({
    id: 'help-points',
    data,
    // Hit testing is done on the CPU (see ../hit_test.ts), not by deck.gl's GPU picking.
    pickable: false,
    getIcon: (p) => icon(p.kind as HelpKind),
    getPosition: (p) => [p.lon, p.lat],
    getSize: helpPointSize,
    sizeUnits: 'pixels',
    updateTriggers: { getIcon: [...visibleKinds].join(',') },
  });
}
