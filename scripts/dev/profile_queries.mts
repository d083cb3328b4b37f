// Dev tool: every SQL query of a demo start (workspace start + analysis run), in Node (DuckDB-WASM,
// blocking bindings): the analysis steps with their times, then the costliest queries (own time,
// queue waits left out; TOP=n for more). Needs public/demo (npm run data:demo).
// Usage: npx tsx scripts/dev/profile_queries.mts
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openNodeDuckDB } from '../../tests/helpers/duckdb_node.ts';
import { openParts } from '../../tests/helpers/session_parts.ts';
import type { SqlEngine } from '../../src/data/sql_engine.ts';

const raw = await openNodeDuckDB();
const times: { ms: number; rows: number; sql: string }[] = [];
let lastEnd = 0;
const wrap = (e: SqlEngine): SqlEngine => ({
  ...e,
  query: async (sql: string) => { const t = performance.now(); const r = await e.query(sql); const end = performance.now(); times.push({ ms: end - Math.max(t, lastEnd), rows: r.length, sql: sql.replace(/\s+/g, ' ').slice(0, 90) }); lastEnd = end; return r; },
  exclusive: (fn) => e.exclusive((tx) => fn(wrap(tx))),
} as SqlEngine);
const db = wrap(raw);
const p = await openParts({ db, fetchDemo: (f) => readFile(join('public/demo', f)).then((b) => new Uint8Array(b)) });
const t0 = performance.now();
const marks: string[] = [];
let last = '';
p.store.subscribe(() => { const s = p.store.getSnapshot().analysis.step; if (s !== last) { marks.push(`${(performance.now() - t0).toFixed(0)} ${s}`); last = s; } });
await p.workspace.start(() => {});
await p.computing();
console.log(marks.join('\n'));
console.log('total', (performance.now() - t0).toFixed(0), 'queries', times.length, 'sum', times.reduce((n, t) => n + t.ms, 0).toFixed(0));
for (const t of [...times].sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.TOP ?? 25))) console.log(t.ms.toFixed(0).padStart(6), String(t.rows).padStart(6), t.sql);
process.exit(0);
