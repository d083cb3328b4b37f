/**
 * The contract check (npm run data:check-sources) against the local stand-in: conforming answers
 * give a clean French report; a service that changes its shape (a column renamed, a type
 * changed, a measure renamed, a runtime remark) is named with what changed. The command itself:
 * its report, its exit codes, its usage.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSources, contractReport, type SourceReport } from '../../../../src/data/fetch/contract.ts';
import type { FetchFn } from '../../../../src/data/fetch/http.ts';
import { mirrorEndpoints } from '../../../../src/data/fetch/sources.ts';
import { realSourcesAvailable, startSourceServer, type SourceServer } from '../../../helpers/source_server.ts';
import { hasRaw } from '../../../helpers/fixtures.ts';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const localFetch: FetchFn = (url, init) => {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`test tried to reach ${url}`);
  return fetch(url, init);
};

let server: SourceServer;
beforeAll(async () => {
  server = await startSourceServer({ real: hasRaw('anct-france-services/liste-fs-20240801.csv') && realSourcesAvailable() });
}, 60_000);
afterAll(() => server?.close());

const check = (fetchFn: FetchFn = localFetch) => checkSources({ endpoints: mirrorEndpoints(server.url), fetch: fetchFn, request: { kind: 'departement', code: '58' } });
const bad = (reports: SourceReport[]) => Object.fromEntries(reports.filter((r) => !r.ok).map((r) => [r.id, r.checks.filter((c) => !c.ok).map((c) => c.text).join(' | ')]));

/** The stand-in's answers with a change applied to the JSON of the URLs that match. */
const altered = (pattern: RegExp, change: (json: Record<string, unknown>) => void): FetchFn => async (url, init) => {
  const res = await localFetch(url, init);
  if (!pattern.test(url) || !res.ok) return res;
  const json = (await res.json()) as Record<string, unknown>;
  change(json);
  return new Response(JSON.stringify(json), { status: 200 });
};

describe('contract check of the official sources', () => {
  it('every source of the stand-in answers as the importers expect', async () => {
    const reports = await check();
    expect(bad(reports)).toEqual({});
    expect(reports.map((r) => r.id)).toEqual(['communes', 'france_services', 'lieux_mediation', 'arcep_fixe', 'arcep_fibre', 'arcep_mobile', 'arcep_couverture', 'insee_ages', 'routes']);
    const text = contractReport(reports, { request: { kind: 'departement', code: '58' }, services: server.url, at: new Date('2026-12-01T09:00:00Z') });
    expect(text).toMatch(/^Contrôle des sources officielles — département 58 — services : http:\/\/127\.0\.0\.1:\d+ — 2026-12-01 09:00 UTC/);
    expect(text).toMatch(/page_size=51 refusé \(400\) : limite de 50 lignes par page inchangée/);
    expect(text).toMatch(/site_4g arrive en booléen JSON/);
    expect(text).toMatch(/Les 9 sources répondent comme les importeurs l'attendent\.$/);
  });

  it('names the source and what changed: a renamed column, a code sent as a number, a renamed measure', async () => {
    const reports = await check(async (url, init) => {
      const steps: [RegExp, (j: Record<string, unknown>) => void][] = [
        [/rid-sites-2024t3\/data\/\?longitude/, (j) => (j.data as Record<string, unknown>[]).forEach((r) => { r.site4g = r.site_4g; delete r.site_4g; })],
        [/rid-mci-commune-debit-terrestre\/data\/\?code_insee/, (j) => (j.data as Record<string, unknown>[]).forEach((r) => { r.code_insee = Number(r.code_insee); })],
        [/\/melodi\/data\//, (j) => (j.observations as { measures: Record<string, unknown> }[]).forEach((o) => { o.measures = { OBS_VALUE: o.measures.OBS_VALUE_NIVEAU }; })],
      ];
      const step = steps.find(([p]) => p.test(url));
      return step ? altered(step[0], step[1])(url, init) : localFetch(url, init);
    });
    const problems = bad(reports);
    expect(Object.keys(problems).sort()).toEqual(['arcep_fixe', 'arcep_mobile', 'insee_ages']);
    expect(problems.arcep_mobile).toMatch(/colonne site_4g absente \(booléen ou 0\/1 attendu\).*les importeurs ne reconnaissent plus le format/);
    expect(problems.arcep_fixe).toMatch(/code_insee : code commune attendu, reçu nombre 58\d{3}/);
    expect(problems.insee_ages).toMatch(/mesure OBS_VALUE_NIVEAU\.value attendue/);
  });

  it('an Overpass runtime remark and a geo.api property that changed type are breaches', async () => {
    server.overpass.remark = 'runtime error: Query run out of memory using about 2048 MB of RAM.';
    try {
      const reports = await check(altered(/geometry=contour/, (j) => (j.features as { properties: Record<string, unknown> }[]).forEach((f) => { f.properties.population = String(f.properties.population); })));
      const problems = bad(reports);
      expect(Object.keys(problems).sort()).toEqual(['communes', 'routes']);
      expect(problems.communes).toMatch(/population \(nombre attendu, reçu texte/);
      expect(problems.routes).toMatch(/remarque du serveur : « runtime error: Query run out of memory/);
    } finally {
      server.overpass.remark = null;
    }
  });

  it('a busy Melodi or Overpass (429) is waited for and retried, as the fetch does, not reported as a change', async () => {
    server.melodi.busy = 1;
    server.overpass.busy = 1;
    const waits: number[] = [];
    const told: [number, number][] = [];
    try {
      const reports = await checkSources({
        endpoints: mirrorEndpoints(server.url), fetch: localFetch, request: { kind: 'departement', code: '58' },
        sleep: async (ms) => { waits.push(ms); }, onWait: (seconds, status) => told.push([seconds, status]),
      });
      expect(bad(reports)).toEqual({});
      // The stand-in says Retry-After: 1 (Melodi) and 2 (Overpass) seconds; each was waited once.
      expect(waits).toEqual([1000, 2000]);
      expect(told).toEqual([[1, 429], [2, 429]]);
      expect({ melodi: server.melodi.busy, overpass: server.overpass.busy }).toEqual({ melodi: 0, overpass: 0 });
    } finally {
      server.melodi.busy = 0;
      server.overpass.busy = 0;
    }
  });
});

describe('npm run data:check-sources', () => {
  const cli = (args: string[]) =>
    promisify(execFile)(process.execPath, [resolve(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/data_check_sources.ts', ...args], { cwd: repoRoot, timeout: 120_000 })
      .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

  it('prints its report and exits 0 against a conforming mirror; usage errors exit 2 with one French line', async () => {
    const ok = await cli(['--departement', '58', '--miroir', server.url]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Les 9 sources répondent comme les importeurs l'attendent\./);
    const unknown = await cli(['--bidule']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('data:check-sources — option inconnue ou incomplète --bidule ; voir npm run data:check-sources -- --aide.');
    const help = await cli(['--aide']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Utilisation : npm run data:check-sources/);
  }, 120_000);
});
