#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# vm-timing: yes
# A planned schedule in force: three streams with periods of 50, 100 and
# 200 ms are planned by `etsnctl sched plan`, installed on t0 with
# `--apply dev t0`, and each stream's frames are sent by tsn_tx at its
# earliest transmit offset (0) into every occurrence, on the CLOCK_TAI grid
# the schedule's base time 0 runs on. Every frame must leave inside a
# window of its class and within the latency the plan reported for it.
#
# The plan is made for a 1 Mb/s link so that its windows last milliseconds
# (a 242-byte frame takes 2.128 ms there), longer than the guest's
# tolerances under TCG. The qdisc's own guard check runs at veth's speed;
# the guard bands themselves are proven in tests/unit/test_plan.c.
#
# Tolerances are measured in this same boot, never assumed. A first run
# sends the same streams through pfifo_fast and gives:
# - GRACE, dequeue to receive stamp: the p99 of send->stamp (timing_etsn);
# - SLACK, how late the talker wakes for its offset: the p99 of send time
#   minus the grid point it aimed at, rounded up to whole ms, at least 2
#   ms and at most 20 ms (40% of the shortest period: the windows and the
#   late control need the rest). It is the plan's latest-transmit-offset:
#   the plan promises nothing for a frame sent after it, so such frames
#   are counted, not judged on latency; at least 70 of the 140 must be
#   judged (a run with fewer proves nothing and is run again, at most
#   three times in all).
# Then etsn's gate timer firings are traced (timing_etsn; moved from
# CLOCK_MONOTONIC, the timer's clock, to TAI): a frame that
# left at most GRACE after the late switch that closed its window is
# "late", not out; at most 1% of the frames may be out. Latency is judged
# against the windows as the timer really ran them: a frame must leave at
# most GRACE after the firing that closed its own occurrence's window
# (which ends by the earliest offset plus the reported latency); at most
# 5% may not. Not 1%: on a host loaded to an average of 18, a window the
# timer opened and closed in time still let its frame out only 200 to 700
# ms later, in a later window (6.12, 2026-11-26: 3 of 85 frames, two of
# them stamped together 700 ms after their window, which points at the
# guest's transmit path running that late). A frame whose window a stalled timer opened less than the
# measured p50 open-to-departure time before its end (or skipped) is
# counted, not judged. Negative controls in
# the same boot: the pfifo_fast frames, judged against the plan, are >= 20%
# out of their windows; frames aimed SLACK after their reported latency
# (their window has closed) through etsn are >= 20% over it.
. "$(dirname "$0")/lib.sh"
. "$repo_top/tests/vm/helpers/timing.sh"
trap 'trace_switches_end; drop_pair' EXIT
etsnctl=$repo_top/build/etsnctl
spec=$timing_out/plan_timing.spec
# name priority (= class) interval_ns; each sends for 4 s
streams=("fast 1 50000000" "mid 2 100000000" "slow 3 200000000")
size=200	# UDP payload: 242 bytes from the MAC header on (+ 8 UDP, 20 IP, 14 Ethernet)
declare -A aim bound
for s in "${streams[@]}"; do
	read -r name _ <<< "$s"
	aim[$name]=0
done
load_edgetsn
make_mq_pair

# send_streams RUN: each stream from its own tsn_tx aimed at aim[NAME]
# into every interval, to its own tsn_rx (port 7000 + priority); records
# in $timing_out/RUN-NAME.rx and all of them in RUN.rx. Sets tai_off.
send_streams() {
	local run=$1 s name prio iv pids=() rxpids=()
	for s in "${streams[@]}"; do
		read -r name prio iv <<< "$s"
		rm -f "/tmp/rx-ready.$prio"
		ip netns exec listener "$helpers/tsn_rx" -n $((4000000000 / iv)) -t 10 \
			-r "/tmp/rx-ready.$prio" $((7000 + prio)) > "$timing_out/$run-$name.rx" &
		rxpids+=($!)
	done
	for s in "${streams[@]}"; do
		read -r name prio _ <<< "$s"
		poll 300 test -e "/tmp/rx-ready.$prio" || fail "tsn_rx for $name did not start"
	done
	for s in "${streams[@]}"; do
		read -r name prio iv <<< "$s"
		ip netns exec talker "$helpers/tsn_tx" -c $((4000000000 / iv)) -s "$size" -p "$prio" \
			-a "$iv:${aim[$name]}" 192.0.2.2 $((7000 + prio)) > "$timing_out/$run-$name.tx" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do wait "$pid" || fail "$run: tsn_tx failed"; done
	for pid in "${rxpids[@]}"; do wait "$pid" || fail "$run: tsn_rx failed"; done
	: > "$timing_out/$run.rx"
	for s in "${streams[@]}"; do
		read -r name _ <<< "$s"
		echo "$run $name: $(cat "$timing_out/$run-$name.tx"); $(tail -n 1 "$timing_out/$run-$name.rx")"
		grep -v '^#' "$timing_out/$run-$name.rx" >> "$timing_out/$run.rx"
	done
	read -r _ _ _ _ _ tai_off _ < "$timing_out/$run-fast.tx"
}

