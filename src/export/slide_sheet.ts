/**
 * The 16:9 slide sheet, map first: a one-line header (the user's title, the territory and the
 * date), a map frame across the page holding its legend, north arrow and scale bar, and a footer
 * with the sources in type an audience can read on a projected slide.
 *
 * Page: SLIDE_16_9, 254 × 142.875 mm (PowerPoint's default 10 × 5.625 in slide). Sizes are in
 * points on that page: the footer's 10 pt (3.5 mm, 1/40 of the page height) is 4 cm tall on a
 * 3 m wide screen. The footer drops to 9 then 8 pt only when the sources would leave the map
 * less than MIN_MAP_SHARE of the page.
 * Pure layout (slideSheetLayout, legendBlock) and its drawing through a Painter, as map_sheet.ts.
 */
import { fmtDate } from '../shared/format.ts';
import {
  FICTIONAL_MARK, PT, drawNorthArrow, drawScaleBar, drawSymbol, fitContain, mapSubtitle, sourcesText, wrapText,
  type Box, type LegendSection, type LegendSymbol, type MapSheetContent, type PageFormat, type Painter,
} from './map_sheet.ts';

/** Width in mm of `s` at `size` points. */
export type Measure = (s: string, size: number, bold?: boolean) => number;

/** Outer margin (mm): nothing is drawn in this band but the white page. */
export const SLIDE_MARGIN = 4;
/** The map frame takes at least this share of the page's area. */
export const MIN_MAP_SHARE = 0.7;
/** Footer (sources) sizes tried in turn, points. */
export const FOOTER_SIZES = [10, 9, 8] as const;
/** Legend item sizes tried in turn until the legend fits whole in the map frame, points. */
export const LEGEND_SIZES = [9, 8.5, 8, 7.5, 7, 6.5, 6] as const;

const GAP = 1.5;
/** Legend box: inset from the map frame and inner padding, mm. */
const INSET = 2;
const PAD = 2;
const INK = '#1a1a1a';
const MUTED = '#444444';
const FICTIONAL_RED = '#c00000';
const DEFAULT_MAP_BACKGROUND = '#f6f6f2';

export interface LegendRow {
  text: string;
  /** Relative to the legend box's top-left corner; y is the baseline. */
  x: number;
  y: number;
  size: number;
  bold: boolean;
  muted: boolean;
  symbol?: { symbol: LegendSymbol; color: string; x: number; y: number; s: number };
}

export interface LegendBlock {
  rows: LegendRow[];
  /** mm */
  w: number;
  h: number;
  /** Item size, points. */
  size: number;
  /** Whether the method notes are in the block. */
  notes: boolean;
}

/** The legend (then the method notes) laid out at item size `size` in a box at most `maxW` wide. */
export function legendBlock(sections: readonly LegendSection[], notes: readonly string[], maxW: number, size: number, measure: Measure): LegendBlock {
  const rows: LegendRow[] = [];
  const inner = maxW - 2 * PAD;
  let y = PAD;
  let widest = 0;
  const line = (text: string, x: number, s: number, bold: boolean, muted: boolean) => {
    const lh = s * PT * 1.25;
    y += lh;
    rows.push({ text, x, y: y - lh * 0.22, size: s, bold, muted });
    widest = Math.max(widest, x - PAD + measure(text, s, bold));
  };
  const titleSize = size + 0.5;
  const sym = size * PT * 1.15;
  const indent = sym + 1.5;
  sections.forEach((section, i) => {
    if (i > 0) y += 1.2;
    for (const t of wrapText(section.title, inner, (s) => measure(s, titleSize, true))) line(t, PAD, titleSize, true, false);
    for (const item of section.items) {
      y += 0.5;
      const top = y;
      const lh = size * PT * 1.25;
      rows.push({ text: '', x: PAD, y: top, size, bold: false, muted: false, symbol: { symbol: item.symbol ?? 'fill', color: item.color, x: PAD, y: top + (lh - sym) / 2, s: sym } });
      for (const t of wrapText(item.label, inner - indent, (s) => measure(s, size))) line(t, PAD + indent, size, false, false);
    }
  });
  if (notes.length) {
    const noteSize = Math.max(5.5, size - 1.5);
    y += 1.5;
    line('Méthode', PAD, size, true, false);
    for (const n of notes) {
      y += 0.4;
      for (const t of wrapText(n, inner, (s) => measure(s, noteSize))) line(t, PAD, noteSize, false, true);
    }
  }
  return { rows, w: Math.min(maxW, widest + 2 * PAD), h: y + PAD, size, notes: notes.length > 0 };
}

