#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# bpf/etsn_psfp (802.1Qci; verifier: bpf_verifier): chained
# after the firewall on the receiver (l0) by `etsnctl stream add`, it
# identifies streams by IPv4/IPv6 5-tuple (with and without DSCP) and by
# destination MAC + VLAN, and the counters and arrivals are exact: a stream
# within its burst all arrives; meters with zero rates colour exactly
# (green, yellow, red; drop-yellow); a metered stream flooded at its meter
# stays within the token-bucket bound; oversize frames are dropped; frames
# of no stream pass or are dropped by the policy; deleting the last stream
# unchains the program; plain iproute2 loads the same object.
# etsnctl runs with -n NS (see xdp_fw.sh).
. "$(dirname "$0")/lib.sh"
obj=$repo_top/build/bpf/etsn_psfp.bpf.o
maps="etsn_psfp_mac etsn_psfp_ip etsn_psfp_strm etsn_psfp_meter etsn_psfp_cnt etsn_psfp_glob etsn_psfp_cfg etsn_xdp_next"
cleanup() {
	drop_pair
	drop_pair_and_pins
	# iproute2's load below pins the maps by name.
	for m in $maps; do rm -f "/sys/fs/bpf/xdp/globals/$m"; done
}
trap cleanup EXIT
[ -f "$obj" ] || fail "$obj not built (make bpf)"
need_etsnctl

make_pair
# IPv6 on the listener only: t0 stays silent, so l0 sees only our frames.
ip netns exec listener sysctl -qw net.ipv6.conf.l0.disable_ipv6=0
ip -n listener addr add 2001:db8::2/64 dev l0 nodad
l0_mac=$(mac_of listener l0)

ctl() { ns_ctl listener "$@"; }
fail() {
	echo "FAIL: $*" >&2
	ctl stream show dev l0 >&2 || true
	ctl fw show dev l0 >&2 || true
	exit 1
}
# etsnctl -j stream show as shell variables: s<ID>_<counter>, s<ID>_last,
# unknown_passed, unknown_dropped, prog_id, ids.
read_streams() {
	eval "$(ctl -j stream show dev l0 | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("prog_id=%s" % d.get("prog_id", 0))
print("unknown_passed=%d unknown_dropped=%d" % (d["unknown"]["passed"], d["unknown"]["dropped"]))
print("ids=\"%s\"" % " ".join(str(s["id"]) for s in d["streams"]))
for s in d["streams"]:
    for k, v in s["counters"].items(): print("s%d_%s=%d" % (s["id"], k, v))
    print("s%d_last=%d" % (s["id"], s.get("meter", {}).get("last_ns", 0)))')"
}

# Bad words: exit 2 and nothing is created.
expect_rc "vlan 4095" 2 ctl stream add dev l0 id 1 dst "$l0_mac" vlan 4095
expect_rc "bad MAC" 2 ctl stream add dev l0 id 1 dst 02:00:00:00:01
expect_rc "mixed families" 2 ctl stream add dev l0 id 1 ip 192.0.2.1 2001:db8::2 proto udp sport 1 dport 2
expect_rc "port 0" 2 ctl stream add dev l0 id 1 ip 192.0.2.1 192.0.2.2 proto udp sport 0 dport 2
expect_rc "rate without unit" 2 ctl stream add dev l0 id 1 dst "$l0_mac" cir 1000 cbs 100
expect_rc "id 16384" 2 ctl stream add dev l0 id 16384 dst "$l0_mac"
[ ! -e /sys/fs/bpf/edgetsn/l0 ] || fail "a refused add left pins"
expect_rc "show before any stream" 1 ctl stream show dev l0
expect_rc "del before any stream" 1 ctl stream del dev l0 id 1

ctl xdp attach dev l0
ip4="ip 192.0.2.1 192.0.2.2 proto udp"
ctl stream add dev l0 id 1 $ip4 sport 1001 dport 6001 cir 1mbit cbs 30000 eir 1mbit ebs 10000
ctl stream add dev l0 id 2 ip 2001:db8::1 2001:db8::2 proto udp sport 1002 dport 6002 \
	cir 80kbit cbs 3000 eir 40kbit ebs 2000
ctl stream add dev l0 id 3 dst "$l0_mac" vlan 5 max-sdu 300
ctl stream add dev l0 id 4 $ip4 sport 1004 dport 6004 cir 0bit cbs 1084 eir 0bit ebs 1084 drop-yellow
ctl stream add dev l0 id 5 $ip4 sport 1005 dport 6005 dscp 46
ctl stream add dev l0 id 6 $ip4 sport 1006 dport 6006 cir 0bit cbs 1084 eir 0bit ebs 1626 \
	unknown-policy pass
