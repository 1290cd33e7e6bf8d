#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the test VM: each case in its own bash with a time limit,
# its output on the console, one verdict line per case in
# $EDGETSN_VM_OUT/results. Usage: guest-cases.sh KO_DIR CASE...
ko_dir=$1; shift
export EDGETSN_KO_DIR=$ko_dir
results=$EDGETSN_VM_OUT/results
: > "$results"
failed=0
for case in "$@"; do
	name=$(basename "$case" .sh)
	echo "=== case $name ($(uname -r))"
	# The debug kernel (KASAN, lockdep) runs a case several times slower.
	timeout -k 5 "${EDGETSN_CASE_TIMEOUT:-600}" bash "$case" 2>&1 | sed -u "s/^/[$name] /"
	rc=${PIPESTATUS[0]}
	if [ "$rc" = 0 ]; then
		echo "ok $name" >> "$results"
		echo "=== ok $name"
	else
		echo "not ok $name" >> "$results"
		[ "$rc" = 124 ] && echo "=== $name timed out after ${EDGETSN_CASE_TIMEOUT:-600}s"
		echo "=== FAILED $name"
		failed=1
	fi
	sync
done
exit "$failed"
