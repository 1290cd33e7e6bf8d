#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make install DESTDIR=$tmp` puts in place what docs/etsnctl.md promises:
# etsnctl and edgetsnd that run, every man page of man/ (rendering), the
# bash completion (it registers itself for etsnctl), the uapi header and
# the example config; `make uninstall` takes them away again. Files the
# rules add beyond these (a systemd unit...) are tolerated. Last line:
# "install: N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "install: FAIL: $*"; failed=$((failed + 1)); }
prefix=/usr/local
mandir=$prefix/share/man/man8

if ! make -s -C "$top" install DESTDIR="$tmp" > "$tmp.log" 2>&1; then
	fail "make install: $(tail -n 5 "$tmp.log")"
	rm -f "$tmp.log"
	echo "install: $passed passed, $failed failed"
	exit 1
fi
rm -f "$tmp.log"
expected=("$prefix/sbin/etsnctl" "$prefix/sbin/edgetsnd" "$prefix/include/linux/edgetsn.h"
	  "/etc/edgetsn/edgetsnd.yaml.example" "$prefix/share/bash-completion/completions/etsnctl")
for page in "$top"/man/*.8; do
	expected+=("$mandir/$(basename "$page")")
done
for f in "${expected[@]}"; do
	[ -f "$tmp$f" ] && pass || fail "$f not installed"
done
for b in etsnctl edgetsnd; do
	if [ -x "$tmp$prefix/sbin/$b" ] && "$tmp$prefix/sbin/$b" --help > /dev/null 2>&1; then
		pass
	else
		fail "installed $b does not run"
	fi
done
for page in "$tmp$mandir"/*.8; do
	[ -f "$page" ] || continue
	if LC_ALL=C MANWIDTH=80 man -l "$page" 2> /dev/null | grep -q .; then
		pass
	else
		fail "$(basename "$page") does not render"
	fi
done
if bash -c '. "$1" && complete -p etsnctl' _ "$tmp$prefix/share/bash-completion/completions/etsnctl" \
	> /dev/null 2>&1; then
	pass
else
	fail "the installed completion does not register for etsnctl"
fi
make -s -C "$top" uninstall DESTDIR="$tmp" > /dev/null 2>&1 || fail "make uninstall failed"
for f in "${expected[@]}"; do
	[ ! -e "$tmp$f" ] && pass || fail "$f left after make uninstall"
done
echo "install: $passed passed, $failed failed"
[ "$failed" = 0 ]
