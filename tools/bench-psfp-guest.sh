#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the VM (tools/bench-psfp.sh boots it). Usage:
#   bench-psfp-guest.sh RUNS COUNT
# pktgen (xmit_mode start_xmit, its thread kpktgend_0 on CPU 0, 64-byte
# UDP frames 198.51.100.1 -> 198.51.100.2:9, clone_skb 0) on veth b0; its
# peer b1 receives them in its own NAPI thread (threaded NAPI, GRO on, so
# NAPI with or without XDP) pinned to CPU 1, under each configuration of a
# round:
#   none       no XDP program on b1
#   fw         the XDP firewall (etsnctl xdp attach, native), no rules
#   psfp1      firewall + PSFP, 1 stream (every frame is stream 0)
#   psfp100    firewall + PSFP, 100 streams (frames round-robin over them)
#   psfp10000  firewall + PSFP, 10,000 streams (frames round-robin over them)
#   one10000   firewall + PSFP, 10,000 streams, every frame stream 0
#   all10000   as psfp10000, with every lookup done (etsn_psfp_config.skip
#              0, as before the skip bits): what skipping empty maps saves
# Streams are IPv4 5-tuples, source ports 10000 + id, any DSCP, no meter;
# none and fw see the frames of psfp10000 (source ports 10000..19999).
# The sender outruns the receiver: what b1's ring cannot take is dropped
# in veth. Received = frames that reached b1's IP layer (Ip InReceives);
# the rate is received frames per second of pktgen's run. pktgen counts a
# frame veth dropped as an error and sends another until COUNT got
# through, so its own pps (frames through per second) is that rate and
# RECEIVED is COUNT; SENT_PPS repeats pktgen's figure as a cross-check.
# With XDP, kernel.bpf_stats_enabled gives the time spent in the attached
# program (the firewall, including its tail call into PSFP) per frame.
# One line per run in $EDGETSN_VM_OUT/bench-psfp.txt:
#   "pps CONFIG RUN RECEIVED_PPS RECEIVED SENT_PPS XDP_NS_PER_FRAME VETH_DROPS"
# (XDP_NS_PER_FRAME is 0 without a program; VETH_DROPS, pktgen's errors,
# > 0 shows the receiver was the bottleneck).
# With PSFP every run checks that the streams counted every frame received
# (none unknown).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
count=${2:-100000}
. "$top/tests/vm/cases/lib.sh"
out=${EDGETSN_VM_OUT:-/tmp}
etsnctl=$top/build/etsnctl

pg() { # pg FILE CMD: a pktgen command, checked
	echo "$2" > "/proc/net/pktgen/$1"
	grep -q "^Result: OK" "/proc/net/pktgen/$1" ||
		fail "pktgen $1 '$2': $(grep Result "/proc/net/pktgen/$1")"
}

# setup CONFIG: b1's XDP side, from scratch (pins removed: fresh maps).
setup() {
	"$etsnctl" xdp detach dev b1 > /dev/null 2>&1 || true
	rm -rf /sys/fs/bpf/edgetsn/b1
	streams=0 span=10000
	case "$1" in
	none) return 0 ;;
	fw) ;;
	psfp*) streams=${1#psfp} span=$streams ;;
	one*) streams=${1#one} span=1 ;;
	all*) streams=${1#all} span=$streams ;;
	*) fail "unknown config $1" ;;
	esac
	"$etsnctl" xdp attach dev b1 > /dev/null
	[ "$streams" = 0 ] && return 0
	awk -v n="$streams" 'BEGIN { for (i = 0; i < n; i++)
		printf "id %d ip 198.51.100.1 198.51.100.2 proto udp sport %d dport 9\n", i, 10000 + i }' |
		"$etsnctl" stream add dev b1 batch - > /dev/null
	case "$1" in
	all*) # unknown_policy, unparsed, skip: all 0 (u32 each)
		bpftool map update pinned /sys/fs/bpf/edgetsn/b1/etsn_psfp_cfg key 0 0 0 0 \
			value 0 0 0 0 0 0 0 0 0 0 0 0 ;;
	*) ;;
	esac
}

