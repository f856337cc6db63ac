#!/usr/bin/env bash
# exchange.sh — benchmark of the national exchange (issue 11), one command:
#
#   bench/exchange.sh [N] [CONCURRENCY]          defaults: 2000 16
#   EXCHANGE_INTERVAL_MS=200 bench/exchange.sh   the locals' idle pause (default 50)
#
# One national hub and three local systems on loopback (SQLite, synchronous=FULL). It measures,
# in the same run: the baseline, N online submissions straight to one local; then N national
# submissions to the hub spread over the three locals' regions, routed, downloaded, taken into
# the local queues and acknowledged. It prints submissions/s of both, the end-to-end rate of the
# routed run, and p50/p99/max of the time from a national submission to its acknowledgement
# (after the local commit). It fails when an application is lost or duplicated. The machine is
# shared and has 2 cores: compare figures from the same run only. See bench/exchange.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${UREG_BIN:-build/ureg}
[ -x "$BIN" ] || make -s all
command -v sqlite3 >/dev/null || { echo "bench: needs the sqlite3 command (Debian sqlite3)"; exit 1; }
UREG_BIN=$BIN exec node bench/exchange.mjs "${1:-2000}" "${2:-16}"
