/**
 * The contract check (`npm run data:check-sources`): asks each official service for one small
 * territory, the way the fetch does, and compares the shape of each answer (envelope, columns,
 * types, paging) with what the importers expect; then hands a sample to the importers
 * themselves. It is what a maintainer runs on a connected machine when a source changes: the
 * report (French) says which source moved and how. Never run by `npm test` (it needs the
 * internet); tested against the local stand-in (`--miroir`).
 */
import { chooseResource, rowsToCsv, TABULAR_MAX_PAGE_SIZE, withoutTabularId, type DatasetRecord } from './datagouv.ts';
import { download, downloadPolitely, errorText, HttpError, parseJson, type FetchFn, type HttpContext, type RetryPolicy } from './http.ts';
import { MELODI_RETRY } from './melodi.ts';
import { OVERPASS_RETRY, overpassQuery, inspectOverpass } from './overpass.ts';
import {
  communesUrl, DATA_GOUV_SOURCES, sourceInfo, tabularFilters, territoryLabel, widen,
  type Bbox, type DataGouvSource, type Endpoints, type SourceId, type TerritoryRequest,
} from './sources.ts';
import { describeCommunes } from './geo.ts';
import { importFile } from '../import/import_file.ts';

export interface Check {
  ok: boolean;
  /** Not a breach of the contract, but worth knowing (a documented limit that changed…). */
  info?: boolean;
  text: string;
}

export interface SourceReport {
  id: SourceId;
  label: string;
  checks: Check[];
  ok: boolean;
}

export interface ContractOptions {
  endpoints: Endpoints;
  fetch: FetchFn;
  request: TerritoryRequest;
  now?: () => Date;
  signal?: AbortSignal;
  /** Waits between retries of a busy service (tests give one that does not wait). */
  sleep?: HttpContext['sleep'];
  /** Told before each wait, as the fetch tells it (French status line). */
  onWait?: RetryPolicy['onWait'];
}

type Kind = 'nombre' | 'texte' | 'code commune' | 'booléen ou 0/1';

/** The types the importers rely on, per column; other columns are not checked. */
const TYPES: Partial<Record<SourceId, Record<string, Kind>>> = {
  france_services: { latitude: 'nombre', longitude: 'nombre', insee_com: 'code commune' },
  lieux_mediation: { latitude: 'nombre', longitude: 'nombre' },
  arcep_fixe: { code_insee: 'code commune', nbr: 'nombre', elig_thd30: 'nombre', elig_thd100: 'nombre', elig_thd1g: 'nombre' },
  arcep_fibre: { code_insee: 'code commune', nbr: 'nombre', elig_ftth: 'nombre' },
  arcep_mobile: { latitude: 'nombre', longitude: 'nombre', site_4g: 'booléen ou 0/1' },
  arcep_couverture: { commune: 'code commune', pop_nc: 'nombre', pop_cl: 'nombre', pop_bc: 'nombre', pop_tbc: 'nombre' },
};

/** The format the importers must recognise in each source's answer. */
export const EXPECTED_FORMAT: Record<Exclude<SourceId, 'routes'>, string> = {
  communes: 'geo_api_communes', france_services: 'anct_france_services', lieux_mediation: 'lieux_mediation_standard',
  arcep_fixe: 'arcep_mci_debit', arcep_fibre: 'arcep_mci_techno', arcep_mobile: 'arcep_sites_mobiles_trimestriels',
  arcep_couverture: 'arcep_couverture_communes', insee_ages: 'insee_melodi_population_age',
};

function kindOk(kind: Kind, v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (kind === 'nombre') return typeof v === 'number';
  if (kind === 'code commune') return typeof v === 'string' && /^(\d{5}|2[AB]\d{3})$/.test(v);
  return typeof v === 'boolean' || v === 0 || v === 1 || v === '0' || v === '1';
}

const shown = (v: unknown) => (typeof v === 'string' ? `texte « ${v.slice(0, 20)} »` : typeof v === 'boolean' ? `booléen ${v}` : typeof v === 'number' ? `nombre ${v}` : JSON.stringify(v)?.slice(0, 30));

