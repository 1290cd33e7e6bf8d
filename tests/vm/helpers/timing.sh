# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the timing cases and benchmarks (sourced after
# tests/vm/cases/lib.sh): a multi-queue veth pair, the 3-window schedule,
# paced traffic with receive stamps, the timer-lateness probe.

helpers=$repo_top/build/tests/helpers
for h in tsn_tx tsn_rx tsn_check tsn_lat; do
	[ -x "$helpers/$h" ] || fail "$helpers/$h missing: run 'make helpers' on the host first"
done
# Raw records go where the host can read them after the run.
timing_out=${EDGETSN_VM_OUT:-/tmp}/timing-$(uname -r)
mkdir -p "$timing_out"

# The 3-window schedule: class 2, class 1, class 0 for 30%, 30%, 40% of the
# cycle (default 1 ms; set_windows changes it). Priority p is class p
# (taprio map / etsn prio map), one queue per class.
sched_base=1000000000	# in the past: both qdiscs run whole cycles from it
sched_prios=0,1,2
set_windows() { # set_windows W2_NS W1_NS W0_NS
	sched_windows=("$1" "$2" "$3")
	sched_cycle=$(($1 + $2 + $3))
	sched_entries=(0x4:"$1" 0x2:"$2" 0x1:"$3")
}
set_windows 300000 300000 400000

# As make_pair, but t0 has one tx queue per class (taprio wants a
# multi-queue device).
make_mq_pair() {
	# A gate opening after a timer stall (TCG) releases a burst larger than
	# the default 1000-frame receive backlog: not a loss to measure here.
	sysctl -qw net.core.netdev_max_backlog=100000
	make_pair 4
}

# taprio_3win [BASE]: the 3-window schedule on t0 with taprio, software mode.
taprio_3win() {
	tc -n talker qdisc replace dev t0 parent root handle 100 taprio num_tc 3 \
		map 0 1 2 0 0 0 0 0 0 0 0 0 0 0 0 0 queues 1@0 1@1 1@2 \
		base-time "${1:-$sched_base}" \
		sched-entry S 04 "${sched_windows[0]}" sched-entry S 02 "${sched_windows[1]}" \
		sched-entry S 01 "${sched_windows[2]}" \
		clockid CLOCK_TAI || fail "tc qdisc replace taprio"
}

# measure_lateness: sets lat_p50 lat_p99 lat_p999 lat_max (ns) from
# tsn_lat, 4000 absolute CLOCK_TAI sleeps 250 us apart.
measure_lateness() {
	local line
	line=$("$helpers/tsn_lat" 4000 250000 2>/dev/null) || fail "tsn_lat"
	echo "timer lateness: $line"
	read -r _ _ _ _ lat_p50 _ lat_p99 _ lat_p999 _ lat_max <<< "$line"
}

# send_frames NAME COUNT INTERVAL_NS [SIZE]: tsn_rx in the listener, tsn_tx
# in the talker on $sched_prios; records in $timing_out/NAME.rx. Sets
# tx_sent, tai_off (CLOCK_TAI - CLOCK_REALTIME, ns), tx_first and tx_last
# (send times of the first and last frame, CLOCK_REALTIME ns) and
# tx_called (CLOCK_REALTIME ns when send_frames began).
send_frames() {
	local name=$1 count=$2 interval=$3 size=${4:-200} rx=$timing_out/$1.rx
	local ready=/tmp/rx-ready.$$ line rxpid
	tx_called=$(date +%s%N)
	rm -f "$ready"
	ip netns exec listener "$helpers/tsn_rx" -n "$count" -t 10 -r "$ready" 7000 > "$rx" &
	rxpid=$!
	for _ in $(seq 300); do
		[ -e "$ready" ] && break
		sleep 0.1
	done
	[ -e "$ready" ] || fail "tsn_rx did not start"
	line=$(ip netns exec talker "$helpers/tsn_tx" -c "$count" -s "$size" -i "$interval" \
		-p "$sched_prios" 192.0.2.2 7000) || fail "$name: tsn_tx: $line"
	wait "$rxpid" || fail "$name: tsn_rx failed ($(tail -n 1 "$rx"))"
	read -r _ tx_sent _ _ _ tai_off _ tx_first _ tx_last _ <<< "$line"
	echo "$name: $line; $(tail -n 1 "$rx");" \
		"listener: $(ip netns exec listener nstat -az UdpRcvbufErrors UdpInErrors | tail -n +2 | awk '{ printf "%s %s ", $1, $2 }')"
}

