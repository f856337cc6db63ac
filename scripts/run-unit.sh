#!/usr/bin/env bash
# run-unit.sh — run every cmocka unit-test binary given, then print one summary line.
set -u
pass=0 fail=0 failed=""
for t in "$@"; do
    if "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); failed="$failed $(basename "$t")"; fi
done
echo "unit test programs: $pass passed, $fail failed${failed:+ (failed:$failed)}"
[ "$fail" -eq 0 ]
