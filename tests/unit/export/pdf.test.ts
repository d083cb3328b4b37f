import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { exportMapPdf, type MapPdfInput } from '../../../src/export/pdf.ts';
import { exportFichePdf, exportFicheSummaryPdf, figureValue, type FicheInput } from '../../../src/export/fiche_pdf.ts';
import { clipRing, drawFicheMap } from '../../../src/export/fiche_map.ts';
import { toWinAnsi } from '../../../src/export/pdf_text.ts';
import { A4_LANDSCAPE, SLIDE_16_9, niceScaleBar, wrapText, type Painter } from '../../../src/export/map_sheet.ts';

const PDFTOTEXT = '/usr/bin/pdftotext';
const havePdftotext = existsSync(PDFTOTEXT);
if (!havePdftotext) console.warn('\n!!! pdftotext (poppler-utils) is missing: PDF text-extraction tests are SKIPPED !!!\n');

function pngBytes(width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([(i * 7) % 255, 120, 200, 255], i * 4);
  return new Uint8Array(PNG.sync.write(png));
}

function pdfText(bytes: Uint8Array, layout = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'maillage-pdf-'));
  const file = join(dir, 'out.pdf');
  writeFileSync(file, bytes);
  // Normalise every kind of space to a plain one for matching.
  return execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
}

const mapInput = (layout: MapPdfInput['layout']): MapPdfInput => ({
  layout,
  title: 'Accès aux France services : « Château-Chinon » et le Morvan',
  territory: 'Nièvre (58)',
  date: new Date(2026, 10, 23),
  mapImage: { png: pngBytes(160, 100), width: 160, height: 100 },
  scale: { metersPerPixel: 600 },
  legend: [
    {
      title: 'Temps de trajet',
      items: [
        { color: '#1a9850', label: 'Moins de 15 min', symbol: 'fill' },
        { color: '#fee08b', label: 'De 15 à 30 min', symbol: 'fill' },
        { color: '#d73027', label: 'Plus de 30 min', symbol: 'fill' },
      ],
    },
    {
      title: 'Lieux',
      items: [
        { color: '#08519c', label: 'France services', symbol: 'circle' },
        { color: '#6a51a3', label: 'Médiathèque', symbol: 'triangle' },
        { color: '#ff7f00', label: 'Conseiller numérique', symbol: 'diamond' },
        { color: '#333333', label: 'Route principale', symbol: 'line' },
        { color: 'not-a-colour', label: 'Cœur de bourg', symbol: 'square' },
      ],
    },
  ],
  sources: [
    { label: 'Annuaire France services (ANCT)', vintage: '2025' },
    { label: 'Populations légales Insee', vintage: '2021' },
  ],
  methodNotes: ['Temps estimés par la route à partir du réseau OpenStreetMap ; à vol d’oiseau là où il manque.', 'Population ≥ 75 ans : 1 234 personnes.'],
  fictional: true,
});

describe('toWinAnsi', () => {
  it.each([
    ['é è à ç ù â ê î ô û ë ï ü ÿ É È À Ç', 'é è à ç ù â ê î ô û ë ï ü ÿ É È À Ç'],
    ['œuvre Œ « guillemets » l’été … – — €', 'œuvre Œ « guillemets » l’été … – — €'],
    ['1\u202f234', '1\u00a0234'],
    ['≥ 75 ans, ≤ 30 min, −3', '>= 75 ans, <= 30 min, -3'],
    ['Łódź ŝ', '?ódz s'],
    ['中', '?'],
  ])('%j → %j', (input, expected) => expect(toWinAnsi(input)).toBe(expected));
});

