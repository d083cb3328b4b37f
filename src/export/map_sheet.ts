/**
 * Layout and drawing of an exported map sheet (title, map, legend, scale bar, north arrow,
 * sources, method notes, "données fictives" mark), independent of the output: the same code
 * draws through a jsPDF painter (pdf.ts) and a canvas 2D painter (print_png.ts).
 * Units are millimetres on the page; font sizes are points.
 */
import { fmtDate } from '../shared/format.ts';

export interface PageFormat {
  id: 'a4_paysage' | 'diapo_16_9' | 'a4_portrait';
  label: string;
  /** mm */
  width: number;
  height: number;
}

export const A4_LANDSCAPE: PageFormat = { id: 'a4_paysage', label: 'A4 paysage', width: 297, height: 210 };
/** PowerPoint's default 16:9 slide (10 × 5.625 in). */
export const SLIDE_16_9: PageFormat = { id: 'diapo_16_9', label: 'Diapositive 16:9', width: 254, height: 142.875 };
export const A4_PORTRAIT: PageFormat = { id: 'a4_portrait', label: 'A4 portrait', width: 210, height: 297 };

export type LegendSymbol = 'square' | 'circle' | 'triangle' | 'diamond' | 'line' | 'fill';

export interface LegendSection {
  title: string;
  items: { color: string; label: string; symbol?: LegendSymbol }[];
}

export interface SourceRef {
  label: string;
  /** Millésime, e.g. "2025"; UNKNOWN_VINTAGE when no file of the source has one. */
  vintage: string;
}

/** The vintage of a source whose files carry none (said once for all such sources, see sourcesText). */
export const UNKNOWN_VINTAGE = 'millésime non précisé';

/**
 * "Sources : A (2025) ; B (2019, 2021) ; C, D (millésime non précisé)": the sources whose vintage
 * is unknown are named together, so that the unknown vintage is said once.
 */
export function sourcesText(refs: readonly SourceRef[]): string {
  if (refs.length === 0) return 'Sources : aucune donnée chargée';
  const known = refs.filter((r) => r.vintage !== UNKNOWN_VINTAGE).map((r) => `${r.label} (${r.vintage})`);
  const unknown = refs.filter((r) => r.vintage === UNKNOWN_VINTAGE).map((r) => r.label);
  if (unknown.length) known.push(`${unknown.join(', ')} (${UNKNOWN_VINTAGE})`);
  return `Sources : ${known.join(' ; ')}`;
}

export interface MapSheetContent<Img extends { width: number; height: number }> {
  title: string;
  /** Territory, e.g. "Nièvre (58)". */
  territory: string;
  /** Shown as dd/mm/yyyy. */
  date: Date;
  /** The map picture; width and height in pixels. */
  mapImage: Img;
  /** Ground metres per image pixel at the image centre; bearing in degrees (0 = north up). */
  scale: { metersPerPixel: number; bearing?: number };
  legend: LegendSection[];
  sources: SourceRef[];
  methodNotes: string[];
  fictional: boolean;
  /** Colour of the map's own background ('#rrggbb'): the 16:9 slide fills its map frame with it around the image. */
  mapBackground?: string;
}

export const FICTIONAL_MARK = 'DONNÉES FICTIVES';
export const FICTIONAL_BANNER = `${FICTIONAL_MARK} : territoire de démonstration, chiffres sans valeur réelle`;

/** "Nièvre (58) – 23/11/2026". */
export const mapSubtitle = (territory: string, date: Date) => (territory ? `${territory} – ${fmtDate(date)}` : fmtDate(date));

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TextStyle {
  /** points */
  size: number;
  bold?: boolean;
  color?: string;
  align?: 'left' | 'center' | 'right';
  /** Degrees, counter-clockwise. */
  angle?: number;
  /** 0–1 */
  opacity?: number;
}

export interface ShapeStyle {
  fill?: string;
  stroke?: string;
  /** mm */
  lineWidth?: number;
}

