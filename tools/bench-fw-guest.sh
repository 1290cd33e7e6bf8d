#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the VM (tools/bench-fw.sh boots it):
#   bench-fw-guest.sh RUNS COUNT
# veth b0 -> b1 (one queue each, GRO on b1 so veth runs NAPI on b1 with or
# without XDP); xdp_gen sends COUNT 64-byte IPv4/UDP frames from
# 198.51.100.7 out of b0 as XDP frames. Per round, in turn:
#   bare a 2-insn XDP_DROP program on b1 (native): the ceiling of this setup
#   xdp  etsnctl xdp attach dev b1 (native) + fw block 198.51.100.0/24
#   nft  netdev ingress chain on b1: ip saddr 198.51.100.0/24 counter drop
# One line per run in $EDGETSN_VM_OUT/bench-fw.txt:
#   "fw FILTER RUN DROPPED NS DROPS_PER_S"
# DROPPED is the filter's own counter (XDP dropped_cidr4, the nft rule's
# packets, veth's rx xdp_drops for bare), NS the generator's wall time.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5} count=${2:-1000000}
. "$top/tests/vm/cases/lib.sh"
out=${EDGETSN_VM_OUT:-/tmp}
etsnctl=$top/build/etsnctl
gen=$top/build/tests/helpers/xdp_gen
res=$out/bench-fw.txt

trap 'ip link del b0 2>/dev/null || true; rm -rf /sys/fs/bpf/edgetsn/b1' EXIT
ip link add b0 type veth peer name b1
# No IPv6: no router solicitations or MLD among the counted drops.
sysctl -qw net.ipv6.conf.b0.disable_ipv6=1 net.ipv6.conf.b1.disable_ipv6=1
ip addr add 192.0.2.2/24 dev b1
ethtool -K b1 gro on > /dev/null
ip link set b0 up
ip link set b1 up
mac=$(cat /sys/class/net/b1/address)
nft list tables > /dev/null || fail "nftables does not work in this kernel"

xdp_dropped() {
	"$etsnctl" -j fw show dev b1 | jq .counters.dropped_cidr4
}
nft_dropped() {
	nft -j list chain netdev bench in | jq '[.nftables[] | .rule? // empty |
		.expr[] | .counter? // empty | .packets] | add'
}
bare_dropped() {
	ethtool -S b1 | awk '/rx_queue_0_xdp_drops:/ { print $2 }'
}
run_one() { # run_one FILTER RUN
	local before after ns
	before=$("$2_dropped")
	ns=$("$gen" b0 "$mac" 198.51.100.7 192.0.2.2 "$count" | awk '{ print $4 }')
	after=$("$2_dropped")
	echo "fw $2 $1 $((after - before)) $ns $(( (after - before) * 1000000000 / ns ))" | tee -a "$res"
}

: > "$res"
# Warm-up, not recorded: page pool, caches, the first-run costs.
"$gen" drop b1
"$gen" b0 "$mac" 198.51.100.7 192.0.2.2 "$count" > /dev/null
ip link set dev b1 xdp off
echo "bench-fw: $(uname -r), $runs rounds of $count frames; b0 queues $(ls /sys/class/net/b0/queues | tr '\n' ' ')"
for r in $(seq "$runs"); do
	"$gen" drop b1
	run_one "$r" bare
	ip link set dev b1 xdp off

	"$etsnctl" xdp attach dev b1 mode native > /dev/null
	"$etsnctl" fw block dev b1 198.51.100.0/24
	run_one "$r" xdp
	"$etsnctl" xdp detach dev b1 > /dev/null
	rm -rf /sys/fs/bpf/edgetsn/b1

	nft -f - <<-NFT
		table netdev bench {
			chain in {
				type filter hook ingress device "b1" priority 0;
				ip saddr 198.51.100.0/24 counter drop
			}
		}
	NFT
	run_one "$r" nft
	nft delete table netdev bench
done
# What the generator could not hand over (veth ring full) shows here.
ip -s link show dev b0 | sed -n '/TX:/,+1p'
ethtool -S b0 2>/dev/null | grep -E 'xdp_xmit|peer_tq_xdp' || true
