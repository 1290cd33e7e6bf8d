#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Planning time of `etsnctl sched plan` (docs/benchmarks.md).
#   tools/bench-plan.sh [STREAMS...]   default: 100 1000
# Two sets per count, each drawn with a fixed seed: "issue" takes periods
# from 125 us to 100 ms (ten of them), "harmonic" ten periods doubling
# from 125 us to 64 ms; each stream equally likely to take any, listed
# shortest first (the order the planner favours), 1 to 2 frames of 64 to
# 256 bytes, 10 Gb/s, preemption on, 10% best effort. Prints per set the
# wall time of three runs and the planner's verdict (the schedule's size,
# or its reason).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
make -C "$top" -s user
etsnctl=$top/build/etsnctl
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
[ $# -ge 1 ] || set -- 100 1000
declare -A periods=(
	[issue]="125us 250us 500us 1ms 2ms 5ms 10ms 20ms 50ms 100ms"
	[harmonic]="125us 250us 500us 1ms 2ms 4ms 8ms 16ms 32ms 64ms"
)
for n in "$@"; do
	for set in issue harmonic; do
		spec=$dir/$set-$n
		awk -v n="$n" -v periods="${periods[$set]}" 'BEGIN {
			srand(14);
			split(periods, p, " ");
			print "0 link-speed 10000\n0 preemption on\n0 best-effort 10%";
			for (i = 0; i < n; i++)
				printf "%d stream s%d interval %s max-frames-per-interval %d max-frame-size %d\n",
				       k = 1 + int(rand() * 10), i, p[k], 1 + int(rand() * 2),
				       64 + int(rand() * 193);
		}' | sort -n -s -k1,1 | cut -d' ' -f2- > "$spec"
		times=()
		for run in 1 2 3; do
			t0=$(date +%s%N)
			rc=0
			"$etsnctl" sched plan "$spec" > "$dir/out" 2> "$dir/err" || rc=$?
			t1=$(date +%s%N)
			times+=("$(( (t1 - t0) / 1000000 ))ms")
		done
		if [ "$rc" = 0 ]; then
			verdict="planned: $(grep -c '^entry' "$dir/out") entries, $(grep -c '^# window' "$dir/out") windows, $(sed -n 's/^cycle-time //p' "$dir/out") cycle"
		else
			verdict="refused (exit $rc): $(sed "s|$dir|...|" "$dir/err")"
		fi
		echo "bench-plan: $n streams, $set periods: ${times[*]}; $verdict"
	done
done
