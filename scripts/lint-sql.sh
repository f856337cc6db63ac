#!/usr/bin/env bash
# lint-sql.sh — reject SQL built from formatted strings (the Fossil rule, checked mechanically).
#
# SQL text must be a literal (or a static const char SQL_*[] holding one) passed to prepare;
# values are bound. This fails on:
#   1. the SQLite printf family (sqlite3_mprintf, sqlite3_vmprintf, sqlite3_snprintf, %q/%Q);
#   2. a printf-style call whose format string contains an SQL verb;
#   3. a prepare/exec call whose SQL argument is neither a literal nor an SQL_ constant (SQLite's
#      prepare/exec, libpq's PQexec/PQexecParams: the second argument; PQprepare: the third,
#      after the statement name; `sql`, `x->sql` are the cached constant passed through);
#   4. SQL anywhere outside src/store/.
set -u
cd "$(dirname "$0")/.."
status=0
report() { echo "lint-sql: $1"; status=1; }

hits=$(grep -rnE 'sqlite3_(v?mprintf|snprintf)|%[qQw]' --include='*.c' src || true)
[ -n "$hits" ] && report "SQLite printf family is not allowed:
$hits"

verbs='(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA)[[:space:]]'
hits=$(grep -rnE "(s?n?printf|buf_v?printf|asprintf)[[:space:]]*\\(.*\"[^\"]*$verbs" --include='*.c' src || true)
[ -n "$hits" ] && report "SQL built with a printf-style call:
$hits"

sqlarg='(SQL_[A-Z0-9_]+|sql\b|"|[a-z_]+->sql)'
hits=$(grep -rnE '(sqlite3_prepare(_v[23])?|sqlite3_exec|PQexec(Params)?)[[:space:]]*\([^,]*,[[:space:]]*[^" ]' --include='*.c' src \
    | grep -vE "(sqlite3_prepare(_v[23])?|sqlite3_exec|PQexec(Params)?)[[:space:]]*\\([^,]*,[[:space:]]*$sqlarg" || true)
hits2=$(grep -rnE 'PQprepare[[:space:]]*\(' --include='*.c' src \
    | grep -vE "PQprepare[[:space:]]*\\([^,]*,[^,]*,[[:space:]]*$sqlarg" || true)
hits=$(printf '%s\n%s' "$hits" "$hits2" | sed '/^$/d')
[ -n "$hits" ] && report "prepare/exec with SQL that is not a literal or SQL_ constant:
$hits"

hits=$(grep -rlE "\"[[:space:]]*$verbs" --include='*.c' src | grep -v '^src/store/' || true)
[ -n "$hits" ] && report "SQL outside src/store/: $hits"

[ $status -eq 0 ] && echo "lint-sql: ok"
exit $status
