#!/usr/bin/env bash
# Makes the server's production directory: its built JavaScript (admin UI and drizzle migrations
# inside) and its production dependencies only, no dev dependency, no TypeScript. The Docker image's
# final stage copies exactly this folder; test/packaging/production-directory.test.ts runs the server
# from it.
#   bash scripts/deploy-server.sh DIR            builds the server (and the admin UI) first
#   bash scripts/deploy-server.sh DIR --built    takes apps/server/dist as it is (after `pnpm pack:all`)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: bash scripts/deploy-server.sh DIR [--built]}"
if [ "${2:-}" != "--built" ]; then
  node scripts/build/build.mjs --no-types server
fi
rm -rf "$out"
# pnpm deploy copies the package's `files` and installs its dependencies (not devDependencies) from
# the lockfile into DIR/node_modules; better-sqlite3 comes compiled from pnpm's store.
pnpm --filter @switchyard/server deploy --prod "$out"
