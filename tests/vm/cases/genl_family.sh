#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock debug
# The edgetsn family refuses what it must, in its own words: requests that
# etsnctl would never build (tests/vm/helpers/nlraw.py sends them raw) get
# the right errno and extack text and change nothing; changes need
# CAP_NET_ADMIN while reads do not.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../../.." && pwd)
etsnctl=$top/build/etsnctl
nlraw=$top/tests/vm/helpers/nlraw.py
trap drop_pair EXIT

load_edgetsn
make_pair
ip netns exec talker tc qdisc add dev t0 root handle 1: etsn || fail "tc qdisc add"
ifindex=$(ip netns exec talker cat /sys/class/net/t0/ifindex)

# The request, then "errno<TAB>extack" exactly. Every mismatch is shown
# before the case fails.
raw_bad=0
expect_raw() {
	local name=$1 want=$2 got
	got=$(IFINDEX=$ifindex ip netns exec talker python3 "$nlraw" "$name") ||
		fail "nlraw $name did not run"
	if [ "$got" != "$name	$want" ]; then
		echo "MISMATCH $name: expected '$want', got '${got#*	}'"
		raw_bad=1
	fi
}

before=$(ip netns exec talker "$etsnctl" -j class show dev t0)
expect_raw too-many-entries "22	edgetsn: a schedule holds at most 1024 entries"
expect_raw no-entries "22	edgetsn: a schedule needs at least one EDGETSN_A_SCHED_ENTRY"
expect_raw interval-zero "22	edgetsn: entry interval must be at least 1 ns"
expect_raw unknown-clock "22	edgetsn: unknown clock: use CLOCK_TAI, CLOCK_REALTIME, CLOCK_MONOTONIC or CLOCK_BOOTTIME"
expect_raw unknown-op "22	edgetsn: unknown gate operation: 0 set, 1 set-and-hold, 2 set-and-release"
expect_raw no-gates "22	edgetsn: entry lacks EDGETSN_A_ENTRY_GATES"
expect_raw no-admin "22	edgetsn: EDGETSN_A_SCHED_ADMIN (the schedule) is required"
expect_raw no-device "22	edgetsn: a device is required: EDGETSN_A_IFINDEX or EDGETSN_A_IFNAME"
expect_raw unknown-attr "22	Unknown attribute type"
expect_raw wrong-type "22	invalid attribute length"
expect_raw class-index "22	edgetsn: class index must be 0 to 7"
expect_raw class-twice "22	edgetsn: class appears twice in one request"
expect_raw class-readonly "22	Unsupported attribute"
expect_raw prio-map-len "34	binary attribute size out of range"
expect_raw prio-map-class "22	edgetsn: priority map entries must name classes 0 to 7"
[ "$raw_bad" = 0 ] || fail "the family answered differently (above)"
expect_eq "class settings after rejections" "$before" \
	"$(ip netns exec talker "$etsnctl" -j class show dev t0)"
expect_raw ok-sched-get "0	"
expect_raw ok-class-set "0	"

# Without CAP_NET_ADMIN: reads yes, changes no, and nothing changes.
nobody() {
	ip netns exec talker setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all "$etsnctl" "$@"
}
nobody sched show dev t0 > /dev/null || fail "an unprivileged user cannot read the schedule"
nobody stats dev t0 > /dev/null || fail "an unprivileged user cannot read the counters"
out=$(nobody class set dev t0 speed 100 2>&1) && fail "an unprivileged user changed settings"
case "$out" in *"Operation not permitted"*) ;; *) fail "unprivileged change: $out" ;; esac
out=$(nobody sched set dev t0 entry S 0xff 1ms 2>&1) && fail "an unprivileged user set a schedule"
case "$out" in *"Operation not permitted"*) ;; *) fail "unprivileged schedule: $out" ;; esac
expect_eq "speed override after the refused change" 0 \
	"$(ip netns exec talker "$etsnctl" -j class show dev t0 | python3 -c 'import json,sys; print(json.load(sys.stdin)["speed_override"])')"

ip netns exec talker tc qdisc del dev t0 root
drop_pair
unload_edgetsn
echo "every raw rejection answered in words; privileges enforced"
