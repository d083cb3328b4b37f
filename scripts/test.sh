#!/usr/bin/env bash
# The one test command (`npm test`): installs what is missing, lints, type-checks, builds the app, runs the
# unit and e2e Vitest projects once and prints the line CI counts:
#   Tests: N passed, N failed[, N skipped]
# The performance measures are not part of it: `npm run test:perf` (scripts/test_perf.sh).
# Exits non-zero if any test failed, if lint, the type check or the build failed, or if a report was not written.
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

# Lint, type check and the e2e build, side by side (each is mostly one thread; together about
# 25 s instead of 45 s on 2 CPUs). Each failure counts as one failed step; the tests still run.
# The e2e tests drive the e2e build of the app in dist-e2e/: the production build plus the test hook
# (window.__maillage), which the production build (`npm run build`, dist/) leaves out.
# prebundle:e2e also generates the demo data. If the bundle fails, the unit tests still run (their
# results are worth seeing) and the e2e tests are not run against a stale dist-e2e/.
logs=$(mktemp -d)
npm run lint >"$logs/lint.log" 2>&1 &
lint_pid=$!
npm run typecheck >"$logs/typecheck.log" 2>&1 &
typecheck_pid=$!
build_status=0
npm run bundle:e2e || build_status=$?
lint_status=0
wait "$lint_pid" || lint_status=$?
typecheck_status=0
wait "$typecheck_pid" || typecheck_status=$?
cat "$logs/lint.log" "$logs/typecheck.log"
rm -rf "$logs"

reports=(test-results/unit.json)
if [ "$lint_status" -ne 0 ]; then
  echo "ERROR: npm run lint failed (exit $lint_status)." >&2
  echo "npm run lint (exit $lint_status)" >>"$steps"
  status=$lint_status
fi
if [ "$typecheck_status" -ne 0 ]; then
  echo "ERROR: npm run typecheck failed (exit $typecheck_status)." >&2
  echo "npm run typecheck (exit $typecheck_status)" >>"$steps"
  status=$typecheck_status
fi
if [ "$build_status" -ne 0 ]; then
  echo "ERROR: npm run bundle:e2e failed (exit $build_status): running the unit tests only." >&2
  echo "npm run bundle:e2e (exit $build_status); e2e tests not run" >>"$steps"
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