/** What the sheet needs from an output. y grows downwards; text y is the baseline. */
export interface Painter {
  rect(b: Box, style: ShapeStyle): void;
  polygon(points: readonly (readonly [number, number])[], style: ShapeStyle): void;
  circle(cx: number, cy: number, r: number, style: ShapeStyle): void;
  line(x1: number, y1: number, x2: number, y2: number, color: string, lineWidth: number): void;
  text(s: string, x: number, y: number, style: TextStyle): void;
  /** Width in mm of `s` at this size. */
  textWidth(s: string, size: number, bold?: boolean): number;
  /** Draws the map image stretched into the box. */
  image(b: Box): void;
}

/** 1 pt in mm. */
export const PT = 25.4 / 72;

/** Pixel size of a page at a resolution: A4 landscape at 300 dpi → 3508 × 2480. */
export function printPixelSize(page: PageFormat, dpi = 300): { width: number; height: number } {
  return { width: Math.round((page.width / 25.4) * dpi), height: Math.round((page.height / 25.4) * dpi) };
}

/** Largest box of the image's aspect ratio inside `box`, centred. */
export function fitContain(box: Box, pxWidth: number, pxHeight: number): Box {
  if (!(pxWidth > 0 && pxHeight > 0)) return box;
  const k = Math.min(box.w / pxWidth, box.h / pxHeight);
  const w = pxWidth * k;
  const h = pxHeight * k;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

/** Scale bar of a round length (1, 2, 5 × 10^k m) no longer than `maxLength` page units. */
export function niceScaleBar(metersPerUnit: number, maxLength: number): { meters: number; length: number; label: string } | null {
  const max = metersPerUnit * maxLength;
  if (!(max >= 1) || !Number.isFinite(max)) return null;
  const pow = 10 ** Math.floor(Math.log10(max));
  const meters = [5, 2, 1].map((f) => f * pow).find((m) => m <= max) ?? pow;
  const label = meters >= 1000 ? `${String(meters / 1000).replace('.', ',')} km` : `${meters} m`;
  return { meters, length: meters / metersPerUnit, label };
}

/** Greedy word wrap with a width function. */
export function wrapText(text: string, maxWidth: number, width: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && width(candidate) > maxWidth) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    lines.push(line);
  }
  return lines;
}

export interface SheetLayout {
  margin: number;
  /** Font scale: 1 on A4, smaller on a slide. */
  k: number;
  banner: Box | null;
  header: Box;
  map: Box;
  side: Box;
  footer: Box;
}

export function sheetLayout(page: PageFormat, fictional: boolean): SheetLayout {
  const { width: W, height: H } = page;
  const k = Math.max(0.75, Math.min(1, H / 210));
  const margin = Math.max(6, H * 0.04);
  let y = margin;
  const banner = fictional ? { x: margin, y, w: W - 2 * margin, h: 7 * k } : null;
  if (banner) y += banner.h + 2;
  const header = { x: margin, y, w: W - 2 * margin, h: 16 * k };
  y += header.h + 2;
  const footerH = 5 * k;
  const bodyH = H - margin - footerH - y;
  const gap = 5;
  const sideW = (W - 2 * margin) * 0.28;
  const map = { x: margin, y, w: W - 2 * margin - sideW - gap, h: bodyH };
  const side = { x: map.x + map.w + gap, y, w: sideW, h: bodyH };
  const footer = { x: margin, y: H - margin - footerH, w: W - 2 * margin, h: footerH };
  return { margin, k, banner, header, map, side, footer };
}

const INK = '#1a1a1a';
const MUTED = '#555555';
const FICTIONAL_RED = '#c00000';

export function drawSymbol(p: Painter, symbol: LegendSymbol, color: string, x: number, y: number, s: number): void {
  const cx = x + s / 2;
  const cy = y + s / 2;
  const outline = { fill: color, stroke: '#333333', lineWidth: 0.15 };
  switch (symbol) {
    case 'circle':
      return p.circle(cx, cy, s * 0.4, outline);
    case 'triangle':
      return p.polygon([[cx, y + s * 0.1], [x + s * 0.9, y + s * 0.9], [x + s * 0.1, y + s * 0.9]], outline);
    case 'diamond':
      return p.polygon([[cx, y], [x + s, cy], [cx, y + s], [x, cy]], outline);
    case 'line':
      return p.line(x, cy, x + s, cy, color, s * 0.25);
    case 'fill':
      return p.rect({ x, y: y + s * 0.1, w: s, h: s * 0.8 }, { fill: color, stroke: '#666666', lineWidth: 0.2 });
    case 'square':
      return p.rect({ x: x + s * 0.15, y: y + s * 0.15, w: s * 0.7, h: s * 0.7 }, outline);
  }
}

