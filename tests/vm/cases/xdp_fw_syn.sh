#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# bpf/etsn_xdp's per-source SYN limit, attached by etsnctl on l0: off by
# default; bad words refused with nothing changed; with `rate 0/s burst B`
# exactly B SYNs pass per source (IPv4 and IPv6), for a flooding source and
# for a second one flooding at the same time; non-SYN TCP never limited;
# with a rate R > 0 a flooding source passes B .. B + floor(R * T / 1e9)
# SYNs, T the time from before its first frame to the tap's sight of the
# end marker (the bucket's arithmetic, docs/bpf.md); `off` passes all
# again. Passed frames are counted per source by an AF_PACKET tap on l0
# (tests/vm/helpers/syn.py), drops by the firewall's counters; every SYN
# is accounted for: syn_seen = SYNs sent, dropped_syn = sent - tapped.
. "$(dirname "$0")/lib.sh"
syn=$repo_top/tests/vm/helpers/syn.py
trap drop_pair_and_pins EXIT
need_etsnctl

make_pair
l0_mac=$(mac_of listener l0)
ctl() { ns_ctl listener "$@"; }
fail() {
	echo "FAIL: $*" >&2
	ctl fw show dev l0 >&2 || true
	ip -n talker -s link show dev t0 >&2 || true
	exit 1
}
# Counters as c_<name>, the limit as limit="RATE BURST" or "off".
read_counters() {
	eval "$(ctl -j fw show dev l0 | jq -r '
		(.counters | to_entries[] | "c_\(.key)=\(.value)"),
		"limit=\"\(if .synlimit then "\(.synlimit.rate_per_s) \(.synlimit.burst)" else "off" end)\""')"
}
sent_syn=0 sent_drop=0	# running totals of SYNs sent and of expected drops
# flood SPEC...: syn.py send with the tap running; tapped counts as
# tap_<src with . and : as _>_<syn|other>, t0/t1 as flood_t0, flood_t1.
flood() {
	local out=/tmp/syn.tap line
	rm -f "$out"
	ip netns exec listener python3 "$syn" count l0 "$out" &
	local tap=$!
	poll 600 grep -qs ready "$out" || fail "tap not ready within 60 s"
	flood_t0=$(ip netns exec talker python3 "$syn" send t0 "$l0_mac" "$@" | sed -n 's/^t0 //p')
	wait "$tap" || fail "tap failed: $(cat "$out")"
	unset "${!tap_@}"
	while read -r -a line; do
		case "${line[0]}" in
		ready) ;;
		t1) flood_t1=${line[1]} ;;
		*) eval "tap_$(tr '.:' '__' <<< "${line[0]}")_${line[1]}=${line[2]}" ;;
		esac
	done < "$out"
}
tapped() { # tapped SRC syn|other: frames of that source and kind the tap saw
	local v="tap_$(tr '.:' '__' <<< "$1")_$2"
	echo "${!v:-0}"
}

expect_rc "synlimit before attach" 1 ctl fw synlimit dev l0 rate 1/s burst 1
ctl xdp attach dev l0
read_counters
expect_eq "limit after attach" off "$limit"
expect_rc "rate without /s" 2 ctl fw synlimit dev l0 rate 100 burst 5
expect_rc "rate too high" 2 ctl fw synlimit dev l0 rate 10000001/s burst 5
expect_rc "burst 0" 2 ctl fw synlimit dev l0 rate 1/s burst 0
expect_rc "burst too big" 2 ctl fw synlimit dev l0 rate 1/s burst 1000001
expect_rc "no burst" 2 ctl fw synlimit dev l0 rate 1/s
expect_rc "off with more" 2 ctl fw synlimit dev l0 off now
expect_rc "nothing" 2 ctl fw synlimit dev l0
read_counters
expect_eq "limit after the refused edits" off "$limit"

# Off: every SYN passes.
flood 192.0.2.2 192.0.2.10:40:syn 192.0.2.1:10:syn
expect_eq "off: SYNs of .10 passed" 40 "$(tapped 192.0.2.10 syn)"
expect_eq "off: SYNs of .1 passed" 10 "$(tapped 192.0.2.1 syn)"
sent_syn=$((sent_syn + 50))
read_counters
expect_eq "off: syn_seen" "$sent_syn" "$c_syn_seen"
expect_eq "off: dropped_syn" 0 "$c_dropped_syn"
expect_eq "off: no buckets" 0 "$c_syn_sources_added"