ip_in() { awk '/^Ip:/ { n++ } /^Ip:/ && n == 2 { print $4 }' /proc/net/snmp; }

# run CONFIG R: one pktgen run; frames spread over the config's streams.
run() {
	local pps usec in0 in1 p errors
	for p in $(pgrep '^napi/b1'); do taskset -pc 1 "$p" > /dev/null; done
	pg kpktgend_0 rem_device_all
	pg kpktgend_0 "add_device b0"
	for c in "count $count" "pkt_size 64" "delay 0" "clone_skb 0" "burst 1" \
		"xmit_mode start_xmit" "src_min 198.51.100.1" "src_max 198.51.100.1" \
		"dst 198.51.100.2" "dst_mac $mac" "udp_dst_min 9" "udp_dst_max 9" \
		"udp_src_min 10000" "udp_src_max $((10000 + span))"; do
		pg b0 "$c"
	done
	in0=$(ip_in)
	echo start > /proc/net/pktgen/pgctrl
	# pgctrl may return before a loaded guest's kpktgend even started (it
	# waits 125 ms for that): wait for the result line of this run.
	for _ in $(seq 3000); do
		pps=$(sed -n 's/^ *\([0-9]*\)pps .*/\1/p' /proc/net/pktgen/b0)
		[ -n "$pps" ] && break
		sleep 0.2
	done
	usec=$(sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' /proc/net/pktgen/b0)
	[ -n "$pps" ] && [ -n "$usec" ] || fail "no result from pktgen: $(cat /proc/net/pktgen/b0)"
	# The ring drains after pktgen stops: wait until the count stands.
	in1=$(ip_in)
	while sleep 0.5; [ "$(ip_in)" != "$in1" ]; do in1=$(ip_in); done
	received=$((in1 - in0))
	xdp_ns=0
	prog=$(ip -j link show dev b1 | jq -r '.[0].xdp.prog.id // empty')
	if [ -n "$prog" ]; then
		xdp_ns=$(bpftool -j prog show id "$prog" |
			jq -r 'if .run_cnt > 0 then (.run_time_ns / .run_cnt | floor) else 0 end')
	fi
	errors=$(sed -n 's/.* errors: \([0-9]*\).*/\1/p' /proc/net/pktgen/b0 | head -n 1)
	echo "pps $1 $2 $((received * 1000000 / usec)) $received $pps $xdp_ns $errors" |
		tee -a "$out/bench-psfp.txt"
}

# check_counted CONFIG: with PSFP, the streams counted every frame.
check_counted() {
	[ "$streams" -gt 0 ] || return 0
	"$etsnctl" -j stream show dev b1 > /tmp/psfp.json
	expect_eq "$1: streams, frames counted by them, unknown" "$streams $received 0" \
		"$(jq -r '"\(.streams | length) \([.streams[].counters.passed] | add) \(.unknown.passed)"' /tmp/psfp.json)"
}

modprobe pktgen
sysctl -qw kernel.bpf_stats_enabled=1
ip link add b0 type veth peer name b1
# No IPv6: b0 then sends only pktgen's frames.
sysctl -qw net.ipv6.conf.b0.disable_ipv6=1 net.ipv6.conf.b1.disable_ipv6=1
ethtool -K b1 gro on > /dev/null
ip link set b0 up
ip link set b1 up
echo 1 > /sys/class/net/b1/threaded	# once b1's NAPI exists (up, GRO on)
pgrep '^napi/b1' > /dev/null || fail "b1 has no NAPI thread"
mac=$(cat /sys/class/net/b1/address)
: > "$out/bench-psfp.txt"
for r in $(seq "$runs"); do
	for cfg in none fw psfp1 psfp100 psfp10000 one10000 all10000; do
		setup "$cfg"
		run "$cfg" "$r"
		check_counted "$cfg"
	done
done
# Memory of the PSFP maps as the kernel charges them (10,000 streams loaded).
bpftool -j map show | jq -r '.[] | select(.name | startswith("etsn_")) |
	"map \(.name) \(.type) max_entries \(.max_entries) bytes_memlock \(.bytes_memlock)"' |
	tee "$out/bench-psfp-maps.txt"
setup none
ip link del b0
