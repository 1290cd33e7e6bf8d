#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# bpf/etsn_psfp at scale and under traffic, on the receiver l0:
# - `etsnctl stream add batch FILE` adds 10,000 streams at once, all or
#   nothing: a bad line (exit 2) or a conflicting one (exit 1) names
#   FILE:LINE and adds none; frames of streams among the 10,000 are
#   counted exactly;
# - `etsnctl meter set` re-configures a running stream's meter in place:
#   the counters are never reset, each new meter takes effect (a
#   zero-rate meter lets at most cbs / frame length frames through, a
#   wide one drops none), bad parameters or ids change nothing;
# - `etsnctl xdp detach` / `attach` while the stream runs loses no frame:
#   every frame sent was either counted by the program (passed or
#   dropped) or arrived while it was detached.
# etsnctl runs with -n NS (see xdp_fw.sh).
. "$(dirname "$0")/lib.sh"
trap drop_pair_and_pins EXIT
need_etsnctl

make_pair
l0_mac=$(mac_of listener l0)
ctl() { ns_ctl listener "$@"; }
fail() {
	echo "FAIL: $*" >&2
	ctl meter show dev l0 id 16383 >&2 || true
	exit 1
}
nstreams() { ctl -j stream show dev l0 | jq '.streams | length'; }
# Stream 16383 (the live one) as shell variables: passed, red (dropped_red),
# other (the other drop counters), cir (bytes/s, -1 without a meter).
read_live() {
	eval "$(ctl -j meter show dev l0 id 16383 | jq -r '.streams[0] |
		"passed=\(.counters.passed) red=\(.counters.dropped_red)",
		"other=\(.counters.dropped_sdu + .counters.dropped_yellow + .counters.dropped_gate)",
		"cir=\(if .meter then .meter.cir_bytes_per_s else -1 end)"')"
}
wait_for() { # wait_for WHAT CONDITION: polls read_live
	for _ in $(seq 300); do
		read_live
		eval "$2" && return 0
		sleep 0.2
	done
	fail "$1"
}
# Counters only grow: check_grew WHAT, against the previous call's values.
prev_passed=0 prev_red=0
check_grew() {
	[ "$passed" -ge "$prev_passed" ] && [ "$red" -ge "$prev_red" ] ||
		fail "$1: counters went back from $prev_passed/$prev_red to $passed/$red"
	prev_passed=$passed prev_red=$red
}
udp_in() { ip netns exec listener awk '/^Udp:/ { n++ } /^Udp:/ && n == 2 { print $2 }' /proc/net/snmp; }

ctl xdp attach dev l0 > /dev/null

# Batch: 10,000 IPv4 streams, ids 0..9999, source ports 10000..19999.
awk 'BEGIN { print "# 10,000 streams"; for (i = 0; i < 10000; i++)
	printf "id %d ip 192.0.2.1 192.0.2.2 proto udp sport %d dport 7000\n", i, 10000 + i }' \
	> /tmp/batch10k.txt
printf 'id 1 dst 02:00:00:00:00:01\n\n# comment\nid 2 dst zz:00:00:00:00:02 vlan 3\n' > /tmp/bad.txt
expect_rc "batch with a bad line" 2 ctl stream add dev l0 batch /tmp/bad.txt
expect_err "batch with a bad line" "/tmp/bad.txt:4: MAC address"
expect_rc "batch of no stream" 2 ctl stream add dev l0 batch /dev/null
expect_rc "batch file missing" 1 ctl stream add dev l0 batch /tmp/none.txt
[ ! -e /sys/fs/bpf/edgetsn/l0/etsn_psfp_strm ] || fail "a refused batch created the PSFP maps"
t0=$(date +%s%N)
ctl stream add dev l0 batch /tmp/batch10k.txt
t1=$(date +%s%N)
echo "10,000 streams added in $(((t1 - t0) / 1000000)) ms"
expect_eq "streams after the batch" 10000 "$(nstreams)"
# Conflicts: with a stream there (line 2's key is stream 5's), inside the
# batch (an id twice), after 6384 new streams (the last line's id is in
# use): exit 1 at FILE:LINE, none added.
printf 'id 12000 dst 02:00:00:00:00:01\nid 12001 ip 192.0.2.1 192.0.2.2 proto udp sport 10005 dport 7000\n' |
	expect_rc "batch with a key in use" 1 ctl stream add dev l0 batch -
