#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Proves the harness reports what it must: a script's exit status, a kernel
# splat that only dmesg shows (lockdep prints below the console's level),
# and a hung guest. Stock 6.1 kernel. Last line: "harness: N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$top/build/vm/selftest
rm -rf "$work"; mkdir -p "$work"

script() { # script NAME BODY
	printf '#!/bin/bash\n%s\n' "$2" > "$work/$1.sh"
	chmod +x "$work/$1.sh"
}
script status 'exit 7'
script splat 'echo "<4>WARNING: possible circular locking dependency detected" > /dev/kmsg'
script hang 'sleep 3600'

passed=0 failed=0
expect() { # expect NAME STATUS [run-vm options]
	local name=$1 want=$2 got
	shift 2
	"$top/tests/vm/run-vm" -q -k 6.1 -l "$work/$name.log" "$@" "$work/$name.sh" 2> "$work/$name.err"
	got=$?
	if [ "$got" = "$want" ]; then
		echo "ok    harness/$name (status $got)"
		passed=$((passed + 1))
	else
		echo "FAIL  harness/$name: status $got, expected $want"
		cat "$work/$name.err"
		failed=$((failed + 1))
	fi
}
expect status 7
expect splat 126
expect hang 124 -t 45
echo "harness: $passed passed, $failed failed"
[ "$failed" = 0 ]
