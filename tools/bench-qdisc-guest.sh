#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the VM (tools/bench-qdisc.sh boots it). Usage:
#   bench-qdisc-guest.sh KO_DIR pps [RUNS [COUNT]]
#       pktgen (xmit_mode queue_xmit, so through the root qdisc) on veth b0,
#       64-byte frames, one kpktgend thread; per round each of pfifo_fast,
#       etsn (no schedule: all gates open) and taprio (software mode, one
#       entry with all gates open, 1 ms cycle), then etsn-3w and taprio-3w:
#       both with the same 3-window 1 ms schedule (gates 0x7 300 us, 0x3
#       300 us, 0x1 400 us), so the frames' class 0 is open throughout but
#       each frame meets a real entry lookup and guard band. One line per
#       run: "pps QDISC RUN PPS" in $EDGETSN_VM_OUT/bench-pps.txt.
#   bench-qdisc-guest.sh KO_DIR profile [COUNT]
#       one pktgen run per qdisc of the pps mode under `perf record -a -g`;
#       `perf report` (self and with children) in
#       $EDGETSN_VM_OUT/profile-QDISC.txt.
#   bench-qdisc-guest.sh KO_DIR timing [QDISC...]
#       the 1 ms 3-window schedule, 3000 frames on priorities 0-2 paced
#       150 us apart, per qdisc (taprio, etsn: etsn needs etsnctl sched set);
#       records in $EDGETSN_VM_OUT/timing-<release>/bench-QDISC.rx and
#       tsn_check's report beside them.
#   bench-qdisc-guest.sh KO_DIR all [RUNS [COUNT]]
#       pps, then timing for taprio and etsn, in the same boot.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export EDGETSN_KO_DIR=$1
mode=$2
shift 2
. "$top/tests/vm/cases/lib.sh"
out=${EDGETSN_VM_OUT:-/tmp}

pg() { # pg FILE CMD: a pktgen command, checked
	echo "$2" > "/proc/net/pktgen/$1"
	grep -q "^Result: OK" "/proc/net/pktgen/$1" ||
		fail "pktgen $1 '$2': $(grep Result "/proc/net/pktgen/$1")"
}

taprio_on() { # taprio_on DEV SCHED-ENTRY...: software taprio, 3 classes
	local dev=$1 e entries=()
	shift
	for e in "$@"; do entries+=(sched-entry $e); done
	tc qdisc replace dev "$dev" parent root handle 100 taprio num_tc 3 \
		map 0 1 2 0 0 0 0 0 0 0 0 0 0 0 0 0 queues 1@0 1@1 1@2 \
		base-time 1000000000 "${entries[@]}" clockid CLOCK_TAI 2>&1 |
		grep -v 'Size table not specified' || true
}

qdisc_on() { # qdisc_on DEV pfifo_fast|etsn|taprio|etsn-3w|taprio-3w
	case "$2" in
	pfifo_fast) tc qdisc replace dev "$1" root pfifo_fast ;;
	etsn) tc qdisc replace dev "$1" root handle 1: etsn ;;
	taprio) taprio_on "$1" "S 07 1000000" ;;
	etsn-3w) tc qdisc replace dev "$1" root handle 1: etsn
		"$top/build/etsnctl" sched set dev "$1" base-time 1000000000ns \
			cycle-time 1ms clock tai entry S 0x7 300us entry S 0x3 300us \
			entry S 0x1 400us || fail "etsnctl sched set" ;;
	taprio-3w) taprio_on "$1" "S 07 300000" "S 03 300000" "S 01 400000" ;;
	esac
	# grep reads all (no -q): with pipefail, tc must not die of SIGPIPE.
	tc qdisc show dev "$1" | grep "^qdisc ${2%-3w} " > /dev/null || fail "no $2 on $1"
}

qdiscs="pfifo_fast etsn taprio etsn-3w taprio-3w"

