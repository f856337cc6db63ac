#!/usr/bin/env bash
# encryption_compare.sh — the cost of personal data at rest on the monthly comparison: the same
# people, the same insurance file and the same `ureg compare` on three binaries, in one run.
#
#   bench/encryption_compare.sh [PEOPLE] [ROWS] [ROUNDS]      defaults: 200000 2000000 3
#   (ROUNDS 0 with BENCH_DIR: make the stores and the file only, for a later run)
#
# The binaries (the two older ones built once by bench/encryption_bin.sh):
#   before  the parent of the commit that added migration 030_pii_at_rest (559f70c): no
#           encryption; `ureg compare` has no --file, so bench/compare cannot run on it;
#   enc     that commit (7908862) alone: personal data at rest and the blind index, with the
#           same compare as before (every pending application and active registration checked
#           against the loaded datasets, five verification rows each, investigation tasks for the
#           checks no loaded dataset decides) — its difference to before is encryption's own;
#   after   this tree (UREG_BIN, default build/ureg): everything since, encryption included, and
#           issue 9's compare (the registrations' exits from a hash on the blind index; the pending
#           applications' checks add a row only when one changed): a different amount of work.
#
# Once per work dir (BENCH_DIR to reuse one): `ureg gen --people PEOPLE --seed 1 --out` by before
# and by enc, each into its own store (the script checks that the two wrote the same datasets,
# byte for byte); after's store is a copy of before's opened by after (`ureg init`: migrated and
# its personal data converted to ciphertext and blind indexes, docs/operations.md), so the three
# hold the same people and registrations (checked: after's exported registrations are before's
# rows). after's gen makes other people (its generator changed since), hence the copy. The
# insurance file: the first ROWS rows of gen's insurance.csv (as bench/compare.sh takes them).
#
# Each round, for each binary (the order rotates from round to round): a fresh copy of its store,
# `ureg import insurance FILE` under /usr/bin/time -v (a blind index per row in enc and after),
# then `ureg compare` (the monthly comparison all three have) under /usr/bin/time -v. Printed:
# each run's wall time and peak RSS, the means per binary, the ratios to before, and agreement:
# before's and enc's verification rows (application, check, result, source) compared row for row;
# after's exits against before's failed employment checks of active registrations (after's rule
# counts a contribution after the registration date, before's one after unemployed_since: after's
# set is expected inside before's). The machine is shared (2 cores): runs go under nice, the load
# average is printed with every run; compare figures of the same run only. SQLite only.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/encryption_bin.sh
PEOPLE=${1:-200000}
ROWS=${2:-2000000}
ROUNDS=${3:-3}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/ureg-bench-enccmp-XXXXXX)}
mkdir -p "$WORK"
before_sha=$(before_rev)
enc_sha=$(enc_rev)
[ -x "${UREG_BIN:-build/ureg}" ] || nice make -s -j2 build/ureg
declare -A BIN
BIN[before]=$(old_bin "$before_sha" "$WORK/build-before.log")
BIN[enc]=$(old_bin "$enc_sha" "$WORK/build-enc.log")
BIN[after]=$(realpath "${UREG_BIN:-build/ureg}")
LABELS=(before enc after)
echo "bench: before $(git log --format='%h %s' -1 "$before_sha" | cut -c1-80)"
echo "bench: enc    $(git log --format='%h %s' -1 "$enc_sha" | cut -c1-80)"
echo "bench: after  this tree ($(git log --format=%h -1 HEAD)$(git diff --quiet HEAD -- src || echo ', with changes'))"
echo "bench: work dir $WORK, $PEOPLE people, $ROWS insurance rows, $ROUNDS rounds"
load() { uptime | sed 's/.*load average: //'; }

