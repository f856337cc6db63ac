#!/usr/bin/env bash
# followup.sh — benchmark of `ureg followup run` (issue 9): PEOPLE generated people (`ureg gen`:
# applications, registrations and their contact histories, twelve months up to yesterday) in a
# fresh SQLite store, then the first run (writes every registration's next contact day and the
# counter exits 31/32 the histories make due) and a second run (nothing to change: the
# idempotent pass), each timed with its peak memory. Baseline in the same run: sqlite3 reading the
# same rows the run reads (active registrations with profile and tier, their contacts and
# services) in one query, without computing or writing anything.
#
#   bench/followup.sh [PEOPLE] [BATCH]     defaults: 1000000 1000
#
# The machine is shared and has 2 cores: compare figures from the same run only.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-1000000}
BATCH=${2:-1000}
BIN=${UREG_BIN:-build/ureg}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/ureg-followup-XXXXXX)}
mkdir -p "$WORK"
DB=$WORK/followup.db
[ -x "$BIN" ] || make -s all
command -v sqlite3 >/dev/null || { echo "bench: needs sqlite3"; exit 1; }
echo "bench: work dir $WORK, $PEOPLE people, batches of $BATCH"

secs() { date +%s.%N; }
# Run a command, print its wall time and peak resident memory (GNU time's %M, KiB).
timed() {
    local label=$1
    shift
    local t
    t=$(secs)
    /usr/bin/time -f '%M' -o "$WORK/rss" "$@" > "$WORK/out" 2> "$WORK/err" \
        || { echo "bench: $label failed"; cat "$WORK/err"; exit 1; }
    printf '%s: %.2f s wall, peak %d MiB\n' "$label" "$(echo "$(secs) - $t" | bc)" \
        "$(( $(tail -1 "$WORK/rss") / 1024 ))"
    grep -v '^$' "$WORK/out" | sed 's/^/    /'
}

if [ ! -f "$DB" ]; then
    "$BIN" --db "$DB" init >/dev/null
    timed "ureg gen --people $PEOPLE" "$BIN" --db "$DB" gen --people "$PEOPLE" --seed 1 --region 110000
fi
sqlite3 "$DB" "SELECT 'store: ' || (SELECT count(*) FROM registration WHERE status = 'active') ||
    ' active registrations, ' || (SELECT count(*) FROM contact) || ' contacts, ' ||
    (SELECT count(*) FROM service_record) || ' service records'"

timed "baseline: sqlite3 reading the run's rows" sqlite3 "$DB" "
    SELECT count(*), sum(length(x)) FROM (
      SELECT r.registration_no || COALESCE(t.contact_days, 0) AS x FROM registration r
        LEFT JOIN profile p ON p.registration_id = r.id LEFT JOIN tier_policy t ON t.tier = p.tier
        WHERE r.status = 'active'
      UNION ALL SELECT c.contact_date || c.result FROM contact c
        JOIN registration r ON r.id = c.registration_id WHERE r.status = 'active'
      UNION ALL SELECT s.service_date FROM service_record s
        JOIN registration r ON r.id = s.registration_id WHERE r.status = 'active')"
timed "ureg followup run (first)" "$BIN" --db "$DB" followup run --batch "$BATCH"
timed "ureg followup run (second, nothing to change)" "$BIN" --db "$DB" followup run --batch "$BATCH"
