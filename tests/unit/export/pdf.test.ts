import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { exportMapPdf, type MapPdfInput } from '../../../src/export/pdf.ts';
import { exportFichePdf, figureValue, type FicheInput } from '../../../src/export/fiche_pdf.ts';
import { toWinAnsi } from '../../../src/export/pdf_text.ts';
import { A4_LANDSCAPE, SLIDE_16_9, niceScaleBar, wrapText } from '../../../src/export/map_sheet.ts';

const PDFTOTEXT = '/usr/bin/pdftotext';
const havePdftotext = existsSync(PDFTOTEXT);
if (!havePdftotext) console.warn('\n!!! pdftotext (poppler-utils) is missing: PDF text-extraction tests are SKIPPED !!!\n');

function pngBytes(width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([(i * 7) % 255, 120, 200, 255], i * 4);
  return new Uint8Array(PNG.sync.write(png));
}

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'maillage-pdf-'));
  const file = join(dir, 'out.pdf');
  writeFileSync(file, bytes);
  // Normalise every kind of space to a plain one for matching.
  return execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
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
  candidate: { name: 'Mairie de Château-Chinon', commune: 'Château-Chinon (Ville)', codeInsee: '58062' },
  date: new Date(2026, 10, 23),
  mapImage: { png: pngBytes(120, 80), width: 120, height: 80 },
  figures: [
    { label: 'Temps de trajet jusqu’à la France services la plus proche', value: 23.4, unit: 'min' },
    { label: 'Personnes nouvellement à moins de 30 min', value: 1234, unit: 'personnes' },
    { label: 'Part de la population du département à moins de 30 min, après', value: null, unit: '%' },
  ],
  checks: [
    { label: 'Au moins 2 agents', status: 'ok', detail: '3 agents.' },
    { label: 'Lieu existant à moins de 50 m (doublon probable)', status: 'alerte', detail: 'Médiathèque municipale à 12 m.' },
    { label: 'Horaires', status: 'non_applicable', detail: 'Horaires non renseignés.' },
  ],
  sources: ['Charte nationale France services', { label: 'Annuaire France services', vintage: '2025' }],
  spacingDoctrine: "Il n'existe pas de règle nationale chiffrée d'espacement minimal entre deux France services.",
  proposal: "Ce lieu est le n° 2 des 5 emplacements proposés par l'optimiseur. Optimal, prouvé par un calcul exact (HiGHS).",
  fictional: true,
};

describe('exportFichePdf', () => {
  it('writes one A4 portrait page with candidate, figures, checks, doctrine and sources', async () => {
    const bytes = await exportFichePdf(fiche);
    const head = new TextDecoder('latin1').decode(bytes);
    expect(head.startsWith('%PDF-')).toBe(true);
    expect(head.match(/\/Type \/Page\b/g)).toHaveLength(1);
    if (!havePdftotext) return;
    const text = pdfText(bytes).replace(/\s+/g, ' ');
    for (const s of [
      "FICHE D'AIDE À LA DÉCISION",
      "Vérification d'un projet de labellisation France services",
      'Lieu candidat : Mairie de Château-Chinon',
      'Commune : Château-Chinon (Ville) (58062)',
      'Établie le 23/11/2026',
      'Chiffres clés',
      '23,4 min',
      '1 234 personnes',
      'non disponible',
      'OK Au moins 2 agents',
      'Alerte',
      'Non applicable',
      'Médiathèque municipale à 12 m.',
      'Choix de l’emplacement',
      'Ce lieu est le n° 2 des 5 emplacements proposés',
      'Doctrine d’espacement',
      "Il n'existe pas de règle nationale chiffrée",
      'Annuaire France services (2025)',
      'DONNÉES FICTIVES',
    ]) {
      expect(text, s).toContain(s);
    }
    expect(text).toMatch(/1 ?\/ ?1/);
  });

  it('adds pages rather than cutting checks that do not fit', async () => {
    const many = { ...fiche, checks: Array.from({ length: 60 }, (_, i) => ({ label: `Vérification ${i + 1}`, status: 'ok' as const, detail: 'Détail assez long pour tenir sur une ligne.' })) };
    const bytes = await exportFichePdf(many);
    const pages = new TextDecoder('latin1').decode(bytes).match(/\/Type \/Page\b/g)?.length ?? 0;
    expect(pages).toBeGreaterThan(1);
    if (!havePdftotext) return;
    const text = pdfText(bytes);
    expect(text).toContain('Vérification 60');
    expect(text).toMatch(new RegExp(`${pages} ?/ ?${pages}`));
  });
});
