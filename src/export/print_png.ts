/**
 * Print-resolution PNG of the map sheet: the same layout as the PDF (map_sheet.ts) drawn on a
 * 2D context the caller provides (OffscreenCanvas or <canvas>), so this stays testable in Node
 * with a fake context. The caller then calls `canvas.convertToBlob()` / `toBlob()`.
 */
import { A4_LANDSCAPE, PT, drawMapSheet, printPixelSize, type MapSheetContent, type PageFormat, type Painter } from './map_sheet.ts';
import { drawSlideSheet } from './slide_sheet.ts';

export { printPixelSize };

/** The part of CanvasRenderingContext2D the sheet uses. */
export interface Canvas2DLike<Img> {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  globalAlpha: number;
  save(): void;
  restore(): void;
  scale(x: number, y: number): void;
  translate(x: number, y: number): void;
  rotate(angle: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  fill(): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  drawImage(image: Img, dx: number, dy: number, dw: number, dh: number): void;
}

const FONT_FAMILY = 'Helvetica, Arial, sans-serif';

/** A Painter on a context already scaled to millimetres. */
export function canvasPainter<Img>(ctx: Canvas2DLike<Img>, image: Img): Painter {
  const font = (size: number, bold?: boolean) => `${bold ? 'bold ' : ''}${(size * PT).toFixed(3)}px ${FONT_FAMILY}`;
  const paint = (s: { fill?: string; stroke?: string; lineWidth?: number }) => {
    if (s.fill) {
      ctx.fillStyle = s.fill;
      ctx.fill();
    }
    if (s.stroke) {
      ctx.strokeStyle = s.stroke;
      ctx.lineWidth = s.lineWidth ?? 0.2;
      ctx.stroke();
    }
  };
  return {
    rect(b, s) {
      ctx.beginPath();
      ctx.rect(b.x, b.y, b.w, b.h);
      paint(s);
    },
    polygon(points, s) {
      if (points.length < 2) return;
      ctx.beginPath();
      ctx.moveTo(points[0][0], points[0][1]);
      for (const [x, y] of points.slice(1)) ctx.lineTo(x, y);
      ctx.closePath();
      paint(s);
    },
    circle(cx, cy, r, s) {
      ctx.beginPath();
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      paint(s);
    },
    line(x1, y1, x2, y2, color, lineWidth) {
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
      paint({ stroke: color, lineWidth });
    },
    text(s, x, y, st) {
      ctx.save();
      ctx.font = font(st.size, st.bold);
      ctx.fillStyle = st.color ?? '#000000';
      ctx.textAlign = st.align ?? 'left';
      ctx.textBaseline = 'alphabetic';
      ctx.globalAlpha = st.opacity ?? 1;
      ctx.translate(x, y);
      // Counter-clockwise degrees on a y-down canvas.
      if (st.angle) ctx.rotate((-st.angle * Math.PI) / 180);
      ctx.fillText(s, 0, 0);
      ctx.restore();
    },
    textWidth(s, size, bold) {
      ctx.save();
      ctx.font = font(size, bold);
      const w = ctx.measureText(s).width;
      ctx.restore();
      return w;
    },
    image(b) {
      ctx.drawImage(image, b.x, b.y, b.w, b.h);
    },
  };
}

export interface PrintCanvasInput<Img> extends MapSheetContent<{ source: Img; width: number; height: number }> {
  /** Default A4 landscape. */
  page?: PageFormat;
}

/**
 * Draws the sheet on `ctx`, whose canvas is `pixelWidth` × `pixelHeight` (e.g. `printPixelSize(A4_LANDSCAPE, 300)`).
 * The map image is drawn from `mapImage.source` (ImageBitmap, canvas…).
 */
export function composePrintCanvas<Img>(ctx: Canvas2DLike<Img>, pixelWidth: number, pixelHeight: number, input: PrintCanvasInput<Img>): void {
  const page = input.page ?? A4_LANDSCAPE;
  ctx.save();
  ctx.scale(pixelWidth / page.width, pixelHeight / page.height);
  (page.id === 'diapo_16_9' ? drawSlideSheet : drawMapSheet)(canvasPainter(ctx, input.mapImage.source), page, input);
  ctx.restore();
}
