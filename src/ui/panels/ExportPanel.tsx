import { useState } from 'react';
import { exportMapPdf, PDF_MIME, type MapPdfLayout } from '../../export/pdf.ts';
import { A4_LANDSCAPE, mapSubtitle } from '../../export/map_sheet.ts';
import { fmtInt } from '../../shared/format.ts';
import type { ViewState } from '../App.tsx';
import {
  captureMap, communesCsv, composedPng, CSV_MIME, download, fileName, GEOJSON_MIME, layersGeoJson, PNG_MIME, PRINT_SIZE,
  screenPage, tablesXlsx, XLSX_MIME, zonesCsv, type SheetText,
} from '../export_files.ts';
import { defaultTitle, isFictional, mapLegend, methodNotes, sourceRefs, territoryName } from '../legend.ts';
import { writeHash } from '../state/link.ts';
import { analysisIsCurrent, type SessionState } from '../state/session.ts';
import { useMapController } from '../map_context.ts';
import { BACKGROUND_COLOR, hex } from '../../map/palette.ts';

interface Props {
  state: SessionState;
  view: ViewState;
}

type Busy = string | null;

/** "Exporter": the map as PNG or PDF with its legend and sources, the tables, the layers, the link. */
export function ExportPanel({ state, view }: Props) {
  const [edited, setEdited] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const controller = useMapController();
  const title = edited ?? defaultTitle(view, state);
  const date = new Date();
  const territory = territoryName(state);
  // Nothing is exported from results that no longer describe the data and choices of now.
  const ready = state.phase === 'ready' && analysisIsCurrent(state) && state.analysis.data !== null;
  const communes = state.analysis.data?.communes ?? [];
  const zones = view.robustZones ? state.analysis.robustZones : state.analysis.zones;

  const sheet = (): SheetText => ({
    title: title.trim() || defaultTitle(view, state),
    territory,
    date,
    legend: mapLegend(view, state),
    sources: sourceRefs(state),
    methodNotes: methodNotes(view, state),
    fictional: isFictional(state),
    mapBackground: hex(BACKGROUND_COLOR),
  });
  const mapName = (ext: string, suffix = '') => fileName(`${title.trim() || defaultTitle(view, state)}${suffix}`, date, ext);

  const run = (label: string, job: () => Promise<string>) => async () => {
    setBusy(label);
    setMessage(null);
    try {
      const name = await job();
      setMessage({ text: `Fichier « ${name} » enregistré dans vos téléchargements.`, error: false });
    } catch (e) {
      setMessage({ text: `L'export a échoué : ${(e as Error).message ?? String(e)}`, error: true });
    } finally {
      setBusy(null);
    }
  };

  const shot = async () => {
    const c = controller;
    if (!c) throw new Error("la carte n'est pas encore affichée.");
    return captureMap(c);
  };

  const pngScreen = run('png-ecran', async () => {
    const s = await shot();
    const name = mapName('png', ' carte');
    download(s.png, PNG_MIME, name);
    return name;
  });
  const pngComposed = run('png-compose', async () => {
    const s = await shot();
    const name = mapName('png', ' ecran');
    download(await composedPng(s, sheet(), s.width, s.height, screenPage(s.width, s.height)), PNG_MIME, name);
    return name;
  });
  const pngPrint = run('png-impression', async () => {
    const s = await shot();
    const name = mapName('png', ' A4 300 dpi');
    download(await composedPng(s, sheet(), PRINT_SIZE.width, PRINT_SIZE.height, A4_LANDSCAPE), PNG_MIME, name);
    return name;
  });
  const pdf = (layout: MapPdfLayout) => run(`pdf-${layout}`, async () => {
    const s = await shot();
    const bytes = await exportMapPdf({ ...sheet(), layout, mapImage: { png: s.png, width: s.width, height: s.height }, scale: { metersPerPixel: s.metersPerPixel, bearing: s.bearing } });
    const name = mapName('pdf', layout === 'diapo_16_9' ? ' diapositive' : '');
    download(bytes, PDF_MIME, name);
    return name;
  });
  const csv = run('csv', async () => {
    const name = fileName('communes', date, 'csv');
    download(communesCsv(communes), CSV_MIME, name);
    return name;
  });
  const csvZones = run('csv-zones', async () => {
    const name = fileName(view.robustZones ? 'zones mal desservies 20 30 45 min' : `zones mal desservies ${state.analysis.basis?.threshold ?? ''} min`, date, 'csv');
    download(zonesCsv(zones, communes, state.analysis.basis?.threshold ?? null), CSV_MIME, name);
    return name;
  });
  const xlsx = run('xlsx', async () => {
    const name = fileName('communes et zones', date, 'xlsx');
    download(tablesXlsx(communes, zones, state.analysis.basis?.threshold ?? null), XLSX_MIME, name);
    return name;
  });
  const geojson = run('geojson', async () => {
    const refs = sourceRefs(state);
    const shapes = state.analysis.data?.shapes;
    const text = layersGeoJson(communes, (code) => shapes?.byCode.get(code)?.geometry ?? null, zones, state.analysis.data?.helpPoints ?? [], {
      source: refs.map((r) => r.label).join(' ; ') || 'Maillage',
      millesime: [...new Set(refs.map((r) => r.vintage))].join(', ') || 'non précisé',
      date,
    });
    const name = fileName('couches', date, 'geojson');
    download(text, GEOJSON_MIME, name);
    return name;
  });

  const copyLink = async () => {
    const url = writeHash(view, state, controller);
    setLink(url);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setMessage({ text: 'Lien copié dans le presse-papiers. Il contient la vue, jamais les données.', error: false });
    } catch {
      setMessage({ text: 'Copiez le lien sélectionné ci-dessous (Ctrl+C). Il contient la vue, jamais les données.', error: false });
      requestAnimationFrame(() => (document.getElementById('share-link') as HTMLInputElement | null)?.select());
    }
  };

  const button = (id: string, label: string, onClick: () => void, disabled = !ready) => (
    <button type="button" data-testid={`export-${id}`} onClick={onClick} disabled={disabled || busy !== null} aria-busy={busy === id}>
      {label}
    </button>
  );

  return (
    <section className="export" aria-labelledby="export-title" data-testid="export-panel">
      <h2 id="export-title">Exporter</h2>
      <label className="select-label" htmlFor="export-title-input">Titre de la carte</label>
      <input id="export-title-input" className="export-title" type="text" value={title} onChange={(e) => setEdited(e.target.value)} />
      {edited !== null && (
        <button type="button" className="link" onClick={() => setEdited(null)}>Reprendre le titre proposé</button>
      )}
      <p className="muted" data-testid="export-subtitle">Sous-titre : {mapSubtitle(territory, date)}</p>
      <div className="export-group" role="group" aria-label="Carte">
        {button('png-ecran', 'PNG à l’écran (carte seule)', pngScreen)}
        {button('png-compose', 'PNG à l’écran avec légende', pngComposed)}
        {button('png-impression', `PNG impression (A4 paysage, ${fmtInt(PRINT_SIZE.width)} × ${fmtInt(PRINT_SIZE.height)} px)`, pngPrint)}
        {button('pdf-a4', 'PDF A4 paysage', pdf('a4_paysage'))}
        {button('pdf-diapo', 'PDF diapositive 16:9', pdf('diapo_16_9'))}
      </div>
      <div className="export-group" role="group" aria-label="Tableaux et couches">
        {button('csv', 'Communes (CSV)', csv)}
        {button('csv-zones', 'Zones (CSV)', csvZones)}
        {button('xlsx', 'Communes et zones (XLSX)', xlsx)}
        {button('geojson', 'Couches (GeoJSON)', geojson)}
      </div>
      <div className="export-group" role="group" aria-label="Partage">
        {button('link', 'Copier le lien', () => void copyLink())}
      </div>
      {link && (
        <>
          <label className="select-label" htmlFor="share-link">Lien de cette vue</label>
          <input id="share-link" className="export-title" type="text" readOnly value={link} onFocus={(e) => e.target.select()} data-testid="share-link" />
        </>
      )}
      <p role="status" className={message?.error ? 'export-error' : 'muted'} data-testid="export-status">
        {busy ? 'Préparation du fichier…' : message?.text ?? (state.phase === 'ready' && !ready ? 'Recalcul en cours : les exports seront possibles dès que les chiffres seront à jour.' : '')}
      </p>
    </section>
  );
}