# State conflicts: exit 1, nothing changed.
expect_rc "duplicate id" 1 ctl stream add dev l0 id 1 $ip4 sport 1007 dport 6007
expect_rc "duplicate key" 1 ctl stream add dev l0 id 7 $ip4 sport 1001 dport 6001
expect_rc "duplicate MAC key" 1 ctl stream add dev l0 id 7 dst "$l0_mac" vlan 5
expect_rc "del unknown id" 1 ctl stream del dev l0 id 9
read_streams
expect_eq "streams after the refused edits" "1 2 3 4 5 6" "$ids"
[ "$prog_id" != 0 ] || fail "PSFP program not in the firewall's slot"
ctl stream show dev l0

# Frame lengths: IPv4 UDP with 500 bytes of payload 542, IPv6 562; tagged
# 446 (over max-sdu 300) and 246 (under).
start_psfp_recv 6001,6002,6004,6005,6006,6009 /tmp/psfp_recv1.out
talk python3 "$psfp_gen" send t0 "$l0_mac" \
	192.0.2.1,192.0.2.2,1001,6001,20,500 \
	2001:db8::1,2001:db8::2,1002,6002,300,500 \
	192.0.2.1,192.0.2.2,40000,6003,7,400,vid=5 \
	192.0.2.1,192.0.2.2,40000,6003,5,200,vid=5 \
	192.0.2.1,192.0.2.2,1004,6004,6,500 \
	192.0.2.1,192.0.2.2,1005,6005,4,100,dscp=46 \
	192.0.2.1,192.0.2.2,1005,6005,3,100,dscp=0 \
	192.0.2.1,192.0.2.2,1006,6006,10,500 \
	192.0.2.1,192.0.2.2,1009,6009,9,100 > /tmp/psfp_sent1.out
wait "$receiver_pid"
cat /tmp/psfp_recv1.out
read_streams
# Within its burst (20 x 542 < 30000): all green, all arrive.
expect_eq "stream 1 arrivals" 20 "$(psfp_got 6001 /tmp/psfp_recv1.out)"
expect_eq "stream 1 passed/yellow/red" "20 0 0" "$s1_passed $s1_yellow $s1_dropped_red"
# Zero rates: cbs 1084 = 2 green, ebs 1626 = 3 yellow, the rest red.
expect_eq "stream 6 arrivals" 5 "$(psfp_got 6006 /tmp/psfp_recv1.out)"
expect_eq "stream 6 passed/yellow/red" "5 3 5" "$s6_passed $s6_yellow $s6_dropped_red"
# drop-yellow: 2 green pass, 2 yellow and 2 red dropped.
expect_eq "stream 4 arrivals" 2 "$(psfp_got 6004 /tmp/psfp_recv1.out)"
expect_eq "stream 4 passed/dropped_yellow/red" "2 2 2" "$s4_passed $s4_dropped_yellow $s4_dropped_red"
# max-sdu: the 7 long tagged frames dropped, the 5 short ones passed (the
# stack, with no VLAN device, then discards them).
expect_eq "stream 3 dropped_sdu/passed" "7 5" "$s3_dropped_sdu $s3_passed"
# DSCP: 4 frames with DSCP 46 are stream 5; 3 with DSCP 0 are no stream.
expect_eq "stream 5 passed" 4 "$s5_passed"
expect_eq "dscp stream arrivals (4 + 3 unknown)" 7 "$(psfp_got 6005 /tmp/psfp_recv1.out)"
expect_eq "unknown arrivals" 9 "$(psfp_got 6009 /tmp/psfp_recv1.out)"
expect_eq "unknown passed/dropped" "12 0" "$unknown_passed $unknown_dropped"
# Over its meter: exactly what did not arrive is red, and arrivals lie
# between the two full buckets (5 green + 3 yellow before any red) and
# the bound (CBS + EBS + (CIR + EIR) x elapsed) / 562, elapsed running from
# before the first frame left to the meter's last update.
got2=$(psfp_got 6002 /tmp/psfp_recv1.out)
t_first=$(awk '$2 == 1 { print $3 }' /tmp/psfp_sent1.out)
expect_eq "stream 2 passed = arrived" "$got2" "$s2_passed"
expect_eq "stream 2 dropped_red = sent - arrived" $((300 - got2)) "$s2_dropped_red"
[ "$s2_yellow" -le "$s2_passed" ] || fail "stream 2: yellow $s2_yellow > passed $s2_passed"
elapsed=$((s2_last - t_first))
[ "$elapsed" -gt 0 ] || fail "stream 2: meter last update $s2_last before the first frame $t_first"
bound=$(((5000 * 1000000000 + (10000 + 5000) * elapsed) / (562 * 1000000000)))
echo "stream 2: sent 300, arrived $got2 (yellow $s2_yellow), elapsed ${elapsed} ns, bound 8..$bound"
[ "$got2" -ge 8 ] && [ "$got2" -le "$bound" ] || fail "stream 2: $got2 arrivals outside 8..$bound"

