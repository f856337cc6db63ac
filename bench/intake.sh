#!/usr/bin/env bash
# intake.sh — benchmark of online submissions (issue: registration lifecycle).
#
#   bench/intake.sh [ROWS] [SECONDS] [CONNECTIONS]      defaults: 10000000 20 32
#
# What it measures, in one run on one server: wrk drives POST /api/v1/public/applications
# (full validation, duplicate check, verification against ROWS loaded insurance rows, durable
# commit with synchronous=FULL, audit) and then GET /api/v1/version, a trivial route of the
# same server, with the same connections and duration. It prints submissions/s, p50/p99 and
# the ratio of the two throughputs (target ≥ 0.5). Then it kills the server with SIGKILL — a
# crash right after the last 201 — and counts the applications in the database: every 201
# must be there.
#
# The other six registries are loaded too, as in a province that has them: the card holders
# (the applicants themselves, bench/gen_applicants.awk) and one unrelated row each for the
# rest, so every check is decided and no investigation task is opened. ONLY_INSURANCE=1 loads
# the insurance rows alone: then four checks of every submission are unknown and open tasks.
#
# Needs wrk (Debian package, installed by scripts/bootstrap.sh). The machine is shared and has
# 2 cores: compare figures from the same run only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-10000000}
SECONDS_RUN=${2:-20}
CONNS=${3:-32}
BIN=${UREG_BIN:-build/ureg}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/ureg-bench-XXXXXX)}
DB=$WORK/bench.db
trap 'kill -9 $PID 2>/dev/null || true' EXIT

[ -x "$BIN" ] || make -s all
command -v wrk >/dev/null || scripts/bootstrap.sh deb

echo "bench: work dir $WORK"
"$BIN" --db "$DB" init >/dev/null
if [ ! -f "$WORK/insurance-$ROWS.csv" ]; then
    echo "bench: writing $ROWS insurance rows"
    awk -v n="$ROWS" -f bench/gen_insurance.awk > "$WORK/insurance-$ROWS.csv"
fi
start=$(date +%s.%N)
"$BIN" --db "$DB" import insurance "$WORK/insurance-$ROWS.csv" | grep "^read"
end=$(date +%s.%N)
echo "bench: import of $ROWS rows took $(echo "$end - $start" | bc) s"
if [ -z "${ONLY_INSURANCE:-}" ]; then
    awk -v n=1000000 -f bench/gen_applicants.awk > "$WORK/ssc_holders.csv"
    "$BIN" --db "$DB" import ssc_holders "$WORK/ssc_holders.csv" | grep "^read"
    head -2 "$WORK/insurance-$ROWS.csv" | cut -d, -f1,2 > "$WORK/other.csv"
    for src in employment_filings business_licences pensions deaths custody; do
        "$BIN" --db "$DB" import "$src" "$WORK/other.csv" > /dev/null
    done
    echo "bench: card holders and the five other registries loaded"
fi

"$BIN" --db "$DB" serve --listen 127.0.0.1:0 --threads "${THREADS:-16}" > "$WORK/serve.out" 2> "$WORK/serve.err" &
PID=$!
for _ in $(seq 100); do
    URL=$(head -1 "$WORK/serve.out" 2>/dev/null | sed -n 's/^listening on //p')
    [ -n "$URL" ] && break
    sleep 0.1
done
[ -n "$URL" ] || { echo "bench: server did not start"; cat "$WORK/serve.err"; exit 1; }

run() { # label, path, [lua script]
    local label=$1 path=$2 script=${3:-}
    if [ -n "$script" ]; then
        wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" --latency -s "$script" "$URL$path" -- 2 0 > "$WORK/$label.txt"
    else
        wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" --latency "$URL$path" > "$WORK/$label.txt"
    fi
    local rps p50 p99
    rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/$label.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$WORK/$label.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$WORK/$label.txt")
    printf '%-8s %10s req/s   p50 %8s   p99 %8s\n' "$label" "$rps" "$p50" "$p99"
    eval "${label}_rps=$rps"
}

echo "bench: $CONNS connections, ${SECONDS_RUN}s each, server threads ${THREADS:-16}"
run intake /api/v1/public/applications bench/intake.lua
grep STATUS "$WORK/intake.txt"
run trivial /api/v1/version
echo "ratio intake/trivial: $(echo "scale=3; $intake_rps / $trivial_rps" | bc)"

ok=$(sed -n 's/^STATUS 201=\([0-9]*\).*/\1/p' "$WORK/intake.txt")
kill -9 "$PID"
wait "$PID" 2>/dev/null || true
stored=$(sqlite3 "$DB" "SELECT COUNT(*) FROM application")
echo "durability: $ok answered 201, $stored applications in the database after SIGKILL"
[ "$stored" -ge "$ok" ] || { echo "bench: LOST APPLICATIONS"; exit 1; }
[ -n "${BENCH_DIR:-}" ] || rm -rf "$WORK"
