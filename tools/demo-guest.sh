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

step "egress queueing on the talker's port (etsn replaces this once configured)"
tc -n talker -s qdisc show dev t0

step "unloading edgetsn.ko"
rmmod edgetsn
echo "done: edgetsn.ko loaded and unloaded cleanly on $(uname -r)"
