/**
 * Map export as PDF (A4 landscape or 16:9 slide) with jsPDF, loaded lazily on first use.
 * The drawing itself is map_sheet.ts (A4) or slide_sheet.ts (16:9); this file only creates the document.
 */
import { pdfPainter, loadJsPdf, toWinAnsi } from './pdf_text.ts';
import { A4_LANDSCAPE, SLIDE_16_9, drawMapSheet, mapSubtitle, type MapSheetContent, type PageFormat } from './map_sheet.ts';
import { drawSlideSheet } from './slide_sheet.ts';

export type MapPdfLayout = 'a4_paysage' | 'diapo_16_9';

export interface MapPdfInput extends MapSheetContent<{ png: Uint8Array; width: number; height: number }> {
  layout: MapPdfLayout;
}

export const PDF_MIME = 'application/pdf';

export const pageOf = (layout: MapPdfLayout): PageFormat => (layout === 'a4_paysage' ? A4_LANDSCAPE : SLIDE_16_9);

/** The PDF file. Rejects only on a broken image (jsPDF cannot read the PNG). */
export async function exportMapPdf(input: MapPdfInput): Promise<Uint8Array> {
  const { jsPDF: JsPdf, GState } = await loadJsPdf();
  const page = pageOf(input.layout);
  const doc = new JsPdf({ orientation: 'landscape', unit: 'mm', format: [page.width, page.height], compress: true });
  doc.setProperties({
    title: toWinAnsi(input.title),
    subject: toWinAnsi(mapSubtitle(input.territory, input.date)),
    creator: 'Maillage',
    keywords: input.fictional ? 'données fictives' : '',
  });
  doc.setLanguage('fr');
  // The slide is map first (slide_sheet.ts); A4 keeps its side column.
  const draw = input.layout === 'diapo_16_9' ? drawSlideSheet : drawMapSheet;
  draw(pdfPainter(doc, GState, input.mapImage.png), page, input);
  return new Uint8Array(doc.output('arraybuffer'));
}
