/**
 * The fiche's own map, drawn as vectors through a Painter (pure layout, no DOM): the candidate,
 * its isochrones (road polygons, or straight-line estimate circles said as such), the three
 * nearest France services numbered as in the fiche's table, the other France services, and the
 * commune outlines around, with a legend, a scale bar and a north arrow (map_sheet.ts drawing).
 * Projection: equirectangular around the candidate (exact enough over a few tens of km for a
 * scale bar: the error at 50 km from the centre is under 0.5 %). Everything is clipped to the
 * map box: nothing is drawn outside it.
 */
import type { CandidateIsochrones } from '../domain/planning/labelling.ts';
import { drawNorthArrow, drawScaleBar, drawSymbol, PT, wrapText, type Box, type LegendSymbol, type Painter } from './map_sheet.ts';

export interface FicheMapData {
  candidate: { lon: number; lat: number };
  /** The three nearest, in the table's order (numbered 1, 2, 3 on the map). */
  nearest: { lon: number; lat: number }[];
  /** Every other France services (outside the view: not drawn). */
  others: { lon: number; lat: number }[];
  isochrones: CandidateIsochrones;
  /** Commune outlines ([lon, lat] rings); `own`: the candidate's commune (tinted). */
  communes: { rings: [number, number][][]; own: boolean }[];
}

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON_EQ = 111_320;

/** Local metres east/north of the centre. */
export function projector(lon0: number, lat0: number): (lon: number, lat: number) => [number, number] {
  const kx = M_PER_DEG_LON_EQ * Math.cos((lat0 * Math.PI) / 180);
  return (lon, lat) => [(lon - lon0) * kx, (lat - lat0) * M_PER_DEG_LAT];
}

/** Half-size of the square view, metres: the largest isochrone and the three nearest, plus 15 %, at least 5 km. */
export function viewRadiusMeters(m: FicheMapData): number {
  const proj = projector(m.candidate.lon, m.candidate.lat);
  let r = 5000;
  const see = (lon: number, lat: number) => {
    const [x, y] = proj(lon, lat);
    if (Number.isFinite(x) && Number.isFinite(y)) r = Math.max(r, Math.abs(x) * 1.15, Math.abs(y) * 1.15);
  };
  for (const n of m.nearest) see(n.lon, n.lat);
  if (m.isochrones.method === 'vol_oiseau') {
    for (const c of m.isochrones.circles) r = Math.max(r, c.meters * 1.1);
  } else {
    for (const f of m.isochrones.features) for (const poly of f.geometry.coordinates) for (const [lon, lat] of poly[0] ?? []) see(lon, lat);
  }
  return r;
}

