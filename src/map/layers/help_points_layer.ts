/** Help points, one symbol shape and colour per kind (deck.gl IconLayer with inline SVG). */
import { IconLayer } from '@deck.gl/layers';
import type { HelpPointRow } from '../../data/queries/dashboard.ts';
import type { HelpKind } from '../../domain/types.ts';
import { symbolSvg } from '../palette.ts';

const ICONS = new Map<string, { url: string; width: number; height: number; id: string }>();
function icon(kind: HelpKind) {
  let i = ICONS.get(kind);
  if (!i) ICONS.set(kind, (i = { url: symbolSvg(kind, 32), width: 32, height: 32, id: kind }));
  return i;
}

export function helpPointsLayer(points: readonly HelpPointRow[], visibleKinds: ReadonlySet<HelpKind>) {
  // France Services last, so that they are drawn on top of co-located points numériques.
  const data = points
    .filter((p) => visibleKinds.has(p.kind as HelpKind))
    .sort((a, b) => Number(a.kind === 'france_services') - Number(b.kind === 'france_services'));
  return new IconLayer<HelpPointRow>({
    id: 'help-points',
    data,
    pickable: true,
    getIcon: (p) => icon(p.kind as HelpKind),
    getPosition: (p) => [p.lon, p.lat],
    // Points of the buffer around the territory (serving the computations only) are drawn smaller.
    getSize: (p) => (p.kind === 'france_services' ? 26 : 18) * (p.inside === false ? 0.65 : 1),
    sizeUnits: 'pixels',
    updateTriggers: { getIcon: [...visibleKinds].join(',') },
  });
}
