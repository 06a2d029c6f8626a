#!/usr/bin/env bash
# Builds the .deb of a build tree with CPack into a scratch directory, unpacks it with dpkg -x
# (no installation, nothing outside the scratch directory changes) and checks it the way an
# admin would use it: FHS paths, Depends from the shared libraries, the conffile, the system
# user made by postinst, no source-tree path inside the binary, the shipped configuration
# accepted by the unpacked csta-bridge with its installed default table, and the unpacked
# demo (pbx-sim + csta-bridge + csta-cli making a call) passing.
# Usage: check_package.sh CPACK BUILD_DIR SOURCE_DIR
set -euo pipefail
cpack=$1
build=$(cd "$2" && pwd)
src=$(cd "$3" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/csta-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack"; }
debs=("$work"/out/csta-bridge_*.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || fail "expected one csta-bridge_*.deb, got: ${debs[*]}"
deb=${debs[0]}
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

# Control fields: Depends from the shared libraries (dpkg-shlibdeps): the package of every
# library an installed program needs is there, and adduser for postinst.
echo "$(dpkg-deb -f "$deb" Package Version Architecture Depends)"
depends=$(dpkg-deb -f "$deb" Depends)
dep_names=$(echo "$depends" | tr ',|' '\n\n' | sed -e 's/^ *//' -e 's/ .*//')
root=$work/root  # the package unpacked: as if installed under this directory
dpkg -x "$deb" "$root"
# NEEDED libraries of the installed programs, each with the path the loader resolves.
needed=$(for b in "$root"/usr/bin/* "$root"/usr/lib/csta-bridge/pbx-sim; do
  libs=$(objdump -p "$b" | awk '$1 == "NEEDED" {print $2}')
  ldd "$b" | awk -v libs=" $(echo $libs) " 'index(libs, " " $1 " ") && $2 == "=>" {print $1, $3}'
done | sort -u)
[ -n "$needed" ] || fail "no NEEDED libraries found"
while read -r so path; do
  pkg=""
  for p in "$path" "/usr$path" "$(readlink -f "$path")"; do
    pkg=$(dpkg -S "$p" 2>/dev/null | head -1 | cut -d: -f1 || true)
    [ -n "$pkg" ] && break
  done
  [ -n "$pkg" ] || fail "no Debian package has $path ($so)"
  # The dependency may name the package or what it provides (libspdlog1.10-fmt9).
  ok=0
  for name in "$pkg" $(dpkg-query -W -f='${Provides}' "$pkg" | tr ',' '\n' | sed -e 's/^ *//' -e 's/ .*//'); do
    grep -qxF "$name" <<<"$dep_names" && ok=1
  done
  [ $ok = 1 ] || fail "Depends lacks $pkg (for $so): $depends"
done <<<"$needed"
grep -qxF adduser <<<"$dep_names" || fail "Depends lacks adduser: $depends"

# Files in their FHS places.
listing=$(dpkg-deb -c "$deb" | awk '{print $1, $2, $NF}')
for f in ./usr/bin/csta-bridge ./usr/bin/csta-cli ./usr/bin/ami-tail ./usr/lib/csta-bridge/pbx-sim \
         ./usr/lib/csta-bridge/demo-run ./usr/share/csta-bridge/mappings/asterisk.xml \
         ./usr/share/csta-bridge/mappings/mapping-table.xsd \
         ./usr/share/csta-bridge/mappings/examples/phone-remote-control.xml \
         ./etc/csta-bridge/csta-bridge.conf ./lib/systemd/system/csta-bridge.service \
         ./usr/share/man/man8/csta-bridge.8.gz ./usr/share/doc/csta-bridge/README.md; do
  echo "$listing" | grep -q " $f\$" || fail "$f is not in the package"
done
echo "$listing" | grep -q '^-rw-r----- root/root ./etc/csta-bridge/csta-bridge.conf$' ||
  fail "the configuration (it holds secrets) is not 0640: $(echo "$listing" | grep csta-bridge.conf)"
echo "$listing" | grep -E ' \./usr/bin/[^/]+$' | grep -vq '^-rwxr-xr-x root/root' && fail "a program is not 0755 root"

# Maintainer scripts and conffiles.
dpkg-deb -e "$deb" "$work/control"
[ "$(cat "$work/control/conffiles")" = /etc/csta-bridge/csta-bridge.conf ] || fail "conffiles: $(cat "$work/control/conffiles")"
grep -q 'adduser --system --group .* csta-bridge' "$work/control/postinst" || fail "postinst does not create the csta-bridge user"
grep -q 'chown root:csta-bridge' "$work/control/postinst" || fail "postinst does not give the configuration to the group"
for s in postinst prerm postrm; do
  sh -n "$work/control/$s" || fail "$s has a syntax error"
  [ -x "$work/control/$s" ] || fail "$s is not executable"
done

# The unit runs the packaged binary as the packaged user.
unit=$root/lib/systemd/system/csta-bridge.service
grep -qx 'ExecStart=/usr/bin/csta-bridge --config /etc/csta-bridge/csta-bridge.conf' "$unit" || fail "unit ExecStart: $(grep Exec "$unit")"
grep -qx 'User=csta-bridge' "$unit" || fail "unit User"

# No path of the source or build tree inside the installed programs.
for b in "$root"/usr/bin/* "$root"/usr/lib/csta-bridge/pbx-sim; do
  if grep -aqF -e "$src/" -e "$build/" "$b"; then fail "$b contains a source or build tree path"; fi
done

# The man page is a man page.
zcat "$root/usr/share/man/man8/csta-bridge.8.gz" | grep -q '^\.TH CSTA-BRIDGE 8' || fail "man page header"

# The shipped configuration as the unpacked binary sees it: the default table is the installed one.
check=$("$root/usr/bin/csta-bridge" --check-config "$root/etc/csta-bridge/csta-bridge.conf" 2>&1) ||
  { echo "$check" >&2; fail "--check-config of the shipped configuration"; }
echo "$check"
echo "$check" | grep -qF "mapping tables: $root/usr/share/csta-bridge/mappings/asterisk.xml (the installation's default)" ||
  fail "--check-config does not use the installed default table"

# A site's edit (README step 2) as the admin would make it, and check-config showing it.
sed -e 's/^;context = from-internal/context = from-internal/' "$root/etc/csta-bridge/csta-bridge.conf" >"$work/site.conf"
check=$("$root/usr/bin/csta-bridge" --check-config "$work/site.conf" 2>&1) || { echo "$check" >&2; fail "--check-config site.conf"; }
echo "$check" | grep -qF "context = from-internal   ([asterisk:main] context)" || fail "site context not in force: $check"

# The demo from the unpacked files: pbx-sim, csta-bridge (installed table), csta-cli.
"$root/usr/lib/csta-bridge/demo-run" || fail "the installed demo"
echo "package: OK"
