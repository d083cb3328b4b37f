/**
 * Browser side of the exports: reads the live map canvas, composes sheets on a 2D canvas, builds
 * the table and layer files with the pure builders of src/export, and hands files to the user
 * through a Blob URL. Nothing leaves the browser.
 */
import type { MapController } from '../map/map_controller.ts';
import type { CommuneRow, HelpPointRow } from '../data/queries/dashboard.ts';
import type { ZoneRow } from '../data/queries/diagnosis.ts';
import { PEOPLE_PER_FTE_LABEL, PEOPLE_PER_FTE_STATUS_FR, peoplePerFteStatusOf } from '../domain/access/diagnose.ts';
import { supplyDefaultsUsed } from '../domain/diagnosis/e2sfca.ts';
import { toCsvBytes, CSV_MIME } from '../export/csv.ts';
import { buildXlsx, XLSX_MIME } from '../export/xlsx.ts';
import { buildFeatureCollection, geoJsonText, GEOJSON_MIME, type GeoRow } from '../export/geojson.ts';
import { A4_LANDSCAPE, type MapSheetContent, type PageFormat } from '../export/map_sheet.ts';
import { composePrintCanvas, printPixelSize, type Canvas2DLike } from '../export/print_png.ts';
import type { Column } from '../export/table.ts';
import { HELP_STYLE } from '../map/palette.ts';
import type { HelpKind } from '../domain/types.ts';
import { FIBRE_MEASURE_FR, fibreLabelsOf, fibreMeasureOf } from '../domain/fixed_labels.ts';
import { NO_4G_LABEL } from '../map/choropleth.ts';
import type { Geometry } from 'geojson';
import { ROBUST_THRESHOLDS } from '../domain/diagnosis/underserved.ts';
import { accessTimeHeader, zoneMethodText, zoneThresholdText } from './method_text.ts';

export interface MapShot {
  png: Uint8Array;
  bitmap: ImageBitmap;
  width: number;
  height: number;
  /** Ground metres per canvas pixel at the centre. */
  metersPerPixel: number;
  bearing: number;
}

const EARTH_CIRCUMFERENCE_M = 40_075_016.686;

/** Draws the map once more, waits for 'idle' and reads its canvas (preserveDrawingBuffer is on). */
export async function captureMap(controller: MapController): Promise<MapShot> {
  await controller.whenIdle();
  const map = controller.map;
  const canvas = map.getCanvas();
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("L'image de la carte n'a pas pu être lue."))), 'image/png'),
  );
  const png = new Uint8Array(await blob.arrayBuffer());
  const bitmap = await createImageBitmap(blob);
  const lat = map.getCenter().lat;
  // MapLibre tiles are 512 CSS pixels; the canvas has devicePixelRatio pixels per CSS pixel.
  const cssPxPerCanvasPx = canvas.clientWidth > 0 ? canvas.clientWidth / canvas.width : 1;
  const metersPerCssPixel = (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom());
  return { png, bitmap, width: canvas.width, height: canvas.height, metersPerPixel: metersPerCssPixel * cssPxPerCanvasPx, bearing: map.getBearing() };
}

export type SheetText = Omit<MapSheetContent<never>, 'mapImage' | 'scale'>;

/** A sheet (title, legend, scale bar, north arrow, sources) drawn at `width` × `height` pixels. */
export async function composedPng(shot: MapShot, text: SheetText, width: number, height: number, page: PageFormat): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error("Le navigateur n'a pas pu créer l'image (canevas 2D indisponible).");
  composePrintCanvas(ctx as unknown as Canvas2DLike<ImageBitmap>, width, height, {
    ...text,
    page,
    mapImage: { source: shot.bitmap, width: shot.width, height: shot.height },
    scale: { metersPerPixel: shot.metersPerPixel, bearing: shot.bearing },
  });
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("L'image n'a pas pu être encodée en PNG."))), 'image/png'));
  return new Uint8Array(await blob.arrayBuffer());
}

/** The screen-sized sheet: a page as many millimetres as the canvas has pixels at 96 dpi. */
export function screenPage(width: number, height: number): PageFormat {
  return { id: 'a4_paysage', label: 'Écran', width: (width * 25.4) / 96, height: (height * 25.4) / 96 };
}

export const PRINT_SIZE = printPixelSize(A4_LANDSCAPE, 300);

/** yyyy-mm-dd of the local day, for file names. */
export const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** "Temps d'accès aux France Services" → "temps-acces-aux-france-services". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b[dlnmst]['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '') || 'carte';
}

export const fileName = (what: string, date: Date, ext: string) => `maillage-${slug(what)}-${isoDay(date)}.${ext}`;

