/**
 * A territory bundle: one zip a planner prepares once (`npm run data:fetch`) and shares; the
 * dashboard opens it in one drop. It holds each layer as fetched for the territory (the
 * source's own columns, UTF-8, cut to the territory and its buffer) and `SOURCES.json`: for
 * each layer its source, address, vintage, retrieval date and the rows the importers read.
 *
 * Reading is bounded (entries, sizes, compression ratio), so that a hostile zip cannot
 * exhaust the memory of the tab ("zip bomb").
 */
import { Unzip, UnzipInflate, zipSync, strToU8, type Zippable } from 'fflate';
import { UserError } from '../import/errors.ts';
import { concatBytes } from '../../shared/bytes.ts';
import type { FetchedLayer, FetchFailure } from './fetch_territory.ts';
import type { SourceId, TerritoryRequest } from './sources.ts';
import { checkManifest } from './bundle_check.ts';

export const BUNDLE_MANIFEST = 'SOURCES.json';
export const BUNDLE_VERSION = 1;

export interface BundleLayer {
  sourceId: SourceId;
  label: string;
  file: string;
  url: string;
  page: string | null;
  vintage: string | null;
  retrievedAt: string;
  network: boolean;
  /** What the importers read from it when the bundle was made. */
  format?: string | null;
  rows?: number | null;
  rejected?: number | null;
  /** Exact origin (data.gouv.fr dataset and resource, how they were found and read, requests made). */
  dataset?: string | null;
  resource?: string | null;
  found?: string | null;
  read_via?: string | null;
  requests?: string[];
  notes?: string[];
}

export interface BundleManifest {
  maillage_bundle: number;
  territory: TerritoryRequest & { name: string | null; departements: string[] };
  created_at: string;
  created_by: string;
  layers: BundleLayer[];
  failures: FetchFailure[];
  privacy: string;
  /** The normalised tables written beside the layers (`tables/<table>.csv`), with their row counts. */
  tables?: { file: string; table: string; description: string; rows: number }[];
}

export const PRIVACY_FR =
  'Pour constituer ces couches, seuls le code du territoire et son rectangle géographique ont été envoyés aux services publics de données ouvertes (geo.api.gouv.fr, data.gouv.fr, API Melodi de l’INSEE, Overpass/OpenStreetMap). Aucune donnée de l’utilisateur n’a été transmise.';

export function layerOf(l: FetchedLayer, check?: { format: string | null; rows: number; rejected: number }): BundleLayer {
  return {
    sourceId: l.sourceId, label: l.label, file: l.file, url: l.url, page: l.page, vintage: l.vintage, retrievedAt: l.retrievedAt, network: l.network,
    format: check?.format ?? null, rows: check?.rows ?? null, rejected: check?.rejected ?? null,
    dataset: l.origin.dataset, resource: l.origin.resource, found: l.origin.found, read_via: l.origin.via, requests: l.origin.requests, notes: l.notes,
  };
}

/**
 * The zip: SOURCES.json, each layer under its own name, and `extra` files (the normalised tables
 * under `tables/`, for reading in a spreadsheet; the dashboard reads the layers).
 */
export function writeBundle(manifest: BundleManifest, layers: readonly FetchedLayer[], extra: Record<string, Uint8Array> = {}): Uint8Array {
  const files: Zippable = { [BUNDLE_MANIFEST]: strToU8(JSON.stringify(manifest, null, 2)) };
  for (const l of layers) files[l.file] = l.bytes;
  for (const [name, bytes] of Object.entries(extra)) files[name] = bytes;
  return zipSync(files, { level: 6, mtime: new Date(manifest.created_at) });
}

export const looksLikeZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export interface BundleLimits {
  maxEntries: number;
  /** Uncompressed bytes of one entry. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all the entries together. */
  maxTotalBytes: number;
  /**
   * Bytes inflated over compressed bytes read so far, checked once more than `RATIO_FLOOR` bytes
   * are inflated. Measured on the bytes actually read and inflated: the sizes a local header
   * declares are absent with the data-descriptor flag (bit 3) and may be lies.
   */
  maxRatio: number;
}

export const DEFAULT_LIMITS: BundleLimits = { maxEntries: 64, maxEntryBytes: 384 * 1024 * 1024, maxTotalBytes: 512 * 1024 * 1024, maxRatio: 200 };

