# pg-lib.sh — shared by scripts/pg-test.sh and scripts/pg-standby.sh (sourced, not run).
#
# pg_lib_bindir              the newest /usr/lib/postgresql/*/bin (or $PG_BIN) into $bindir
# as_owner CMD...            run CMD as $owner (the postgres user when we are root), else as is
# pg_lib_start NAME          start the cluster in $data on a free loopback port ($port), its log
#                            in $dir/server.log; on failure print the log's tail and exit 1
# pg_lib_ctl                 write $dir/ctl, a pg_ctl for this cluster (tests stop/restart it)

pg_lib_bindir() {
    bindir=${PG_BIN:-}
    if [ -z "$bindir" ]; then
        bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    fi
}

as_owner() {
    if [ -n "$owner" ]; then runuser -u "$owner" -- "$@"; else "$@"; fi
}

# A free port: not answering on 127.0.0.1 now. If another process takes it before the server
# binds, pg_ctl fails and the next candidate is tried.
pg_lib_start() {
    local started=0
    for _ in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 40000))
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
        sed -i "/^port = /d" "$data/postgresql.conf"
        echo "port = $port" >>"$data/postgresql.conf"
        if as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 30 start >/dev/null 2>&1; then
            started=1
            break
        fi
    done
    if [ $started = 0 ]; then
        echo "$1: the PostgreSQL server did not start:" >&2
        tail -n 20 "$dir/server.log" >&2 || true
        exit 1
    fi
}

pg_lib_ctl() {
    ctl=$dir/ctl
    {
        echo '#!/bin/sh'
        if [ -n "$owner" ]; then
            echo "exec runuser -u $owner -- $bindir/pg_ctl -D $data -l $dir/server.log -w \"\$@\""
        else
            echo "exec $bindir/pg_ctl -D $data -l $dir/server.log -w \"\$@\""
        fi
    } >"$ctl"
    chmod 755 "$ctl"
}
