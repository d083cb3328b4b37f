/**
 * Issue 8, "Bad input": every file of the generated corpus (tests/corpus/generate.ts) goes
 * through the importer, and what it returns is loaded into a real DuckDB on top of a valid
 * workspace. No file may crash the importer: it returns a result, or throws a UserError whose
 * French message names the file. A load either succeeds or leaves the workspace as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, type ImportResult } from '../../../src/data/import/import_file.ts';
import { isUserError } from '../../../src/data/import/errors.ts';
import { readOsmPbf } from '../../../src/data/import/osm_pbf.ts';
import { readBundle } from '../../../src/data/fetch/bundle.ts';
import { TABLES } from '../../../src/data/schema.ts';
import { sqlString, type SqlEngine } from '../../../src/data/sql_engine.ts';
import { loadFile, prepareSchema } from '../../../src/data/workspace.ts';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';
import { corpus, VALID_SAMPLES, type CorpusFile } from '../../corpus/generate.ts';

/** A few common French words or French typography: enough to tell a French message from an English one. */
const FRENCH = /\b(le|la|les|de|du|des|un|une|est|pas|ou|non|au|aux|en|sans|fichier|colonnes?|lignes?|absente?s?|invalides?|attendue?s?|tronqué)\b|[éèêàçô«»’]/i;
/**
 * A guard against pathological input (a parse that turns quadratic on some file), not a speed
 * measure: a file of the corpus takes 1–3 s alone on 2 CPUs, several times that on a busy machine,
 * and a quadratic blow-up far more. Import speed is measured in tests/perf and bench/.
 */
const SLOW_MS = 60_000;

type Outcome = 'rejected' | 'warnings' | 'mapping' | 'clean';

async function tableCounts(db: SqlEngine): Promise<Map<string, number>> {
  const sql = Object.values(TABLES)
    .map((t) => `SELECT '${t.name}' AS t, dataset, CAST(count(*) AS INTEGER) AS n FROM ${t.name} GROUP BY dataset`)
    .join(' UNION ALL ');
  const rows = await db.query<{ t: string; dataset: string | null; n: number }>(sql);
  return new Map(rows.map((r) => [`${r.t}|${r.dataset}`, r.n]));
}

const without = (m: Map<string, number>, dataset: string) =>
  Object.fromEntries([...m].filter(([k]) => !k.endsWith(`|${dataset}`)).sort(([a], [b]) => a.localeCompare(b)));

/** Removes a loaded file's rows from the tables that `counts` (taken after its load) show it in. */
async function removeDataset(db: SqlEngine, dataset: string, counts: Map<string, number>) {
  for (const t of Object.values(TABLES)) {
    if (counts.has(`${t.name}|${dataset}`)) await db.query(`DELETE FROM ${t.name} WHERE dataset = ${sqlString(dataset)}`);
  }
}

