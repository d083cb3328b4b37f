/**
 * Marks over the data: the outline of the zone chosen in the underserved list, and the optimiser's
 * proposals as numbered discs (their rank, drawn in the map canvas so that exports show them too).
 * Digits come from a local font through deck.gl's own glyph atlas: no remote font, no glyph server.
 */
import { GeoJsonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { OptimiseOutcome } from '../../domain/planning/index.ts';
import { PROPOSAL_COLOR, ZONE_FOCUS_COLOR } from '../palette.ts';

/** A proposal where the map draws it: its rank and position. */
export interface ProposalMark {
  rank: number;
  lon: number;
  lat: number;
}

/** The proposals of an optimiser answer that have a position, by rank (none for a refusal or no answer). */
export function proposalMarks(outcome: OptimiseOutcome | null | undefined): ProposalMark[] {
  if (!outcome || outcome.status !== 'ok') return [];
  const marks: ProposalMark[] = [];
  for (const p of outcome.proposals) {
    const { lon, lat } = p.candidate;
    if (typeof lon === 'number' && typeof lat === 'number' && Number.isFinite(lon) && Number.isFinite(lat)) marks.push({ rank: p.rank, lon, lat });
  }
  return marks.sort((a, b) => a.rank - b.rank);
}

/** The chosen zone's outline, thick and in bleu France, over every other layer's lines. */
export function zoneFocusLayer(geometry: unknown, visible: boolean) {
  const features = geometry ? [{ type: 'Feature', properties: {}, geometry }] : [];
  return new GeoJsonLayer({
    id: 'zone-focus',
    visible,
    data: { type: 'FeatureCollection', features } as never,
    stroked: true,
    filled: false,
    getLineColor: [...ZONE_FOCUS_COLOR, 255],
    getLineWidth: 5,
    lineWidthUnits: 'pixels',
    lineJointRounded: true,
  });
}

/** The discs under the ranks. */
export function proposalDiscsLayer(marks: readonly ProposalMark[], visible: boolean) {
  return new ScatterplotLayer<ProposalMark>({
    id: 'proposal-discs',
    visible,
    data: marks,
    getPosition: (m) => [m.lon, m.lat],
    getRadius: 13,
    radiusUnits: 'pixels',
    stroked: true,
    getFillColor: [...PROPOSAL_COLOR, 255],
    getLineColor: [255, 255, 255, 255],
    getLineWidth: 2,
    lineWidthUnits: 'pixels',
  });
}

/** The ranks, white digits centred on the discs. */
export function proposalRanksLayer(marks: readonly ProposalMark[], visible: boolean) {
  return new TextLayer<ProposalMark>({
    id: 'proposal-ranks',
    visible,
    data: marks,
    getPosition: (m) => [m.lon, m.lat],
    getText: (m) => String(m.rank),
    characterSet: '0123456789',
    fontFamily: "'DejaVu Sans', Arial, sans-serif",
    fontWeight: 700,
    getSize: 15,
    sizeUnits: 'pixels',
    getColor: [255, 255, 255, 255],
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
  });
}
