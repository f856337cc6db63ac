#!/usr/bin/env bash
# match.sh — benchmark of job matching (issue 8): the batch top 10 for every active person of a
# province, against the same ranking as SQL in DuckDB, and one person's matches over HTTP; on
# SQLite and on PostgreSQL in one run.
#
#   bench/match.sh [PEOPLE] [JOBS] [SECONDS] [CONNECTIONS]   defaults: 1000000 200000 20 16
#
# Once per work dir (BENCH_DIR to reuse one): `ureg gen --people PEOPLE --jobs JOBS --region
# 110000 --no-history` into match.db (北京市; without histories every person stays active).
# Then for each backend of BACKENDS (default "sqlite pg"; pg through scripts/pg-test.sh
# --durable, the store copied there with `ureg migrate`, not timed) bench/match_run.sh:
# `ureg match run --out ureg-top10.csv --export in/` timed (the batch: index of the open
# vacancies, two threads); once per run, after the first backend's batch, bench/match_duckdb.mjs
# over its in/people.csv and in/jobs.csv (the baseline: the rule as SQL, DuckDB with 2 threads,
# stopped after DUCKDB_LIMIT seconds, default 3600); the agreement of each backend's result
# file with DuckDB's and the ratio ureg / DuckDB (target: at most 0.5); then the server under
# wrk: GET /api/v1/registrations/{reg_no}/job-matches for random registrations with a
# supervisor's API token (p50/p99; target p99 under 10 ms), and GET /api/v1/version with the
# same connections beside it (the machine's floor). The machine is shared and has 2 cores:
# compare figures from the same run only; the load average is printed before each phase.
# UREG_HTTP_BINS="OLD NEW" (HTTP_ROUNDS=N) serves the HTTP phase with each binary in turn, on the
# same store, to compare builds in one run.
# Needs wrk (scripts/bootstrap.sh) and the npm devDependency @duckdb/node-api.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-1000000}
JOBS=${2:-200000}
SECONDS_RUN=${3:-20}
CONNS=${4:-16}
BACKENDS=${BACKENDS:-sqlite pg}
BIN=${UREG_BIN:-$PWD/build/ureg}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/ureg-match-XXXXXX)}
mkdir -p "$WORK"
DB=$WORK/match.db
[ -x "$BIN" ] || make -s all
command -v wrk >/dev/null || scripts/bootstrap.sh deb
echo "bench: work dir $WORK, $PEOPLE people, $JOBS vacancies, backends $BACKENDS, $(git rev-parse --short HEAD)"

if [ ! -f "$DB" ]; then
    "$BIN" --db "$DB" init >/dev/null
    "$BIN" --db "$DB" demo >/dev/null
    t=$(date +%s.%N)
    "$BIN" --db "$DB" gen --people "$PEOPLE" --jobs "$JOBS" --seed 1 --region 110000 --no-history \
        2>/dev/null \
        | grep -E '^(registrations|vacancies)'
    echo "gen: $(echo "$(date +%s.%N) - $t" | bc) s"
    sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
fi
# A store made by an older binary: its pending migrations first (ureg migrate refuses it).
"$BIN" --db "$DB" init >/dev/null
rm -f "$WORK/duckdb-top10.csv" "$WORK/duckdb.s"
for b in $BACKENDS; do
    case $b in
    sqlite) UREG_BIN="$BIN" bench/match_run.sh sqlite "$WORK" "$SECONDS_RUN" "$CONNS" ;;
    pg) UREG_BIN="$BIN" scripts/pg-test.sh --durable bench/match_run.sh pg "$WORK" "$SECONDS_RUN" "$CONNS" ;;
    *) echo "bench: unknown backend $b" >&2; exit 1 ;;
    esac
done
