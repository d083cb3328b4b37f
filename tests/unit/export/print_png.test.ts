import { describe, expect, it } from 'vitest';
import { composePrintCanvas, printPixelSize, type Canvas2DLike } from '../../../src/export/print_png.ts';
import { A4_LANDSCAPE, SLIDE_16_9, type LegendSection } from '../../../src/export/map_sheet.ts';

type Call = [string, ...unknown[]];

/** Records every call and the state at each fillText; measureText ≈ 0.5 em per character. */
function fakeContext(): Canvas2DLike<{ id: string }> & { calls: Call[]; texts: { text: string; font: string; fill: unknown }[] } {
  const calls: Call[] = [];
  const texts: { text: string; font: string; fill: unknown }[] = [];
  const ctx: Record<string, unknown> = {
    calls,
    texts,
    fillStyle: '#000' as unknown,
    strokeStyle: '#000' as unknown,
    lineWidth: 1,
    font: '10px sans-serif',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    globalAlpha: 1,
    measureText(text: string) {
      const px = Number(/([\d.]+)px/.exec(ctx.font as string)?.[1] ?? 10);
      return { width: text.length * px * 0.5 };
    },
    fillText(text: string, x: number, y: number) {
      calls.push(['fillText', text, x, y]);
      texts.push({ text, font: ctx.font as string, fill: ctx.fillStyle });
    },
  };
  for (const name of ['save', 'restore', 'scale', 'translate', 'rotate', 'beginPath', 'moveTo', 'lineTo', 'closePath', 'arc', 'rect', 'fill', 'stroke', 'drawImage']) {
    ctx[name] = (...args: unknown[]) => calls.push([name, ...args]);
  }
  return ctx as unknown as ReturnType<typeof fakeContext>;
}

const legend: LegendSection[] = [{ title: 'Temps de trajet', items: [{ color: '#1a9850', label: 'Moins de 15 min' }] }];

// Compile-time: the browser contexts fit the interface the sheet draws on.
export const contextsFit: [Canvas2DLike<CanvasImageSource>, Canvas2DLike<CanvasImageSource>] = [
  null as unknown as CanvasRenderingContext2D,
  null as unknown as OffscreenCanvasRenderingContext2D,
];

describe('printPixelSize', () => {
  it('A4 landscape at 300 dpi is 3508 × 2480', () => {
    expect(printPixelSize(A4_LANDSCAPE, 300)).toEqual({ width: 3508, height: 2480 });
    expect(printPixelSize(A4_LANDSCAPE, 150)).toEqual({ width: 1754, height: 1240 });
    expect(printPixelSize(SLIDE_16_9, 96)).toEqual({ width: 960, height: 540 });
  });
});

describe('composePrintCanvas', () => {
  const { width, height } = printPixelSize(A4_LANDSCAPE, 300);
  const ctx = fakeContext();
  const map = { id: 'carte' };
  composePrintCanvas(ctx, width, height, {
    title: 'Accès aux France services',
    territory: 'Nièvre (58)',
    date: new Date(2026, 10, 23),
    mapImage: { source: map, width: 2000, height: 1400 },
    scale: { metersPerPixel: 50 },
    legend,
    sources: [{ label: 'Annuaire France services', vintage: '2025' }],
    methodNotes: ['Temps estimés par la route.'],
    fictional: true,
  });
  const texts = ctx.texts.map((t) => t.text);

  it('scales millimetres to pixels and balances save/restore', () => {
    expect(ctx.calls.find((c) => c[0] === 'scale')?.slice(1)).toEqual([width / 297, height / 210]);
    const saves = ctx.calls.filter((c) => c[0] === 'save').length;
    expect(saves).toBe(ctx.calls.filter((c) => c[0] === 'restore').length);
  });

  it('draws the map image once, inside the page, keeping its aspect ratio', () => {
    const draws = ctx.calls.filter((c) => c[0] === 'drawImage');
    expect(draws).toHaveLength(1);
    const [, img, x, y, w, h] = draws[0] as [string, unknown, number, number, number, number];
    expect(img).toBe(map);
    expect(w / h).toBeCloseTo(2000 / 1400, 6);
    expect(x).toBeGreaterThanOrEqual(0);
    expect(y + h).toBeLessThanOrEqual(210);
  });

  it('writes title, subtitle, legend, scale bar, north arrow, sources and the fictional mark', () => {
    for (const s of ['Accès aux France services', 'Nièvre (58) – 23/11/2026', 'Temps de trajet', 'Moins de 15 min', 'N', '0', 'Sources', 'Annuaire France services (2025)', 'Méthode', 'DONNÉES FICTIVES']) {
      expect(texts, s).toContain(s);
    }
    expect(texts.some((t) => /^\d+ km$/.test(t))).toBe(true);
    expect(texts.some((t) => t.startsWith('DONNÉES FICTIVES :'))).toBe(true);
    const title = ctx.texts.find((t) => t.text === 'Accès aux France services')!;
    expect(title.font).toMatch(/^bold /);
    // The diagonal mark is rotated.
    expect(ctx.calls.some((c) => c[0] === 'rotate' && (c[1] as number) < 0)).toBe(true);
  });
});
