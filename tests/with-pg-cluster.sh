#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command against a throwaway PostgreSQL cluster of its own:
#
#   tests/with-pg-cluster.sh [--tcp PORT] CMD ARGS...
#
# A temporary folder holds the data directory and the Unix socket; the
# cluster is made by initdb as an unprivileged user (as root, which CI is:
# the `postgres` system user; else the current user), listens on no TCP
# address (with --tcp, also on 127.0.0.1:PORT), trusts local connections,
# and is stopped and removed whatever happens (trap). CMD sees
# STARTLINE_TEST_PG, a libpq connection string naming the socket folder,
# the port, the user and the database "postgres"; each test makes its own
# database there. STARTLINE_TEST_PG_DATA is the cluster's data directory
# (for tests that look for a value in the server's files).
# STARTLINE_TEST_PG_CTL is a script that stops the cluster (`stop`:
# pg_ctl stop -m fast) and starts it again (`start`), for tests of a
# server that goes away. The exit status is CMD's.
set -eu

PG_BIN=${PG_BIN:-}
if [ -z "$PG_BIN" ]; then
  for v in 15 16 17 14 13; do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then
      PG_BIN="/usr/lib/postgresql/$v/bin"
      break
    fi
  done
fi
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "$0: PostgreSQL's server programs (initdb) are not installed (apt install postgresql)" >&2
  exit 1
fi

TCP_PORT=""
if [ "${1:-}" = "--tcp" ]; then
  TCP_PORT=$2
  shift 2
fi
if [ $# -eq 0 ]; then
  echo "usage: $0 [--tcp PORT] CMD ARGS..." >&2
  exit 2
fi

# Run as the cluster's owner: root may not run the server.
if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  if ! id "$OWNER" >/dev/null 2>&1; then
    echo "$0: running as root needs the 'postgres' system user (apt install postgresql)" >&2
    exit 1
  fi
  as_owner() { runuser -u "$OWNER" -- "$@"; }
else
  OWNER=$(id -un)
  as_owner() { "$@"; }
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/startline-pg.XXXXXX")
chmod 755 "$DIR"
DATA="$DIR/data"
SOCK="$DIR/socket"
LOGS="$DIR/log"
mkdir "$DATA" "$SOCK" "$LOGS"
if [ "$(id -u)" = 0 ]; then
  chown "$OWNER" "$DATA" "$SOCK" "$LOGS"
fi
# Unix sockets are named by their folder and the port: any port will do
# without TCP; with TCP, the one asked for.
PORT=${TCP_PORT:-5432}

STARTED=""
cleanup() {
  if [ -n "$STARTED" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_owner "$PG_BIN/initdb" -D "$DATA" -U "$OWNER" --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1 || {
  cat "$DIR/initdb.log" >&2
  exit 1
}

LISTEN=""
if [ -n "$TCP_PORT" ]; then
  LISTEN="127.0.0.1"
fi
OPTS="-c listen_addresses='$LISTEN' -c port=$PORT -c unix_socket_directories='$SOCK'"
OPTS="$OPTS -c fsync=off -c max_connections=100"
# An erasure's rotation of the write-ahead log removes the older segments
# instead of recycling them with their bytes (test-erasure scans pg_wal/).
OPTS="$OPTS -c wal_recycle=off"
STARTED=1
if ! as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOGS/server.log" -o "$OPTS" -w -t 60 start \
  >/dev/null; then
  cat "$LOGS/server.log" >&2
  exit 1
fi

n=0
until "$PG_BIN/pg_isready" -q -h "$SOCK" -p "$PORT"; do
  n=$((n + 1))
  if [ $n -ge 100 ]; then
    echo "$0: the server did not get ready" >&2
    cat "$LOGS/server.log" >&2
    exit 1
  fi
  sleep 0.1
done

STARTLINE_TEST_PG="host=$SOCK port=$PORT user=$OWNER dbname=postgres"
export STARTLINE_TEST_PG
STARTLINE_TEST_PG_DATA=$DATA
export STARTLINE_TEST_PG_DATA
if [ -n "$TCP_PORT" ]; then
  STARTLINE_TEST_PG_TCP="host=127.0.0.1 port=$PORT user=$OWNER dbname=postgres"
  export STARTLINE_TEST_PG_TCP
fi

if [ "$(id -u)" = 0 ]; then
  AS_OWNER="runuser -u $OWNER --"
else
  AS_OWNER=""
fi
cat >"$DIR/ctl" <<EOF
#!/bin/sh
# Stops or starts the test cluster (tests/with-pg-cluster.sh): stop, start.
set -eu
case "\${1:-}" in
  stop)
    $AS_OWNER "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null ;;
  start)
    $AS_OWNER "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOGS/server.log" -o "$OPTS" -w -t 60 start \
      >/dev/null ;;
  *)
    echo "usage: \$0 stop|start" >&2
    exit 2 ;;
esac
EOF
chmod 755 "$DIR/ctl"
STARTLINE_TEST_PG_CTL="$DIR/ctl"
export STARTLINE_TEST_PG_CTL

status=0
"$@" || status=$?
exit $status
