#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The demo's guest side (run by tools/demo.sh inside the VM). It builds its
# hosts with the VM cases' own helpers.
export EDGETSN_KO_DIR=$1
. "$(dirname "$0")/../tests/vm/cases/lib.sh"
trap drop_pair EXIT
etsnctl=$repo_top/build/etsnctl
step() { printf '\n--- %s\n' "$*"; }

step "kernel $(uname -r); loading edgetsn.ko"
load_edgetsn
$etsnctl version
$etsnctl -j version

step "two hosts: namespaces 'talker' and 'listener' joined by veth"
make_pair
ip -n talker -br addr show dev t0
ip -n listener -br addr show dev l0

step "the talker's port gets the etsn qdisc, with plain iproute2"
tc -n talker qdisc add dev t0 root handle 1: etsn
tc -n talker qdisc show dev t0

step "1000 UDP frames on priorities 0, 3 and 7 through etsn (all gates open)"
start_receiver 5000 /tmp/recv.out 1000
ip netns exec talker python3 "$udp" send 192.0.2.2 5000 1000 100 0,3,7
wait "$receiver_pid"
echo "listener received $(tail -n 1 /tmp/recv.out) frames"
tc -n talker -s qdisc show dev t0

step "a 802.1Qbv schedule with etsnctl: class 2 gets 3 ms, class 1 3 ms, class 0 4 ms of every 10 ms"
ip netns exec talker "$etsnctl" class set dev t0 speed 1000
ip netns exec talker "$etsnctl" sched set dev t0 cycle-time 10ms \
	entry S 0x4 3ms entry S 0x2 3ms entry S 0x1 4ms
poll 100 sched_json_has '"oper":{'
ip netns exec talker "$etsnctl" sched show dev t0

step "300 frames on priorities 0, 1, 2: each class leaves only in its own entry"
start_receiver 5000 /tmp/recv.out 300
ip netns exec talker python3 "$udp" send 192.0.2.2 5000 300 100 0,1,2
wait "$receiver_pid"
echo "listener received $(tail -n 1 /tmp/recv.out) frames"
ip netns exec talker "$etsnctl" stats dev t0

step "a bad schedule is refused by the kernel with its reason, and changes nothing"
ip netns exec talker "$etsnctl" sched set dev t0 cycle-time 1ms entry S 0x1 2ms || true

step "an egress BPF classifier steers DSCP EF (46) to band 1:1 of a prio qdisc"
tc -n talker qdisc del dev t0 root
tc -n talker qdisc add dev t0 root handle 1: prio bands 3
tc -n talker qdisc add dev t0 clsact
ip netns exec talker tc filter add dev t0 egress bpf da obj \
	"$repo_top/build/bpf/etsn_dscp_prio.bpf.o" sec tc
map=$(prog_map_id "$(egress_prog_id talker t0)" etsn_dscp_prio)
bpftool map update id "$map" key 46 0 0 0 value 1 0 1 0 1 0 0 0
ip netns exec talker python3 "$udp" send 192.0.2.2 5001 200 100 0 $((46 << 2))
tc -n talker -s class show dev t0 | grep -A1 'class prio 1:1'

drop_pair
step "unloading edgetsn.ko"
unload_edgetsn
echo "done: edgetsn.ko loaded and unloaded cleanly on $(uname -r)"