/** Sutherland–Hodgman clip of a closed ring to an axis-aligned box. */
export function clipRing(ring: readonly (readonly [number, number])[], b: Box): [number, number][] {
  type P = [number, number];
  let out: P[] = ring.map(([x, y]) => [x, y]);
  const edges: [(p: P) => boolean, (a: P, c: P) => P][] = [
    [(p) => p[0] >= b.x, (a, c) => [b.x, a[1] + ((c[1] - a[1]) * (b.x - a[0])) / (c[0] - a[0])]],
    [(p) => p[0] <= b.x + b.w, (a, c) => [b.x + b.w, a[1] + ((c[1] - a[1]) * (b.x + b.w - a[0])) / (c[0] - a[0])]],
    [(p) => p[1] >= b.y, (a, c) => [a[0] + ((c[0] - a[0]) * (b.y - a[1])) / (c[1] - a[1]), b.y]],
    [(p) => p[1] <= b.y + b.h, (a, c) => [a[0] + ((c[0] - a[0]) * (b.y + b.h - a[1])) / (c[1] - a[1]), b.y + b.h]],
  ];
  for (const [inside, cut] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i];
      const prev = input[(i + input.length - 1) % input.length];
      if (inside(cur)) {
        if (!inside(prev)) out.push(cut(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(cut(prev, cur));
    }
    if (out.length === 0) break;
  }
  return out;
}

export const FICHE_MAP_COLORS = {
  candidate: '#c0392b',
  nearest: '#1f4e9c',
  others: '#7fa3d6',
  iso: ['#f3c9a8', '#f7dcc4', '#fbeee2'] as const, // innermost first
  communeOwn: '#8a6d00',
  communeLine: '#9a9a9a',
};

const isoColor = (i: number, n: number) => FICHE_MAP_COLORS.iso[Math.min(FICHE_MAP_COLORS.iso.length - 1, Math.max(0, FICHE_MAP_COLORS.iso.length - n + i))];

/** The legend entries for this map (French). */
export function ficheMapLegend(m: FicheMapData): { color: string; label: string; symbol: LegendSymbol }[] {
  const iso = m.isochrones;
  const est = iso.method === 'vol_oiseau';
  const minutes = iso.method === 'vol_oiseau' ? iso.circles.map((c) => c.minutes) : iso.features.map((f) => f.properties.minutes);
  const n = minutes.length;
  return [
    { color: FICHE_MAP_COLORS.candidate, label: 'Lieu proposé', symbol: 'diamond' },
    { color: FICHE_MAP_COLORS.nearest, label: 'France services la plus proche (n° du tableau)', symbol: 'circle' },
    { color: FICHE_MAP_COLORS.others, label: 'Autre France services', symbol: 'circle' },
    ...minutes.map((min, i) => ({
      color: isoColor(i, n),
      label: est ? `Moins de ${min} min (estimation à vol d'oiseau)` : `Moins de ${min} min par la route`,
      symbol: 'fill' as const,
    })),
    { color: FICHE_MAP_COLORS.communeOwn, label: 'Limite de la commune du lieu proposé', symbol: 'line' },
    { color: FICHE_MAP_COLORS.communeLine, label: 'Limite de commune', symbol: 'line' },
  ];
}

/** Draws the map in `mapBox` and its legend in `legendBox`. */
export function drawFicheMap(p: Painter, mapBox: Box, legendBox: Box, m: FicheMapData): void {
  const r = viewRadiusMeters(m);
  const mPerMm = (2 * r) / Math.min(mapBox.w, mapBox.h);
  const proj = projector(m.candidate.lon, m.candidate.lat);
  const cx = mapBox.x + mapBox.w / 2;
  const cy = mapBox.y + mapBox.h / 2;
  const toPage = (lon: number, lat: number): [number, number] => {
    const [x, y] = proj(lon, lat);
    return [cx + x / mPerMm, cy - y / mPerMm];
  };
  const inside = ([x, y]: readonly [number, number], pad = 0) => x >= mapBox.x + pad && x <= mapBox.x + mapBox.w - pad && y >= mapBox.y + pad && y <= mapBox.y + mapBox.h - pad;
  /** Projected, thinned (points closer than 0.3 mm dropped) and clipped. */
  const pageRing = (ring: readonly (readonly number[])[]) => {
    const pts: [number, number][] = [];
    for (const c of ring) {
      const q = toPage(c[0], c[1]);
      const last = pts[pts.length - 1];
      if (!last || Math.abs(q[0] - last[0]) + Math.abs(q[1] - last[1]) >= 0.3) pts.push(q);
    }
    return pts.length >= 3 ? clipRing(pts, mapBox) : [];
  };

  p.rect(mapBox, { fill: '#ffffff' });
  // Isochrones, the largest first (nested, opaque fills).
  const iso = m.isochrones;
  if (iso.method === 'vol_oiseau') {
    const n = iso.circles.length;
    [...iso.circles].map((c, i) => ({ c, i })).reverse().forEach(({ c, i }) => {
      const steps = 96;
      const ring: [number, number][] = [];
      for (let k = 0; k < steps; k++) {
        const a = (2 * Math.PI * k) / steps;
        ring.push([cx + (Math.cos(a) * c.meters) / mPerMm, cy - (Math.sin(a) * c.meters) / mPerMm]);
      }
      const clipped = clipRing(ring, mapBox);
      if (clipped.length >= 3) p.polygon(clipped, { fill: isoColor(i, n), stroke: '#d08a55', lineWidth: 0.15 });
    });
  } else {
    const n = iso.features.length;
    [...iso.features].map((f, i) => ({ f, i })).reverse().forEach(({ f, i }) => {
      for (const poly of f.geometry.coordinates) {
        const ring = pageRing(poly[0] ?? []);
        if (ring.length >= 3) p.polygon(ring, { fill: isoColor(i, n), stroke: '#d08a55', lineWidth: 0.15 });
      }
    });
  }
  // Communes: outlines, the candidate's drawn last and thicker (the isochrones stay visible).
  for (const c of [...m.communes].sort((a, b) => Number(a.own) - Number(b.own))) {
    for (const ring of c.rings) {
      const q = pageRing(ring);
      if (q.length >= 3) p.polygon(q, c.own ? { stroke: FICHE_MAP_COLORS.communeOwn, lineWidth: 0.7 } : { stroke: FICHE_MAP_COLORS.communeLine, lineWidth: 0.1 });
    }
  }
  // Sites.
  for (const o of m.others) {
    const q = toPage(o.lon, o.lat);
    if (inside(q, 1.2)) p.circle(q[0], q[1], 1, { fill: FICHE_MAP_COLORS.others, stroke: '#333333', lineWidth: 0.1 });
  }
  m.nearest.forEach((n, i) => {
    const q = toPage(n.lon, n.lat);
    if (!inside(q, 2.4)) return;
    p.circle(q[0], q[1], 2.2, { fill: FICHE_MAP_COLORS.nearest, stroke: '#ffffff', lineWidth: 0.3 });
    p.text(String(i + 1), q[0], q[1] + 1, { size: 7, bold: true, color: '#ffffff', align: 'center' });
  });
  const c0 = toPage(m.candidate.lon, m.candidate.lat);
  p.polygon([[c0[0], c0[1] - 2.6], [c0[0] + 2.6, c0[1]], [c0[0], c0[1] + 2.6], [c0[0] - 2.6, c0[1]]], { fill: FICHE_MAP_COLORS.candidate, stroke: '#ffffff', lineWidth: 0.3 });

  p.rect(mapBox, { stroke: '#999999', lineWidth: 0.2 });
  drawNorthArrow(p, mapBox.x + mapBox.w - 8, mapBox.y + 8, 10, 0);
  drawScaleBar(p, mapBox, mPerMm, 1);

  // Legend.
  let y = legendBox.y;
  const size = 8;
  const lh = size * PT * 1.3;
  p.text('Légende', legendBox.x, y + 9 * PT, { size: 9, bold: true, color: '#1a1a1a' });
  y += 9 * PT * 1.6;
  const sym = 3.4;
  for (const item of ficheMapLegend(m)) {
    const lines = wrapText(item.label, legendBox.w - sym - 2, (s) => p.textWidth(s, size));
    const h = Math.max(sym, lines.length * lh) + 1;
    if (y + h > legendBox.y + legendBox.h) break;
    drawSymbol(p, item.symbol, item.color, legendBox.x, y + 0.3, sym);
    lines.forEach((line, i) => p.text(line, legendBox.x + sym + 2, y + (i + 1) * lh - lh * 0.25, { size, color: '#1a1a1a' }));
    y += h;
  }
}
