#!/usr/bin/env bash
# pg-test.sh — run a command against a throwaway PostgreSQL cluster.
#
#   scripts/pg-test.sh COMMAND [ARGS...]      e.g. scripts/pg-test.sh make api ui
#   scripts/pg-test.sh --durable COMMAND ...  fsync on (benchmarks); tests run with fsync off
#
# Creates a cluster with initdb in a temporary directory, owned by the `postgres` system user
# when run as root (PostgreSQL refuses to run as root; the user is created if missing), starts it
# with pg_ctl on a free port of 127.0.0.1 only, with trust authentication for loopback TCP (the
# cluster listens nowhere else and lives as long as the command), bytewise collation
# (--no-locale) and UTF-8. The command runs with
#   UREG_TEST_PG       postgresql://postgres@127.0.0.1:PORT/postgres  (the admin database)
#   UREG_TEST_PG_CTL   a script running pg_ctl on this cluster as its owner: `$UREG_TEST_PG_CTL
#                      restart -m fast`, `stop -m fast`, `start -w` (the restart tests use it)
# The cluster is stopped and its directory removed when the command ends, however it ends.
# Exit status: the command's, or 1 when the cluster cannot be started.
set -euo pipefail

durable=0
if [ "${1:-}" = "--durable" ]; then durable=1; shift; fi
[ $# -ge 1 ] || { echo "usage: $0 [--durable] COMMAND [ARGS...]" >&2; exit 1; }

# shellcheck source=scripts/pg-lib.sh
. "$(dirname "$0")/pg-lib.sh"
pg_lib_bindir
[ -x "$bindir/initdb" ] || { echo "pg-test: no PostgreSQL server binaries (install postgresql-15)" >&2; exit 1; }

owner=""
if [ "$(id -u)" = 0 ]; then
    owner=postgres
    if ! id "$owner" >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$owner"
    fi
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/ureg-pg.XXXXXX")
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

as_owner "$bindir/initdb" -D "$data" -U postgres -A trust --no-locale -E UTF8 --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
fsync=off
[ $durable = 1 ] && fsync=on
{
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$dir'"
    echo "max_connections = 300"
    echo "fsync = $fsync"
    echo "full_page_writes = $fsync"
    echo "shared_buffers = 128MB"
} >>"$data/postgresql.conf"

pg_lib_start pg-test
pg_lib_ctl

export UREG_TEST_PG="postgresql://postgres@127.0.0.1:$port/postgres"
export UREG_TEST_PG_CTL=$ctl
echo "pg-test: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') at $UREG_TEST_PG" >&2
set +e
"$@"
rc=$?
set -e
exit $rc
