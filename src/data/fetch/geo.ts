/**
 * The communes of the territory from geo.api.gouv.fr: contours and properties in one request,
 * town halls in a second one (`geometry=mairie`): in GeoJSON the API never copies `mairie`,
 * `centre` or `contour` into the properties (datagouv/api-geo lib/helpers.js `initFormat`).
 * The town hall points are written into the communes file as a `mairie` property (a GeoJSON
 * Point), which the importer reads (formats/geography.ts); without them it says so, and access
 * times start from a point inside each contour instead.
 */
import { download, errorText, parseJson, SourceError, type HttpContext } from './http.ts';
import { communesUrl, type Bbox, type Endpoints, type TerritoryRequest } from './sources.ts';

type Feature = { type?: string; geometry?: { type?: string; coordinates?: unknown } | null; properties?: Record<string, unknown> };

export interface CommunesFetched {
  bytes: Uint8Array;
  /** Both requests (contours, town halls). */
  urls: string[];
  /** French, when the town halls could not be had. */
  note: string | null;
  townHalls: number;
}

/**
 * Contours, then town halls merged by commune code. A failing town-hall request does not fail
 * the communes: the note says what it means for access times.
 */
export async function fetchCommunes(request: TerritoryRequest, ctx: HttpContext, e: Endpoints, onBytes: (n: number) => void): Promise<CommunesFetched> {
  const contourUrl = communesUrl(e, request, 'contour');
  const townHallUrl = communesUrl(e, request, 'mairie');
  const contours = await download(ctx, contourUrl, {}, onBytes);
  let parsed: { type?: string; features?: Feature[] };
  try {
    parsed = JSON.parse(new TextDecoder().decode(contours));
  } catch {
    throw new SourceError("la réponse n'est pas du JSON lisible.");
  }
  if (!Array.isArray(parsed?.features)) throw new SourceError("la réponse n'est pas une collection GeoJSON de communes.");
  let note: string | null = null;
  let townHalls = 0;
  try {
    const halls = parseJson(await download(ctx, townHallUrl), 'geo.api.gouv.fr') as { features?: Feature[] };
    const byCode = new Map<string, { type: 'Point'; coordinates: [number, number] }>();
    for (const f of halls.features ?? []) {
      const c = f.geometry?.coordinates;
      const code = f.properties?.code;
      if (f.geometry?.type === 'Point' && Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' && typeof code === 'string') {
        byCode.set(code, { type: 'Point', coordinates: [c[0], c[1]] });
      }
    }
    for (const f of parsed.features) {
      const hall = byCode.get(String(f.properties?.code ?? ''));
      if (hall && f.properties) {
        f.properties.mairie = hall;
        townHalls++;
      }
    }
    if (townHalls < parsed.features.length) {
      note = `${parsed.features.length - townHalls} commune(s) sans position de mairie : leurs temps d'accès partent d'un point intérieur du contour.`;
    }
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    note = `positions des mairies indisponibles (${errorText(err)}) : les temps d'accès partiront d'un point intérieur de chaque contour, pas de la mairie.`;
  }
  const bytes = townHalls > 0 ? new TextEncoder().encode(JSON.stringify(parsed)) : contours;
  return { bytes, urls: [contourUrl, townHallUrl], note, townHalls };
}

/** Count, départements and box of a geo.api communes GeoJSON; null when it has no commune. */
export function describeCommunes(bytes: Uint8Array): { count: number; departements: string[]; bbox: Bbox } | null {
  let parsed: { features?: Feature[] };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new SourceError("la réponse n'est pas du JSON lisible.");
  }
  const features = Array.isArray(parsed?.features) ? parsed.features : null;
  if (!features) throw new SourceError("la réponse n'est pas une collection GeoJSON de communes.");
  if (features.length === 0) return null;
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const deps = new Set<string>();
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1]);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1]);
      return;
    }
    for (const x of c) visit(x);
  };
  for (const f of features) {
    visit(f.geometry?.coordinates);
    const d = f.properties?.codeDepartement;
    if (typeof d === 'string' && d) deps.add(d);
  }
  if (!Number.isFinite(box[0])) throw new SourceError('les communes reçues n’ont pas de contour.');
  return { count: features.length, departements: [...deps].sort(), bbox: box };
}

export async function territoryName(request: TerritoryRequest, ctx: HttpContext, e: Endpoints): Promise<string | null> {
  const url = request.kind === 'departement' ? `${e.geoApi}/departements/${request.code}?fields=nom,code` : `${e.geoApi}/epcis/${request.code}?fields=nom,code`;
  const json = parseJson(await download(ctx, url), 'geo.api.gouv.fr') as { nom?: unknown };
  return typeof json.nom === 'string' ? json.nom : null;
}
