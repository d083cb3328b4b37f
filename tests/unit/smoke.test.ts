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
    // A missing report counts as one failure; the others are still counted.
    const missing = spawnSync(process.execPath, [script, unit, join(workDir, 'absent.json')], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, CI: '' } });
    expect(missing.stdout.trim().split('\n').at(-1)).toBe('Tests: 2 passed, 1 failed');
    expect(missing.stdout).toContain('absent.json (report missing or unreadable');
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
    expect(ci.stdout).toMatch(/WARNING: 1 e2e\/perf test\(s\) skipped under CI=true/);
    expect(ci.stdout).toContain('tests/e2e/app.test.ts > case 1');
    expect(ci.last).toBe('Tests: 1 passed, 0 failed, 2 skipped');
    expect(summarize(report).stdout).not.toContain('WARNING');
  });

  it('combines the CI runs (npm test, perf, newcomer): one line per run, then one closing line; skips are not failures', () => {
    const write = (name: string, report: unknown) => {
      const path = join(workDir, name);
      writeFileSync(path, JSON.stringify(report));
      return path;
    };
    const unit = write('unit.json', { success: true, testResults: [file('tests/unit/a.test.ts', ['passed', 'passed', 'passed'])] });
    const e2e = write('e2e.json', { success: true, testResults: [file('tests/e2e/b.test.ts', ['passed'])] });
    const perf = write('perf.json', { success: true, testResults: [file('tests/perf/c.test.ts', ['passed', 'passed'])] });
    // The newcomer's run: the same unit tests, the real-data one skipped.
    const newcomer = write('newcomer.json', { success: true, testResults: [file('tests/unit/a.test.ts', ['passed', 'passed', 'skipped'])] });
    const run = spawnSync(process.execPath, [script, unit, e2e, perf, newcomer], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    const lines = run.stdout.trim().split('\n');
    expect(lines.slice(-6)).toEqual([
      'By run:',
      '  unit: 3 passed, 0 failed',
      '  e2e: 1 passed, 0 failed',
      '  perf: 2 passed, 0 failed',
      '  newcomer: 2 passed, 0 failed, 1 skipped',
      'Tests: 8 passed, 0 failed, 1 skipped',
    ]);
    expect(run.stdout).not.toContain('WARNING');
    expect(run.status).toBe(0);
  });

  it('reads failed steps (lint, build) from a file, one per line; a missing file means none', () => {
    const report = join(workDir, 'steps-report.json');
    writeFileSync(report, JSON.stringify({ success: true, testResults: [file('tests/unit/a.test.ts', ['passed'])] }));
    const steps = join(workDir, 'failed-steps.txt');
    writeFileSync(steps, 'npm run lint (exit 1)\n\nnpm run build (exit 2)\n');
    const run = (stepsFile: string) =>
      spawnSync(process.execPath, [script, report, '--failed-steps-file', stepsFile], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, CI: '' } });
    const failing = run(steps);
    expect(failing.stdout.trim().split('\n').at(-1)).toBe('Tests: 1 passed, 2 failed');
    expect(failing.stdout).toContain('step failed: npm run lint (exit 1)');
    expect(failing.stdout).toContain('step failed: npm run build (exit 2)');
    expect(failing.status).toBe(1);
    const none = run(join(workDir, 'no-such-steps.txt'));
    expect(none.stdout.trim()).toBe('Tests: 1 passed, 0 failed');
    expect(none.status).toBe(0);
  });

  it('warns about skipped perf tests under CI=true as it does for e2e tests', () => {
    const ci = summarize({ success: true, testResults: [file('tests/perf/p.test.ts', ['skipped'])] }, { CI: 'true' });
    expect(ci.stdout).toContain('tests/perf/p.test.ts > case 0');
    expect(ci.last).toBe('Tests: 0 passed, 0 failed, 1 skipped');
  });
});
