# Sourced by the set-up scripts: builds the admin UI to apps/admin/dist, which the server serves at /.
build_admin() {
  echo "==> building the admin UI"
  pnpm --filter @switchyard/admin build > /tmp/switchyard-admin-build.log 2>&1 || { cat /tmp/switchyard-admin-build.log; return 1; }
}
