/**
 * OpenStreetMap road network from an Overpass API JSON answer (`[out:json]`).
 *
 * `overpassRoadQuery(bbox)` gives the query; its answer holds node elements (id, lat, lon) and
 * way elements (id, nodes, tags). They go through the same OsmRoadBuilder as the PBF reader
 * (osm/roads.ts: drivable filter, oneway, access, maxspeed), so both give the same graph for the
 * same data. Ways answered with `out geom` (a `geometry` array beside `nodes`) are read too.
 */
import type { SpeedProfile } from '../../domain/routing/profile.ts';
import { UserError } from './errors.ts';
import { GrowF64, GrowI32, OsmRoadBuilder, osmRoadWarnings, wayTagsOf, type OsmRoads, type WayTags } from './osm/roads.ts';
import { K, KEY_COUNT } from './osm/tags.ts';

/** The `highway` values the query asks for (the drivable classes of the default profile, less road and track). */
/**
 * Road classes asked of Overpass. Service roads (driveways, car-park aisles) are left out: they
 * are a large share of a département's ways and never on the way from a village to a help point.
 */
export const OVERPASS_HIGHWAYS = [
  'motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link',
  'tertiary', 'tertiary_link', 'unclassified', 'residential', 'living_street',
] as const;

const round5 = (v: number) => String(Math.round(v * 1e5) / 1e5);

/** Overpass QL for the drivable ways in a [west, south, east, north] WGS84 box, with their nodes. */
export function overpassRoadQuery(bbox: readonly [west: number, south: number, east: number, north: number]): string {
  const [west, south, east, north] = bbox;
  const ok = bbox.every(Number.isFinite) && west >= -180 && east <= 180 && south >= -90 && north <= 90 && west < east && south < north;
  if (!ok) throw new RangeError(`Emprise invalide [${bbox.join(', ')}] : attendu [ouest, sud, est, nord] en degrés WGS84, ouest < est et sud < nord.`);
  const box = [south, west, north, east].map(round5).join(',');
  return `[out:json][timeout:300];way["highway"~"^(${OVERPASS_HIGHWAYS.join('|')})$"](${box});(._;>;);out body qt;`;
}

export interface ReadOverpassOptions {
  fileName: string;
  profile?: SpeedProfile;
}

