#!/usr/bin/env bash
# make-deb.sh — build the Debian package from a `make install PREFIX=/usr` tree, with dpkg-deb.
#   scripts/make-deb.sh STAGE BINARY OUTDIR     (called by `make deb`)
# Adds to STAGE what only the package has: /etc/ureg/ureg.conf (a conffile: every key documented
# by `ureg config example`, then packaging/ureg.conf.deb's settings), the maintainer scripts
# (packaging/postinst, prerm, postrm: a system user ureg, /var/lib/ureg owned by it, nothing
# removed on remove or purge) and DEBIAN/control. Depends: the runtime libraries the binary links,
# with their minimum versions, as dpkg-shlibdeps computes them, then every package of
# packaging/deb-depends (one a line) not named already: adding a dependency is one line there.
# Prints the path of the .deb.
set -euo pipefail
stage=$1 bin=$2 out=$3
cd "$(dirname "$0")/.."
version=$("$bin" version | awk '{print $2}')
arch=$(dpkg --print-architecture)
mkdir -p "$stage/DEBIAN" "$stage/etc/ureg" "$stage/var/lib/ureg"
{ UREG_CONFIG=/dev/null "$bin" config example; cat packaging/ureg.conf.deb; } >"$stage/etc/ureg/ureg.conf"
chmod 0640 "$stage/etc/ureg/ureg.conf"
gzip -9nf "$stage/usr/share/man/man1/ureg.1"
for s in postinst prerm postrm; do install -m755 "packaging/$s" "$stage/DEBIAN/$s"; done
echo /etc/ureg/ureg.conf >"$stage/DEBIAN/conffiles"
shl=$(mktemp -d)
trap 'rm -rf "$shl"' EXIT
mkdir "$shl/debian" && touch "$shl/debian/control"
depends=$(cd "$shl" && dpkg-shlibdeps -O "$OLDPWD/$stage/usr/bin/ureg" 2>/dev/null |
    sed -n 's/^shlibs:Depends=//p')
for p in $(grep -v '^#' packaging/deb-depends); do
    re=", $p[ ,]"
    [[ ", $depends," =~ $re ]] || depends="${depends:+$depends, }$p"
done
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<CONTROL
Package: ureg
Version: $version
Architecture: $arch
Maintainer: ureg maintainers <ureg@localhost>
Installed-Size: $size
Depends: $depends
Section: misc
Priority: optional
Homepage: https://localhost/ureg
Description: unemployment registration system (失业登记信息系统)
 One program: command line, HTTP/JSON API and web UI for unemployment registration
 and the employment services owed to registered unemployed people in China
 (人社厅发〔2020〕3号), on SQLite. Runs as the systemd service ureg.service.
CONTROL
mkdir -p "$out"
deb="$out/ureg_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