export interface SlideSheetLayout {
  margin: number;
  header: Box;
  titleSize: number;
  subtitleSize: number;
  /** The "DONNÉES FICTIVES" badge at the header's right, if fictional. */
  badge: Box | null;
  /** The map frame. */
  map: Box;
  /** Where the map image is drawn, inside the frame (beside the legend when that keeps it large). */
  image: Box;
  legend: (Box & { block: LegendBlock; complete: boolean }) | null;
  footer: Box;
  footerSize: number;
  footerLines: string[];
  /** Map frame area / page area. */
  mapShare: number;
}

export type SlideText = Pick<MapSheetContent<never>, 'title' | 'territory' | 'date' | 'legend' | 'sources' | 'methodNotes' | 'fictional'>;

const area = (b: Box) => b.w * b.h;

/** The footer's one text: sources, then who made the map and when. */
export const slideFooterText = (c: Pick<SlideText, 'sources' | 'date'>) => `${sourcesText(c.sources)} — Carte réalisée avec Maillage le ${fmtDate(c.date)}`;

/** Boxes of the slide sheet; `image` gives the map picture's pixel size (its aspect ratio is kept). */
export function slideSheetLayout(page: PageFormat, c: SlideText, image: { width: number; height: number }, measure: Measure): SlideSheetLayout {
  const { width: W, height: H } = page;
  const M = SLIDE_MARGIN;
  const innerW = W - 2 * M;

  const badgeSize = 10;
  const badge = c.fictional ? { x: 0, y: M, w: measure(FICTIONAL_MARK, badgeSize, true) + 4, h: badgeSize * PT * 1.6 } : null;
  if (badge) badge.x = W - M - badge.w;
  let titleSize = 16;
  const titleRoom = innerW - (badge ? badge.w + 3 : 0);
  while (titleSize > 9 && measure(c.title, titleSize, true) > titleRoom) titleSize -= 0.5;
  const subtitleSize = 10;
  const header = { x: M, y: M, w: innerW, h: titleSize * PT * 1.2 + subtitleSize * PT * 1.35 };

  const fixedH = H - 2 * M - header.h - 2 * GAP;
  const text = slideFooterText(c);
  let footerSize: number = FOOTER_SIZES[FOOTER_SIZES.length - 1];
  let footerLines: string[] = [];
  const shareOf = (footerH: number) => (innerW * (fixedH - footerH)) / (W * H);
  for (const size of FOOTER_SIZES) {
    const lines = wrapText(text, innerW, (s) => measure(s, size));
    footerSize = size;
    footerLines = lines;
    if (shareOf(lines.length * size * PT * 1.25) >= MIN_MAP_SHARE) break;
  }
  const lh = footerSize * PT * 1.25;
  if (shareOf(footerLines.length * lh) < MIN_MAP_SHARE) {
    // Pathological source lists: keep the map's share, end the last line that fits with "…".
    const max = Math.max(1, Math.floor((fixedH - (MIN_MAP_SHARE * W * H) / innerW) / lh));
    footerLines = [...footerLines.slice(0, max - 1), `${footerLines[max - 1]} …`];
  }
  const footerH = footerLines.length * lh;
  const map = { x: M, y: header.y + header.h + GAP, w: innerW, h: fixedH - footerH };
  const footer = { x: M, y: map.y + map.h + GAP, w: innerW, h: footerH };

  let legend: SlideSheetLayout['legend'] = null;
  if (c.legend.length || c.methodNotes.length) {
    const maxW = Math.min(map.w * 0.36, 90);
    const room = map.h - 2 * INSET;
    let block: LegendBlock | null = null;
    for (const notes of [c.methodNotes, []]) {
      for (const size of LEGEND_SIZES) {
        const b = legendBlock(c.legend, notes, maxW, size, measure);
        if (b.h <= room) {
          block = b;
          break;
        }
      }
      if (block) break;
    }
    const complete = block !== null;
    // Never reached with real legends: the smallest legend, without notes, its rows past the frame left out.
    block ??= (() => {
      const b = legendBlock(c.legend, [], maxW, LEGEND_SIZES[LEGEND_SIZES.length - 1], measure);
      return { ...b, rows: b.rows.filter((r) => r.y + PAD <= room), h: room };
    })();
    legend = { x: map.x + INSET, y: map.y + INSET, w: block.w, h: block.h, block, complete };
  }

  const full = fitContain(map, image.width, image.height);
  let img = full;
  if (legend) {
    const left = legend.x + legend.w + INSET;
    const beside = fitContain({ x: left, y: map.y, w: map.x + map.w - left, h: map.h }, image.width, image.height);
    if (area(beside) >= 0.8 * area(full)) img = beside;
  }
  return { margin: M, header, titleSize, subtitleSize, badge, map, image: img, legend, footer, footerSize, footerLines, mapShare: area(map) / (W * H) };
}