expect_err "batch with a key in use" "stdin:2: 'ip 192.0.2.1 192.0.2.2 proto udp sport 10005 dport 7000' already names stream 5"
printf 'id 12000 dst 02:00:00:00:00:01\n#\nid 12000 dst 02:00:00:00:00:02\n' > /tmp/dup.txt
expect_rc "batch with an id twice" 1 ctl stream add dev l0 batch /tmp/dup.txt
expect_err "batch with an id twice" "/tmp/dup.txt:3: stream 12000 already exists"
awk 'BEGIN { for (i = 10000; i < 16385; i++)
	printf "id %d ip 192.0.2.1 192.0.2.2 proto udp sport %d dport 7001\n", i % 16384, i }' > /tmp/over.txt
expect_rc "batch refused at its last line" 1 ctl stream add dev l0 batch /tmp/over.txt
expect_err "batch refused at its last line" "/tmp/over.txt:6385: stream 0 already exists"
expect_eq "streams after the refused batches" 10000 "$(nstreams)"
ctl -j stream show dev l0 | jq -e '[.streams[] | select(.id >= 10000)] | length == 0' > /dev/null ||
	fail "a refused batch left streams"

# Frames of three of the 10,000 streams and of none: exact.
start_psfp_recv 7000,7009 /tmp/psfp_live1.out
talk python3 "$psfp_gen" send t0 "$l0_mac" 192.0.2.1,192.0.2.2,10000,7000,3,100 \
	192.0.2.1,192.0.2.2,15000,7000,4,100 192.0.2.1,192.0.2.2,19999,7000,5,100 \
	192.0.2.1,192.0.2.2,20000,7009,6,100 > /dev/null
wait "$receiver_pid"
ctl -j stream show dev l0 > /tmp/psfp_live.json
expect_eq "passed of streams 0, 5000, 9999 and the unknown" "3 4 5 6" "$(jq -r '
	[(.streams[] | select(.id == 0 or .id == 5000 or .id == 9999) | .counters.passed),
	 .unknown.passed] | map(tostring) | join(" ")' /tmp/psfp_live.json)"
expect_eq "arrivals (7000 7009)" "port 7000 12 port 7009 6" "$(tr '\n' ' ' < /tmp/psfp_live1.out | sed 's/ready //; s/ $//')"
expect_eq "passed over all 10,000 streams" 12 "$(jq '[.streams[].counters.passed] | add' /tmp/psfp_live.json)"

# The live stream: everything to l0's MAC (the talker sends nothing else).
ctl stream add dev l0 id 16383 dst "$l0_mac" > /dev/null
# Refused meter changes: exit 2 (words) or 1 (no such stream), no change.
ctl -j meter show dev l0 id 16383 > /tmp/meter_before.json
expect_rc "rate over 800gbit" 2 ctl meter set dev l0 id 16383 cir 1tbit cbs 1000
expect_rc "cbs 0" 2 ctl meter set dev l0 id 16383 cir 1mbit cbs 0
expect_rc "ebs over 1e9" 2 ctl meter set dev l0 id 16383 cir 1mbit cbs 1 eir 1mbit ebs 1000000001
expect_rc "rate without unit" 2 ctl meter set dev l0 id 16383 cir 1000 cbs 1000
expect_rc "eir without ebs" 2 ctl meter set dev l0 id 16383 cir 1mbit cbs 1 eir 1mbit
expect_rc "id past the range" 2 ctl meter set dev l0 id 16384 cir 1mbit cbs 1000
expect_rc "no such stream" 1 ctl meter set dev l0 id 12000 cir 1mbit cbs 1000
expect_err "no such stream" "no stream 12000 on l0"
expect_rc "show of no such stream" 1 ctl meter show dev l0 id 12000
ctl -j meter show dev l0 id 16383 | cmp -s - /tmp/meter_before.json ||
	fail "a refused meter change changed stream 16383"

