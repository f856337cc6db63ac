#!/usr/bin/env bash
# deb-smoke.sh — the built Debian package works: unpack it with dpkg-deb -x into a temporary
# directory (nothing is installed on the machine) and, from there, check `ureg version`, the
# control fields, the configuration file it ships (config show), `ureg init`, `ureg serve` on
# port 0 answering /healthz and stopping on SIGTERM with status 0, the manual rendered by
# `man -l` naming every command, and the unit file by `systemd-analyze verify` when available.
#   scripts/deb-smoke.sh build/deb/ureg_VERSION_ARCH.deb      (make deb-smoke, in make test)
# Everything it started or wrote is removed on success and on failure.
set -euo pipefail
deb=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ureg-deb-XXXXXX")
pid=
cleanup() {
    if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "deb-smoke: $*" >&2; exit 1; }

dpkg-deb -x "$deb" "$tmp/root"
bin=$tmp/root/usr/bin/ureg
version=$(dpkg-deb -f "$deb" Version)
[ "$("$bin" version)" = "ureg $version" ] || fail "ureg version is not \"ureg $version\""
depends=$(dpkg-deb -f "$deb" Depends)
for p in $(grep -v '^#' packaging/deb-depends); do
    re=", $p[ ,]"
    [[ ", $depends," =~ $re ]] || fail "Depends lacks $p: $depends"
done
[[ "$depends" != *-dev* ]] || fail "Depends names a -dev package: $depends"
dpkg-deb -I "$deb" conffiles | grep -qx /etc/ureg/ureg.conf || fail "/etc/ureg/ureg.conf is not a conffile"
dpkg-deb -e "$deb" "$tmp/control"
for s in postinst prerm postrm; do
    { [ -x "$tmp/control/$s" ] && sh -n "$tmp/control/$s"; } || fail "maintainer script $s"
done
grep -q 'adduser --system --group' "$tmp/control/postinst" || fail "postinst makes no system user"
if grep -Eq 'rm -r|deluser' "$tmp/control/postrm" "$tmp/control/prerm"; then
    fail "a removal script deletes data or the user"
fi

# The shipped configuration, with the database moved into the temporary directory by the
# environment (which overrides the file).
export UREG_CONFIG=$tmp/root/etc/ureg/ureg.conf UREG_DB=$tmp/ureg.db
show=$("$bin" config show) || fail "ureg config show failed"
grep -qx "db = $tmp/ureg.db  # env UREG_DB" <<<"$show" || fail "config show: $show"
grep -qx "key_file = /var/lib/ureg/ureg.key  # $UREG_CONFIG:[0-9]*" <<<"$show" \
    || fail "config show (key_file from the file): $show"
# The key file the package names is the service user's (/var/lib/ureg): moved here too.
export UREG_KEY_FILE=$tmp/ureg.key
"$bin" init >"$tmp/init.out" 2>&1 || { cat "$tmp/init.out" >&2; fail "ureg init failed"; }

"$bin" serve --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
url=
for _ in $(seq 150); do
    url=$(sed -n '1s/^listening on \(http:[^ ]*\)$/\1/p' "$tmp/serve.out")
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.err" >&2; fail "serve exited"; }
    sleep 0.1
done
[ -n "$url" ] || fail "serve printed no \"listening on\" line in 15 s"
health=$(curl -fsS "$url/healthz") || fail "GET /healthz failed"
[ "$health" = '{"status":"ok"}' ] || fail "GET /healthz: $health"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
pid=
[ "$rc" = 0 ] || { cat "$tmp/serve.err" >&2; fail "serve exited $rc on SIGTERM"; }

# The manual: every command's usage line, as `ureg help` prints it, and every configuration key.
man=$(MANWIDTH=1000 man -l "$tmp/root/usr/share/man/man1/ureg.1.gz" 2>"$tmp/man.err" | tr -s ' ')
[ -s "$tmp/man.err" ] && { cat "$tmp/man.err" >&2; fail "man -l warned"; }
n=0
while IFS= read -r usage; do
    grep -qF -- "$usage" <<<"$man" || fail "the manual lacks \"$usage\""
    n=$((n + 1))
done < <("$bin" help | sed -n '/^commands:/,/^$/p' | sed -n 's/^  \([a-z].*\)$/\1/p' | tr -s ' ')
[ "$n" -ge 20 ] || fail "only $n commands found in ureg help"
for k in $("$bin" config show | sed -n 's/^\([a-z_]*\) = .*/\1/p'); do
    grep -q -- "^ *$k = " <<<"$man" || fail "the manual lacks the key $k"
done

# The unit file, pointed at the unpacked binary (systemd-analyze checks that it exists).
# systemd-analyze comes with the systemd package, present on a Debian machine that boots with
# systemd; bootstrap.sh does not install it (too large for a container without it).
unit="unit verified"
if command -v systemd-analyze >/dev/null; then
    sed "s|/usr/bin/ureg|$bin|g" "$tmp/root/usr/lib/systemd/system/ureg.service" >"$tmp/ureg.service"
    out=$(systemd-analyze verify --man=no "$tmp/ureg.service" 2>&1) || fail "systemd-analyze: $out"
    [ -z "$out" ] || fail "systemd-analyze: $out"
else
    unit="unit NOT verified: no systemd-analyze"
fi
echo "deb-smoke: $(basename "$deb") ok ($n commands in the manual, /healthz ok, $unit)"
