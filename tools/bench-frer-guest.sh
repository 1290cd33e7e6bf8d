#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the VM (tools/bench-frer.sh boots it). Usage:
#   bench-frer-guest.sh RUNS COUNT
# A sender (tests/bpf/frer_benchtool.c send: UDP 198.51.100.1 -> .2:9, 64-byte
# frames, source ports round-robin over the streams, on CPU 0) goes through
# veth a0, whose FRER talker tags every frame and copies it to a1: two
# paths, a0 -> b0 and a1 -> b1, each frame twice. (pktgen cannot feed the
# talker: its queue_xmit mode hands tc a shared skb, and the kernel BUGs
# when bpf_clone_redirect makes it writable.) b0 and b1 (same MAC,
# threaded NAPI pinned to CPU 1) both run the XDP firewall, under each
# configuration of a round:
#   fw        the firewall alone (no rules): every copy goes up the stack,
#             where nothing takes EtherType 0xF1C1
#   frer1     firewall + FRER listener chained, 1 stream (IP 5-tuple)
#   frer1000  firewall + FRER listener chained, 1,000 streams
# Per run: XDP_PPS = frames through b0's and b1's XDP programs (bpf_stats
# run_cnt) per second of the sender's run; XDP_NS = run_time_ns / run_cnt
# of the two programs together (the firewall, including its tail call into
# FRER); PASSED/DISCARDED/ROGUE/RESETS = the listener's counters (each
# number passed once, its copy discarded; rogue after runs of losses). One line per run in
# $EDGETSN_VM_OUT/bench-frer.txt:
#   "pps CONFIG RUN XDP_PPS XDP_FRAMES XDP_NS PASSED DISCARDED ROGUE RESETS"
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
count=${2:-50000}
. "$top/tests/vm/cases/lib.sh"
out=${EDGETSN_VM_OUT:-/tmp}
etsnctl=$top/build/etsnctl
tool=$top/build/tests/bpf/frer_benchtool

# stats DEV: "run_cnt run_time_ns" of DEV's XDP program.
stats() {
	local prog
	prog=$(ip -j link show dev "$1" | jq -r '.[0].xdp.prog.id')
	bpftool -j prog show id "$prog" | jq -r '"\(.run_cnt // 0) \(.run_time_ns // 0)"'
}

# setup CONFIG: the receivers' XDP side and the talker's streams, from
# scratch (pins removed: fresh maps and counters).
setup() {
	local d
	for d in b0 b1; do
		"$etsnctl" xdp detach dev "$d" > /dev/null 2>&1 || true
		rm -rf "/sys/fs/bpf/edgetsn/$d"
		"$etsnctl" xdp attach dev "$d" > /dev/null
	done
	"$etsnctl" frer detach dev a0 > /dev/null 2>&1 || true
	rm -rf /sys/fs/bpf/edgetsn/a0
	streams=${1#frer}
	[ "$1" = fw ] && streams=1000
	# Stream 0 by etsnctl, the others copied from it (frer_benchtool fill).
	"$etsnctl" frer talker add dev a0 id 0 ip 198.51.100.1 198.51.100.2 \
		proto udp sport 10000 dport 9 dev2 a1 > /dev/null
	"$tool" fill a0 talker "$streams"
	[ "$1" = fw ] && return 0
	# The receivers overflow and both paths lose a run of numbers now and
	# then: more than the history, and a lone stream is rogue until it
	# has been reset-ms without a pass (802.1CB 7.4.3.4). 10 ms gets it
	# back within a few frames; a stream of 1,000 sees no such runs.
	"$etsnctl" frer listener add dev b0 id 0 ip 198.51.100.1 198.51.100.2 \
		proto udp sport 10000 dport 9 member b1 history 64 \
		reset-ms "$([ "$streams" = 1 ] && echo 10 || echo 3600000)" > /dev/null
	"$tool" fill b0 listener "$streams"
}

# run CONFIG R: one sender run over the config's streams.
run() {
	local s0 s1 t0 t1 e0 e1 u0 u1 frames ns p usec passed=0 discarded=0 rogue=0 resets=0
	for p in $(pgrep '^napi/b[01]'); do taskset -pc 1 "$p" > /dev/null; done
	read -r s0 t0 <<< "$(stats b0)"
	read -r s1 t1 <<< "$(stats b1)"
	usec=$(taskset -c 0 "$tool" send 198.51.100.2 9 10000 "$streams" "$count" |
		awk '{ print int($4 / 1000) }')
	# The rings drain after the sender stops: wait until the counts stand.
	read -r e0 u0 <<< "$(stats b0)"
	read -r e1 u1 <<< "$(stats b1)"
	while sleep 0.5; [ "$(stats b0) $(stats b1)" != "$e0 $u0 $e1 $u1" ]; do
		read -r e0 u0 <<< "$(stats b0)"
		read -r e1 u1 <<< "$(stats b1)"
	done
	frames=$((e0 - s0 + e1 - s1))
	ns=$(((u0 - t0 + u1 - t1) / (frames > 0 ? frames : 1)))
	if [ "$1" != fw ]; then
		read -r passed discarded rogue resets <<< "$("$etsnctl" -j frer show dev b0 | jq -r '
			[.streams[] | select(.role == "listener")] |
			"\(map(.passed) | add) \(map(.discarded) | add) \(map(.rogue) | add) \(map(.resets) | add)"')"
	fi
	echo "pps $1 $2 $((frames * 1000000 / (usec > 0 ? usec : 1))) $frames $ns $passed $discarded $rogue $resets" |
		tee -a "$out/bench-frer.txt"
}

sysctl -qw kernel.bpf_stats_enabled=1
ip link add a0 type veth peer name b0
ip link add a1 type veth peer name b1
mac=$(cat /sys/class/net/b0/address)
ip link set b1 address "$mac"
ip addr add 198.51.100.1/24 dev a0
ip neigh replace 198.51.100.2 dev a0 lladdr "$mac" nud permanent
for d in a0 a1 b0 b1; do
	sysctl -qw "net.ipv6.conf.$d.disable_ipv6=1"
	ip link set "$d" up
done
for d in b0 b1; do
	ethtool -K "$d" gro on > /dev/null
	echo 1 > "/sys/class/net/$d/threaded"
done
: > "$out/bench-frer.txt"
for r in $(seq "$runs"); do
	for cfg in fw frer1 frer1000; do
		setup "$cfg"
		run "$cfg" "$r"
	done
done
ip link del a0
ip link del a1
