#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# bpf/etsn_dscp_prio (its verifier check is bpf_verifier), driven by
# `etsnctl dscp`: attached on t0's clsact egress it steers frames by DSCP.
# The prio qdisc below it puts priority 1:N into band N, so its per-class
# counters show exactly where each frame went. Plain iproute2 loads the
# same object afterwards.
. "$(dirname "$0")/lib.sh"
obj=$repo_top/build/bpf/etsn_dscp_prio.bpf.o
trap drop_pair_and_pins EXIT	# pins of t0 too: the next case starts clean
[ -f "$obj" ] || fail "$obj not built (make bpf)"
dctl() { ns_ctl talker "$@"; }

make_pair
tc -n talker qdisc add dev t0 root handle 1: prio bands 3
expect_rc "DSCP 64" 2 dctl dscp set dev t0 64 prio 1
dctl dscp attach dev t0 > /dev/null
prog_id=$(egress_prog_id talker t0)
[ -n "$prog_id" ] || fail "no program attached on t0 egress"
[ "$(dctl -j dscp show dev t0 | jq .prog_id)" = "$prog_id" ] ||
	fail "dscp show names another program than tc"
# DSCP 46 (EF) -> 1:1, DSCP 10 (AF11) -> 1:3.
dctl dscp set dev t0 46 prio 1:1 10 prio 1:3 > /dev/null

start_receiver 5000 /tmp/recv.out 180
ip netns exec talker python3 "$udp" send 192.0.2.2 5000 100 64 0 $((46 << 2))
ip netns exec talker python3 "$udp" send 192.0.2.2 5000 50 64 0 $((10 << 2))
ip netns exec talker python3 "$udp" send 192.0.2.2 5000 30 64 0 0
wait "$receiver_pid"
expect_eq "datagrams received" 180 "$(tail -n 1 /tmp/recv.out)"

class_packets() {
	tc -n talker -s class show dev t0 |
		awk -v c="$1" '$1 == "class" && $3 == c { getline; print $4; exit }'
}
# Unmapped DSCP 0 keeps priority 0, which prio's default priomap sends to band 2.
expect_eq "EF frames in 1:1" 100 "$(class_packets 1:1)"
expect_eq "unmapped frames in 1:2" 30 "$(class_packets 1:2)"
expect_eq "AF11 frames in 1:3" 50 "$(class_packets 1:3)"
expect_eq "dscp show: DSCP:prio:packets" "10:65539:50 46:65537:100" \
	"$(dctl -j dscp show dev t0 | jq -r '[.map[] | "\(.dscp):\(.prio):\(.packets)"] | join(" ")')"

dctl dscp detach dev t0 > /dev/null
[ -z "$(egress_prog_id talker t0)" ] || fail "a program is still attached after detach"
ip netns exec talker tc filter add dev t0 egress bpf da obj "$obj" sec tc ||
	fail "iproute2 could not load $obj"
[ -n "$(egress_prog_id talker t0)" ] || fail "no program after iproute2 load"
echo "180 frames steered by DSCP exactly through etsnctl dscp; iproute2 loads the object"
