#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# KUnit: builds edgetsn.ko and the test module against the KUnit/debug kernel,
# loads them in a VM, and parses the KTAP the suites printed (dmesg).
# Every suite named in tests/kunit/*_test.c must report; a failed case, a
# crash inside a suite or a kernel splat fails the run.
# Last line: "kunit: N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/vm/kernels.sh"

vm_resolve_kernel kunit || { echo "kunit: 0 passed, 1 failed"; exit 1; }
kodir=$top/build/kmod/kunit
"$top/tools/build-kmod.sh" --kunit "$vm_kernel_build" "$kodir" ||
	{ echo "kunit: 0 passed, 1 failed"; exit 1; }

out=$top/build/kunit/out
rm -rf "$out"; mkdir -p "$out"
"$top/tests/vm/run-vm" -q -k kunit -o "$out" -l "$top/build/kunit/console.log" -t 900 \
	"$top/tests/kunit/guest.sh" "$kodir"
vmrc=$?

expect=()
for suite in $(sed -n 's/^\s*\.name = "\(.*\)",$/\1/p' "$top"/tests/kunit/*_test.c); do
	expect+=(--expect "$suite")
done
shopt -s nullglob
ktap=("$out"/*.ktap)
# No KTAP at all (the VM never got there) still has to fail every suite.
[ ${#ktap[@]} -gt 0 ] || { : > "$out/none.ktap"; ktap=("$out/none.ktap"); }
"$top/tools/ktap-parse" "${expect[@]}" "${ktap[@]}" | sed '$d'
summary=$("$top/tools/ktap-parse" "${expect[@]}" "${ktap[@]}" | tail -n 1)
prc=${PIPESTATUS[0]}
if [ "$vmrc" != 0 ]; then
	echo "kunit: the VM failed (status $vmrc; console: build/kunit/console.log)"
	tr -d '\r' < "$top/build/kunit/console.log" | tail -n 15
	p=$(sed -n 's/^kunit: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' <<< "$summary")
	f=$(sed -n 's/^kunit: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' <<< "$summary")
	echo "kunit: ${p:-0} passed, $(( ${f:-0} + 1 )) failed"
	exit 1
fi
echo "$summary"
exit "$prc"
