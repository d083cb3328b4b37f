/**
 * Issue 15: `npm run data:fetch -- --help` printed a Node stack trace (ERR_PARSE_ARGS_UNKNOWN_OPTION).
 * It prints its usage in French; an unknown option or a missing value gives one French line and
 * exit code 2. Nothing is fetched (no service is contacted: the arguments are refused first).
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const cli = (args: string[]) =>
  promisify(execFile)(process.execPath, [resolve(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/data_fetch.ts', ...args], { cwd: repoRoot, timeout: 120_000 })
    .then((r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

describe('npm run data:fetch arguments', () => {
  it('--help and --aide print the usage in French, exit 0', async () => {
    for (const flag of ['--help', '--aide']) {
      const r = await cli([flag]);
      expect(r.code, flag).toBe(0);
      expect(r.stdout).toMatch(/^Utilisation : npm run data:fetch -- --departement <code> \| --epci <siren> \[options\]/);
      expect(r.stdout).toMatch(/--sources a,b,…\s+seulement ces couches : communes, france_services, .*, routes/);
      expect(r.stderr).toBe('');
    }
  }, 120_000);

  it('an unknown option, a missing value or a stray argument: one French line, exit 2, no stack trace', async () => {
    const cases: [string[], string][] = [
      [['--nope'], 'data:fetch — option inconnue --nope ; voir npm run data:fetch -- --aide.'],
      [['--departement'], 'data:fetch — valeur manquante ou invalide pour --departement ; voir npm run data:fetch -- --aide.'],
      [['58'], 'data:fetch — argument inattendu 58 (les options commencent par --) ; voir npm run data:fetch -- --aide.'],
      [['--departement', '58', '--sources', 'routes,meteo'], 'data:fetch — source(s) inconnue(s) : meteo.'],
    ];
    for (const [args, line] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim()).toBe(line);
      expect(r.stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
    }
  }, 240_000);
});