/** North arrow in a box of side `size` centred on (cx, cy); `bearing` = map rotation (deg). */
export function drawNorthArrow(p: Painter, cx: number, cy: number, size: number, bearing = 0): void {
  const a = (-bearing * Math.PI) / 180;
  const rot = (dx: number, dy: number): [number, number] => [cx + dx * Math.cos(a) - dy * Math.sin(a), cy + dx * Math.sin(a) + dy * Math.cos(a)];
  const r = size / 2;
  p.circle(cx, cy, r * 1.05, { fill: '#ffffff', stroke: '#999999', lineWidth: 0.15 });
  const tip = rot(0, -r * 0.75);
  const tail = rot(0, r * 0.45);
  p.polygon([tip, rot(-r * 0.35, r * 0.55), tail], { fill: INK, stroke: INK, lineWidth: 0.15 });
  p.polygon([tip, tail, rot(r * 0.35, r * 0.55)], { fill: '#ffffff', stroke: INK, lineWidth: 0.15 });
  const [nx, ny] = rot(0, -r * 0.05);
  p.text('N', nx, ny + size * 0.15, { size: Math.max(5, size * 1.1), bold: true, color: INK, align: 'center' });
}

/** Scale bar in the bottom-left corner of the map box `img` (bottom-right with `corner`; its white box stays inside it). */
export function drawScaleBar(p: Painter, img: Box, metersPerMm: number, k: number, corner: 'left' | 'right' = 'left'): void {
  const bar = niceScaleBar(metersPerMm, img.w * 0.25);
  if (!bar) return;
  const pad = 2;
  const h = 1.4;
  const size = 7 * k;
  const labelW = p.textWidth(bar.label, size);
  const w = bar.length + labelW + 3 * pad;
  const box = { x: corner === 'left' ? img.x + 3 : img.x + img.w - 3 - w, y: img.y + img.h - 3 - (size * PT + h + 3 * pad), w, h: size * PT + h + 3 * pad };
  p.rect(box, { fill: '#ffffff', stroke: '#999999', lineWidth: 0.15 });
  const x0 = box.x + pad;
  const y0 = box.y + box.h - pad - h;
  const half = bar.length / 2;
  p.rect({ x: x0, y: y0, w: half, h }, { fill: INK, stroke: INK, lineWidth: 0.15 });
  p.rect({ x: x0 + half, y: y0, w: half, h }, { fill: '#ffffff', stroke: INK, lineWidth: 0.15 });
  p.text('0', x0, y0 - 1, { size, color: INK, align: 'center' });
  p.text(bar.label, x0 + bar.length + pad, y0 + h, { size, color: INK });
}

