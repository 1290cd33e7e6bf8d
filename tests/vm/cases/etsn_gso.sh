#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# vm-timing: yes
# TCP through a scheduled class with TSO on (issue 11 item 1), class 0 open
# 50% of the cycle at a `speed 100` override: its share is 50 Mb/s. TSO
# hands the qdisc frames of up to 64 kB; etsn segments them at enqueue
# (those longer than the max-SDU, and any while the class's gate closes and
# guard bands apply), so every window carries MTU frames, each counted.
# - 2 ms cycle (the issue's), 3 s: the automatic max-SDU is about 12.5 kB.
#   Before the fix, GSO frames over it were dropped as oversize and the
#   rest waited in the guard band for a gap as long as themselves: TCP
#   collapsed (0.1 Mb/s, the sender timed out). Now: no oversize drop,
#   enq = sent + backlog per segment, and TCP flows (>= 4 Mb/s, a tenth of
#   the goal: under TCG the gate timer is late by hundreds of us at most
#   expiries and by over 1 ms at 10-40% of them, even on an idle guest or
#   with taprio moving the bytes; windows it misses carry nothing, those
#   it opens carry 10-11 of their 12.5 kB from a backlog of 20 kB or more;
#   measured 6-20 Mb/s).
# - 20 ms cycle, 6 s: TCP flows at >= 12 Mb/s. The issue's goal, 80% of
#   the 50 Mb/s share (40 Mb/s), is met on an idle host (45 Mb/s) but not
#   under load (19-26 Mb/s): it is a benchmark figure this line prints.
# - First the 2 ms cycle as a first schedule set 2 s ahead while TCP runs,
#   until 500 frames left under it: with no schedule in force TSO frames
#   are queued whole (all gates open); at the start, whole frames still
#   queued meet the 1 ms windows and are cut into their segments at
#   dequeue. Before, they were dropped as longer than the max-SDU: a burst
#   lost at every start. Now: no oversize drop, enq = sent + backlog.
# Measured (6.1 and 6.12, TCG, loaded host) and why: docs/testing.md.
. "$(dirname "$0")/lib.sh"
need_etsnctl
tcp_bulk=$repo_top/tests/vm/helpers/tcp_bulk.py
cleanup() { drop_pair; }
trap cleanup EXIT

load_edgetsn
make_pair

# bulk_start SECONDS: one TCP connection, talker to listener, for SECONDS
# (the sender, python itself, is $sender_pid); bulk_end: once it ended,
# its goodput in Mb/s in $mbps.
bulk_start() {
	ip netns exec listener python3 "$tcp_bulk" recv 5100 > /tmp/gso.out &
	receiver_pid=$!
	poll 600 grep -qs ready /tmp/gso.out || fail "receiver did not start within 60 s"
	ip netns exec talker python3 "$tcp_bulk" send 192.0.2.2 5100 "$1" > /dev/null &
	sender_pid=$!
}
bulk_end() {
	wait "$receiver_pid"
	mbps=$(tail -n 1 /tmp/gso.out | awk '{ printf "%.1f", $1 * 8 / $2 / 1e6 }')
}

# flowing: the root qdisc on t0 has sent 200 kB (TCP is under way).
flowing() { [ "$(root_counters | cut -d' ' -f1)" -gt 200000 ] 2>/dev/null; }
# carried_after_start: the schedule's entries, which count only the frames
# sent while it is in force, have counted 500 (past the frames queued
# before its start: a few whole TSO frames, 45 segments each).
carried_after_start() {
	[ "$(talk "$etsnctl" stats dev t0 | awk '/^entry /{ n += $4 } END { print n + 0 }')" -ge 500 ]
}

# GRO at the receiver, as a real NIC has: the segments are merged again.
ip netns exec listener ethtool -K l0 gro on > /dev/null 2>&1 || true
ip netns exec talker ethtool -K t0 tso on gso on > /dev/null 2>&1 || true
ip netns exec talker ethtool -k t0 | grep -q '^tcp-segmentation-offload: on' ||
	fail "TSO not on for t0"

# fresh: a new etsn on t0 at a `speed 100` override.
fresh() {
	tc -n talker qdisc replace dev t0 root etsn || fail "tc qdisc replace"
	talk "$etsnctl" class set dev t0 speed 100 || fail "class set"
}

# sched CYCLE_MS BASE_TIME: class 0 open the first half of the cycle.
sched() {
	local half=$(($1 / 2))
	talk "$etsnctl" sched set dev t0 base-time "$2" cycle-time "${1}ms" \
		entry S 0x01 "${half}ms" entry S 0xfe "${half}ms"
}

# stats CHECK: class 0's counters printed, then CHECK (python: d the
# stats, c class 0's) in the same run.
stats() {
	talk "$etsnctl" -j stats dev t0 > /tmp/gso.json || fail "stats"
	check_json /tmp/gso.json "
c = d['classes'][0]
print(f'  class 0: enq {c[\"enq_packets\"]} sent {c[\"sent_packets\"]}'
      f' oversize {c[\"drops\"][\"oversize\"]} guard-deferrals {c[\"guard_deferrals\"]}'
      f' max-sdu {c.get(\"max_sdu_effective_bytes\", \"none\")}; timer-late {d[\"schedule_counters\"][\"timer_late\"]}')
$1
assert c['drops']['oversize'] == 0, c
assert c['enq_packets'] == c['sent_packets'] + c['backlog_packets'], c
"
}

# run CYCLE_MS WANT_MBPS SECONDS: TCP through class 0 open half the cycle.
run() {
	local mbps
	fresh
	sched "$1" 1s || fail "sched set"
	bulk_start "$3"
	wait "$sender_pid" || fail "sender failed"
	bulk_end
	[ -n "$mbps" ] || fail "transfer through etsn failed"
	echo "etsn, TSO on, class 0 open $(($1 / 2)) of $1 ms at speed 100: $mbps Mb/s (want >= $2)"
	stats "assert $mbps >= $2, '$mbps Mb/s < $2 Mb/s'"
}

# pending: the 2 ms cycle set 2 s ahead as the first schedule while TCP
# runs, until 500 frames left under it; then the sender and the qdisc go,
# so that what the socket still holds drains at once.
pending() {
	local mbps
	fresh
	bulk_start 60
	poll 600 flowing || fail "TCP did not flow within 60 s"
	sched 2 +2s > /dev/null || fail "sched set"
	poll 600 carried_after_start || fail "no 500 frames under the schedule within 60 s"
	kill "$sender_pid"
	wait "$sender_pid" || true	# killed
	stats "
after = sum(e['frames'] for e in d['entries'])
print(f'  frames sent before the start {c[\"sent_packets\"] - after}, after {after}')
assert c['sent_packets'] > after, 'no frame left before the start'"
	tc -n talker qdisc del dev t0 root || fail "tc qdisc del"
	bulk_end
	echo "etsn, TSO on, TCP from before a first 2 ms schedule (set 2 s ahead) to after its start: $mbps Mb/s"
}
pending
run 2 4 3
run 20 12 6
echo "etsn_gso: ok"
