#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The agent stage: each host test of edgetsnd given as "SCRIPT [ARGS]",
# their summary lines ("<name>: N passed, N failed, N skipped") added up.
# Last line: "agent: N passed, N failed, N skipped".
#   tests/agent/run.sh "tests/agent/mqtt.sh build/tests/mqtt_probe" "tests/agent/ops.sh build" ...
set -uo pipefail
passed=0 failed=0 skipped=0
for part in "$@"; do
	# shellcheck disable=SC2086
	out=$($part 2>&1)
	name=${part%% *}
	name=${name##*/}
	echo "$out" | sed "s/^agent: /${name%.sh}: /"
	line=$(grep -E "^[a-z-]+: [0-9]+ passed, [0-9]+ failed" <<< "$out" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$part: no summary line: counted as a failure"
		failed=$((failed + 1))
		continue
	fi
	read -r _ p _ f _ s _ <<< "$line"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + ${s:-0}))
done
echo "agent: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
