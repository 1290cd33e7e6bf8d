#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# systemd/edgetsnd.service.in, rendered as make install renders it (with
# ExecStart on build/edgetsnd, which must exist), through
# `systemd-analyze verify`: unknown keys, bad values, a missing binary.
# Last line: "unit: N passed, N failed, N skipped".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v systemd-analyze > /dev/null; then
	echo "unit: skipped: systemd-analyze is not installed (apt-get install systemd)"
	echo "unit: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
if [ ! -x "$top/build/edgetsnd" ]; then
	echo "unit: skipped: build/edgetsnd is not built (make user)"
	echo "unit: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -e "s|@SBINDIR@|$top/build|g" -e 's|@SYSCONFDIR@|/etc|g' \
	"$top/systemd/edgetsnd.service.in" > "$tmp/edgetsnd.service"
# --man=no: the page is installed by make install, not necessarily here.
if out=$(systemd-analyze verify --man=no "$tmp/edgetsnd.service" 2>&1) && [ -z "$out" ]; then
	echo "unit: ok: systemd-analyze verify edgetsnd.service"
	echo "unit: 1 passed, 0 failed, 0 skipped"
	exit 0
fi
echo "unit: FAIL: systemd-analyze verify edgetsnd.service: $out"
echo "unit: 0 passed, 1 failed, 0 skipped"
exit 1
