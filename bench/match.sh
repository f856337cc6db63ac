#!/usr/bin/env bash
# match.sh — benchmark of job matching (issue 8): the batch top 10 for every active person of a
# province, against the same ranking as SQL in DuckDB, and one person's matches over HTTP.
#
#   bench/match.sh [PEOPLE] [JOBS] [SECONDS] [CONNECTIONS]   defaults: 1000000 200000 20 16
#
# One run, on SQLite: `ureg gen --people PEOPLE --jobs JOBS --region 110000 --no-history` (北京市;
# without histories every person stays active, so PEOPLE people are matched), then
# `ureg match run --out ureg-top10.csv --export in/` (the batch: index of the open vacancies,
# two threads), then bench/match_duckdb.mjs over in/people.csv and in/jobs.csv (the baseline:
# the rule as SQL, DuckDB with 2 threads) and the agreement of the two result files; then the
# server under wrk: GET /api/v1/registrations/{reg_no}/job-matches for random registrations
# with a supervisor's API token (p50/p99), and GET /api/v1/version with the same connections
# for reference. The machine is shared and has 2 cores: compare figures from the same run only;
# the load average (uptime) is printed before each phase. The baseline is stopped after
# DUCKDB_LIMIT seconds (default 3600) and then said so; the ratio ureg / DuckDB is printed when
# both finished (target: at most 0.5). BENCH_DIR keeps the generated database for another run.
# Needs wrk (scripts/bootstrap.sh) and the npm devDependency @duckdb/node-api.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-1000000}
JOBS=${2:-200000}
SECONDS_RUN=${3:-20}
DUCKDB_LIMIT=${DUCKDB_LIMIT:-3600}
CONNS=${4:-16}
BIN=${UREG_BIN:-build/ureg}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/ureg-match-XXXXXX)}
mkdir -p "$WORK"
DB=$WORK/match.db
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null || true' EXIT
[ -x "$BIN" ] || make -s all
command -v wrk >/dev/null || scripts/bootstrap.sh deb
echo "bench: work dir $WORK, $PEOPLE people, $JOBS vacancies"

secs() { date +%s.%N; }
if [ ! -f "$DB" ]; then
    "$BIN" --db "$DB" init >/dev/null
    "$BIN" --db "$DB" demo >/dev/null
    t=$(secs)
    "$BIN" --db "$DB" gen --people "$PEOPLE" --jobs "$JOBS" --seed 1 --region 110000 --no-history \
        2>/dev/null \
        | grep -E '^(registrations|vacancies)'
    echo "gen: $(echo "$(secs) - $t" | bc) s"
fi

load() { echo "load: $(uptime | sed 's/.*load average: //')"; }
load
t=$(secs)
"$BIN" --db "$DB" match run --out "$WORK/ureg-top10.csv" --export "$WORK/in" 2>/dev/null
UREG_S=$(echo "$(secs) - $t" | bc)
echo "ureg match run: $UREG_S s wall (export of the inputs included)"

load
t=$(secs)
DUCK_RC=0
timeout "$DUCKDB_LIMIT" node bench/match_duckdb.mjs "$WORK/in" "$WORK/duckdb-top10.csv" \
    "$WORK/ureg-top10.csv" || DUCK_RC=$?
DUCK_S=$(echo "$(secs) - $t" | bc)
if [ "$DUCK_RC" = 0 ]; then
    echo "duckdb (with its CSV reading and writing and the comparison): $DUCK_S s wall"
    echo "ratio ureg / duckdb: $(echo "scale=3; $UREG_S / $DUCK_S" | bc) (target: at most 0.5)"
elif [ "$DUCK_RC" = 124 ]; then
    echo "duckdb: did not finish within $DUCKDB_LIMIT s (stopped); no ratio, no agreement"
else
    echo "duckdb: failed (exit $DUCK_RC) after $DUCK_S s; no ratio, no agreement"
fi

# One person's matches over HTTP.
TOKEN=$("$BIN" --db "$DB" token add --username supervisor --label bench --days 1 | tail -1)
cut -d, -f1 "$WORK/in/people.csv" | tail -n +2 | shuf -n 100000 --random-source=<(yes) > "$WORK/regs.txt"
"$BIN" --db "$DB" serve --listen 127.0.0.1:0 > "$WORK/serve.out" 2> "$WORK/serve.err" &
PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$WORK/serve.out")
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/registrations/$(head -1 "$WORK/regs.txt")/job-matches" >/dev/null \
    || { echo "bench: the first match request failed"; cat "$WORK/serve.err"; exit 1; }
load
wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" --latency -H "Authorization: Bearer $TOKEN" \
    -s bench/match.lua "$URL" -- "$WORK/regs.txt" > "$WORK/wrk-match.txt"
wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" --latency "$URL/api/v1/version" > "$WORK/wrk-version.txt"
for f in match version; do
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-$f.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk-$f.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk-$f.txt")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk-$f.txt")
    echo "http $f: $rps req/s, p50 $p50, p99 $p99, non-2xx ${non2xx:-0} ($CONNS connections, ${SECONDS_RUN} s)"
done