# check_frames NAME ARGS...: tsn_check on NAME's records against the
# 3-window schedule; its report goes to stdout and $timing_out/NAME.check.
check_frames() {
	local name=$1 e args=()
	shift
	for e in "${sched_entries[@]}"; do args+=(-e "$e"); done
	"$helpers/tsn_check" -b "$sched_base" -C "$sched_cycle" "${args[@]}" \
		-o "$tai_off" "$@" "$timing_out/$name.rx" | tee "$timing_out/$name.check" |
		sed "s/^/$name: /"
	return "${PIPESTATUS[0]}"
}

# trace_switches_start SYMBOL: record when the qdisc's gate timer (the
# hrtimer callback SYMBOL, e.g. advance_sched for taprio) really fires.
# The hrtimer_expire_entry event's "now" is on the timer's own clock (TAI
# for taprio, CLOCK_MONOTONIC for etsn: see switches_to_tai).
# run-vm enables the event on the kernel command line and it stays on: an
# enable or disable at run time patches __hrtimer_run_queues while timers
# fire, and under TCG a vCPU twice executed a stale int3 from such a patch
# (6.12, an Oops there). Filters and tracing_on patch nothing.
tracefs=/sys/kernel/tracing
trace_switches_start() {
	trace_symbol=$1
	[ -d "$tracefs/events/timer" ] || fail "no tracefs at $tracefs"
	[ "$(cat "$tracefs/events/timer/hrtimer_expire_entry/enable")" = 1 ] ||
		fail "hrtimer_expire_entry is off: boot with trace_event=timer:hrtimer_expire_entry (tests/vm/run-vm does)"
	echo 0 > "$tracefs/tracing_on"
	echo 8192 > "$tracefs/buffer_size_kb"
	echo > "$tracefs/trace"
	# Only this callback's firings: a filter on the function pointer.
	addr=$(awk -v s="$1" '$3 == s { print $1; exit }' /proc/kallsyms)
	[ -n "$addr" ] || fail "no symbol $1 in /proc/kallsyms"
	echo "function == 0x$addr" > "$tracefs/events/timer/hrtimer_expire_entry/filter" ||
		fail "cannot filter hrtimer_expire_entry on $1"
	echo 1 > "$tracefs/tracing_on"
}

# switches_to_tai FILE: etsn's gate timer runs on CLOCK_MONOTONIC (so that
# it follows steps of the schedule's clock, kmod/etsn_oper.c), so its traced
# firings are monotonic: FILE moved onto the schedule's clock (TAI), the
# monotonic times kept in FILE.mono.
switches_to_tai() {
	local off t
	off=$(python3 -c 'import time; print(time.clock_gettime_ns(time.CLOCK_TAI) - time.clock_gettime_ns(time.CLOCK_MONOTONIC))')
	mv "$1" "$1.mono"
	while read -r t; do echo $((t + off)); done < "$1.mono" > "$1"
}

# trace_switches_end: stop recording (at the end of a case); the event
# itself stays enabled, see above.
trace_switches_end() {
	[ -d "$tracefs/events/timer" ] || return 0
	echo 0 > "$tracefs/tracing_on"
	echo > "$tracefs/trace"
}

trace_switches_stop() {
	local hdr
	echo 0 > "$tracefs/tracing_on"
	hdr=$(grep -m1 'entries-in-buffer' "$tracefs/trace")
	sed -n "s/.*hrtimer_expire_entry:.* function=$trace_symbol\( .*\)\{0,1\} now=\([0-9]*\).*/\2/p" \
		"$tracefs/trace" > "$1"
	# Nothing matched: show what the buffer held.
	[ -s "$1" ] || grep -m3 -v '^#' "$tracefs/trace" >&2
	echo > "$tracefs/trace"
	echo "gate timer trace: $(wc -l < "$1") firings of $trace_symbol; ${hdr#\# }"
	[ -s "$1" ] || fail "no firing of $trace_symbol traced"
}
