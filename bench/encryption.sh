#!/usr/bin/env bash
# encryption.sh — the cost of personal data at rest on online submissions: the binary of the
# commit just before encryption landed against this tree's binary, in one run, side by side.
#
#   bench/encryption.sh [ROWS] [SECONDS] [ROUNDS] [CONNECTIONS]     defaults: 1000000 10 3 32
#   OLD_REV=<commit> bench/encryption.sh ...    another "before" commit (default: the parent of
#                                               the commit that added migration 030_pii_at_rest)
#
# The "before" binary is built from OLD_REV in a temporary git worktree under /tmp (removed
# again; the binary is kept as /tmp/ureg-bench-bin/ureg-<sha> so that a second run does not
# build it again: bench/encryption_bin.sh). Both binaries load the same data into their own
# SQLite database (ROWS insurance rows, the card holders and one row in each other registry, as
# bench/intake.sh does) and serve at the same time on two ports; wrk then drives POST
# /api/v1/public/applications (bench/intake.lua: a new valid person per request, full
# validation, checks, durable commit, audit) against one and then the other, ROUNDS times,
# alternating which goes first, so both see the same machine state. Every run uses people of
# its own (an offset per run), so no submission is a duplicate. It prints each run, then per
# binary the mean submissions/s and the mean p50/p99 over the rounds, and the ratio after/before.
#
# What differs between the two binaries is everything that landed after OLD_REV, not only the
# encryption (the audit hash chain, real-name, rate limits — off here — and so on): the ratio
# is an upper bound of encryption's own cost. The machine is shared (2 cores): the load average
# is printed at the start and the end; compare figures of the same run only. SQLite only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
SECONDS_RUN=${2:-10}
ROUNDS=${3:-3}
CONNS=${4:-32}
NEW_BIN=${UREG_BIN:-build/ureg}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/ureg-bench-enc-XXXXXX)}
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done' EXIT

. bench/encryption_bin.sh
OLD_SHA=$(git rev-parse "${OLD_REV:-$(before_rev)}")
[ -x "$NEW_BIN" ] || make -s all
command -v wrk >/dev/null || scripts/bootstrap.sh deb
OLD_BIN=$(old_bin "$OLD_SHA" "$WORK/build-old.log")
echo "bench: before: $(git log --format='%h %s' -1 "$OLD_SHA" | cut -c1-100)"
echo "bench: after:  this tree ($(git log --format='%h' -1 HEAD)$(git diff --quiet HEAD -- src || echo ', with changes'))"
echo "bench: work dir $WORK; load at start$(uptime | sed 's/.*load average//')"

if [ ! -f "$WORK/insurance-$ROWS.csv" ]; then
    awk -v n="$ROWS" -f bench/gen_insurance.awk > "$WORK/insurance-$ROWS.csv"
fi
awk -v n=1000000 -f bench/gen_applicants.awk > "$WORK/ssc_holders.csv"
head -2 "$WORK/insurance-$ROWS.csv" | cut -d, -f1,2 > "$WORK/other.csv"

load() { # label bin: a database of the label's own, with the registries loaded
    local db=$WORK/$1.db
    "$2" --db "$db" init > /dev/null
    "$2" --db "$db" import insurance "$WORK/insurance-$ROWS.csv" > /dev/null
    "$2" --db "$db" import ssc_holders "$WORK/ssc_holders.csv" > /dev/null
    for src in employment_filings business_licences pensions deaths custody; do
        "$2" --db "$db" import "$src" "$WORK/other.csv" > /dev/null
    done
    echo "bench[$1]: $ROWS insurance rows, the card holders and the other registries loaded"
}

serve() { # label bin: sets URL_<label>; the per-address submission limit off where it exists
    local extra=()
    grep -qa -- "rate-submit" "$2" && extra=(--rate-submit off)
    "$2" --db "$WORK/$1.db" serve --listen 127.0.0.1:0 --threads "${THREADS:-16}" "${extra[@]}" \
        > "$WORK/serve-$1.out" 2> "$WORK/serve-$1.err" &
    PIDS+=($!)
    local url=
    for _ in $(seq 100); do
        url=$(head -1 "$WORK/serve-$1.out" 2>/dev/null | sed -n 's/^listening on //p')
        [ -n "$url" ] && break
        sleep 0.1
    done
    [ -n "$url" ] || { echo "bench: $1 did not start"; cat "$WORK/serve-$1.err"; exit 1; }
    printf -v "URL_$1" '%s' "$url"
}

# wrk's latency ("812.00us", "12.34ms", "1.02s") in milliseconds.
ms() { echo "$1" | awk '{v=$1+0; if ($1 ~ /us$/) v/=1000; else if ($1 ~ /[0-9]s$/ && $1 !~ /ms$/) v*=1000; printf "%.2f", v}'; }

load before "$OLD_BIN"
load after "$NEW_BIN"
serve before "$OLD_BIN"
serve after "$NEW_BIN"
echo "bench: $CONNS connections, ${SECONDS_RUN}s a run, $ROUNDS rounds, server threads ${THREADS:-16}"
: > "$WORK/runs.txt"
k=0
for r in $(seq 1 "$ROUNDS"); do
    order="before after"
    [ $((r % 2)) -eq 0 ] && order="after before"
    for label in $order; do
        k=$((k + 1))
        url_var=URL_$label
        out=$WORK/$label-$r.txt
        wrk -t2 -c"$CONNS" -d"${SECONDS_RUN}s" --latency -s bench/intake.lua \
            "${!url_var}/api/v1/public/applications" -- 2 $((k * 1000000)) > "$out"
        rps=$(awk '/^Requests\/sec/ {print $2}' "$out")
        p50=$(ms "$(awk '$1 == "50%" {print $2}' "$out")")
        p99=$(ms "$(awk '$1 == "99%" {print $2}' "$out")")
        st=$(grep STATUS "$out" || echo "STATUS ?")
        printf 'round %d %-6s %9s req/s   p50 %8s ms   p99 %8s ms   %s\n' "$r" "$label" "$rps" \
            "$p50" "$p99" "$st"
        echo "$label $rps $p50 $p99" >> "$WORK/runs.txt"
    done
done
echo "bench: load at end$(uptime | sed 's/.*load average//')"
awk '{n[$1]++; r[$1]+=$2; a[$1]+=$3; b[$1]+=$4}
     END {for (l in n) printf "%-6s mean %9.1f req/s   p50 %8.2f ms   p99 %8.2f ms\n", l, r[l]/n[l], a[l]/n[l], b[l]/n[l];
          if (r["before"] > 0) printf "ratio after/before: throughput %.3f   p50 %.3f   p99 %.3f\n",
              (r["after"]/n["after"])/(r["before"]/n["before"]), a["after"]/a["before"], b["after"]/b["before"]}' \
    "$WORK/runs.txt" | sort
for p in "${PIDS[@]}"; do kill -9 "$p"; wait "$p" 2>/dev/null || true; done
PIDS=()
for l in before after; do
    ok=$(grep -h "^STATUS" "$WORK/$l"-*.txt | sed -n 's/^STATUS 201=\([0-9]*\).*/\1/p' | paste -sd+ | bc)
    echo "bench[$l]: $ok answered 201, $(sqlite3 "$WORK/$l.db" 'SELECT COUNT(*) FROM application') applications stored"
done
[ -n "${BENCH_DIR:-}" ] || rm -rf "$WORK"
