#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# 802.1CB FRER end to end (etsnctl frer, bpf/etsn_frer_*.bpf.c): the talker
# namespace sends numbered UDP datagrams by t0; its FRER talker tags them
# and copies them to t1; l0 and l1 (the listener's two paths, same MAC)
# share one FRER listener. netem loses frames on each path, differently
# per phase (random 10%/10%, bursts against random, one path down); taps
# after the qdiscs record which numbers each path carried. Whatever a path
# carried must arrive exactly once and in order, and the listener's
# counters must say how many copies it eliminated. Then: rogue numbers are
# counted and dropped, a silence longer than reset-ms resets the recovery,
# and without a FRER stream (the negative control) every frame arrives twice.
. "$(dirname "$0")/lib.sh"
trap 'drop_pair_and_pins; rm -f /tmp/frer_*' EXIT
need_etsnctl
gen=$repo_top/tests/vm/helpers/frer_gen.py

make_frer_paths
l0_mac=$(mac_of listener l0)
tctl() { ns_ctl talker "$@"; }
lctl() { ns_ctl listener "$@"; }

# counters: the listener stream 1's counters as "passed discarded ooo rogue lost tagless resets".
counters() {
	lctl -j frer show dev l0 | jq -r '.streams[] | select(.role == "listener" and .id == 1) |
		"\(.passed) \(.discarded) \(.out_of_order) \(.rogue) \(.lost) \(.tagless) \(.resets)"'
}

# run_phase NAME FIRST COUNT: numbers FIRST.. sent with the taps on; checks
# that the listener got the union of what the paths carried, in order,
# and that the counters grew by that union and by the intersection.
run_phase() {
	local name=$1 first=$2 count=$3 before after
	rm -f /tmp/frer_stop /tmp/frer_t0 /tmp/frer_t1 /tmp/frer_rx
	ip netns exec talker python3 "$gen" tap t0 /tmp/frer_stop > /tmp/frer_t0 &
	local tap0=$!
	ip netns exec talker python3 "$gen" tap t1 /tmp/frer_stop > /tmp/frer_t1 &
	local tap1=$!
	ip netns exec listener python3 "$gen" recv 7000 2 > /tmp/frer_rx &
	local rx=$!
	poll 600 grep -qs ready /tmp/frer_t0 || fail "$name: tap t0 did not start"
	poll 600 grep -qs ready /tmp/frer_t1 || fail "$name: tap t1 did not start"
	poll 600 grep -qs ready /tmp/frer_rx || fail "$name: receiver did not start"
	before=$(counters)
	talk python3 "$gen" send 192.0.2.2 7000 "$first" "$count" 0.003
	wait "$rx"
	touch /tmp/frer_stop
	wait "$tap0" "$tap1"
	after=$(counters)
	python3 - "$name" "$before" "$after" <<'PY' || fail "$name"
import sys
name, before, after = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
read = lambda f: [int(x) for x in open(f).read().split()[1:]]
p0, p1, rx = set(read('/tmp/frer_t0')), set(read('/tmp/frer_t1')), read('/tmp/frer_rx')
want = sorted(p0 | p1)
d = [int(a) - int(b) for a, b in zip(after, before)]
print(f"{name}: path 0 carried {len(p0)}, path 1 {len(p1)}, both {len(p0 & p1)}, "
      f"received {len(rx)}; passed +{d[0]} discarded +{d[1]} lost +{d[4]}")
assert rx == want, f"received {rx} != carried {want}"
assert d[0] == len(want), f"passed +{d[0]}, carried {len(want)}"
assert d[1] == len(p0 & p1), f"discarded +{d[1]}, both paths carried {len(p0 & p1)}"
assert d[3] == 0 and d[5] == 0, f"rogue/tagless grew: {d}"
PY
}

