/**
 * "Fiche d'aide à la décision" for a France services labelling candidate, for the préfecture:
 * A4 portrait, the proposed site as filed (name, address, structure, format, hours, agents,
 * commune, canton), its map (isochrones, the three nearest France services, legend, scale bar),
 * the three nearest France services, the figures and checks of domain/planning/labelling.ts
 * (each check "Conforme / Non conforme / Non applicable, parce que …"), the spacing doctrine and
 * the sources. More pages only if the content does not fit.
 * `exportFicheSummaryPdf`: the same figures on exactly one A4 page for the CDAC / comité de
 * pilotage (site, commune, the three nearest, people newly within the threshold, the checks as a
 * compact table).
 */
import { fmtDate, MISSING } from '../shared/format.ts';
import { CHECK_VERDICTS, checkSentence } from '../domain/planning/labelling.ts';
import { A4_PORTRAIT, FICTIONAL_BANNER, FICTIONAL_MARK, PT, fitContain, wrapText, type Painter, type SourceRef } from './map_sheet.ts';
import { drawFicheMap, type FicheMapData } from './fiche_map.ts';
import { figureText, figureValue, type NearestRow } from './fiche_text.ts';
import { loadJsPdf, pdfPainter, toWinAnsi } from './pdf_text.ts';

export { figureValue };

export type FicheCheckStatus = 'ok' | 'alerte' | 'non_applicable';

export interface FicheSite {
  name: string;
  /** Commune name (or "non disponible") and INSEE code. */
  commune: string;
  codeInsee?: string;
  /** "canton de Clamecy (5803)", "canton 5809 (nom non disponible)". */
  canton?: string;
  address?: string;
  structure?: string;
  /** French label of the format (principal / antenne / bus). */
  format?: string;
  stops?: string[];
  /** "lundi : 09:00-12:00 / 14:00-17:00", one per open day. */
  hours?: string[];
  agents?: number | null;
}

