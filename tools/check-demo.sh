#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The README's first command, as a newcomer runs it: `make demo` in a fresh
# clone of this repository's HEAD (nothing built, no build/ directory). Each
# verdict line of the demo is one test. Last line: "demo: N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /var/tmp/edgetsn-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
if ! git clone -q "$top" "$work/edgetsn"; then
	echo "demo: 0 passed, 1 failed (git clone of $top failed)"
	exit 1
fi
make -C "$work/edgetsn" demo > "$work/demo.out" 2>&1
rc=$?
grep -E '^(PASS|FAIL) |^== demo took' "$work/demo.out"
if [ "$rc" != 0 ]; then
	echo "demo: make demo in a fresh clone exited $rc; its last lines:"
	tail -n 30 "$work/demo.out"
fi
summary=$(grep -E '^demo: [0-9]+ passed, [0-9]+ failed' "$work/demo.out" | tail -n 1)
# No summary, or a failed make demo whose guest counted no failure (a step
# after the VM failed): one failure.
if [ -z "$summary" ] || { [ "$rc" != 0 ] && [[ "$summary" = *" 0 failed"* ]]; }; then
	summary="demo: 0 passed, 1 failed"
fi
echo "$summary"
[ "$rc" = 0 ]
