#!/usr/bin/env bash
# pg-standby.sh — a hot standby of the throwaway cluster of scripts/pg-test.sh, for the read
# replica tests (issue 7).
#
#   scripts/pg-standby.sh COMMAND [ARGS...]   run COMMAND with the standby up, then remove it
#   scripts/pg-standby.sh --hold              print the variables below, keep the standby up
#                                             until stdin closes (or a TERM), then remove it
#
# Needs UREG_TEST_PG (postgresql://postgres@127.0.0.1:PORT/postgres, the primary: pg-test.sh sets
# it, with trust authentication for loopback replication connections as initdb -A trust writes
# them). Takes a base backup with pg_basebackup -R (streaming replication, standby.signal and
# primary_conninfo written by it) into a temporary directory, as the `postgres` system user when
# run as root, and starts it with pg_ctl on another free port of 127.0.0.1. COMMAND runs with
#   UREG_TEST_PG_STANDBY      postgresql://postgres@127.0.0.1:SPORT/postgres
#   UREG_TEST_PG_STANDBY_CTL  a script running pg_ctl on the standby as its owner
# The standby is stopped and its directory removed when this script ends, however it ends.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 --hold | COMMAND [ARGS...]" >&2; exit 1; }
[ -n "${UREG_TEST_PG:-}" ] || { echo "pg-standby: UREG_TEST_PG is not set (run inside scripts/pg-test.sh)" >&2; exit 1; }

# shellcheck source=scripts/pg-lib.sh
. "$(dirname "$0")/pg-lib.sh"
pg_lib_bindir
[ -x "$bindir/pg_basebackup" ] || { echo "pg-standby: no PostgreSQL server binaries (install postgresql-15)" >&2; exit 1; }

hostport=${UREG_TEST_PG#*@}
hostport=${hostport%%/*}
pport=${hostport##*:}

owner=""
[ "$(id -u)" = 0 ] && owner=postgres

dir=$(mktemp -d "${TMPDIR:-/tmp}/ureg-standby.XXXXXX")
chmod 755 "$dir"
[ -n "$owner" ] && chown "$owner" "$dir"
data=$dir/data
cleanup() {
    local rc=$?
    if [ -f "$data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_owner "$bindir/pg_basebackup" -h 127.0.0.1 -p "$pport" -U postgres -D "$data" -R -X stream \
    -c fast >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
chmod 700 "$data"
{
    echo "unix_socket_directories = '$dir'"
    echo "hot_standby = on"
} >>"$data/postgresql.conf"

pg_lib_start pg-standby
pg_lib_ctl

export UREG_TEST_PG_STANDBY="postgresql://postgres@127.0.0.1:$port/postgres"
export UREG_TEST_PG_STANDBY_CTL=$ctl
if [ "$1" = "--hold" ]; then
    echo "UREG_TEST_PG_STANDBY=$UREG_TEST_PG_STANDBY"
    echo "UREG_TEST_PG_STANDBY_CTL=$UREG_TEST_PG_STANDBY_CTL"
    cat >/dev/null || true
    exit 0
fi
echo "pg-standby: hot standby at $UREG_TEST_PG_STANDBY" >&2
set +e
"$@"
rc=$?
set -e
exit $rc
