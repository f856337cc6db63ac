#!/usr/bin/env bash
# match_run.sh — one backend's run of bench/match.sh (see there):
#   bench/match_run.sh sqlite|pg WORK SECONDS CONNECTIONS
# pg needs UREG_TEST_PG (scripts/pg-test.sh); the store is copied there from WORK/match.db with
# `ureg migrate` (not timed). Times `ureg match run` (the batch, its inputs exported to
# WORK/BACKEND/in), runs the DuckDB baseline over those inputs when WORK/duckdb-top10.csv is not
# there yet (once per bench run: the first backend's), prints the agreement and the ratio, then
# one person's matches and GET /api/v1/version under wrk with the same connections.
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=$1
WORK=$2
SECONDS_RUN=${3:-20}
CONNS=${4:-16}
BIN=${UREG_BIN:-$PWD/build/ureg}
DUCKDB_LIMIT=${DUCKDB_LIMIT:-3600}
R=$WORK/$BACKEND
rm -rf "$R"
mkdir -p "$R"
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null || true' EXIT
load() { echo "$BACKEND: load average $(uptime | sed 's/.*load average: //') ($1)"; }
secs() { date +%s.%N; }
if [ "$BACKEND" = sqlite ]; then
    DB=$WORK/match.db
else
    psql -q "$UREG_TEST_PG" -c 'CREATE DATABASE ureg_bench'
    DB=${UREG_TEST_PG%/*}/ureg_bench
    t=$(secs)
    "$BIN" --key-file "$WORK/ureg.key" migrate --from "$WORK/match.db" --to "$DB" >/dev/null
    echo "pg: store copied with ureg migrate in $(echo "$(secs) - $t" | bc) s (not timed)"
fi
U=("$BIN" --db "$DB" --key-file "$WORK/ureg.key")

load "batch"
t=$(secs)
"${U[@]}" match run --out "$R/ureg-top10.csv" --export "$R/in" 2>/dev/null | sed "s/^/$BACKEND: /"
UREG_S=$(echo "$(secs) - $t" | bc)
echo "$BACKEND: ureg match run: $UREG_S s wall (export of the inputs included)"
if [ "$BACKEND" != sqlite ] && [ -d "$WORK/sqlite/in" ]; then
    for f in people jobs; do
        cmp -s "$R/in/$f.csv" "$WORK/sqlite/in/$f.csv" && echo "$BACKEND: in/$f.csv the same as SQLite's" \
            || echo "$BACKEND: in/$f.csv DIFFERS from SQLite's"
    done
fi

if [ ! -f "$WORK/duckdb-top10.csv" ]; then
    load "duckdb"
    t=$(secs)
    DUCK_RC=0
    timeout "$DUCKDB_LIMIT" node bench/match_duckdb.mjs "$R/in" "$WORK/duckdb-top10.csv.part" || DUCK_RC=$?
    DUCK_S=$(echo "$(secs) - $t" | bc)
    if [ "$DUCK_RC" = 0 ]; then
        mv "$WORK/duckdb-top10.csv.part" "$WORK/duckdb-top10.csv"
        echo "$DUCK_S" > "$WORK/duckdb.s"
        echo "duckdb (with its CSV reading and writing): $DUCK_S s wall"
    elif [ "$DUCK_RC" = 124 ]; then
        echo "duckdb: did not finish within $DUCKDB_LIMIT s (stopped); no ratio, no agreement"
    else
        echo "duckdb: failed (exit $DUCK_RC) after $DUCK_S s; no ratio, no agreement"
    fi
fi
if [ -f "$WORK/duckdb-top10.csv" ]; then
    node bench/match_duckdb.mjs --compare "$WORK/duckdb-top10.csv" "$R/ureg-top10.csv" | sed "s/^/$BACKEND: /"
    DUCK_S=$(cat "$WORK/duckdb.s")
    echo "$BACKEND: ratio ureg / duckdb: $(echo "scale=3; $UREG_S / $DUCK_S" | bc) (target: at most 0.5)"
fi

# One person's matches over HTTP, and the trivial route beside it; with UREG_HTTP_BINS="A B"
# each of those binaries serves in turn (HTTP_ROUNDS rounds, default 1), on the same store and
# token, so that builds compare in one run.
TOKEN=$("${U[@]}" token add --username supervisor --label "bench $BACKEND" --days 1 | tail -1)
cut -d, -f1 "$R/in/people.csv" | tail -n +2 | shuf -n 100000 --random-source=<(yes) > "$R/regs.txt"
http_phase() { # BIN LABEL
    local bin=$1 tag=$2
    "$bin" --db "$DB" --key-file "$WORK/ureg.key" serve --listen 127.0.0.1:0 \
        > "$R/serve.out" 2> "$R/serve.err" &
    PID=$!
    for _ in $(seq 100); do grep -q listening "$R/serve.out" 2>/dev/null && break; sleep 0.1; done
    URL=$(sed -n 's/^listening on //p' "$R/serve.out")
    curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/registrations/$(head -1 "$R/regs.txt")/job-matches" >/dev/null \
        || { echo "$tag: the first match request failed"; cat "$R/serve.err"; exit 1; }
    load "http $tag"
    wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" --latency -H "Authorization: Bearer $TOKEN" \
        -s bench/match.lua "$URL" -- "$R/regs.txt" > "$R/wrk-match.txt"
    wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" --latency "$URL/api/v1/version" > "$R/wrk-version.txt"
    for f in match version; do
        rps=$(awk '/Requests\/sec/ {print $2}' "$R/wrk-$f.txt")
        p50=$(awk '$1 == "50%" {print $2}' "$R/wrk-$f.txt")
        p99=$(awk '$1 == "99%" {print $2}' "$R/wrk-$f.txt")
        non2xx=$(awk '/Non-2xx/ {print $NF}' "$R/wrk-$f.txt")
        echo "$tag: http $f: $rps req/s, p50 $p50, p99 $p99, non-2xx ${non2xx:-0} ($CONNS connections, ${SECONDS_RUN} s)"
    done
    kill $PID
    wait $PID 2>/dev/null || true
    PID=
    # The server's own time per request (its request log: from the request read to the answer
    # written, without the wait for a server thread or for the machine's CPU before that).
    for r in job-matches version; do
        grep "path=/api/v1/.*$r " "$R/serve.err" | sed -n 's/.* ms=\([0-9.]*\) .*/\1/p' | sort -n \
            | awk -v b="$tag" -v r="$r" '{a[NR] = $1} END {if (NR) printf "%s: server time %s: p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms (%d requests)\n", b, r, a[int(NR * 0.5)], a[int(NR * 0.99)], a[int(NR * 0.999)], a[NR], NR}'
    done
}
HTTP_BINS=(${UREG_HTTP_BINS:-$BIN})
for round in $(seq "${HTTP_ROUNDS:-1}"); do
    for i in "${!HTTP_BINS[@]}"; do
        tag=$BACKEND
        [ ${#HTTP_BINS[@]} -gt 1 ] && tag="$BACKEND bin$((i + 1)) round $round"
        http_phase "${HTTP_BINS[$i]}" "$tag"
    done
done
load "end"
