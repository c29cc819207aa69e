#!/usr/bin/env bash
# The whole test suite, on a fresh machine or not: installs what it needs, typechecks and lints (pnpm lint), runs every
# vitest suite and both Playwright suites (Debian's chromium), checks the browser bundle budget, builds
# and packs every published package and tests the tarballs from outside the workspace (test/packaging),
# runs every bench script once at a small size (test/bench), and ends with one line
# "N passed, N failed, N skipped". Exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh
source scripts/lib/services.sh
source scripts/lib/admin.sh

ensure_dependencies
ensure_redis
ensure_postgres
ensure_chromium
ensure_prometheus

echo "==> typecheck"
pnpm run typecheck
pnpm --filter @switchyard/admin typecheck
echo "==> lint: biome (lint + format check), dependency rules (.dependency-cruiser.cjs), core's own strict tsconfig"
pnpm run lint
build_admin

echo "==> browser bundle size"
node bench/bundle-size.mjs

mkdir -p .reports
rm -f .reports/vitest.json .reports/vitest-postgres.json .reports/playwright.json .reports/playwright-admin.json .reports/vitest-packaging.json .reports/vitest-bench.json
status=0
echo "==> vitest"
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json || status=1
echo "==> vitest: the server suite again, on PostgreSQL"
SWITCHYARD_TEST_DATABASE=postgres pnpm exec vitest run apps/server --exclude '**/store-contract/**' \
  --reporter=dot --reporter=json --outputFile.json=.reports/vitest-postgres.json || status=1

echo "==> playwright: browser SDK"
pnpm exec playwright test -c playwright.config.ts || status=1
reports=(.reports/vitest.json .reports/vitest-postgres.json .reports/playwright.json)
if [ -f playwright.admin.config.ts ]; then
  echo "==> playwright: admin UI"
  pnpm exec playwright test -c playwright.admin.config.ts || status=1
  reports+=(.reports/playwright-admin.json)
fi

# One build and one npm install: the tarballs go into one fresh npm project outside the workspace,
# which every packaging test reuses; the bench scripts below time the SDK's built dist/ from this build.
packaging_started=$SECONDS
echo "==> packaging: build every published package and pack it into artifacts/ (pnpm pack:all)"
pnpm pack:all || status=1
echo "==> packaging: the tarballs from outside the workspace (publint, attw, npm install, Node ESM/CJS, OpenFeature, TypeScript, CLI, Chromium, production directory)"
pnpm exec vitest run --config vitest.packaging.config.ts --reporter=default --reporter=json --outputFile.json=.reports/vitest-packaging.json || status=1
reports+=(.reports/vitest-packaging.json)
echo "==> packaging phase: $((SECONDS - packaging_started)) s"

echo "==> bench: every script once, smoke-sized (its figures mean nothing; BENCHMARKS.md has the real runs)"
pnpm exec vitest run --config vitest.bench.config.ts --reporter=default --reporter=json --outputFile.json=.reports/vitest-bench.json || status=1
reports+=(.reports/vitest-bench.json)

node scripts/summarize-results.mjs "${reports[@]}" || status=1
exit "$status"
