#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make install DESTDIR=...` (no root needed): the binaries, man pages,
# completion, the uapi header, the systemd unit with its paths filled in,
# the example config (that the installed edgetsnd --check accepts); the
# binaries run, every man page renders, the completion registers for
# etsnctl; no live config written; `make uninstall` takes every file back.
# Last line: "install: N passed, N failed, N skipped".
#   tests/agent/install.sh
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
passed=0 failed=0 skipped=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok: $1"; passed=$((passed + 1)); }
not_ok() { echo "FAIL: $1"; failed=$((failed + 1)); }

d=$tmp/root
if make -s -C "$top" install DESTDIR="$d" PREFIX=/usr > "$tmp/make.log" 2>&1; then
	ok "make install DESTDIR=... PREFIX=/usr"
else
	not_ok "make install: $(tail -n 5 "$tmp/make.log")"
fi
# MODE PATH
while read -r mode path; do
	got=$(stat -c %a "$d$path" 2> /dev/null)
	if [ "$got" = "$mode" ]; then ok "$path $mode"; else not_ok "$path: mode '$got', want $mode"; fi
done <<'LIST'
755 /usr/sbin/etsnctl
755 /usr/sbin/edgetsnd
644 /usr/share/man/man8/etsnctl.8
644 /usr/share/man/man8/edgetsnd.8
644 /usr/share/man/man8/tc-etsn.8
644 /usr/share/bash-completion/completions/etsnctl
644 /usr/include/linux/edgetsn.h
644 /usr/lib/systemd/system/edgetsnd.service
644 /etc/edgetsn/edgetsnd.yaml.example
LIST

unit=$d/usr/lib/systemd/system/edgetsnd.service
for line in "Type=notify" "ExecStart=/usr/sbin/edgetsnd -c /etc/edgetsn/edgetsnd.yaml" \
	    'ExecReload=/bin/kill -HUP $MAINPID' "CapabilityBoundingSet=CAP_NET_ADMIN CAP_SYS_ADMIN" \
	    "ConditionPathExists=/etc/edgetsn/edgetsnd.yaml"; do
	if grep -qxF -- "$line" "$unit" 2> /dev/null; then ok "unit: $line"; else not_ok "unit lacks '$line'"; fi
done
if grep -q @ "$unit"; then not_ok "unit: a placeholder left: $(grep @ "$unit")"; else ok "unit: no placeholder left"; fi

out=$("$d/usr/sbin/edgetsnd" --check --offline "$d/etc/edgetsn/edgetsnd.yaml.example" 2>&1)
if [[ $out == *": valid: "* ]]; then ok "the installed edgetsnd accepts the installed example"
else not_ok "installed example: $out"; fi
if [ ! -e "$d/etc/edgetsn/edgetsnd.yaml" ]; then ok "no live config written"
else not_ok "make install wrote /etc/edgetsn/edgetsnd.yaml"; fi

for b in etsnctl edgetsnd; do
	if "$d/usr/sbin/$b" --help > /dev/null 2>&1; then ok "the installed $b runs"
	else not_ok "the installed $b does not run"; fi
done
for page in "$d"/usr/share/man/man8/*.8; do
	if LC_ALL=C MANWIDTH=80 man -l "$page" 2> /dev/null | grep -q .; then
		ok "$(basename "$page") renders"
	else
		not_ok "$(basename "$page") does not render"
	fi
done
if bash -c '. "$1" && complete -p etsnctl' _ "$d/usr/share/bash-completion/completions/etsnctl" \
	> /dev/null 2>&1; then
	ok "the installed completion registers for etsnctl"
else
	not_ok "the installed completion does not register for etsnctl"
fi

make -s -C "$top" uninstall DESTDIR="$d" PREFIX=/usr > "$tmp/make.log" 2>&1
left=$(find "$d" -type f)
if [ -z "$left" ]; then ok "make uninstall removes every file"; else not_ok "left after uninstall: $left"; fi

echo "install: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