describe('sheet helpers', () => {
  it.each([
    [100, 30, 2000, '2 km'],
    [100, 60, 5000, '5 km'],
    [100, 12, 1000, '1 km'],
    [10, 35, 200, '200 m'],
    [1000, 25, 20000, '20 km'],
    [50, 11, 500, '500 m'],
  ])('niceScaleBar(%d m/unit, max %d) = %d m', (mpu, max, meters, label) => {
    const bar = niceScaleBar(mpu, max)!;
    expect(bar.meters).toBe(meters);
    expect(bar.label).toBe(label);
    expect(bar.length).toBeLessThanOrEqual(max);
    expect(bar.length).toBeGreaterThan(max / 5);
  });

  it('wrapText keeps words and width', () => {
    expect(wrapText('un deux trois quatre', 9, (s) => s.length)).toEqual(['un deux', 'trois', 'quatre']);
  });

  it('page sizes', () => {
    expect([A4_LANDSCAPE.width, A4_LANDSCAPE.height]).toEqual([297, 210]);
    expect(SLIDE_16_9.width / SLIDE_16_9.height).toBeCloseTo(16 / 9, 5);
  });

  it('figureValue formats French numbers', () => {
    expect(figureValue(12345)).toBe('12\u202f345');
    expect(figureValue(12.345)).toBe('12,3');
    expect(figureValue(null)).toBe('non disponible');
    expect(figureValue('oui')).toBe('oui');
  });
});

describe('exportMapPdf', () => {
  it.each(['a4_paysage', 'diapo_16_9'] as const)('%s: a PDF of the right size with the French text extractable', async (layout) => {
    const bytes = await exportMapPdf(mapInput(layout));
    const head = new TextDecoder('latin1').decode(bytes.slice(0, 5000));
    expect(head.startsWith('%PDF-')).toBe(true);
    const [w, h] = layout === 'a4_paysage' ? [297, 210] : [254, 142.875];
    const box = head.match(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/);
    expect(box).not.toBeNull();
    expect(Number(box![1])).toBeCloseTo((w * 72) / 25.4, 0);
    expect(Number(box![2])).toBeCloseTo((h * 72) / 25.4, 0);
    if (!havePdftotext) return;
    const text = pdfText(bytes);
    for (const s of [
      'DONNÉES FICTIVES',
      'Nièvre (58) – 23/11/2026',
      'Temps de trajet',
      'Moins de 15 min',
      'De 15 à 30 min',
      'Médiathèque',
      'Cœur de bourg',
      'Annuaire France services (ANCT) (2025)',
      'Populations légales Insee (2021)',
      'Sources',
      'Méthode',
      '>= 75 ans',
      'Carte réalisée avec Maillage le 23/11/2026',
    ]) {
      expect(text, s).toContain(s);
    }
    // The title may be wrapped by pdftotext only at spaces: compare without line breaks.
    expect(text.replace(/\s+/g, ' ')).toContain('Accès aux France services : « Château-Chinon » et le Morvan');
    expect(text).toMatch(/\d km/);
  });

  it('has no "données fictives" mark on real data', async () => {
    const bytes = await exportMapPdf({ ...mapInput('a4_paysage'), fictional: false });
    if (!havePdftotext) return;
    expect(pdfText(bytes)).not.toContain('FICTIVES');
  });
});

