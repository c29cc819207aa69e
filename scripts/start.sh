#!/usr/bin/env bash
# Installs what the server needs, builds the admin UI, then starts it on the embedded SQLite default (./data/switchyard.db).
# The port and, on first start, the admin token are printed. PORT, HOST, DATABASE_FILE and
# SWITCHYARD_ADMIN_TOKEN may be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh
source scripts/lib/admin.sh
ensure_dependencies
build_admin
exec node --import tsx apps/server/src/main.ts
