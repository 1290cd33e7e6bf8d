#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock debug
# The etsn qdisc through plain iproute2: created without options, every frame
# on three priorities leaves and is counted to the byte, deleted while
# traffic flows, and the module cannot go while a qdisc uses it.
. "$(dirname "$0")/lib.sh"
trap drop_pair EXIT

load_edgetsn
make_pair
tc -n talker qdisc add dev t0 root handle 1: etsn || fail "tc qdisc add etsn"
tc -n talker qdisc show dev t0 | grep_q '^qdisc etsn 1: root' ||
	fail "tc does not show the etsn qdisc: $(tc -n talker qdisc show dev t0)"

count=300 size=100
start_receiver 5000 /tmp/recv.out "$count"
ip netns exec talker python3 "$udp" send 192.0.2.2 5000 $count $size 0,3,7
wait "$receiver_pid"
got=$(tail -n 1 /tmp/recv.out)
expect_eq "datagrams received" "$count" "$got"
# Ethernet 14 + IPv4 20 + UDP 8 + payload, as the qdisc sees it.
expect_eq "bytes packets dropped on t0" "$((count * (size + 42))) $count 0" "$(root_counters)"

if rmmod edgetsn 2>/dev/null; then
	fail "edgetsn unloaded while a qdisc used it"
fi

# Delete the qdisc under a flood, then unload: no splat, no leak.
ip netns exec talker python3 "$udp" flood 192.0.2.2 5001 3 200 &
fpid=$!
sleep 1
tc -n talker qdisc del dev t0 root || fail "tc qdisc del while traffic flows"
wait "$fpid"
tc -n talker qdisc show dev t0 | grep_q etsn && fail "etsn still there after delete"
drop_pair
rmmod edgetsn || fail "rmmod after the qdisc was deleted"
echo "$count frames counted exactly; delete under traffic and unload clean"
