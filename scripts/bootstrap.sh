#!/usr/bin/env bash
# bootstrap.sh — install what building, running and testing ureg needs and is missing.
#
# Called by `make run`, `make test` and `make` itself (for the npm part). Idempotent and quick
# when everything is present: it asks dpkg and looks at node_modules before touching a network.
#   scripts/bootstrap.sh          Debian packages + npm packages
#   scripts/bootstrap.sh npm      npm packages only (what `make` needs to embed the web UI)
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_BUILD="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev
  libsodium-dev libpq-dev libcurl4-openssl-dev libxlsxwriter-dev libcmocka-dev"
DEB_TEST="chromium fonts-wqy-microhei cppcheck clang-format clang libclang-rt-14-dev wrk sqlite3 bc
  curl man-db postgresql-15 postgresql-client-15"

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

deb_missing() {
    local p missing=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
            || missing="$missing $p"
    done
    echo "$missing"
}

install_deb() {
    local missing
    # shellcheck disable=SC2086
    missing=$(deb_missing $DEB_BUILD $DEB_TEST)
    # Node.js may come from another distribution of it (NodeSource ships npm inside its
    # nodejs package): only when the commands are absent take Debian's packages.
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        missing="$missing nodejs npm"
    fi
    [ -z "$missing" ] && return 0
    echo "bootstrap: installing Debian packages:$missing" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

install_npm() {
    # package-lock.json pins every version; reinstall when it is newer than the installed tree.
    if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
        return 0
    fi
    command -v npm >/dev/null || install_deb
    echo "bootstrap: installing npm packages (package-lock.json)" >&2
    npm ci --no-audit --no-fund --loglevel=error
}

case "${1:-all}" in
npm) install_npm ;;
deb) install_deb ;;
all) install_deb; install_npm ;;
*) echo "usage: $0 [all|deb|npm]" >&2; exit 1 ;;
esac