if [ ! -f "$WORK/after/base.db" ]; then
    rm -rf "$WORK/before" "$WORK/enc" "$WORK/after"
    for l in before enc; do
        mkdir -p "$WORK/$l"
        (cd "$WORK/$l" && "${BIN[$l]}" --db base.db init > /dev/null &&
            nice "${BIN[$l]}" --db base.db gen --people "$PEOPLE" --seed 1 --out out 2> /dev/null |
            grep '^registrations')
        sqlite3 "$WORK/$l/base.db" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null
        echo "gen[$l] done (load $(load))"
    done
    for f in "$WORK"/before/out/*.csv; do
        cmp -s "$f" "$WORK/enc/out/${f##*/}" || { echo "bench: gen of before and enc differ: ${f##*/}"; exit 1; }
    done
    echo "gen: before and enc wrote the same datasets"
    mkdir -p "$WORK/after"
    cp "$WORK/before/base.db" "$WORK/after/conv.db"
    t=$(date +%s.%N)
    (cd "$WORK/after" && nice "${BIN[after]}" --db conv.db init 2> /dev/null > /dev/null)
    sqlite3 "$WORK/after/conv.db" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null
    echo "after: before's store converted in $(echo "$(date +%s.%N) - $t" | bc) s (not timed below)"
    mv "$WORK/after/conv.db" "$WORK/after/base.db"
fi
sqlite3 -csv "$WORK/before/base.db" "SELECT r.id, p.id_number, r.registered_on FROM registration r
    JOIN person p ON p.id = r.person_id WHERE r.status = 'active' ORDER BY r.id" > "$WORK/regs-before.csv"
(cd "$WORK/after" && "${BIN[after]}" --db base.db compare --export-registrations "$WORK/regs-after.csv" > /dev/null)
tail -n +2 "$WORK/regs-after.csv" | cmp -s - "$WORK/regs-before.csv" ||
    { echo "bench: after's registrations are not before's"; exit 1; }
echo "stores: the same $(wc -l < "$WORK/regs-before.csv") active registrations in before and after" \
    "(id, document number, date); enc: $(sqlite3 "$WORK/enc/base.db" \
    "SELECT COUNT(*) FROM registration WHERE status = 'active'")"
if [ ! -f "$WORK/insurance.csv" ]; then
    head -n $((ROWS + 1)) "$WORK/before/out/insurance.csv" > "$WORK/insurance.csv"
fi
echo "insurance.csv: $(($(wc -l < "$WORK/insurance.csv") - 1)) rows, $(du -m "$WORK/insurance.csv" | cut -f1) MB"
[ "$ROUNDS" -gt 0 ] || exit 0 # prepared only (BENCH_DIR kept for a later run)

peak() { awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); printf "%d", $2 / 1024}' "$1"; }
wall() { awk '/Elapsed \(wall clock\)/ {n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$1"; }

run() { # label round: import then compare on a fresh copy of label's store
    local l=$1 r=$2 d=$WORK/$1/run
    rm -rf "$d"
    mkdir -p "$d"
    cp "$WORK/$l/base.db" "$d/run.db"
    cp "$WORK/$l/ureg.key" "$d/" 2> /dev/null || true
    local la
    la=$(load)
    (cd "$d" && nice /usr/bin/time -v "${BIN[$l]}" --db run.db import insurance "$WORK/insurance.csv" \
        > import.out 2> import.time)
    (cd "$d" && nice /usr/bin/time -v "${BIN[$l]}" --db run.db compare > compare.out 2> compare.time)
    printf 'round %d %-6s import %7.2f s %5d MB   compare %7.2f s %5d MB   load %s\n' "$r" "$l" \
        "$(wall "$d/import.time")" "$(peak "$d/import.time")" "$(wall "$d/compare.time")" \
        "$(peak "$d/compare.time")" "$la"
    echo "$l $(wall "$d/import.time") $(peak "$d/import.time") $(wall "$d/compare.time") $(peak "$d/compare.time")" \
        >> "$WORK/runs.txt"
    if [ "$r" -eq 1 ]; then
        grep -E '^(read|checked|registrations with)' "$d/import.out" "$d/compare.out" | sed "s|^$d/|  $l |"
        if [ "$l" = after ]; then
            sqlite3 -csv "$d/run.db" "SELECT registration_id FROM exit_event WHERE source = 'compare'
                ORDER BY 1" | sort > "$WORK/found-after.csv"
        else
            sqlite3 -csv "$d/run.db" "SELECT application_id, check_name, result, source FROM verification
                ORDER BY 1, 2" > "$WORK/verif-$l.csv"
            sqlite3 -csv "$d/run.db" "SELECT r.id FROM registration r JOIN verification v ON
                v.application_id = r.application_id WHERE v.check_name = 'employment' AND
                v.result = 'fail'" | sort > "$WORK/found-$l.csv"
        fi
    fi
}

: > "$WORK/runs.txt"
echo "bench: load at start $(load)"
for r in $(seq 1 "$ROUNDS"); do
    k=$(((r - 1) % 3))
    for i in 0 1 2; do
        run "${LABELS[$(((i + k) % 3))]}" "$r"
    done
done
echo "bench: load at end $(load)"
awk '{n[$1]++; iw[$1] += $2; im[$1] += $3; cw[$1] += $4; cm[$1] += $5}
     END {split("before enc after", L, " ");
          for (i = 1; i <= 3; i++) { l = L[i];
              printf "%-6s mean of %d: import %7.2f s %5d MB   compare %7.2f s %5d MB", l, n[l],
                  iw[l] / n[l], im[l] / n[l], cw[l] / n[l], cm[l] / n[l];
              if (l != "before")
                  printf "   ratio to before: import %.3f  compare %.3f  (memory %.2f, %.2f)",
                      iw[l] / iw["before"], cw[l] / cw["before"], im[l] / im["before"], cm[l] / cm["before"];
              printf "\n" } }' "$WORK/runs.txt"
if cmp -s "$WORK/verif-before.csv" "$WORK/verif-enc.csv"; then
    echo "agreement before = enc: the same $(wc -l < "$WORK/verif-before.csv") verification rows"
else
    echo "agreement before = enc: NO (verif-before.csv and verif-enc.csv in $WORK differ)"
fi
echo "agreement after/before: after's $(wc -l < "$WORK/found-after.csv") exits, before's" \
    "$(wc -l < "$WORK/found-before.csv") registrations failing employment, in both" \
    "$(comm -12 "$WORK/found-after.csv" "$WORK/found-before.csv" | wc -l)"
[ -n "${BENCH_DIR:-}" ] || rm -rf "$WORK"
