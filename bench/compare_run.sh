#!/usr/bin/env bash
# compare_run.sh — one backend's run of bench/compare.sh (see there):
#   bench/compare_run.sh sqlite|pg WORK
# pg needs UREG_TEST_PG (scripts/pg-test.sh); the store is copied there once with `ureg migrate`
# (into ureg_base, not timed), and each run starts from a copy of it (CREATE DATABASE ... TEMPLATE).
# UREG_BINS="A B ..." runs each binary in turn on a fresh copy, each beside its own DuckDB run
# (default: UREG_BIN alone), so that two builds are measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=$1
WORK=$2
BIN=${UREG_BIN:-$PWD/build/ureg}
BINS=${UREG_BINS:-$BIN}
TODAY=$(TZ=Asia/Shanghai date +%F)
R=$WORK/$BACKEND
rm -rf "$R"
mkdir -p "$R"
cp "$WORK/ureg.key" "$R/ureg.key" 2>/dev/null || true
if [ "$BACKEND" = sqlite ]; then
    DB=$R/run.db
    fresh() { rm -f "$DB" "$DB-wal" "$DB-shm"; cp "$WORK/base.db" "$DB"; }
    ureg_results() { sqlite3 -csv "$DB" "SELECT registration_id, json_extract(evidence, '\$.event_date')
        FROM exit_event WHERE source = 'compare' ORDER BY registration_id"; }
else
    psql -q "$UREG_TEST_PG" -c 'CREATE DATABASE ureg_base'
    t=$(date +%s.%N)
    "$BIN" --key-file "$R/ureg.key" migrate --from "$WORK/base.db" --to "${UREG_TEST_PG%/*}/ureg_base" >/dev/null
    echo "pg: store copied with ureg migrate in $(echo "$(date +%s.%N) - $t" | bc) s"
    DB=${UREG_TEST_PG%/*}/ureg_bench
    fresh() {
        psql -q "$UREG_TEST_PG" -c 'DROP DATABASE IF EXISTS ureg_bench' \
            -c "CREATE DATABASE ureg_bench TEMPLATE ureg_base STRATEGY file_copy"
    }
    ureg_results() { psql -At -F, "$DB" -c "SELECT registration_id, evidence::json->>'event_date'
        FROM exit_event WHERE source = 'compare' ORDER BY registration_id"; }
fi
fresh
"$BIN" --db "$DB" --key-file "$R/ureg.key" compare --export-registrations "$R/regs.csv" >/dev/null
echo "$BACKEND: $(($(wc -l < "$R/regs.csv") - 1)) active registrations, today $TODAY"

peak() { awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$1"; }
wall() { awk '/Elapsed \(wall clock\)/ {n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$1"; }

n=0
for B in $BINS; do
    n=$((n + 1))
    [ "$n" -gt 1 ] && fresh
    echo "$BACKEND, run $n: $B, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -v "$B" --db "$DB" --key-file "$R/ureg.key" --log-level info --log-file "$R/ureg.$n.log" \
        compare --registrations-only --file "insurance=$WORK/insurance.csv" \
        > "$R/ureg.out" 2> "$R/ureg.time"
    grep -E '^(registrations with|file)' "$R/ureg.out"
    grep -o 'load_ms=[0-9]* files_ms=[0-9]* record_ms=[0-9]*' "$R/ureg.$n.log" || true
    /usr/bin/time -v node bench/compare_duckdb.mjs "$R/regs.csv" "$WORK/insurance.csv" "$TODAY" \
        "$R/duckdb.csv" > "$R/duckdb.out" 2> "$R/duckdb.time"
    cat "$R/duckdb.out"
    { echo registration_id,event_date; ureg_results; } > "$R/ureg.csv"
    node bench/compare_duckdb.mjs "$R/regs.csv" "$WORK/insurance.csv" "$TODAY" "$R/duckdb.csv" \
        "$R/ureg.csv" | grep agreement
    uw=$(wall "$R/ureg.time"); dw=$(wall "$R/duckdb.time")
    um=$(peak "$R/ureg.time"); dm=$(peak "$R/duckdb.time")
    echo "$BACKEND, run $n: ureg $uw s, peak $((um / 1024)) MB; duckdb $dw s, peak $((dm / 1024)) MB;" \
        "time ratio ureg/duckdb $(echo "scale=2; $uw / $dw" | bc), memory ratio $(echo "scale=2; $um / $dm" | bc)"
done
