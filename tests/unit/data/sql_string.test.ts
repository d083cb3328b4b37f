/**
 * sqlString: every value comes back from DuckDB-WASM exactly as given, control characters
 * included (NUL used to cut the query: "Parser Error: unterminated quoted string").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDB } from '../../helpers/duckdb_node.ts';
import { sqlString, type SqlEngine } from '../../../src/data/sql_engine.ts';

/** 0..31 and 127, listed by hand-count: 32 + 1 = 33 code points. */
const CONTROLS = [...Array.from({ length: 32 }, (_, i) => i), 127];

describe('sqlString', () => {
  let db: SqlEngine;
  beforeAll(async () => {
    db = await openNodeDuckDB();
  });
  afterAll(() => db.close());

  it('lists 33 control code points', () => {
    expect(CONTROLS).toHaveLength(33);
  });

  it.each(CONTROLS)('round-trips code point %i between two letters, with a quote', async (cp) => {
    const value = `l'a${String.fromCharCode(cp)}b`;
    const sql = `SELECT ${sqlString(value)} AS v, length(${sqlString(value)}) AS n`;
    // The SQL text itself never holds the control character.
    expect(sql.includes(String.fromCharCode(cp))).toBe(false);
    const [row] = await db.query<{ v: string; n: number }>(sql);
    expect(row.v).toBe(value);
    // l, ', a, the control character, b: 5 characters.
    expect(row.n).toBe(5);
  });

  it('round-trips every control character in one value, at both ends and side by side', async () => {
    const value = CONTROLS.map((cp) => String.fromCharCode(cp)).join('') + "x''y" + '\u0000';
    const [row] = await db.query<{ v: string; n: number }>(`SELECT ${sqlString(value)} AS v, length(${sqlString(value)}) AS n`);
    expect(row.v).toBe(value);
    // 33 controls + x, ', ', y + a final NUL.
    expect(row.n).toBe(33 + 4 + 1);
  });

  it('is usable in a comparison and in VALUES', async () => {
    const value = 'a\u0000b';
    const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM (VALUES (${sqlString(value)}), ('ab')) AS t(v) WHERE v = ${sqlString(value)}`);
    expect(row.n).toBe(1);
  });

  it('keeps plain text a plain literal', () => {
    expect(sqlString("l'été")).toBe("'l''été'");
    expect(sqlString('')).toBe("''");
  });
});
