#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# A MAC merge change made through ethtool reaches etsn before the request
# returns (kmod/etsn_mm_ntf.c), so guard bands never rest on a stale
# "active". mmd0 (tests/vm/mmdev, etsn_mmdev.ko) has a MAC merge layer that
# ethtool's MM_SET and MM_GET drive as they drive a driver; preemption is
# active once enabled (no verification). Class 2 is preemptible and open
# 500 us of each 1 ms at 10 Mb/s (625 bytes): a 1000-byte frame may start
# there only while preemption is active.
# - on: once etsn uses preemption (class 2 without a max-SDU), a 1000-byte
#   frame at priority 2 is taken and leaves;
# - off, the same frame sent the moment ethtool has answered: refused as
#   oversize (express rules), not taken. When etsn only read the state
#   every 100 ms it took that frame;
# - on again: preemption in use again; then the module unloads.
# All in a namespace of its own, whose listener goes with it.
# Before 6.3 there is no MAC merge API: the case skips.
. "$(dirname "$0")/lib.sh"
case "$(uname -r)" in
[0-5].* | 6.[0-2].*)
	echo "SKIP: no MAC merge API before 6.3"
	exit 77
	;;
esac
mm_set() { ip netns exec mm python3 "$repo_top/tests/vm/helpers/mm_set.py" "$@"; }
cleanup() {
	ip netns del mm 2> /dev/null || true
	if module_loaded etsn_mmdev; then rmmod etsn_mmdev; fi
}
trap cleanup EXIT

# class2 JQ: jq -e JQ on class 2 of `etsnctl -j stats dev mmd0`.
class2() {
	ns_ctl mm -j stats dev mmd0 | jq -e ".classes[] | select(.tc == 2) | $1" > /dev/null
}
preempting() { class2 '(has("max_sdu_effective_bytes") | not) and (.closed | not)'; }

load_edgetsn
insmod "$EDGETSN_KO_DIR/etsn_mmdev.ko"
ip netns add mm
ip link set mmd0 netns mm up
tc -n mm qdisc add dev mmd0 root handle 1: etsn || fail "tc qdisc add etsn"
ns_ctl mm class set dev mmd0 map 0 1 2 0 0 0 0 0 0 0 0 0 0 0 0 0 speed 10 \
	tc 2 preemptible || fail "class set"
ns_ctl mm sched set dev mmd0 cycle-time 1ms entry S 0x04 500us entry S 0xfb 500us ||
	fail "sched set"
poll 100 class2 '.closed | not' || fail "no schedule in 10 s"
class2 'has("max_sdu_effective_bytes")' || fail "class 2 has no max-SDU without preemption"

mm_set mmd0 on
poll 100 preempting || fail "preemption not in use 10 s after mm-set on"
expect_eq "the frame while preempting" taken "$(mm_set mmd0 on send 1000 2)"
poll 100 class2 '.sent_packets == 1' ||
	fail "the frame did not leave while preempting: $(ns_ctl mm -j stats dev mmd0)"

expect_eq "the frame right after mm-set off" refused \
	"$(mm_set mmd0 off send 1000 2)"
ns_ctl mm -j stats dev mmd0 > /tmp/mm.json
check_json /tmp/mm.json '
c = [x for x in d["classes"] if x["tc"] == 2][0]
assert c["enq_packets"] == 1 and c["drops"]["oversize"] == 1, c
assert "max_sdu_effective_bytes" in c, c'

mm_set mmd0 on
poll 100 preempting || fail "preemption not in use again 10 s after mm-set on"

# The namespace's listener goes with the namespace, after its devices
# (panic_on_warn catches a watcher left behind); the module unloads.
ip netns del mm
poll 100 test -e /sys/class/net/mmd0 || fail "mmd0 not back in the initial namespace"
unload_edgetsn