const fiche: FicheInput = {
  candidate: {
    name: 'France services de Château-Chinon', commune: 'Château-Chinon (Ville)', codeInsee: '58062', canton: 'canton de Château-Chinon (5805)',
    address: '2 place Notre-Dame', structure: 'Communauté de communes Morvan Sommets et Grands Lacs', format: 'France services (site principal)',
    hours: ['lun. 09:00-12:00 / 14:00-17:00'], agents: null,
  },
  date: new Date(2026, 10, 23),
  map: {
    candidate: { lon: 3.93, lat: 47.06 },
    nearest: [{ lon: 3.8, lat: 47.1 }, { lon: 4.1, lat: 47.0 }, { lon: 3.7, lat: 46.95 }],
    others: [{ lon: 3.0, lat: 47.0 }],
    isochrones: { method: 'vol_oiseau', circles: [10, 20, 30].map((m) => ({ minutes: m, meters: ((m / 60) * 50_000) / 1.5 })) },
    communes: [{ own: true, rings: [[[3.9, 47.03], [3.96, 47.03], [3.96, 47.09], [3.9, 47.09], [3.9, 47.03]]] }],
  },
  nearest: [
    { rank: 1, name: 'France services de Moulins-Engilbert', type: 'Principale', minutes: '19 min', km: '16,2 km', estimate: true },
    { rank: 2, name: 'France services de Montsauche', type: 'Principale', minutes: '23 min', km: '19,0 km', estimate: true },
    { rank: 3, name: 'Bus France services', type: 'Bus (arrêt)', minutes: '27 min', km: '22,4 km', estimate: true },
  ],
  estimateNote: "estimation à vol d'oiseau (distance × 1,5 à 50 km/h)",
  newlyWithin: { thresholdMinutes: 30, people: 1234, estimate: true },
  figures: [
    { label: 'Personnes nouvellement à moins de 30 min', value: 1234, unit: 'personnes' },
    { label: 'Part de la population du département à moins de 30 min, après', value: null, unit: '%' },
    { label: "Heures d'ouverture par semaine", value: null, unit: 'h' },
  ],
  checks: [
    { label: 'Au moins 2 agents', status: 'ok', detail: '3 agents sont prévus (au moins 2 demandés)' },
    { label: 'Pas de lieu existant à moins de 50 m (doublon probable)', status: 'alerte', detail: '« Médiathèque municipale » est à 12 m : c’est probablement le même lieu' },
    { label: "Ouverture d'au moins 24 h sur 5 jours", status: 'non_applicable', detail: "les horaires d'ouverture ne sont pas renseignés" },
  ],
  sources: ['Charte nationale France services', { label: 'Annuaire France services', vintage: '2025' }],
  spacingDoctrine: "Il n'existe pas de règle nationale chiffrée d'espacement minimal entre deux France services.",
  proposal: "Ce lieu est le n° 2 des 5 emplacements proposés par l'optimiseur. Optimal, prouvé par un calcul exact (HiGHS).",
  fictional: true,
};

const pageCount = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes).match(/\/Type \/Page\b/g)?.length ?? 0;

describe('exportFichePdf', () => {
  it('writes the site as filed, its commune and canton, the three nearest, figures with units, checks "…, parce que …"', async () => {
    const bytes = await exportFichePdf(fiche);
    const head = new TextDecoder('latin1').decode(bytes);
    expect(head.startsWith('%PDF-')).toBe(true);
    if (!havePdftotext) return;
    const text = pdfText(bytes, true).replace(/\s+/g, ' ');
    for (const s of [
      "FICHE D'AIDE À LA DÉCISION",
      "Vérification d'un projet de labellisation France services",
      'Lieu proposé : France services de Château-Chinon',
      'Adresse : 2 place Notre-Dame',
      'Commune : Château-Chinon (Ville) (58062)',
      'Canton : canton de Château-Chinon (5805)',
      'Structure porteuse : Communauté de communes Morvan',
      'Agents : non renseigné',
      'Établie le 23/11/2026',
      'Légende',
      'Lieu proposé',
      'Les trois France services les plus proches',
      'France services de Moulins-Engilbert',
      '16,2 km *',
      '19 min *',
      "* estimation à vol d'oiseau (distance × 1,5 à 50 km/h).",
      'Chiffres clés',
      '1 234 personnes',
      'Conforme, parce que 3 agents sont prévus (au moins 2 demandés).',
      'Non conforme, parce que « Médiathèque municipale » est à 12 m',
      "Non applicable, parce que les horaires d'ouverture ne sont pas renseignés.",
      'Choix de l’emplacement',
      'Doctrine d’espacement',
      'Annuaire France services (2025)',
      'DONNÉES FICTIVES',
    ]) {
      expect(text, s).toContain(s);
    }
    expect(text).not.toMatch(/non disponible (h|jours|agents|%|km|min)\b/);
    expect(text).toMatch(/\d+ km/); // the scale bar
    // The legend says the circles are estimates (read without the diagonal mark of fictional data).
    const real = pdfText(await exportFichePdf({ ...fiche, fictional: false }), true).replace(/\s+/g, ' ');
    expect(real).toContain("Moins de 30 min (estimation à vol d'oiseau)");
  });

  it('adds pages rather than cutting checks that do not fit', async () => {
    const many = { ...fiche, checks: Array.from({ length: 60 }, (_, i) => ({ label: `Vérification ${i + 1}`, status: 'ok' as const, detail: 'détail assez long pour tenir sur une ligne' })) };
    const bytes = await exportFichePdf(many);
    const pages = pageCount(bytes);
    expect(pages).toBeGreaterThan(1);
    if (!havePdftotext) return;
    const text = pdfText(bytes);
    expect(text).toContain('Vérification 60');
    expect(text).toMatch(new RegExp(`${pages} ?/ ?${pages}`));
  });
});

