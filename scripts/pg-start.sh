#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster for tests and benchmarks.
#
#   eval "$(bash scripts/pg-start.sh)"      # exports GONGBAO_TEST_PG_URL and GONGBAO_TEST_PG_DIR
#   ...
#   bash scripts/pg-stop.sh "$GONGBAO_TEST_PG_DIR"
#
# Installs Debian's PostgreSQL when initdb/pg_ctl are missing (needs root), initialises a cluster
# in a fresh temporary folder, starts it on 127.0.0.1 and a free port and creates a database.
# initdb refuses to run as root, so under root the cluster belongs to the `postgres` user.
# Progress goes to stderr; stdout carries only the `export` lines.
# The cluster runs with fsync off: it is disposable, and a crash of the *client* (what the fault
# tests simulate) does not need it. `$GONGBAO_TEST_PG_DIR/ctl stop|start|restart|kill` controls it.
set -euo pipefail
cd /

log() { echo "pg-start: $*" >&2; }

find_bin() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$d" && -x "$d/pg_ctl" && -x "$d/initdb" ]]; then
    echo "$d"
    return 0
  fi
  return 1
}

BIN=$(find_bin || true)
if [[ -z "$BIN" ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    log "PostgreSQL is not installed and installing it needs root: apt-get install postgresql"
    exit 1
  fi
  log "installing Debian's PostgreSQL (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN=$(find_bin) || { log "pg_ctl not found after installing postgresql"; exit 1; }
fi

# Who runs the cluster: ourselves, or `postgres` when we are root.
AS=""
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  AS="runuser -u postgres --"
fi
as_owner() { $AS "$@"; }

DIR=$(mktemp -d "${TMPDIR:-/tmp}/gongbao-pg.XXXXXX")
chmod 755 "$DIR"
[[ $(id -u) -eq 0 ]] && chown postgres: "$DIR"

# A free port: bind port 0, read what the kernel gave, release it.
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

log "initdb in $DIR (PostgreSQL $("$BIN/pg_ctl" --version | awk '{print $NF}'), port $PORT)"
as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || {
  cat "$DIR/initdb.log" >&2
  exit 1
}

OPTS="-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB"
# A control script for tests (restart the database under a running server, kill it hard …).
cat >"$DIR/ctl" <<EOF
#!/usr/bin/env bash
# Control the throw-away cluster in $DIR: ctl start|stop|restart|kill|status
set -euo pipefail
cd /
run() { ${AS:+$AS }"\$@"; }
case "\${1:-status}" in
  start) run "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -o "$OPTS" -w -t 60 start >/dev/null ;;
  stop) run "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >/dev/null ;;
  restart) run "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -o "$OPTS" -m fast -w -t 60 restart >/dev/null ;;
  kill) run "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w -t 60 stop >/dev/null ;;
  status) run "$BIN/pg_ctl" -D "$DIR/data" status ;;
  *) echo "usage: ctl start|stop|restart|kill|status" >&2; exit 2 ;;
esac
EOF
chmod 755 "$DIR/ctl"
echo "$BIN" >"$DIR/bin"

"$DIR/ctl" start || {
  cat "$DIR/server.log" >&2 || true
  exit 1
}
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qAt -c "CREATE DATABASE gongbao_test" >/dev/null

URL="postgres://postgres@127.0.0.1:$PORT/gongbao_test"
log "ready: $URL"
echo "export GONGBAO_TEST_PG_URL=$URL"
echo "export GONGBAO_TEST_PG_DIR=$DIR"
