#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# PSFP stream gates (bpf/etsn_psfp, CLOCK_TAI schedules): a gate that is
# always closed drops every frame of its stream and counts it dropped_gate;
# one always open, or whose schedule starts in the future, passes all; a
# half-open schedule accounts for every frame (passed + dropped_gate =
# sent = arrived + dropped_gate); removing a gate passes the stream again.
# etsnctl runs with -n NS (see xdp_fw.sh).
. "$(dirname "$0")/lib.sh"
trap drop_pair_and_pins EXIT
need_etsnctl

make_pair
l0_mac=$(mac_of listener l0)
ctl() { ns_ctl listener "$@"; }
fail() {
	echo "FAIL: $*" >&2
	ctl stream show dev l0 >&2 || true
	exit 1
}
# s<ID>_passed, s<ID>_dropped_gate, s<ID>_gate (entry count) from show -j.
read_streams() {
	eval "$(ctl -j stream show dev l0 | python3 -c '
import json, sys
for s in json.load(sys.stdin)["streams"]:
    print("s%d_passed=%d s%d_dropped_gate=%d" % (s["id"], s["counters"]["passed"], s["id"], s["counters"]["dropped_gate"]))
    print("s%d_gate=%d" % (s["id"], len(s["gate"]["entries"]) if "gate" in s else 0))')"
}

ctl xdp attach dev l0
ip4="ip 192.0.2.1 192.0.2.2 proto udp"
for id in 1 2 3 4; do
	ctl stream add dev l0 id $id $ip4 sport 100$id dport 600$id > /dev/null
done
expect_rc "gate of no stream" 1 ctl stream gate dev l0 id 9 open 1ms
expect_rc "gate without entries" 2 ctl stream gate dev l0 id 1 base +1s
expect_rc "gate entry of 0" 2 ctl stream gate dev l0 id 1 open 0
expect_rc "gate off without a gate" 1 ctl stream gate dev l0 id 1 off
ctl stream gate dev l0 id 1 closed 1ms
ctl stream gate dev l0 id 2 cycle 1ms open 1ms
ctl stream gate dev l0 id 3 base +1000s closed 1ms
ctl stream gate dev l0 id 4 open 20ms closed 20ms
ctl stream show dev l0

start_psfp_recv 6001,6002,6003,6004 /tmp/psfp_gate1.out
talk python3 "$psfp_gen" send t0 "$l0_mac" \
	192.0.2.1,192.0.2.2,1001,6001,7,100 \
	192.0.2.1,192.0.2.2,1002,6002,5,100 \
	192.0.2.1,192.0.2.2,1003,6003,4,100 \
	192.0.2.1,192.0.2.2,1004,6004,40,100,gap=0.003 > /dev/null
wait "$receiver_pid"
read_streams
got1=$(psfp_got 6001 /tmp/psfp_gate1.out)
expect_eq "always closed: arrived/passed/dropped_gate" "0 0 7" "${got1:-0} $s1_passed $s1_dropped_gate"
expect_eq "always open: arrived/passed/dropped_gate" "5 5 0" \
	"$(psfp_got 6002 /tmp/psfp_gate1.out) $s2_passed $s2_dropped_gate"
expect_eq "before base: arrived/passed/dropped_gate" "4 4 0" \
	"$(psfp_got 6003 /tmp/psfp_gate1.out) $s3_passed $s3_dropped_gate"
got4=$(psfp_got 6004 /tmp/psfp_gate1.out)
expect_eq "half open: passed + dropped_gate" 40 $((s4_passed + s4_dropped_gate))
expect_eq "half open: arrived = passed" "$s4_passed" "$got4"
echo "half-open gate: 40 frames 3 ms apart, $s4_passed passed, $s4_dropped_gate dropped"

# Gate removed: the stream passes again; del also removes a stream's gate.
ctl stream gate dev l0 id 1 off
start_psfp_recv 6001 /tmp/psfp_gate2.out
talk python3 "$psfp_gen" send t0 "$l0_mac" 192.0.2.1,192.0.2.2,1001,6001,3,100 > /dev/null
wait "$receiver_pid"
read_streams
expect_eq "gate off: arrived/passed/dropped_gate" "3 3 7" \
	"$(psfp_got 6001 /tmp/psfp_gate2.out) $s1_passed $s1_dropped_gate"
ctl stream del dev l0 id 2 > /dev/null
ctl stream add dev l0 id 2 $ip4 sport 1002 dport 6002 > /dev/null
read_streams
expect_eq "re-added stream has no gate" 0 "$s2_gate"
ctl xdp detach dev l0 > /dev/null
echo "closed, open, future and half-open gates and gate removal exact"
