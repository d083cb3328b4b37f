/**
 * "Fiche d'aide à la décision" for a France services labelling candidate, for the préfecture:
 * one A4 portrait page (more only if the checks do not fit) with the candidate, a map, the
 * figures and checks of domain/planning/labelling.ts, the spacing doctrine and the sources.
 */
import { fmt1, fmtDate, fmtInt, MISSING } from '../shared/format.ts';
import { A4_PORTRAIT, FICTIONAL_BANNER, FICTIONAL_MARK, PT, fitContain, wrapText, type Painter, type SourceRef } from './map_sheet.ts';
import { loadJsPdf, pdfPainter, toWinAnsi } from './pdf_text.ts';

export type FicheCheckStatus = 'ok' | 'alerte' | 'non_applicable';

export interface FicheInput {
  /** Default "Vérification d'un projet de labellisation France services". */
  title?: string;
  candidate: { name: string; commune: string; codeInsee?: string };
  date: Date;
  mapImage?: { png: Uint8Array; width: number; height: number } | null;
  /** As produced by labellingCheck: '%' values are already percentages (0–100). */
  figures: { label: string; value: number | string | null; unit: string }[];
  checks: { label: string; status: FicheCheckStatus; detail: string }[];
  /** Plain strings (labellingCheck's `sources`) or label + millésime. */
  sources: (string | SourceRef)[];
  /** The spacing-doctrine sentence, printed when given. */
  spacingDoctrine?: string | null;
  /** When the candidate is one of the optimiser's proposals: its rank and the proof verdict (French). */
  proposal?: string | null;
  fictional?: boolean;
}

export const FICHE_DEFAULT_TITLE = "Vérification d'un projet de labellisation France services";
export const FICHE_KIND = "Fiche d'aide à la décision";

export const STATUS_LABELS: Record<FicheCheckStatus, string> = { ok: 'OK', alerte: 'Alerte', non_applicable: 'Non applicable' };
const STATUS_COLORS: Record<FicheCheckStatus, string> = { ok: '#1e7b34', alerte: '#c0392b', non_applicable: '#6b6b6b' };

/** French value of a figure: integers "1 234", others one decimal "12,3", null "non disponible". */
export function figureValue(v: number | string | null): string {
  if (v === null) return MISSING;
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? fmtInt(v) : fmt1(v);
}

const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#bbbbbb';