# check_frames RUN ARGS...: tsn_check on RUN's records (RUN.rx, or
# RUN-NAME.rx for RUN given as RUN-NAME) against the plan's schedule
# (priority p is class p, etsn's default map); report in RUN.check.
check_frames() {
	local run=$1 e args=()
	shift
	for e in "${sched_entries[@]}"; do args+=(-e "$e"); done
	"$helpers/tsn_check" -b 0 -C "$sched_cycle" "${args[@]}" -o "$tai_off" "$@" \
		"$timing_out/$run.rx" > "$timing_out/$run.check"
}
field() { awk -v k="$2" -v f="$3" '$1 == k { for (i = 2; i < NF; i += 2) if ($i == f) print $(i + 1) }' \
	"$timing_out/$1.check"; }

# judge RUN: "judged over late_talker skipped" over RUN's frames, against
# the windows as the traced gate timer (RUN.sw) really ran them. A frame
# sent more than SLACK after the point it aimed at is not judged (the
# talker was late); nor one whose window the timer opened less than OPEN
# (the measured p50 from a gate's opening to a waiting frame's departure)
# before the window's nominal end, or never (a late firing handled its
# opening and closing at once). A judged frame is over
# when it left more than GRACE after the firing that closed its own
# occurrence's window: it left in a later window, beyond its latency (its
# window ends by the occurrence's earliest offset plus the reported
# latency). Times go to awk relative to a cycle start, exact in doubles.
judge() {
	local run=$1 base s name prio iv t seq p tx rx
	read -r t < "$timing_out/$run.sw"
	base=$(( (t / sched_cycle - 1) * sched_cycle ))
	{
		echo "C $sched_cycle $grace $slack $open"
		for s in "${streams[@]}"; do
			read -r name prio iv <<< "$s"
			echo "S $name $iv ${aim[$name]}"
		done
		sed -n 's/^# window \([0-9]*\)ns-\([0-9]*\)ns stream \([^ ]*\) occurrence \([0-9]*\) .*/W \3 \4 \1 \2/p' \
			"$timing_out/plan_timing.plan"
		while read -r t; do echo "F $((t - base))"; done < "$timing_out/$run.sw"
		for s in "${streams[@]}"; do
			read -r name _ <<< "$s"
			while read -r seq p tx rx; do
				[ "$seq" = "#" ] && continue
				echo "R $name $((tx + tai_off - base)) $((rx + tai_off - base))"
			done < "$timing_out/$run-$name.rx"
		done
	} | awk '
	# first(b): index of the first firing at or after b, 0 if none.
	function first(b,   lo, hi, mid) {
		lo = 1; hi = nf + 1
		while (lo < hi) { mid = int((lo + hi) / 2); if (f[mid] >= b) hi = mid; else lo = mid + 1 }
		return lo <= nf ? lo : 0
	}
	$1 == "C" { cycle = $2; grace = $3; slack = $4; open = $5 }
	$1 == "S" { iv[$2] = $3; aim[$2] = $4 }
	$1 == "W" { ws[$2, $3] = $4; we[$2, $3] = $5 }
	$1 == "F" { f[++nf] = $2 }
	$1 == "R" {
		t = $3 - aim[$2]; occ = t - t % iv[$2]
		if (t - occ > slack) { late++; next }
		c0 = occ - occ % cycle; k = (occ - c0) / iv[$2] + 1
		fo = first(c0 + ws[$2, k]); fc = first(c0 + we[$2, k])
		if (!fo || !fc || f[fo] + open > c0 + we[$2, k]) { skipped++; next }
		n++
		if ($4 > f[fc] + grace) over++
	}
	END { printf "%d %d %d %d\n", n, over, late, skipped }'
}

# timed_run RUN: send_streams RUN with the gate timer traced, then judge
# it (etsn: also every frame inside a window of its class). Sets n over
# late skipped. A run where fewer than 70 frames can be judged proves
# nothing either way: the timer ran too late (a host compiling a kernel
# beside the guest delayed it by 9 ms at p50 in CI) or the talker woke
# too late; it is run again, at most three times in all.
timed_run() {
	local run=$1 try s name iv
	for try in 1 2 3; do
		trace_switches_start "$etsn_timer"
		send_streams "$run"
		trace_switches_stop "$timing_out/$run.sw"
		switches_to_tai "$timing_out/$run.sw"
		if [ "$run" = etsn ]; then
			for s in "${streams[@]}"; do
				read -r name _ iv <<< "$s"
				check_frames "etsn-$name" -n $((4000000000 / iv)) || fail "etsn $name: frames lost"
			done
			check_frames etsn -s "$timing_out/etsn.sw" -g "$grace" -x 0.01 ||
				{ sed 's/^/etsn: /' "$timing_out/etsn.check"
				  fail "etsn: frames outside their windows beyond the tolerance"; }
			sed 's/^/etsn: /' "$timing_out/etsn.check"
			open=$(field etsn open_to_departure_ns p50)
		fi
		read -r n over late skipped <<< "$(judge "$run")"
		echo "$run latency: $over of $n judged frames left after their own window (+ grace);" \
			"unjudged: $late sent after the latest offset, $skipped in windows the gate timer opened too late"
		[ "$n" -ge 70 ] && return
		echo "$run, try $try: only $n frames can be judged: the run proves nothing, again"
	done
	fail "$run: only $n frames judged on latency in 3 runs"
}

