#!/usr/bin/env bash
# `npm run test:perf`: the performance measures, apart from `npm test` so that nothing else shares the
# CPUs while they run: main-thread long tasks during load, import and recomputation
# (tests/perf/long_tasks.test.ts), and a 500 MB CSV imported as a stream with its peak memory
# (tests/perf/big_import.test.ts). They print their figures, then the line CI counts:
#   Tests: N passed, N failed[, N skipped]
# Builds the app first, unless given --no-build (.ci/run: `npm test` has just built the same tree).
# Failed steps are also written to test-results/perf-steps.txt, for .ci/run's combined summary.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) echo "test_perf.sh: unknown option $arg (only --no-build)" >&2; exit 64 ;;
  esac
done

if [ ! -d node_modules ]; then
  echo "node_modules is missing: running npm install…"
  npm install --no-audit --no-fund
fi

bash scripts/ensure_chromium.sh

mkdir -p test-results
steps=test-results/perf-steps.txt
rm -f test-results/perf.json "$steps"
touch "$steps"
status=0

if [ "$build" -eq 1 ]; then
  build_status=0
  npm run build:e2e || build_status=$?
  if [ "$build_status" -ne 0 ]; then
    echo "ERROR: npm run build:e2e failed (exit $build_status): the measures cannot run." >&2
    echo "npm run build:e2e (exit $build_status); perf tests not run" >>"$steps"
    node scripts/summarize_vitest.mjs --failed-steps-file "$steps" || true
    exit "$build_status"
  fi
fi

npx vitest run --project perf --reporter=default --reporter=json --outputFile=test-results/perf.json || status=$?

elapsed=$((SECONDS - started))
echo "npm run test:perf: $((elapsed / 60)) min $((elapsed % 60)) s"

summary_status=0
node scripts/summarize_vitest.mjs test-results/perf.json --failed-steps-file "$steps" || summary_status=$?
if [ "$status" -eq 0 ] && [ "$summary_status" -ne 0 ]; then
  status=$summary_status
fi
exit "$status"