/** Draws the 16:9 slide sheet. */
export function drawSlideSheet<Img extends { width: number; height: number }>(p: Painter, page: PageFormat, c: MapSheetContent<Img>): void {
  const L = slideSheetLayout(page, c, c.mapImage, (s, size, bold) => p.textWidth(s, size, bold));
  p.rect({ x: 0, y: 0, w: page.width, h: page.height }, { fill: '#ffffff' });

  const { header } = L;
  p.text(c.title, header.x, header.y + L.titleSize * PT, { size: L.titleSize, bold: true, color: INK });
  p.text(mapSubtitle(c.territory, c.date), header.x, header.y + header.h - L.subtitleSize * PT * 0.3, { size: L.subtitleSize, color: MUTED });
  if (L.badge) {
    p.rect(L.badge, { fill: FICTIONAL_RED });
    p.text(FICTIONAL_MARK, L.badge.x + L.badge.w / 2, L.badge.y + L.badge.h * 0.7, { size: 10, bold: true, color: '#ffffff', align: 'center' });
  }

  const { map, image: img } = L;
  p.rect(map, { fill: c.mapBackground ?? DEFAULT_MAP_BACKGROUND });
  p.image(img);
  if (c.fictional) {
    const angle = (Math.atan2(img.h, img.w) * 180) / Math.PI;
    const size = Math.min(48, (Math.hypot(img.w, img.h) * 0.6) / (p.textWidth(FICTIONAL_MARK, 10, true) / 10));
    const r = (angle * Math.PI) / 180;
    const off = size * PT * 0.35;
    p.text(FICTIONAL_MARK, img.x + img.w / 2 + off * Math.sin(r), img.y + img.h / 2 + off * Math.cos(r), { size, bold: true, color: FICTIONAL_RED, align: 'center', angle, opacity: 0.22 });
  }
  p.rect(map, { stroke: '#999999', lineWidth: 0.25 });
  const arrow = 9;
  drawNorthArrow(p, map.x + map.w - arrow / 2 - 3, map.y + arrow / 2 + 3, arrow, c.scale.bearing ?? 0);
  if (c.mapImage.width > 0 && img.w > 0) drawScaleBar(p, map, (c.scale.metersPerPixel * c.mapImage.width) / img.w, 1, 'right');

  if (L.legend) {
    const { x, y, w, h, block } = L.legend;
    p.rect({ x, y, w, h }, { fill: '#ffffff', stroke: '#999999', lineWidth: 0.2 });
    for (const r of block.rows) {
      if (r.symbol) drawSymbol(p, r.symbol.symbol, r.symbol.color, x + r.symbol.x, y + r.symbol.y, r.symbol.s);
      else p.text(r.text, x + r.x, y + r.y, { size: r.size, bold: r.bold, color: r.muted ? MUTED : INK });
    }
  }

  const lh = L.footerSize * PT * 1.25;
  L.footerLines.forEach((line, i) => p.text(line, L.footer.x, L.footer.y + (i + 1) * lh - lh * 0.22, { size: L.footerSize, color: INK }));
}
