#!/usr/bin/env bash
# Installs what the server needs, then starts it on the embedded SQLite default (./data/switchyard.db).
# The port and, on first start, the admin token are printed. PORT, HOST, DATABASE_FILE and
# SWITCHYARD_ADMIN_TOKEN may be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh
ensure_dependencies
exec node --import tsx apps/server/src/main.ts
