#!/usr/bin/env bash
# intake.sh — benchmark of online submissions on SQLite and on PostgreSQL, in one run.
#
#   bench/intake.sh [ROWS] [SECONDS] [CONNECTIONS]      defaults: 10000000 20 32
#   BACKENDS="sqlite"  bench/intake.sh ...               one backend only (default: sqlite pg)
#   RESTART_SECONDS=0  bench/intake.sh ...               no PostgreSQL restart run (default 60)
#
# (The per-address submission limit is off: the load comes from one address.)
# What it measures, per backend, on one server each with the same data and the same load: wrk
# drives POST /api/v1/public/applications (full validation, duplicate check, verification
# against ROWS loaded insurance rows, durable commit — SQLite synchronous=FULL, PostgreSQL
# fsync=on and synchronous_commit=on — audit) and then GET /api/v1/version, a trivial route
# of the same server, with the same connections and duration. It prints submissions/s,
# p50/p99 and the ratio of the two throughputs. Then it kills the server with SIGKILL — a
# crash right after the last 201 — and counts the applications in the database: every 201 must
# be there.
#
# PostgreSQL runs in a throwaway cluster (scripts/pg-test.sh --durable: fsync on, loopback).
# After the two runs comes the restart run: submissions for RESTART_SECONDS, PostgreSQL
# restarted (pg_ctl restart -m fast) in the middle; it prints the applications committed per
# second around the restart, and the 201s against the rows afterwards (none may be missing).
#
# The other six registries are loaded too, as in a province that has them: the card holders
# (the applicants themselves, bench/gen_applicants.awk) and one unrelated row each for the
# rest, so every check is decided and no investigation task is opened. ONLY_INSURANCE=1 loads
# the insurance rows alone: then four checks of every submission are unknown and open tasks.
#
# Needs wrk and postgresql-15 (Debian packages, installed by scripts/bootstrap.sh). The machine
# is shared and has 2 cores: compare figures from the same run only.
set -euo pipefail
cd "$(dirname "$0")/.."
BACKENDS=${BACKENDS:-sqlite pg}
case " $BACKENDS " in
*" pg "*)
    if [ -z "${UREG_TEST_PG:-}" ]; then
        exec scripts/pg-test.sh --durable "$0" "$@"
    fi
    ;;
esac
ROWS=${1:-10000000}
SECONDS_RUN=${2:-20}
CONNS=${3:-32}
RESTART_SECONDS=${RESTART_SECONDS:-60}
BIN=${UREG_BIN:-build/ureg}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/ureg-bench-XXXXXX)}
PID=
trap '[ -n "$PID" ] && kill -9 $PID 2>/dev/null || true' EXIT

[ -x "$BIN" ] || make -s all
command -v wrk >/dev/null || scripts/bootstrap.sh deb

echo "bench: work dir $WORK"
if [ ! -f "$WORK/insurance-$ROWS.csv" ]; then
    echo "bench: writing $ROWS insurance rows"
    awk -v n="$ROWS" -f bench/gen_insurance.awk > "$WORK/insurance-$ROWS.csv"
fi
awk -v n=1000000 -f bench/gen_applicants.awk > "$WORK/ssc_holders.csv"
head -2 "$WORK/insurance-$ROWS.csv" | cut -d, -f1,2 > "$WORK/other.csv"

# The database of a backend: a file, or a new database on the throwaway cluster.
db_for() {
    if [ "$1" = sqlite ]; then
        echo "$WORK/bench.db"
    else
        PGOPTIONS='-c client_min_messages=warning' psql -qAtX -d "$UREG_TEST_PG" \
            -c "DROP DATABASE IF EXISTS ureg_bench" -c "CREATE DATABASE ureg_bench" >/dev/null
        echo "${UREG_TEST_PG%/*}/ureg_bench"
    fi
}

count_apps() { # backend db
    if [ "$1" = sqlite ]; then
        sqlite3 "$2" "SELECT COUNT(*) FROM application"
    else
        psql -qAtX -d "$2" -c "SELECT COUNT(*) FROM application" 2>/dev/null || echo "-"
    fi
}

load() { # backend db
    "$BIN" --db "$2" init >/dev/null
    local start end
    start=$(date +%s.%N)
    "$BIN" --db "$2" import insurance "$WORK/insurance-$ROWS.csv" | grep "^read"
    end=$(date +%s.%N)
    echo "bench[$1]: import of $ROWS rows took $(echo "$end - $start" | bc) s"
    if [ -z "${ONLY_INSURANCE:-}" ]; then
        "$BIN" --db "$2" import ssc_holders "$WORK/ssc_holders.csv" | grep "^read"
        for src in employment_filings business_licences pensions deaths custody; do
            "$BIN" --db "$2" import "$src" "$WORK/other.csv" > /dev/null
        done
        echo "bench[$1]: card holders and the five other registries loaded"
    fi
}

