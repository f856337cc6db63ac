#!/usr/bin/env bash
# report_run.sh — one backend's run of bench/report.sh (see there):
#   bench/report_run.sh sqlite|pg WORK PERIOD REGION
# pg needs UREG_TEST_PG (scripts/pg-test.sh); the store is copied there with `ureg migrate`
# once per cluster (not timed as part of the report).
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=$1
WORK=$2
PERIOD=$3
REGION=$4
BIN=${UREG_BIN:-$PWD/build/ureg}
RUNS=${RUNS:-3}
R=$WORK/$BACKEND
mkdir -p "$R"
load() { echo "$BACKEND: load average $(uptime | sed 's/.*load average: //') ($1)"; }
secs() { date +%s.%N; }
# The raw columns the report counts by, one row per registration (docs/statistics.md).
RECORDS="SELECT r.scope_region, r.register_region, r.registered_on,
    COALESCE(r.exit_date, '') AS exit_date, COALESCE(r.exit_reason, '') AS exit_reason,
    r.ui_benefit, r.served_as, r.difficulty, p.sex, p.education, p.id_type, p.hukou_region,
    p.residence_region, p.birth_ym, a.unemployed_since,
    a.unemployment_reason AS application_reason,
    COALESCE(pf.unemployment_reason, '') AS profile_reason
    FROM registration r JOIN person p ON p.id = r.person_id
    JOIN application a ON a.id = r.application_id
    LEFT JOIN profile pf ON pf.registration_id = r.id"
REGIONS="SELECT code, name, level, COALESCE(parent, '') AS parent FROM region"
if [ "$BACKEND" = sqlite ]; then
    DB=$R/run.db
    if [ ! -f "$DB" ]; then
        cp "$WORK/base.db" "$DB"
        cp "$WORK/ureg.key" "$R/ureg.key"
    fi
    export_csv() { sqlite3 -csv -header "$DB" "$1" > "$2"; }
else
    DB=${UREG_TEST_PG%/*}/ureg_bench
    cp "$WORK/ureg.key" "$R/ureg.key"
    psql -q "$UREG_TEST_PG" -c 'CREATE DATABASE ureg_bench'
    t=$(secs)
    nice "$BIN" --key-file "$R/ureg.key" migrate --from "$WORK/base.db" --to "$DB" >/dev/null
    echo "pg: store copied with ureg migrate in $(echo "$(secs) - $t" | bc) s"
    psql -q "$DB" -c 'VACUUM ANALYZE'
    export_csv() { psql -q "$DB" -c "\\copy ($(echo "$1" | tr '\n' ' ')) TO '$2' CSV HEADER"; }
fi
U=("$BIN" --db "$DB" --key-file "$R/ureg.key")
# Pending migrations (a store made by an older binary) and start-up passes, not timed.
"${U[@]}" init >/dev/null
t=$(secs)
export_csv "$RECORDS" "$R/records.csv"
export_csv "$REGIONS" "$R/regions.csv"
echo "$BACKEND: exported $(($(wc -l < "$R/records.csv") - 1)) registrations in $(echo "$(secs) - $t" | bc) s (not timed below)"

load "before ureg"
times=()
for i in $(seq "$RUNS"); do
    t=$(secs)
    "${U[@]}" report monthly --period "$PERIOD" --region "$REGION" --out "$R/ureg.json"
    times+=("$(echo "$(secs) - $t" | bc)")
done
UREG_S=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
read -r START END CLOSING < <(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1]));
    console.log(r.start, r.end, r.closing)' "$R/ureg.json")
echo "$BACKEND: ureg report monthly $PERIOD $REGION ($START..$END, closing $CLOSING): runs ${times[*]} s, median $UREG_S s"

load "before duckdb"
node bench/report_duckdb.mjs "$R/records.csv" "$R/regions.csv" "$REGION" "$START" "$END" \
    "$R/duckdb.json" "$R/ureg.json" | tee "$R/duckdb.out" || true
Q=$(sed -n 's/.* counted in \([0-9.]*\) s.*/\1/p' "$R/duckdb.out")
L=$(sed -n 's/.* loaded in \([0-9.]*\) s.*/\1/p' "$R/duckdb.out")
echo "$BACKEND: ratio ureg/duckdb $(echo "scale=2; $UREG_S / $Q" | bc) against the query ($Q s)," \
    "$(echo "scale=2; $UREG_S / ($L + $Q)" | bc) against load + query ($L + $Q s)"
load "after"
