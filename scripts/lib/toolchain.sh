# Sourced by the set-up scripts: installs the pinned pnpm and the workspace's dependencies.
PNPM_VERSION=12.4.2

ensure_pnpm() {
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    echo "==> installing pnpm $PNPM_VERSION"
    npm install -g "pnpm@$PNPM_VERSION" >/dev/null
  fi
}

ensure_dependencies() {
  ensure_pnpm
  # better-sqlite3 compiles from source against the machine's Node headers (no prebuilt download).
  export npm_config_nodedir="${npm_config_nodedir:-/usr}"
  echo "==> installing dependencies (on a fresh machine: downloads, then better-sqlite3 compiles from source, about a minute; progress below)"
  pnpm install --frozen-lockfile --reporter=append-only
}
