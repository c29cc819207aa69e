#!/usr/bin/env bash
# The whole test suite, on a fresh machine or not: installs what it needs, typechecks, runs every test,
# and ends with one line "N passed, N failed". Exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh
source scripts/lib/services.sh
source scripts/lib/admin.sh

ensure_dependencies
ensure_redis
ensure_postgres

echo "==> typecheck"
pnpm run typecheck
pnpm --filter @switchyard/admin typecheck
build_admin

mkdir -p .reports
rm -f .reports/vitest.json
echo "==> vitest"
set +e
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json
vitest_status=$?
set -e

node scripts/summarize-results.mjs .reports/vitest.json
summary_status=$?
if [ "$vitest_status" -ne 0 ] || [ "$summary_status" -ne 0 ]; then exit 1; fi