/** The importers' verdict on a sample: recognised as the expected format, nothing rejected. */
function importerCheck(id: Exclude<SourceId, 'routes'>, file: string, bytes: Uint8Array): Check {
  try {
    const r = importFile(file, bytes);
    if (r.needsMapping) return { ok: false, text: `les importeurs ne reconnaissent plus le format (${r.reason})` };
    if (r.format.id !== EXPECTED_FORMAT[id]) return { ok: false, text: `lu comme « ${r.format.label} » au lieu du format attendu (${EXPECTED_FORMAT[id]})` };
    const rows = Object.values(r.output.rows).reduce((n, x) => n + (x?.length ?? 0), 0);
    if (r.output.rejected.length > 0) return { ok: false, text: `${r.output.rejected.length} ligne(s) de l'échantillon rejetée(s) par l'importeur (ex. ligne ${r.output.rejected[0].line} : ${r.output.rejected[0].reason})` };
    return { ok: true, text: `échantillon lu par l'importeur « ${r.format.label} » : ${rows} ligne(s), aucune rejetée${r.vintage ? `, millésime ${r.vintage}` : ''}` };
  } catch (e) {
    return { ok: false, text: `l'importeur refuse l'échantillon : ${errorText(e)}` };
  }
}

async function checkCommunes(o: ContractOptions, ctx: HttpContext): Promise<{ checks: Check[]; bbox: Bbox | null; departements: string[]; firstCode: string | null; hall: [number, number] | null }> {
  const checks: Check[] = [];
  const e = o.endpoints;
  let bbox: Bbox | null = null;
  let departements: string[] = [];
  let firstCode: string | null = null;
  let hall: [number, number] | null = null;
  try {
    const bytes = await download(ctx, communesUrl(e, o.request, 'contour'));
    const json = parseJson(bytes, 'geo.api.gouv.fr') as { type?: unknown; features?: { geometry?: { type?: string }; properties?: Record<string, unknown> }[] };
    if (json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
      checks.push({ ok: false, text: 'enveloppe : une FeatureCollection GeoJSON était attendue' });
      return { checks, bbox, departements, firstCode, hall };
    }
    const info = describeCommunes(bytes);
    checks.push({ ok: !!info, text: info ? `enveloppe FeatureCollection, ${info.count} communes` : 'aucune commune pour ce territoire' });
    bbox = info?.bbox ?? null;
    departements = info?.departements ?? [];
    const f = json.features[0];
    const p = f?.properties ?? {};
    firstCode = typeof p.code === 'string' ? p.code : null;
    const want: [string, (v: unknown) => boolean, string][] = [
      ['code', (v) => typeof v === 'string' && /^(\d{5}|2[AB]\d{3})$/.test(v), 'code commune'],
      ['nom', (v) => typeof v === 'string', 'texte'],
      ['codeDepartement', (v) => typeof v === 'string', 'texte'],
      ['population', (v) => typeof v === 'number', 'nombre'],
      ['codeEpci', (v) => v === undefined || typeof v === 'string', 'texte'],
    ];
    const bad = want.filter(([k, ok]) => !ok(p[k])).map(([k, , t]) => `${k} (${t} attendu, reçu ${shown(p[k]) ?? 'rien'})`);
    checks.push({ ok: bad.length === 0, text: bad.length ? `propriétés : ${bad.join(', ')}` : 'propriétés code, nom, codeDepartement, population, codeEpci conformes' });
    checks.push({ ok: f?.geometry?.type === 'Polygon' || f?.geometry?.type === 'MultiPolygon', text: `géométrie demandée (contour) : ${f?.geometry?.type ?? 'absente'}` });
    if ('mairie' in p) checks.push({ ok: true, info: true, text: 'la mairie figure maintenant dans les propriétés : la seconde requête pourrait être supprimée' });
    const halls = parseJson(await download(ctx, communesUrl(e, o.request, 'mairie')), 'geo.api.gouv.fr') as { features?: { geometry?: { type?: string; coordinates?: unknown } }[] };
    const g = halls.features?.[0]?.geometry;
    const pointOk = g?.type === 'Point' && Array.isArray(g.coordinates) && typeof g.coordinates[0] === 'number';
    if (pointOk) hall = g!.coordinates as [number, number];
    checks.push({ ok: pointOk, text: pointOk ? `mairies (geometry=mairie) : points, ${halls.features!.length} communes` : `mairies (geometry=mairie) : point attendu, reçu ${g?.type ?? 'rien'}` });
    const hallsImported = importerCheck('communes', sourceInfo('communes').fileName(o.request), bytes);
    checks.push(hallsImported);
  } catch (err) {
    checks.push({ ok: false, text: errorText(err) });
  }
  return { checks, bbox, departements, firstCode, hall };
}

