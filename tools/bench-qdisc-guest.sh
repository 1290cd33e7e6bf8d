#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the VM (tools/bench-qdisc.sh boots it). Usage:
#   bench-qdisc-guest.sh KO_DIR pps [RUNS [COUNT]]
#       pktgen (xmit_mode queue_xmit, so through the root qdisc) on veth b0,
#       64-byte frames, one kpktgend thread; per round each of pfifo_fast,
#       etsn (no schedule: all gates open) and taprio (software mode, one
#       entry with all gates open, 1 ms cycle). One line per run:
#       "pps QDISC RUN PPS" in $EDGETSN_VM_OUT/bench-pps.txt.
#   bench-qdisc-guest.sh KO_DIR timing [QDISC...]
#       the 1 ms 3-window schedule, 3000 frames on priorities 0-2 paced
#       150 us apart, per qdisc (taprio, etsn: etsn needs etsnctl sched set);
#       records in $EDGETSN_VM_OUT/timing-<release>/bench-QDISC.rx and
#       tsn_check's report beside them.
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

qdisc_on() { # qdisc_on DEV pfifo_fast|etsn|taprio
	case "$2" in
	pfifo_fast) tc qdisc replace dev "$1" root pfifo_fast ;;
	etsn) tc qdisc replace dev "$1" root handle 1: etsn ;;
	taprio) tc qdisc replace dev "$1" parent root handle 100 taprio num_tc 3 \
			map 0 1 2 0 0 0 0 0 0 0 0 0 0 0 0 0 queues 1@0 1@1 1@2 \
			base-time 1000000000 sched-entry S 07 1000000 clockid CLOCK_TAI 2>&1 |
			grep -v 'Size table not specified' || true ;;
	esac
	# grep reads all (no -q): with pipefail, tc must not die of SIGPIPE.
	tc qdisc show dev "$1" | grep "^qdisc $2 " > /dev/null || fail "no $2 on $1"
}

bench_pps() {
	local runs=${1:-5} count=${2:-300000} r q mac pps
	modprobe pktgen
	load_edgetsn
	ip link add b0 numtxqueues 4 numrxqueues 4 type veth peer name b1 numtxqueues 4 numrxqueues 4
	ip link set b0 up
	ip link set b1 up
	mac=$(cat /sys/class/net/b1/address)
	: > "$out/bench-pps.txt"
	for r in $(seq "$runs"); do
		for q in pfifo_fast etsn taprio; do
			qdisc_on b0 "$q"
			pg kpktgend_0 rem_device_all
			pg kpktgend_0 "add_device b0"
			for c in "count $count" "pkt_size 64" "delay 0" "clone_skb 0" \
				"xmit_mode queue_xmit" "dst 198.51.100.2" "dst_mac $mac"; do
				pg b0 "$c"
			done
			echo start > /proc/net/pktgen/pgctrl
			pps=$(sed -n 's/^ *\([0-9]*\)pps .*/\1/p' /proc/net/pktgen/b0)
			[ -n "$pps" ] || fail "no pps from pktgen: $(cat /proc/net/pktgen/b0)"
			echo "pps $q $r $pps" | tee -a "$out/bench-pps.txt"
			tc -s qdisc show dev b0 | sed -n 1,3p	# all read: no SIGPIPE
		done
	done
	ip link del b0
}

bench_timing() {
	local q
	. "$top/tests/vm/helpers/timing.sh"
	trap drop_pair EXIT
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
				base-time "$sched_base" cycle-time "$sched_cycle" clock tai \
				entry S 0x4 300us entry S 0x2 300us entry S 0x1 400us ||
				fail "etsnctl sched set" ;;
		*) fail "timing: unknown qdisc $q" ;;
		esac
		send_frames "bench-$q" 3000 150000
		[ "$q" = taprio ] && trace_switches_stop "$timing_out/bench-$q.sw"
		check_frames "bench-$q" -n 3000 || true
	done
}

case "$mode" in
pps) bench_pps "$@" ;;
timing) bench_timing "${@:-taprio}" ;;
*) fail "mode is pps or timing" ;;
esac