# Bad configuration: usage (2) and missing devices (1) change nothing.
expect_rc "listener without an id" 2 lctl frer listener add dev l0 dst "$l0_mac"
expect_rc "history 65" 2 lctl frer listener add dev l0 id 1 dst "$l0_mac" history 65
expect_rc "talker without dev2" 2 tctl frer talker add dev t0 id 1 dst "$l0_mac"
expect_rc "no such member" 1 lctl frer listener add dev l0 id 1 dst "$l0_mac" member nope
expect_err "no such member" "no device 'nope'"
[ ! -e /sys/fs/bpf/edgetsn/l0/etsn_frer_rcvy ] || fail "a refused listener left maps"

tctl frer talker add dev t0 id 1 dst "$l0_mac" dev2 t1
# Negative control: a listener with no stream for these frames takes the
# R-TAG off and passes both copies.
lctl frer listener add dev l0 id 2 dst 02:00:5e:00:53:99 member l1
rm -f /tmp/frer_rx
ip netns exec listener python3 "$gen" recv 7000 3 > /tmp/frer_rx &
rx=$!
poll 600 grep -qs ready /tmp/frer_rx || fail "receiver did not start"
talk python3 "$gen" send 192.0.2.2 7000 0 20 0.004
wait "$rx"
expect_eq "datagrams without elimination" 40 "$(($(wc -l < /tmp/frer_rx) - 1))"
lctl frer listener del dev l0 id 2 > /dev/null

# reset-ms an hour: no silence between the phases below resets it, however
# slow the guest (a reset would take the rogue frame).
lctl frer listener add dev l0 id 1 dst "$l0_mac" member l1 history 32 reset-ms 3600000 > /dev/null
run_phase "both paths" 1000 100
tc -n talker qdisc add dev t0 root netem loss 10%
tc -n talker qdisc add dev t1 root netem loss 10%
run_phase "random 10%/10%" 2000 200
tc -n talker qdisc change dev t0 root netem loss gemodel 5% 20% 100% 0%
run_phase "bursts/random 10%" 3000 200
tc -n talker qdisc del dev t0 root
tc -n talker qdisc del dev t1 root
ip -n talker link set t1 down
run_phase "path 1 down" 4000 100
ip -n talker link set t1 up

# Rogue: a number 1000 past the last one, on path 1 only.
last=$(tctl -j frer show dev t0 | jq '.streams[0].next_seq - 1')
before=$(counters | cut -d' ' -f4)
rm -f /tmp/frer_rx
ip netns exec listener python3 "$gen" recv 7000 2 > /tmp/frer_rx &
rx=$!
poll 600 grep -qs ready /tmp/frer_rx || fail "receiver did not start"
talk python3 "$gen" inject t1 "$l0_mac" 192.0.2.1 192.0.2.2 7000 $(((last + 1000) % 65536)) 77
talk python3 "$gen" send 192.0.2.2 7000 5000 1 0
wait "$rx"
expect_eq "received around the rogue frame" "5000" "$(sed 1d /tmp/frer_rx | tr '\n' ' ' | sed 's/ $//')"
expect_eq "rogue counted" "$((before + 1))" "$(counters | cut -d' ' -f4)"

# Reset: a stream with reset-ms 100, one frame, a silence, then a number
# far from it is taken.
lctl frer listener del dev l0 id 1 > /dev/null
lctl frer listener add dev l0 id 1 dst "$l0_mac" member l1 reset-ms 100 > /dev/null
rm -f /tmp/frer_rx
# Until 6001 comes (or 20 s of nothing): python starts slowly under TCG.
ip netns exec listener python3 "$gen" recv 7000 20 6001 > /tmp/frer_rx &
rx=$!
poll 600 grep -qs ready /tmp/frer_rx || fail "receiver did not start"
talk python3 "$gen" send 192.0.2.2 7000 6000 1 0
sleep 1
talk python3 "$gen" inject t1 "$l0_mac" 192.0.2.1 192.0.2.2 7000 $(((last + 30000) % 65536)) 6001
wait "$rx"
expect_eq "received across the reset" "6000 6001" "$(sed 1d /tmp/frer_rx | tr '\n' ' ' | sed 's/ $//')"
expect_eq "resets" 1 "$(counters | cut -d' ' -f7)"
lctl frer show dev l0
tctl frer show dev t0
echo "frer: ok"