# A fixed budget of 5 per source: exact, whatever the timing.
ctl fw synlimit dev l0 rate 0/s burst 5
read_counters
expect_eq "limit shown" "0 5" "$limit"
flood 192.0.2.2 192.0.2.10:60:syn 192.0.2.1:8:syn
expect_eq "budget: SYNs of flooding .10 passed" 5 "$(tapped 192.0.2.10 syn)"
expect_eq "budget: SYNs of .1 (flooding too) passed" 5 "$(tapped 192.0.2.1 syn)"
sent_syn=$((sent_syn + 68)) sent_drop=$((sent_drop + 55 + 3))
# Non-SYN TCP from the exhausted source is never limited.
flood 192.0.2.2 192.0.2.10:10:ack 192.0.2.10:10:synack 192.0.2.10:5:fin \
	192.0.2.10:5:rst 192.0.2.10:10:pshack 192.0.2.10:3:syn
expect_eq "budget: non-SYN TCP of .10 passed" 40 "$(tapped 192.0.2.10 other)"
expect_eq "budget: still no SYN of .10" 0 "$(tapped 192.0.2.10 syn)"
sent_syn=$((sent_syn + 3)) sent_drop=$((sent_drop + 3))
# IPv6 sources have buckets of their own.
flood 2001:db8::2 2001:db8::10:30:syn 2001:db8::1:2:syn
expect_eq "budget: SYNs of 2001:db8::10 passed" 5 "$(tapped 2001:db8::10 syn)"
expect_eq "budget: SYNs of 2001:db8::1 passed" 2 "$(tapped 2001:db8::1 syn)"
sent_syn=$((sent_syn + 32)) sent_drop=$((sent_drop + 25))
read_counters
expect_eq "budget: syn_seen" "$sent_syn" "$c_syn_seen"
expect_eq "budget: dropped_syn" "$sent_drop" "$c_dropped_syn"
expect_eq "budget: buckets" 4 "$c_syn_sources_added"

# A rate: a new limit forgets the buckets, so .10 starts full again.
rate=2 burst=10 n=200
ctl fw synlimit dev l0 rate $rate/s burst $burst
flood 192.0.2.2 192.0.2.10:$n:syn 192.0.2.1:$((burst - 2)):syn
got=$(tapped 192.0.2.10 syn)
elapsed=$((flood_t1 - flood_t0))
max=$((burst + rate * elapsed / 1000000000))
[ "$got" -ge "$burst" ] && [ "$got" -le "$max" ] ||
	fail "rate: .10 passed $got SYNs, expected $burst..$max ($elapsed ns)"
echo "rate $rate/s burst $burst: $got of $n SYNs passed in $elapsed ns (bound $burst..$max)"
expect_eq "rate: SYNs of .1 passed" $((burst - 2)) "$(tapped 192.0.2.1 syn)"
sent_syn=$((sent_syn + n + burst - 2)) sent_drop=$((sent_drop + n - got))
read_counters
expect_eq "rate: syn_seen" "$sent_syn" "$c_syn_seen"
expect_eq "rate: dropped_syn" "$sent_drop" "$c_dropped_syn"

# Off again: everything passes, counters stay.
ctl fw synlimit dev l0 off
read_counters
expect_eq "limit after off" off "$limit"
flood 192.0.2.2 192.0.2.10:30:syn
expect_eq "off again: SYNs of .10 passed" 30 "$(tapped 192.0.2.10 syn)"
flood 2001:db8::2 2001:db8::10:20:syn
expect_eq "off again: SYNs of 2001:db8::10 passed" 20 "$(tapped 2001:db8::10 syn)"
sent_syn=$((sent_syn + 50))
read_counters
expect_eq "off again: syn_seen" "$sent_syn" "$c_syn_seen"
expect_eq "off again: dropped_syn" "$sent_drop" "$c_dropped_syn"
expect_eq "off again: dropped by other rules" "0 0 0 0" \
	"$c_dropped_cidr4 $c_dropped_cidr6 $c_dropped_port $c_malformed"
echo "SYN limit: off, budget, rate bound, non-SYN and off again exact ($sent_syn SYNs, $sent_drop dropped)"