async function checkDataGouv(spec: DataGouvSource, o: ContractOptions, ctx: HttpContext, box: Bbox, departements: string[]): Promise<{ checks: Check[]; rid: string | null }> {
  const checks: Check[] = [];
  const e = o.endpoints;
  let dataset: DatasetRecord;
  let rid: string | null = null;
  try {
    const choice = await chooseResource(spec, departements, ctx, e);
    dataset = choice.dataset;
    rid = choice.check.resource.id;
    checks.push({ ok: true, text: `jeu « ${dataset.title} » (${dataset.slug}, id ${dataset.id}), trouvé par ${choice.found}` });
    checks.push({ ok: true, text: `ressource « ${choice.check.resource.title} » (id ${rid}), mise à jour ${choice.check.resource.last_modified ?? 'non datée'} ; colonnes attendues présentes ; ${choice.check.total ?? '?'} lignes au total` });
    if (!choice.check.columns) {
      checks.push({ ok: false, text: "ressource absente de l'API tabulaire (404) : la récupération par territoire n'est plus possible" });
      return { checks, rid };
    }
  } catch (err) {
    checks.push({ ok: false, text: errorText(err) });
    return { checks, rid };
  }
  try {
    const filters = [...tabularFilters(spec.filter, box, departements)[0], ...(spec.extra ?? [])];
    const url = `${e.tabularApi}/resources/${rid}/data/?${[...filters, `page_size=${TABULAR_MAX_PAGE_SIZE}`, 'page=1'].join('&')}`;
    const page = parseJson(await download(ctx, url), "l'API tabulaire") as { data?: unknown; links?: { next?: unknown }; meta?: { total?: unknown; page_size?: unknown } };
    const envelope = Array.isArray(page.data) && typeof page.meta?.total === 'number' && page.links !== undefined && 'next' in (page.links ?? {});
    checks.push({ ok: envelope, text: envelope ? `enveloppe {data, links.next, meta.total} : ${page.meta!.total} ligne(s) pour le territoire` : 'enveloppe de l’API tabulaire changée ({data, links, meta} attendu)' });
    let rows = (Array.isArray(page.data) ? page.data : []) as Record<string, unknown>[];
    if (rows.length === 0) {
      // Possible for a small territory (no lieu de médiation listed): the types are checked on the national first page.
      const national = parseJson(await download(ctx, `${e.tabularApi}/resources/${rid}/data/?page_size=${TABULAR_MAX_PAGE_SIZE}&page=1`), "l'API tabulaire") as { data?: unknown };
      rows = (Array.isArray(national.data) ? national.data : []) as Record<string, unknown>[];
      checks.push({ ok: rows.length > 0, info: true, text: rows.length > 0 ? 'aucune ligne pour ce territoire : types vérifiés sur la première page nationale' : 'aucune ligne, ni pour ce territoire ni au niveau national' });
      if (rows.length === 0) return { checks, rid };
    }
    const types = TYPES[spec.id] ?? {};
    const wrong: string[] = [];
    for (const [column, kind] of Object.entries(types)) {
      if (rows.every((r) => !(column in r))) {
        wrong.push(`colonne ${column} absente (${kind} attendu)`);
        continue;
      }
      const v = rows.map((r) => r[column]).find((x) => !kindOk(kind, x));
      if (v !== undefined) wrong.push(`${column} : ${kind} attendu, reçu ${shown(v)}`);
    }
    const sample4g = rows.map((r) => r.site_4g).find((x) => x !== null && x !== undefined);
    checks.push({
      ok: wrong.length === 0,
      text: wrong.length ? `types : ${wrong.join(' ; ')}` : `types conformes (${Object.entries(types).map(([c, k]) => `${c} ${k}`).join(', ')})${sample4g !== undefined ? ` ; site_4g arrive en ${typeof sample4g === 'boolean' ? 'booléen JSON' : typeof sample4g}` : ''}`,
    });
    const next = typeof page.links?.next === 'string' ? page.links.next : null;
    if (next) checks.push({ ok: true, info: true, text: `page suivante annoncée sur ${new URL(next).host} (Maillage construit lui-même ses pages suivantes)` });
    const sample = spec.rebuildAs === 'csv' ? rowsToCsv(rows) : JSON.stringify(rows.map(withoutTabularId));
    checks.push(importerCheck(spec.id as Exclude<SourceId, 'routes'>, sourceInfo(spec.id).fileName(o.request), new TextEncoder().encode(sample)));
  } catch (err) {
    checks.push({ ok: false, text: errorText(err) });
  }
  return { checks, rid };
}

