/**
 * Issue 8, "Bad input": every file of the generated corpus (tests/corpus/generate.ts) is dropped
 * on a valid workspace the way the dashboard takes a dropped file: `Workspace.importFiles`
 * (src/ui/state/workspace.ts) with the import worker's handlers, the browser store's stand-in
 * and the travel-time handlers, on a real DuckDB. The analysis that follows a change in the app
 * is not run here (a change only withdraws the results): it would double the time of this test,
 * and the analysis has its own tests (tests/unit/ui/state/pipeline.test.ts and others).
 * No file may crash the import: it is loaded, or refused with a French message that names it, or
 * its columns are asked for. A load either succeeds or leaves the workspace as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../../src/data/schema.ts';
import { sqlString, type SqlEngine } from '../../../src/data/sql_engine.ts';
import type { ImportRecord } from '../../../src/ui/state/workspace.ts';
import { openParts, waitUntil, type Parts } from '../../helpers/session_parts.ts';
import { corpus, VALID_SAMPLES, type CorpusFile } from '../../corpus/generate.ts';

/** A few common French words or French typography: enough to tell a French message from an English one. */
const FRENCH = /\b(le|la|les|de|du|des|un|une|est|pas|ou|non|au|aux|en|sans|fichier|colonnes?|lignes?|absente?s?|invalides?|attendue?s?|tronqué)\b|[éèêàçô«»’]/i;
/**
 * A guard against pathological input (a parse that turns quadratic on some file), not a speed
 * measure: a file of the corpus takes 1–3 s alone on 2 CPUs, several times that on a busy machine,
 * and a quadratic blow-up far more. Import speed is measured in tests/perf and bench/.
 */
const SLOW_MS = 60_000;
/** What the workspace says of an error it did not expect (a crash turned into a message). */
const UNEXPECTED = /erreur inattendue|Réseau routier non chargé :/;

type Outcome = 'rejected' | 'warnings' | 'mapping' | 'clean';

/** What the analysis writes (rebuilt by each run): not part of what a file may or may not change. */
const COMPUTED = new Set(['territory_communes', 'territory_help_points', 'territory_grid', 'access_times', 'help_point_merges', 'mobile_proxy', 'diagnosis', 'zones', 'nearest_straight']);

/** Rows per table and dataset, in the tables that loaded files fill. */
async function tableCounts(db: SqlEngine): Promise<Map<string, number>> {
  const sql = Object.values(TABLES)
    .filter((t) => !COMPUTED.has(t.name))
    .map((t) => `SELECT '${t.name}' AS t, dataset, CAST(count(*) AS INTEGER) AS n FROM ${t.name} GROUP BY dataset`)
    .join(' UNION ALL ');
  const rows = await db.query<{ t: string; dataset: string | null; n: number }>(sql);
  return new Map(rows.map((r) => [`${r.t}|${r.dataset}`, r.n]));
}

/** The counts of `before` that `after` changed or dropped (a load may only add its own datasets). */
function changed(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...before].filter(([k, n]) => after.get(k) !== n).map(([k, n]) => `${k}: ${n} → ${after.get(k) ?? 'absent'}`);
}

/** The rejected rows' CSV (« ligne;motif;… »): every row has its line number and a French reason. */
function rejectedRowsProblems(csv: string): string[] {
  const rows = csv.replace(/^\ufeff/, '').split('\r\n').slice(1).filter(Boolean);
  return rows.filter((r) => !/^\d+;/.test(r) || !FRENCH.test(r)).map((r) => r.slice(0, 200));
}

