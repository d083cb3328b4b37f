#!/usr/bin/env bash
# The one test command (`npm test`): installs what is missing, lints, builds the app, runs the
# unit and e2e Vitest projects once and prints the line CI counts:
#   Tests: N passed, N failed[, N skipped]
# The performance measures are not part of it: `npm run test:perf` (scripts/test_perf.sh).
# Exits non-zero if any test failed, if lint or the build failed, or if a report was not written.
# Failed steps are also written to test-results/test-steps.txt, for .ci/run's combined summary.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS

if [ ! -d node_modules ]; then
  echo "node_modules is missing: running npm install…"
  npm install --no-audit --no-fund
fi

bash scripts/ensure_chromium.sh

mkdir -p test-results
steps=test-results/test-steps.txt
rm -f test-results/unit.json test-results/e2e.json "$steps"
touch "$steps"
status=0

# Lint first (seconds): a lint failure counts as one failed step, and the tests still run.
lint_status=0
npm run lint || lint_status=$?
if [ "$lint_status" -ne 0 ]; then
  echo "ERROR: npm run lint failed (exit $lint_status)." >&2
  echo "npm run lint (exit $lint_status)" >>"$steps"
  status=$lint_status
fi

# The e2e tests drive the e2e build of the app in dist-e2e/: the production build plus the test hook
# (window.__maillage), which the production build (`npm run build`, dist/) leaves out.
# prebuild:e2e also generates the demo data.
# If the build fails, the unit tests still run (their results are worth seeing),
# the build counts as one failure and the e2e tests are not run against a stale dist/.
reports=(test-results/unit.json)
build_status=0
npm run build:e2e || build_status=$?
if [ "$build_status" -ne 0 ]; then
  echo "ERROR: npm run build:e2e failed (exit $build_status): running the unit tests only." >&2
  echo "npm run build:e2e (exit $build_status); e2e tests not run" >>"$steps"
  status=$build_status
fi

# The projects run one after the other, each with the 2 CPUs to itself.
npx vitest run --project unit --reporter=default --reporter=json --outputFile=test-results/unit.json || status=$?
if [ "$build_status" -eq 0 ]; then
  reports+=(test-results/e2e.json)
  npx vitest run --project e2e --reporter=default --reporter=json --outputFile=test-results/e2e.json || status=$?
fi

elapsed=$((SECONDS - started))
echo "npm test: $((elapsed / 60)) min $((elapsed % 60)) s"

summary_status=0
node scripts/summarize_vitest.mjs "${reports[@]}" --failed-steps-file "$steps" || summary_status=$?

if [ "$status" -eq 0 ] && [ "$summary_status" -ne 0 ]; then
  # Vitest said success but the report is missing or shows failures.
  status=$summary_status
fi
exit "$status"
