/**
 * Colours: colour-blind-safe. Sequential classes from ColorBrewer (YlGnBu, Purples);
 * help-point kinds from the Okabe–Ito palette, each with its own symbol shape too.
 */
import type { HelpKind } from '../domain/types.ts';

export type Rgb = [number, number, number];

export const hex = (rgb: Rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

export const SEQUENTIAL_YLGNBU: Rgb[] = [
  [255, 255, 204],
  [161, 218, 180],
  [65, 182, 196],
  [44, 127, 184],
  [37, 52, 148],
];

export const SEQUENTIAL_PURPLES: Rgb[] = [
  [242, 240, 247],
  [203, 201, 226],
  [158, 154, 200],
  [117, 107, 177],
  [84, 39, 143],
];

/** Travel time classes, short to long (ColorBrewer YlOrRd, colour-blind safe). */
export const SEQUENTIAL_YLORRD: Rgb[] = [
  [255, 255, 178],
  [254, 204, 92],
  [253, 141, 60],
  [240, 59, 32],
  [189, 0, 38],
];

export const ROAD_COLOR: Rgb = [110, 110, 110];
export const ROUTE_COLOR: Rgb = [0, 0, 145];

export const MISSING_COLOR: Rgb = [200, 200, 200];
export const BACKGROUND_COLOR: Rgb = [246, 246, 242];

export const HELP_STYLE: Record<HelpKind, { color: Rgb; shape: 'square' | 'circle' | 'triangle' | 'diamond'; label: string }> = {
  france_services: { color: [213, 94, 0], shape: 'square', label: 'France Services' },
  mediation: { color: [0, 114, 178], shape: 'circle', label: 'Lieu de médiation numérique' },
  conseiller: { color: [204, 121, 167], shape: 'triangle', label: 'Conseiller numérique' },
  mediatheque: { color: [0, 158, 115], shape: 'diamond', label: 'Médiathèque' },
};

/** An SVG symbol for a help-point kind, as a data URL (no network, no sprite). */
export function symbolSvg(kind: HelpKind, size = 32): string {
  const { color, shape } = HELP_STYLE[kind];
  const c = hex(color);
  const s = size;
  const path = {
    square: `<rect x="5" y="5" width="${s - 10}" height="${s - 10}"/>`,
    circle: `<circle cx="${s / 2}" cy="${s / 2}" r="${s / 2 - 5}"/>`,
    triangle: `<polygon points="${s / 2},4 ${s - 4},${s - 6} 4,${s - 6}"/>`,
    diamond: `<polygon points="${s / 2},3 ${s - 3},${s / 2} ${s / 2},${s - 3} 3,${s / 2}"/>`,
  }[shape];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}"><g fill="${c}" stroke="#ffffff" stroke-width="2.5">${path}</g></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Isochrones 15/30/45 min, from the travel-time scale. */
export const ISOCHRONE_COLORS: Record<number, Rgb> = { 15: SEQUENTIAL_YLORRD[0], 30: SEQUENTIAL_YLORRD[2], 45: SEQUENTIAL_YLORRD[4] };

/** Underserved zones (Okabe–Ito bluish green, apart from every help-point colour). */
export const ZONE_COLOR: Rgb = [27, 158, 119];

/** The zone chosen in the underserved list: bleu France, apart from the zones' green. */
export const ZONE_FOCUS_COLOR: Rgb = [0, 0, 145];

/** The optimiser's proposals: rouge Marianne discs (DSFR), apart from the help points and the palettes' reds. */
export const PROPOSAL_COLOR: Rgb = [225, 0, 15];
