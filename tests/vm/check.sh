#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VM integration tests: for each kernel, build the module against it, boot
# it once and run every case in tests/vm/cases/ (or the ones named).
#   tests/vm/check.sh [-k KERNEL]... [CASE...]
# Kernels default to $EDGETSN_VM_KERNELS or "6.1 6.12 kunit".
# Last line: "vm: N passed, N failed" (one test = one case on one kernel;
# EDGETSN_VM_STAGE replaces "vm" for a stage of its own).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/vm/kernels.sh"

kernels=()
while [ $# -gt 0 ]; do
	case "$1" in
	-k) kernels+=("$2"); shift 2 ;;
	*) break ;;
	esac
done
[ ${#kernels[@]} -gt 0 ] || read -r -a kernels <<< "${EDGETSN_VM_KERNELS:-6.1 6.12 kunit}"
cases=()
for c in "$@"; do
	f=$top/tests/vm/cases/${c%.sh}.sh
	[ -f "$f" ] || { echo "vm: no case $c" >&2; exit 2; }
	cases+=("$f")
done
if [ ${#cases[@]} = 0 ]; then
	for f in "$top"/tests/vm/cases/*.sh; do
		[ "$(basename "$f")" = lib.sh ] || cases+=("$f")
	done
fi

label=${EDGETSN_VM_STAGE:-vm}
passed=0 failed=0
for k in "${kernels[@]}"; do
	out=$top/build/vm/out-$k
	kodir=$top/build/kmod/$k
	rm -rf "$out"; mkdir -p "$out"
	kunit_flag=
	[ "$k" = kunit ] && kunit_flag=--kunit
	if ! vm_resolve_kernel "$k" || ! "$top/tools/build-kmod.sh" $kunit_flag "$vm_kernel_build" "$kodir"; then
		echo "vm[$k]: cannot build the module for this kernel"
		failed=$((failed + ${#cases[@]}))
		continue
	fi
	# A hang must end, a slow kernel must not: the limit grows with the
	# cases, twice as fast for the debug kernel (KASAN makes it ~3x slower
	# than stock: its 15 cases took 30 minutes in one CI run, stock 6.1 8).
	limit=$((600 + 150 * ${#cases[@]}))
	[ "$k" = kunit ] && limit=$((2 * limit))
	echo "vm[$k]: booting $vm_kernel_release for ${#cases[@]} case(s)"
	"$top/tests/vm/run-vm" -q -k "$k" -o "$out" -l "$top/build/vm/$k.log" -t "$limit" \
		"$top/tests/vm/guest-cases.sh" "$kodir" "${cases[@]}"
	vmrc=$?
	for f in "${cases[@]}"; do
		name=$(basename "$f" .sh)
		if grep -qx "ok $name" "$out/results" 2>/dev/null && [ "$vmrc" != 126 ]; then
			echo "ok    $k/$name"
			passed=$((passed + 1))
		else
			echo "FAIL  $k/$name (console: build/vm/$k.log)"
			tr -d '\r' < "$top/build/vm/$k.log" | grep -a "^\[$name\]" | tail -n 15
			failed=$((failed + 1))
		fi
	done
	[ "$vmrc" = 126 ] && echo "vm[$k]: kernel splat: every case on this kernel fails"
done
echo "$label: $passed passed, $failed failed"
[ "$failed" = 0 ]