/** Draws the whole sheet. */
export function drawMapSheet<Img extends { width: number; height: number }>(p: Painter, page: PageFormat, c: MapSheetContent<Img>): void {
  const L = sheetLayout(page, c.fictional);
  const { k } = L;
  p.rect({ x: 0, y: 0, w: page.width, h: page.height }, { fill: '#ffffff' });

  if (L.banner) {
    p.rect(L.banner, { fill: FICTIONAL_RED });
    p.text(FICTIONAL_BANNER, L.banner.x + L.banner.w / 2, L.banner.y + L.banner.h * 0.68, { size: 10 * k, bold: true, color: '#ffffff', align: 'center' });
  }

  // Header: title (shrunk to fit on one line) and subtitle.
  let titleSize = 18 * k;
  while (titleSize > 9 && p.textWidth(c.title, titleSize, true) > L.header.w) titleSize -= 0.5;
  p.text(c.title, L.header.x, L.header.y + titleSize * PT, { size: titleSize, bold: true, color: INK });
  p.text(mapSubtitle(c.territory, c.date), L.header.x, L.header.y + L.header.h - 1, { size: 11 * k, color: MUTED });

  // Map, north arrow, scale bar, diagonal mark.
  const img = fitContain(L.map, c.mapImage.width, c.mapImage.height);
  p.image(img);
  p.rect(img, { stroke: '#999999', lineWidth: 0.2 });
  const arrow = 10 * k;
  drawNorthArrow(p, img.x + img.w - arrow / 2 - 3, img.y + arrow / 2 + 3, arrow, c.scale.bearing ?? 0);
  if (c.mapImage.width > 0) drawScaleBar(p, img, (c.scale.metersPerPixel * c.mapImage.width) / img.w, k);
  if (c.fictional) {
    const angle = (Math.atan2(img.h, img.w) * 180) / Math.PI;
    const size = Math.min(60, (Math.hypot(img.w, img.h) * 0.7) / (p.textWidth(FICTIONAL_MARK, 10, true) / 10));
    const r = (angle * Math.PI) / 180;
    // Centre the rotated baseline: shift back by half the text height, perpendicular to it.
    const off = (size * PT * 0.35);
    p.text(FICTIONAL_MARK, img.x + img.w / 2 + off * Math.sin(r), img.y + img.h / 2 + off * Math.cos(r), { size, bold: true, color: FICTIONAL_RED, align: 'center', angle, opacity: 0.22 });
  }

  // Side panel: legend, sources, method notes; stops with an ellipsis when full.
  const side = L.side;
  let y = side.y;
  let full = false;
  const bottom = side.y + side.h;
  const put = (lines: string[], size: number, opts: { bold?: boolean; color?: string; indent?: number; before?: number } = {}) => {
    const lh = size * PT * 1.25;
    y += opts.before ?? 0;
    for (const line of lines) {
      if (full) return;
      if (y + lh > bottom) {
        p.text('…', side.x, Math.min(bottom, y + lh), { size, color: MUTED });
        full = true;
        return;
      }
      y += lh;
      p.text(line, side.x + (opts.indent ?? 0), y - lh * 0.22, { size, bold: opts.bold, color: opts.color ?? INK });
    }
  };
  const wrap = (s: string, size: number, indent = 0, bold = false) => wrapText(s, side.w - indent, (t) => p.textWidth(t, size, bold));

  for (const section of c.legend) {
    put(wrap(section.title, 9 * k, 0, true), 9 * k, { bold: true, before: y > side.y ? 2 : 0 });
    const sym = 3.6 * k;
    for (const item of section.items) {
      if (full) break;
      const lines = wrap(item.label, 8 * k, sym + 2);
      const lh = 8 * k * PT * 1.25;
      if (y + Math.max(sym, lh) + 0.8 <= bottom) drawSymbol(p, item.symbol ?? 'fill', item.color, side.x, y + 0.8 + (lh - sym) / 2, sym);
      put(lines, 8 * k, { indent: sym + 2, before: 0.8 });
    }
  }
  if (c.sources.length) {
    put(['Sources'], 8 * k, { bold: true, before: 3 });
    for (const s of c.sources.filter((r) => r.vintage !== UNKNOWN_VINTAGE)) put(wrap(`${s.label} (${s.vintage})`, 7 * k), 7 * k, { color: MUTED });
    const unknown = c.sources.filter((r) => r.vintage === UNKNOWN_VINTAGE).map((r) => r.label);
    if (unknown.length) put(wrap(`${unknown.join(', ')} (${UNKNOWN_VINTAGE})`, 7 * k), 7 * k, { color: MUTED });
  }
  if (c.methodNotes.length) {
    put(['Méthode'], 8 * k, { bold: true, before: 3 });
    for (const n of c.methodNotes) put(wrap(n, 7 * k), 7 * k, { color: MUTED, before: 0.5 });
  }

  p.text(`Carte réalisée avec Maillage le ${fmtDate(c.date)}`, L.footer.x, L.footer.y + L.footer.h - 1, { size: 7 * k, color: MUTED });
  if (c.fictional) p.text(FICTIONAL_MARK, L.footer.x + L.footer.w, L.footer.y + L.footer.h - 1, { size: 7 * k, bold: true, color: FICTIONAL_RED, align: 'right' });
}
