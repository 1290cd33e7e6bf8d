#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Reads the KTAP the guest saved (OUT_DIR/*.ktap, from dmesg) and checks it
# with tools/ktap-parse: every suite named in tests/kunit/*_test.c must
# report, a failed case or a suite that never finished fails. No KTAP at
# all (the VM never got there) fails every suite.
# Usage: ktap-check.sh OUT_DIR. Last line: "kunit: N passed, N failed, N skipped".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1

expect=()
for suite in $(sed -n 's/^\s*\.name = "\(.*\)",$/\1/p' "$top"/tests/kunit/*_test.c); do
	expect+=(--expect "$suite")
done
shopt -s nullglob
ktap=("$out"/*.ktap)
[ ${#ktap[@]} -gt 0 ] || { : > "$out/none.ktap"; ktap=("$out/none.ktap"); }
"$top/tools/ktap-parse" "${expect[@]}" "${ktap[@]}"
