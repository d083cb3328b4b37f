/**
 * Shareable link: the view settings (never the data) in the URL fragment.
 * JSON with short keys → deflate-raw (fflate) → base64url, behind "#vue=". A version field lets
 * later versions refuse or migrate old links. Decoding validates every field and never throws.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { HELP_GROUPS, type HelpGroup } from '../domain/types.ts';
import type { FranceServicesType, SiteKind } from '../domain/planning/scenario.ts';
import type { AccessThreshold } from '../data/queries/access.ts';
import { fmtInt } from '../shared/format.ts';
import { hasControl } from '../domain/outside.ts';
import type { HighCriterion } from '../domain/diagnosis/underserved.ts';
import { DECAY_PRESET_IDS, type DecayPreset } from '../domain/diagnosis/e2sfca.ts';

export const LINK_VERSION = 1;
export const LINK_PARAM = 'vue';

export const LINK_THRESHOLDS = [15, 20, 30, 45] as const satisfies readonly AccessThreshold[];
const SITE_KINDS = ['france_services', 'mediatheque', 'point_numerique', 'autre'] as const satisfies readonly SiteKind[];
const FS_TYPES = ['principal', 'antenne', 'bus'] as const satisfies readonly FranceServicesType[];
const CRITERIA = ['need', 'fragility', 'either', 'both'] as const satisfies readonly HighCriterion[];
const REFERENCES = ['all', 'group'] as const;

export interface LinkSite {
  lon: number;
  lat: number;
  kind: SiteKind;
  typeFs?: FranceServicesType;
}

export interface ViewState {
  /** [longitude, latitude] in degrees. */
  center: [number, number];
  /** 0–22. */
  zoom: number;
  visibleLayers: string[];
  choroplethVariable: string | null;
  accessGroup: HelpGroup;
  threshold: AccessThreshold;
  weights: Record<string, number>;
  /**
   * The other diagnosis settings (what the fragility scores are relative to, the share and the
   * criterion that make a commune's need or fragility "high"); absent from links made before them.
   */
  diagnosis?: { reference: (typeof REFERENCES)[number]; topShare: number; criterion: HighCriterion; decay?: DecayPreset };
  scenario: { name: string; sites: LinkSite[] } | null;
  /** The files the view was made with (name and row count), to name the missing ones on open. */
  datasets: { file: string; rows: number }[];
}

export type LinkResult = { ok: true; state: ViewState } | { ok: false; reason: string };

// Limits: a link stays a link, and a hostile one cannot make us allocate much.
const MAX_PAYLOAD_CHARS = 16_000;
const MAX_JSON_BYTES = 256 * 1024;
const MAX_LIST = 500;
const MAX_TEXT = 200;

/** 6 decimals of a degree ≈ 0.1 m: more is noise, and it keeps links short. */
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
const r2 = (v: number) => Math.round(v * 100) / 100;

/** Wire format (short keys). */
interface Wire {
  v: number;
  c: [number, number];
  z: number;
  l: string[];
  cv: string | null;
  g: string;
  t: number;
  w: Record<string, number>;
  dg?: { r: string; s: number; c: string; b?: string };
  s: { n: string; p: (number | string)[][] } | null;
  d: [string, number][];
}

function toWire(s: ViewState): Wire {
  return {
    v: LINK_VERSION,
    c: [r6(s.center[0]), r6(s.center[1])],
    z: r2(s.zoom),
    l: s.visibleLayers,
    cv: s.choroplethVariable,
    g: s.accessGroup,
    t: s.threshold,
    w: s.weights,
    ...(s.diagnosis ? { dg: { r: s.diagnosis.reference, s: r2(s.diagnosis.topShare), c: s.diagnosis.criterion, ...(s.diagnosis.decay ? { b: s.diagnosis.decay } : {}) } } : {}),
    s: s.scenario && {
      n: s.scenario.name,
      p: s.scenario.sites.map((p) => [r6(p.lon), r6(p.lat), p.kind, ...(p.typeFs ? [p.typeFs] : [])]),
    },
    d: s.datasets.map((d) => [d.file, d.rows]),
  };
}