# pktgen_set DEV COUNT: pktgen on DEV (queue_xmit, 64 bytes), not started.
pktgen_set() {
	local mac c
	mac=$(cat /sys/class/net/b1/address)
	pg kpktgend_0 rem_device_all
	pg kpktgend_0 "add_device $1"
	for c in "count $2" "pkt_size 64" "delay 0" "clone_skb 0" \
		"xmit_mode queue_xmit" "dst 198.51.100.2" "dst_mac $mac"; do
		pg "$1" "$c"
	done
}

bench_setup() {
	modprobe pktgen
	load_edgetsn
	ip link add b0 numtxqueues 4 numrxqueues 4 type veth peer name b1 numtxqueues 4 numrxqueues 4
	ip link set b0 up
	ip link set b1 up
}

bench_pps() {
	local runs=${1:-5} count=${2:-300000} r q pps
	bench_setup
	: > "$out/bench-pps.txt"
	for r in $(seq "$runs"); do
		for q in $qdiscs; do
			qdisc_on b0 "$q"
			pktgen_set b0 "$count"
			echo start > /proc/net/pktgen/pgctrl
			pps=$(sed -n 's/^ *\([0-9]*\)pps .*/\1/p' /proc/net/pktgen/b0)
			[ -n "$pps" ] || fail "no pps from pktgen: $(cat /proc/net/pktgen/b0)"
			echo "pps $q $r $pps" | tee -a "$out/bench-pps.txt"
			tc -s qdisc show dev b0 | sed -n 1,3p	# all read: no SIGPIPE
		done
	done
	ip link del b0
}

# Where a frame's time goes: samples of the pktgen thread (which also runs
# the receive softirq) per qdisc; recorded on tmpfs, not on the 9p share.
bench_profile() {
	local count=${1:-200000} q
	bench_setup
	for q in $qdiscs; do
		qdisc_on b0 "$q"
		pktgen_set b0 "$count"
		perf record -q -a -g -o /tmp/perf.data -- \
			sh -c 'echo start > /proc/net/pktgen/pgctrl' || fail "perf record $q"
		{
			grep pps /proc/net/pktgen/b0
			perf report -i /tmp/perf.data --stdio --comm kpktgend_0 \
				--no-children --sort sym -g none 2> /dev/null | grep '%' | sed -n 1,45p
			echo "== with children"
			perf report -i /tmp/perf.data --stdio --comm kpktgend_0 \
				--children --sort sym -g none 2> /dev/null | grep '%' | sed -n 1,70p
		} > "$out/profile-$q.txt"
	done
	ip link del b0
}

bench_timing() {
	local q
	. "$top/tests/vm/helpers/timing.sh"
	trap 'trace_switches_end; drop_pair' EXIT
	set_windows 300000 300000 400000
	make_mq_pair
	for q in "$@"; do
		case "$q" in
		taprio)
			taprio_3win 2>&1 | grep -v 'Size table not specified' || true
			trace_switches_start advance_sched ;;
		etsn)
			load_edgetsn
			tc -n talker qdisc replace dev t0 root handle 1: etsn || fail "tc etsn"
			ip netns exec talker "$top/build/etsnctl" class set dev t0 speed 10000 ||
				fail "etsnctl class set"
			ip netns exec talker "$top/build/etsnctl" sched set dev t0 \
				base-time "${sched_base}ns" cycle-time "$sched_cycle" clock tai \
				entry S 0x4 300us entry S 0x2 300us entry S 0x1 400us ||
				fail "etsnctl sched set"
			trace_switches_start etsn_timer_fn ;;
		*) fail "timing: unknown qdisc $q" ;;
		esac
		send_frames "bench-$q" 3000 150000
		trace_switches_stop "$timing_out/bench-$q.sw"
		check_frames "bench-$q" -n 3000 -s "$timing_out/bench-$q.sw" || true
	done
}

case "$mode" in
pps) bench_pps "$@" ;;
profile) bench_profile "$@" ;;
timing) bench_timing "${@:-taprio}" ;;
all) bench_pps "$@"; bench_timing taprio etsn ;;
*) fail "mode is pps, profile, timing or all" ;;
esac
