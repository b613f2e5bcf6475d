#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command against a throwaway PostgreSQL primary and its synchronous
# streaming standby, two clusters of its own:
#
#   tests/with-pg-pair.sh CMD ARGS...
#
# As tests/with-pg-cluster.sh: a temporary folder holds both data
# directories and their Unix sockets (no TCP), the clusters are made and
# run by an unprivileged user (as root: the `postgres` system user), trust
# local connections, and are stopped and removed whatever happens (trap).
# The standby is a copy of the primary (pg_basebackup -R) that streams its
# WAL; the primary waits for it at every commit (synchronous_standby_names,
# synchronous_commit=on), so a commit the primary acknowledged is on both.
# The promoted standby waits for no one (it is started without
# synchronous_standby_names).
#
# CMD sees STARTLINE_TEST_PG, a multi-host libpq connection string naming
# both (target_session_attrs=read-write: whichever takes writes) and the
# database "postgres", and STARTLINE_TEST_PG_CTL, a script that fails the
# pair over: `kill-primary` (pg_ctl stop -m immediate: as if it died) and
# `promote` (pg_ctl promote the standby, waiting until it takes writes).
# The exit status is CMD's.
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
if [ $# -eq 0 ]; then
  echo "usage: $0 CMD ARGS..." >&2
  exit 2
fi

# Run as the clusters' owner: root may not run the server.
AS_OWNER=""
if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  if ! id "$OWNER" >/dev/null 2>&1; then
    echo "$0: running as root needs the 'postgres' system user (apt install postgresql)" >&2
    exit 1
  fi
  AS_OWNER="runuser -u $OWNER --"
else
  OWNER=$(id -un)
fi
as_owner() { $AS_OWNER "$@"; }

DIR=$(mktemp -d "${TMPDIR:-/tmp}/startline-pg-pair.XXXXXX")
chmod 755 "$DIR"
PRIMARY="$DIR/primary"
STANDBY="$DIR/standby"
SOCK="$DIR/socket"
LOGS="$DIR/log"
mkdir "$PRIMARY" "$SOCK" "$LOGS"
chmod 700 "$PRIMARY"
if [ "$(id -u)" = 0 ]; then
  chown "$OWNER" "$DIR" "$PRIMARY" "$SOCK" "$LOGS"
fi
# One socket folder, one port each.
PORT_A=5432
PORT_B=5433

cleanup() {
  for data in "$PRIMARY" "$STANDBY"; do
    if [ -f "$data/postmaster.pid" ]; then
      as_owner "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "$0: $1" >&2
  for log in "$LOGS"/*.log; do
    [ -f "$log" ] && { echo "--- $log" >&2; tail -n 30 "$log" >&2; }
  done
  exit 1
}

as_owner "$PG_BIN/initdb" -D "$PRIMARY" -U "$OWNER" --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 --no-sync >"$LOGS/initdb.log" 2>&1 || fail "initdb failed"

COMMON="-c listen_addresses='' -c unix_socket_directories='$SOCK' -c max_connections=100"
COMMON="$COMMON -c wal_level=replica -c max_wal_senders=5 -c hot_standby=on"
OPTS_A="$COMMON -c port=$PORT_A -c synchronous_standby_names='*' -c synchronous_commit=on"
OPTS_B="$COMMON -c port=$PORT_B"

as_owner "$PG_BIN/pg_ctl" -D "$PRIMARY" -l "$LOGS/primary.log" -o "$OPTS_A" -w -t 60 start \
  >/dev/null || fail "the primary did not start"

# The standby: a copy of the primary that follows it (-R: standby.signal
# and primary_conninfo), under its own name for the primary's view.
as_owner "$PG_BIN/pg_basebackup" -h "$SOCK" -p "$PORT_A" -U "$OWNER" -D "$STANDBY" -R \
  -X stream --no-sync >"$LOGS/basebackup.log" 2>&1 || fail "pg_basebackup failed"
as_owner "$PG_BIN/pg_ctl" -D "$STANDBY" -l "$LOGS/standby.log" -o "$OPTS_B" -w -t 60 start \
  >/dev/null || fail "the standby did not start"

# Until the primary streams to it synchronously.
n=0
until [ "$(as_owner "$PG_BIN/psql" -h "$SOCK" -p "$PORT_A" -U "$OWNER" -d postgres -qAtX -c \
  "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'" 2>/dev/null)" = 1 ]; do
  n=$((n + 1))
  [ $n -lt 200 ] || fail "the standby did not become synchronous"
  sleep 0.1
done

cat >"$DIR/ctl" <<EOF
#!/bin/sh
# Fails the pair over (tests/with-pg-pair.sh): kill-primary, promote.
set -eu
case "\${1:-}" in
  kill-primary)
    $AS_OWNER "$PG_BIN/pg_ctl" -D "$PRIMARY" -m immediate -w stop >/dev/null ;;
  promote)
    $AS_OWNER "$PG_BIN/pg_ctl" -D "$STANDBY" -w -t 60 promote >/dev/null ;;
  *)
    echo "usage: \$0 kill-primary|promote" >&2
    exit 2 ;;
esac
EOF
chmod 755 "$DIR/ctl"

STARTLINE_TEST_PG="host=$SOCK,$SOCK port=$PORT_A,$PORT_B user=$OWNER dbname=postgres"
STARTLINE_TEST_PG="$STARTLINE_TEST_PG target_session_attrs=read-write"
STARTLINE_TEST_PG_CTL="$DIR/ctl"
export STARTLINE_TEST_PG STARTLINE_TEST_PG_CTL

status=0
"$@" || status=$?
exit $status
