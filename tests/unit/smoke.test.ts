/**
 * Checks scripts/summarize_vitest.mjs, which prints the `Tests: N passed, N failed`
 * line CI counts, on small hand-written Vitest JSON reports.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const script = join(repoRoot, 'scripts', 'summarize_vitest.mjs');
const workDir = mkdtempSync(join(tmpdir(), 'maillage-summary-'));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

type Status = 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';

function file(path: string, statuses: Status[], fileStatus = 'passed', message = '') {
  return {
    name: join(repoRoot, path),
    status: fileStatus,
    message,
    assertionResults: statuses.map((status, i) => ({ fullName: `case ${i}`, title: `case ${i}`, status })),
  };
}

function summarize(report: unknown, env: Record<string, string> = {}, extraArgs: string[] = []) {
  const reportPath = join(workDir, `report-${Math.random().toString(36).slice(2)}.json`);
  if (report !== undefined) writeFileSync(reportPath, JSON.stringify(report));
  const run = spawnSync(process.execPath, [script, reportPath, ...extraArgs], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, CI: '', ...env },
  });
  const lines = run.stdout.trim().split('\n');
  return { status: run.status, stdout: run.stdout, last: lines[lines.length - 1] };
}

describe('summarize_vitest.mjs', () => {
  const cases = [
    {
      name: 'all passing, unit and e2e',
      report: { success: true, testResults: [file('tests/unit/a.test.ts', ['passed', 'passed']), file('tests/e2e/b.test.ts', ['passed'])] },
      last: 'Tests: 3 passed, 0 failed',
      status: 0,
    },
    {
      name: 'failures and skips',
      report: {
        success: false,
        testResults: [file('tests/unit/a.test.ts', ['passed', 'failed', 'skipped', 'todo'], 'failed')],
      },
      last: 'Tests: 1 passed, 1 failed, 2 skipped',
      status: 1,
    },
    {
      name: 'a file that failed to load counts once',
      report: { success: false, testResults: [file('tests/unit/broken.test.ts', [], 'failed', 'SyntaxError: x\nmore')] },
      last: 'Tests: 0 passed, 1 failed',
      status: 1,
    },
    {
      name: 'a failure outside the tests',
      report: { success: false, testResults: [file('tests/unit/a.test.ts', ['passed'])] },
      last: 'Tests: 1 passed, 1 failed',
      status: 1,
    },
  ];

  it.each(cases)('$name', ({ report, last, status }) => {
    const result = summarize(report);
    expect(result.last).toBe(last);
    expect(result.status).toBe(status);
  });

  it('counts the unit and the e2e reports together, and fails when one of them is missing', () => {
    const unit = join(workDir, 'unit.json');
    const e2e = join(workDir, 'e2e.json');
    writeFileSync(unit, JSON.stringify({ success: true, testResults: [file('tests/unit/a.test.ts', ['passed', 'passed'])] }));
    writeFileSync(e2e, JSON.stringify({ success: false, testResults: [file('tests/e2e/b.test.ts', ['passed', 'failed'], 'failed')] }));
    const both = spawnSync(process.execPath, [script, unit, e2e], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, CI: '' } });
    expect(both.stdout.trim().split('\n').at(-1)).toBe('Tests: 3 passed, 1 failed');
    expect(both.status).toBe(1);
    const missing = spawnSync(process.execPath, [script, unit, join(workDir, 'absent.json')], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, CI: '' } });
    expect(missing.stdout.trim()).toBe('Tests: 0 passed, 1 failed');
    expect(missing.status).toBe(2);
  });

  it('fails when the report is missing', () => {
    const result = summarize(undefined);
    expect(result.last).toBe('Tests: 0 passed, 1 failed');
    expect(result.status).toBe(2);
  });

  it('counts a failed step such as the build', () => {
    const report = { success: true, testResults: [file('tests/unit/a.test.ts', ['passed'])] };
    const result = summarize(report, {}, ['--failed-step', 'npm run build']);
    expect(result.last).toBe('Tests: 1 passed, 1 failed');
    expect(result.stdout).toContain('step failed: npm run build');
    expect(result.status).toBe(1);
  });

  it('warns about skipped e2e tests under CI=true only', () => {
    const report = {
      success: true,
      testResults: [file('tests/e2e/app.test.ts', ['passed', 'skipped']), file('tests/unit/a.test.ts', ['skipped'])],
    };
    const ci = summarize(report, { CI: 'true' });
    expect(ci.stdout).toMatch(/WARNING: 1 e2e test\(s\) skipped under CI=true/);
    expect(ci.stdout).toContain('tests/e2e/app.test.ts > case 1');
    expect(ci.last).toBe('Tests: 1 passed, 0 failed, 2 skipped');
    expect(summarize(report).stdout).not.toContain('WARNING');
  });
});
