#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock debug
# The edgetsn family refuses what it must, in its own words: requests that
# etsnctl would never build (tests/vm/helpers/nlraw.py sends them raw) get
# the right errno and extack text and change nothing; changes need
# CAP_NET_ADMIN over the network namespace (root of a container has it for
# its own) while reads do not, and reads (CAPS_GET) change no state.
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
expect_eq "speed override after the refused change (none: left out)" False \
	"$(ip netns exec talker "$etsnctl" -j class show dev t0 | python3 -c 'import json,sys; print("speed_override_mbps" in json.load(sys.stdin))')"


# Entries shorter than a minimum frame on the wire, (60 + 24) * 8 bits, are
# refused: 68 ns at veth's 10 Gb/s, 6720 ns under a 100 Mb/s override. The
# accepted ones repeat one gate state, so no timer fires every 68 ns.
expect_short() { # expect_short ETSNCTL-ARGS...: refused in the kernel's words
	local rc=0 err
	err=$(ip netns exec talker "$etsnctl" "$@" 2>&1 > /dev/null) || rc=$?
	expect_eq "exit of etsnctl $*" 1 "$rc"
	expect_eq "message of etsnctl $*" \
		"etsnctl sched: edgetsn: entry interval is shorter than a minimum frame on the wire at the link speed" \
		"$err"
}
ip netns exec talker "$etsnctl" class set dev t0 speed auto
expect_short sched set dev t0 cycle-time 2ns entry S 0xff 1ns entry S 0x01 1ns
expect_short sched set dev t0 entry S 0xff 67ns entry S 0x01 1ms
ip netns exec talker "$etsnctl" sched set dev t0 entry S 0xff 68ns entry S 0xff 68ns ||
	fail "68 ns entries refused at 10 Gb/s"
ip netns exec talker "$etsnctl" class set dev t0 speed 100
expect_short sched set dev t0 entry S 0xff 6719ns entry S 0x01 1ms
ip netns exec talker "$etsnctl" sched set dev t0 entry S 0xff 6720ns entry S 0xff 1ms ||
	fail "6720 ns entries refused at 100 Mb/s"
ip netns exec talker "$etsnctl" class set dev t0 speed auto

# Root of a container (its own user and network namespace) configures the
# etsn qdisc it created there; it still sees nothing of the host's devices.
# unshare(CLONE_NEWUSER) refuses a chrooted caller, and the VM's init runs
# cases chrooted in the host's root (/host): there the container starts from
# init's root with the static busybox and chroots back.
container() { # container CMD...: CMD as root of a new user+net namespace
	if [ -x /proc/1/root/host/bin/busybox ] && ! [ /proc/1/root/ -ef / ]; then
		nsenter -t 1 -r /host/bin/busybox unshare -r -n \
			/host/bin/busybox chroot /host "$@"
	else
		unshare -Urn "$@"
	fi
}
container_configures() {
	modprobe dummy 2>/dev/null || true	# the namespace cannot load it
	# /bin/sh by path: by name, busybox would run its own sh, ip and tc.
	out=$(container /bin/sh -c '
		ip link add c0 type dummy && ip link set c0 up &&
		tc qdisc add dev c0 root etsn &&
		"$1" class set dev c0 speed 100 &&
		"$1" sched set dev c0 entry S 0x01 300us entry S 0xfe 700us &&
		"$1" -j class show dev c0 && "$1" -j sched show dev c0' sh "$etsnctl" 2>&1) ||
		fail "root of a user namespace could not configure its qdisc: $out"
	container_json() { # container_json ASSERTION over d, the JSON lines of $out
		python3 -c "import json, sys; d = [json.loads(l) for l in sys.stdin]; $1" <<< "$out" ||
			fail "container: $out"
	}
	container_json 'assert d[0]["speed_override_mbps"] == 100, d[0]'
	container_json 'assert [e["gates"] for e in (d[1].get("admin") or d[1]["oper"])["entries"]] == [1, 254], d[1]'
	out=$(container "$etsnctl" class set dev t0 speed 100 2>&1) &&
		fail "a user namespace reached the host's t0"
	case "$out" in *"no such device in this network namespace"*) ;; *) fail "container and host t0: $out" ;; esac
}

# CAPS_GET is a read: it neither takes the newly reported speed into the
# qdisc nor announces it. tap's ethtool speed changes without a link event.
caps_reads_only() {
	ip -n talker tuntap add dev tp0 mode tap || fail "ip tuntap add"
	ip -n talker link set tp0 up
	tc -n talker qdisc add dev tp0 root etsn || fail "tc qdisc add dev tp0"
	caps_json() { # "speed_reported speed" as an unprivileged user reads them
		nobody -j caps dev tp0 |
			python3 -c "import json, sys; d = json.load(sys.stdin); print(d['speed_reported_mbps'], d['speed_mbps'])"
	}
	# tun starts at 10 Mb/s on 6.1, at 10 Gb/s on 6.12.
	start=$(caps_json)
	case "$start" in "10 10" | "10000 10000") ;; *) fail "tap speeds at start: $start" ;; esac
	speed=${start% *}
	ip netns exec talker "$etsnctl" -j monitor > /tmp/mon.out 2> /tmp/mon.err &
	mon_pid=$!
	# The marker: a qdisc_new on a scratch device, proves the monitor listens.
	ip -n talker link add mk0 type dummy
	marked() { grep -q '"event":"qdisc_new".*"ifname":"mk0"' /tmp/mon.out; }
	marked_again() { [ "$(grep -c '"event":"qdisc_new".*"ifname":"mk0"' /tmp/mon.out)" -gt "$first" ]; }
	for _ in $(seq 300); do
		tc -n talker qdisc add dev mk0 root etsn && tc -n talker qdisc del dev mk0 root
		marked && break
		kill -0 "$mon_pid" 2>/dev/null || fail "monitor died: $(cat /tmp/mon.err)"
		sleep 0.2
	done
	marked || fail "monitor saw no event in 60 s"
	first=$(grep -c '"event":"qdisc_new".*"ifname":"mk0"' /tmp/mon.out)
	ip netns exec talker ethtool -s tp0 speed 100 duplex full autoneg off || fail "ethtool -s tp0"
	expect_eq "speed reported after ethtool, speed in use" "100 $speed" "$(caps_json)"
	expect_eq "speed in use after a second read" "100 $speed" "$(caps_json)"
	# Events arrive in order: once the marker after the reads is in, any event
	# the reads raised is in too.
	tc -n talker qdisc add dev mk0 root etsn
	poll 600 marked_again || fail "monitor missed the second marker"
	kill -INT "$mon_pid"; wait "$mon_pid" || fail "monitor exit: $(cat /tmp/mon.err)"
	grep '"ifname":"tp0"' /tmp/mon.out && fail "CAPS_GET raised an event"
	ip -n talker tuntap del dev tp0 mode tap
}

# The debug kernel (tests/kunit/kunit.config) has neither user namespaces
# nor tun: there these two checks cannot run, and say so.
notes=
if container true 2>/dev/null; then container_configures
else notes="$notes; no user namespaces on this kernel: container check not run"; fi
if modprobe tun 2>/dev/null && [ -c /dev/net/tun ]; then caps_reads_only
else notes="$notes; no tun on this kernel: CAPS_GET side-effect check not run"; fi

ip netns exec talker tc qdisc del dev t0 root
drop_pair
unload_edgetsn
echo "every raw rejection answered in words; privileges enforced, root of a" \
	"user namespace included; CAPS_GET changes nothing$notes"