export interface OverpassRoads extends OsmRoads {
  /** `osm3s.timestamp_osm_base`: the date of the OSM data the server answered from, as given. */
  timestamp: string | null;
  /** French warnings for the import report (missing nodes, server remark). */
  warnings: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const validLat = (v: unknown): v is number => typeof v === 'number' && v >= -90 && v <= 90;
const validLon = (v: unknown): v is number => typeof v === 'number' && v >= -180 && v <= 180;
const show = (v: unknown) => (v === undefined ? 'absente' : String(JSON.stringify(v) ?? v).slice(0, 30));

/** Reads an Overpass JSON answer. Bad input throws a French UserError naming the file. */
export function readOverpassJson(bytes: Uint8Array, options: ReadOverpassOptions): OverpassRoads {
  const { fileName } = options;
  const fail = (message: string) => new UserError(message, { file: fileName });
  const root = parse(bytes, fail);
  if (!isObject(root) || !Array.isArray(root.elements)) {
    const geojson = isObject(root) && root.type === 'FeatureCollection';
    throw fail(
      geojson
        ? 'c’est un GeoJSON, pas une réponse Overpass (pas de tableau « elements ») : importez-le comme tronçons IGN.'
        : 'pas de tableau « elements » : ce n’est pas une réponse JSON de l’API Overpass.',
    );
  }
  const elements: unknown[] = root.elements;
  const remark = typeof root.remark === 'string' ? root.remark.trim().slice(0, 300) : '';
  const osm3s = isObject(root.osm3s) ? root.osm3s : null;
  const timestamp = typeof osm3s?.timestamp_osm_base === 'string' ? osm3s.timestamp_osm_base.slice(0, 64) : null;

  const builder = new OsmRoadBuilder(options.profile);
  // Nodes go to the builder in batches (coordinates in 1e-7°, as in PBF).
  const ids = new GrowF64(), lat7 = new GrowI32(), lon7 = new GrowI32();
  let coordinates = 0;
  const flush = () => {
    builder.nodes(ids.a.subarray(0, ids.n), lat7.a.subarray(0, ids.n), lon7.a.subarray(0, ids.n));
    ids.n = lat7.n = lon7.n = 0;
  };
  const addNode = (id: number, lat: number, lon: number) => {
    if (ids.n === ids.a.length) flush();
    lat7.a[ids.n] = Math.round(lat * 1e7);
    lon7.a[ids.n] = Math.round(lon * 1e7);
    ids.a[ids.n++] = id;
    coordinates++;
  };
  const tags: WayTags = new Array(KEY_COUNT);
  let waysRead = 0, highwayWays = 0, nodesRead = 0;
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i];
    if (!isObject(e)) throw fail(`l’élément n° ${i + 1} de « elements » n’est pas un objet.`);
    if (e.type === 'node') {
      if (typeof e.id !== 'number' || !Number.isSafeInteger(e.id)) throw fail(`l’élément n° ${i + 1} est un nœud sans identifiant valide (${show(e.id)}).`);
      if (!validLat(e.lat) || !validLon(e.lon)) throw fail(`nœud ${e.id} : coordonnées invalides (lat ${show(e.lat)}, lon ${show(e.lon)}).`);
      addNode(e.id, e.lat, e.lon);
      nodesRead++;
    } else if (e.type === 'way') {
      waysRead++;
      const refs = Array.isArray(e.nodes) ? e.nodes.map((r) => (typeof r === 'number' ? r : NaN)) : [];
      wayTagsOf(isObject(e.tags) ? e.tags : null, tags);
      if (tags[K.highway] === undefined) continue; // not a road: its nodes do not matter
      highwayWays++;
      if (Array.isArray(e.geometry) && e.geometry.length === refs.length) {
        // `out geom`: coordinates beside the node ids (null for nodes outside a clipping box).
        e.geometry.forEach((g: unknown, k) => {
          if (g === null || !Number.isFinite(refs[k])) return;
          const p = isObject(g) ? g : {};
          if (!validLat(p.lat) || !validLon(p.lon)) throw fail(`voie ${show(e.id)}, point n° ${k + 1} : coordonnées invalides (lat ${show(p.lat)}, lon ${show(p.lon)}).`);
          addNode(refs[k], p.lat, p.lon);
        });
      }
      builder.way(typeof e.id === 'number' ? e.id : NaN, refs, tags);
    }
  }
  flush();
  const roads = builder.finish({ waysRead });
  roads.stats.nodesRead = nodesRead;
  const serverRemark = remark ? `le serveur Overpass a signalé : « ${remark} »` : '';
  if (roads.wayIds.length === 0) {
    let why = 'aucune voie routière circulable (highway) trouvée';
    if (highwayWays > 0 && coordinates === 0) {
      why = `${highwayWays} voie(s) mais aucun nœud : la requête Overpass doit aussi renvoyer les nœuds des voies (« (._;>;); out body; ») ou leur géométrie (« out geom; »)`;
    } else if (roads.stats.missingRefs > 0) {
      why += ` (${roads.stats.missingRefs} nœud(s) de voies absents du fichier)`;
    }
    throw fail(`${why}${serverRemark ? ` ; ${serverRemark}` : ''}.`);
  }
  const warnings = osmRoadWarnings(roads.stats);
  if (serverRemark) warnings.push(`Réponse peut-être incomplète : ${serverRemark}.`);
  return { ...roads, timestamp, warnings };
}

function parse(bytes: Uint8Array, fail: (message: string) => UserError): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fail('le fichier n’est pas du texte UTF-8 : ce n’est pas une réponse JSON de l’API Overpass.');
  }
  const start = text.trimStart();
  if (start.startsWith('<')) {
    throw fail('le fichier est du XML ou du HTML, pas du JSON : ajoutez « [out:json] » à la requête Overpass, ou vérifiez que le serveur n’a pas renvoyé une page d’erreur.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw fail(start === '' ? 'le fichier est vide.' : 'JSON invalide ou tronqué : le téléchargement de la réponse Overpass est peut-être incomplet.');
  }
}
