#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The agent stage: the MQTT session alone (mqtt.sh, through mqtt_probe),
# then the running daemon (daemon.sh); one summary line for both.
#   tests/agent/run.sh PROBE EDGETSND
set -u
dir=$(dirname "$0")
total_p=0 total_f=0 total_s=0
for t in "mqtt.sh $1" "daemon.sh $2"; do
	# shellcheck disable=SC2086
	out=$("$dir"/$t 2>&1)
	rc=$?
	echo "$out"
	line=$(grep -E '^agent: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' <<< "$out" | tail -n 1)
	if [ -z "$line" ]; then
		echo "agent: ${t%% *} ended without a summary (status $rc): one failure"
		total_f=$((total_f + 1))
		continue
	fi
	read -r p f s < <(sed 's/^agent: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\1 \2 \3/' <<< "$line")
	total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + s))
	[ "$rc" = 0 ] || [ "$f" != 0 ] || total_f=$((total_f + 1))
done
echo "agent: $total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" = 0 ]