export async function exportFichePdf(input: FicheInput): Promise<Uint8Array> {
  const { jsPDF: JsPdf, GState } = await loadJsPdf();
  const page = A4_PORTRAIT;
  const doc = new JsPdf({ orientation: 'portrait', unit: 'mm', format: 'a4', compress: true });
  const title = input.title?.trim() || FICHE_DEFAULT_TITLE;
  doc.setProperties({ title: toWinAnsi(`${FICHE_KIND} : ${title}`), subject: toWinAnsi(input.candidate.name), creator: 'Maillage' });
  doc.setLanguage('fr');
  const p: Painter = pdfPainter(doc, GState, input.mapImage?.png);

  const M = 15;
  const W = page.width - 2 * M;
  const bottom = page.height - M - 8;
  let y = M;
  const lh = (size: number) => size * PT * 1.3;
  const newPageIfNeeded = (need: number) => {
    if (y + need <= bottom) return;
    doc.addPage();
    y = M;
    if (input.fictional) banner();
  };
  const para = (text: string, size: number, opts: { bold?: boolean; color?: string; x?: number; w?: number } = {}) => {
    const x = opts.x ?? M;
    for (const line of wrapText(text, opts.w ?? W - (x - M), (s) => p.textWidth(s, size, opts.bold))) {
      newPageIfNeeded(lh(size));
      y += lh(size);
      p.text(line, x, y - lh(size) * 0.25, { size, bold: opts.bold, color: opts.color ?? INK });
    }
  };
  const banner = () => {
    p.rect({ x: M, y, w: W, h: 7 }, { fill: '#c00000' });
    p.text(FICTIONAL_BANNER, M + W / 2, y + 4.8, { size: 10, bold: true, color: '#ffffff', align: 'center' });
    y += 9;
  };

  if (input.fictional) banner();
  para(FICHE_KIND.toUpperCase(), 9, { bold: true, color: MUTED });
  para(title, 16, { bold: true });
  y += 1;
  const commune = input.candidate.codeInsee ? `${input.candidate.commune} (${input.candidate.codeInsee})` : input.candidate.commune;
  para(`Lieu candidat : ${input.candidate.name}`, 11, { bold: true });
  para(`Commune : ${commune}`, 10);
  para(`Établie le ${fmtDate(input.date)}`, 9, { color: MUTED });
  y += 2;

  if (input.mapImage && input.mapImage.width > 0) {
    const box = fitContain({ x: M, y, w: W, h: 80 }, input.mapImage.width, input.mapImage.height);
    p.image(box);
    p.rect(box, { stroke: '#999999', lineWidth: 0.2 });
    if (input.fictional) {
      p.text(FICTIONAL_MARK, box.x + box.w / 2, box.y + box.h / 2 + 5, { size: 36, bold: true, color: '#c00000', align: 'center', angle: 20, opacity: 0.22 });
    }
    y = box.y + box.h + 4;
  }

  // Figures: label | value | unit.
  const valueX = M + W * 0.72;
  const unitX = M + W * 0.86;
  const section = (name: string) => {
    newPageIfNeeded(lh(11) + 8);
    y += 2;
    para(name, 11, { bold: true });
    p.line(M, y + 0.5, M + W, y + 0.5, INK, 0.3);
    y += 1.5;
  };
  if (input.figures.length) {
    section('Chiffres clés');
    for (const f of input.figures) {
      const lines = wrapText(f.label, valueX - M - 4, (s) => p.textWidth(s, 9));
      const h = lines.length * lh(9) + 1.2;
      newPageIfNeeded(h);
      lines.forEach((line, i) => p.text(line, M, y + (i + 1) * lh(9) - lh(9) * 0.25, { size: 9, color: INK }));
      p.text(figureValue(f.value), unitX - 3, y + lh(9) * 0.75, { size: 9, bold: true, color: INK, align: 'right' });
      p.text(f.unit, unitX, y + lh(9) * 0.75, { size: 9, color: MUTED });
      y += h;
      p.line(M, y - 0.4, M + W, y - 0.4, RULE, 0.1);
    }
  }

  // Checks: status badge, label, detail.
  if (input.checks.length) {
    section('Vérifications');
    const badgeW = 24;
    const textX = M + badgeW + 3;
    for (const c of input.checks) {
      const labelLines = wrapText(c.label, W - badgeW - 3, (s) => p.textWidth(s, 9, true));
      const detailLines = c.detail ? wrapText(c.detail, W - badgeW - 3, (s) => p.textWidth(s, 8.5)) : [];
      const h = labelLines.length * lh(9) + detailLines.length * lh(8.5) + 2;
      newPageIfNeeded(h);
      const status = STATUS_LABELS[c.status] ?? c.status;
      p.rect({ x: M, y: y + 0.8, w: badgeW, h: 4.6 }, { fill: STATUS_COLORS[c.status] ?? '#6b6b6b' });
      p.text(status, M + badgeW / 2, y + 4.1, { size: 8, bold: true, color: '#ffffff', align: 'center' });
      let ty = y;
      for (const line of labelLines) {
        ty += lh(9);
        p.text(line, textX, ty - lh(9) * 0.25, { size: 9, bold: true, color: INK });
      }
      for (const line of detailLines) {
        ty += lh(8.5);
        p.text(line, textX, ty - lh(8.5) * 0.25, { size: 8.5, color: MUTED });
      }
      y += h;
      p.line(M, y - 0.6, M + W, y - 0.6, RULE, 0.1);
    }
  }

  if (input.proposal) {
    section('Choix de l’emplacement');
    para(input.proposal, 9);
  }

  if (input.spacingDoctrine) {
    section('Doctrine d’espacement');
    para(input.spacingDoctrine, 9);
  }

  if (input.sources.length) {
    section('Sources');
    for (const s of input.sources) para(typeof s === 'string' ? s : `${s.label} (${s.vintage})`, 8, { color: MUTED });
  }

  // Footer on every page.
  const pages = doc.getNumberOfPages();
  for (let i = 1; i <= pages; i++) {
    doc.setPage(i);
    const fy = page.height - M + 2;
    p.line(M, fy - 4, M + W, fy - 4, RULE, 0.1);
    p.text(`Document d'aide à la décision produit avec Maillage le ${fmtDate(input.date)} : il ne vaut pas décision de labellisation.`, M, fy, { size: 7, color: MUTED });
    p.text(`${i} / ${pages}`, M + W, fy, { size: 7, color: MUTED, align: 'right' });
  }
  return new Uint8Array(doc.output('arraybuffer'));
}
