#!/usr/bin/env bash
# report.sh — benchmark of the monthly report (issue 10): `ureg report monthly` of a province over
# generated registrations with five years of history, against the same report as SQL in DuckDB
# (bench/report_duckdb.mjs, 2 threads) over the same records exported in the same run, the two
# results compared figure by figure; on SQLite and then on PostgreSQL (scripts/pg-test.sh
# --durable, the store copied there with `ureg migrate`).
#
#   bench/report.sh [PEOPLE] [PERIOD] [REGION]   defaults: 1000000, last month, 440000 (广东省)
#   BACKENDS="sqlite pg" (default both), RUNS=3 (ureg runs per backend), BENCH_DIR=DIR (reuse)
#
# Once per work dir: `ureg gen --people PEOPLE --region REGION --from Y-M` with Y-M five years
# before this month (applications, decisions, exits, contacts up to today) into base.db. Each
# backend run (bench/report_run.sh) exports the registrations with the raw columns the report
# counts by, and the region table, with the database's own shell (sqlite3 / psql \copy; timed,
# not part of either figure), then times RUNS runs of
#   ureg report monthly --period PERIOD --region REGION --out ureg.json   (end to end: process
#                                                                          start, count, JSON)
# and one run of node bench/report_duckdb.mjs (the CSVs loaded into DuckDB tables, "load", then
# the report counted, "query"), compares the two reports and prints the ratios ureg/DuckDB
# against the query alone and against load + query. The load average is printed before each
# phase: the machine is shared and has 2 cores, so compare figures of the same run only. Heavy
# steps run under nice.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-1000000}
PERIOD=${2:-$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-01) -1 month" +%Y-%m)}
REGION=${3:-440000}
BACKENDS=${BACKENDS:-sqlite pg}
BIN=${UREG_BIN:-$PWD/build/ureg}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/ureg-report-XXXXXX)}
mkdir -p "$WORK"
[ -x "$BIN" ] || make -s all
FROM=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-01) -59 months" +%Y-%m)
echo "bench: work dir $WORK, $PEOPLE people in $REGION from $FROM, report $PERIOD"
if [ ! -f "$WORK/base.db" ]; then
    "$BIN" --db "$WORK/gen.db" init >/dev/null
    "$BIN" --db "$WORK/gen.db" demo >/dev/null
    t=$(date +%s.%N)
    nice "$BIN" --db "$WORK/gen.db" gen --people "$PEOPLE" --seed 1 --region "$REGION" --from "$FROM" \
        2>/dev/null | grep -E '^(registrations|histories)'
    echo "gen: $(echo "$(date +%s.%N) - $t" | bc) s"
    sqlite3 "$WORK/gen.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
    mv "$WORK/gen.db" "$WORK/base.db"
fi
# A store made by an older binary: its pending migrations first (ureg migrate refuses it).
"$BIN" --db "$WORK/base.db" init >/dev/null
for b in $BACKENDS; do
    case $b in
    sqlite) UREG_BIN="$BIN" bench/report_run.sh sqlite "$WORK" "$PERIOD" "$REGION" ;;
    pg) UREG_BIN="$BIN" scripts/pg-test.sh --durable bench/report_run.sh pg "$WORK" "$PERIOD" "$REGION" ;;
    *) echo "bench: unknown backend $b" >&2; exit 1 ;;
    esac
done
