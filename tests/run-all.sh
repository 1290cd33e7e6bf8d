#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make check`: every stage in turn, each with its own summary line, then the
# total. A stage that ends without a summary counts as one failure. Logs of
# each stage: build/check/<stage>.log.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mkdir -p build/check

stages=(
	"style:tools/check-style.sh"
	"unit:make -s check-unit"
	"bpf:make -s check-bpf"
	"dkms:tools/check-dkms.sh"
	"harness:tests/vm/selftest.sh"
	"kunit:tests/kunit/check.sh"
	"vm:tests/vm/check.sh"
	"rt:tests/vm/check-rt.sh"
)
total_p=0 total_f=0
for s in "${stages[@]}"; do
	name=${s%%:*} cmd=${s#*:}
	echo "== $name: $cmd"
	start=$(date +%s)
	$cmd 2>&1 | tee "build/check/$name.log"
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "build/check/$name.log" | tail -n 1)
	p=$(sed -n 's/^[a-z]*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' <<< "$line")
	f=$(sed -n 's/^[a-z]*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' <<< "$line")
	if [ -z "$line" ]; then
		echo "== $name: no summary line: counted as a failure"
		p=0 f=1
	fi
	echo "== $name took $(( $(date +%s) - start ))s"
	total_p=$((total_p + p)) total_f=$((total_f + f))
done
echo
echo "$total_p passed, $total_f failed"
[ "$total_f" = 0 ]