describe('exportFicheSummaryPdf (CDAC / comité de pilotage)', () => {
  it('one A4 page with the site, the three nearest, the people newly within 30 min and the checks', async () => {
    const bytes = await exportFicheSummaryPdf(fiche);
    expect(pageCount(bytes)).toBe(1);
    if (!havePdftotext) return;
    const text = pdfText(bytes, true).replace(/\s+/g, ' ');
    for (const s of ['SYNTHÈSE POUR LA CDAC / LE COMITÉ DE PILOTAGE', 'Commune : Château-Chinon (Ville) (58062)', 'France services de Montsauche', 'Bus France services',
      "Personnes nouvellement à moins de 30 min d'une France services : 1 234 personnes", 'Conforme', 'Non conforme', 'Non applicable']) {
      expect(text, s).toContain(s);
    }
  });

  it('stays on one page even with 60 checks (cut with an ellipsis)', async () => {
    const many = { ...fiche, checks: Array.from({ length: 60 }, (_, i) => ({ label: `Vérification ${i + 1}`, status: 'ok' as const, detail: 'détail' })) };
    expect(pageCount(await exportFicheSummaryPdf(many))).toBe(1);
  });
});

describe('the fiche map', () => {
  /** A painter that records every point drawn. */
  const recorder = () => {
    const pts: [number, number][] = [];
    const texts: string[] = [];
    const p: Painter = {
      rect: (b) => pts.push([b.x, b.y], [b.x + b.w, b.y + b.h]),
      polygon: (points) => points.forEach(([x, y]) => pts.push([x, y])),
      circle: (cx, cy, r) => pts.push([cx - r, cy - r], [cx + r, cy + r]),
      line: (x1, y1, x2, y2) => pts.push([x1, y1], [x2, y2]),
      text: (s, x, y) => { texts.push(s); pts.push([x, y]); },
      textWidth: (s, size) => s.length * size * 0.18,
      image: (b) => pts.push([b.x, b.y]),
    };
    return { p, pts, texts };
  };

  it('draws nothing outside its boxes, however far the isochrones and communes reach', () => {
    const { p, pts, texts } = recorder();
    const mapBox = { x: 15, y: 100, w: 124, h: 82 };
    const legendBox = { x: 143, y: 100, w: 52, h: 82 };
    const far = { ...fiche.map!, communes: [{ own: false, rings: [[[0, 40], [10, 40], [10, 50], [0, 50], [0, 40]] as [number, number][]] }], others: [{ lon: 10, lat: 50 }] };
    drawFicheMap(p, mapBox, legendBox, far);
    const within = ([x, y]: [number, number]) => x >= mapBox.x - 1e-6 && x <= legendBox.x + legendBox.w + 1e-6 && y >= mapBox.y - 1e-6 && y <= mapBox.y + mapBox.h + 1e-6;
    expect(pts.filter((q) => !within(q))).toEqual([]);
    expect(texts).toContain('Légende');
    expect(texts.some((t) => /^\d+ km$/.test(t))).toBe(true);
  });

  it('clips a ring to the box (Sutherland–Hodgman): a square half out keeps its inside half', () => {
    const out = clipRing([[-5, 0], [5, 0], [5, 10], [-5, 10]], { x: 0, y: 0, w: 10, h: 10 });
    const xs = out.map(([x]) => x);
    expect(Math.min(...xs)).toBe(0);
    expect(Math.max(...xs)).toBe(5);
    // Area by the shoelace formula: 5 × 10.
    const area = Math.abs(out.reduce((a, [x, y], i) => { const [x2, y2] = out[(i + 1) % out.length]; return a + x * y2 - x2 * y; }, 0)) / 2;
    expect(area).toBeCloseTo(50, 9);
  });
});
