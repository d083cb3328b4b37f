#!/usr/bin/env bash
# The one test command (`npm test`): installs what is missing, builds the app,
# runs every Vitest project (unit + e2e) once and prints the line CI counts:
#   Tests: N passed, N failed[, N skipped]
# Exits non-zero if any test failed, if the build failed, or if no report was written.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -d node_modules ]; then
  echo "node_modules is missing: running npm install…"
  npm install --no-audit --no-fund
fi

bash scripts/ensure_chromium.sh

mkdir -p test-results
rm -f test-results/unit.json test-results/e2e.json

# The e2e tests drive the built app in dist/ (prebuild also generates the demo data).
# If the build fails, the unit tests still run (their results are worth seeing),
# the build counts as one failure and the e2e tests are not run against a stale dist/.
# The two projects run one after the other: the e2e tests measure main-thread long tasks and
# memory, which unit tests running on the same 2 CPUs at the same time would distort.
reports=(test-results/unit.json)
summary_args=()
build_status=0
npm run build || build_status=$?
if [ "$build_status" -ne 0 ]; then
  echo "ERROR: npm run build failed (exit $build_status): running the unit tests only." >&2
  summary_args=(--failed-step "npm run build (exit $build_status); e2e tests not run")
fi

status=0
npx vitest run --project unit --reporter=default --reporter=json --outputFile=test-results/unit.json || status=$?
if [ "$build_status" -eq 0 ]; then
  reports+=(test-results/e2e.json)
  npx vitest run --project e2e --reporter=default --reporter=json --outputFile=test-results/e2e.json || status=$?
elif [ "$status" -eq 0 ]; then
  status=$build_status
fi

summary_status=0
node scripts/summarize_vitest.mjs "${reports[@]}" "${summary_args[@]}" || summary_status=$?

if [ "$status" -eq 0 ] && [ "$summary_status" -ne 0 ]; then
  # Vitest said success but the report is missing or shows failures.
  status=$summary_status
fi
exit "$status"
