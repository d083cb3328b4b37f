#!/usr/bin/env node
/**
 * Reads Vitest JSON reports and prints the closing line CI counts:
 *   Tests: N passed, N failed[, N skipped]
 * Every test of every report is counted (unit, e2e, perf, and in CI the newcomer's unit run
 * without the real data: a test that ran twice counts twice). A test file that failed before
 * running its tests (import error, failing hook) counts as one failure; so does a missing or
 * unreadable report, and each failed step (lint, build). Skipped tests are counted as skipped,
 * never as failures; under CI=true, skipped e2e/perf tests are listed in a warning.
 *
 * Usage: node scripts/summarize_vitest.mjs [report.json ...] [--failed-step "what failed"]...
 *                                          [--failed-steps-file file]...
 * With several reports, one line per report comes first, then the combined line, last.
 * --failed-steps-file: one failed step per non-empty line (a missing file means none failed).
 * Exit code: 0 when nothing failed, 1 on failures, 2 when a report is missing or unreadable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, relative, sep } from 'node:path';

const args = process.argv.slice(2);
const failedSteps = [];
const reportPaths = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--failed-step') failedSteps.push(args[++i] ?? 'unnamed step');
  else if (args[i] === '--failed-steps-file') {
    const file = args[++i];
    if (file && existsSync(file)) {
      failedSteps.push(...readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean));
    }
  } else reportPaths.push(args[i]);
}
// No report at all: the default one, unless only failed steps are given (a run that could not start).
if (reportPaths.length === 0 && failedSteps.length === 0) reportPaths.push('test-results/vitest.json');

const SKIPPED = new Set(['skipped', 'pending', 'todo', 'disabled']);
const BROWSER_TESTS = /^tests\/(e2e|perf)\//;
const total = { passed: 0, failed: failedSteps.length, skipped: 0 };
const failures = failedSteps.map((step) => `step failed: ${step}`);
const skippedInBrowser = [];
const perReport = [];
let unreadable = false;

const line = ({ passed, failed, skipped }) => `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;

for (const reportPath of reportPaths) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  let report;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'));
  } catch (error) {
    console.error(`summarize_vitest: cannot read the Vitest JSON report ${reportPath}: ${error.message}`);
    unreadable = true;
    counts.failed = 1;
    failures.push(`${reportPath} (report missing or unreadable: the run did not finish)`);
    report = { testResults: [], success: true };
  }
  for (const file of report.testResults ?? []) {
    const name = relative(process.cwd(), file.name ?? '').split(sep).join('/');
    let fileFailures = 0;
    for (const test of file.assertionResults ?? []) {
      const title = test.fullName ?? test.title;
      if (test.status === 'passed') {
        counts.passed++;
      } else if (test.status === 'failed') {
        counts.failed++;
        fileFailures++;
        failures.push(`${name} > ${title}`);
      } else if (SKIPPED.has(test.status)) {
        counts.skipped++;
        if (BROWSER_TESTS.test(name)) skippedInBrowser.push(`${name} > ${title}`);
      }
    }
    // A file can fail with no failed test in it: import errors, beforeAll/afterAll errors.
    if (file.status === 'failed' && fileFailures === 0) {
      counts.failed++;
      const reason = (file.message ?? '').split('\n')[0];
      failures.push(`${name} (file failed${reason ? `: ${reason}` : ''})`);
    }
  }
  if (report.success === false && counts.failed === 0) {
    // Vitest failed for a reason outside the tests (e.g. global setup, unhandled error).
    counts.failed = 1;
    failures.push(`${reportPath}: Vitest reported a failure outside the tests (see its output above)`);
  }
  perReport.push(`  ${basename(reportPath, '.json')}: ${line(counts)}`);
  for (const k of Object.keys(total)) total[k] += counts[k];
}

if (failures.length > 0) {
  console.log(`\nFailed (${failures.length}):`);
  for (const failure of failures) console.log(`  - ${failure}`);
}
if (process.env.CI === 'true' && skippedInBrowser.length > 0) {
  console.log(`\nWARNING: ${skippedInBrowser.length} e2e/perf test(s) skipped under CI=true; browser tests must run in CI:`);
  for (const test of skippedInBrowser) console.log(`  - ${test}`);
}
if (reportPaths.length > 1) {
  console.log('\nBy run:');
  for (const l of perReport) console.log(l);
  if (failedSteps.length > 0) console.log(`  failed steps: ${failedSteps.length}`);
}

console.log(`Tests: ${line(total)}`);
process.exit(unreadable ? 2 : total.failed > 0 ? 1 : 0);