# Policy drop: frames of no stream go; streams still pass.
ctl stream policy dev l0 drop
expect_rc "policy reject" 2 ctl stream policy dev l0 reject
start_psfp_recv 6001,6009 /tmp/psfp_recv2.out
talk python3 "$psfp_gen" send t0 "$l0_mac" 192.0.2.1,192.0.2.2,1009,6009,6,100 \
	192.0.2.1,192.0.2.2,1001,6001,4,500 > /dev/null
wait "$receiver_pid"
read_streams
expect_eq "arrivals under drop policy (6001 6009)" "4 0" \
	"$(psfp_got 6001 /tmp/psfp_recv2.out) $(psfp_got 6009 /tmp/psfp_recv2.out)"
expect_eq "unknown passed/dropped under drop policy" "12 6" "$unknown_passed $unknown_dropped"
expect_eq "stream 1 passed" 24 "$s1_passed"

# Deleting every stream under the drop policy keeps PSFP chained: frames
# of no stream are still dropped. The pass policy with no stream left
# empties the slot: frames pass the firewall as before, the PSFP counters
# stand still.
for id in 1 2 3 4 5 6; do ctl stream del dev l0 id $id > /dev/null; done
expect_rc "del twice" 1 ctl stream del dev l0 id 6
read_streams
expect_eq "streams after del" "" "$ids"
[ "$prog_id" != 0 ] || fail "the last del emptied the slot under the drop policy"
# Nothing may arrive, so no receiver (it would wait for a first datagram):
# PSFP's counter says where the 5 frames went.
talk python3 "$psfp_gen" send t0 "$l0_mac" 192.0.2.1,192.0.2.2,1009,6009,5,100 > /dev/null
unknown_dropped_reaches() { read_streams; [ "$unknown_dropped" -ge "$1" ]; }
poll 600 unknown_dropped_reaches 11 || fail "frames of no stream not dropped with no stream left"
expect_eq "unknown counters under drop with no stream" "12 11" "$unknown_passed $unknown_dropped"
ctl stream policy dev l0 pass > /dev/null
read_streams
expect_eq "slot after pass with no stream" 0 "$prog_id"
start_psfp_recv 6009 /tmp/psfp_recv4.out
talk python3 "$psfp_gen" send t0 "$l0_mac" 192.0.2.1,192.0.2.2,1009,6009,5,100 > /dev/null
wait "$receiver_pid"
read_streams
expect_eq "arrivals with the slot empty" 5 "$(psfp_got 6009 /tmp/psfp_recv4.out)"
expect_eq "unknown counters with the slot empty" "12 11" "$unknown_passed $unknown_dropped"
# Re-adding a stream re-fills the slot (and its counters start at zero).
ctl stream add dev l0 id 1 $ip4 sport 1001 dport 6001 > /dev/null
read_streams
[ "$prog_id" != 0 ] || fail "slot not re-filled"
expect_eq "re-added stream 1 counters" 0 "$s1_passed"
ctl xdp detach dev l0

# Plain iproute2 loads the same object (maps in its own pin root).
nsenter --net=/run/netns/listener ip link set dev l0 xdpgeneric obj "$obj" sec xdp ||
	fail "iproute2 could not load $obj"
ip -n listener link show dev l0 | grep_q 'prog/xdp id' || fail "no XDP program after iproute2 load"
[ -e /sys/fs/bpf/xdp/globals/etsn_psfp_strm ] || fail "iproute2 did not pin etsn_psfp_strm"
ip -n listener link set dev l0 xdpgeneric off
echo "stream ids, max-sdu, meter colours and bound, unknown policy, unchain and iproute2 load exact"
