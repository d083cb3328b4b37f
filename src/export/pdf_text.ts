/**
 * jsPDF glue shared by the map PDF and the fiche: text limited to what the standard Helvetica
 * font can show (WinAnsi / CP1252), and a `Painter` over a jsPDF document.
 */
import type { GState, jsPDF } from 'jspdf';
import { PT, type Box, type Painter, type ShapeStyle, type TextStyle } from './map_sheet.ts';

// CP1252 beyond Latin-1: € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const REPLACEMENTS: Record<string, string> = {
  '\u202F': '\u00A0', // narrow no-break space (French thousands and « ») → no-break space
  '\u2009': ' ',
  '\u2007': '\u00A0',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '≤': '<=',
  '≥': '>=',
  '≠': '!=',
  '≈': '~',
  '→': '->',
  '←': '<-',
  '✓': 'OK',
  '⚠': '(!)',
};

const isWinAnsi = (ch: string) => {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || CP1252_EXTRA.has(ch);
};

/**
 * Text the standard PDF fonts can show: accents, « », œ, €, ’ are kept (all in WinAnsi); narrow
 * spaces become no-break spaces, a few symbols become ASCII, other letters lose their diacritics,
 * and anything left becomes "?".
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    if (isWinAnsi(ch)) out += ch;
    else if (ch in REPLACEMENTS) out += REPLACEMENTS[ch];
    else if (ch === '\n' || ch === '\t') out += ' ';
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base && [...base].every(isWinAnsi) ? base : '?';
    }
  }
  return out;
}

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
/** '#rgb' / '#rrggbb', else a neutral grey (a bad legend colour must not break the export). */
export const safeColor = (c: string | undefined, fallback = '#888888') => {
  if (!c || !HEX.test(c)) return fallback;
  return c.length === 4 ? `#${c[1]}${c[1]}${c[2]}${c[2]}${c[3]}${c[3]}` : c;
};

function pathStyle(doc: jsPDF, s: ShapeStyle): 'F' | 'S' | 'FD' | null {
  if (s.fill) doc.setFillColor(safeColor(s.fill));
  if (s.stroke) {
    doc.setDrawColor(safeColor(s.stroke));
    doc.setLineWidth(s.lineWidth ?? 0.2);
  }
  return s.fill && s.stroke ? 'FD' : s.fill ? 'F' : s.stroke ? 'S' : null;
}

/** A Painter drawing on `doc` (unit mm); `image` draws the given PNG. GState comes from the lazy module. */
export function pdfPainter(doc: jsPDF, GStateClass: typeof GState, png?: Uint8Array): Painter {
  const setFont = (size: number, bold?: boolean) => {
    doc.setFont('helvetica', bold ? 'bold' : 'normal');
    doc.setFontSize(size);
  };
  const width = (s: string, size: number, bold?: boolean) => {
    setFont(size, bold);
    return (doc.getStringUnitWidth(toWinAnsi(s)) * size * PT);
  };
  return {
    rect(b: Box, s: ShapeStyle) {
      const st = pathStyle(doc, s);
      if (st) doc.rect(b.x, b.y, b.w, b.h, st);
    },
    polygon(points, s) {
      const st = pathStyle(doc, s);
      if (!st || points.length < 2) return;
      const deltas = points.slice(1).map((pt, i) => [pt[0] - points[i][0], pt[1] - points[i][1]]);
      doc.lines(deltas, points[0][0], points[0][1], [1, 1], st, true);
    },
    circle(cx, cy, r, s) {
      const st = pathStyle(doc, s);
      if (st) doc.circle(cx, cy, r, st);
    },
    line(x1, y1, x2, y2, color, lineWidth) {
      doc.setDrawColor(safeColor(color));
      doc.setLineWidth(lineWidth);
      doc.line(x1, y1, x2, y2);
    },
    text(s: string, x: number, y: number, st: TextStyle) {
      const t = toWinAnsi(s);
      setFont(st.size, st.bold);
      doc.setTextColor(safeColor(st.color, '#000000'));
      const opacity = st.opacity ?? 1;
      if (opacity < 1) {
        doc.saveGraphicsState();
        doc.setGState(new GStateClass({ opacity }));
      }
      if (st.angle) {
        // jsPDF aligns rotated text badly: move the start point along the baseline ourselves.
        const w = width(s, st.size, st.bold);
        const shift = st.align === 'center' ? w / 2 : st.align === 'right' ? w : 0;
        const a = (st.angle * Math.PI) / 180;
        doc.text(t, x - shift * Math.cos(a), y + shift * Math.sin(a), { angle: st.angle });
      } else {
        doc.text(t, x, y, { align: st.align ?? 'left' });
      }
      if (opacity < 1) doc.restoreGraphicsState();
    },
    textWidth: width,
    image(b: Box) {
      if (png && png.length) doc.addImage(png, 'PNG', b.x, b.y, b.w, b.h, undefined, 'FAST');
      else {
        pathStyle(doc, { fill: '#eeeeee' });
        doc.rect(b.x, b.y, b.w, b.h, 'F');
      }
    },
  };
}

/** Lazy jsPDF (≈ 350 kB): loaded on the first export only. */
export async function loadJsPdf(): Promise<{ jsPDF: typeof jsPDF; GState: typeof GState }> {
  const mod = await import('jspdf');
  return { jsPDF: mod.jsPDF, GState: mod.GState };
}
