#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the test VM: each case in its own bash with a time limit,
# its output on the console, one verdict line per case in
# $EDGETSN_VM_OUT/results and its duration in seconds in .../times. A case
# that exits 77 is skipped; it says why on a line "SKIP: reason".
# Usage: guest-cases.sh KO_DIR CASE...
# A case must leave no network namespace behind: one that does fails, and
# whatever any case left (namespaces; edgetsn, after a failure) is removed
# so that the next case starts clean.
ko_dir=$1; shift
export EDGETSN_KO_DIR=$ko_dir
results=$EDGETSN_VM_OUT/results
: > "$results"
: > "$EDGETSN_VM_OUT/times"
failed=0

# leftovers: prints the network namespaces a case left behind, and removes
# them (their devices and qdiscs go with them).
leftovers() {
	local ns
	for ns in $(ip netns list | cut -d' ' -f1); do
		echo "$ns"
		ip netns del "$ns"
	done
}

for case in "$@"; do
	name=$(basename "$case" .sh)
	echo "=== case $name ($(uname -r))"
	start=$(date +%s)
	# The debug kernel (KASAN, lockdep) runs a case several times slower.
	timeout -k 5 "${EDGETSN_CASE_TIMEOUT:-600}" bash "$case" 2>&1 | sed -u "s/^/[$name] /"
	rc=${PIPESTATUS[0]}
	echo "$name $(( $(date +%s) - start ))" >> "$EDGETSN_VM_OUT/times"
	left=$(leftovers)
	if [ "$rc" = 0 ] && [ -n "$left" ]; then
		echo "=== $name left network namespaces behind: $(echo $left)"
		rc=1
	fi
	[ "$rc" = 0 ] || { rmmod edgetsn 2>/dev/null || true; }
	if [ "$rc" = 0 ]; then
		echo "ok $name" >> "$results"
		echo "=== ok $name"
	elif [ "$rc" = 77 ]; then
		echo "skip $name" >> "$results"
		echo "=== skipped $name"
	else
		echo "not ok $name" >> "$results"
		[ "$rc" = 124 ] && echo "=== $name timed out after ${EDGETSN_CASE_TIMEOUT:-600}s"
		echo "=== FAILED $name"
		failed=1
	fi
	sync
done
exit "$failed"