/** The documented limit of the tabular API (page_size ≤ 50) is still what it answers. */
async function checkPageLimit(o: ContractOptions, ctx: HttpContext, rid: string): Promise<Check> {
  try {
    await download(ctx, `${o.endpoints.tabularApi}/resources/${rid}/data/?page_size=${TABULAR_MAX_PAGE_SIZE + 1}&page=1`);
    return { ok: true, info: true, text: `page_size=${TABULAR_MAX_PAGE_SIZE + 1} accepté : la limite documentée (50) a changé, Maillage pourrait demander de plus grandes pages` };
  } catch (err) {
    if (err instanceof HttpError && err.status === 400) return { ok: true, text: `page_size=${TABULAR_MAX_PAGE_SIZE + 1} refusé (400) : limite de 50 lignes par page inchangée` };
    return { ok: false, text: `essai de page_size=${TABULAR_MAX_PAGE_SIZE + 1} : ${errorText(err)}` };
  }
}

async function checkMelodi(o: ContractOptions, ctx: HttpContext, code: string | null): Promise<Check[]> {
  const checks: Check[] = [];
  if (!code) return [{ ok: false, text: 'pas de commune pour interroger Melodi' }];
  try {
    const url = `${o.endpoints.melodi}/data/DS_RP_POPULATION_PRINC?GEO=${encodeURIComponent(`COM-${code}`)}&SEX=_T&maxResult=1000`;
    // Melodi allows 30 requests a minute: a 429 is waited for and retried, as the fetch does.
    const bytes = await downloadPolitely(ctx, url, {}, { ...MELODI_RETRY, onWait: o.onWait });
    const j = parseJson(bytes, "l'API Melodi") as { identifier?: unknown; observations?: { dimensions?: Record<string, unknown>; measures?: Record<string, { value?: unknown }> }[]; paging?: unknown };
    const envelope = typeof j.identifier === 'string' && Array.isArray(j.observations) && typeof j.paging === 'object';
    checks.push({ ok: envelope, text: envelope ? `enveloppe {identifier, observations, paging} : ${j.observations!.length} observations pour la commune ${code}` : 'enveloppe Melodi changée ({identifier, observations, paging} attendu)' });
    const first = j.observations?.[0];
    const dims = ['GEO', 'AGE', 'TIME_PERIOD'].filter((d) => typeof first?.dimensions?.[d] !== 'string');
    checks.push({ ok: dims.length === 0, text: dims.length ? `dimensions absentes : ${dims.join(', ')}` : `dimensions GEO (${String(first!.dimensions!.GEO)}), AGE, TIME_PERIOD présentes` });
    const measure = first?.measures?.OBS_VALUE_NIVEAU?.value;
    checks.push({ ok: typeof measure === 'number', text: typeof measure === 'number' ? 'mesure OBS_VALUE_NIVEAU.value numérique' : `mesure OBS_VALUE_NIVEAU.value attendue, reçu ${JSON.stringify(first?.measures)?.slice(0, 60)}` });
    const file = `insee-population-age-${code}.json`;
    const imported = importerCheck('insee_ages', file, bytes);
    const r = importFile(file, bytes);
    const missing = !r.needsMapping && r.output.warnings.find((w) => /non disponibles/.test(w));
    checks.push(missing ? { ok: false, text: `codes d'âge : ${missing}` } : imported);
  } catch (err) {
    checks.push({ ok: false, text: errorText(err) });
  }
  return checks;
}