/**
 * Compressed bytes handed to the inflater at a time. DEFLATE cannot expand more than ~1032 times
 * (RFC 1951: a 258-byte match costs at least 2 bits), so one slice inflates to at most ~4 MB
 * before the counts below are checked again.
 */
export const ZIP_SLICE = 4 * 1024;
const RATIO_FLOOR = 1024 * 1024;

/** Reads a bundle zip: its manifest and its files. French UserError naming the file on any problem. */
export function readBundle(name: string, bytes: Uint8Array, limits: BundleLimits = DEFAULT_LIMITS): { manifest: BundleManifest; files: Map<string, Uint8Array> } {
  if (!looksLikeZip(bytes)) throw new UserError("ce n'est pas une archive zip de territoire.", { file: name });
  const files = unzipBounded(name, bytes, limits);
  const raw0 = files.get(BUNDLE_MANIFEST);
  if (!raw0) throw new UserError(`archive zip sans ${BUNDLE_MANIFEST} : ce n'est pas un lot de territoire préparé par Maillage (npm run data:fetch). Décompressez-la et déposez ses fichiers un par un.`, { file: name });
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(raw0));
  } catch {
    throw new UserError(`${BUNDLE_MANIFEST} illisible (JSON attendu).`, { file: name });
  }
  // Every field is checked (types, lengths, characters) before anything is installed or saved.
  const checked = checkManifest(raw, BUNDLE_VERSION);
  if (!checked.ok) throw new UserError(`${BUNDLE_MANIFEST} refusé : ${checked.reason}`, { file: name });
  const { manifest } = checked;
  for (const l of manifest.layers) {
    if (!files.has(l.file)) throw new UserError(`la couche « ${l.label} » annonce le fichier ${l.file}, absent de l'archive.`, { file: name });
  }
  return { manifest, files };
}

const mb = (n: number) => Math.round(n / 1048576);

/**
 * Inflates every entry of a zip, counting the bytes actually produced: the compressed input is
 * pushed `ZIP_SLICE` bytes at a time and the reading stops as soon as an entry, the whole or the
 * ratio to what was read passes its limit. `stats.inflated` (for tests) is the most ever inflated.
 */
export function unzipBounded(name: string, bytes: Uint8Array, limits: BundleLimits = DEFAULT_LIMITS, stats: { inflated: number } = { inflated: 0 }): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const seen = new Set<string>();
  let entries = 0;
  let total = 0;
  let read = 0;
  let failure: UserError | null = null;
  const refuse = (message: string) => {
    failure ??= new UserError(message, { file: name });
  };
  const unzip = new Unzip((entry) => {
    if (failure) return;
    entries++;
    if (entries > limits.maxEntries) return refuse(`archive de plus de ${limits.maxEntries} fichiers : refusée.`);
    if (seen.has(entry.name)) return refuse(`l'archive contient plusieurs fichiers nommés « ${entry.name} » : on ne peut pas savoir lequel est le bon. Archive refusée, rien n'a été chargé.`);
    seen.add(entry.name);
    if (entry.name.endsWith('/')) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    entry.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) return refuse(`fichier ${entry.name} de l'archive illisible (${err.message}).`);
      size += chunk.length;
      total += chunk.length;
      stats.inflated = total;
      if (total > RATIO_FLOOR && total > limits.maxRatio * read) {
        refuse(`archive suspecte (« bombe zip ») : ${entry.name} se décompresse en plus de ${mb(total)} Mo pour ${Math.ceil(read / 1024)} Ko lus, plus de ${limits.maxRatio} fois sa taille compressée. Lecture arrêtée, rien n'a été chargé.`);
      } else if (size > limits.maxEntryBytes || total > limits.maxTotalBytes) {
        const limit = size > limits.maxEntryBytes ? `${mb(limits.maxEntryBytes)} Mo pour un fichier` : `${mb(limits.maxTotalBytes)} Mo pour l'archive`;
        refuse(`archive trop volumineuse une fois décompressée : ${entry.name} dépasse la limite de ${limit}. Lecture arrêtée, rien n'a été chargé.`);
      }
      if (failure) {
        chunks.length = 0;
        entry.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) out.set(entry.name, concatBytes(chunks, size));
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !failure; at += ZIP_SLICE) {
      const end = Math.min(bytes.length, at + ZIP_SLICE);
      read = end;
      unzip.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch (e) {
    refuse(`archive zip corrompue (${(e as Error).message}).`);
  }
  if (failure) throw failure;
  return out;
}
