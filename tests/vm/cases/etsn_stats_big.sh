#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock debug
# Counters of 1024-entry schedules can be read back (issue 11 item 3):
# - three qdiscs with 1024 entries each: t0, and dummies d1 and d2, where
#   d1 was moved to another namespace and back, so the device list is no
#   longer in ifindex order (d1 keeps its lower ifindex and is listed last);
# - a raw reader with a 4 KiB buffer (tests/vm/helpers/nlstats.py) dumps
#   them, whole and filtered to one device: no datagram is truncated, each
#   device comes once, in several messages, with classes 0-7, entries
#   0-1023 each once and in order, one schedule-counter and one status nest;
# - the request for one device answers in one message (a 64 KiB reader);
# - etsnctl stats dev X (text and -j) and etsnctl -j stats show them all.
# Before the fix etsnctl said "Out of memory" (one device) and "Message
# too long" (dump), and -j printed nothing.
. "$(dirname "$0")/lib.sh"
need_etsnctl
nlstats=$repo_top/tests/vm/helpers/nlstats.py
cleanup() {
	ip netns del other 2>/dev/null || true
	drop_pair
}
trap cleanup EXIT

load_edgetsn
make_pair
ip netns add other
ip -n talker link add d1 type dummy
ip -n talker link add d2 type dummy
ip -n talker link set d1 netns other
ip -n other link set d1 netns talker
ip -n talker link set d1 up
ip -n talker link set d2 up
ifindex() { ip -n talker -o link show "$1" | cut -d: -f1; }
[ "$(ifindex d1)" -lt "$(ifindex d2)" ] || fail "d1 should have the lower ifindex"
# (Back in, d1 joins the tail of the namespace's device list, after d2;
# `ip link` cannot show it: it lists devices by ifindex.)

# 1024 entries, 10 us each, classes 0 and 1-7 alternating.
for i in $(seq 0 1023); do
	if [ $((i % 2)) = 0 ]; then echo "entry S 0x01 10us"; else echo "entry S 0xfe 10us"; fi
done > /tmp/big.sched
for dev in t0 d1 d2; do
	tc -n talker qdisc add dev "$dev" root etsn || fail "tc qdisc add etsn on $dev"
	talk "$etsnctl" sched set dev "$dev" file /tmp/big.sched || fail "sched set on $dev"
done
talk ping -c 3 -i 0.2 -w 20 192.0.2.2 > /dev/null || fail "ping through t0"

# The 4 KiB reader: a dump of all, and one filtered to each device.
check_reader() { # check_reader WHAT JSONFILE DEVS...
	local what=$1 file=$2
	shift 2
	python3 - "$file" "$@" <<'PY' || fail "$what: $(cat "$file")"
import json, sys
r = json.load(open(sys.argv[1]))
want = sorted(sys.argv[2:])
assert sorted(r["devs"]) == want, (sorted(r["devs"]), want)
for i, d in r["devs"].items():
    assert sorted(d["classes"]) == list(range(8)), (i, d)
    assert d["num_entries"] == 1024 and d["entries_in_order"], (i, d)
    assert d["sched"] == 1 and d["status"] == 1, (i, d)
print("  ", {i: d["msgs"] for i, d in r["devs"].items()}, "messages, biggest",
      r["biggest"], "bytes")
PY
}
t0=$(ifindex t0) d1=$(ifindex d1) d2=$(ifindex d2)
talk python3 "$nlstats" dump 4096 > /tmp/dump.json || fail "4 KiB dump refused"
check_reader "4 KiB dump" /tmp/dump.json "$t0" "$d1" "$d2"
python3 -c 'import json,sys; r=json.load(open("/tmp/dump.json")); assert r["biggest"] <= 4096 and all(d["msgs"] > 1 for d in r["devs"].values()), r' ||
	fail "dump not split: $(cat /tmp/dump.json)"
for i in "$t0" "$d1" "$d2"; do
	talk python3 "$nlstats" dump 4096 "$i" > /tmp/one.json || fail "4 KiB dump of $i refused"
	check_reader "4 KiB dump of $i" /tmp/one.json "$i"
done
talk python3 "$nlstats" get 65536 "$t0" > /tmp/get.json || fail "get refused"
check_reader "get" /tmp/get.json "$t0"
python3 -c 'import json; r=json.load(open("/tmp/get.json")); assert list(r["devs"].values())[0]["msgs"] == 1, r' ||
	fail "get not one message: $(cat /tmp/get.json)"
# A device without etsn: the filtered dump says why.
ip -n talker link add d3 type dummy
rc=0
talk python3 "$nlstats" dump 4096 "$(ifindex d3)" > /dev/null 2> /tmp/nl.err || rc=$?
expect_eq "dump of a device without etsn" 1 "$rc"
grep -q "^2	edgetsn: no etsn qdisc" /tmp/nl.err || fail "ENOENT with its reason: $(cat /tmp/nl.err)"

# etsnctl.
talk "$etsnctl" -j stats dev t0 > /tmp/st.json || fail "etsnctl -j stats dev t0"
check_json /tmp/st.json "
assert d['ifname'] == 't0', d['ifname']
assert [e['index'] for e in d['entries']] == list(range(1024)), len(d['entries'])
assert [c['tc'] for c in d['classes']] == list(range(8))
assert 'schedule_counters' in d
assert sum(e['frames'] for e in d['entries']) == d['classes'][0]['sent_packets'] + sum(c['sent_packets'] for c in d['classes'][1:])
"
expect_eq "etsnctl stats dev t0: entry lines" 1024 "$(talk "$etsnctl" stats dev t0 | grep -c '^entry ')"
talk "$etsnctl" -j stats > /tmp/all.json || fail "etsnctl -j stats"
check_json /tmp/all.json "
assert sorted(x['ifname'] for x in d) == ['d1', 'd2', 't0'], [x['ifname'] for x in d]
assert all([e['index'] for e in x['entries']] == list(range(1024)) for x in d)
"
expect_eq "etsnctl stats: entry lines" 3072 "$(talk "$etsnctl" stats | grep -c '^entry ')"
echo "etsn_stats_big: ok"
