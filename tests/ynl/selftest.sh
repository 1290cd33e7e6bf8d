#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The YNL spec check: the real spec and header must agree, and each planted
# mismatch (in copies) must be reported by the line naming it.
# Last line: "ynl: N passed, N failed" (one test per run of the checker).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
result() { # result OK WHAT
	if [ "$1" = 0 ]; then passed=$((passed + 1)); echo "ok    ynl/$2"
	else failed=$((failed + 1)); echo "FAIL  ynl/$2"; fi
}

out=$(python3 tools/check-ynl.py 2>&1)
rc=$?
[ $rc = 0 ] || echo "$out"
result $rc "spec matches header and kernel ($(tail -n 1 <<< "$out" | sed 's/^ynl: //'))"

# mutant NAME FILE SED EXPECT: the checker on a copy of FILE changed by SED
# must fail with a line containing EXPECT.
mutant() {
	local name=$1 file=$2 expr=$3 expect=$4 spec=uapi/edgetsn.yaml header=uapi/linux/edgetsn.h
	sed "$expr" "$file" > "$work/mutant"
	cmp -s "$file" "$work/mutant" && { echo "mutant $name: the sed changed nothing"; result 1 "$name"; return; }
	[ "$file" = "$spec" ] && spec=$work/mutant
	[ "$file" = "$header" ] && header=$work/mutant
	out=$(python3 tools/check-ynl.py --spec "$spec" --header "$header" 2>&1)
	if [ $? != 0 ] && grep -qF -- "$expect" <<< "$out"; then
		result 0 "$name"
	else
		echo "$out"
		result 1 "$name"
	fi
}
mutant const-value uapi/edgetsn.yaml '/name: num-tc/{n;s/value: 8/value: 9/}' 'EDGETSN_NUM_TC'
mutant attribute-dropped uapi/edgetsn.yaml '/^      -$/{N;/name: backlog-bytes/{N;d}}' 'EDGETSN_A_CLASS_BACKLOG_BYTES of the header is not in the spec'
mutant header-entry-added uapi/linux/edgetsn.h 's/^\tEDGETSN_A_DEV_MM_MIN_FRAG,/&\n\tEDGETSN_A_DEV_NEW,/' 'EDGETSN_A_DEV_NEW of the header is not in the spec'
mutant type-vs-policy uapi/edgetsn.yaml '/name: gates/{n;s/type: u8/type: u16/}' 'EDGETSN_A_ENTRY_GATES: kernel policy NLA_U8'
mutant perm-dropped uapi/edgetsn.yaml '0,/flags: \[ uns-admin-perm \]/{/flags: \[ uns-admin-perm \]/d}' 'EDGETSN_CMD_SCHED_SET: permission flag uns-admin-perm in genl_ops, none in the spec'
mutant enum-renamed uapi/edgetsn.yaml 's/name: verify-failed/name: verify-fail/' 'EDGETSN_MM_VERIFY_FAIL is None in the header'
mutant op-order uapi/edgetsn.yaml 's/name: class-get$/name: class-gets/' 'EDGETSN_CMD_CLASS_GETS'
mutant group-name uapi/edgetsn.yaml 's/      name: events$/      name: event/' 'group EDGETSN_MCGRP_EVENTS is not "event"'
echo "ynl: $passed passed, $failed failed"
[ "$failed" = 0 ]
