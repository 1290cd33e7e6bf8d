#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The demo's guest side (run by tools/demo.sh inside the VM).
set -euo pipefail
ko_dir=$1
etsnctl=build/etsnctl
step() { printf '\n--- %s\n' "$*"; }

step "kernel $(uname -r); loading edgetsn.ko"
insmod "$ko_dir/edgetsn.ko"
$etsnctl version
$etsnctl -j version

step "two hosts: namespaces 'talker' and 'listener' joined by veth"
ip netns add talker
ip netns add listener
ip link add t0 netns talker type veth peer name l0 netns listener
ip -n talker addr add 192.0.2.1/24 dev t0
ip -n listener addr add 192.0.2.2/24 dev l0
ip -n talker link set t0 up
ip -n listener link set l0 up
ip -n talker -br addr show dev t0
ip -n listener -br addr show dev l0

step "traffic from talker to listener"
ip netns exec talker ping -c 3 -i 0.2 -q 192.0.2.2 | tail -n 2

step "the talker's port gets the etsn qdisc, with plain iproute2"
tc -n talker qdisc add dev t0 root handle 1: etsn
tc -n talker qdisc show dev t0

step "1000 UDP frames on priorities 0, 3 and 7 through etsn (all gates open)"
ip netns exec listener python3 tests/vm/helpers/udp.py recv 5000 2 > /tmp/recv.out &
until grep -q ready /tmp/recv.out 2>/dev/null; do sleep 0.1; done
ip netns exec talker python3 tests/vm/helpers/udp.py send 192.0.2.2 5000 1000 100 0,3,7
wait
echo "listener received $(tail -n 1 /tmp/recv.out) frames"
tc -n talker -s qdisc show dev t0
tc -n talker qdisc del dev t0 root

step "unloading edgetsn.ko"
rmmod edgetsn
echo "done: edgetsn.ko loaded and unloaded cleanly on $(uname -r)"
