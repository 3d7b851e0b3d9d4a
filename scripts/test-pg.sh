#!/usr/bin/env bash
# Runs the server integration suite (vitest project "server") against a throw-away PostgreSQL
# on 127.0.0.1. The server test helper sees TEST_DATABASE_URL and uses a fresh schema per test.
# Extra arguments are passed to vitest, e.g. `bash scripts/test-pg.sh -t "members"`;
# `bash scripts/test-pg.sh --run CMD ARGS…` runs CMD instead, with TEST_DATABASE_URL set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { echo "test-pg: $*" >&2; }

find_pgbin() {
  # Prefer PostgreSQL 15 (Debian 12's server, i.e. production); otherwise the newest installed.
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    echo /usr/lib/postgresql/15/bin
    return 0
  fi
  local initdb
  initdb="$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1 || true)"
  [ -n "$initdb" ] && dirname "$initdb"
}

PGBIN="$(find_pgbin || true)"
if [ -z "$PGBIN" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "no PostgreSQL server found under /usr/lib/postgresql/*/bin and not root, cannot install it."
    log "install it with: sudo apt-get install -y postgresql"
    exit 1
  fi
  log "PostgreSQL server not found, installing it"
  bash scripts/apt-install.sh postgresql
  PGBIN="$(find_pgbin || true)"
  if [ -z "$PGBIN" ]; then
    log "apt-get install postgresql did not provide /usr/lib/postgresql/*/bin/initdb"
    exit 1
  fi
fi
log "using $("$PGBIN/postgres" --version) from $PGBIN"

# initdb refuses to run as root: as root, run the server as the 'postgres' system user.
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    log "creating system user 'postgres'"
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  RUN_AS=(runuser -u postgres --)
fi

# Under /tmp (not $TMPDIR) so the postgres user can reach it and the socket path stays short.
DIR="$(mktemp -d /tmp/fivestar-pg.XXXXXX)"
PG_STARTED=0

cleanup() {
  local code=$?
  if [ "$PG_STARTED" -eq 1 ]; then
    "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chmod 700 "$DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi

"${RUN_AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  >"$DIR/initdb.log" 2>&1 || {
  log "initdb failed:"
  cat "$DIR/initdb.log" >&2
  exit 1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

PORT=""
port=${PGPORT_START:-54329}
for _attempt in 1 2 3 4 5; do
  while port_in_use "$port"; do port=$((port + 1)); done
  if "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $DIR -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
    start >/dev/null; then
    PORT=$port
    PG_STARTED=1
    break
  fi
  log "PostgreSQL did not start on port $port:"
  tail -n 20 "$DIR/server.log" >&2 || true
  port=$((port + 1))
done
if [ -z "$PORT" ]; then
  log "giving up: PostgreSQL could not be started"
  exit 1
fi

"$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -XAtq -c 'select 1' </dev/null >/dev/null
log "PostgreSQL is up on 127.0.0.1:$PORT (data in $DIR)"

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
# This server runs with fsync off (speed; it is thrown away): servers started by the tests accept that.
export FIVESTAR_UNSAFE_DURABILITY=accept
set +e
if [ "${1:-}" = "--run" ]; then
  # `test-pg.sh --run CMD…`: any other command against the same throw-away server (scripts/test-reliability.sh).
  shift
  "$@"
else
  npx vitest run --project server "$@"
fi
code=$?
set -e
if [ "$code" -ne 0 ]; then
  log "vitest exited with $code; last lines of the PostgreSQL log:"
  tail -n 30 "$DIR/server.log" >&2 || true
fi
exit "$code"