async function checkOverpass(o: ContractOptions, ctx: HttpContext, hall: [number, number] | null): Promise<Check[]> {
  if (!hall) return [{ ok: false, text: 'pas de point pour interroger Overpass' }];
  // A box of about 1 km around one town hall: the query of the fetch, kept small.
  const box: Bbox = [hall[0] - 0.007, hall[1] - 0.005, hall[0] + 0.007, hall[1] + 0.005];
  try {
    // A busy public server (429/504) is waited for and retried, as the fetch does.
    const bytes = await downloadPolitely(ctx, o.endpoints.overpass, { method: 'POST', body: `data=${encodeURIComponent(overpassQuery(box))}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, { ...OVERPASS_RETRY, onWait: o.onWait });
    const info = inspectOverpass(bytes);
    const json = parseJson(bytes, 'Overpass') as { elements?: { type?: string; lat?: unknown; nodes?: unknown }[] };
    const nodes = (json.elements ?? []).filter((x) => x.type === 'node' && typeof x.lat === 'number').length;
    const ways = (json.elements ?? []).filter((x) => x.type === 'way' && Array.isArray(x.nodes)).length;
    return [
      { ok: info.hasElements, text: info.hasElements ? `réponse JSON avec « elements » : ${nodes} nœuds, ${ways} voies` : 'pas de tableau « elements »' },
      { ok: !!info.timestamp, text: info.timestamp ? `date des données (osm3s.timestamp_osm_base) : ${info.timestamp}` : 'osm3s.timestamp_osm_base absent' },
      { ok: !(info.remark && /runtime error/i.test(info.remark)), text: info.remark ? `remarque du serveur : « ${info.remark.slice(0, 120)} »` : 'aucune remarque d’erreur' },
    ];
  } catch (err) {
    return [{ ok: false, text: errorText(err) }];
  }
}

/** Every source checked, in the order of the dialog. */
export async function checkSources(o: ContractOptions): Promise<SourceReport[]> {
  const ctx: HttpContext = { fetch: o.fetch, signal: o.signal, sleep: o.sleep };
  const report = (id: SourceId, checks: Check[]): SourceReport => ({ id, label: sourceInfo(id).label, checks, ok: checks.every((c) => c.ok) });
  const out: SourceReport[] = [];
  const communes = await checkCommunes(o, ctx);
  out.push(report('communes', communes.checks));
  // The box the fetch asks for (territory widened by 20 km).
  const box = communes.bbox ? widen(communes.bbox, 20) : null;
  for (const spec of DATA_GOUV_SOURCES) {
    if (!box) {
      out.push(report(spec.id, [{ ok: false, text: 'non vérifié : les communes du territoire sont nécessaires' }]));
      continue;
    }
    const { checks, rid } = await checkDataGouv(spec, o, ctx, box, communes.departements);
    if (spec.id === 'france_services' && rid) checks.push(await checkPageLimit(o, ctx, rid));
    out.push(report(spec.id, checks));
  }
  out.push(report('insee_ages', await checkMelodi(o, ctx, communes.firstCode)));
  out.push(report('routes', await checkOverpass(o, ctx, communes.hall)));
  return out;
}

/** The French report printed by the command. */
export function contractReport(reports: readonly SourceReport[], o: { request: TerritoryRequest; services: string; at: Date }): string {
  const lines = [
    `Contrôle des sources officielles — ${territoryLabel(o.request)} — services : ${o.services} — ${o.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
  ];
  for (const r of reports) {
    lines.push(`${r.ok ? '✓' : '✗'} ${r.label}`);
    for (const c of r.checks) lines.push(`    ${c.ok ? (c.info ? 'i' : '·') : '✗'} ${c.text}`);
  }
  const bad = reports.filter((r) => !r.ok);
  lines.push('');
  lines.push(bad.length === 0
    ? `Les ${reports.length} sources répondent comme les importeurs l'attendent.`
    : `${bad.length} source(s) sur ${reports.length} ne répondent plus comme les importeurs l'attendent : ${bad.map((r) => r.label).join(' ; ')}. Voir src/data/fetch/sources.ts et les importeurs (src/data/import/formats/).`);
  return lines.join('\n');
}

