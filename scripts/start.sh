#!/usr/bin/env bash
# Installs what the server needs, builds it (the admin UI, then the server's JavaScript: no TypeScript
# runs at run time) and starts the built server on the embedded SQLite default (./data/switchyard.db).
# The port and, on first start, the admin token are printed. PORT, HOST, DATABASE_FILE and
# SWITCHYARD_ADMIN_TOKEN may be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh
ensure_dependencies
echo "==> building the admin UI and the server (apps/server/dist)"
node scripts/build/build.mjs --no-types server
echo "==> starting the server"
exec node apps/server/dist/main.js
