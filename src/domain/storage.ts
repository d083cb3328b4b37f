/**
 * Room in the browser's storage for this site, and what the user is told about it (French).
 * The browser gives a quota and the bytes already used (`navigator.storage.estimate()`); what
 * the workspace saves (a file's bytes, plus the tables made of it) must fit in the difference.
 * Sizes are in decimal units, as disks and file managers show them (1 Mo = 10⁶ octets).
 */

/** What `navigator.storage.estimate()` says, in bytes. */
export interface StorageEstimate {
  quota: number;
  usage: number;
}

/** What the data panel says of the storage. */
export interface StorageStatus extends StorageEstimate {
  /** Kept by the browser even when the disk runs short (`navigator.storage.persisted()`); null: unknown. */
  persisted: boolean | null;
}

/** Bytes still free for this site (never negative). */
export const roomLeft = (e: StorageEstimate): number => Math.max(0, e.quota - e.usage);

/** An estimate the browser really gave: two finite, non-negative numbers (else unusable). */
export function checkEstimate(e: { quota?: number; usage?: number } | null | undefined): StorageEstimate | null {
  if (!e) return null;
  const { quota, usage } = e;
  if (typeof quota !== 'number' || !Number.isFinite(quota) || quota < 0) return null;
  const used = typeof usage === 'number' && Number.isFinite(usage) && usage >= 0 ? usage : 0;
  return { quota, usage: used };
}

const one = (n: number) => n.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A size as a French reader expects it: « 820 ko », « 6,0 Mo », « 1,2 Go ». */
export function formatBytes(bytes: number): string {
  const b = Math.max(0, bytes);
  const ko = Math.ceil(b / 1e3); // a small file is « 1 ko », not « 0 ko »
  if (ko < 1000) return `${ko} ko`;
  if (Math.round(b / 1e5) < 10_000) return `${one(b / 1e6)} Mo`; // up to « 999,9 Mo »
  return `${one(b / 1e9)} Go`;
}

const FREE_ROOM = 'Libérez de la place (« Réinitialiser » efface les fichiers enregistrés dans ce navigateur) ' +
  "ou de l'espace sur le disque, puis déposez-le à nouveau.";

/** What is refused: a file, or the layers of a territory taken together. */
export interface Refused {
  /** « Le fichier « x.csv » », « Le territoire « Nièvre » (12 couches) » … */
  what: string;
  /** Its own size, in bytes. */
  size: number;
  /** Bytes to save when more than its own size (a file with the tables made of it). */
  toSave?: number;
}

/** The bytes a refusal is judged on: what is to be saved. */
export const bytesToSave = (r: Refused): number => Math.max(r.size, r.toSave ?? 0);

/** Refused before anything was loaded: it would not fit in the room left. */
export function refusedMessage(r: Refused, room: number): string {
  const more = bytesToSave(r) > r.size ? `, ${formatBytes(bytesToSave(r))} à enregistrer avec ses tables` : '';
  return `${r.what} (${formatBytes(r.size)}${more}) n'a pas été chargé : ` +
    `il reste ${formatBytes(room)} d'espace de stockage pour ce site dans ce navigateur. ${FREE_ROOM}`;
}

/**
 * Not loaded because saving it failed (after the room check passed): the load was undone.
 * `room`: what the browser says is left, when that explains the failure (null otherwise: some
 * browsers report a fixed, fictitious room, e.g. Chromium's usage + 10 Gio).
 */
export function notSavedMessage(what: string, reason: string, needed: number, room: number | null): string {
  const sizes = room === null ? `${formatBytes(needed)} à enregistrer` : `il reste ${formatBytes(room)} pour ${formatBytes(needed)} à enregistrer`;
  return `${what} n'a pas été chargé : il n'a pas pu être enregistré dans ce navigateur (${reason} ; ${sizes}). ` +
    `Les données déjà chargées sont inchangées. ${FREE_ROOM}`;
}

/** Why a save failed, in French (the browser's own text for other errors, which may be empty). */
export function saveFailureReason(e: unknown): string {
  const name = (e as { name?: unknown })?.name;
  if (name === 'QuotaExceededError') return 'espace de stockage plein';
  const message = e instanceof Error ? e.message : String(e ?? '');
  return message.trim() ? `erreur du navigateur : ${message.trim().slice(0, 200)}` : `erreur du navigateur${typeof name === 'string' && name ? ` ${name}` : ''}`;
}

/** The data panel's line about the storage. */
export function storageLine(s: StorageStatus): string {
  const used = `${formatBytes(s.usage)} utilisés, ${formatBytes(roomLeft(s))} libres d'après le navigateur`;
  const kept = s.persisted === true ? 'stockage persistant (le navigateur ne l\'effacera pas de lui-même)'
    : s.persisted === false ? "stockage non persistant (le navigateur peut l'effacer s'il manque de place)"
    : 'persistance inconnue';
  return `Espace enregistré dans ce navigateur : ${used} ; ${kept}.`;
}
