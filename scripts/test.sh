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

# `phase NAME [WHAT]` ends the phase running (printing its time) and starts NAME; the times are listed
# again at the end, above the closing line.
phase_current=""
phase_started=$SECONDS
phase_times=()
phase() {
  if [ -n "$phase_current" ]; then
    local took=$((SECONDS - phase_started))
    echo "==> $phase_current: ${took} s"
    phase_times+=("$(printf '%5d s  %s' "$took" "$phase_current")")
  fi
  phase_current=$1
  phase_started=$SECONDS
  if [ -n "$1" ]; then echo "==> $1${2:+: $2}"; fi
}

phase "set-up" "pnpm, dependencies, Redis, PostgreSQL, chromium"
ensure_dependencies
ensure_redis
ensure_postgres
ensure_chromium
ensure_prometheus

phase "typecheck, admin UI build"
pnpm run typecheck
pnpm --filter @switchyard/admin typecheck
echo "==> lint: biome (lint + format check), dependency rules (.dependency-cruiser.cjs), core's own strict tsconfig"
pnpm run lint
build_admin

phase "browser bundle size"
node bench/bundle-size.mjs

mkdir -p .reports
rm -f .reports/vitest.json .reports/vitest-postgres.json .reports/playwright.json .reports/playwright-admin.json .reports/vitest-packaging.json .reports/vitest-bench.json
status=0
phase "vitest"
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json || status=1
phase "vitest on PostgreSQL" "the server's store-facing files again (scripts/lib/store-facing-tests.mjs)"
mapfile -t store_facing < <(node scripts/lib/store-facing-tests.mjs)
if [ "${#store_facing[@]}" -gt 0 ]; then
  SWITCHYARD_TEST_DATABASE=postgres pnpm exec vitest run "${store_facing[@]}" \
    --reporter=dot --reporter=json --outputFile.json=.reports/vitest-postgres.json || status=1
else
  echo "scripts/lib/store-facing-tests.mjs found no file" >&2
  status=1
fi

phase "playwright: browser SDK"
pnpm exec playwright test -c playwright.config.ts || status=1
reports=(.reports/vitest.json .reports/vitest-postgres.json .reports/playwright.json)
if [ -f playwright.admin.config.ts ]; then
  phase "playwright: admin UI"
  pnpm exec playwright test -c playwright.admin.config.ts || status=1
  reports+=(.reports/playwright-admin.json)
fi

# One build and one npm install: the tarballs go into one fresh npm project outside the workspace,
# which every packaging test reuses; the bench scripts below time the SDK's built dist/ from this build.
phase "packaging: pnpm pack:all" "build every published package and pack it into artifacts/"
pnpm pack:all --admin-built || status=1
phase "packaging: tests" "the tarballs from outside the workspace (publint, attw, npm install, Node ESM/CJS, OpenFeature, TypeScript, CLI, Chromium, production directory)"
pnpm exec vitest run --config vitest.packaging.config.ts --reporter=default --reporter=json --outputFile.json=.reports/vitest-packaging.json || status=1
reports+=(.reports/vitest-packaging.json)

phase "bench smoke" "every script once, smoke-sized (its figures mean nothing; BENCHMARKS.md has the real runs)"
pnpm exec vitest run --config vitest.bench.config.ts --reporter=default --reporter=json --outputFile.json=.reports/vitest-bench.json || status=1
reports+=(.reports/vitest-bench.json)
phase ""

echo "==> time per phase (total ${SECONDS} s)"
printf '%s\n' "${phase_times[@]}"
node scripts/summarize-results.mjs "${reports[@]}" || status=1
exit "$status"
