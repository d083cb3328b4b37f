/**
 * A bundle's SOURCES.json as read from the zip is outside data: every field is checked for its
 * type, length and characters before anything of the bundle is installed or saved. Labels lose
 * their control characters; a wrong type, an address that does not parse or a territory code
 * that is not a code refuse the whole bundle (nothing is half installed); so does a file listed
 * twice. A manifest without `failures` has none.
 */
import { cleanLabel, dateText, httpUrl, optionalLabel } from '../../domain/outside.ts';
import { LAYER_FILE } from '../origins.ts';
import { parseTerritoryRequest, SOURCE_IDS, type SourceId } from './sources.ts';
import type { BundleLayer, BundleManifest } from './bundle.ts';
import type { FetchFailure } from './fetch_territory.ts';

export type ManifestCheck = { ok: true; manifest: BundleManifest } | { ok: false; reason: string };

const MAX_LAYERS = 64;
const MAX_LABEL = 200;
const MAX_TEXT = 400;
const MAX_LIST = 200;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSourceId = (v: unknown): v is SourceId => typeof v === 'string' && (SOURCE_IDS as readonly string[]).includes(v);
const count = (v: unknown): number | null | undefined =>
  v === null || v === undefined ? null : typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
const textList = (v: unknown, max: number): string[] | null => {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > MAX_LIST) return null;
  const out = v.map((x) => cleanLabel(x, max));
  return out.every((x): x is string => x !== null) ? out : null;
};
/** A JSON value shown short in a French message (no control characters). */
const shown = (v: unknown) => (cleanLabel(JSON.stringify(v) ?? String(v), 60) ?? '');

class Refused extends Error {}
const refuse = (reason: string): never => {
  throw new Refused(reason);
};

function checkLayer(v: unknown, i: number): BundleLayer {
  if (!isRecord(v)) refuse(`couche ${i + 1} illisible.`);
  const l = v as Record<string, unknown>;
  if (!isSourceId(l.sourceId)) refuse(`couche inconnue ou sans fichier (${shown(l.sourceId ?? null)}).`);
  if (typeof l.file !== 'string') refuse(`couche inconnue ou sans fichier (${shown(l.sourceId)}).`);
  const file = l.file as string;
  if (!LAYER_FILE.test(file)) refuse(`nom de fichier de couche refusé (${shown(file)}) : ni dossier ni chemin attendu.`);
  const label = cleanLabel(l.label, MAX_LABEL) || refuse(`couche ${file} sans nom lisible.`);
  const url = httpUrl(l.url) ?? refuse(`adresse de la couche ${file} invalide (${shown(l.url)}) : une adresse http(s) complète est attendue.`);
  const page = l.page === null || l.page === undefined ? null : httpUrl(l.page) ?? refuse(`page de la couche ${file} invalide (${shown(l.page)}).`);
  const retrievedAt = dateText(l.retrievedAt) ?? refuse(`date de récupération de la couche ${file} invalide (${shown(l.retrievedAt)}).`);
  const vintage = optionalLabel(l.vintage, MAX_LABEL);
  if (vintage === undefined) refuse(`millésime de la couche ${file} invalide.`);
  if (typeof l.network !== 'boolean') refuse(`couche ${file} : « network » doit valoir true ou false.`);
  const [format, dataset, resource, found, readVia] = [l.format, l.dataset, l.resource, l.found, l.read_via].map((x) => optionalLabel(x, MAX_TEXT));
  const [rows, rejected] = [count(l.rows), count(l.rejected)];
  const [requests, notes] = [textList(l.requests, MAX_TEXT), textList(l.notes, MAX_TEXT)];
  if ([format, dataset, resource, found, readVia, rows, rejected].includes(undefined) || !requests || !notes) refuse(`couche ${file} : champ de provenance invalide.`);
  return {
    sourceId: l.sourceId as SourceId, label, file, url, page, vintage: vintage ?? null, retrievedAt, network: l.network as boolean,
    format, rows, rejected, dataset, resource, found, read_via: readVia, requests: requests!, notes: notes!,
  } as BundleLayer;
}