serve() { # backend db
    "$BIN" --db "$2" serve --listen 127.0.0.1:0 --threads "${THREADS:-16}" --rate-submit off \
        > "$WORK/serve-$1.out" 2> "$WORK/serve-$1.err" &
    PID=$!
    URL=
    for _ in $(seq 100); do
        URL=$(head -1 "$WORK/serve-$1.out" 2>/dev/null | sed -n 's/^listening on //p')
        [ -n "$URL" ] && break
        sleep 0.1
    done
    [ -n "$URL" ] || { echo "bench: server did not start"; cat "$WORK/serve-$1.err"; exit 1; }
}

run() { # label, path, [lua script, offset]
    local label=$1 path=$2 script=${3:-} offset=${4:-0} secs=${5:-$SECONDS_RUN}
    if [ -n "$script" ]; then
        wrk -t2 -c"$CONNS" -d"${secs}s" --latency -s "$script" "$URL$path" -- 2 "$offset" > "$WORK/$label.txt"
    else
        wrk -t2 -c"$CONNS" -d"${secs}s" --latency "$URL$path" > "$WORK/$label.txt"
    fi
    local rps p50 p99
    rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/$label.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$WORK/$label.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$WORK/$label.txt")
    printf '%-16s %10s req/s   p50 %8s   p99 %8s\n' "$label" "$rps" "$p50" "$p99"
    LAST_RPS=$rps
}

status=0
for be in $BACKENDS; do
    DB=$(db_for "$be")
    load "$be" "$DB"
    serve "$be" "$DB"
    echo "bench[$be]: $CONNS connections, ${SECONDS_RUN}s each, server threads ${THREADS:-16}"
    run "intake-$be" /api/v1/public/applications bench/intake.lua
    intake_rps=$LAST_RPS
    grep STATUS "$WORK/intake-$be.txt"
    run "trivial-$be" /api/v1/version
    echo "bench[$be]: ratio intake/trivial: $(echo "scale=3; $intake_rps / $LAST_RPS" | bc)"
    ok=$(sed -n 's/^STATUS 201=\([0-9]*\).*/\1/p' "$WORK/intake-$be.txt")
    kill -9 "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
    stored=$(count_apps "$be" "$DB")
    echo "bench[$be]: durability: $ok answered 201, $stored applications in the database after SIGKILL"
    [ "$stored" -ge "$ok" ] || { echo "bench[$be]: LOST APPLICATIONS"; status=1; }
done

if [ "$RESTART_SECONDS" -gt 0 ] && [ -n "${UREG_TEST_PG:-}" ] && [ -n "${DB:-}" ] &&
    [ "${DB#postgres}" != "$DB" ]; then
    # Same database as the PostgreSQL run, people numbered from 200000 on (new applicants, all
    # of them card holders).
    serve pg-restart "$DB"
    base=$(count_apps pg "$DB")
    echo "bench[pg-restart]: ${RESTART_SECONDS}s of submissions, PostgreSQL restarted after $((RESTART_SECONDS / 2))s"
    run pg-restart /api/v1/public/applications bench/intake.lua 200000 "$RESTART_SECONDS" &
    WRK=$!
    : > "$WORK/rates.txt"
    prev=$base
    t0=$(date +%s.%N)
    half=$((RESTART_SECONDS / 2))
    restarted=0
    # One sample a second of wall-clock time (the restart runs in the background): the rows
    # committed in that second, "down" when the database does not answer.
    for s in $(seq 1 "$RESTART_SECONDS"); do
        sleep "$(echo "$t0 + $s - $(date +%s.%N)" | bc | sed 's/^-.*/0/')"
        if [ "$s" -eq "$half" ]; then
            ( "$UREG_TEST_PG_CTL" restart -m fast >/dev/null
              echo "back $(echo "$(date +%s.%N) - $t0" | bc)" >> "$WORK/restart.txt" ) &
            restarted=$!
        fi
        n=$(count_apps pg "$DB")
        if [ "$n" = "-" ]; then
            echo "$s down" >> "$WORK/rates.txt"
        else
            echo "$s $((n - prev))" >> "$WORK/rates.txt"
            prev=$n
        fi
    done
    wait "$restarted" || true
    wait "$WRK"
    echo "bench[pg-restart]: restart issued at ${half}s; PostgreSQL accepting connections again at $(sed -n 's/^back //p' "$WORK/restart.txt")s"
    echo "bench[pg-restart]: applications committed per second, seconds $((half - 5))..$((half + 10)):"
    awk -v a=$((half - 5)) -v b=$((half + 10)) '$1 >= a && $1 <= b {printf "%s:%s ", $1, $2}' "$WORK/rates.txt"
    echo
    grep STATUS "$WORK/pg-restart.txt"
    ok=$(sed -n 's/^STATUS 201=\([0-9]*\).*/\1/p' "$WORK/pg-restart.txt")
    kill -9 "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
    stored=$(($(count_apps pg "$DB") - base))
    echo "bench[pg-restart]: $ok answered 201, $stored new applications in the database"
    [ "$stored" -ge "$ok" ] || { echo "bench[pg-restart]: LOST APPLICATIONS"; status=1; }
fi
[ -n "${BENCH_DIR:-}" ] || rm -rf "$WORK"
exit $status
