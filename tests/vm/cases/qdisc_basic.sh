#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock debug
# The etsn qdisc through plain iproute2: created without options, every frame
# on three priorities leaves and is counted to the byte (by the qdisc and by
# `tc -s class show`, where filters with classid and skb->priority MAJ:N
# pick classes), guard-band deferrals are tc's overlimits, deleted while
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

# Stock tc sees the 8 classes (1:1 is class 0 ... 1:8 class 7) with the
# frames each sent; a filter with classid 1:6 and skb->priority 1:3
# (0x10003) pick classes 5 and 2. The filter is classic BPF that matches
# every frame (cls_bpf: the debug kernel has no u32), so it stays only for
# its 20 frames (IPv6 off, static neighbours: nothing else is sent).
tc -n talker -s class show dev t0 > /tmp/class.txt
expect_eq "classes tc lists" 8 "$(grep -c '^class etsn 1:[1-8] root' /tmp/class.txt)"
class_sent() { # class_sent MINOR: "<bytes> <packets>" of class 1:MINOR
	tc -n talker -s class show dev t0 |
		awk -v c="1:$1" '$1 == "class" && $3 == c { getline; print $2, $4 }'
}
for c in 1 4 8; do
	expect_eq "class 1:$c bytes packets" "$((count / 3 * (size + 42))) $((count / 3))" "$(class_sent $c)"
done
expect_eq "class 1:2 bytes packets" "0 0" "$(class_sent 2)"
tc -n talker filter add dev t0 parent 1: protocol all prio 1 bpf \
	bytecode '1,6 0 0 4294967295,' classid 1:6 || fail "tc filter add classid 1:6"
ip netns exec talker python3 "$udp" send 192.0.2.2 5002 20 $size 0
tc -n talker filter del dev t0 parent 1: prio 1 || fail "tc filter del"
ip netns exec talker python3 "$udp" send 192.0.2.2 5003 30 $size 65539
expect_eq "class 1:6 (filter) bytes packets" "$((20 * (size + 42))) 20" "$(class_sent 6)"
expect_eq "class 1:3 (priority 1:3) bytes packets" "$((30 * (size + 42))) 30" "$(class_sent 3)"

# Guard-band deferrals are tc's overlimits: at 10 Mb/s a 142-byte frame
# takes 133 us, three fit class 1's 500 us window and the fourth waits.
etsnctl=$repo_top/build/etsnctl
ip netns exec talker "$etsnctl" class set dev t0 speed 10 || fail "etsnctl class set speed"
ip netns exec talker "$etsnctl" sched set dev t0 cycle-time 1ms entry S 0x02 500us \
	entry S 0xfd 500us || fail "etsnctl sched set"
ip netns exec talker python3 "$udp" send 192.0.2.2 5004 30 $size 1
poll 300 eval '[ "$(class_sent 2 | cut -d" " -f2)" = 30 ]' ||
	fail "class 1:2 did not send its 30 frames: $(class_sent 2)"
over_class=$(tc -n talker -s class show dev t0 |
	awk '$1 == "class" && $3 == "1:2" { getline; sub(/,/, "", $9); print $9 }')
over_qdisc=$(tc -n talker -s qdisc show dev t0 |
	sed -n 's/.*overlimits \([0-9]*\) .*/\1/p' | first_line)
deferrals=$(ip netns exec talker "$etsnctl" -j stats dev t0 | python3 -c '
import json, sys
s = json.load(sys.stdin)
s = s[0] if isinstance(s, list) else s
print(next(c for c in s["classes"] if c["tc"] == 1)["guard_deferrals"])')
[ "$deferrals" -gt 0 ] || fail "no guard deferral of class 1"
expect_eq "class 1:2 overlimits = its guard deferrals" "$deferrals" "$over_class"
expect_eq "qdisc overlimits = the deferrals" "$deferrals" "$over_qdisc"

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