# 1. pfifo_fast: GRACE and SLACK.
tc -n talker qdisc replace dev t0 root pfifo_fast || fail "tc qdisc replace pfifo_fast"
send_streams pfifo_fast
sched_cycle=200000000 sched_entries=(0xff:200000000)	# any schedule: for send->stamp
for s in "${streams[@]}"; do
	read -r name _ iv <<< "$s"
	check_frames "pfifo_fast-$name" -n $((4000000000 / iv)) || fail "pfifo_fast $name: frames lost"
done
check_frames pfifo_fast
grace=$(field pfifo_fast send_to_departure_ns p99)
[ -n "$grace" ] || fail "no send->stamp distribution"
slack=$(while read -r _ p tx _; do
	iv=${streams[p - 1]##* } t=$((tx + tai_off))
	echo $((t % iv))
done < "$timing_out/pfifo_fast.rx" | sort -n | awk '{ v[NR] = $1 } END { print v[int(NR * 0.99)] }')
unit=$(( (slack + 999999) / 1000000 * 1000000 ))
[ "$unit" -ge 2000000 ] || unit=2000000
[ "$unit" -le 20000000 ] || unit=20000000	# the windows and the control need the rest
echo "grace $grace ns; talker lateness p99 $slack ns: latest-transmit-offset $unit ns"
slack=$unit

# 2. The plan, with the measured latest transmit offset.
cat > "$spec" << EOF
link-speed 1
be-max-frame 100
best-effort 20%
stream fast interval 50ms max-frames-per-interval 4 max-frame-size 242 latest-transmit-offset ${unit}ns class 1
stream mid interval 100ms max-frames-per-interval 4 max-frame-size 242 latest-transmit-offset ${unit}ns class 2
stream slow interval 200ms max-frames-per-interval 4 max-frame-size 242 latest-transmit-offset ${unit}ns class 3
EOF
"$etsnctl" sched plan "$spec" > "$timing_out/plan_timing.plan" || fail "etsnctl sched plan"
cat "$timing_out/plan_timing.plan"
sched_cycle=$(sed -n 's/^cycle-time \([0-9]*\)ns$/\1/p' "$timing_out/plan_timing.plan")
# (Here-strings, not process substitution: the guest has no /dev/fd.)
mapfile -t sched_entries <<< "$(sed -n 's/^entry S \(0x[0-9a-f]*\) \([0-9]*\)ns$/\1:\2/p' \
	"$timing_out/plan_timing.plan")"
[ -n "$sched_cycle" ] && [ -n "${sched_entries[0]}" ] || fail "no schedule in the plan"
while read -r _ _ name _ _ _ _ _ _ _ _ _ lat _; do
	bound[$name]=${lat%ns}
done <<< "$(grep '^# stream ' "$timing_out/plan_timing.plan")"

# 3. etsn with the plan, installed by sched plan --apply.
etsn_timer=etsn_timer_fn
tc -n talker qdisc replace dev t0 root handle 1: etsn || fail "tc qdisc replace etsn"
ip netns exec talker "$etsnctl" class set dev t0 speed 10000 || fail "etsnctl class set speed"
ip netns exec talker "$etsnctl" sched plan "$spec" --apply dev t0 || fail "sched plan --apply"
timed_run etsn
[ $((over * 20)) -le "$n" ] || fail "etsn: more than 5% of the frames over their reported latency"

# 4. Negative controls: pfifo_fast ignores the windows; frames aimed after
# their window closed wait for the next one, beyond the latency.
check_frames pfifo_fast -g "$grace" -X 0.20 ||
	fail "negative control: pfifo_fast frames not seen outside their windows"
echo "pfifo_fast: $(grep '^total' "$timing_out/pfifo_fast.check")"
for s in "${streams[@]}"; do
	read -r name _ iv <<< "$s"
	aim[$name]=$((bound[$name] + slack))
	[ "${aim[$name]}" -lt "$iv" ] || fail "$name: no time left in the interval for the control"
done
timed_run late
[ $((over * 5)) -ge "$n" ] ||
	fail "negative control: frames sent after their window not seen over the latency"
echo "plan_timing: every stream inside its windows and latency; both controls caught"
