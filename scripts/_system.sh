# Shared by test.sh: Debian packages (HAProxy for the scale-out test), and PostgreSQL and
# Redis on 127.0.0.1 for the tests.
# A server that is installed but down is started; on a bare Debian machine it is first
# installed with apt-get, when this run may (root, or passwordless sudo). Otherwise
# ensure_postgres / ensure_redis print one line saying what is missing and return 1.
# test.sh skips them for servers given by TEST_DATABASE_URL / TEST_REDIS_URL.

PG_ETC="${PG_ETC:-/etc/postgresql}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi
}

apt_install() {
  # Installs Debian packages when this run may; a stale package list is refreshed once.
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y -q "$@" >/dev/null 2>&1 ||
    { as_root apt-get update -q >/dev/null 2>&1 && as_root apt-get install -y -q "$@" >/dev/null; }
}

wait_for() {
  for _ in $(seq 1 30); do "$@" && return 0; sleep 1; done
  return 1
}

postgres_up() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; }

trust_local_connections() {
  # Tests only: the clusters this script installed or created trust TCP from this machine.
  local hba
  for hba in "$PG_ETC"/*/main/pg_hba.conf; do
    [ -f "$hba" ] || continue
    as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba" || true
  done
}

ensure_postgres() {
  postgres_up && return 0
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    # A bare machine: Debian's PostgreSQL (its package creates and may start a cluster).
    apt_install postgresql && trust_local_connections
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    local version
    version="$(ls "$PG_ETC" 2>/dev/null | head -1 || true)"
    if [ -z "$version" ]; then
      # Installed without a cluster (createcluster.conf may say so): make the usual one.
      version="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1 || true)"
      if [ -n "$version" ] && as_root pg_createcluster "$version" main >/dev/null 2>&1; then
        trust_local_connections
      else
        version=""
      fi
    fi
    if [ -n "$version" ]; then
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
      # Already running (the package starts it where services may start): reload, so
      # the trust edit above takes effect.
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload >/dev/null 2>&1 || true
      wait_for postgres_up || true
    fi
  fi
  postgres_up ||
    { echo "PostgreSQL is not running on 127.0.0.1:5432 and could not be started. Install it (apt-get install postgresql) or set TEST_DATABASE_URL." >&2; return 1; }
}

ensure_redis() {
  redis_up && return 0
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server || true
  fi
  if command -v redis-server >/dev/null 2>&1; then
    # Nothing is kept: the tests need a cache and a channel layer, not persistence. (If
    # the package's own service is starting one meanwhile, this one fails on the port.)
    local dir="${TMPDIR:-/tmp}/interview-bot-redis"
    mkdir -p "$dir"
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir "$dir" --logfile "$dir/redis.log" >/dev/null 2>&1 || true
    wait_for redis_up || true
  fi
  redis_up ||
    { echo "Redis is not running on 127.0.0.1:6379 and could not be started. Install it (apt-get install redis-server) or set TEST_REDIS_URL." >&2; return 1; }
}

# HAProxy is run by the scale-out test and bench as a plain process on a port of their
# own, with deploy/haproxy.cfg; the package's own service is not needed.
HAPROXY_BIN="${HAPROXY_BIN:-/usr/sbin/haproxy}"

ensure_haproxy() {
  [ -x "$HAPROXY_BIN" ] && return 0
  apt_install haproxy || true
  [ -x "$HAPROXY_BIN" ] ||
    { echo "HAProxy is not installed ($HAPROXY_BIN) and could not be. Install it (apt-get install haproxy)." >&2; return 1; }
}