/** Offers the bytes as a download (Blob URL + <a download>). */
export function download(bytes: Uint8Array | string, mime: string, name: string): void {
  const blob = new Blob([bytes as BlobPart], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the click; keep the URL a while for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const PNG_MIME = 'image/png';

// ---- Tables: the commune table's columns, with plain numbers (spreadsheets compute on them).

const round10 = (v: number | null) => (v === null ? null : Math.round(v / 10) * 10);

/** The commune table's columns; the time column's header says what the times are (see accessTimeHeader). */
const baseCommuneColumns = (communes: readonly CommuneRow[]): Column<CommuneRow>[] => [
  { key: 'nom', label: 'Commune' },
  { key: 'code', label: 'Code INSEE' },
  { key: 'epci_nom', label: 'EPCI' },
  { key: 'population', label: 'Population', format: 'integer' },
  { key: 'pop_75p', label: '75 ans et plus', format: 'integer' },
  { key: 'access_minutes', label: accessTimeHeader(communes), format: 'decimal', value: (c) => (c.access_minutes === null ? null : Math.round(c.access_minutes * 10) / 10) },
  { key: 'access_method', label: "Méthode du temps d'accès", value: (c) => (c.access_method === 'route' ? 'trajet routier' : c.access_method === 'vol_oiseau' ? "estimation à vol d'oiseau" : null) },
  { key: 'access_basis', label: 'Temps calculé depuis', value: (c) => (c.access_basis === 'carreaux' ? 'carreaux de 1 km habités' : c.access_basis === 'centre' ? 'centre de la commune' : null) },
  { key: 'fragility', label: 'Indice local de fragilité (1–10)', format: 'decimal' },
  { key: 'need', label: "Besoin d'aide (estimation)", format: 'integer', value: (c) => round10(c.need) },
  { key: 'people_per_fte', label: PEOPLE_PER_FTE_LABEL, format: 'integer', value: (c) => (c.people_per_fte !== null && Number.isFinite(c.people_per_fte) ? Math.round(c.people_per_fte) : null) },
  { key: 'people_per_fte_status', label: `${PEOPLE_PER_FTE_LABEL} : statut`, value: (c) => peoplePerFteStatusText(c) },
  // Named after what the loaded files measure: communeColumns().
  { key: 'ftth_rate', label: 'Fibre', format: 'percent' },
  { key: 'ftth_basis', label: 'Mesure de la part fibre', value: (c) => fibreMeasureText(c) },
  { key: 'no4g_share', label: NO_4G_LABEL, format: 'percent' },
];

/** "fibre (FTTH)" or "≥ 1 Gbit/s, approximation (câble compris)": what the commune's figure counts. */
function fibreMeasureText(c: CommuneRow): string | null {
  const m = fibreMeasureOf(c.ftth_basis);
  return m === null ? null : FIBRE_MEASURE_FR[m];
}

/** The commune columns, the time and fibre ones named after what the exported communes' figures are. */
export function communeColumns(communes: readonly CommuneRow[]): Column<CommuneRow>[] {
  const fibre = fibreLabelsOf(communes).short;
  return baseCommuneColumns(communes).map((col) => (col.key === 'ftth_rate' ? { ...col, label: fibre } : col));
}

/** "calculé", "estimé (…)", "aucun aidant à portée", "aucune demande", "non calculé : demande inconnue…"; null before the diagnosis. */
function peoplePerFteStatusText(c: CommuneRow): string | null {
  const s = peoplePerFteStatusOf(c.people_per_fte, c.people_per_fte_status);
  return s === null ? null : PEOPLE_PER_FTE_STATUS_FR[s];
}

/** A zone as exported: with the threshold it is beyond and how its times were computed. */
export interface ZoneExportRow extends ZoneRow {
  threshold: string | null;
  method: string | null;
}

/** The zones with their threshold ("plus de 30 min", robust: all three) and their communes' method. */
export function zoneExportRows(zones: readonly ZoneRow[], communes: readonly CommuneRow[], threshold: number | null): ZoneExportRow[] {
  const byCode = new Map(communes.map((c) => [c.code, c]));
  return zones.map((z) => ({ ...z, threshold: zoneThresholdText(z.kind, threshold, ROBUST_THRESHOLDS), method: zoneMethodText(z.codes, byCode) }));
}

export const ZONE_COLUMNS: Column<ZoneExportRow>[] = [
  { key: 'rank', label: 'Rang', format: 'integer' },
  { key: 'threshold', label: 'Seuil' },
  { key: 'names', label: 'Communes' },
  { key: 'codes', label: 'Codes INSEE' },
  { key: 'population', label: 'Population', format: 'integer' },
  { key: 'pop_75p', label: '75 ans et plus', format: 'integer' },
  { key: 'need', label: "Personnes ayant besoin d'aide (estimation)", format: 'integer', value: (z) => round10(z.need) },
  { key: 'max_minutes', label: "Temps d'accès maximal (min)", format: 'integer', value: (z) => (z.max_minutes === null || !Number.isFinite(z.max_minutes) ? null : Math.round(z.max_minutes)) },
  { key: 'mean_minutes', label: "Temps d'accès moyen de la zone (min)", format: 'integer', value: (z) => (z.mean_minutes === null || !Number.isFinite(z.mean_minutes) ? null : Math.round(z.mean_minutes)) },
  { key: 'method', label: "Méthode du temps d'accès" },
];

export const communesCsv = (communes: readonly CommuneRow[]) => toCsvBytes(communes, communeColumns(communes), { maxDecimals: 3 });
export const zonesCsv = (zones: readonly ZoneRow[], communes: readonly CommuneRow[], threshold: number | null) =>
  toCsvBytes(zoneExportRows(zones, communes, threshold), ZONE_COLUMNS, { maxDecimals: 3 });
export const tablesXlsx = (communes: readonly CommuneRow[], zones: readonly ZoneRow[], threshold: number | null) =>
  buildXlsx([
    { name: 'Communes', columns: communeColumns(communes), rows: communes },
    { name: 'Zones mal desservies', columns: ZONE_COLUMNS, rows: zoneExportRows(zones, communes, threshold) },
  ]);

export { CSV_MIME, XLSX_MIME, GEOJSON_MIME };

/** Per help point, whether its supply used the default agents or hours (France Services only; null for the other kinds). */
function supplyDefaultsOf(p: HelpPointRow): { agents_par_defaut: boolean | null; heures_par_defaut: boolean | null } {
  if (p.kind !== 'france_services') return { agents_par_defaut: null, heures_par_defaut: null };
  const d = supplyDefaultsUsed({ kind: 'france_services', agents: p.agents, hoursPerWeek: p.hours_per_week });
  return { agents_par_defaut: d.agents, heures_par_defaut: d.hours };
}

/** Communes with their figures, underserved zones and help points, in one file (property "couche"). */
export function layersGeoJson(
  communes: readonly CommuneRow[],
  /** The commune's contour (already parsed, shared with the map). */
  geometryOf: (code: string) => Geometry | null,
  zones: readonly ZoneRow[],
  helpPoints: readonly HelpPointRow[],
  meta: { source: string; millesime: string; date: Date },
): string {
  const rows: GeoRow[] = [
    ...communes.map((c) => ({
      geometry: geometryOf(c.code),
      properties: {
        couche: 'commune', code_insee: c.code, nom: c.nom, epci: c.epci_nom, population: c.population, pop_75_plus: c.pop_75p,
        temps_acces_min: c.access_minutes,
        methode_temps: c.access_method === 'route' ? 'trajet routier' : c.access_method === 'vol_oiseau' ? "estimation à vol d'oiseau" : null,
        temps_calcule_depuis: c.access_basis === 'carreaux' ? 'carreaux de 1 km habités' : c.access_basis === 'centre' ? 'centre de la commune' : null,
        fragilite: c.fragility, besoin_aide_estimation: round10(c.need),
        personnes_a_accompagner_par_etp_aidant: c.people_per_fte !== null && Number.isFinite(c.people_per_fte) ? c.people_per_fte : null,
        personnes_a_accompagner_par_etp_aidant_statut: peoplePerFteStatusText(c),
        fibre_part: c.ftth_rate, fibre_mesure: fibreMeasureText(c), sans_4g_part: c.no4g_share, mal_desservie: c.underserved, zone: c.zone,
      },
    })),
    ...zones.map((z) => ({
      geometry: z.geom,
      properties: { couche: 'zone_mal_desservie', type: z.kind, rang: z.rank, communes: z.names, codes_insee: z.codes, population: z.population, pop_75_plus: z.pop_75p, besoin_aide_estimation: round10(z.need), temps_max_min: z.max_minutes, temps_moyen_min: z.mean_minutes },
    })),
    ...helpPoints.map((p) => ({
      geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
      properties: { couche: 'point_aide', type: HELP_STYLE[p.kind as HelpKind]?.label ?? p.kind, identifiant: p.id, nom: p.name, commune: p.commune_name, adresse: p.address, heures_par_semaine: p.hours_per_week, personnels: p.staff, agents: p.agents, ...supplyDefaultsOf(p), doublon_de: p.duplicate_of },
    })),
  ];
  const { collection } = buildFeatureCollection(rows, { ...meta, name: 'maillage_couches' });
  return geoJsonText(collection);
}