# A stream of 64-byte datagrams (106-byte frames), 2 ms apart, ended by
# an end marker the receiver does not count.
rm -f /tmp/psfp_live.stop
ip netns exec listener python3 "$udp" recv 5001 0 --until-end > /tmp/psfp_live2.out &
receiver_pid=$!
for _ in $(seq 600); do
	ip netns exec listener ss -Hlun "sport = :5001" | grep_q . && break
	sleep 0.1
done
talk python3 "$udp" stream 192.0.2.2 5001 /tmp/psfp_live.stop 0.002 > /tmp/psfp_live.sent &
sender_pid=$!
wait_for "stream never passed" '[ "$passed" -ge 30 ]'
check_grew "no meter"
# A zero-rate meter: from the moment the change is in place at most
# cbs / 106 = 6 frames pass (the bucket restarts full), the rest are red.
ctl meter set dev l0 id 16383 cir 0bit cbs 640 > /dev/null
read_live
check_grew "zero-rate meter set"
expect_eq "cir after set" 0 "$cir"
p1=$passed
wait_for "zero-rate meter never dropped" '[ $((red - prev_red)) -ge 30 ]'
[ $((passed - p1)) -le 6 ] || fail "zero-rate meter passed $((passed - p1)) frames > cbs 640 / 106"
check_grew "under the zero-rate meter"
# A wide meter (10 Mbyte/s, far above the stream): no more red.
ctl meter set dev l0 id 16383 cir 80mbit cbs 100000 > /dev/null
read_live
check_grew "wide meter set"
expect_eq "cir after set" 10000000 "$cir"
r1=$red
wait_for "wide meter never passed" '[ $((passed - prev_passed)) -ge 30 ]'
expect_eq "red under the wide meter" "$r1" "$red"
check_grew "under the wide meter"
# Zero rate again, then detach and attach XDP while the stream runs.
ctl meter set dev l0 id 16383 cir 0bit cbs 640 > /dev/null
wait_for "zero-rate meter never dropped" '[ $((red - prev_red)) -ge 30 ]'
check_grew "zero-rate meter again"
ctl xdp detach dev l0 > /dev/null
read_live
check_grew "detach"
at_detach=$(udp_in)
for _ in $(seq 300); do
	[ $(($(udp_in) - at_detach)) -ge 30 ] && break
	sleep 0.2
done
[ $(($(udp_in) - at_detach)) -ge 30 ] || fail "nothing arrived while detached"
read_live
expect_eq "counters while detached" "$prev_passed $prev_red" "$passed $red"
ctl xdp attach dev l0 > /dev/null
wait_for "no red after attach" '[ $((red - prev_red)) -ge 30 ]'
check_grew "attach"
# Meter off (the end marker must pass), then stop.
ctl meter set dev l0 id 16383 off > /dev/null
read_live
check_grew "meter off"
expect_eq "cir after off" -1 "$cir"
touch /tmp/psfp_live.stop
wait "$sender_pid"
wait "$receiver_pid"
sent=$(tail -n 1 /tmp/psfp_live.sent)
got=$(tail -n 1 /tmp/psfp_live2.out)
read_live
check_grew "end"
expect_eq "other drops" 0 "$other"
# Counted by the program: passed + red (the end marker among passed);
# arrived while detached: got + 1 - passed.
detached=$((got + 1 - passed))
echo "live stream: sent $sent (+ end marker), received $got, passed $passed, red $red, arrived while detached $detached"
expect_eq "received + red = sent" "$sent" $((got + red))
[ "$detached" -ge 30 ] || fail "arrived while detached: $detached < 30"
ctl xdp detach dev l0 > /dev/null
echo "batch of 10,000 all or nothing, meter re-configured and XDP re-attached under traffic with every frame accounted for"