function base64UrlEncode(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The fragment payload (without "#vue="). */
export function encodeViewState(state: ViewState): string {
  return base64UrlEncode(deflateSync(strToU8(JSON.stringify(toWire(state))), { level: 9 }));
}

/** "#vue=…", to put in `location.hash`. */
export function viewStateToHash(state: ViewState): string {
  return `#${LINK_PARAM}=${encodeViewState(state)}`;
}

class Invalid extends Error {}
const fail = (reason: string): never => {
  throw new Invalid(reason);
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown, what: string, min: number, max: number): number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fail(`${what} invalide ou hors limites.`);
/** Text of a link: bounded, and without control characters (NUL included). */
const text = (v: unknown, what: string): string => (typeof v === 'string' && v.length <= MAX_TEXT && !hasControl(v) ? v : fail(`${what} invalide.`));
const list = (v: unknown, what: string): unknown[] => (Array.isArray(v) && v.length <= MAX_LIST ? v : fail(`${what} invalide.`));
const oneOf = <T extends string | number>(v: unknown, allowed: readonly T[], what: string): T =>
  allowed.includes(v as T) ? (v as T) : fail(`${what} inconnu : ${String(v).slice(0, 40)}.`);

function fromWire(w: unknown): ViewState {
  if (!isObj(w)) fail('Contenu du lien illisible.');
  const o = w as Record<string, unknown>;
  if (o.v !== LINK_VERSION) {
    fail(typeof o.v === 'number' && o.v > LINK_VERSION
      ? `Ce lien a été créé par une version plus récente de Maillage (format ${o.v}) : mettez l'application à jour.`
      : `Version de lien non prise en charge (${String(o.v).slice(0, 20)}).`);
  }
  const c = list(o.c, 'Centre de la carte');
  if (c.length !== 2) fail('Centre de la carte invalide.');
  const center: [number, number] = [num(c[0], 'Longitude du centre', -180, 180), num(c[1], 'Latitude du centre', -90, 90)];
  const weights: Record<string, number> = {};
  if (!isObj(o.w) || Object.keys(o.w).length > MAX_LIST) fail('Pondérations invalides.');
  for (const [k, v] of Object.entries(o.w as Record<string, unknown>)) weights[text(k, 'Nom de pondération')] = num(v, `Pondération « ${k.slice(0, 40)} »`, -1e6, 1e6);
  let diagnosis: ViewState['diagnosis'];
  if (o.dg !== undefined) {
    if (!isObj(o.dg)) fail('Réglages du diagnostic invalides.');
    const d = o.dg as Record<string, unknown>;
    diagnosis = {
      reference: oneOf(d.r, REFERENCES, 'Choix de référence des notes de fragilité'),
      topShare: num(d.s, 'Part « élevée » du diagnostic', 0.05, 0.6),
      criterion: oneOf(d.c, CRITERIA, 'Critère du diagnostic'),
      // Decay bands: absent from links made before the setting (the receiver's own setting then stays).
      ...(d.b !== undefined ? { decay: oneOf(d.b, DECAY_PRESET_IDS, 'Pondération selon le temps d’accès') } : {}),
    };
  }
  let scenario: ViewState['scenario'] = null;
  if (o.s !== null) {
    if (!isObj(o.s)) fail('Scénario invalide.');
    const s = o.s as Record<string, unknown>;
    scenario = {
      name: text(s.n, 'Nom du scénario'),
      sites: list(s.p, 'Lieux du scénario').map((p, i) => {
        const a = list(p, `Lieu ${i + 1} du scénario`);
        if (a.length < 3 || a.length > 4) fail(`Lieu ${i + 1} du scénario invalide.`);
        const site: LinkSite = {
          lon: num(a[0], `Longitude du lieu ${i + 1}`, -180, 180),
          lat: num(a[1], `Latitude du lieu ${i + 1}`, -90, 90),
          kind: oneOf(a[2], SITE_KINDS, `Type de lieu ${i + 1}`),
        };
        if (a.length === 4) site.typeFs = oneOf(a[3], FS_TYPES, `Type de France services du lieu ${i + 1}`);
        return site;
      }),
    };
  }
  return {
    center,
    zoom: num(o.z, 'Niveau de zoom', 0, 22),
    visibleLayers: list(o.l, 'Liste des couches').map((x) => text(x, 'Nom de couche')),
    choroplethVariable: o.cv === null ? null : text(o.cv, 'Variable de la carte choroplèthe'),
    accessGroup: oneOf(o.g, HELP_GROUPS, "Groupe de lieux d'aide"),
    threshold: oneOf(o.t, LINK_THRESHOLDS, 'Seuil de temps'),
    weights,
    ...(diagnosis ? { diagnosis } : {}),
    scenario,
    datasets: list(o.d, 'Liste des données').map((d) => {
      const a = list(d, 'Fichier de données');
      if (a.length !== 2) fail('Fichier de données invalide.');
      const rows = num(a[1], 'Nombre de lignes', 0, Number.MAX_SAFE_INTEGER);
      if (!Number.isInteger(rows)) fail('Nombre de lignes invalide.');
      return { file: text(a[0], 'Nom de fichier'), rows };
    }),
  };
}

/** Reads a payload made by `encodeViewState`. Never throws. */
export function decodeViewState(payload: string): LinkResult {
  const bad = (reason: string): LinkResult => ({ ok: false, reason: `Lien de partage invalide : ${reason}` });
  if (typeof payload !== 'string' || payload.length === 0) return bad('il est vide.');
  if (payload.length > MAX_PAYLOAD_CHARS) return bad('il est trop long.');
  const bytes = base64UrlDecode(payload);
  if (!bytes) return bad('il contient des caractères inattendus (lien coupé ou modifié ?).');
  let json: string;
  try {
    // A fixed output buffer bounds what a hostile payload can inflate to.
    const out = inflateSync(bytes, { out: new Uint8Array(MAX_JSON_BYTES) });
    if (out.length >= MAX_JSON_BYTES) return bad('contenu trop volumineux.');
    json = strFromU8(out);
  } catch {
    return bad('contenu illisible (lien coupé ou modifié ?).');
  }
  let wire: unknown;
  try {
    wire = JSON.parse(json);
  } catch {
    return bad('contenu illisible (lien coupé ou modifié ?).');
  }
  try {
    return { ok: true, state: fromWire(wire) };
  } catch (e) {
    if (e instanceof Invalid) return bad(e.message.charAt(0).toLowerCase() + e.message.slice(1));
    return bad('contenu inattendu.');
  }
}

/**
 * Reads "#vue=…" from a hash or a whole URL (other fragment parameters are ignored).
 * `null` when the URL has no shared view at all (not an error: a plain visit).
 */
export function viewStateFromHash(hashOrUrl: string): LinkResult | null {
  const i = hashOrUrl.indexOf('#');
  const fragment = i >= 0 ? hashOrUrl.slice(i + 1) : hashOrUrl;
  for (const part of fragment.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === LINK_PARAM) return decodeViewState(part.slice(eq + 1));
  }
  return null;
}

/**
 * French messages for the data the shared view was made with and that is not loaded now
 * (matched by file name, case-insensitive), or loaded with a different number of rows.
 */
export function missingData(state: ViewState, loaded: readonly { file: string; rows?: number }[]): string[] {
  const byName = new Map(loaded.map((d) => [d.file.toLowerCase(), d]));
  const messages: string[] = [];
  for (const d of state.datasets) {
    const here = byName.get(d.file.toLowerCase());
    if (!here) {
      messages.push(`Fichier manquant : « ${d.file} » (${fmtInt(d.rows)} lignes). Importez-le pour retrouver la vue partagée.`);
    } else if (here.rows !== undefined && here.rows !== d.rows) {
      messages.push(
        `Le fichier « ${d.file} » chargé compte ${fmtInt(here.rows)} lignes, contre ${fmtInt(d.rows)} lors du partage : les résultats peuvent différer.`,
      );
    }
  }
  return messages;
}