describe('bad input corpus (issue 8)', () => {
  let db: SqlEngine;
  beforeAll(async () => {
    db = await openNodeDuckDB();
    await prepareSchema(db);
    for (const s of VALID_SAMPLES) {
      const r = await loadFile(db, { name: `base-${s.name}`, bytes: new TextEncoder().encode(s.text) });
      if (!r.needsMapping) expect(r.output.rejected, s.name).toEqual([]);
    }
  }, 60_000);
  afterAll(() => db?.close());

  it('never crashes, explains every rejection in French and keeps the workspace intact', async () => {
    const baseline = await tableCounts(db);
    expect(baseline.size).toBeGreaterThan(10);
    const outcomes: Record<Outcome, number> = { rejected: 0, warnings: 0, mapping: 0, clean: 0 };
    const failures: string[] = [];
    const names = new Set<string>();
    let tried = 0;

    const checkUserError = (file: CorpusFile, e: unknown): boolean => {
      const message = String((e as Error)?.message ?? e);
      if (!isUserError(e)) {
        failures.push(`${file.name}: ${(e as Error)?.name ?? typeof e} (pas une UserError) : ${message.slice(0, 300)}`);
        return false;
      }
      const namesFile = file.reader === 'pbf' ? message.includes(file.name) : message.includes(`fichier « ${file.name} »`);
      if (!namesFile || !FRENCH.test(message)) failures.push(`${file.name}: message sans nom de fichier ou pas en français : ${message.slice(0, 300)}`);
      return true;
    };

    for (const file of corpus()) {
      tried++;
      if (names.has(file.name)) failures.push(`${file.name}: nom en double dans le corpus`);
      names.add(file.name);
      const started = performance.now();

      if (file.reader === 'bundle') {
        // As the dashboard does with a dropped .zip: read the bundle, then each layer through the importers.
        try {
          const { manifest, files } = readBundle(file.name, file.bytes);
          let layersRejected = 0;
          for (const l of manifest.layers) {
            try {
              importFile(l.file, files.get(l.file)!);
            } catch (e) {
              if (!isUserError(e)) failures.push(`${file.name} / ${l.file}: ${(e as Error)?.name} (pas une UserError)`);
              layersRejected++;
            }
          }
          outcomes[layersRejected > 0 ? 'warnings' : 'clean']++;
        } catch (e) {
          if (checkUserError(file, e)) outcomes.rejected++;
        }
      } else if (file.reader === 'pbf') {
        try {
          // The reader's own capped inflate: a bomb of the corpus must stop at its declared size.
          await readOsmPbf(file.bytes, { fileName: file.name });
          outcomes.clean++;
        } catch (e) {
          if (checkUserError(file, e)) outcomes.rejected++;
        }
      } else {
        let result: ImportResult | null = null;
        try {
          result = importFile(file.name, file.bytes);
        } catch (e) {
          if (checkUserError(file, e)) outcomes.rejected++;
        }
        if (result?.needsMapping) {
          outcomes.mapping++;
          if (!FRENCH.test(result.reason)) failures.push(`${file.name}: motif de correspondance pas en français : ${result.reason}`);
        } else if (result) {
          const { rejected, warnings } = result.output;
          for (const r of rejected) {
            if (typeof r.reason !== 'string' || !FRENCH.test(r.reason) || !Number.isInteger(r.line)) {
              failures.push(`${file.name}: ligne rejetée sans motif en français : ${JSON.stringify(r).slice(0, 200)}`);
            }
          }
          for (const w of warnings) if (!FRENCH.test(w)) failures.push(`${file.name}: avertissement pas en français : ${w}`);
          outcomes[rejected.length > 0 || warnings.length > 0 ? 'warnings' : 'clean']++;

          // Load on top of the valid workspace: success, or failure with nothing changed. Each
          // loaded file is removed again below, so the workspace before each load is the baseline
          // (checked once more after the whole corpus).
          const before = baseline;
          let loadError: unknown = null;
          try {
            await loadFile(db, { name: file.name, bytes: file.bytes });
          } catch (e) {
            loadError = e;
          }
          const after = await tableCounts(db);
          if (loadError) {
            failures.push(`${file.name}: échec du chargement DuckDB (${String((loadError as Error)?.message).slice(0, 200)})`);
            if (JSON.stringify(without(after, '\u0000')) !== JSON.stringify(without(before, '\u0000'))) {
              failures.push(`${file.name}: l'échec du chargement a modifié l'espace de travail`);
            }
          } else {
            if (JSON.stringify(without(after, file.name)) !== JSON.stringify(without(before, file.name))) {
              failures.push(`${file.name}: le chargement a modifié d'autres jeux de données`);
            }
            const source = await db.query<{ rows: number }>(`SELECT rows FROM sources WHERE dataset = ${sqlString(file.name)}`);
            if (source.length !== 1) failures.push(`${file.name}: chargé sans ligne dans « sources »`);
            await removeDataset(db, file.name, after);
          }
        }
      }
      const ms = performance.now() - started;
      if (ms > SLOW_MS) failures.push(`${file.name}: ${Math.round(ms)} ms (trop lent)`);
    }

    // The valid workspace is still there, untouched, after the whole corpus.
    expect(Object.fromEntries(await tableCounts(db))).toEqual(Object.fromEntries(baseline));
    console.log(
      `corpus: tried ${tried}, rejected with message ${outcomes.rejected}, loaded with warnings ${outcomes.warnings}, needs mapping ${outcomes.mapping}, loaded clean ${outcomes.clean}`,
    );
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(200);
    expect(outcomes.rejected + outcomes.warnings + outcomes.mapping + outcomes.clean).toBe(tried);
  }, 300_000);
});
