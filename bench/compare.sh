#!/usr/bin/env bash
# compare.sh — benchmark of `ureg compare --file insurance=...` (issue 9): ROWS social-insurance
# rows streamed from a CSV and joined against every active registration, the registrations with a
# contribution starting after their registration date found and recorded (exits 11, auto by
# exit_policy), against the same join in DuckDB (bench/compare_duckdb.mjs, 2 threads) on the same
# data, the two result sets compared; on SQLite and then on PostgreSQL (scripts/pg-test.sh).
#
#   bench/compare.sh [PEOPLE] [ROWS]     defaults: 1065000 (about 1,000,000 registrations) 10000000
#
# Once per work dir (BENCH_DIR to reuse one): `ureg gen --people PEOPLE --no-history --out out/`
# into base.db (every approved person active), then insurance.csv: the first ROWS rows of gen's
# out/insurance.csv (each person's months together, as an export lists them), padded with
# bench/gen_insurance.awk rows of other people when gen made fewer. Each backend run (in
# bench/compare_run.sh) starts from a copy of base.db, exports the registrations for DuckDB with
# `ureg compare --export-registrations` (not timed), then times, side by side in one run,
#   ureg compare --registrations-only --file insurance=insurance.csv   (end to end, recording)
#   node bench/compare_duckdb.mjs regs.csv insurance.csv TODAY out.csv (read, join, write CSV)
# with /usr/bin/time -v (wall and peak RSS; DuckDB's includes node's), and prints the ratios and
# ureg's phases (the compare_done log line: load_ms, files_ms, record_ms). On PostgreSQL the store
# is migrated once and each run starts from a copy of it (CREATE DATABASE ... TEMPLATE).
# UREG_BINS="A B" runs each build in turn, each beside its own DuckDB run (two builds, one run).
# The machine is shared and has 2 cores: compare figures of the same run only.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-1065000}
ROWS=${2:-10000000}
BIN=${UREG_BIN:-$PWD/build/ureg}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/ureg-compare-XXXXXX)}
mkdir -p "$WORK"
[ -x "$BIN" ] || make -s all
echo "bench: work dir $WORK, $PEOPLE people, $ROWS insurance rows"
if [ ! -f "$WORK/base.db" ]; then
    "$BIN" --db "$WORK/gen.db" init >/dev/null
    t=$(date +%s.%N)
    "$BIN" --db "$WORK/gen.db" gen --people "$PEOPLE" --seed 1 --no-history --out "$WORK/out" \
        2>/dev/null | grep -E '^(registrations|datasets)'
    echo "gen: $(echo "$(date +%s.%N) - $t" | bc) s"
    sqlite3 "$WORK/gen.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
    mv "$WORK/gen.db" "$WORK/base.db"
fi
if [ ! -f "$WORK/insurance.csv" ]; then
    have=$(($(wc -l < "$WORK/out/insurance.csv") - 1))
    head -n $((ROWS + 1)) "$WORK/out/insurance.csv" > "$WORK/insurance.csv"
    if [ "$have" -lt "$ROWS" ]; then
        awk -v n=$((ROWS - have)) -f bench/gen_insurance.awk | tail -n +2 \
            | awk -F, -v OFS=, '{print $1, substr($2, 1, 7), "110", "110105"}' >> "$WORK/insurance.csv"
    fi
fi
echo "insurance.csv: $(($(wc -l < "$WORK/insurance.csv") - 1)) rows, $(du -m "$WORK/insurance.csv" | cut -f1) MB"
UREG_BIN="$BIN" bench/compare_run.sh sqlite "$WORK"
UREG_BIN="$BIN" scripts/pg-test.sh --durable bench/compare_run.sh pg "$WORK"
