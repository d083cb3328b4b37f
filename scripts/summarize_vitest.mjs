#!/usr/bin/env node
/**
 * Reads Vitest's JSON report and prints the closing line CI counts:
 *   Tests: N passed, N failed[, N skipped]
 * Every test of every project (unit + e2e) is counted. A test file that failed
 * before running its tests (import error, failing hook) counts as one failure.
 * Under CI=true, skipped e2e tests are listed in a warning.
 *
 * Usage: node scripts/summarize_vitest.mjs [report.json ...] [--failed-step "what failed"]...
 * Several reports (e.g. the unit run, then the e2e run) are counted together.
 * Each --failed-step (e.g. the build) counts as one more failure.
 * Exit code: 0 when nothing failed, 1 on failures, 2 when the report is missing or unreadable.
 */
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';

const args = process.argv.slice(2);
const failedSteps = [];
const reportPaths = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--failed-step') failedSteps.push(args[++i] ?? 'unnamed step');
  else reportPaths.push(args[i]);
}
if (reportPaths.length === 0) reportPaths.push('test-results/vitest.json');

const report = { testResults: [], success: true };
for (const reportPath of reportPaths) {
  try {
    const one = JSON.parse(readFileSync(reportPath, 'utf8'));
    report.testResults.push(...(one.testResults ?? []));
    if (one.success === false) report.success = false;
  } catch (error) {
    console.error(`summarize_vitest: cannot read the Vitest JSON report ${reportPath}: ${error.message}`);
    console.log(`Tests: 0 passed, ${1 + failedSteps.length} failed`);
    process.exit(2);
  }
}

const SKIPPED = new Set(['skipped', 'pending', 'todo', 'disabled']);
let passed = 0;
let skipped = 0;
const failures = failedSteps.map((step) => `step failed: ${step}`);
let failed = failedSteps.length;
const skippedE2e = [];

for (const file of report.testResults ?? []) {
  const name = relative(process.cwd(), file.name ?? '').split(sep).join('/');
  const isE2e = name.startsWith('tests/e2e/');
  const assertions = file.assertionResults ?? [];
  let fileFailures = 0;
  for (const test of assertions) {
    const title = test.fullName ?? test.title;
    if (test.status === 'passed') {
      passed++;
    } else if (test.status === 'failed') {
      failed++;
      fileFailures++;
      failures.push(`${name} > ${title}`);
    } else if (SKIPPED.has(test.status)) {
      skipped++;
      if (isE2e) skippedE2e.push(`${name} > ${title}`);
    }
  }
  // A file can fail with no failed test in it: import errors, beforeAll/afterAll errors.
  if (file.status === 'failed' && fileFailures === 0) {
    failed++;
    const reason = (file.message ?? '').split('\n')[0];
    failures.push(`${name} (file failed${reason ? `: ${reason}` : ''})`);
  }
}

if (failures.length > 0) {
  console.log(`\nFailed (${failures.length}):`);
  for (const failure of failures) console.log(`  - ${failure}`);
}
if (process.env.CI === 'true' && skippedE2e.length > 0) {
  console.log(`\nWARNING: ${skippedE2e.length} e2e test(s) skipped under CI=true; e2e tests must run in CI:`);
  for (const test of skippedE2e) console.log(`  - ${test}`);
}
if (report.success === false && failed === 0) {
  // Vitest failed for a reason outside the tests (e.g. global setup, unhandled error).
  failed = 1;
  console.log('\nVitest reported a failure outside the tests (see its output above).');
}

console.log(`Tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