function checkTerritory(v: unknown): BundleManifest['territory'] {
  if (!isRecord(v)) refuse('territoire absent.');
  const t = v as Record<string, unknown>;
  if (t.kind !== 'departement' && t.kind !== 'epci') refuse(`type de territoire inconnu (${shown(t.kind)}).`);
  if (typeof t.code !== 'string') refuse(`code du territoire invalide (${shown(t.code)}) : un texte est attendu, par exemple "58" ou "200067759".`);
  const parsed = parseTerritoryRequest(t.code as string);
  if ('error' in parsed || parsed.kind !== t.kind || parsed.code !== t.code) {
    refuse(`code du territoire invalide (${shown(t.code)}) pour un territoire de type ${t.kind === 'epci' ? 'EPCI' : 'département'}.`);
  }
  const name = optionalLabel(t.name, MAX_LABEL);
  if (name === undefined) refuse('nom du territoire invalide.');
  const departements = textList(t.departements, 3);
  if (!departements || departements.some((d) => 'error' in parseTerritoryRequest(d))) refuse('liste des départements du territoire invalide.');
  return { kind: t.kind as 'departement' | 'epci', code: t.code as string, name: name ?? null, departements: departements! };
}

function checkFailure(v: unknown): FetchFailure {
  if (!isRecord(v) || !isSourceId(v.sourceId)) refuse('couche absente illisible.');
  const f = v as Record<string, unknown>;
  const label = cleanLabel(f.label, MAX_LABEL) ?? refuse('couche absente sans nom.');
  const message = cleanLabel(f.message, MAX_TEXT) ?? '';
  return { sourceId: f.sourceId as SourceId, label, message };
}

function checkTable(v: unknown): NonNullable<BundleManifest['tables']>[number] {
  const t = isRecord(v) ? v : refuse('table normalisée illisible.');
  const [file, table, description] = [cleanLabel(t.file, MAX_LABEL), cleanLabel(t.table, MAX_LABEL), cleanLabel(t.description, MAX_TEXT)];
  const rows = count(t.rows);
  if (!file || !table || description === null || typeof rows !== 'number') refuse('table normalisée illisible.');
  return { file: file!, table: table!, description: description!, rows: rows as number };
}

/** Checks a parsed SOURCES.json of version `version`; the reason (French) names the faulty field. */
export function checkManifest(raw: unknown, version: number): ManifestCheck {
  try {
    if (!isRecord(raw) || raw.maillage_bundle !== version || !Array.isArray(raw.layers)) {
      return { ok: false, reason: `ce n'est pas un manifeste de lot Maillage version ${version}.` };
    }
    if (raw.layers.length > MAX_LAYERS) refuse(`plus de ${MAX_LAYERS} couches.`);
    const failures = raw.failures === undefined ? [] : Array.isArray(raw.failures) && raw.failures.length <= MAX_LAYERS ? raw.failures : refuse('liste des couches absentes invalide.');
    const layers = raw.layers.map(checkLayer);
    const twice = layers.find((l, i) => layers.findIndex((m) => m.file === l.file) !== i);
    if (twice) refuse(`le fichier ${twice.file} y est annoncé plusieurs fois : une couche ne s'installe qu'une fois.`);
    const manifest: BundleManifest = {
      maillage_bundle: version,
      territory: checkTerritory(raw.territory),
      created_at: dateText(raw.created_at) ?? '',
      created_by: cleanLabel(raw.created_by, MAX_LABEL) ?? '',
      layers,
      failures: (failures as unknown[]).map(checkFailure),
      privacy: cleanLabel(raw.privacy, 2000) ?? '',
      ...(Array.isArray(raw.tables) ? { tables: raw.tables.slice(0, MAX_LAYERS).map(checkTable) } : {}),
    };
    return { ok: true, manifest };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, reason: e.message };
    throw e;
  }
}