describe('bad input corpus (issue 8)', () => {
  let p: Parts;
  let baseline: Map<string, number>;
  let savedBase: Set<string>;
  beforeAll(async () => {
    p = await openParts({ analyse: false });
    const loading = p.workspace.importFiles(VALID_SAMPLES.map((s) => ({ name: `base-${s.name}`, bytes: new TextEncoder().encode(s.text) })));
    // A fresh workspace is on the demo (here empty): the first own file asks to replace it.
    await waitUntil(() => p.store.getSnapshot().workspace.confirmReplace !== null);
    p.workspace.answerReplace(true);
    await loading;
    await p.computing();
    const { imports } = p.store.getSnapshot().workspace;
    expect(imports.filter((r) => !r.ok || r.rejected > 0)).toEqual([]);
    baseline = await tableCounts(p.db);
    savedBase = new Set(p.memory.files.keys());
  }, 60_000);
  afterAll(() => p?.db.close());

  /** Back to the baseline from `counts` (taken after a load): the datasets and saved files it added are removed, as the territory it set. */
  async function restore(counts: Map<string, number>, territory: unknown): Promise<void> {
    for (const key of counts.keys()) {
      if (baseline.has(key)) continue;
      const at = key.indexOf('|');
      await p.db.query(`DELETE FROM ${key.slice(0, at)} WHERE dataset = ${sqlString(key.slice(at + 1))}`);
    }
    for (const name of [...p.memory.files.keys()]) if (!savedBase.has(name)) await p.memory.deleteFile(name);
    if (JSON.stringify(p.store.getSnapshot().workspace.territory) !== JSON.stringify(territory)) {
      await p.workspace.setTerritory(territory as Parameters<Parts['workspace']['setTerritory']>[0]);
      await p.computing();
    }
  }

  it('never crashes, explains every rejection in French and keeps the workspace intact', async () => {
    expect(baseline.size).toBeGreaterThan(10);
    const territory = p.store.getSnapshot().workspace.territory;
    const outcomes: Record<Outcome, number> = { rejected: 0, warnings: 0, mapping: 0, clean: 0 };
    const failures: string[] = [];
    const names = new Set<string>();
    let tried = 0;

    /** A refusal: French, naming the file (as shown, once cleaned of invisible characters), never a crash. */
    const checkRefusal = (file: CorpusFile, shown: string, message: string) => {
      if (UNEXPECTED.test(message)) failures.push(`${file.name}: erreur non prévue : ${message.slice(0, 300)}`);
      else if (!message.includes(shown) || !FRENCH.test(message)) failures.push(`${file.name}: message sans nom de fichier ou pas en français : ${message.slice(0, 300)}`);
    };
    const checkLoaded = (file: CorpusFile, r: ImportRecord) => {
      for (const w of r.warnings) if (!FRENCH.test(w)) failures.push(`${file.name}: avertissement pas en français : ${w}`);
      if (r.rejected > 0) {
        const bad = r.rejectedCsv === null ? ['pas de CSV des lignes rejetées'] : rejectedRowsProblems(r.rejectedCsv);
        for (const b of bad) failures.push(`${file.name}: ligne rejetée sans numéro ou sans motif en français : ${b}`);
      }
    };

    for (const file of corpus()) {
      tried++;
      if (names.has(file.name)) failures.push(`${file.name}: nom en double dans le corpus`);
      names.add(file.name);
      const started = performance.now();
      const noticesBefore = p.notices.length;
      const recordsBefore = p.store.getSnapshot().workspace.imports.length;

      await p.workspace.importFiles([{ name: file.name, bytes: file.bytes }]);
      let w = p.store.getSnapshot().workspace;
      const pending = w.pendingMapping;
      if (pending) {
        // Unknown columns: the dashboard asks for them; here the user cancels.
        outcomes.mapping++;
        if (!FRENCH.test(pending.result.reason)) failures.push(`${file.name}: motif de correspondance pas en français : ${pending.result.reason}`);
        await p.workspace.confirmMapping(null);
        w = p.store.getSnapshot().workspace;
      }
      await p.computing();
      const records = w.imports.slice(0, w.imports.length - recordsBefore);
      const notices = p.notices.slice(noticesBefore);
      for (const n of notices) if (UNEXPECTED.test(n)) failures.push(`${file.name}: erreur non prévue : ${n.slice(0, 300)}`);
      const shown = records.at(-1)?.file ?? file.name;

      if (file.reader === 'pbf') {
        if (w.networkError) {
          outcomes.rejected++;
          checkRefusal(file, file.name, w.networkError);
        } else if (w.network?.name === file.name) {
          outcomes.clean++;
        } else {
          failures.push(`${file.name}: ni réseau chargé ni erreur`);
        }
      } else if (file.reader === 'bundle') {
        const own = records.find((r) => r.file === shown && !r.ok);
        if (own) {
          outcomes.rejected++;
          checkRefusal(file, shown, own.message);
        } else if (notices.some((n) => n.startsWith(`Lot « ${file.name} » ouvert`))) {
          const failed = records.filter((r) => !r.ok);
          for (const r of failed) checkRefusal(file, r.file, r.message);
          for (const r of records.filter((x) => x.ok)) checkLoaded(file, r);
          outcomes[failed.length > 0 || records.some((r) => r.rejected > 0 || r.warnings.length > 0) ? 'warnings' : 'clean']++;
        } else {
          failures.push(`${file.name}: lot ni ouvert ni refusé (${[...records.map((r) => r.message), ...notices].join(' | ').slice(0, 300)})`);
        }
      } else if (!pending) {
        const [r] = records;
        if (records.length !== 1) failures.push(`${file.name}: ${records.length} comptes rendus d'import au lieu d'un`);
        if (r && !r.ok) {
          outcomes.rejected++;
          checkRefusal(file, shown, r.message);
        } else if (r) {
          checkLoaded(file, r);
          outcomes[r.rejected > 0 || r.warnings.length > 0 ? 'warnings' : 'clean']++;
          const [source] = await p.db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM sources WHERE dataset = ${sqlString(shown)}`);
          if (source.n !== 1) failures.push(`${file.name}: chargé sans ligne dans « sources »`);
          if (!p.memory.files.has(shown)) failures.push(`${file.name}: chargé mais pas enregistré`);
        }
      }

      // Loaded or not, the workspace that was there is untouched; then it is brought back to it.
      const after = await tableCounts(p.db);
      for (const c of changed(baseline, after)) failures.push(`${file.name}: l'espace de travail a changé (${c})`);
      if (records.every((r) => !r.ok) && file.reader !== 'pbf') {
        if (after.size !== baseline.size) failures.push(`${file.name}: refusé, mais des lignes ont été chargées`);
        if (p.memory.files.size !== savedBase.size) failures.push(`${file.name}: refusé, mais enregistré`);
      }
      await restore(after, territory);
      const ms = performance.now() - started;
      if (ms > SLOW_MS) failures.push(`${file.name}: ${Math.round(ms)} ms (trop lent)`);
    }

    // The valid workspace is still there, untouched, after the whole corpus.
    expect(Object.fromEntries(await tableCounts(p.db))).toEqual(Object.fromEntries(baseline));
    console.log(
      `corpus: tried ${tried}, rejected with message ${outcomes.rejected}, loaded with warnings ${outcomes.warnings}, needs mapping ${outcomes.mapping}, loaded clean ${outcomes.clean}`,
    );
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(200);
    expect(outcomes.rejected + outcomes.warnings + outcomes.mapping + outcomes.clean).toBe(tried);
  }, 300_000);
});
