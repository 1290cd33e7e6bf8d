#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# 802.1CB FRER with VLAN tags, chained after the XDP firewall: the talker
# sends a stream on VLAN 100 (t0.100); its FRER talker tags it with an
# R-TAG and sends path 1 (t0) with VLAN 10 and the copy (t1) with VLAN 20.
# Both listener devices (same MAC) run the XDP firewall, so the listener
# goes into the firewall's chain on each; it finds the stream by dst MAC +
# VLAN 10 or its vlan2 20, takes the R-TAG off behind the VLAN tag and
# keeps one copy; the stack gets each datagram once on l0.10 or l1.20.
# Then the firewall blocks the talker on l1 only: everything still arrives
# once, by l0, and FRER saw no copy (the firewall filters before FRER).
# Without the vlan2 key (negative control) path 2's copies are no stream's
# and arrive too. Finally, detach takes FRER out of the chain.
. "$(dirname "$0")/lib.sh"
trap 'drop_pair_and_pins; rm -rf /sys/fs/bpf/edgetsn/l1 /tmp/frerv_*' EXIT
need_etsnctl
gen=$repo_top/tests/vm/helpers/frer_gen.py

make_frer_paths
l0_mac=$(mac_of listener l0)
for d in t0 t1; do
	# The tag in the frame, as on a wire: no VLAN offload on the veth.
	ip netns exec talker ethtool -K "$d" txvlan off > /dev/null || fail "ethtool $d"
done
ip -n talker link add link t0 name t0.100 type vlan id 100
ip -n talker addr add 192.0.3.1/24 dev t0.100
ip -n talker link set t0.100 up
ip -n talker neigh replace 192.0.3.2 dev t0.100 lladdr "$l0_mac" nud permanent
ip -n listener link add link l0 name l0.10 type vlan id 10
ip -n listener link add link l1 name l1.20 type vlan id 20
for d in l0.10 l1.20; do
	ip -n listener addr add 192.0.3.2/24 dev "$d"
	ip -n listener link set "$d" up
done
for k in l0/10 l1/20; do
	ip netns exec listener sysctl -qw "net.ipv4.conf.$k.rp_filter=0"
done
tctl() { ns_ctl talker "$@"; }
lctl() { ns_ctl listener "$@"; }

lctl xdp attach dev l0 > /dev/null
lctl xdp attach dev l1 > /dev/null
tctl frer talker add dev t0 id 1 dst "$l0_mac" vlan 100 dev2 t1 vlan1 10 vlan2 20 > /dev/null
expect_eq "listener chained on both devices" '"chain" "chain"' \
	"$(lctl -j frer listener add dev l0 id 1 dst "$l0_mac" vlan 10 vlan2 20 member l1 |
		jq -c '.attach, .member_attach' | tr '\n' ' ' | sed 's/ $//')"

# counters: the listener stream's "passed discarded".
counters() {
	lctl -j frer show dev l0 | jq -r '.streams[] | select(.role == "listener") |
		"\(.passed) \(.discarded)"'
}

# phase NAME FIRST COUNT WANT_PASSED WANT_DISCARDED [COPIES]: COUNT
# datagrams FIRST.. arrive COPIES (1) times each, in order; the counters
# grow as given.
phase() {
	local name=$1 first=$2 count=$3 wp=$4 wd=$5 copies=${6:-1} before after want
	before=$(counters)
	rm -f /tmp/frerv_rx
	ip netns exec listener python3 "$gen" recv 7000 2 > /tmp/frerv_rx &
	local rx=$!
	poll 600 grep -qs ready /tmp/frerv_rx || fail "$name: receiver did not start"
	talk python3 "$gen" send 192.0.3.2 7000 "$first" "$count" 0.003
	wait "$rx"
	after=$(counters)
	want=$(seq "$first" $((first + count - 1)) | while read -r n; do
		for _ in $(seq "$copies"); do echo "$n"; done; done | tr '\n' ' ')
	expect_eq "$name: received" "$want" "$(sed 1d /tmp/frerv_rx | sort -n | tr '\n' ' ')"
	[ "$copies" = 1 ] && expect_eq "$name: in order" "$want" "$(sed 1d /tmp/frerv_rx | tr '\n' ' ')"
	expect_eq "$name: passed, discarded" "$wp $wd" \
		"$(($(cut -d' ' -f1 <<< "$after") - $(cut -d' ' -f1 <<< "$before"))) $(($(cut -d' ' -f2 <<< "$after") - $(cut -d' ' -f2 <<< "$before")))"
	echo "$name: ok ($before -> $after)"
}

phase "VLAN 10 and 20, both paths" 1 30 30 30
lctl fw block dev l1 192.0.3.1 > /dev/null
phase "path 2 blocked by the firewall" 100 30 30 0
expect_eq "the firewall dropped path 2" 30 \
	"$(lctl -j fw show dev l1 | jq '[.rules[] | select(.cidr == "192.0.3.1/32") | .dropped] | add')"
lctl fw unblock dev l1 192.0.3.1 > /dev/null

# Negative control: without its vlan2 key, path 2's copies are no stream's.
lctl frer listener del dev l0 id 1 > /dev/null
lctl frer listener add dev l0 id 1 dst "$l0_mac" vlan 10 member l1 > /dev/null
phase "no vlan2 key: duplicates" 200 20 20 0 2

expect_eq "detach from the chain" '["chain"]' "$(lctl -j frer detach dev l0 | jq -c .detached)"
expect_eq "detach from the member's chain" '["chain"]' \
	"$(lctl -j frer detach dev l1 | jq -c .detached)"
expect_rc "nothing left to detach" 1 lctl frer detach dev l0
lctl frer show dev l0
echo "frer_vlan: ok"
