/**
 * Layout maths of the map-first 16:9 slide sheet: the map frame takes ≥ 70 % of the page, the
 * legend lies whole inside the map frame, the footer (sources, ≥ 10 pt when they fit) and every
 * box lie inside the page's margins; the sources say an unknown vintage once.
 */
import { describe, expect, it } from 'vitest';
import { PT, SLIDE_16_9, UNKNOWN_VINTAGE, sourcesText, type Box, type LegendSection, type SourceRef } from '../../../src/export/map_sheet.ts';
import { SLIDE_MARGIN, legendBlock, slideSheetLayout, type Measure, type SlideText } from '../../../src/export/slide_sheet.ts';

/** Helvetica averages about 0.5 em a character; bold a little wider. */
const measure: Measure = (s, size, bold) => s.length * size * PT * (bold ? 0.58 : 0.52);

const inside = (inner: Box, outer: Box, eps = 1e-9) =>
  inner.x >= outer.x - eps && inner.y >= outer.y - eps && inner.x + inner.w <= outer.x + outer.w + eps && inner.y + inner.h <= outer.y + outer.h + eps;

const accessSection: LegendSection = {
  title: "Temps d'accès moyen (source : calcul Maillage, réseau routier troncons_routes.geojson ; classes fixes). Temps de trajet en voiture jusqu'au lieu le plus proche.",
  items: ['moins de 15 min', 'de 15 à moins de 30 min', 'de 30 à moins de 45 min', 'de 45 à moins de 60 min', '60 min et plus'].map((label, i) => ({ label, color: ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'][i], symbol: 'fill' as const })),
};
const pointsSection: LegendSection = {
  title: "Points d'aide",
  items: [
    { label: 'France Services', color: '#000091', symbol: 'square' },
    { label: 'Lieu de médiation numérique', color: '#6a51a3', symbol: 'circle' },
    { label: 'Conseiller numérique', color: '#ff7f00', symbol: 'diamond' },
    { label: 'Médiathèque', color: '#1b9e77', symbol: 'triangle' },
  ],
};
const network: LegendSection = { title: 'Réseau', items: [{ label: 'Routes (troncons_routes.geojson)', color: '#888888', symbol: 'line' }] };
const notes = [
  "Temps d'accès : trajet routier sur le réseau « troncons_routes.geojson » (vitesses par type de route), depuis les carreaux de 1 km habités ; à vol d'oiseau (détour × 1,3, 50 km/h) pour les lieux à plus de 2 km d'une route.",
  'Les 75 ans et plus au-delà du seuil sont estimés en leur appliquant la part de la population de leur commune au-delà du seuil.',
  "Besoin d'aide : estimation (population par âge × taux d'illectronisme, INSEE Première n° 1953), arrondie à la dizaine.",
];
const nievreSources: SourceRef[] = [
  { label: 'IGN Admin Express', vintage: '2018' },
  { label: 'INSEE', vintage: 'RP 2021' },
  { label: 'Data for Good (IFN)', vintage: UNKNOWN_VINTAGE },
  { label: 'La Poste', vintage: UNKNOWN_VINTAGE },
  { label: 'ANCT', vintage: '2024-08-01' },
  { label: 'Région BFC (Ternum)', vintage: '2024-03-12' },
  { label: 'Conseillers numériques', vintage: '2023-11-02' },
  { label: 'Ministère de la Culture', vintage: UNKNOWN_VINTAGE },
  { label: 'ARCEP', vintage: '2018-01, 2019 T3' },
];
const content = (over: Partial<SlideText> = {}): SlideText => ({
  title: "Temps d'accès aux France Services",
  territory: 'Nièvre (58)',
  date: new Date(2026, 11, 2),
  legend: [accessSection, network, pointsSection],
  sources: nievreSources,
  methodNotes: notes,
  fictional: false,
  ...over,
});

const page: Box = { x: 0, y: 0, w: SLIDE_16_9.width, h: SLIDE_16_9.height };
const content_box: Box = { x: SLIDE_MARGIN, y: SLIDE_MARGIN, w: SLIDE_16_9.width - 2 * SLIDE_MARGIN, h: SLIDE_16_9.height - 2 * SLIDE_MARGIN };

describe('slideSheetLayout', () => {
  const manySources = Array.from({ length: 40 }, (_, i) => ({ label: `Producteur de données numéro ${i + 1}`, vintage: `20${10 + (i % 15)}` }));
  it.each([
    ['Nièvre, dashboard-shaped map picture', content(), { width: 900, height: 760 }],
    ['demo, fictional, wide picture', content({ fictional: true }), { width: 1600, height: 600 }],
    ['tall picture', content(), { width: 500, height: 1000 }],
    ['no legend, no notes', content({ legend: [], methodNotes: [] }), { width: 1000, height: 700 }],
    ['a long legend', content({ legend: [accessSection, network, pointsSection, { ...pointsSection, title: 'Autres lieux' }, { ...accessSection, title: 'Carreaux de 1 km : habitants' }] }), { width: 900, height: 760 }],
    ['forty sources', content({ sources: manySources }), { width: 900, height: 760 }],
    ['a very long title', content({ title: 'Temps d’accès aux France Services et aux lieux de médiation numérique des communes rurales du Morvan et du Val de Loire, en 2026' }), { width: 900, height: 760 }],
  ])('%s: map ≥ 70 %, legend whole in the map, everything in the margins', (_name, c, img) => {
    const L = slideSheetLayout(SLIDE_16_9, c, img, measure);
    const share = (L.map.w * L.map.h) / (page.w * page.h);
    expect(share).toBeGreaterThanOrEqual(0.7);
    expect(L.mapShare).toBeCloseTo(share, 9);
    for (const b of [L.header, L.map, L.footer, ...(L.badge ? [L.badge] : [])]) expect(inside(b, content_box), JSON.stringify(b)).toBe(true);
    // Stacked without overlap: header, map, footer.
    expect(L.header.y + L.header.h).toBeLessThanOrEqual(L.map.y);
    expect(L.map.y + L.map.h).toBeLessThanOrEqual(L.footer.y);
    // The map picture keeps its aspect ratio, inside the frame.
    expect(inside(L.image, L.map)).toBe(true);
    expect(L.image.w / L.image.h).toBeCloseTo(img.width / img.height, 6);
    // The footer's lines fit its box, in its width.
    const lh = L.footerSize * PT * 1.25;
    expect(L.footerLines.length * lh).toBeLessThanOrEqual(L.footer.h + 1e-9);
    for (const line of L.footerLines) expect(measure(line, L.footerSize)).toBeLessThanOrEqual(L.footer.w + 2);
    // The title fits beside the badge.
    expect(measure(c.title, L.titleSize, true)).toBeLessThanOrEqual(L.header.w - (L.badge ? L.badge.w + 3 : 0) + 1e-9);
    if (!L.legend) {
      expect(c.legend.length + c.methodNotes.length).toBe(0);
      return;
    }
    expect(inside(L.legend, L.map)).toBe(true);
    expect(L.legend.complete).toBe(true);
    // Every legend row inside the legend box, and every label of the legend is in it.
    for (const r of L.legend.block.rows) {
      expect(r.y).toBeLessThanOrEqual(L.legend.h);
      if (r.symbol) expect(inside({ x: r.symbol.x, y: r.symbol.y, w: r.symbol.s, h: r.symbol.s }, { x: 0, y: 0, w: L.legend.w, h: L.legend.h })).toBe(true);
      else expect(r.x + measure(r.text, r.size, r.bold)).toBeLessThanOrEqual(L.legend.w + 1e-9);
    }
    const text = L.legend.block.rows.map((r) => r.text).join(' ');
    for (const s of c.legend) for (const i of s.items) expect(text).toContain(i.label);
    expect(L.legend.block.rows.filter((r) => r.symbol).length).toBe(c.legend.reduce((n, s) => n + s.items.length, 0));
  });

  it('prints the sources at 10 pt for the Nièvre, each once, with the unknown vintage said once', () => {
    const L = slideSheetLayout(SLIDE_16_9, content(), { width: 900, height: 760 }, measure);
    expect(L.footerSize).toBe(10);
    const footer = L.footerLines.join(' ');
    for (const s of nievreSources) expect(footer).toContain(s.label);
    expect(footer.split(UNKNOWN_VINTAGE).length - 1).toBe(1);
    expect(footer).toContain('Carte réalisée avec Maillage le 02/12/2026');
  });

  it('keeps the legend with its method notes at a readable size on the Nièvre slide', () => {
    const L = slideSheetLayout(SLIDE_16_9, content(), { width: 900, height: 760 }, measure);
    expect(L.legend!.block.notes).toBe(true);
    expect(L.legend!.block.size).toBeGreaterThanOrEqual(7);
  });

  it('places the map picture beside the legend when that keeps it large', () => {
    const L = slideSheetLayout(SLIDE_16_9, content(), { width: 900, height: 760 }, measure);
    expect(L.image.x).toBeGreaterThanOrEqual(L.legend!.x + L.legend!.w);
    // Height-limited: the picture is as tall as the frame.
    expect(L.image.h).toBeCloseTo(L.map.h, 6);
  });
});

describe('legendBlock', () => {
  it('shrinks with the size and wraps within the width', () => {
    const big = legendBlock([accessSection, pointsSection], notes, 80, 9, measure);
    const small = legendBlock([accessSection, pointsSection], notes, 80, 6, measure);
    expect(small.h).toBeLessThan(big.h);
    expect(big.w).toBeLessThanOrEqual(80);
    expect(big.rows.filter((r) => r.text === 'Méthode')).toHaveLength(1);
    expect(legendBlock([pointsSection], [], 80, 9, measure).rows.some((r) => r.text === 'Méthode')).toBe(false);
  });
});

describe('sourcesText', () => {
  it.each([
    [[], 'Sources : aucune donnée chargée'],
    [[{ label: 'INSEE', vintage: '2021' }], 'Sources : INSEE (2021)'],
    [[{ label: 'A', vintage: UNKNOWN_VINTAGE }, { label: 'INSEE', vintage: '2021' }, { label: 'B', vintage: UNKNOWN_VINTAGE }], 'Sources : INSEE (2021) ; A, B (millésime non précisé)'],
  ])('%j → %s', (refs, text) => expect(sourcesText(refs)).toBe(text));
});