export interface FicheInput {
  /** Default "Vérification d'un projet de labellisation France services". */
  title?: string;
  candidate: FicheSite;
  date: Date;
  /** A picture of the live map (older fiches); `map` (vector) is drawn instead when given. */
  mapImage?: { png: Uint8Array; width: number; height: number } | null;
  map?: FicheMapData | null;
  /** The three nearest France services (nearestRows). */
  nearest?: NearestRow[];
  /** Said under the nearest table when a row is an estimate. */
  estimateNote?: string;
  /** People newly within the threshold (summary). */
  newlyWithin?: { thresholdMinutes: number; people: number | null; estimate: boolean } | null;
  /** As produced by labellingCheck: '%' values are already percentages (0–100). */
  figures: { label: string; value: number | string | null; unit: string }[];
  /** `detail`: the reason read after "parce que". */
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
export const SUMMARY_KIND = 'Synthèse pour la CDAC / le comité de pilotage';

export const STATUS_LABELS: Record<FicheCheckStatus, string> = CHECK_VERDICTS;
const STATUS_COLORS: Record<FicheCheckStatus, string> = { ok: '#1e7b34', alerte: '#c0392b', non_applicable: '#6b6b6b' };

const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#bbbbbb';
const NOT_FILLED = 'non renseigné';

/** The site's lines "Label : value"; a missing value reads "non renseigné", never with a unit. */
export function siteLines(s: FicheSite): [string, string][] {
  const commune = s.codeInsee && s.commune !== MISSING ? `${s.commune} (${s.codeInsee})` : s.commune;
  const lines: [string, string][] = [
    ['Lieu proposé', s.name],
    ['Adresse', s.address?.trim() || NOT_FILLED],
    ['Commune', commune || MISSING],
    ['Canton', s.canton ?? `${MISSING} (aucun contour de canton chargé)`],
    ['Structure porteuse', s.structure?.trim() || NOT_FILLED],
  ];
  if (s.format) lines.push(['Format', s.format]);
  if (s.stops?.length) lines.push(['Arrêts', s.stops.join(' ; ')]);
  if (s.hours !== undefined) lines.push(["Horaires d'ouverture", s.hours.length ? s.hours.join(' ; ') : NOT_FILLED]);
  if (s.agents !== undefined) lines.push(['Agents', s.agents === null ? NOT_FILLED : figureText(s.agents, 'agents')]);
  return lines;
}

interface Doc {
  p: Painter;
  out(): Uint8Array;
  pages(): number;
  addPage(): void;
  setPage(i: number): void;
}

async function openDoc(input: FicheInput, subjectKind: string): Promise<Doc> {
  const { jsPDF: JsPdf, GState } = await loadJsPdf();
  const doc = new JsPdf({ orientation: 'portrait', unit: 'mm', format: 'a4', compress: true });
  const title = input.title?.trim() || FICHE_DEFAULT_TITLE;
  doc.setProperties({ title: toWinAnsi(`${subjectKind} : ${title}`), subject: toWinAnsi(input.candidate.name), creator: 'Maillage' });
  doc.setLanguage('fr');
  return {
    p: pdfPainter(doc, GState, input.mapImage?.png),
    out: () => new Uint8Array(doc.output('arraybuffer')),
    pages: () => doc.getNumberOfPages(),
    addPage: () => void doc.addPage(),
    setPage: (i) => void doc.setPage(i),
  };
}

const M = 15;
const page = A4_PORTRAIT;
const W = page.width - 2 * M;
const lh = (size: number) => size * PT * 1.3;

/** A flowing page writer: paragraphs, sections, a new page when full (or an ellipsis when `onePage`). */
function writer(d: Doc, input: FicheInput, onePage: boolean) {
  const { p } = d;
  const bottom = page.height - M - 8;
  const st = { y: M, full: false };
  const banner = () => {
    p.rect({ x: M, y: st.y, w: W, h: 7 }, { fill: '#c00000' });
    p.text(FICTIONAL_BANNER, M + W / 2, st.y + 4.8, { size: 10, bold: true, color: '#ffffff', align: 'center' });
    st.y += 9;
  };
  /** Whether `need` mm fit; otherwise a new page (or, on one page, false). */
  const room = (need: number) => {
    if (st.full) return false;
    if (st.y + need <= bottom) return true;
    if (onePage) {
      p.text('…', M, Math.min(bottom, st.y + 3), { size: 9, color: MUTED });
      st.full = true;
      return false;
    }
    d.addPage();
    st.y = M;
    if (input.fictional) banner();
    return true;
  };
  const para = (text: string, size: number, opts: { bold?: boolean; color?: string; x?: number; w?: number; maxLines?: number } = {}) => {
    const x = opts.x ?? M;
    let lines = wrapText(text, opts.w ?? W - (x - M), (s) => p.textWidth(s, size, opts.bold));
    if (opts.maxLines && lines.length > opts.maxLines) lines = [...lines.slice(0, opts.maxLines - 1), `${lines[opts.maxLines - 1]} …`];
    for (const line of lines) {
      if (!room(lh(size))) return;
      st.y += lh(size);
      p.text(line, x, st.y - lh(size) * 0.25, { size, bold: opts.bold, color: opts.color ?? INK });
    }
  };
  const section = (name: string) => {
    if (!room(lh(11) + 8)) return;
    st.y += 2;
    para(name, 11, { bold: true });
    p.line(M, st.y + 0.5, M + W, st.y + 0.5, INK, 0.3);
    st.y += 1.5;
  };
  /** "Label : value" rows, the label in a column. */
  const pairs = (rows: [string, string][], size = 9.5, labelW = 42) => {
    for (const [label, value] of rows) {
      const lines = wrapText(value, W - labelW, (s) => p.textWidth(s, size));
      const h = lines.length * lh(size);
      if (!room(h)) return;
      p.text(`${label} :`, M, st.y + lh(size) * 0.75, { size, bold: true, color: INK });
      lines.forEach((line, i) => p.text(line, M + labelW, st.y + (i + 1) * lh(size) - lh(size) * 0.25, { size, color: INK }));
      st.y += h + 0.3;
    }
  };
  /** A table: column widths (mm) and alignments; text cells wrapped to `maxLines`. */
  const table = (head: string[], widths: number[], rows: string[][], opts: { size?: number; align?: ('left' | 'right')[]; maxLines?: number; colors?: (string | null)[] } = {}) => {
    const size = opts.size ?? 8.5;
    const xs = widths.map((_, i) => M + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const cell = (text: string, i: number, ty: number, bold: boolean, color = INK) => {
      const right = opts.align?.[i] === 'right';
      p.text(text, right ? xs[i] + widths[i] - 1 : xs[i] + 0.5, ty, { size, bold, color, align: right ? 'right' : 'left' });
    };
    if (!room(lh(size) + 1)) return;
    head.forEach((h, i) => cell(h, i, st.y + lh(size) * 0.75, true, MUTED));
    st.y += lh(size) + 0.5;
    p.line(M, st.y, M + W, st.y, INK, 0.2);
    rows.forEach((r, ri) => {
      const wrapped = r.map((t, i) => {
        let lines = wrapText(t, widths[i] - 1.5, (s) => p.textWidth(s, size));
        if (opts.maxLines && lines.length > opts.maxLines) lines = [...lines.slice(0, opts.maxLines - 1), `${lines[opts.maxLines - 1]} …`];
        return lines;
      });
      const h = Math.max(...wrapped.map((l) => l.length)) * lh(size) + 1;
      if (!room(h)) return;
      wrapped.forEach((lines, i) => lines.forEach((line, k) => cell(line, i, st.y + (k + 1) * lh(size) - lh(size) * 0.1, false, i === 1 && opts.colors?.[ri] ? opts.colors[ri]! : INK)));
      st.y += h;
      p.line(M, st.y, M + W, st.y, RULE, 0.1);
    });
  };
  return { st, banner, room, para, section, pairs, table, bottom };
}

function footer(d: Doc, input: FicheInput, what: string) {
  const pages = d.pages();
  for (let i = 1; i <= pages; i++) {
    d.setPage(i);
    const fy = page.height - M + 2;
    d.p.line(M, fy - 4, M + W, fy - 4, RULE, 0.1);
    d.p.text(`${what} produite avec Maillage le ${fmtDate(input.date)} : elle ne vaut pas décision de labellisation.`, M, fy, { size: 7, color: MUTED });
    d.p.text(`${i} / ${pages}`, M + W, fy, { size: 7, color: MUTED, align: 'right' });
  }
}

function nearestTable(w: ReturnType<typeof writer>, input: FicheInput, size = 8.5) {
  const rows = input.nearest ?? [];
  if (!rows.length) {
    w.para('Aucune France services existante n’est chargée : pas de distance à donner.', 9, { color: MUTED });
    return;
  }
  w.table(
    ['N°', 'France services', 'Forme', 'Temps de trajet', 'Distance'],
    [10, 100, 24, 26, 20],
    rows.map((r) => [String(r.rank), r.name, r.type, `${r.minutes}${r.estimate ? ' *' : ''}`, `${r.km}${r.estimate ? ' *' : ''}`]),
    { size, align: ['left', 'left', 'left', 'right', 'right'], maxLines: 2 },
  );
  if (rows.some((r) => r.estimate)) w.para(`* ${input.estimateNote ?? "estimation à vol d'oiseau"}.`, 7.5, { color: MUTED });
}

export async function exportFichePdf(input: FicheInput): Promise<Uint8Array> {
  const d = await openDoc(input, FICHE_KIND);
  const { p } = d;
  const w = writer(d, input, false);
  const title = input.title?.trim() || FICHE_DEFAULT_TITLE;

  if (input.fictional) w.banner();
  w.para(FICHE_KIND.toUpperCase(), 9, { bold: true, color: MUTED });
  w.para(title, 15, { bold: true });
  w.para(`Établie le ${fmtDate(input.date)}`, 8.5, { color: MUTED });
  w.st.y += 1;
  w.pairs(siteLines(input.candidate));
  w.st.y += 2;

  const mapH = 82;
  if (input.map) {
    w.room(mapH + 2);
    const legendW = 52;
    const box = { x: M, y: w.st.y, w: W - legendW - 4, h: mapH };
    drawFicheMap(p, box, { x: M + W - legendW, y: w.st.y, w: legendW, h: mapH }, input.map);
    if (input.fictional) p.text(FICTIONAL_MARK, box.x + box.w / 2, box.y + box.h / 2 + 5, { size: 30, bold: true, color: '#c00000', align: 'center', angle: 20, opacity: 0.22 });
    w.st.y += mapH + 3;
  } else if (input.mapImage && input.mapImage.width > 0) {
    w.room(mapH + 2);
    const box = fitContain({ x: M, y: w.st.y, w: W, h: mapH }, input.mapImage.width, input.mapImage.height);
    p.image(box);
    p.rect(box, { stroke: '#999999', lineWidth: 0.2 });
    if (input.fictional) p.text(FICTIONAL_MARK, box.x + box.w / 2, box.y + box.h / 2 + 5, { size: 36, bold: true, color: '#c00000', align: 'center', angle: 20, opacity: 0.22 });
    w.st.y = box.y + box.h + 3;
  }

  if (input.nearest) {
    w.section('Les trois France services les plus proches');
    nearestTable(w, input);
  }

  if (input.figures.length) {
    w.section('Chiffres clés');
    const valueX = M + W * 0.7;
    for (const f of input.figures) {
      const lines = wrapText(f.label, valueX - M - 4, (s) => p.textWidth(s, 9));
      const h = lines.length * lh(9) + 1.2;
      if (!w.room(h)) break;
      lines.forEach((line, i) => p.text(line, M, w.st.y + (i + 1) * lh(9) - lh(9) * 0.25, { size: 9, color: INK }));
      p.text(figureText(f.value, f.unit), M + W, w.st.y + lh(9) * 0.75, { size: 9, bold: true, color: INK, align: 'right' });
      w.st.y += h;
      p.line(M, w.st.y - 0.4, M + W, w.st.y - 0.4, RULE, 0.1);
    }
  }

  if (input.checks.length) {
    w.section('Vérifications');
    const textX = M + 5;
    for (const c of input.checks) {
      const labelLines = wrapText(c.label, W - 5, (s) => p.textWidth(s, 9, true));
      const sentence = checkSentence(c);
      const detailLines = wrapText(sentence, W - 5, (s) => p.textWidth(s, 8.5));
      const h = labelLines.length * lh(9) + detailLines.length * lh(8.5) + 2;
      if (!w.room(h)) break;
      p.rect({ x: M, y: w.st.y + 1, w: 3, h: h - 2.5 }, { fill: STATUS_COLORS[c.status] ?? '#6b6b6b' });
      let ty = w.st.y;
      for (const line of labelLines) {
        ty += lh(9);
        p.text(line, textX, ty - lh(9) * 0.25, { size: 9, bold: true, color: INK });
      }
      detailLines.forEach((line, i) => {
        ty += lh(8.5);
        p.text(line, textX, ty - lh(8.5) * 0.25, { size: 8.5, color: i === 0 ? STATUS_COLORS[c.status] : MUTED });
      });
      w.st.y += h;
      p.line(M, w.st.y - 0.6, M + W, w.st.y - 0.6, RULE, 0.1);
    }
  }

  if (input.proposal) {
    w.section('Choix de l’emplacement');
    w.para(input.proposal, 9);
  }
  if (input.spacingDoctrine) {
    w.section('Doctrine d’espacement');
    w.para(input.spacingDoctrine, 9);
  }
  if (input.sources.length) {
    w.section('Sources');
    for (const s of input.sources) w.para(typeof s === 'string' ? s : `${s.label} (${s.vintage})`, 8, { color: MUTED });
  }
  footer(d, input, 'Fiche');
  return d.out();
}

/** One A4 page, whatever the content: long texts are cut with an ellipsis, never continued. */
export async function exportFicheSummaryPdf(input: FicheInput): Promise<Uint8Array> {
  const d = await openDoc(input, SUMMARY_KIND);
  const w = writer(d, input, true);
  const title = input.title?.trim() || FICHE_DEFAULT_TITLE;
  if (input.fictional) w.banner();
  w.para(SUMMARY_KIND.toUpperCase(), 9, { bold: true, color: MUTED });
  w.para(title, 14, { bold: true, maxLines: 2 });
  w.para(`Établie le ${fmtDate(input.date)}`, 8.5, { color: MUTED });
  w.st.y += 1;
  const essentials = siteLines(input.candidate).filter(([k]) => ['Lieu proposé', 'Adresse', 'Commune', 'Canton', 'Structure porteuse', 'Format', 'Agents'].includes(k));
  w.pairs(essentials, 9);

  w.section('Les trois France services les plus proches');
  nearestTable(w, input, 8.5);

  if (input.newlyWithin) {
    w.section('Effet attendu');
    const n = input.newlyWithin;
    w.para(
      `Personnes nouvellement à moins de ${n.thresholdMinutes} min d'une France services : ${figureText(n.people, 'personnes')}${n.estimate ? " (estimation à vol d'oiseau)" : ''}.`,
      9.5,
      { bold: true },
    );
  }

  w.section('Vérifications');
  w.table(
    ['Vérification', 'Avis', 'Motif'],
    [62, 24, 94],
    input.checks.map((c) => [c.label, STATUS_LABELS[c.status], checkSentence(c).replace(/^[^,]+, /, '')]),
    { size: 8, maxLines: 3, colors: input.checks.map((c) => STATUS_COLORS[c.status]) },
  );
  if (input.proposal) {
    w.section('Choix de l’emplacement');
    w.para(input.proposal, 8.5, { maxLines: 3 });
  }
  w.st.y += 2;
  w.para('Détail des chiffres, carte et sources : voir la fiche de labellisation complète.', 7.5, { color: MUTED });
  footer(d, input, 'Synthèse');
  return d.out();
}
