# Sourced by the test script: starts the local services the suite talks to, when they are not running.

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return; fi
  echo "==> starting Redis"
  command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "Redis did not start" >&2; return 1
}

ensure_postgres() {
  if pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then return; fi
  echo "==> starting PostgreSQL"
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; fi
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 100); do pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 && return; sleep 0.1; done
  echo "PostgreSQL did not start" >&2; return 1
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  echo "==> installing Debian's chromium"
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
}

# Release gates read PromQL from a real Prometheus in the tests (apps/server/test/release-prometheus.test.ts).
ensure_prometheus() {
  if [ -x /usr/bin/prometheus ]; then return; fi
  echo "==> installing Debian's prometheus"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
}
